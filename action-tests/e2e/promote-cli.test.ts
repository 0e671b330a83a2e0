import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { predictTemplate } from '../integration/serving-fixture.js';
import { git } from '../integration/workspace-fixture.js';
import { loadTestbed } from '../testbed/testbed.js';

// `mlenv promote` as a new user runs it on the embedded default: a copy of templates/workspace
// (local backend, the workspace's own MLflow server under .mlenv/, local serving), the CLI bundle,
// one commit per model change. Only the Python environment comes from the test bed, so that the
// test does not build a second one.
const repoRoot = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repoRoot, 'cli/dist/index.js');
const bed = loadTestbed();
// Small enough for two cores; the gates still tell these models apart.
const SIZES = { 'train-size': 2048, 'val-size': 1024, 'batch-size': 64 };
let ws: string;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Asynchronous: the served model and MLflow are child processes of the CLI that must keep running.
function mlenv(...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: ws,
      env: { ...process.env, MLENV_VENV: bed.python.venv, GITHUB_ACTIONS: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Commits new train.params, as a team changing its model in a pull request would. */
function commitParams(message: string, params: Record<string, number>): void {
  const file = path.join(ws, 'projects/pytorch/mlenv.yaml');
  const flow = Object.entries({ ...params, ...SIZES })
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(/^ {2}params: \{.*\}$/m, `  params: { ${flow} }`),
  );
  git(ws, 'commit', '-q', '-am', message);
}

async function trainAndRegister(): Promise<string> {
  const run = await mlenv('train', 'projects/pytorch', '--register', '--json');
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  const result = JSON.parse(run.stdout) as { registered?: { version: string } };
  expect(result.registered?.version).toMatch(/^\d+$/);
  return result.registered?.version ?? '';
}

async function promote(...args: string[]): Promise<CliRun & { result?: PromoteJson }> {
  const run = await mlenv('promote', 'projects/pytorch', '--json', ...args);
  const json = run.stdout.trim().startsWith('{')
    ? (JSON.parse(run.stdout) as PromoteJson)
    : undefined;
  return { ...run, result: json };
}

interface PromoteJson {
  outcome: string;
  version: string;
  previousChampion?: string;
  url?: string;
  gates?: { passed: boolean; rows: { metric: string; passed: boolean }[] };
}

async function status(): Promise<{ version?: string; url?: string; healthy: boolean }> {
  const run = await mlenv('serve', 'status', 'projects/pytorch', '--json');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { version?: string; url?: string; healthy: boolean };
}

beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'mlenv-promote-cli-'));
  cpSync(path.join(repoRoot, 'templates/workspace'), ws, {
    recursive: true,
    filter: (source) => !/[/\\](\.mlenv|\.ruff_cache|__pycache__)$/.test(source),
  });
  writeFileSync(path.join(ws, '.gitignore'), '.mlenv/\n__pycache__/\n');
  git(ws, 'init', '-q', '-b', 'main');
  git(ws, 'add', '-A');
  git(ws, 'commit', '-q', '-m', 'The workspace from templates/workspace');
});

afterAll(async () => {
  if (!ws) return;
  await mlenv('serve', 'stop', 'projects/pytorch');
  await mlenv('mlflow', 'stop');
  rmSync(ws, { recursive: true, force: true });
});

describe('mlenv promote on the embedded default', () => {
  const versions: Record<string, string> = {};

  it('trains and registers the template, promotes it, and serves a real prediction', async () => {
    commitParams('A first model', { epochs: 2, lr: 0.05 });
    versions.first = await trainAndRegister();
    const run = await promote();
    expect(run.code).toBe(0);
    expect(run.result).toMatchObject({ outcome: 'promoted', version: versions.first });
    expect(run.result?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const [probability] = await predictTemplate(run.result?.url ?? '');
    expect(probability).toBeGreaterThan(0);
    expect(probability).toBeLessThan(1);
  }, 600_000);

  it('promotes a better model from the next commit, keeping the first as previous champion', async () => {
    commitParams('Train longer', { epochs: 5, lr: 0.05 });
    versions.better = await trainAndRegister();
    const run = await promote();
    expect(run.code).toBe(0);
    expect(run.result).toMatchObject({
      outcome: 'promoted',
      version: versions.better,
      previousChampion: versions.first,
    });
    expect(await status()).toMatchObject({ version: versions.better, healthy: true });
  }, 600_000);

  it('refuses a worse model at the gate and leaves the champion serving', async () => {
    commitParams('A learning rate far too small', { epochs: 1, lr: 0.0001 });
    versions.worse = await trainAndRegister();
    const run = await mlenv('promote', 'projects/pytorch');
    expect(run.code).toBe(1);
    // The gate table, as the user reads it: the loss regressed past maxRegression.
    expect(run.stdout).toMatch(/val_loss .*at most 0\.05 worse than champion.*FAIL/);
    const serving = await status();
    expect(serving).toMatchObject({ version: versions.better, healthy: true });
    expect(await predictTemplate(serving.url ?? '')).toHaveLength(1);
  }, 600_000);

  it('rolls back to the previous champion with one command', async () => {
    const run = await promote('--rollback');
    expect(run.code).toBe(0);
    expect(run.result).toMatchObject({ outcome: 'rolled-back', version: versions.first });
    const serving = await status();
    expect(serving).toMatchObject({ version: versions.first, healthy: true });
    expect(await predictTemplate(serving.url ?? '')).toHaveLength(1);
  }, 600_000);
});
