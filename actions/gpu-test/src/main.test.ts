import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pythonToolsForTests } from '../../../shared/check/test-tools.js';
import {
  type ActionRunOptions,
  runStep,
  scratchWorkspace,
} from '../../lib/testing/action-fixture.js';
import { run } from './main.js';

// The decisions the action makes before any GPU is touched, on a machine without nvidia-smi (PATH
// names an empty directory, so a GPU host answers the same). Running GPU tests on GPUs is covered
// by shared/gpu/gpu-test.test.ts and the template's GPU runs.
let root: string;
let noTools: string;
let venv: string;

beforeAll(() => {
  venv = path.dirname(pythonToolsForTests());
  root = scratchWorkspace('gpu-test-action', {
    projects: { fraud: '' },
    files: {
      'projects/fraud/tests/test_gpu.py':
        'import pytest\n\n@pytest.mark.gpu\ndef test_gpu():\n    assert True\n',
    },
  });
  noTools = mkdtempSync(path.join(tmpdir(), 'mlenv-gpu-test-path-'));
});

afterAll(() => {
  for (const dir of [root, noTools]) rmSync(dir, { recursive: true, force: true });
});

const step = (options: ActionRunOptions<'gpu-test'> = {}) =>
  runStep('gpu-test', run, {
    ...options,
    env: { PATH: noTools, ...options.env },
    inputs: { workspace: root, venv, ...options.inputs },
  });

const noGpu = 'nvidia-smi not found (no NVIDIA driver on this machine)';

describe('gpu-test action', () => {
  it('skips with the reason when no GPU is visible and require-gpu is false', async () => {
    const result = await step({ inputs: { 'require-gpu': 'false' } });
    const reason = `no GPU visible (${noGpu}); skipped because require-gpu is false`;
    expect(result).toMatchObject({
      exitCode: undefined,
      errors: [],
      warnings: [reason],
      outputs: { status: 'skipped', reason, passed: '0', failed: '0', skipped: '0', gpus: '[]' },
    });
    expect(result.summary).toContain(reason);
  });

  it('fails when no GPU is visible and require-gpu keeps its default', async () => {
    const result = await step();
    const reason = `no GPU visible on this machine: ${noGpu}. GPU tests need a runner with an NVIDIA GPU (or set require-gpu: false to skip them)`;
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'failed', reason });
    expect(result.errors).toEqual([reason, `gpu-test: fraud failed: ${reason}`]);
  });

  it("refuses a fork's pull request without the approval label before running any of its code", async () => {
    const result = await step({
      event: {
        name: 'pull_request',
        payload: {
          action: 'synchronize',
          pull_request: {
            number: 9,
            head: { sha: 'b'.repeat(40), repo: { full_name: 'mallory/ml' } },
            base: { sha: 'a'.repeat(40), repo: { full_name: 'acme/ml' } },
            labels: [],
          },
        },
      },
    });
    const reason =
      'pull request #9 comes from fork mallory/ml and the event is "synchronize", not the approval label being applied: a maintainer must apply label gpu-tests-approved after reviewing commit bbbbbbb';
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'refused', reason });
    expect(result.errors).toEqual([
      `GPU tests refused: ${reason}`,
      `gpu-test: fraud refused: ${reason}`,
    ]);
  });

  it('masks the github-token', async () => {
    const result = await step({ inputs: { 'require-gpu': 'false', 'github-token': 'ghs_secret' } });
    expect(result.masks).toEqual(['ghs_secret']);
  });

  it('fails naming the gpus input when it is not a whole number of at least 1', async () => {
    const result = await step({ inputs: { gpus: '0' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'gpu-test: Input "gpus": expected a whole number ≥ 1, found "0".',
    ]);
    expect(result.outputs).toEqual({});
  });

  it('fails naming the lock-timeout input when it is no duration', async () => {
    const result = await step({ inputs: { 'lock-timeout': 'soon' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'gpu-test: Input "lock-timeout": expected a duration such as "30m", "90s" or "1h30m", or a number of seconds, found "soon".',
    ]);
  });
});
