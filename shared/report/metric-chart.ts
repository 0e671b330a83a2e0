export interface Point {
  step: number;
  value: number;
}

const MAX_POINTS = 60;

/**
 * A Mermaid xychart of one metric: GitHub renders it as an SVG line chart in job summaries,
 * pull request comments and READMEs, so curves need no image hosting.
 */
export function mermaidLineChart(metric: string, points: readonly Point[]): string | undefined {
  const finite = points.filter((p) => Number.isFinite(p.value));
  if (finite.length < 2) return undefined;
  const sampled = downsample(finite, MAX_POINTS);
  const values = sampled.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = (max - min) * 0.05 || Math.abs(max) * 0.05 || 1;
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${metric.replaceAll('"', "'")}"`,
    `    x-axis "step" [${sampled.map((p) => p.step).join(', ')}]`,
    `    y-axis "${metric.replaceAll('"', "'")}" ${round(min - pad)} --> ${round(max + pad)}`,
    `    line [${values.map(round).join(', ')}]`,
    '```',
  ].join('\n');
}

/** Keeps the first and last points and evenly spaced ones between. */
export function downsample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  for (let i = 0; i < max; i++)
    out.push(points[Math.round((i * (points.length - 1)) / (max - 1))] as T);
  return out;
}

function round(value: number): number {
  return Number(value.toPrecision(5));
}
