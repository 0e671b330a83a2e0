import type { TrainResult } from '../train/launch.js';
import { mermaidLineChart } from './metric-chart.js';

/** The rows of the end-of-run table, shared by the terminal and the job summary. */
export function trainRows(result: TrainResult): [string, string][] {
  const rows: [string, string][] = [
    ['status', result.status + (result.reason ? ` (${result.reason})` : '')],
    ['duration', formatDuration(result.durationMs)],
    ['backend', result.backend],
    ['MLflow run', result.runUrl],
  ];
  const metrics = Object.entries(result.metrics).sort(([a], [b]) => a.localeCompare(b));
  for (const [key, value] of metrics) rows.push([key, formatNumber(value)]);
  rows.push(['model', result.modelUri ?? '(none logged)']);
  if (result.registered)
    rows.push(['registered', `${result.registered.name} version ${result.registered.version}`]);
  if (result.registerError) rows.push(['registered', `no: ${result.registerError}`]);
  return rows;
}

export function formatTable(rows: readonly [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** The job summary of a training run: the table, then one chart per metric that has a curve. */
export function trainSummaryMarkdown(result: TrainResult): string {
  const icon = result.status === 'succeeded' ? '✅' : result.status === 'cancelled' ? '⏹️' : '❌';
  const rows = trainRows(result)
    .map(
      ([k, v]) => `| ${k} | ${escapeCell(k === 'MLflow run' ? `[${result.runName}](${v})` : v)} |`,
    )
    .join('\n');
  const charts = Object.entries(result.history)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([metric, points]) => mermaidLineChart(metric, points))
    .filter((c): c is string => c !== undefined);
  return [
    `### ${icon} MLEnv train: ${result.project}`,
    '',
    '| | |',
    '| --- | --- |',
    rows,
    ...(charts.length > 0 ? ['', '#### Curves', '', ...charts] : []),
    ...(result.status === 'failed' && result.logTail.length > 0
      ? [
          '',
          '<details><summary>Last log lines</summary>',
          '',
          '```',
          ...result.logTail.slice(-30),
          '```',
          '</details>',
        ]
      : []),
    '',
  ].join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
