import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pythonToolsForTests } from '../../../shared/check/test-tools.js';
import { environmentAt } from '../../../shared/environment/index.js';
import { createMemoryLogger } from '../../../shared/logger/index.js';
import { MlflowClient } from '../../../shared/mlflow/client.js';
import { ensureEmbeddedMlflow, stopEmbeddedMlflow } from '../../../shared/mlflow/embedded.js';
import { runStep, scratchWorkspace } from '../../lib/testing/action-fixture.js';
import { run } from './main.js';

// What the action decides before it asks MLflow anything (its inputs, the project's promote
// section and the workspace's serving section), then a candidate its gates refuse, in the
// embedded MLflow server of the test bed's Python environment. A promotion that deploys:
// action-tests/integration/promote-local.test.ts and e2e/promote-action.test.ts.
const PROMOTE = 'promote:\n  model: fraud-model\n  serving: { name: fraud-serving }\n';
let root: string;

beforeAll(() => {
  root = scratchWorkspace('promote-action', {
    workspace: 'serving: { target: kserve }\n',
    projects: { fraud: PROMOTE, features: '' },
  });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('promote action', () => {
  it('fails on a kserve target without a namespace before starting MLflow or building anything', async () => {
    const step = await runStep('promote', run, {
      inputs: { workspace: root, project: 'fraud', 'model-version': '3' },
    });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      'promote: serving.namespace: expected the Kubernetes namespace of the InferenceServices for target kserve, found none.',
    ]);
    expect(step.outputs).toEqual({});
    expect(readdirSync(root)).not.toContain('.mlenv');
  });

  it('fails naming the project file when the project has no promote section', async () => {
    const step = await runStep('promote', run, {
      inputs: { workspace: '.', project: 'features' },
      cwd: root,
    });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      'promote: projects/features/mlenv.yaml: expected a promote section (model, gates, serving), found none.',
    ]);
  });

  it('masks the tracking and GitHub tokens before anything else is printed', async () => {
    const step = await runStep('promote', run, {
      inputs: {
        workspace: root,
        project: 'fraud',
        'tracking-token': 'mlflow-secret',
        'github-token': 'ghs_secret',
      },
    });
    expect(step.commands.slice(0, 2)).toEqual([
      { command: 'add-mask', properties: {}, message: 'mlflow-secret' },
      { command: 'add-mask', properties: {}, message: 'ghs_secret' },
    ]);
    expect(step.stdout.replace(/::add-mask::.*\n/g, '')).not.toMatch(/mlflow-secret|ghs_secret/);
  });

  it('fails naming the lease-wait input when it is not a number of seconds', async () => {
    const step = await runStep('promote', run, { inputs: { workspace: root, 'lease-wait': '-1' } });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      'promote: Input "lease-wait": expected seconds (0 or more), found "-1".',
    ]);
  });

  it('fails naming the rollback input when it is not true or false', async () => {
    const step = await runStep('promote', run, { inputs: { workspace: root, rollback: 'undo' } });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      'promote: Input "rollback": expected true or false, found "undo".',
    ]);
  });
});

describe('promote action, with the embedded MLflow server', () => {
  const MODEL = 'fraud-model';
  let workspace: string;
  let venv: string;

  beforeAll(async () => {
    venv = path.dirname(pythonToolsForTests());
    workspace = scratchWorkspace('promote-action-mlflow', {
      requirements: 'mlflow\n',
      projects: { fraud: `${PROMOTE}  gates:\n    - { metric: val_auc, min: 0.9 }\n` },
    });
    // The server the action finds for a workspace without tracking.uri, started ahead so that
    // the candidate can be registered in it.
    const server = await ensureEmbeddedMlflow({
      workspaceRoot: workspace,
      environment: environmentAt(venv),
      logger: createMemoryLogger(),
    });
    const mlflow = new MlflowClient({ uri: server.uri });
    const experiment = await mlflow.getOrCreateExperiment('fraud');
    const trained = await mlflow.createRun(experiment, 'fraud-1', {});
    const logged = await fetch(`${server.uri}/api/2.0/mlflow/runs/log-metric`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        run_id: trained.info.run_id,
        key: 'val_auc',
        value: 0.71,
        timestamp: Date.now(),
        step: 0,
      }),
    });
    expect(logged.status).toBe(200);
    await mlflow.createRegisteredModel(MODEL);
    await mlflow.createModelVersion({
      name: MODEL,
      source: `runs:/${trained.info.run_id}/model`,
      runId: trained.info.run_id,
    });
  }, 240_000);

  afterAll(async () => {
    await stopEmbeddedMlflow(workspace);
    rmSync(workspace, { recursive: true, force: true });
  });

  it('refuses a version its gates fail: outputs, summary and the failure say why', async () => {
    const step = await runStep('promote', run, {
      inputs: { workspace, project: 'fraud', 'model-version': '1' },
      env: { MLENV_VENV: venv },
    });
    expect(step.exitCode).toBe(1);
    expect(step.outputs).toEqual({
      outcome: 'refused',
      version: '1',
      'previous-champion': '',
      url: '',
      'deployment-id': '',
    });
    const refusal = 'fraud-model version 1 failed a gate (val_auc ≥ 0.9): nothing changed.';
    expect(step.errors).toEqual([refusal, `promote: ${refusal}`]);
    expect(step.summary).toBe(
      [
        '### ❌ fraud-model version 1 refused by its gates',
        '',
        refusal,
        '',
        '| metric | candidate | champion | rule | result |',
        '| --- | ---: | ---: | --- | --- |',
        '| `val_auc` | 0.71 | — | ≥ 0.9 | ❌ fail |',
        '',
      ].join('\n'),
    );
  });
});
