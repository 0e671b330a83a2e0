import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { glob } from 'tinyglobby';
import { ConfigurationError } from '../errors/index.js';
import { formatDiagnostic } from './diagnostics.js';
import { loadWorkspace } from './workspace.js';

// A team edits mlenv.yaml by hand: lines lost or pasted twice, values on the wrong key, stray
// YAML. Whatever the edit, loading either works or names the file and line to fix; nothing may
// escape as an internal error (the seeded mutations keep every failure reproducible).
const templateDir = path.resolve(import.meta.dirname, '../../templates/workspace');
const MUTATIONS_PER_FILE = 300;
// FUZZ_SEED=n explores other mutations; the default keeps every run the same.
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

const STRAY = [
  '*a',
  '&a',
  '*a ',
  '&a *a',
  ': :',
  ':',
  '[',
  ']',
  '{',
  '}',
  '[[',
  '{ a: [',
  '\t',
  '---',
  '...',
  '!tag',
  '!!binary',
  '!<tag:x>',
  '? ',
  '- ',
  '|',
  '>',
  '"',
  "'",
  '#',
  '%YAML 1.2',
  '@',
  '`',
  ', ',
  '<<: *a',
  '&a [*a]',
  '&a { k: *a }',
];

/** mulberry32: small, deterministic, good enough to pick mutations. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// As every diagnostic reads: file:line:col: [key: ]expected ..., found ... (on one line, and
// what was found is never blank).
const DIAGNOSTIC = /^[^:\n]+:\d+:\d+: [^\n]*expected [^\n]+, found [^\n]+$/;

const KEY_LINE = /^(\s*(?:-\s+)?[\w.-]+:)(\s*)(.*)$/;

function mutate(text: string, rand: () => number): { text: string; what: string[] } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const lines = text.replace(/\n$/, '').split('\n');
  const what: string[] = [];
  const edits = 1 + Math.floor(rand() * 3);
  for (let n = 0; n < edits; n++) {
    const at = Math.floor(rand() * lines.length);
    const line = lines[at] ?? '';
    switch (Math.floor(rand() * 8)) {
      case 0:
        lines.splice(at, 1);
        what.push(`delete line ${at + 1}`);
        break;
      case 1:
        // A duplicated key line is also a duplicate key.
        lines.splice(at, 0, line);
        what.push(`duplicate line ${at + 1}`);
        break;
      case 2: {
        const keyed = lines.flatMap((l, i) => (KEY_LINE.test(l) ? [i] : []));
        const a = pick(keyed);
        const b = pick(keyed);
        const ma = KEY_LINE.exec(lines[a] ?? '');
        const mb = KEY_LINE.exec(lines[b] ?? '');
        if (!ma || !mb) break;
        lines[a] = `${ma[1]}${ma[2] || ' '}${mb[3]}`;
        lines[b] = `${mb[1]}${mb[2] || ' '}${ma[3]}`;
        what.push(`swap values of lines ${a + 1} and ${b + 1}`);
        break;
      }
      case 3: {
        const token = pick(STRAY);
        const column = Math.floor(rand() * (line.length + 1));
        lines[at] = `${line.slice(0, column)}${token}${line.slice(column)}`;
        what.push(`insert ${JSON.stringify(token)} in line ${at + 1} at column ${column + 1}`);
        break;
      }
      case 4: {
        const token = pick(STRAY);
        const indent = ' '.repeat(pick([0, 0, 2, 4, 6]));
        lines.splice(at, 0, `${indent}${token}`);
        what.push(`insert line ${JSON.stringify(indent + token)} before line ${at + 1}`);
        break;
      }
      case 5: {
        const match = KEY_LINE.exec(line);
        const token = pick(STRAY);
        if (!match) break;
        lines[at] = `${match[1]} ${token}`;
        what.push(`set the value of line ${at + 1} to ${JSON.stringify(token)}`);
        break;
      }
      case 6: {
        // Plain text runs long; nesting stays shallower, which the positional parser reads
        // slowly (a second for 10,000 levels).
        const unit =
          rand() < 0.5 ? pick(['x', 'ab ', '"quoted" ']) : pick(['[', '{a: ', '*a ', '- ', '&a ']);
        const length = unit.length > 1 && unit !== 'ab ' ? 1000 : 20_000;
        const long = unit.repeat(Math.ceil((100 + rand() * length) / unit.length));
        const match = KEY_LINE.exec(line);
        lines[at] = match && rand() < 0.5 ? `${match[1]} ${long}` : `${line}${long}`;
        what.push(`make line ${at + 1} ${lines[at]?.length} characters long`);
        break;
      }
      default: {
        // Indentation shifted by a tab or a space, as editors do.
        const shift = pick(['\t', ' ', '  ', '\t ']);
        lines[at] = rand() < 0.5 ? `${shift}${line}` : line.replace(/^\s/, '');
        what.push(`shift the indentation of line ${at + 1}`);
      }
    }
  }
  return { text: `${lines.join('\n')}\n`, what };
}

let root: string;
let files: string[];

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-config-fuzz-'));
  cpSync(templateDir, root, { recursive: true });
  files = (await glob('**/mlenv.yaml', { cwd: root })).sort();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadWorkspace on mutated template files', () => {
  it('covers the workspace file and every project file of the template', () => {
    expect(files).toEqual(['mlenv.yaml', 'projects/pytorch/mlenv.yaml']);
  });

  it('loads each mutation or names the file and a line in a ConfigurationError', async () => {
    const rand = random(SEED);
    const outcomes = { loaded: 0, rejected: 0 };
    const unexpected: string[] = [];
    for (const file of files) {
      const full = path.join(root, file);
      const original = readFileSync(full, 'utf8');
      try {
        for (let i = 0; i < MUTATIONS_PER_FILE; i++) {
          const mutation = mutate(original, rand);
          writeFileSync(full, mutation.text);
          const lineCount = mutation.text.split('\n').length;
          const problem = await loadWorkspace(root, { displayBase: root }).then(
            () => undefined,
            (error: unknown) => error,
          );
          if (problem === undefined) {
            outcomes.loaded++;
            continue;
          }
          const positioned = new RegExp(`^${file.replaceAll('.', '\\.')}:(\\d+):(\\d+): `, 'm');
          const match =
            problem instanceof ConfigurationError ? positioned.exec(problem.message) : null;
          const line = Number(match?.[1]);
          const wellFormed =
            problem instanceof ConfigurationError &&
            problem.diagnostics.length > 0 &&
            problem.diagnostics.every((d) => DIAGNOSTIC.test(formatDiagnostic(d)));
          if (match && wellFormed && line >= 1 && line <= lineCount && Number(match[2]) >= 1) {
            outcomes.rejected++;
            continue;
          }
          const message = problem instanceof Error ? problem.stack : String(problem);
          unexpected.push(`${file} #${i} (${mutation.what.join('; ')}):\n${message}`);
        }
      } finally {
        writeFileSync(full, original);
      }
    }
    expect(unexpected.slice(0, 5)).toEqual([]);
    // Both outcomes occur, so the mutations neither all miss nor all break the files.
    expect(outcomes.loaded).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(outcomes.loaded);
  });
});
