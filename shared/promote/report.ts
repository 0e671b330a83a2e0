import type { GateEvaluation, GateRow } from './gates.js';
import type { PromoteResult } from './promote.js';
import type { ServingStatus } from './serving/strategy.js';

const HEADER = ['metric', 'candidate', 'champion', 'rule', 'result'] as const;

/** The gate table as GitHub-flavoured markdown, for a job summary or a pull request comment. */
export function gateTableMarkdown(gates: GateEvaluation): string {
  if (gates.rows.length === 0) return '_No gates configured (promote.gates is empty)._\n';
  const lines = [
    `| ${HEADER.join(' | ')} |`,
    '| --- | ---: | ---: | --- | --- |',
    ...gates.rows.map((row) => {
      const cells = cellsOf(row);
      return `| \`${escapeCell(cells[0])}\` | ${cells[1]} | ${cells[2]} | ${escapeCell(cells[3])} | ${row.pass ? '✅ pass' : '❌ fail'} |`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

/** The gate table for a terminal: aligned columns, FAIL in capitals so it stands out uncoloured. */
export function gateTableText(gates: GateEvaluation): string {
  if (gates.rows.length === 0) return 'No gates configured (promote.gates is empty).\n';
  const rows = [
    [...HEADER],
    ...gates.rows.map((row) => [...cellsOf(row).slice(0, 4), row.pass ? 'pass' : 'FAIL']),
  ];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const align = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 1 || i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return `${rows.map(align).join('\n')}\n`;
}

/** A job summary of a promotion: outcome, then the gate table when gates were evaluated. */
export function promoteSummaryMarkdown(result: PromoteResult): string {
  const title: Record<PromoteResult['outcome'], string> = {
    promoted: `✅ ${result.model} version ${result.version} promoted to champion`,
    'already-champion': `☑️ ${result.model} version ${result.version} is already the champion`,
    superseded: `⏭️ ${result.model} version ${result.version} is older than the champion`,
    refused: `❌ ${result.model} version ${result.version} refused by its gates`,
    'rolled-back': `↩️ ${result.model} rolled back to version ${result.version}`,
  };
  const parts = [`### ${title[result.outcome]}`, '', result.message, ''];
  if (result.url) parts.push(`Serving at ${result.url}`, '');
  if (result.gates) parts.push(gateTableMarkdown(result.gates));
  return `${parts.join('\n').trimEnd()}\n`;
}

/** `mlenv serve status`, one line per serving name. */
export function servingStatusText(status: ServingStatus): string {
  if (!status.deployed) return `${status.serving} (${status.strategy}): not deployed`;
  const health = status.healthy ? 'healthy' : `UNHEALTHY (${status.detail ?? 'no answer'})`;
  const pending = status.previousVersion
    ? `; version ${status.previousVersion} still kept by an unfinished promotion`
    : '';
  return `${status.serving} (${status.strategy}): ${status.model} version ${status.version} at ${status.url}, ${health}, since ${status.startedAt}${pending}`;
}

function cellsOf(row: GateRow): [string, string, string, string] {
  return [
    row.metric,
    formatValue(row.candidate),
    formatValue(row.champion),
    row.note ? `${row.description} (${row.note})` : row.description,
  ];
}

/** Four significant digits: enough to see a 0.05 regression, short enough for a table. */
export function formatValue(value: number | undefined): string {
  if (value === undefined) return '—';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
