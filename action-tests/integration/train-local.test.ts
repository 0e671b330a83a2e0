import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace, type Project, type Workspace } from '../../shared/config/workspace.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { MlflowClient } from '../../shared/mlflow/client.js';
import { runTrain, type TrainRequest } from '../../shared/train/run-train.js';
import { loadTestbed } from '../testbed/testbed.js';
import { initRepository, projectYaml, writeWorkspace } from './workspace-fixture.js';

// The local backend running the real PyTorch template against the test bed's MLflow server, in
// the bed's Python environment (the same pins as the template workspace's lock).
const bed = loadTestbed();
const mlflow = new MlflowClient({ uri: bed.mlflow.uri });
const templateDir = path.resolve(import.meta.dirname, '../../templates/workspace/projects/pytorch');
// The registered model of this file's own: other files register versions beside it.
const MODEL = `train-local-${Date.now().toString(36)}`;
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-local-'));
  writeWorkspace(
    root,
    { tracking: { uri: bed.mlflow.uri } },
    {
      'projects/failing/mlenv.yaml': projectYaml('failing', {
        train: { command: ['python', 'fail.py'] },
      }),
      'projects/failing/fail.py':
        'import sys\nprint("loading data", flush=True)\nprint("boom: bad shape", flush=True)\nsys.exit(3)\n',
      'projects/leaky/mlenv.yaml': projectYaml('leaky', {
        train: { command: ['python', 'leak.py'] },
      }),
      'projects/leaky/leak.py':
        'import os\nprint("token is", os.environ["MLFLOW_TRACKING_TOKEN"], flush=True)\n',
      'projects/sleeper/mlenv.yaml': projectYaml('sleeper', {
        train: { command: ['python', 'sleep.py'] },
      }),
      'projects/sleeper/sleep.py':
        'import time\nprint("started", flush=True)\ntime.sleep(30)\nprint("slept to the end", flush=True)\n',
    },
  );
  cpSync(templateDir, path.join(root, 'projects/fraud'), { recursive: true });
  const projectFile = path.join(root, 'projects/fraud/mlenv.yaml');
  writeFileSync(
    projectFile,
    readFileSync(projectFile, 'utf8').replace('model: pytorch-template', `model: ${MODEL}`),
  );
  initRepository(root, 'feature');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function workspace(): Promise<Workspace> {
  return loadWorkspace(root);
}

/** Trains a project of the workspace locally; `config` overrides keys of its `train:` section. */
async function train(
  projectName: string,
  request: Partial<TrainRequest> = {},
  config: Partial<NonNullable<Project['config']['train']>> = {},
) {
  const ws = await workspace();
  const project = ws.projects.find((p) => p.name === projectName);
  if (!project) throw new Error(`no project ${projectName}`);
  if (Object.keys(config).length > 0) {
    if (!project.config.train) throw new Error(`project ${projectName} has no train section`);
    project.config.train = { ...project.config.train, ...config };
  }
  const logger = createMemoryLogger();
  const outcome = await runTrain({
    workspace: ws,
    project,
    backend: 'local',
    venv: bed.python.venv,
    logger,
    signal: new AbortController().signal,
    ...request,
  });
  if (outcome.kind !== 'run') throw new Error(`expected a run, got ${outcome.kind}`);
  return { result: outcome.result, logger };
}

describe('local backend with the PyTorch template', () => {
  it('trains in one process, and the metrics, the model and the log land in MLflow', async () => {
    const { result } = await train('pytorch-template', { params: { epochs: 2 }, register: true });
    expect(result.status).toBe('succeeded');
    expect(result.backend).toBe('local');
    expect(result.metrics.val_auc).toBeGreaterThan(0.7);
    expect(result.metrics.val_loss).toBeGreaterThan(0);
    const losses = result.history.train_loss?.map((p) => p.value) ?? [];
    expect(losses.length).toBeGreaterThan(3);
    expect(losses.at(-1)).toBeLessThan(losses[0] as number);
    expect(result.modelUri).toMatch(/^models:\/m-[0-9a-f]+$/);

    const run = await mlflow.getRun(result.runId);
    expect(run.info.status).toBe('FINISHED');
    // The launcher logs the params when it creates the run (the trainer logs none itself): the
    // project's train.params with the override, and how the trainer was started.
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    expect(params).toEqual({
      epochs: '2',
      lr: '0.05',
      'batch-size': '64',
      'mlenv.precision': 'fp32',
      'mlenv.world_size': '1',
      'mlenv.launcher': 'python',
    });
    const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
    expect(tags['mlenv.git.branch']).toBe('feature');
    expect(tags['mlenv.git.commit']).toMatch(/^[0-9a-f]{40}$/);
    expect(tags['mlenv.backend']).toBe('local');

    const artifacts = await fetch(
      `${bed.mlflow.uri}/api/2.0/mlflow/artifacts/list?run_id=${result.runId}&path=mlenv`,
    ).then((r) => r.json());
    expect(JSON.stringify(artifacts)).toContain('mlenv/train.log');

    expect(result.registered?.name).toBe(MODEL);
    const version = await fetch(
      `${bed.mlflow.uri}/api/2.0/mlflow/model-versions/get?name=${MODEL}&version=${result.registered?.version}`,
    ).then((r) => r.json() as Promise<{ model_version: { run_id: string; tags: unknown[] } }>);
    expect(version.model_version.run_id).toBe(result.runId);
    expect(version.model_version.tags).toContainEqual({
      key: 'mlenv.git.commit',
      value: tags['mlenv.git.commit'],
    });
  });

  it('trains with torchrun over 2 processes, output prefixed by rank', async () => {
    const { result, logger } = await train(
      'pytorch-template',
      { params: { epochs: 1 }, register: false },
      { distributed: 'torchrun', procsPerNode: 2 },
    );
    const { status, reason, logTail } = result;
    expect({ status, reason, logTail: status === 'succeeded' ? [] : logTail }).toEqual({
      status: 'succeeded',
      reason: undefined,
      logTail: [],
    });
    expect(result.metrics.val_auc).toBeGreaterThan(0.5);
    // The template prints from rank 0 only; it reports the world size torchrun gave it.
    expect(logger.lines.some((l) => /^\[default0\]:device=cpu world_size=2\b/.test(l))).toBe(true);
    const run = await mlflow.getRun(result.runId);
    expect(run.info.status).toBe('FINISHED');
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    expect(params).toMatchObject({ 'mlenv.world_size': '2', 'mlenv.launcher': 'torchrun' });
  });

  it('fails with the exit code and the last log lines when the trainer exits 3', async () => {
    const { result } = await train('failing');
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(3);
    expect(result.reason).toBe('trainer exited with code 3');
    expect(result.logTail).toContain('boom: bad shape');
    expect((await mlflow.getRun(result.runId)).info.status).toBe('FAILED');
  });

  it('stops the trainer when cancelled, and marks the run KILLED', async () => {
    const controller = new AbortController();
    // Cancel once the trainer is running, as Ctrl-C or a cancelled workflow would.
    const logger = createMemoryLogger();
    const info = logger.info;
    logger.info = (line) => {
      info(line);
      if (line === 'started') controller.abort();
    };
    const { result } = await train('sleeper', { signal: controller.signal, logger });
    expect(result.status).toBe('cancelled');
    // Killed mid-sleep: the trainer never reached its last line.
    expect(logger.lines).toContain('started');
    expect(logger.lines).not.toContain('slept to the end');
    expect((await mlflow.getRun(result.runId)).info.status).toBe('KILLED');
  });

  it('hides the tracking token in the log, the result and the log artifact', async () => {
    const token = 'mlflow-token-7f3c9a2e';
    const { result, logger } = await train('leaky', {
      env: { ...process.env, MLFLOW_TRACKING_TOKEN: token },
    });
    expect(result.status).toBe('succeeded');
    expect(logger.lines).toContain('token is ***');
    expect(JSON.stringify(result)).not.toContain(token);
    const artifact = await fetch(
      `${bed.mlflow.uri}/get-artifact?path=mlenv/train.log&run_uuid=${result.runId}`,
    ).then((r) => r.text());
    expect(artifact).toContain('token is ***');
    expect(artifact).not.toContain(token);
  });

  it('names the tracking server when MLflow is unreachable, after bounded retries', async () => {
    await expect(
      train('failing', { trackingUri: 'http://127.0.0.1:9', mlflowRetryBudgetMs: 2_000 }),
    ).rejects.toThrow(
      /MLflow tracking server http:\/\/127\.0\.0\.1:9 is unreachable after \d+ attempt\(s\) in 2s/,
    );
  });
});
