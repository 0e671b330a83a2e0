import { z } from 'zod';
import { higherIsBetter } from '../../promote/gates.js';
import { formatValue } from '../../promote/report.js';
import { plural } from '../../util/text.js';
import type { ChampionLookup } from './champion.js';
import {
  type CheckResult,
  type GpuTestResult,
  PR_STAGES,
  type PrStage,
  type SmokeTrainResult,
  type StageResult,
  stageResultSchema,
  type TestCounts,
} from './result.js';

/** Leads the one report comment of a pull request; how the next run finds it. */
export const PR_REPORT_MARKER = '<!-- mlenv:pr-report -->';

// The results the comment shows, hidden in it, so that a later run on the same commit that runs
// only some jobs (the approval run of a fork's GPU tests) keeps the others' results.
const DATA_PREFIX = '<!-- mlenv:pr-report-data ';
const DATA_SUFFIX = ' -->';
// Beyond this the data is left out: the comment still shows everything, a later run carries less.
const MAX_DATA_CHARS = 24_000;

/** `needs.<job>.result` of a job of the workflow. */
export const JOB_RESULTS = ['success', 'failure', 'cancelled', 'skipped'] as const;
export type JobResult = (typeof JOB_RESULTS)[number];

/** A result as shown: `earlier` when it was carried over from a previous run on the same commit. */
export type ShownResult = StageResult & { earlier?: boolean };

export interface PrReportInput {
  results: readonly ShownResult[];
  /** Champion lookups by project, for the projects whose smoke run reported metrics. */
  champions?: ReadonlyMap<string, ChampionLookup>;
  /** The affected projects, so that a project whose legs left no result is listed too. */
  projects?: readonly string[];
  /** How each job of the workflow ended, for legs that left no result. */
  jobs?: Partial<Record<PrStage, JobResult>>;
  /** Why a job was skipped as a whole, when the reporter can tell. */
  skipReasons?: Partial<Record<PrStage, string>>;
  /** The pull request's head commit. */
  sha?: string;
  /** The workflow run that made the report. */
  runUrl?: string;
  /** Result files that were not used, and why: unreadable, misplaced, or of a job that did not run. */
  problems?: readonly string[];
}

const STAGE_TITLES: Record<PrStage, string> = {
  check: 'check',
  'gpu-test': 'GPU tests',
  'smoke-train': 'smoke train',
};

const ICONS = {
  passed: '✅',
  failed: '❌',
  skipped: '⏭️',
  cancelled: '⏹️',
  unknown: '❔',
} as const;

// A smoke run's metrics list is the trainer's to choose; the comment stays small.
const MAX_METRIC_ROWS = 15;

/** The report comment: the marker, the hidden data, a table of legs, then smoke runs vs champion. */
export function renderPrReport(input: PrReportInput): string {
  const results = input.results;
  const projects = [...new Set([...(input.projects ?? []), ...results.map((r) => r.project)])]
    .filter((p) => /^[a-z0-9-]+$/.test(p))
    .sort((a, b) => a.localeCompare(b));
  const lines: string[] = [PR_REPORT_MARKER];
  const data = embedData(input.sha, results);
  if (data) lines.push(data);
  lines.push('### MLEnv pull request report', '');
  const about = [
    input.sha ? `commit \`${input.sha.slice(0, 7)}\`` : undefined,
    input.runUrl && safeUrl(input.runUrl) ? `[workflow run](${safeUrl(input.runUrl)})` : undefined,
  ].filter(Boolean);
  if (about.length > 0) lines.push(`For ${about.join(', ')}.`, '');

  if (projects.length === 0) {
    lines.push('No project is affected by this change: nothing was checked.', '');
  } else {
    lines.push(
      `| project | ${PR_STAGES.map((s) => STAGE_TITLES[s]).join(' | ')} |`,
      `| --- | ${PR_STAGES.map(() => '---').join(' | ')} |`,
    );
    for (const project of projects) {
      const cells = PR_STAGES.map((stage) => {
        const result = results.find((r) => r.project === project && r.stage === stage);
        return result ? resultCell(result) : missingCell(stage, input);
      });
      lines.push(`| ${code(project)} | ${cells.join(' | ')} |`);
    }
    lines.push('');
    if (results.some((r) => r.earlier)) {
      lines.push('<sub>↩️ from an earlier workflow run on the same commit.</sub>', '');
    }
  }

  for (const project of projects) {
    const smoke = results.find(
      (r): r is SmokeTrainResult & ShownResult =>
        r.project === project && r.stage === 'smoke-train',
    );
    if (!smoke || Object.keys(smoke.metrics).length === 0) continue;
    lines.push(...smokeSection(smoke, input.champions?.get(project)), '');
  }

  const problems = input.problems ?? [];
  if (problems.length > 0) {
    lines.push(
      `<details><summary>${problems.length} result file(s) not used</summary>`,
      '',
      ...problems.slice(0, 20).map((p) => `- ${text(p)}`),
      '',
      '</details>',
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function resultCell(result: ShownResult): string {
  const cell = (() => {
    switch (result.stage) {
      case 'check':
        return checkCell(result);
      case 'gpu-test':
        return gpuCell(result);
      case 'smoke-train':
        return smokeCell(result);
    }
  })();
  return result.earlier ? `${cell} ↩️` : cell;
}

function withReason(status: StageResult['status'], summary: string, reason?: string): string {
  const parts = [summary, reason ? text(reason, 200) : ''].filter(Boolean);
  return `${ICONS[status]} ${parts.join(': ')}`;
}

function checkCell(r: CheckResult): string {
  if (r.status === 'passed')
    return `${ICONS.passed} passed${r.tests ? ` (${testsText(r.tests)})` : ''}`;
  if (r.status !== 'failed') return withReason(r.status, r.status, r.reason);
  const found = [
    r.lint ? plural(r.lint, 'lint finding') : '',
    r.unformatted ? `${plural(r.unformatted, 'file')} not formatted` : '',
    r.tests?.failed ? `${plural(r.tests.failed, 'test')} failed` : '',
  ].filter(Boolean);
  return withReason('failed', found.length > 0 ? found.join(', ') : 'failed', r.reason);
}

function gpuCell(r: GpuTestResult): string {
  if (r.status === 'passed' || r.status === 'failed') {
    const summary = r.tests ? testsText(r.tests) : r.status;
    return withReason(r.status, summary, r.status === 'failed' ? r.reason : undefined);
  }
  return withReason(r.status, r.status, r.reason);
}

function smokeCell(r: SmokeTrainResult): string {
  const url = r.run?.url ? safeUrl(r.run.url) : undefined;
  const id = r.run ? code(r.run.id.slice(0, 8)) : '';
  const run = r.run ? (url ? `[run ${id}](${url})` : `run ${id}`) : '';
  if (r.status === 'passed') return `${ICONS.passed} ${run || 'passed'}`;
  return withReason(r.status, [r.status, run].filter(Boolean).join(', '), r.reason);
}

/** A leg with no result: what its job's end says of it. */
function missingCell(stage: PrStage, input: PrReportInput): string {
  const job = input.jobs?.[stage];
  switch (job) {
    case 'skipped':
      return `${ICONS.skipped} not run${input.skipReasons?.[stage] ? `: ${text(input.skipReasons[stage])}` : ''}`;
    case 'cancelled':
      return `${ICONS.cancelled} cancelled`;
    case 'failure':
      return `${ICONS.failed} failed before it left a result (see the job log)`;
    case 'success':
      return `${ICONS.unknown} no result`;
    default:
      return '—';
  }
}

function smokeSection(smoke: SmokeTrainResult, champion: ChampionLookup | undefined): string[] {
  const lines = [
    `#### ${code(smoke.project)}: smoke run${champion?.kind === 'found' ? ' vs champion' : ''}`,
    '',
  ];
  const championMetrics = champion?.kind === 'found' ? champion.metrics : undefined;
  switch (champion?.kind) {
    case 'found':
      lines.push(
        `Champion: ${code(champion.model)} version ${code(champion.version)}. A smoke run trains briefly, so it usually trails the champion; a metric far off in the wrong direction is the signal.`,
      );
      break;
    case 'none':
      lines.push(`${code(champion.model)} has no champion yet: nothing to compare with.`);
      break;
    case 'no-model':
      lines.push('The project has no `promote.model`: nothing to compare with.');
      break;
    case 'unavailable':
      lines.push(`Comparison with the champion unavailable: ${text(champion.reason, 300)}.`);
      break;
    default:
      break;
  }
  lines.push('');
  const metrics = Object.entries(smoke.metrics).sort(([a], [b]) => a.localeCompare(b));
  if (championMetrics) {
    lines.push('| metric | smoke run | champion | difference |', '| --- | ---: | ---: | --- |');
    for (const [metric, value] of metrics.slice(0, MAX_METRIC_ROWS)) {
      const best = championMetrics[metric];
      lines.push(
        `| ${code(metric)} | ${formatValue(value)} | ${formatValue(best)} | ${difference(metric, value, best)} |`,
      );
    }
  } else {
    lines.push('| metric | smoke run |', '| --- | ---: |');
    for (const [metric, value] of metrics.slice(0, MAX_METRIC_ROWS)) {
      lines.push(`| ${code(metric)} | ${formatValue(value)} |`);
    }
  }
  if (metrics.length > MAX_METRIC_ROWS) {
    lines.push('', `<sub>… and ${metrics.length - MAX_METRIC_ROWS} more metrics in the run.</sub>`);
  }
  return lines;
}

/** `+0.012 (better)`: signed, in the metric's units, judged in its better direction. */
export function difference(metric: string, value: number, champion: number | undefined): string {
  if (champion === undefined) return '—';
  const delta = value - champion;
  if (Math.abs(delta) < 1e-12) return 'equal';
  const sign = delta > 0 ? '+' : '−';
  // How far training went is no quality: a shorter smoke run is expected, not worse.
  if (PROGRESS_COUNTER.test(metric)) return `${sign}${formatValue(Math.abs(delta))}`;
  const better = higherIsBetter(metric) ? delta > 0 : delta < 0;
  return `${sign}${formatValue(Math.abs(delta))} (${better ? 'better' : 'worse'})`;
}

const PROGRESS_COUNTER = /^(epochs?|(global_)?steps?|iter(ation)?s?)$/i;

function testsText(t: TestCounts): string {
  const parts = [`${t.passed} passed`];
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.skipped) parts.push(`${t.skipped} skipped`);
  return parts.join(', ');
}

/**
 * Text from a result file, safe in a table cell: one line, bounded, no HTML (a fake marker or
 * an image), no markdown links or emphasis, and no @-mentions that would notify people.
 */
export function text(value: string, max = 500): string {
  const line = value.replace(/\s+/g, ' ').trim();
  const cut = line.length > max ? `${line.slice(0, max - 1)}…` : line;
  return cut
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]()#!|~])/g, '\\$1')
    .replace(/@/g, '@&#8203;');
}

/** A name as inline code, safe in a table cell. */
export function code(value: string): string {
  const line = value.replace(/\s+/g, ' ').replace(/`/g, "'").slice(0, 200);
  return `\`${line.replace(/\|/g, '\\|')}\``;
}

/** An http(s) address fit for a markdown link in a table cell, or undefined. */
export function safeUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href.replace(/[()|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function embedData(sha: string | undefined, results: readonly ShownResult[]): string | undefined {
  if (!sha || results.length === 0) return undefined;
  const plain = results.map(({ earlier: _earlier, ...r }) => r);
  const encoded = Buffer.from(JSON.stringify({ sha, results: plain })).toString('base64url');
  if (encoded.length > MAX_DATA_CHARS) return undefined;
  return `${DATA_PREFIX}${encoded}${DATA_SUFFIX}`;
}

const embeddedSchema = z.object({ sha: z.string(), results: z.array(z.unknown()) });

/** The results a report comment carries, with the commit they were for; undefined if none. */
export function readReportData(
  body: string | undefined,
): { sha: string; results: StageResult[] } | undefined {
  const match = /<!-- mlenv:pr-report-data ([A-Za-z0-9_-]+) -->/.exec(body ?? '');
  if (!match?.[1]) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const data = embeddedSchema.safeParse(parsed);
  if (!data.success) return undefined;
  const results = data.data.results.flatMap((r) => {
    const one = stageResultSchema.safeParse(r);
    return one.success ? [one.data] : [];
  });
  return { sha: data.data.sha, results };
}

/**
 * This run's results plus those of an earlier run on the same commit for legs whose job did not
 * run this time (skipped), marked `earlier`. A leg that ran again keeps only its new result,
 * even when it left none; another commit's results are never carried.
 */
export function mergeEarlierResults(options: {
  current: readonly StageResult[];
  earlier: { sha: string; results: readonly StageResult[] } | undefined;
  sha: string | undefined;
  jobs?: Partial<Record<PrStage, JobResult>>;
}): ShownResult[] {
  const { current, earlier, sha } = options;
  const merged: ShownResult[] = [...current];
  if (!earlier || !sha || earlier.sha !== sha) return merged;
  const has = new Set(current.map((r) => `${r.project}\u0000${r.stage}`));
  for (const r of earlier.results) {
    if (has.has(`${r.project}\u0000${r.stage}`)) continue;
    const job = options.jobs?.[r.stage];
    if (job !== undefined && job !== 'skipped') continue;
    merged.push({ ...r, earlier: true });
  }
  return merged;
}
