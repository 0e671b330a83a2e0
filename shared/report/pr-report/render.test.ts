import { describe, expect, it } from '@jest/globals';
import type { ChampionLookup } from './champion.js';
import {
  code,
  difference,
  mergeEarlierResults,
  PR_REPORT_MARKER,
  readReportData,
  renderPrReport,
  safeUrl,
  text,
} from './render.js';
import { checkResult, gpuTestResult, RUN_URL, SHA, smokeTrainResult } from './test-fixtures.js';

const champion: ChampionLookup = {
  kind: 'found',
  model: 'fraud-detector',
  version: '7',
  runId: 'r7',
  metrics: { val_auc: 0.83, val_loss: 0.41 },
};

/** The visible part: without the marker and the hidden data. */
function visible(markdown: string): string {
  return markdown
    .split('\n')
    .filter((l) => !l.startsWith('<!-- mlenv:'))
    .join('\n');
}

describe('renderPrReport', () => {
  it('leads with the marker, then one row per project and a table of the smoke run vs champion', () => {
    const markdown = renderPrReport({
      results: [checkResult(), gpuTestResult(), smokeTrainResult()],
      champions: new Map([['fraud', champion]]),
      projects: ['fraud'],
      jobs: { check: 'success', 'gpu-test': 'success', 'smoke-train': 'success' },
      sha: SHA,
      runUrl: RUN_URL,
    });
    expect(markdown.startsWith(`${PR_REPORT_MARKER}\n`)).toBe(true);
    expect(visible(markdown)).toBe(
      [
        '### MLEnv pull request report',
        '',
        `For commit \`3f2a9c1\`, [workflow run](${RUN_URL}).`,
        '',
        '| project | check | GPU tests | smoke train |',
        '| --- | --- | --- | --- |',
        '| `fraud` | ✅ passed (42 passed, 1 skipped) | ✅ 12 passed | ✅ [run `a1b2c3d4`](http://mlflow.internal:5000/#/experiments/1/runs/a1b2) |',
        '',
        '#### `fraud`: smoke run vs champion',
        '',
        'Champion: `fraud-detector` version `7`. A smoke run trains briefly, so it usually trails the champion; a metric far off in the wrong direction is the signal.',
        '',
        '| metric | smoke run | champion | difference |',
        '| --- | ---: | ---: | --- |',
        '| `epoch` | 1 | — | — |',
        '| `val_auc` | 0.71 | 0.83 | −0.12 (worse) |',
        '| `val_loss` | 0.52 | 0.41 | +0.11 (worse) |',
        '',
      ].join('\n'),
    );
  });

  it('says what failed, what was skipped and why, and what never ran', () => {
    const markdown = renderPrReport({
      results: [
        checkResult({
          project: 'fraud',
          status: 'failed',
          lint: 3,
          unformatted: 1,
          tests: { passed: 40, failed: 2, skipped: 0 },
        }),
        gpuTestResult({
          project: 'fraud',
          status: 'skipped',
          tests: undefined,
          reason: 'no GPU visible (nvidia-smi not found); skipped because require-gpu is false',
        }),
        smokeTrainResult({
          project: 'fraud',
          status: 'failed',
          metrics: {},
          reason: 'exit code 1',
        }),
        checkResult({
          project: 'vision',
          status: 'failed',
          tests: undefined,
          reason: 'did not run: an earlier step of the job failed (see the job log)',
        }),
        gpuTestResult({
          project: 'vision',
          status: 'failed',
          tests: { passed: 10, failed: 1, skipped: 0 },
        }),
      ],
      projects: ['vision', 'fraud', 'nlp'],
      jobs: { check: 'failure', 'gpu-test': 'failure', 'smoke-train': 'skipped' },
      skipReasons: { 'smoke-train': 'not run in this workflow run' },
      sha: SHA,
    });
    const rows = visible(markdown)
      .split('\n')
      .filter((l) => l.startsWith('| `'));
    expect(rows).toEqual([
      '| `fraud` | ❌ 3 lint findings, 1 file not formatted, 2 tests failed | ⏭️ skipped: no GPU visible \\(nvidia-smi not found\\); skipped because require-gpu is false | ❌ failed, run `a1b2c3d4`: exit code 1 |'.replace(
        'run `a1b2c3d4`',
        '[run `a1b2c3d4`](http://mlflow.internal:5000/#/experiments/1/runs/a1b2)',
      ),
      '| `nlp` | ❌ failed before it left a result (see the job log) | ❌ failed before it left a result (see the job log) | ⏭️ not run: not run in this workflow run |',
      '| `vision` | ❌ failed: did not run: an earlier step of the job failed \\(see the job log\\) | ❌ 10 passed, 1 failed | ⏭️ not run: not run in this workflow run |',
    ]);
    // No metrics, no comparison section.
    expect(markdown).not.toContain('####');
  });

  it('shows a first model without a champion, a project without a model and a dead MLflow', () => {
    const markdown = renderPrReport({
      results: [
        smokeTrainResult({ project: 'a' }),
        smokeTrainResult({ project: 'b', model: undefined }),
        smokeTrainResult({ project: 'c' }),
      ],
      champions: new Map<string, ChampionLookup>([
        ['a', { kind: 'none', model: 'fraud-detector' }],
        ['b', { kind: 'no-model' }],
        [
          'c',
          {
            kind: 'unavailable',
            model: 'fraud-detector',
            reason:
              'MLflow at http://mlflow.internal:5000: MLflow tracking server http://mlflow.internal:5000 is unreachable after 4 attempt(s) in 15s: connect ECONNREFUSED',
          },
        ],
      ]),
      sha: SHA,
    });
    expect(markdown).toContain(
      '#### `a`: smoke run\n\n`fraud-detector` has no champion yet: nothing to compare with.\n\n| metric | smoke run |\n| --- | ---: |\n| `epoch` | 1 |',
    );
    expect(markdown).toContain('#### `b`: smoke run\n\nThe project has no `promote.model`');
    expect(markdown).toContain(
      '#### `c`: smoke run\n\nComparison with the champion unavailable: MLflow at http://mlflow.internal:5000: MLflow tracking server',
    );
    expect(markdown).toContain('connect ECONNREFUSED.');
  });

  it('keeps the comment small: at most 15 metric rows', () => {
    const metrics = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`m${i}`, i]));
    const markdown = renderPrReport({ results: [smokeTrainResult({ metrics })] });
    expect(markdown.split('\n').filter((l) => /^\| `m\d+`/.test(l))).toHaveLength(15);
    expect(markdown).toContain('… and 25 more metrics in the run.');
  });

  it('says so when nothing is affected, and lists unreadable result files', () => {
    const markdown = renderPrReport({
      results: [],
      projects: [],
      problems: ['check--x.json: Unexpected token < in JSON'],
    });
    expect(markdown).toContain('No project is affected by this change: nothing was checked.');
    expect(markdown).toContain('<summary>1 result file(s) not used</summary>');
    expect(markdown).toContain('- check--x.json: Unexpected token &lt; in JSON');
    expect(markdown).not.toContain('mlenv:pr-report-data');
  });

  it('renders what a pull request wrote into a result file as inert text', () => {
    const markdown = renderPrReport({
      results: [
        gpuTestResult({
          status: 'skipped',
          reason: `@octocat look ![x](https://evil.example/p.png) <!-- mlenv:pr-report --> | cell\nline`,
        }),
        smokeTrainResult({
          run: { id: 'r`1', url: 'javascript:alert(1)' },
          metrics: { 'a|b`c': 1 },
          model: undefined,
        }),
      ],
    });
    const shown = visible(markdown);
    expect(shown).not.toContain('@octocat');
    expect(shown).toContain('@&#8203;octocat');
    expect(shown).not.toContain('![x](');
    expect(shown).not.toContain('<!--');
    expect(shown).not.toContain('javascript:');
    expect(shown).toContain("run `r'1`");
    expect(shown).toContain("| `a\\|b'c` | 1 |");
    // Only the real marker leads a line.
    expect(markdown.split('\n').filter((l) => l.includes(PR_REPORT_MARKER))).toEqual([
      PR_REPORT_MARKER,
    ]);
  });
});

describe('the data a report carries for the next run', () => {
  it('round-trips the results of the commit, without the carried-over flag', () => {
    const results = [checkResult(), { ...gpuTestResult(), earlier: true }, smokeTrainResult()];
    const data = readReportData(renderPrReport({ results, sha: SHA }));
    expect(data).toEqual({
      sha: SHA,
      results: [checkResult(), gpuTestResult(), smokeTrainResult()],
    });
    expect(readReportData('no data here')).toBeUndefined();
    expect(readReportData('<!-- mlenv:pr-report-data bm90IGpzb24 -->')).toBeUndefined();
  });

  it('drops carried results that are not valid results', () => {
    const encoded = Buffer.from(
      JSON.stringify({ sha: SHA, results: [checkResult(), { stage: 'check', project: 'X Y' }] }),
    ).toString('base64url');
    expect(readReportData(`<!-- mlenv:pr-report-data ${encoded} -->`)?.results).toEqual([
      checkResult(),
    ]);
  });

  it('carries the legs a run did not run, on the same commit only', () => {
    // A fork's approval run: only gpu-test ran; check and smoke-train come from the commit's run.
    const earlier = {
      sha: SHA,
      results: [checkResult(), gpuTestResult({ status: 'skipped' }), smokeTrainResult()],
    };
    const current = [gpuTestResult()];
    const jobs = { check: 'skipped', 'gpu-test': 'success', 'smoke-train': 'skipped' } as const;
    expect(mergeEarlierResults({ current, earlier, sha: SHA, jobs })).toEqual([
      gpuTestResult(),
      { ...checkResult(), earlier: true },
      { ...smokeTrainResult(), earlier: true },
    ]);
    // A new commit starts afresh.
    expect(mergeEarlierResults({ current, earlier, sha: 'f'.repeat(40), jobs })).toEqual(current);
    // A leg that ran again keeps only its new outcome, even without a result.
    expect(
      mergeEarlierResults({ current: [], earlier, sha: SHA, jobs: { ...jobs, check: 'failure' } }),
    ).toEqual([{ ...smokeTrainResult(), earlier: true }]);
    // Without the jobs' ends, a leg with no result of its own is taken from the earlier run.
    expect(mergeEarlierResults({ current, earlier, sha: SHA })).toHaveLength(3);
  });

  it('marks carried results in the table', () => {
    const markdown = renderPrReport({
      results: [gpuTestResult(), { ...checkResult(), earlier: true }],
      sha: SHA,
    });
    expect(markdown).toContain(
      '| `fraud` | ✅ passed (42 passed, 1 skipped) ↩️ | ✅ 12 passed | — |',
    );
    expect(markdown).toContain('↩️ from an earlier workflow run on the same commit.');
  });
});

describe('cells', () => {
  it('judges a difference in the metric’s better direction', () => {
    expect(difference('val_auc', 0.9, 0.8)).toBe('+0.1 (better)');
    expect(difference('val_loss', 0.9, 0.8)).toBe('+0.1 (worse)');
    expect(difference('val_loss', 0.7, 0.8)).toBe('−0.1 (better)');
    expect(difference('accuracy', 0.5, 0.5)).toBe('equal');
    expect(difference('accuracy', 0.5, undefined)).toBe('—');
    // Progress counters have no better direction: a smoke run is short on purpose.
    expect(difference('epoch', 1, 2)).toBe('−1');
    expect(difference('global_step', 300, 100)).toBe('+200');
  });

  it('escapes text, code and links for a table cell', () => {
    expect(text('a | b *c* <i>')).toBe('a \\| b \\*c\\* &lt;i&gt;');
    expect(text('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(code('a`b|c')).toBe("`a'b\\|c`");
    expect(safeUrl('https://h/x (1)|y')).toBe('https://h/x%20%281%29%7Cy');
    expect(safeUrl('file:///etc/passwd')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
  });
});
