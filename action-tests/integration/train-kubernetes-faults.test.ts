import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKubeClient, type KubeClient, type KubeObject } from '../../shared/k8s/client.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { runTrain } from '../../shared/train/run-train.js';
import { readRecord } from '../testbed/daemon.js';
import { loadTestbed } from '../testbed/testbed.js';
import { scratchWorkspace } from './workspace-fixture.js';

// Faults around a Kubernetes run: the workflow cancelled (SIGTERM to the CLI) and the API server
// restarting in the middle of the watch.
const repo = path.resolve(import.meta.dirname, '../..');
const bed = loadTestbed();
const namespace = bed.kubernetes.namespace;
const BIG_NODE = 'gpu-node-big';
let admin: KubeClient;

beforeAll(async () => {
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig, namespace });
});

afterAll(async () => {
  await admin.request('DELETE', `/api/v1/nodes/${BIG_NODE}`).catch(() => undefined);
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
    await new Promise((r) => setTimeout(r, 100));
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
    try {
      const running = runTrain({
        workspace: ws.workspace,
        project,
        backend: 'kubernetes',
        kubeconfig: bed.kubernetes.ciKubeconfig,
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

      const apiserver = readRecord('kube-apiserver');
      if (!apiserver) throw new Error('the test bed has no kube-apiserver record');
      // A crash, not a graceful stop: a graceful one waits for long-running requests to drain.
      process.kill(apiserver.pid, 'SIGKILL');
      await waitFor('the API server to stop', async () => {
        try {
          process.kill(apiserver.pid, 0);
          return undefined;
        } catch {
          return true;
        }
      });
      const up = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(repo, 'action-tests/testbed/cli.ts'), 'up'],
        {
          cwd: repo,
          env: { ...process.env, NODE_OPTIONS: '' },
          encoding: 'utf8',
        },
      );
      expect(up.status).toBe(0);

      // Capacity arrives (a bigger GPU node joins), so the pending pod is scheduled and completes.
      await admin.request('POST', '/api/v1/nodes', {
        body: {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: {
            name: BIG_NODE,
            annotations: { 'kwok.x-k8s.io/node': 'fake' },
            labels: { type: 'kwok', 'kubernetes.io/hostname': BIG_NODE },
          },
          spec: { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] },
          status: {
            capacity: { cpu: '96', memory: '1Ti', pods: '110', 'nvidia.com/gpu': '16' },
            allocatable: { cpu: '96', memory: '1Ti', pods: '110', 'nvidia.com/gpu': '16' },
          },
        },
      });
      const outcome = await running;
      if (outcome.kind !== 'run') throw new Error('expected a run');
      expect(outcome.result.status).toBe('succeeded');
      expect(logger.lines.some((l) => /watch .* interrupted .* reconnecting/.test(l))).toBe(true);
      expect(await jobsOfProject(project.name)).toHaveLength(1);
    } finally {
      ws.cleanup();
    }
  });
});
