import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import type { RepoRecord } from '../../../action-tests/github-server/state.js';
import { OWNER as owner, useLocalGithub } from '../../github/testing/local-github.js';
import { createMemoryLogger } from '../../logger/index.js';
import { MlflowUnreachableError } from '../../mlflow/client.js';
import type { ModelVersion } from '../../mlflow/schema.js';
import type { ChampionRegistry } from './champion.js';
import { PR_REPORT_MARKER } from './render.js';
import { type StageResult, writeStageResult } from './result.js';
import { parseNeeds, runPrReport } from './run-pr-report.js';
import { checkResult, gpuTestResult, RUN_URL, SHA, smokeTrainResult } from './test-fixtures.js';

const registry: ChampionRegistry = {
  uri: 'http://mlflow.internal:5000',
  versionByAlias: async (model) =>
    model === 'fraud-detector'
      ? ({ name: model, version: '7', run_id: 'r7' } as ModelVersion)
      : undefined,
  runMetrics: async () => ({ val_auc: 0.83, val_loss: 0.41 }),
};

const deadRegistry: ChampionRegistry = {
  uri: 'http://mlflow.internal:5000',
  versionByAlias: async () => {
    throw new MlflowUnreachableError(
      'MLflow tracking server http://mlflow.internal:5000 is unreachable',
    );
  },
  runMetrics: async () => ({}),
};

describe('parseNeeds', () => {
  it("reads each leg's job end and the affected projects, and nothing else", () => {
    expect(
      parseNeeds({
        affected: { result: 'success', outputs: { projects: '["fraud","nlp"]', any: 'true' } },
        check: { result: 'failure', outputs: {} },
        'gpu-test': { result: 'skipped', outputs: {} },
        'smoke-train': { result: 'exploded' },
        other: { result: 'success' },
      }),
    ).toEqual({ projects: ['fraud', 'nlp'], results: { check: 'failure', 'gpu-test': 'skipped' } });
    expect(parseNeeds(undefined)).toEqual({ results: {} });
    expect(parseNeeds({ affected: { outputs: { projects: '[' } } })).toEqual({ results: {} });
  });
});

describe('runPrReport on the local GitHub', () => {
  const github = useLocalGithub();
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'mlenv-pr-report-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  let dirs = 0;
  /** A results folder as download-artifact leaves it: one folder per leg's artifact. */
  async function results(list: StageResult[]): Promise<string> {
    dirs++;
    const dir = path.join(scratch, `results-${dirs}`);
    for (const r of list)
      await writeStageResult(path.join(dir, `mlenv-pr-result-${r.stage}-${r.project}`), r);
    return dir;
  }

  function report(
    repo: string,
    resultsDir: string,
    overrides: Partial<Parameters<typeof runPrReport>[0]> = {},
  ) {
    const logger = createMemoryLogger();
    return runPrReport({
      resultsDir,
      github: { octokit: github.octokit, owner, repo, pullNumber: 1 },
      registryFor: () => registry,
      jobs: {
        projects: ['fraud'],
        results: { check: 'success', 'gpu-test': 'success', 'smoke-train': 'success' },
      },
      sha: SHA,
      runUrl: RUN_URL,
      logger,
      retryDelayMs: () => 5,
      ...overrides,
    });
  }

  const reports = (record: RepoRecord) =>
    record.comments.filter((c) => c.body.startsWith(PR_REPORT_MARKER));

  it('posts one comment, then updates it for the next commit', async () => {
    const { repo, record } = await github.pullRequest();
    const first = await report(
      repo,
      await results([checkResult(), gpuTestResult(), smokeTrainResult()]),
    );
    expect(first.comment).toMatchObject({ action: 'created', id: record.comments[0]?.id });
    expect(first.comment?.url).toContain('#issuecomment-');
    expect(record.comments[0]?.body).toBe(first.markdown);
    expect(first.markdown).toContain(
      '| `fraud` | ✅ passed (42 passed, 1 skipped) | ✅ 12 passed |',
    );
    expect(first.markdown).toContain('| `val_auc` | 0.71 | 0.83 | −0.12 (worse) |');

    const next = 'b'.repeat(40);
    const second = await report(
      repo,
      await results([checkResult({ sha: next, status: 'failed', lint: 1 })]),
      {
        sha: next,
        jobs: {
          projects: ['fraud'],
          results: { check: 'failure', 'gpu-test': 'success', 'smoke-train': 'skipped' },
        },
      },
    );
    expect(second.comment).toMatchObject({ action: 'updated', id: first.comment?.id });
    expect(reports(record)).toHaveLength(1);
    // Nothing of the previous commit is carried into the new one's report.
    expect(second.markdown).toContain(
      '| `fraud` | ❌ 1 lint finding | ❔ no result | ⏭️ not run: not run in this workflow run |',
    );
    expect(second.markdown).not.toContain('smoke run vs champion');
  });

  it("keeps the commit run's legs when a fork's approval run reports its GPU tests", async () => {
    const { repo, record } = await github.pullRequest();
    const commitRun = await report(repo, await results([checkResult(), smokeTrainResult()]), {
      fork: true,
      jobs: {
        projects: ['fraud'],
        results: { check: 'success', 'gpu-test': 'skipped', 'smoke-train': 'success' },
      },
    });
    expect(commitRun.markdown).toContain(
      "⏭️ not run: a fork's pull request: GPU tests wait for a maintainer's approval label",
    );
    const approvalRun = await report(repo, await results([gpuTestResult()]), {
      fork: true,
      jobs: {
        projects: ['fraud'],
        results: { check: 'skipped', 'gpu-test': 'success', 'smoke-train': 'skipped' },
      },
    });
    expect(approvalRun.comment?.action).toBe('updated');
    expect(reports(record)).toHaveLength(1);
    expect(approvalRun.markdown).toContain(
      '| `fraud` | ✅ passed (42 passed, 1 skipped) ↩️ | ✅ 12 passed | ✅ [run `a1b2c3d4`]',
    );
    // The carried smoke run is still compared with the champion.
    expect(approvalRun.markdown).toContain('| `val_auc` | 0.71 | 0.83 | −0.12 (worse) |');
    expect(approvalRun.results.map((r) => [r.stage, r.earlier ?? false])).toEqual([
      ['gpu-test', false],
      ['check', true],
      ['smoke-train', true],
    ]);
  });

  it("ignores a leg's result when that leg's job did not run (another job's code wrote it)", async () => {
    const { repo } = await github.pullRequest();
    const outcome = await report(repo, await results([checkResult(), gpuTestResult()]), {
      fork: true,
      jobs: {
        projects: ['fraud'],
        results: { check: 'success', 'gpu-test': 'skipped', 'smoke-train': 'success' },
      },
    });
    expect(outcome.results.map((r) => r.stage)).toEqual(['check']);
    expect(outcome.markdown).toContain("⏭️ not run: a fork's pull request");
    expect(outcome.markdown).toContain(
      '- gpu-test of fraud: a result, but the gpu-test job did not run in this workflow run; ignored',
    );
  });

  it('leaves a pull request without affected projects alone, and updates an earlier report', async () => {
    const { repo, record } = await github.pullRequest();
    const none = {
      projects: [],
      results: { check: 'skipped', 'gpu-test': 'skipped', 'smoke-train': 'skipped' },
    } as const;
    const quiet = await report(repo, await results([]), { jobs: { ...none, projects: [] } });
    expect(quiet.comment).toEqual({ action: 'none', id: undefined, url: undefined });
    expect(quiet.markdown).toContain('No project is affected');
    expect(record.comments).toEqual([]);

    await report(repo, await results([checkResult()]));
    const later = await report(repo, await results([]), {
      sha: 'c'.repeat(40),
      jobs: { ...none, projects: [] },
    });
    expect(later.comment?.action).toBe('updated');
    expect(reports(record)).toHaveLength(1);
    expect(reports(record)[0]?.body).toContain('No project is affected');
  });

  it('still posts when MLflow is down, saying the comparison is unavailable', async () => {
    const { repo, record } = await github.pullRequest();
    const outcome = await report(repo, await results([smokeTrainResult()]), {
      registryFor: () => deadRegistry,
    });
    expect(outcome.comment?.action).toBe('created');
    expect(record.comments[0]?.body).toContain(
      'Comparison with the champion unavailable: MLflow at http://mlflow.internal:5000: MLflow tracking server http://mlflow.internal:5000 is unreachable.',
    );
  });

  it('posts once when GitHub fails a POST it completed', async () => {
    const { repo, record } = await github.pullRequest();
    github.server.faults.inject({
      kind: 'server-error',
      status: 502,
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      applied: true,
    });
    const outcome = await report(repo, await results([checkResult()]));
    expect(outcome.comment).toMatchObject({ action: 'created', id: record.comments[0]?.id });
    expect(record.comments).toHaveLength(1);
  });

  it("leaves the report to the job summary when the token may not comment (a fork's)", async () => {
    const { repo, record } = await github.pullRequest();
    const readOnly = new Octokit({
      auth: 't',
      baseUrl: github.server.url,
      log: github.octokit.log,
    });
    readOnly.hook.before('request', (options) => {
      if (options.method === 'POST' && String(options.url).endsWith('/comments'))
        throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
    });
    const outcome = await report(repo, await results([checkResult()]), {
      github: { octokit: readOnly, owner, repo, pullNumber: 1 },
    });
    expect(outcome.comment).toBeUndefined();
    expect(outcome.commentError).toMatch(
      /^GitHub refused the comment on #1 \(403: Resource not accessible/,
    );
    expect(outcome.markdown).toContain('| `fraud` | ✅ passed');
    expect(record.comments).toEqual([]);
  });

  it('renders without GitHub, and names unreadable result files', async () => {
    const dir = await results([checkResult()]);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(dir, 'junk.json'), '[]');
    const logger = createMemoryLogger();
    const outcome = await runPrReport({ resultsDir: dir, registryFor: () => registry, logger });
    expect(outcome.comment).toBeUndefined();
    expect(outcome.markdown).toContain('| `fraud` | ✅ passed');
    expect(outcome.markdown).toContain('1 result file(s) not used');
    expect(logger.lines).toContain(
      'warning: result file junk.json: not a version 1 result: (root): Invalid input: expected object, received array',
    );
  });

  it('sent nothing the description forbids', () => {
    expect(github.server.violations()).toEqual([]);
  });
});
