import type { Gate } from '../config/schema.js';

/**
 * A gate as configured, plus an optional explicit direction. Without one, the direction comes from
 * the metric's name (see `higherIsBetter`).
 */
export type GateSpec = Gate & { direction?: 'higher' | 'lower' };

export type GateRuleName = 'min' | 'max' | 'maxRegression' | 'minImprovement';

/** One row of the gate table: one rule of one gate. */
export interface GateRow {
  metric: string;
  rule: GateRuleName;
  /** The rule for people: "≥ 0.7", "regression ≤ 0.05 (lower is better)". */
  description: string;
  candidate?: number;
  champion?: number;
  pass: boolean;
  /** Why a row passed or failed without a plain comparison (missing values, no champion). */
  note?: string;
}

export interface GateEvaluation {
  passed: boolean;
  rows: GateRow[];
}

// Tokens of a metric name (split at anything but letters and digits) that make it an error
// measure. Any other metric is a score, where higher is better.
const LOWER_IS_BETTER_TOKENS = new Set([
  'loss',
  'error',
  'err',
  'mse',
  'rmse',
  'mae',
  'mape',
  'perplexity',
  'ppl',
  'wer',
  'cer',
  'latency',
]);

/**
 * Whether a larger value of `metric` is better. Lower is better when the name contains "loss" or
 * "error" anywhere (val_loss, trainLoss, error_rate) or has a token that is a usual error measure
 * (mse, rmse, mae, mape, perplexity, ppl, wer, cer, err, latency); higher is better otherwise
 * (auc, accuracy, f1, precision...). A gate's `direction` overrides this.
 */
export function higherIsBetter(metric: string, direction?: 'higher' | 'lower'): boolean {
  if (direction) return direction === 'higher';
  const lower = metric.toLowerCase();
  if (lower.includes('loss') || lower.includes('error')) return false;
  return !lower.split(/[^a-z0-9]+/).some((token) => LOWER_IS_BETTER_TOKENS.has(token));
}

// Metrics read back from MLflow are doubles; an equal metric must meet `maxRegression: 0`.
const EPSILON = 1e-12;

/**
 * Evaluates every rule of every gate. Absolute rules (min, max) compare the candidate's metric
 * with a bound. Relative rules compare it with the current champion's, in the metric's own units
 * and in its better direction: `maxRegression: 0.05` lets the candidate be at most 0.05 worse,
 * `minImprovement: 0.01` needs it at least 0.01 better. With no champion (a first promotion) or a
 * champion that never logged the metric, relative rules pass, with a note saying why.
 * `championMetrics` undefined means there is no champion.
 */
export function evaluateGates(
  gates: readonly GateSpec[],
  candidateMetrics: Readonly<Record<string, number>>,
  championMetrics: Readonly<Record<string, number>> | undefined,
): GateEvaluation {
  const rows: GateRow[] = [];
  for (const gate of gates) {
    const higher = higherIsBetter(gate.metric, gate.direction);
    const candidate = finite(candidateMetrics[gate.metric]);
    const champion = championMetrics ? finite(championMetrics[gate.metric]) : undefined;
    const base = { metric: gate.metric, candidate, champion };
    const missing = `the candidate's run has no ${gate.metric}`;
    if (gate.min !== undefined) {
      rows.push({
        ...base,
        rule: 'min',
        description: `≥ ${gate.min}`,
        pass: candidate !== undefined && candidate >= gate.min - EPSILON,
        note: candidate === undefined ? missing : undefined,
      });
    }
    if (gate.max !== undefined) {
      rows.push({
        ...base,
        rule: 'max',
        description: `≤ ${gate.max}`,
        pass: candidate !== undefined && candidate <= gate.max + EPSILON,
        note: candidate === undefined ? missing : undefined,
      });
    }
    const direction = higher ? 'higher is better' : 'lower is better';
    const relative = (rule: 'maxRegression' | 'minImprovement', limit: number): GateRow => {
      const description =
        rule === 'maxRegression'
          ? `at most ${limit} worse than champion (${direction})`
          : `at least ${limit} better than champion (${direction})`;
      const row = { ...base, rule, description };
      if (candidate === undefined) return { ...row, pass: false, note: missing };
      if (!championMetrics) return { ...row, pass: true, note: 'no champion yet' };
      if (champion === undefined)
        return { ...row, pass: true, note: `the champion's run has no ${gate.metric}` };
      const improvement = higher ? candidate - champion : champion - candidate;
      const pass =
        rule === 'maxRegression' ? -improvement <= limit + EPSILON : improvement >= limit - EPSILON;
      return { ...row, pass };
    };
    if (gate.maxRegression !== undefined) rows.push(relative('maxRegression', gate.maxRegression));
    if (gate.minImprovement !== undefined)
      rows.push(relative('minImprovement', gate.minImprovement));
  }
  return { passed: rows.every((row) => row.pass), rows };
}

function finite(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}
