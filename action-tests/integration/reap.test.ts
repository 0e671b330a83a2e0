import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createGithubClient } from '../../shared/github/client.js';
import { createKubeClient, type KubeClient, KubeError } from '../../shared/k8s/client.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { MlflowClient } from '../../shared/mlflow/client.js';
import type { Run } from '../../shared/mlflow/schema.js';
import {
  isProcessGroupAlive,
  isSameProcessAlive,
  type ProcessIdentity,
  processIdentity,
} from '../../shared/process/identity.js';
import type { Handle, KubernetesHandle, LocalHandle } from '../../shared/train/backend.js';
import { backendForHandle } from '../../shared/train/backends/index.js';
import { HANDLE_TAG, parseHandle } from '../../shared/train/handle.js';
import { REAP_REASON_TAG, type ReapEntry, reapRuns } from '../../shared/train/reap.js';
import { waitUntil } from '../../shared/util/sleep.js';
import { type GithubServer, startGithubServer } from '../github-server/server.js';
import { TestNamespace } from '../testbed/test-namespace.js';
import { loadTestbed } from '../testbed/testbed.js';
import { initRepository, projectYaml, writeWorkspace } from './workspace-fixture.js';

// `mlenv reap` against the bed's MLflow with real processes killed by SIGKILL, the way a launcher
// dies for real (an OOM kill, a closed terminal, a runner that vanished), and real cluster Jobs.
const bed = loadTestbed();
const mlflow = new MlflowClient({ uri: bed.mlflow.uri });
const repoRoot = path.resolve(import.meta.dirname, '../..');
const suffix = `${process.pid}-${Date.now().toString(36)}`;
// Outside a GitHub runner: no workflow run URL, no token, a local branch.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_')),
);

const children: ChildProcess[] = [];
const groups: number[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
  }
});

/** A process that stands in for a launcher: alive until the test kills it. */
function standIn(): { identity: ProcessIdentity; kill(): Promise<void> } {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  children.push(child);
  if (!child.pid) throw new Error('sleep did not start');
  const identity = processIdentity(child.pid);
  return {
    identity,
    async kill() {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A trainer as the local backend starts one: the leader of a process group of its own. */
function trainerGroup(): ProcessIdentity {
  const child = spawn('sh', ['-c', 'sleep 600 & wait'], { detached: true, stdio: 'ignore' });
  child.unref();
  if (!child.pid) throw new Error('sh did not start');
  groups.push(child.pid);
  return processIdentity(child.pid);
}

async function runningRun(experimentId: string, name: string, handle: object | string) {
  const run = await mlflow.createRun(experimentId, name, {});
  const value =
    typeof handle === 'string' ? handle : JSON.stringify({ ...handle, runId: run.info.run_id });
  await mlflow.setTags(run.info.run_id, { [HANDLE_TAG]: value });
  return run.info.run_id;
}

const tagOf = (run: Run, key: string) => run.data.tags.find((t) => t.key === key)?.value;
const entryOf = (entries: ReapEntry[], runId: string) => entries.find((e) => e.runId === runId);

function reap(experimentId: string, extra: Partial<Parameters<typeof reapRuns>[0]> = {}) {
  const logger = createMemoryLogger();
  return reapRuns({
    mlflow,
    scope: { experimentIds: [experimentId] },
    logger,
    env,
    backendFor: (handle: Handle) => backendForHandle(handle, { logger, env }),
    ...extra,
  }).then((entries) => ({ entries, logger }));
}

describe('reap on this host, with real processes', () => {
  it('ends the runs of SIGKILLed launchers, stops an orphan trainer, and spares a live launcher', async () => {
    const experimentId = await mlflow.getOrCreateExperiment(`reap-local-${suffix}`);
    const submittedAt = new Date().toISOString();

    // 1: the launcher was killed, and its trainer is gone too.
    const launcher1 = standIn();
    const trainer1 = standIn();
    const dead = await runningRun(experimentId, 'dead', {
      backend: 'local',
      submittedAt,
      launcher: launcher1.identity,
      trainer: trainer1.identity,
    } satisfies Omit<LocalHandle, 'runId'>);
    // 2: the launcher is this test process, alive; its trainer runs.
    const trainer2 = trainerGroup();
    const alive = await runningRun(experimentId, 'alive', {
      backend: 'local',
      submittedAt,
      launcher: processIdentity(),
      trainer: trainer2,
    } satisfies Omit<LocalHandle, 'runId'>);
    // 3: the launcher was killed, and its trainer still runs: an orphan.
    const launcher3 = standIn();
    const trainer3 = trainerGroup();
    const orphan = await runningRun(experimentId, 'orphan', {
      backend: 'local',
      submittedAt,
      launcher: launcher3.identity,
      trainer: trainer3,
    } satisfies Omit<LocalHandle, 'runId'>);
    // 4: a handle nobody can read.
    const garbled = await runningRun(experimentId, 'garbled', '{"backend": "local", "launcher"');

    await Promise.all([launcher1.kill(), trainer1.kill(), launcher3.kill()]);
    expect(isSameProcessAlive(launcher1.identity)).toBe(false);
    expect(isProcessGroupAlive(trainer3.pid)).toBe(true);

    // A dry run decides the same and changes nothing.
    const dry = await reap(experimentId, { dryRun: true });
    expect(entryOf(dry.entries, orphan)).toMatchObject({ action: 'ended', dryRun: true });
    expect((await mlflow.getRun(orphan)).info.status).toBe('RUNNING');
    expect(isProcessGroupAlive(trainer3.pid)).toBe(true);

    const { entries, logger } = await reap(experimentId);
    expect(entries).toHaveLength(4);
    const host = processIdentity().host;
    expect(entryOf(entries, dead)).toMatchObject({
      action: 'ended',
      status: 'FAILED',
      reason: expect.stringMatching(
        new RegExp(`^launcher pid ${launcher1.identity.pid} on host ${host} is gone; `),
      ),
      dryRun: false,
    });
    expect(entryOf(entries, alive)).toEqual({
      runId: alive,
      experimentId,
      runName: 'alive',
      action: 'spared',
      reason: `launcher pid ${process.pid} on host ${host} is alive`,
    });
    expect(entryOf(entries, orphan)).toMatchObject({
      action: 'ended',
      status: 'FAILED',
      cleanedUp: true,
    });
    expect(entryOf(entries, garbled)).toMatchObject({ action: 'unreadable' });

    for (const runId of [dead, orphan]) {
      const run = await mlflow.getRun(runId);
      expect(run.info.status).toBe('FAILED');
      expect(tagOf(run, REAP_REASON_TAG)).toBe(
        (entryOf(entries, runId) as { reason: string }).reason,
      );
    }
    expect((await mlflow.getRun(alive)).info.status).toBe('RUNNING');
    expect((await mlflow.getRun(garbled)).info.status).toBe('RUNNING');
    await waitUntil('the orphan trainer is stopped', () => !isProcessGroupAlive(trainer3.pid));
    expect(isProcessGroupAlive(trainer2.pid)).toBe(true);
    // One line per run; the unreadable one a warning.
    expect(logger.lines.filter((l) => l.startsWith('reap: '))).toHaveLength(3);
    expect(logger.lines.filter((l) => l.startsWith('warning: reap: '))).toEqual([
      expect.stringContaining(`run garbled (${garbled}) left alone: tag ${HANDLE_TAG} is not JSON`),
    ]);

    // Reaping again ends nothing more: the ended runs are no longer RUNNING.
    const again = await reap(experimentId);
    expect(again.entries.map((e) => [e.runId, e.action]).sort()).toEqual(
      [
        [alive, 'spared'],
        [garbled, 'unreadable'],
      ].sort(),
    );
  });

  it('finds a project by its experiment and creates none for a project that never ran', async () => {
    const logger = createMemoryLogger();
    const entries = await reapRuns({
      mlflow,
      scope: { project: `never-trained-${suffix}` },
      logger,
      env,
      backendFor: (handle: Handle) => backendForHandle(handle, { logger, env }),
    });
    expect(entries).toEqual([]);
    expect(await mlflow.findExperiment(`never-trained-${suffix}`)).toBeUndefined();
  });
});

describe('mlenv train killed with SIGKILL, then mlenv reap', () => {
  const project = `reap-sleeper-${suffix}`;
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'mlenv-reap-'));
    writeWorkspace(
      root,
      { tracking: { uri: bed.mlflow.uri } },
      {
        'projects/sleeper/mlenv.yaml': projectYaml(project, {
          train: { command: ['python', 'sleep.py'] },
        }),
        'projects/sleeper/sleep.py':
          'import time\nprint("started", flush=True)\ntime.sleep(600)\nprint("slept to the end", flush=True)\n',
      },
    );
    initRepository(root, 'feature');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // One Node process (no tsx CLI in between, which would relay signals from a child of its own),
  // so that the SIGKILL hits the launcher itself.
  const mlenvArgs = (args: string[]) => [
    '--import',
    path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs'),
    path.join(repoRoot, 'cli/src/index.ts'),
    ...args,
  ];

  it('ends the run FAILED with the reason and leaves no trainer behind', async () => {
    const launcher = spawn(
      process.execPath,
      mlenvArgs(['train', project, '--venv', bed.python.venv]),
      {
        cwd: root,
        env: { ...env, NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(launcher);
    let output = '';
    launcher.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    launcher.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });

    // The handle is tagged at submission, so the trainer runs once it is there.
    let run: Run | undefined;
    await waitUntil(
      `mlenv train submits (output so far: ${output.slice(-500)})`,
      async () => {
        if (launcher.exitCode !== null) throw new Error(`mlenv train exited early:\n${output}`);
        const experimentId = await mlflow.findExperiment(project);
        if (!experimentId) return false;
        [run] = await mlflow.searchRuns([experimentId], `tags.\`${HANDLE_TAG}\` LIKE '%'`);
        return run !== undefined && output.includes('started');
      },
      { timeoutMs: 120_000 },
    );
    if (!run) throw new Error('no run');
    const handle = parseHandle(tagOf(run, HANDLE_TAG) ?? '');
    if (handle.backend !== 'local')
      throw new Error(`expected a local handle, found ${handle.backend}`);
    expect(handle.launcher).toEqual(processIdentity(launcher.pid));

    const exited = once(launcher, 'exit');
    launcher.kill('SIGKILL');
    await exited;
    // What the issue saw: the run stays RUNNING, and the trainer runs on without its launcher.
    expect((await mlflow.getRun(run.info.run_id)).info.status).toBe('RUNNING');
    expect(isProcessGroupAlive(handle.trainer.pid)).toBe(true);
    groups.push(handle.trainer.pid);

    const reaped = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) => {
        execFile(
          process.execPath,
          mlenvArgs(['reap', project, '--json']),
          { cwd: root, env: { ...env, NODE_OPTIONS: '' }, timeout: 120_000 },
          (error, stdout, stderr) => {
            const code = error ? (error as { code?: unknown }).code : 0;
            resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
          },
        );
      },
    );
    expect({ code: reaped.code, stderr: reaped.stderr }).toEqual({
      code: 0,
      stderr: expect.any(String),
    });
    const entries = JSON.parse(reaped.stdout) as ReapEntry[];
    const reason = `launcher pid ${launcher.pid} on host ${handle.launcher.host} is gone; the trainer (pid ${handle.trainer.pid}) was still running and was stopped`;
    expect(entries).toEqual([
      {
        runId: run.info.run_id,
        experimentId: run.info.experiment_id,
        runName: run.info.run_name,
        action: 'ended',
        status: 'FAILED',
        reason,
        cleanedUp: true,
        dryRun: false,
      },
    ]);
    const ended = await mlflow.getRun(run.info.run_id);
    expect(ended.info.status).toBe('FAILED');
    expect(tagOf(ended, REAP_REASON_TAG)).toBe(reason);
    await waitUntil('the trainer is stopped', () => !isProcessGroupAlive(handle.trainer.pid));
  });
});

describe('reap of cluster runs', () => {
  const ns = new TestNamespace('reap');
  let kube: KubeClient;
  let github: GithubServer;

  beforeAll(async () => {
    await ns.create();
    kube = await createKubeClient({ kubeconfig: bed.kubernetes.ciKubeconfig, namespace: ns.name });
    github = await startGithubServer();
    github.state.seedRepo({ owner: 'acme', repo: 'ml' });
  });
  afterAll(async () => {
    await github?.stop();
    await ns.delete();
  });

  const jobsPath = () => `/apis/batch/v1/namespaces/${ns.name}/jobs`;
  const configMapsPath = () => `/api/v1/namespaces/${ns.name}/configmaps`;

  /**
   * A Job that exists and never finishes (suspended: kwok would complete its pod in a second),
   * with a ConfigMap it owns, as the backend creates them.
   */
  async function createJob(name: string): Promise<KubernetesHandle['objects']> {
    const job = await kube.request<{ metadata: { uid: string } }>('POST', jobsPath(), {
      body: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name },
        spec: {
          suspend: true,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'trainer', image: 'busybox', command: ['sleep', '600'] }],
            },
          },
        },
      },
    });
    await kube.request('POST', configMapsPath(), {
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: `${name}-env`,
          ownerReferences: [
            { apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata.uid, controller: true },
          ],
        },
        data: {},
      },
    });
    return [
      { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns.name, name: `${name}-env` },
      { apiVersion: 'batch/v1', kind: 'Job', namespace: ns.name, name },
    ];
  }

  async function exists(objectPath: string): Promise<boolean> {
    try {
      await kube.request('GET', objectPath);
      return true;
    } catch (error) {
      if (error instanceof KubeError && error.status === 404) return false;
      throw error;
    }
  }

  it('ends a run whose Job is gone, deletes a Job whose workflow run ended, spares one that runs', async () => {
    const experimentId = await mlflow.getOrCreateExperiment(`reap-cluster-${suffix}`);
    const base = {
      backend: 'kubernetes' as const,
      submittedAt: new Date().toISOString(),
      kubeconfig: bed.kubernetes.ciKubeconfig,
      context: kube.context,
      namespace: ns.name,
    };
    // A runner elsewhere: only the cluster and GitHub can tell.
    const elsewhere = { host: `gh-runner-${suffix}`, pid: 4242, startTime: '1' };

    const launcher = standIn();
    const goneRun = await runningRun(experimentId, 'gone', {
      ...base,
      launcher: launcher.identity,
      objects: [{ apiVersion: 'batch/v1', kind: 'Job', namespace: ns.name, name: 'never-existed' }],
    } satisfies Omit<KubernetesHandle, 'runId'>);
    await launcher.kill();

    const cancelled = github.state.addWorkflowRun({ owner: 'acme', repo: 'ml' });
    const cancelledObjects = await createJob('cancelled-workflow');
    const cancelledRun = await runningRun(experimentId, 'cancelled', {
      ...base,
      launcher: elsewhere,
      objects: cancelledObjects,
      workflowRunUrl: `${github.url}/acme/ml/actions/runs/${cancelled.id}`,
    } satisfies Omit<KubernetesHandle, 'runId'>);

    const live = github.state.addWorkflowRun({ owner: 'acme', repo: 'ml' });
    const liveObjects = await createJob('live-workflow');
    const liveRun = await runningRun(experimentId, 'live', {
      ...base,
      launcher: elsewhere,
      objects: liveObjects,
      workflowRunUrl: `${github.url}/acme/ml/actions/runs/${live.id}`,
    } satisfies Omit<KubernetesHandle, 'runId'>);

    // The workflow was cancelled: its runner, and the launcher on it, are gone.
    cancelled.status = 'completed';
    cancelled.conclusion = 'cancelled';

    const logger = createMemoryLogger();
    const octokit = await createGithubClient({ token: 'test-token', baseUrl: github.url, logger });
    const { entries } = await reap(experimentId, { github: octokit });

    expect(entryOf(entries, goneRun)).toMatchObject({
      action: 'ended',
      status: 'FAILED',
      reason: expect.stringContaining(`Job ${ns.name}/never-existed no longer exists`),
    });
    expect(entryOf(entries, cancelledRun)).toMatchObject({
      action: 'ended',
      status: 'FAILED',
      cleanedUp: true,
      reason: expect.stringMatching(
        new RegExp(
          `^workflow run .*/actions/runs/${cancelled.id} is completed \\(cancelled\\); Job ${ns.name}/cancelled-workflow `,
        ),
      ),
    });
    expect(entryOf(entries, liveRun)).toMatchObject({ action: 'spared' });

    for (const runId of [goneRun, cancelledRun]) {
      const run = await mlflow.getRun(runId);
      expect(run.info.status).toBe('FAILED');
      expect(tagOf(run, REAP_REASON_TAG)).toBe(
        (entryOf(entries, runId) as { reason: string }).reason,
      );
    }
    expect((await mlflow.getRun(liveRun)).info.status).toBe('RUNNING');
    // Deletion of a Job may take a moment (its finalizers); the objects go, the live ones stay.
    await waitUntil("the cancelled workflow run's objects are deleted", async () => {
      const left = await Promise.all([
        exists(`${jobsPath()}/cancelled-workflow`),
        exists(`${configMapsPath()}/cancelled-workflow-env`),
      ]);
      return left.every((x) => !x);
    });
    expect(await exists(`${jobsPath()}/live-workflow`)).toBe(true);
    expect(await exists(`${configMapsPath()}/live-workflow-env`)).toBe(true);
    expect(github.violations()).toEqual([]);
  });
});
