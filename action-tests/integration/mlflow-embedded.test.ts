import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace } from '../../shared/config/workspace.js';
import { resolveEnvironment } from '../../shared/environment/index.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { MlflowClient } from '../../shared/mlflow/client.js';
import {
  type EmbeddedServer,
  embeddedDir,
  embeddedStatus,
  ensureEmbeddedMlflow,
  rememberedPort,
  stopEmbeddedMlflow,
} from '../../shared/mlflow/embedded.js';
import { isAlive, signalGroup } from '../../shared/process/daemon.js';
import { runTrain } from '../../shared/train/run-train.js';
import { sleep } from '../../shared/util/sleep.js';
import { loadTestbed } from '../testbed/testbed.js';
import { initRepository, projectYaml, writeWorkspace } from './workspace-fixture.js';

// The embedded MLflow server of a workspace without tracking.uri, run from the bed's Python
// environment (the template lock's mlflow): one process, and the same address after a restart.
const bed = loadTestbed();
const EPOCHS = 8;
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-embedded-'));
  writeWorkspace(
    root,
    {},
    {
      'projects/epochs/mlenv.yaml': projectYaml('epochs', {
        train: { command: ['python', 'epochs.py'] },
      }),
      // A trainer that logs one metric per epoch. After epoch 1 it waits until the test has
      // killed the server, so that epoch 2 is logged into the outage, whatever the timing.
      'projects/epochs/epochs.py': [
        'import os, time',
        'import mlflow',
        'with mlflow.start_run():',
        `    for epoch in range(${EPOCHS}):`,
        '        while epoch == 2 and not os.path.exists("killed"):',
        '            time.sleep(0.1)',
        '        mlflow.log_metric("loss", 1.0 / (epoch + 1), step=epoch)',
        '        print(f"epoch {epoch} logged", flush=True)',
        '        time.sleep(1)',
        '',
      ].join('\n'),
    },
  );
  initRepository(root, 'feature');
});

afterAll(async () => {
  await stopEmbeddedMlflow(root);
  rmSync(root, { recursive: true, force: true });
});

/** Pids of the process group the server leads (it starts in its own session). */
function processGroup(pgid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,pgid='], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([, group]) => group === pgid)
    .map(([pid]) => pid as number);
}

describe('the embedded MLflow server', () => {
  it('keeps its address across a kill mid-run, and the run loses nothing', async () => {
    const workspace = await loadWorkspace(root);
    const project = workspace.projects.find((p) => p.name === 'epochs');
    if (!project) throw new Error('no project epochs');
    const logger = createMemoryLogger();
    const environment = await resolveEnvironment(workspace, { venv: bed.python.venv, logger });
    // What `mlenv mlflow ui` runs, after the server died under the trainer.
    let restart: Promise<{ killed: EmbeddedServer; restarted: EmbeddedServer }> | undefined;
    const info = logger.info;
    logger.info = (line) => {
      info(line);
      if (line !== 'epoch 1 logged' || restart) return;
      restart = (async () => {
        const killed = JSON.parse(
          readFileSync(path.join(embeddedDir(root), 'server.json'), 'utf8'),
        ) as EmbeddedServer;
        expect(processGroup(killed.pid)).toEqual([killed.pid]);
        signalGroup(killed.pid, 'SIGKILL');
        while (isAlive(killed.pid)) await sleep(50);
        writeFileSync(path.join(root, 'projects/epochs/killed'), '');
        const restarted = await ensureEmbeddedMlflow({
          workspaceRoot: root,
          environment,
          logger: createMemoryLogger(),
        });
        return { killed, restarted };
      })();
      // Awaited after the run; this only keeps an early failure from being an unhandled rejection.
      restart.catch(() => {});
    };

    const outcome = await runTrain({
      workspace,
      project,
      backend: 'local',
      venv: bed.python.venv,
      register: false,
      logger,
      signal: new AbortController().signal,
    });
    if (outcome.kind !== 'run') throw new Error(`expected a run, got ${outcome.kind}`);
    if (!restart) throw new Error(`the trainer never logged epoch 1:\n${logger.lines.join('\n')}`);
    const { killed, restarted } = await restart;

    expect(restarted.pid).not.toBe(killed.pid);
    expect(restarted.uri).toBe(killed.uri);
    expect(await rememberedPort(root)).toBe(killed.port);
    const { status, reason, logTail } = outcome.result;
    expect({ status, reason, logTail: status === 'succeeded' ? [] : logTail }).toEqual({
      status: 'succeeded',
      reason: undefined,
      logTail: [],
    });
    const mlflow = new MlflowClient({ uri: restarted.uri });
    expect((await mlflow.getRun(outcome.result.runId)).info.status).toBe('FINISHED');
    const history = await mlflow.metricHistory(outcome.result.runId, 'loss');
    expect([...new Set(history.map((m) => m.step))].sort((a, b) => a - b)).toEqual(
      Array.from({ length: EPOCHS }, (_, epoch) => epoch),
    );
    expect(await embeddedStatus(root)).toEqual(restarted);
  }, 300_000);

  it('serves the UI and proxies artifacts as mlflow-artifacts:', async () => {
    const logger = createMemoryLogger();
    const workspace = await loadWorkspace(root);
    const server = await ensureEmbeddedMlflow({
      workspaceRoot: root,
      environment: await resolveEnvironment(workspace, { venv: bed.python.venv, logger }),
      logger,
    });
    const page = await fetch(`${server.uri}/`).then((r) => r.text());
    expect(page).toContain('<!doctype html>');
    const mlflow = new MlflowClient({ uri: server.uri });
    const experimentId = await mlflow.getOrCreateExperiment('artifacts');
    const run = await mlflow.createRun(experimentId, 'artifacts', {});
    const artifactUri = run.info.artifact_uri ?? '';
    expect(artifactUri).toMatch(/^mlflow-artifacts:\//);
    const artifactPath = artifactUri.replace(/^mlflow-artifacts:\//, '');
    const put = await fetch(
      `${server.uri}/api/2.0/mlflow-artifacts/artifacts/${artifactPath}/hello.txt`,
      {
        method: 'PUT',
        body: 'hello',
      },
    );
    expect(put.status).toBe(200);
    const get = await fetch(
      `${server.uri}/get-artifact?path=hello.txt&run_uuid=${run.info.run_id}`,
    );
    expect(await get.text()).toBe('hello');
    // Refused: MLflow's DNS-rebinding guard is on in the single process too (fetch would send
    // the URL's host whatever the headers say).
    const foreign = await new Promise<number | undefined>((resolve, reject) =>
      httpGet(
        `${server.uri}/api/2.0/mlflow/experiments/search?max_results=1`,
        { headers: { host: 'attacker.example' } },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      ).on('error', reject),
    );
    expect(foreign).toBe(403);
  });
});
