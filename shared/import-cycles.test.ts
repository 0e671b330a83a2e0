import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

// A cycle makes the order modules evaluate in depend on which one is loaded first (a class seen
// as undefined, a constant read before it is set), and it ties two modules that should change
// apart. Type-only and dynamic imports count too: they are how a cycle creeps back in unseen.

const root = path.resolve(import.meta.dirname, '..');
const DIRS = ['shared', 'cli/src', 'actions'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.split(path.sep).some((part) => part === 'dist' || part === 'node_modules'));
}

/** The file a relative specifier names (`./x.js` is `./x.ts`; a folder is its index), if any. */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base,
    `${base}.ts`,
    path.join(base, 'index.ts'),
  ];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c));
}

/** Every relative import of a file: static, type-only, re-exports and import(). */
function importsOf(file: string, text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.flatMap((ref) => resolve(file, ref.fileName) ?? []);
}

/** Each cycle once, as the files along it with the first repeated at the end. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const seen = state.get(next);
      if (seen === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('import cycles', () => {
  it('there are none in shared, cli and actions', () => {
    const files = DIRS.flatMap((dir) => sourceFiles(path.join(root, dir)));
    expect(files.length).toBeGreaterThan(100);
    const graph = new Map(files.map((f) => [f, importsOf(f, readFileSync(f, 'utf8'))]));
    const cycles = findCycles(graph).map((cycle) =>
      cycle.map((f) => path.relative(root, f)).join(' -> '),
    );
    expect(cycles).toEqual([]);
  });

  it('the checker sees every import form and finds a cycle through them', () => {
    const file = path.join(root, 'shared/import-cycles.test.ts');
    const text = [
      "import { a } from './errors/index.js';",
      "import type { Logger } from './logger/index.js';",
      "export { b } from './config/schema.js';",
      "const lazy = await import('./git/git.js');",
      "import { x } from 'node:fs';",
    ].join('\n');
    expect(importsOf(file, text).map((f) => path.relative(root, f))).toEqual([
      'shared/errors/index.ts',
      'shared/logger/index.ts',
      'shared/config/schema.ts',
      'shared/git/git.ts',
    ]);
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });
});
