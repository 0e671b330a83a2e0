import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace, type Project, type Workspace } from '../../shared/config/workspace.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { MlflowClient } from '../../shared/mlflow/client.js';
import { isAlive } from '../../shared/process/daemon.js';
import { mlflowRegistry } from '../../shared/promote/aliases.js';
import { acquireLease, LeaseHeldError } from '../../shared/promote/lease.js';
import { PromotionError } from '../../shared/promote/promote.js';
import { gateTableText } from '../../shared/promote/report.js';
import {
  type PromoteRequest,
  runPromote,
  servingStatus,
  stopServing,
} from '../../shared/promote/run-promote.js';
import { readLocalServing } from '../../shared/promote/serving/local.js';
import { runTrain } from '../../shared/train/run-train.js';
import { loadTestbed } from '../testbed/testbed.js';
import { predictTemplate } from './serving-fixture.js';
import { projectYaml, writeWorkspace } from './workspace-fixture.js';

// `mlenv promote` on the local target, for real: the PyTorch template trained against the bed's
// MLflow, registered from a main-branch commit, promoted through its gates and served by
// `mlflow models serve` from the bed's Python environment. The tests run in order and share the
// registered model (a fresh name per run) and its serving.
const bed = loadTestbed();
const mlflow = new MlflowClient({ uri: bed.mlflow.uri });
const registry = mlflowRegistry(mlflow);
const templateDir = path.resolve(import.meta.dirname, '../../templates/workspace/projects/pytorch');
const MODEL = `promote-it-${Date.now().toString(36)}`;
const SERVING = 'fraud-serving';
let root: string;
let workspace: Workspace;
let project: Project;

// A model that loads and answers /ping but fails every prediction: what the health check is for.
const BROKEN_MODEL = `
import json, sys
import mlflow
import numpy as np
from mlflow.pyfunc import PythonModel

class Broken(PythonModel):
    def predict(self, context, model_input, params=None):
        raise RuntimeError("broken on purpose")

mlflow.set_tracking_uri(sys.argv[1])
mlflow.set_experiment(sys.argv[2])
with mlflow.start_run() as run:
    mlflow.log_metrics({"val_auc": 0.99, "val_loss": 0.01})
    info = mlflow.pyfunc.log_model(
        name="model",
        python_model=Broken(),
        input_example=np.zeros((2, 8), dtype=np.float32),
        pip_requirements=["mlflow"],
    )
print(json.dumps({"run_id": run.info.run_id, "model_id": info.model_id}))
`;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-promote-'));
  writeWorkspace(root, { tracking: { uri: bed.mlflow.uri }, serving: { target: 'local' } });
  cpSync(templateDir, path.join(root, 'projects/fraud'), { recursive: true });
  writeFileSync(
    path.join(root, 'projects/fraud/mlenv.yaml'),
    projectYaml('fraud', {
      train: { command: ['python', 'train.py'], params: { epochs: 1 } },
      promote: {
        model: MODEL,
        gates: [
          { metric: 'val_auc', min: 0.7 },
          { metric: 'val_loss', maxRegression: 0.05 },
        ],
        serving: { name: SERVING },
      },
    }),
  );
  writeFileSync(path.join(root, 'broken_model.py'), BROKEN_MODEL);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'init');
  workspace = await loadWorkspace(root);
  const found = workspace.projects.find((p) => p.name === 'fraud');
  if (!found) throw new Error('no fraud project');
  project = found;
});

afterAll(async () => {
  // Every server this file started, whatever state a failed test left.
  if (workspace && project) await stopServing(workspace, project, { logger: createMemoryLogger() });
  rmSync(root, { recursive: true, force: true });
});

// Outside GitHub Actions, so the commit is this scratch repository's HEAD for train and promote.
const env = { ...process.env, GITHUB_ACTIONS: '' };

function promoteWith(request: Partial<PromoteRequest> = {}) {
  const logger = createMemoryLogger();
  return {
    logger,
    run: runPromote({
      workspace,
      project,
      venv: bed.python.venv,
      readyTimeoutMs: 240_000,
      logger,
      env,
      ...request,
    }),
  };
}

async function aliases(): Promise<Record<string, string | undefined>> {
  const get = async (alias: string) => (await mlflow.getModelVersionByAlias(MODEL, alias))?.version;
  return {
    candidate: await get('candidate'),
    champion: await get('champion'),
    'previous-champion': await get('previous-champion'),
  };
}

/** A version of MODEL serving the same weights as `like`, from a new run logging `metrics`. */
async function registerWithMetrics(like: string, metrics: Record<string, number>): Promise<string> {
  // The experiment of this file's own, as the model is.
  const experimentId = await mlflow.getOrCreateExperiment(MODEL);
  const run = await mlflow.createRun(experimentId, `metrics-${Date.now()}`, {});
  const response = await fetch(`${bed.mlflow.uri}/api/2.0/mlflow/runs/log-batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      run_id: run.info.run_id,
      metrics: Object.entries(metrics).map(([key, value]) => ({
        key,
        value,
        timestamp: Date.now(),
        step: 0,
      })),
    }),
  });
  expect(response.status).toBe(200);
  await mlflow.setRunStatus(run.info.run_id, 'FINISHED');
  // MLflow accepts a logged model's URI as the source of another run's version when the
  // version names that logged model too.
  const source = (await mlflow.getModelVersion(MODEL, like)).source ?? '';
  const version = await mlflow.createModelVersion({
    name: MODEL,
    source,
    runId: run.info.run_id,
    modelId: source.replace(/^models:\//, ''),
  });
  return version.version;
}

let first: string;
let firstUrl: string;

describe('mlenv promote on the local target', () => {
  it('promotes the version trained from this commit and serves a real prediction', async () => {
    const outcome = await runTrain({
      workspace,
      project,
      backend: 'local',
      venv: bed.python.venv,
      register: true,
      logger: createMemoryLogger(),
      signal: new AbortController().signal,
      env,
    });
    if (outcome.kind !== 'run') throw new Error('expected a run');
    expect(outcome.result.status).toBe('succeeded');
    first = outcome.result.registered?.version ?? '';
    expect(first).toMatch(/^\d+$/);

    const { run, logger } = promoteWith();
    const result = await run;
    expect(result).toMatchObject({ outcome: 'promoted', model: MODEL, version: first });
    expect(result.gates?.rows.map((r) => [r.metric, r.pass, r.note])).toEqual([
      ['val_auc', true, undefined],
      ['val_loss', true, 'no champion yet'],
    ]);
    expect(gateTableText(result.gates ?? { passed: true, rows: [] })).toMatch(/val_loss .* pass/);
    expect(await aliases()).toEqual({
      candidate: first,
      champion: first,
      'previous-champion': undefined,
    });
    firstUrl = result.url ?? '';
    expect(firstUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const predictions = await predictTemplate(firstUrl);
    expect(predictions).toHaveLength(1);
    expect(predictions[0]).toBeGreaterThanOrEqual(0);
    expect(predictions[0]).toBeLessThanOrEqual(1);
    expect(logger.lines.some((l) => /answered a prediction on its input example/.test(l))).toBe(
      true,
    );
    const status = await servingStatus(workspace, project, { logger: createMemoryLogger() });
    expect(status).toMatchObject({ deployed: true, healthy: true, version: first, url: firstUrl });
    // The lease is gone once the promotion ends.
    expect((await registry.modelTags(MODEL))?.['mlenv.promote.lease']).toBeUndefined();
  }, 600_000);

  it('promoting the champion again is a no-op that says so', async () => {
    const before = await readLocalServing(root, SERVING);
    const { run } = promoteWith();
    const result = await run;
    expect(result.outcome).toBe('already-champion');
    expect(result.message).toMatch(/is already the champion, serving at .*: nothing to do/);
    expect((await readLocalServing(root, SERVING))?.current.pid).toBe(before?.current.pid);
  });

  it('refuses a worse candidate with nothing changed', async () => {
    const worse = await registerWithMetrics(first, { val_auc: 0.55, val_loss: 0.9 });
    const before = await readLocalServing(root, SERVING);
    const { run } = promoteWith({ version: worse });
    const result = await run;
    expect(result.outcome).toBe('refused');
    expect(result.gates?.rows.map((r) => [r.metric, r.rule, r.pass])).toEqual([
      ['val_auc', 'min', false],
      ['val_loss', 'maxRegression', false],
    ]);
    expect(await aliases()).toEqual({
      candidate: first,
      champion: first,
      'previous-champion': undefined,
    });
    expect((await readLocalServing(root, SERVING))?.current.pid).toBe(before?.current.pid);
  });

  it('keeps the champion serving when the candidate fails its health check', async () => {
    const out = execFileSync(
      path.join(bed.python.venv, 'bin', 'python'),
      [path.join(root, 'broken_model.py'), bed.mlflow.uri, MODEL],
      {
        encoding: 'utf8',
        // MLflow warns at length that the example fails to predict: that is the point.
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MLFLOW_DISABLE_TELEMETRY: 'true' },
      },
    );
    const logged = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
      run_id: string;
      model_id: string;
    };
    const broken = (
      await mlflow.createModelVersion({
        name: MODEL,
        source: `models:/${logged.model_id}`,
        runId: logged.run_id,
        modelId: logged.model_id,
      })
    ).version;

    const { run } = promoteWith({ version: broken });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromotionError);
    expect((error as PromotionError).stage).toBe('deploy');
    expect((error as Error).message).toMatch(
      /did not become healthy .*the prediction on the input example answered [45]\d\d: .*RuntimeError: broken on purpose/,
    );
    expect(await aliases()).toEqual({
      candidate: first,
      champion: first,
      'previous-champion': undefined,
    });
    const status = await servingStatus(workspace, project, { logger: createMemoryLogger() });
    expect(status).toMatchObject({ healthy: true, version: first, url: firstUrl });
    expect(status.previousVersion).toBeUndefined();
    expect(await predictTemplate(firstUrl)).toHaveLength(1);
  }, 600_000);

  it('a better candidate takes over, and rollback serves the previous champion again', async () => {
    const better = await registerWithMetrics(first, { val_auc: 0.99, val_loss: 0.01 });
    const oldPid = (await readLocalServing(root, SERVING))?.current.pid ?? 0;
    const promoted = await promoteWith({ version: better }).run;
    expect(promoted).toMatchObject({
      outcome: 'promoted',
      version: better,
      previousChampion: first,
    });
    expect(await aliases()).toEqual({
      candidate: better,
      champion: better,
      'previous-champion': first,
    });
    expect(promoted.url).not.toBe(firstUrl);
    expect(await predictTemplate(promoted.url ?? '')).toHaveLength(1);
    expect(isAlive(oldPid)).toBe(false);
    expect(
      (await servingStatus(workspace, project, { logger: createMemoryLogger() })).version,
    ).toBe(better);

    const rolledBack = await promoteWith({ rollback: true }).run;
    expect(rolledBack).toMatchObject({
      outcome: 'rolled-back',
      version: first,
      previousChampion: better,
    });
    expect(await aliases()).toEqual({
      candidate: first,
      champion: first,
      'previous-champion': better,
    });
    const status = await servingStatus(workspace, project, { logger: createMemoryLogger() });
    expect(status).toMatchObject({ healthy: true, version: first, url: rolledBack.url });
    expect(status.previousVersion).toBeUndefined();
    expect(await predictTemplate(rolledBack.url ?? '')).toHaveLength(1);
  }, 600_000);

  it('refuses while another promotion of the model holds the lease', async () => {
    const other = await acquireLease({
      registry,
      model: MODEL,
      holder: 'workflow run 7',
      settleMs: 0,
    });
    try {
      // The champion is the candidate, so the no-op answers without needing the lease...
      expect((await promoteWith({ version: first }).run).outcome).toBe('already-champion');
      const rollbackError = await promoteWith({ rollback: true }).run.catch((e: unknown) => e);
      // ...but a rollback changes things and must wait for the holder.
      expect(rollbackError).toBeInstanceOf(LeaseHeldError);
      expect((rollbackError as Error).message).toMatch(/in progress \(workflow run 7/);
    } finally {
      await other.release();
    }
    expect((await aliases()).champion).toBe(first);
  });

  it('fails clearly after bounded retries when MLflow is unreachable, and nothing moves', async () => {
    const before = await readLocalServing(root, SERVING);
    const error = await promoteWith({
      trackingUri: 'http://127.0.0.1:9',
      mlflowRetryBudgetMs: 2_000,
    }).run.catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /MLflow tracking server http:\/\/127\.0\.0\.1:9 is unreachable after \d+ attempt\(s\) in 2s/,
    );
    expect((await readLocalServing(root, SERVING))?.current.pid).toBe(before?.current.pid);
    expect((await aliases()).champion).toBe(first);
  });

  it('serve stop stops the server and leaves the aliases', async () => {
    const pid = (await readLocalServing(root, SERVING))?.current.pid ?? 0;
    expect(await stopServing(workspace, project, { logger: createMemoryLogger() })).toBe(true);
    expect(isAlive(pid)).toBe(false);
    expect(await servingStatus(workspace, project, { logger: createMemoryLogger() })).toMatchObject(
      { deployed: false },
    );
    expect((await aliases()).champion).toBe(first);
    expect(await stopServing(workspace, project, { logger: createMemoryLogger() })).toBe(false);
  });
});
