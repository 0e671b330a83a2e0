import { existsSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace } from '../../../shared/config/workspace.js';
import {
  findUv,
  lockHash,
  lockInputsHash,
  stampLock,
  UV_VERSION,
} from '../../../shared/environment/index.js';
import { createMemoryLogger } from '../../../shared/logger/index.js';
import { type ActionInputs, runStep, scratchWorkspace } from '../../lib/testing/action-fixture.js';
import { run } from './main.js';

// A real environment built by uv from a lock with no packages: the build, the cache-hit on the
// next run, and the outputs and variables later steps use. No Actions cache service is reachable
// here, which is the path of self-hosted runners and act.
let root: string;
let uv: string;
let hash: string;

beforeAll(async () => {
  // The test bed's uv when it is there, so that no test downloads one.
  const testbedUv = path.join(os.homedir(), `.cache/mlenv-testbed/venvs/uv-${UV_VERSION}/bin/uv`);
  uv =
    process.env.MLENV_UV ??
    (existsSync(testbedUv) ? testbedUv : await findUv(createMemoryLogger()));
  root = scratchWorkspace('setup-action', {
    requirements: '# no packages\n',
    projects: { fraud: '' },
  });
  const workspace = await loadWorkspace(root);
  writeFileSync(
    path.join(root, 'requirements.lock'),
    stampLock('# no packages\n', await lockInputsHash(workspace)),
  );
  hash = await lockHash(workspace);
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const step = (inputs: ActionInputs<'setup'>) =>
  runStep('setup', run, { inputs: { workspace: root, ...inputs }, env: { MLENV_UV: uv } });

describe('setup action', () => {
  it('builds the environment of the lock and hands it to later steps', async () => {
    const venv = path.join(root, '.mlenv', 'venvs', hash);
    const result = await step({ project: 'fraud' });
    expect(result).toMatchObject({
      exitCode: undefined,
      errors: [],
      outputs: {
        venv,
        python: path.join(venv, 'bin', 'python'),
        'lock-hash': hash,
        'cache-hit': 'false',
      },
      exportedEnv: { MLENV_VENV: venv },
      addedPaths: [path.join(venv, 'bin')],
    });
    expect(existsSync(path.join(venv, 'bin', 'python'))).toBe(true);
    expect(result.log).toContain(
      'The Actions cache is not available here: building the environment.',
    );
    expect(result.log).toContain('fraud is not a Python package: it runs from projects/fraud.');
    expect(result.summary).toContain(
      `<td>${hash}</td><td>3.11</td><td>cpu</td><td>miss (built)</td><td>fraud</td>`,
    );
  });

  it('reuses the built environment on the next run', async () => {
    const result = await step({});
    expect(result).toMatchObject({ exitCode: undefined, outputs: { 'cache-hit': 'true' } });
    expect(result.summary).toContain(
      `<td>${hash}</td><td>3.11</td><td>cpu</td><td>hit</td><td>-</td>`,
    );
  });

  it('fails on a lock mlenv env lock did not write, and only warns with allow-stale-lock', async () => {
    const stale = scratchWorkspace('setup-stale', {
      requirements: '# no packages\n',
      locked: true,
    });
    const problem =
      'requirements.lock: expected a "#    mlenv-inputs: sha256=" line written by mlenv env lock, found none';
    try {
      const failed = await runStep('setup', run, { inputs: { workspace: stale } });
      expect(failed.exitCode).toBe(1);
      expect(failed.errors).toEqual([
        "setup: requirements.lock does not match the environment's inputs: run `mlenv env lock` and commit the result.\n" +
          `  ${problem}`,
      ]);
      expect(failed.outputs).toEqual({});
      const warned = await runStep('setup', run, {
        inputs: { workspace: stale, 'allow-stale-lock': 'true', cache: 'false' },
        env: { MLENV_UV: uv },
      });
      expect(warned).toMatchObject({ exitCode: undefined, errors: [], warnings: [problem] });
      expect(warned.outputs['cache-hit']).toBe('false');
    } finally {
      rmSync(stale, { recursive: true, force: true });
    }
  });

  it('fails naming the cache input when it is not true or false', async () => {
    const result = await step({ cache: 'sometimes' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'setup: Input "cache": expected true or false, found "sometimes".',
    ]);
    expect(result.outputs).toEqual({});
  });

  it('fails naming a project the workspace does not have', async () => {
    const result = await step({ project: 'nope' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'setup: Project "nope": expected one of fraud, found no such project.',
    ]);
  });
});
