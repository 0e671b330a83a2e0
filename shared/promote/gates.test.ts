import { describe, expect, it } from '@jest/globals';
import { evaluateGates, higherIsBetter } from './gates.js';

describe('higherIsBetter', () => {
  it.each([
    ['val_loss', false],
    ['trainLoss', false],
    ['error_rate', false],
    ['val/rmse', false],
    ['mae', false],
    ['p95-latency', false],
    ['val_auc', true],
    ['accuracy', true],
    ['f1', true],
    ['precision', true],
    ['merit', true],
  ])('%s → %s', (metric, expected) => {
    expect(higherIsBetter(metric)).toBe(expected);
  });

  it('lets an explicit direction override the name', () => {
    expect(higherIsBetter('val_loss', 'higher')).toBe(true);
    expect(higherIsBetter('val_auc', 'lower')).toBe(false);
  });
});

describe('evaluateGates', () => {
  it('checks min and max against the candidate alone', () => {
    const result = evaluateGates(
      [
        { metric: 'val_auc', min: 0.7 },
        { metric: 'val_loss', max: 0.3 },
      ],
      { val_auc: 0.69, val_loss: 0.3 },
      { val_auc: 0.9, val_loss: 0.1 },
    );
    expect(result.rows.map((r) => [r.metric, r.rule, r.pass])).toEqual([
      ['val_auc', 'min', false],
      ['val_loss', 'max', true],
    ]);
    expect(result.passed).toBe(false);
    expect(result.rows[0]).toMatchObject({ candidate: 0.69, champion: 0.9, description: '≥ 0.7' });
  });

  it('maxRegression allows the candidate to be at most that much worse, in the better direction', () => {
    const gates = [
      { metric: 'val_loss', maxRegression: 0.05 },
      { metric: 'val_auc', maxRegression: 0.01 },
    ];
    const champion = { val_loss: 0.2, val_auc: 0.9 };
    // Loss up by 0.04 (worse, within 0.05); AUC down by 0.02 (worse, beyond 0.01).
    const result = evaluateGates(gates, { val_loss: 0.24, val_auc: 0.88 }, champion);
    expect(result.rows.map((r) => r.pass)).toEqual([true, false]);
    expect(result.rows[0]?.description).toBe('at most 0.05 worse than champion (lower is better)');
    expect(result.rows[1]?.description).toBe('at most 0.01 worse than champion (higher is better)');
    // Loss up by 0.06: beyond.
    expect(evaluateGates(gates, { val_loss: 0.26, val_auc: 0.95 }, champion).rows[0]?.pass).toBe(
      false,
    );
  });

  it('maxRegression 0 accepts an equal metric despite floating point', () => {
    const result = evaluateGates(
      [{ metric: 'val_auc', maxRegression: 0 }],
      { val_auc: 0.1 + 0.2 },
      { val_auc: 0.3 },
    );
    expect(result.passed).toBe(true);
  });

  it('minImprovement needs the candidate at least that much better', () => {
    const gates = [{ metric: 'val_auc', minImprovement: 0.01 }];
    expect(evaluateGates(gates, { val_auc: 0.915 }, { val_auc: 0.9 }).passed).toBe(true);
    expect(evaluateGates(gates, { val_auc: 0.905 }, { val_auc: 0.9 }).passed).toBe(false);
    const loss = [{ metric: 'val_loss', minImprovement: 0.01 }];
    expect(evaluateGates(loss, { val_loss: 0.18 }, { val_loss: 0.2 }).passed).toBe(true);
    expect(evaluateGates(loss, { val_loss: 0.22 }, { val_loss: 0.2 }).passed).toBe(false);
  });

  it('passes relative rules with a note when there is no champion yet, and still checks absolute ones', () => {
    const result = evaluateGates(
      [{ metric: 'val_loss', max: 0.5, maxRegression: 0.05, minImprovement: 0.1 }],
      { val_loss: 0.6 },
      undefined,
    );
    expect(result.rows.map((r) => [r.rule, r.pass, r.note])).toEqual([
      ['max', false, undefined],
      ['maxRegression', true, 'no champion yet'],
      ['minImprovement', true, 'no champion yet'],
    ]);
  });

  it("passes relative rules with a note when the champion's run lacks the metric", () => {
    const result = evaluateGates([{ metric: 'val_f1', maxRegression: 0 }], { val_f1: 0.5 }, {});
    expect(result.rows[0]).toMatchObject({ pass: true, note: "the champion's run has no val_f1" });
  });

  it('fails every rule of a metric the candidate never logged (or logged as NaN)', () => {
    const gates = [{ metric: 'val_auc', min: 0.7, maxRegression: 0.1 }];
    const missing = evaluateGates(gates, {}, { val_auc: 0.8 });
    expect(missing.rows.map((r) => [r.pass, r.note])).toEqual([
      [false, "the candidate's run has no val_auc"],
      [false, "the candidate's run has no val_auc"],
    ]);
    expect(evaluateGates(gates, { val_auc: Number.NaN }, undefined).passed).toBe(false);
  });

  it('uses an explicit direction for relative rules', () => {
    const result = evaluateGates(
      [{ metric: 'val_loss', maxRegression: 0.01, direction: 'higher' }],
      { val_loss: 0.5 },
      { val_loss: 0.3 },
    );
    expect(result.passed).toBe(true);
  });

  it('passes with no gates', () => {
    expect(evaluateGates([], {}, undefined)).toEqual({ passed: true, rows: [] });
  });
});
