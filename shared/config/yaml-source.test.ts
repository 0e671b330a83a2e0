import { describe, expect, it } from '@jest/globals';
import { formatDiagnostic } from './diagnostics.js';
import { MAX_NESTING, parseYamlSource } from './yaml-source.js';

const problems = (text: string) => parseYamlSource('mlenv.yaml', text).syntaxErrors;

describe('parseYamlSource on hostile or broken YAML', () => {
  it('refuses brackets nested too deep before parsing, where they are', () => {
    // Thousands of levels overflow the positional parser's stack (and can abort the process).
    const found = problems(`name: a\nparams: ${'['.repeat(50_000)}\n`).map(formatDiagnostic);
    expect(found).toEqual([
      `mlenv.yaml:2:${9 + MAX_NESTING}: expected valid YAML nested at most ${MAX_NESTING} levels deep, found brackets nested more than ${MAX_NESTING} levels deep`,
    ]);
  });

  it('refuses indentation nested too deep', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    const [problem] = problems(text);
    expect(problem).toMatchObject({ line: MAX_NESTING + 1, column: MAX_NESTING + 1 });
    expect(problem?.found).toBe(`lines indented more than ${MAX_NESTING} levels deep`);
  });

  it('reads a file nested as deep as allowed', () => {
    const text = `a: ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}\n`;
    expect(problems(text)).toEqual([]);
  });

  it('reports one error per line, and a few per file, of a long broken line', () => {
    // One broken scalar after another: the parser reports each of the thousands.
    const found = problems(
      `name: a\ncuda: ${'"quoted" '.repeat(20_000)}\nimage: ${'"x" '.repeat(100)}\n`,
    );
    expect(found.map((d) => d.line)).toEqual([2, 3]);
    expect(found[0]?.found).toBe('unexpected double-quoted-scalar at node end');
  });

  it('refuses aliases that expand beyond the limit, at the first alias', () => {
    // A "billion laughs": each level names the one above ten times.
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const text = names
      .map((name, i) => {
        const items = i === 0 ? 'x' : `*${names[i - 1]}`;
        return `${name}: &${name} [${Array(10).fill(items).join(', ')}]`;
      })
      .join('\n');
    const [problem] = problems(text);
    expect(problem).toMatchObject({
      line: 2,
      expected: 'valid YAML with at most 100 aliases expanded',
    });
    expect(problem?.found).toMatch(/^excessive alias count/);
  });

  it('keeps a value that an anchor set above names', () => {
    const source = parseYamlSource('mlenv.yaml', 'a: &x [1, 2]\nb: *x\n');
    expect(source.syntaxErrors).toEqual([]);
    expect(source.data).toEqual({ a: [1, 2], b: [1, 2] });
  });
});
