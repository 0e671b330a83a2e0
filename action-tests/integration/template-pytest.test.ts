import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from '@jest/globals';
import { loadTestbed } from '../testbed/testbed.js';

// The PyTorch template's own pytest suite (unit, trainer integration; GPU tests skip without a
// GPU) in the shared environment, on a copy so the repository stays clean. Its JUnit report joins
// the CI count.
const repo = path.resolve(import.meta.dirname, '../..');
const bed = loadTestbed();

it('the PyTorch template passes its own tests', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'mlenv-template-'));
  const results = path.join(repo, '.test-results');
  mkdirSync(results, { recursive: true });
  const junit = path.join(results, 'pytest-template.xml');
  try {
    cpSync(path.join(repo, 'templates/workspace/projects/pytorch'), work, { recursive: true });
    const { code, output } = await new Promise<{ code: number | null; output: string }>(
      (resolve) => {
        const child = spawn(
          bed.tools.pytest,
          ['-q', '-p', 'no:cacheprovider', `--junitxml=${junit}`],
          // No PYTHONPYCACHEPREFIX: Python would then look for bytecode only under it, and with
          // this machine's PYTHONDONTWRITEBYTECODE every process would compile torch and mlflow
          // again (minutes in all). The copy in a temp dir keeps the repository clean.
          { cwd: work },
        );
        let text = '';
        child.stdout.on('data', (c) => (text += c));
        child.stderr.on('data', (c) => (text += c));
        child.on('close', (c) => resolve({ code: c, output: text }));
      },
    );
    expect({ code, tail: code === 0 ? '' : output.slice(-3000) }).toEqual({ code: 0, tail: '' });
    const report = readFileSync(junit, 'utf8');
    const suite = /<testsuite\b[^>]*>/.exec(report)?.[0] ?? '';
    const count = (name: string) => Number(new RegExp(`${name}="(\\d+)"`).exec(suite)?.[1] ?? -1);
    expect(count('failures')).toBe(0);
    expect(count('errors')).toBe(0);
    expect(count('tests')).toBeGreaterThan(30);
    // No GPU here: the gpu-marked tests are skipped with their reason, not run and not hidden.
    expect(count('skipped')).toBeGreaterThan(0);
    expect(output).toMatch(/passed/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 600_000); // torch trainings in subprocesses: minutes on a busy 2-core machine
