import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKubeClient, type KubeClient, type KubeObject } from '../../shared/k8s/client.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { runTrain } from '../../shared/train/run-train.js';
import { sleep } from '../../shared/util/sleep.js';
import { startExtraApiServer } from '../testbed/extra-apiserver.js';
import { TestNamespace } from '../testbed/test-namespace.js';
import { loadTestbed } from '../testbed/testbed.js';
import { scratchWorkspace } from './workspace-fixture.js';

// Faults around a Kubernetes run: the workflow cancelled (SIGTERM to the CLI) and the API server
// restarting in the middle of the watch. Other files run beside this one on the same bed, so the
// API server that crashes is a second one of the bed's (same etcd, flags and certificates) that
// only this file's launcher talks to, and the capacity that arrives is a GPU node growing to 12
// GPUs: enough for this file's 12-GPU pod, still too few for the 16-GPU pods other files expect
// to stay unschedulable.
const repo = path.resolve(import.meta.dirname, '../..');
const bed = loadTestbed();
const ns = new TestNamespace('it-train-faults');
const namespace = ns.name;
const GROWING_NODE = bed.kubernetes.gpuNodes[1] as string;
let admin: KubeClient;
let nodeGpus: { capacity: string; allocatable: string } | undefined;

beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig, namespace });
});

async function setNodeGpus(gpus: { capacity: string; allocatable: string }): Promise<void> {
  await admin.request('PATCH', `/api/v1/nodes/${GROWING_NODE}/status`, {
    contentType: 'application/merge-patch+json',
    body: {
      status: {
        capacity: { 'nvidia.com/gpu': gpus.capacity },
        allocatable: { 'nvidia.com/gpu': gpus.allocatable },
      },
    },
  });
}

afterAll(async () => {
  // The node as the bed registered it, had a test stopped half-way (`up` restores it too).
  if (nodeGpus) await setNodeGpus(nodeGpus);
  await ns.delete();
});

async function jobsOfProject(project: string): Promise<KubeObject[]> {
  const list = await admin.request<{ items: KubeObject[] }>(
    'GET',
    `/apis/batch/v1/namespaces/${namespace}/jobs`,
    {
      query: { labelSelector: `mlenv.dev/project=${project}` },
    },
  );
  return list.items;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function fixture(name: string, gpus: number) {
  return scratchWorkspace({
    name,
    workspace: { tracking: { uri: bed.mlflow.uri }, kubernetes: { namespace } },
    project: { train: { command: ['python', 'train.py'], resources: { gpus }, maxRuntime: '10m' } },
  });
}

describe('kubernetes run faults', () => {
  it('deletes the Job before the CLI exits on SIGTERM', async () => {
    const ws = await fixture(`cancel-${Date.now().toString(36)}`, 16);
    const project = ws.workspace.projects[0]?.name as string;
    try {
      const cli = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(repo, 'cli/src/index.ts'),
          '-w',
          ws.root,
          'train',
          '--backend',
          'kubernetes',
          '--kubeconfig',
          bed.kubernetes.ciKubeconfig,
          '--no-register',
        ],
        { cwd: repo, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      cli.stdout.on('data', (c) => (output += c));
      cli.stderr.on('data', (c) => (output += c));
      const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
      const job = await waitFor('the Job', async () => (await jobsOfProject(project))[0], 60_000);
      cli.kill('SIGTERM');
      const code = await exited;
      // By the time the CLI has exited, the Job is gone or going: the cleanup is not left to chance.
      const jobs = await jobsOfProject(project);
      expect(jobs.every((j) => j.metadata.deletionTimestamp)).toBe(true);
      expect(code).toBe(130);
      expect(output).toContain(`Deleted Job/${job.metadata.name}`);
    } finally {
      ws.cleanup();
    }
  });

  it('keeps following the Job across an API server restart, without creating a second Job', async () => {
    const ws = await fixture(`restart-${Date.now().toString(36)}`, 12);
    const project = ws.workspace.projects[0];
    if (!project) throw new Error('no project');
    const logger = createMemoryLogger();
    const apiserver = await startExtraApiServer(`faults-${process.pid}`);
    try {
      const running = runTrain({
        workspace: ws.workspace,
        project,
        backend: 'kubernetes',
        kubeconfig: apiserver.ciKubeconfig,
        register: false,
        pendingTimeoutMs: 120_000,
        logger,
        signal: new AbortController().signal,
      });
      // 12 GPUs fit no node: the pod waits, and the launcher is watching.
      await waitFor(
        'the pending pod',
        async () =>
          logger.lines.some((l) => l.includes('Insufficient nvidia.com/gpu')) ? true : undefined,
        60_000,
      );

      // A crash while the launcher watches, then the supervisor starts it again.
      await apiserver.crash();
      await apiserver.restart();

      // Capacity arrives (the GPU node grows), so the pending pod is scheduled and completes.
      const node = await admin.request<{
        status: { capacity: Record<string, string>; allocatable: Record<string, string> };
      }>('GET', `/api/v1/nodes/${GROWING_NODE}`);
      nodeGpus = {
        capacity: node.status.capacity['nvidia.com/gpu'] ?? '0',
        allocatable: node.status.allocatable['nvidia.com/gpu'] ?? '0',
      };
      await setNodeGpus({ capacity: '12', allocatable: '12' });
      const outcome = await running;
      if (outcome.kind !== 'run') throw new Error('expected a run');
      expect(outcome.result.status).toBe('succeeded');
      expect(logger.lines.some((l) => /watch .* interrupted .* reconnecting/.test(l))).toBe(true);
      expect(await jobsOfProject(project.name)).toHaveLength(1);
    } finally {
      // Back to the bed's size at once: no other file should land on the grown node.
      if (nodeGpus) await setNodeGpus(nodeGpus);
      nodeGpus = undefined;
      await apiserver.stop();
      ws.cleanup();
    }
  });
});
