import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  projectYaml,
  writeWorkspace,
} from '../../../action-tests/integration/workspace-fixture.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
const fixtures = path.join(repoRoot, 'shared/gpu/fixtures');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `tsx cli/src/index.ts ARGS` as a child process whose PATH holds only `bin`: a machine with
 * exactly the nvidia-smi the test put there, or none.
 */
function mlenv(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsx, path.join(repoRoot, 'cli/src/index.ts'), ...args],
      { cwd: repoRoot, env: { HOME: process.env.HOME ?? tmpdir(), ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

let dir: string;

/** A bin directory whose nvidia-smi prints the fixtures of `machine` (shell builtins only). */
function fakeSmiBin(machine: string): string {
  const bin = path.join(dir, `bin-${machine}`);
  mkdirSync(bin, { recursive: true });
  const file = path.join(bin, 'nvidia-smi');
  writeFileSync(
    file,
    `#!/bin/sh
case "$1" in
  --query-gpu=*) f="${fixtures}/${machine}-query.csv" ;;
  *) f="${fixtures}/${machine}-header.txt" ;;
esac
while IFS= read -r line || [ -n "$line" ]; do printf '%s\\n' "$line"; done < "$f"
`,
  );
  chmodSync(file, 0o755);
  return bin;
}

/** A virtual environment whose python answers the torch probe as a CUDA build seeing `count`. */
function fakeVenv(count: number): string {
  const venv = path.join(dir, `venv-${count}`);
  mkdirSync(path.join(venv, 'bin'), { recursive: true });
  const python = path.join(venv, 'bin', 'python');
  writeFileSync(
    python,
    `#!/bin/sh
printf '%s\\n' '{"torch": "2.9.1+cu128", "cuda": "12.8", "available": true, "count": ${count}}'
`,
  );
  chmodSync(python, 0o755);
  return venv;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlenv-cli-gpu-'));
  writeWorkspace(
    path.join(dir, 'ws'),
    { environment: cudaEnvironment('12.8') },
    {
      'projects/demo/mlenv.yaml': projectYaml('demo'),
    },
  );
  mkdirSync(path.join(dir, 'empty-bin'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cudaEnvironment(cuda: string) {
  return {
    python: '3.11',
    cuda,
    requirements: 'environment/requirements.in',
    lock: 'environment/requirements.lock',
    image: 'ghcr.io/acme/mlenv-runtime',
  };
}

describe('mlenv doctor', () => {
  it('passes an H100 with a recent driver for a CUDA 12.8 environment whose torch sees it', async () => {
    const run = await mlenv(['--workspace', path.join(dir, 'ws'), 'doctor'], {
      PATH: fakeSmiBin('h100'),
      MLENV_VENV: fakeVenv(1),
    });
    expect(run.stdout).toContain('GPU doctor: PASS (environment cuda: 12.8)');
    expect(run.stdout).toMatch(/GPU 0 {2}NVIDIA H100 80GB HBM3 {2}0 \/ 81559 MiB/);
    expect(run.stdout).toContain(
      'pass  driver supports the CUDA version: driver 580.159.04 supports CUDA 12.8 (the driver supports up to CUDA 13.0)',
    );
    expect(run.stdout).toContain(
      'pass  torch sees the GPUs: torch 2.9.1+cu128 (CUDA 12.8) sees 1 GPU',
    );
    expect(run.code).toBe(0);
  });

  it('fails with exit 1 on a driver too old for the CUDA version, and says the torch check was skipped', async () => {
    const run = await mlenv(['--workspace', path.join(dir, 'ws'), 'doctor'], {
      PATH: fakeSmiBin('t4-driver-470'),
    });
    expect(run.stdout).toContain('GPU doctor: FAIL (environment cuda: 12.8)');
    expect(run.stdout).toMatch(
      /^fail {2}driver supports the CUDA version: driver 470\.239\.06 cannot run CUDA 12\.8: CUDA 12\.x needs at least 525\.60\.13/m,
    );
    expect(run.stdout).toContain('note: torch check skipped: No environment built');
    expect(run.code).toBe(1);
  });

  it('says plainly that there is no NVIDIA GPU when nvidia-smi is missing', async () => {
    const cpu = await mlenv(['doctor'], { PATH: path.join(dir, 'empty-bin') });
    expect(cpu.stdout).toContain(
      'pass  GPUs visible: no NVIDIA GPU visible on this machine: nvidia-smi not found (the environment is CPU-only, so GPU checks do not apply)',
    );
    expect(cpu.stdout).toContain('note: torch check skipped: no workspace here');
    expect(cpu.code).toBe(0);

    const cuda = await mlenv(['doctor', '--cuda', '12.8', '--json'], {
      PATH: path.join(dir, 'empty-bin'),
    });
    const report = JSON.parse(cuda.stdout);
    expect(report.verdict).toBe('fail');
    expect(report.checks).toEqual([
      expect.objectContaining({
        id: 'gpus-visible',
        message: 'no NVIDIA GPU visible on this machine: nvidia-smi not found',
      }),
    ]);
    expect(cuda.code).toBe(1);
  });
});

describe('mlenv gpu-test', () => {
  it('fails clearly without a GPU, and skips with --no-require-gpu', async () => {
    const env = {
      PATH: path.join(dir, 'empty-bin'),
      MLENV_VENV: fakeVenv(0),
    };
    const lockDir = path.join(dir, 'locks');
    const failed = await mlenv(
      ['--workspace', path.join(dir, 'ws'), 'gpu-test', 'demo', '--lock-dir', lockDir],
      env,
    );
    expect(failed.stdout).toContain(
      'GPU tests of demo failed: no GPU visible on this machine: nvidia-smi not found',
    );
    expect(failed.code).toBe(1);

    const skipped = await mlenv(
      ['--workspace', path.join(dir, 'ws'), 'gpu-test', 'demo', '--no-require-gpu', '--json'],
      env,
    );
    expect(JSON.parse(skipped.stdout)).toMatchObject({ status: 'skipped', project: 'demo' });
    expect(skipped.code).toBe(0);
  });

  it("refuses a fork's pull request named by the Actions event", async () => {
    const event = path.join(fixtures, 'events', 'pull-request-synchronize-fork.json');
    const run = await mlenv(['--workspace', path.join(dir, 'ws'), 'gpu-test', 'demo'], {
      PATH: fakeSmiBin('h100'),
      MLENV_VENV: fakeVenv(1),
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
    });
    const number = JSON.parse(readFileSync(event, 'utf8')).pull_request.number;
    expect(run.stdout).toMatch(
      new RegExp(`GPU tests of demo refused: pull request #${number} comes from fork`),
    );
    expect(run.code).toBe(1);
  });
});
