import { formatDuration } from '../check/report.js';
import { markdownCell as cell } from '../util/text.js';
import type { GpuUsage } from './gpu-sampler.js';
import type { GpuTestCase, GpuTestResult, GpuTestStage, GpuTestStatus } from './gpu-test.js';

const MARK: Record<GpuTestStatus, string> = {
  passed: '✅',
  failed: '❌',
  refused: '⛔',
  skipped: '⏭️',
};

const OUTCOME_MARK: Record<GpuTestCase['outcome'], string> = {
  passed: '✅',
  failed: '❌',
  error: '💥',
  skipped: '⏭️',
};

// A job summary is limited to 1 MiB; a suite of thousands of tests lists its failures only.
const MAX_ROWS = 300;

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]?.trim() ?? '';
}

/** A fence longer than any backtick run in the text, so tracebacks cannot end the block early. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function mib(value: number | null): string {
  return value === null ? 'n/a' : `${value} MiB`;
}

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${value}%`;
}

function peak(u: GpuUsage): string {
  if (u.peakMemoryUsedMiB === null) return 'n/a';
  return u.memoryTotalMiB === null
    ? mib(u.peakMemoryUsedMiB)
    : `${u.peakMemoryUsedMiB} / ${u.memoryTotalMiB} MiB`;
}

function counts(stage: GpuTestStage): string {
  const s = stage.summary;
  const parts = [`${s.passed} passed`, `${s.failed} failed`];
  if (s.errors > 0) parts.push(`${s.errors} errors`);
  parts.push(`${s.skipped} skipped`);
  return parts.join(', ');
}

function stageState(stage: GpuTestStage): string {
  if (!stage.ok) return '❌';
  return stage.ran ? '✅' : '—';
}

function isProblem(t: GpuTestCase): boolean {
  return t.outcome === 'failed' || t.outcome === 'error';
}

/** The result as GitHub-flavoured Markdown for the job summary. */
export function gpuTestSummaryMarkdown(result: GpuTestResult): string {
  const out: string[] = [
    `## GPU tests of ${result.project}: ${MARK[result.status]} ${result.status}`,
    '',
    cell(result.reason),
    '',
  ];
  if (result.gpus.length > 0) {
    out.push(
      `GPUs held: ${result.gpus.map((g) => `${g.index} (${cell(g.name)})`).join(', ')} · duration ${formatDuration(result.durationS)}`,
      '',
    );
  }
  if (result.usage.length > 0) {
    out.push(
      '| GPU | model | peak memory used | max utilisation | mean utilisation | samples |',
      '| --: | ----- | ---------------: | --------------: | ---------------: | ------: |',
    );
    for (const u of result.usage) {
      out.push(
        `| ${u.index} | ${cell(u.name)} | ${peak(u)} | ${percent(u.maxUtilizationPercent)} | ${percent(u.meanUtilizationPercent)} | ${u.samples} |`,
      );
    }
    out.push('');
  }
  if (result.stages.length > 0) {
    out.push('| stage | tests | result | duration |', '| ----- | ----- | ------ | -------: |');
    for (const s of result.stages) {
      const detail = s.ran ? counts(s) : (s.note ?? (s.error ? firstLine(s.error) : ''));
      const shards =
        s.shards.length > 0
          ? ` (${s.shards.map((sh) => `GPU ${sh.gpu}: ${sh.tests}`).join(', ')})`
          : '';
      out.push(
        `| ${s.name} | \`${cell(s.paths.join(' ') || '—')}\`${shards} | ${stageState(s)} ${cell(detail)} | ${formatDuration(s.durationS)} |`,
      );
    }
    out.push('');
  }
  if (result.tests.length > 0) {
    const problems = result.tests.filter(isProblem);
    const rows = result.tests.length <= MAX_ROWS ? result.tests : problems.slice(0, MAX_ROWS);
    out.push(
      '| test | stage | GPU | outcome | duration |',
      '| ---- | ----- | --: | ------- | -------: |',
    );
    for (const t of rows) {
      out.push(
        `| \`${cell(t.nodeId)}\` | ${t.stage} | ${t.gpus} | ${OUTCOME_MARK[t.outcome]} ${t.outcome} | ${formatDuration(t.durationS)} |`,
      );
    }
    if (rows.length < result.tests.length) {
      out.push('', `${result.tests.length - rows.length} more tests passed or were skipped.`);
    }
    out.push('');
    for (const t of problems) {
      if (!t.details) continue;
      out.push(
        `<details><summary>${cell(t.nodeId)}: ${cell(firstLine(t.message))}</summary>`,
        '',
        fenced(t.details),
        '',
        '</details>',
        '',
      );
    }
  }
  for (const s of result.stages) {
    if (s.error) out.push(`**${s.name}**`, '', fenced(s.error), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Plain text for a terminal: the verdict, GPUs and usage, stages, failing tests. */
export function formatGpuTestForTerminal(result: GpuTestResult): string {
  const lines: string[] = [];
  for (const u of result.usage) {
    lines.push(
      `GPU ${u.index} ${u.name}: peak memory ${peak(u)}, utilisation max ${percent(u.maxUtilizationPercent)} mean ${percent(u.meanUtilizationPercent)}`,
    );
  }
  for (const s of result.stages) {
    const what = s.ran ? counts(s) : (s.note ?? 'not run');
    const shards =
      s.shards.length > 0
        ? ` [${s.shards.map((sh) => `GPU ${sh.gpu}: ${sh.tests}`).join(', ')}]`
        : '';
    lines.push(
      `${s.name} (${s.paths.join(' ') || '—'}): ${what}${shards} in ${formatDuration(s.durationS)}`,
    );
    if (s.error) lines.push(`  ${s.error.split('\n').join('\n  ')}`);
  }
  for (const t of result.tests.filter(isProblem)) {
    const line = t.failureLine ?? Math.max(t.line, 1);
    lines.push(
      `  ${t.file}:${line}: ${t.outcome === 'error' ? 'ERROR' : 'FAILED'} ${t.nodeId} (GPU ${t.gpus}): ${firstLine(t.message)}`,
    );
  }
  lines.push(`GPU tests of ${result.project} ${result.status}: ${result.reason}`);
  return `${lines.join('\n')}\n`;
}
