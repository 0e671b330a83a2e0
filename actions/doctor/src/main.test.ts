import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type ActionRunOptions,
  runStep,
  scratchWorkspace,
  workspaceYaml,
} from '../../lib/testing/action-fixture.js';
import { run } from './main.js';

// The doctor on a machine without nvidia-smi: PATH names an empty directory, so the answer is the
// same on a laptop, a CI runner and a GPU host. With GPUs, shared/gpu/doctor.test.ts and the GPU
// runs of the template cover the checks themselves.
let root: string;
let bare: string;
let noTools: string;

beforeAll(() => {
  root = scratchWorkspace('doctor-action', { locked: true });
  bare = mkdtempSync(path.join(tmpdir(), 'mlenv-doctor-bare-'));
  noTools = mkdtempSync(path.join(tmpdir(), 'mlenv-doctor-path-'));
});

afterAll(() => {
  for (const dir of [root, bare, noTools]) rmSync(dir, { recursive: true, force: true });
});

const step = (options: ActionRunOptions<'doctor'> = {}) =>
  runStep('doctor', run, { ...options, env: { PATH: noTools, ...options.env } });

describe('doctor action', () => {
  it('passes a CPU workspace on a machine without GPUs, saying why torch was not checked', async () => {
    const result = await step({ inputs: { workspace: root } });
    expect(result).toMatchObject({
      exitCode: undefined,
      errors: [],
      outputs: { verdict: 'pass', gpus: '[]' },
    });
    expect(result.log).toContain(
      'note: torch check skipped: No environment built from requirements.lock yet: run `mlenv setup`.',
    );
    expect(result.summary).toContain(
      'no NVIDIA GPU visible on this machine: nvidia-smi not found (the environment is CPU-only, so GPU checks do not apply)',
    );
  });

  it('fails a CUDA variant given as input when no GPU is visible', async () => {
    const result = await step({ inputs: { workspace: root, cuda: '12.8' } });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toEqual({ verdict: 'fail', gpus: '[]' });
    expect(result.errors).toEqual([
      'doctor: no NVIDIA GPU visible on this machine: nvidia-smi not found',
    ]);
  });

  it('checks the GPUs only on a bare runner with no workspace checked out', async () => {
    const result = await step({ cwd: bare });
    expect(result).toMatchObject({ exitCode: undefined, outputs: { verdict: 'pass' } });
    expect(result.log).toContain('no workspace at .: checking the GPUs only');
  });

  it('fails on a workspace file that does not validate, naming its line and key', async () => {
    const broken = scratchWorkspace('doctor-broken', {
      files: { 'mlenv.yaml': workspaceYaml().replace('cuda: cpu', 'cuda: [12]') },
    });
    const result = await step({ inputs: { workspace: broken } });
    rmSync(broken, { recursive: true, force: true });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toEqual({});
    const problem = `${broken}/mlenv.yaml:6:9: environment.cuda: expected a quoted CUDA variant such as "12.8", or "cpu", found a list`;
    // The annotation at the file and line, then the step's failure.
    expect(result.errors).toEqual([
      problem,
      `doctor: Invalid MLEnv configuration: 1 problem.\n${problem}`,
    ]);
    expect(result.commands.find((c) => c.command === 'error')?.properties).toMatchObject({
      file: `${broken}/mlenv.yaml`,
      line: '6',
      col: '9',
    });
  });
});
