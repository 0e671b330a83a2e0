import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pythonToolsForTests } from '../../../shared/check/test-tools.js';
import { environmentAt } from '../../../shared/environment/index.js';
import { createMemoryLogger } from '../../../shared/logger/index.js';
import { MlflowClient } from '../../../shared/mlflow/client.js';
import { ensureEmbeddedMlflow, stopEmbeddedMlflow } from '../../../shared/mlflow/embedded.js';
import {
  type ActionInputs,
  commitAll,
  runStep,
  scratchWorkspace,
} from '../../lib/testing/action-fixture.js';
import { run } from './main.js';

// The plan of a local run and the inputs, then local runs of a trainer that succeeds and one that
// fails, tracked in the embedded MLflow server of the test bed's Python environment. Runs of the
// PyTorch template and on the cluster: action-tests/integration/train-*.test.ts and
// e2e/train-action.test.ts.
let root: string;

beforeAll(() => {
  root = scratchWorkspace('train-action', {
    locked: true,
    projects: {
      fraud: 'train:\n  command: [python, train.py]\n  params: { epochs: 3, lr: 0.01 }\n',
      failing: 'train: { command: [python, fail.py] }\n',
    },
    files: {
      'projects/fraud/train.py': 'print("training")\n',
      'projects/failing/fail.py': 'import sys\nprint("boom: bad shape", flush=True)\nsys.exit(3)\n',
    },
  });
  commitAll(root, 'The workspace');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const step = (inputs: ActionInputs<'train'>) =>
  runStep('train', run, { inputs: { workspace: root, project: 'fraud', ...inputs } });

describe('train action', () => {
  it('prints the plan of a dry run with the params given, and runs nothing', async () => {
    const result = await step({ 'dry-run': 'true', params: 'epochs=1\n' });
    expect(result).toMatchObject({ exitCode: undefined, errors: [], outputs: {} });
    expect(result.log[0]).toBe(`Training fraud on the local backend (workspace ${root})`);
    // The plan names the trainer's command; nothing was started, so no run exists to output.
    expect(result.log.some((line) => line.includes('python train.py'))).toBe(true);
  });

  it('fails naming the on-cancel input when it is neither delete nor detach', async () => {
    const result = await step({ 'on-cancel': 'keep' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'train: Input "on-cancel": expected delete or detach, found "keep".',
    ]);
    expect(result.outputs).toEqual({});
  });

  it('fails naming the pending-timeout input when it is not a positive number', async () => {
    const result = await step({ 'pending-timeout': '0' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'train: Input "pending-timeout": expected a positive number of seconds, found "0".',
    ]);
  });

  it('fails naming the params input and its line', async () => {
    const result = await step({ params: 'epochs=1\nlearning rate' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'train: Input "params": line 2: expected key=value, found "learning rate".',
    ]);
  });

  it('fails naming an unknown backend', async () => {
    const result = await step({ backend: 'k8s', 'dry-run': 'true' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'train: Input "backend": expected local or kubernetes, found "k8s".',
    ]);
  });

  it('masks the tracking-token', async () => {
    const result = await step({ 'dry-run': 'true', 'tracking-token': 'mlflow-secret' });
    expect(result.masks).toContain('mlflow-secret');
    expect(process.env.MLFLOW_TRACKING_TOKEN).toBeUndefined();
  });
});

describe('train action, with the embedded MLflow server', () => {
  let venv: string;
  let mlflow: MlflowClient;

  beforeAll(async () => {
    venv = path.dirname(pythonToolsForTests());
    // The server the action finds for a workspace without tracking.uri, started ahead so that
    // the test can read the runs back.
    const server = await ensureEmbeddedMlflow({
      workspaceRoot: root,
      environment: environmentAt(venv),
      logger: createMemoryLogger(),
    });
    mlflow = new MlflowClient({ uri: server.uri });
  }, 240_000);

  afterAll(() => stopEmbeddedMlflow(root));

  it('runs the trainer, outputs the MLflow run and ends it FINISHED', async () => {
    const result = await step({ venv, register: 'false', params: 'epochs=1' });
    expect(result).toMatchObject({ exitCode: undefined, errors: [] });
    const runId = result.outputs['run-id'] ?? '';
    expect(runId).toMatch(/^[0-9a-f]{32}$/);
    expect(result.outputs).toMatchObject({
      status: 'succeeded',
      'run-url': expect.stringMatching(
        new RegExp(`^http://127\\.0\\.0\\.1:\\d+/#/experiments/\\d+/runs/${runId}$`),
      ),
      metrics: '{}',
      'model-uri': '',
      'model-version': '',
    });
    expect(result.log).toContain('training');
    const tracked = await mlflow.getRun(runId);
    expect(tracked.info.status).toBe('FINISHED');
    expect(result.summary).toContain(runId);
  });

  it('fails the step with the reason when the trainer exits non-zero, and ends the run FAILED', async () => {
    const result = await step({ venv, project: 'failing', register: 'false' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'failed', metrics: '{}', 'model-uri': '' });
    expect(result.errors).toEqual(['train: failing failed: trainer exited with code 3']);
    expect(result.log).toContain('boom: bad shape');
    expect((await mlflow.getRun(result.outputs['run-id'] ?? '')).info.status).toBe('FAILED');
  });
});
