import { describe, expect, it } from '@jest/globals';
import { evaluateGates } from './gates.js';
import { formatValue, gateTableMarkdown, gateTableText, promoteSummaryMarkdown } from './report.js';
import { invocationBody } from './serving/input-example.js';

const gates = evaluateGates(
  [
    { metric: 'val_auc', min: 0.7 },
    { metric: 'val_loss', maxRegression: 0.05 },
  ],
  { val_auc: 0.912345, val_loss: 0.31 },
  { val_auc: 0.9, val_loss: 0.2 },
);

describe('gate tables', () => {
  it('renders markdown with one row per rule', () => {
    expect(gateTableMarkdown(gates)).toBe(
      [
        '| metric | candidate | champion | rule | result |',
        '| --- | ---: | ---: | --- | --- |',
        '| `val_auc` | 0.9123 | 0.9 | ≥ 0.7 | ✅ pass |',
        '| `val_loss` | 0.31 | 0.2 | at most 0.05 worse than champion (lower is better) | ❌ fail |',
        '',
      ].join('\n'),
    );
  });

  it('renders aligned text for a terminal', () => {
    const lines = gateTableText(gates).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^metric\s+candidate\s+champion\s+rule\s+result$/);
    expect(lines[2]).toMatch(/^val_loss\s+0\.31\s+0\.2\s+at most 0\.05 worse .* FAIL$/);
    expect(lines[1]?.indexOf('0.9123')).toBe((lines[2]?.indexOf('0.31') as number) - 2);
  });

  it('shows notes and missing values', () => {
    const first = evaluateGates([{ metric: 'val_loss', maxRegression: 0.05 }], {}, undefined);
    expect(gateTableMarkdown(first)).toContain(
      "| `val_loss` | — | — | at most 0.05 worse than champion (lower is better) (the candidate's run has no val_loss) | ❌ fail |",
    );
  });

  it('summarises an outcome with its gate table', () => {
    const summary = promoteSummaryMarkdown({
      outcome: 'refused',
      model: 'fraud',
      version: '4',
      gates,
      message: 'fraud version 4 failed a gate: nothing changed.',
    });
    expect(summary).toMatch(/^### ❌ fraud version 4 refused by its gates\n\nfraud version 4/);
    expect(summary).toContain('| `val_loss` |');
  });

  it('formats values to four significant digits', () => {
    expect([
      formatValue(0.123456),
      formatValue(3),
      formatValue(1234.5678),
      formatValue(undefined),
    ]).toEqual(['0.1235', '3', '1235', '—']);
  });
});

describe('invocationBody', () => {
  const files: Record<string, string> = {
    'serving_input_example.json': '{"inputs": [[1, 2]]}',
    'input_example.json': '[[1, 2]]',
    'df.json': '{"columns": ["a"], "data": [[1]]}',
  };
  const read = async (file: string) => {
    const text = files[file];
    if (text === undefined) throw new Error(`no ${file}`);
    return text;
  };

  it('prefers the serving input MLflow saved in the scoring shape', async () => {
    const mlmodel = `saved_input_example_info:\n  artifact_path: input_example.json\n  serving_input_path: serving_input_example.json\n  type: ndarray\n`;
    expect(await invocationBody(mlmodel, read)).toBe('{"inputs": [[1, 2]]}');
  });

  it('wraps a raw tensor example as inputs, and a data frame as dataframe_split', async () => {
    expect(
      await invocationBody(
        'saved_input_example_info:\n  artifact_path: input_example.json\n  type: ndarray\n',
        read,
      ),
    ).toBe('{"inputs":[[1,2]]}');
    expect(
      await invocationBody(
        'saved_input_example_info:\n  artifact_path: df.json\n  type: dataframe\n  pandas_orient: split\n',
        read,
      ),
    ).toBe('{"dataframe_split":{"columns":["a"],"data":[[1]]}}');
  });

  it('is undefined for a model without an example', async () => {
    expect(await invocationBody('flavors:\n  python_function: {}\n', read)).toBeUndefined();
  });
});
