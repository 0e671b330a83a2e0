import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKubeClient, type KubeClient, type KubeObject } from '../../shared/k8s/client.js';
import { createMemoryLogger, type Logger } from '../../shared/logger/index.js';
import { isProcessGroupAlive } from '../../shared/process/identity.js';
import type { Handle, TrainingBackend } from '../../shared/train/backend.js';
import { backendOptions, createBackend } from '../../shared/train/backends/index.js';
import type { JobOutcome, TrainingJob } from '../../shared/train/job.js';
import { buildJob } from '../../shared/train/launch.js';
import { waitUntil } from '../../shared/util/sleep.js';
import { TestNamespace } from '../testbed/test-namespace.js';
import { loadTestbed } from '../testbed/testbed.js';
import { scratchWorkspace } from './workspace-fixture.js';

// The launch seam as tuning will use it: one process submits 4 jobs to the bed's cluster and 4
// local ones, follows all 8 side by side, cancels two of each mid-run, and leaves nothing behind.
// Who plays what: the bed's API server, scheduler and Job controller are real; kwok plays the
// kubelet and completes a Job's pod a second after it runs (k8s/kwok-stages.yaml), so the cluster
// jobs that finish ask for no GPU, and the ones to cancel ask for 16 GPUs, more than any node has,
// so the scheduler keeps them pending until they are cancelled. The local trainers are small Node
// scripts that sleep and exit 0; the ones to cancel sleep far longer than the test runs.
const bed = loadTestbed();
const ns = new TestNamespace('it-launch-seam');
const namespace = ns.name;
const suffix = `${process.pid}-${Date.now().toString(36)}`;
let admin: KubeClient;

beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig, namespace });
});

afterAll(async () => {
  await ns.delete();
});

const TRAINER = [
  'const seconds = Number(process.argv[2]);',
  'console.log(`started, sleeping ${seconds}s`);',
  'setTimeout(() => console.log("done"), seconds * 1000);',
].join('\n');

interface Followed {
  name: string;
  backend: TrainingBackend;
  handle: Handle;
  logger: Logger & { lines: string[] };
  cancel: boolean;
  outcome?: Promise<JobOutcome>;
}

const RUN_LABEL = 'mlenv.dev/mlflow-run-id';

/** Every object of the given runs in the namespace, of each kind a run creates. */
async function leftovers(runIds: readonly string[]): Promise<string[]> {
  const selector = `${RUN_LABEL} in (${runIds.join(',')})`;
  const kinds = [
    ['/apis/batch/v1', 'jobs'],
    ['/api/v1', 'pods'],
    ['/api/v1', 'secrets'],
    ['/api/v1', 'configmaps'],
    ['/api/v1', 'services'],
  ] as const;
  const found = await Promise.all(
    kinds.map(async ([base, plural]) => {
      const list = await admin.request<{ items: KubeObject[] }>(
        'GET',
        `${base}/namespaces/${namespace}/${plural}`,
        { query: { labelSelector: selector } },
      );
      return list.items.map((item) => `${plural}/${item.metadata.name}`);
    }),
  );
  return found.flat();
}

describe('the launch seam', () => {
  it('follows 4 cluster and 4 local jobs side by side, cancels two of each, and leaves nothing behind', async () => {
    const fixture = await scratchWorkspace({
      name: 'seam',
      workspace: {
        tracking: { uri: bed.mlflow.uri },
        // A fixed workload: the two-node job runs as an indexed Job and its Service, which
        // `leftovers` finds by the run label. As a TrainJob (the bed runs the Trainer and JobSet
        // controllers) it would also leave a JobSet and Jobs, which carry no MLEnv label.
        kubernetes: { namespace, workload: 'job' },
      },
      project: { train: { command: ['node', 'trainer.js'] } },
      files: { 'projects/demo/trainer.js': TRAINER },
    });
    const { workspace } = fixture;
    const project = workspace.projects[0];
    if (!project) throw new Error('no project');
    const setup = createMemoryLogger();
    const options = (name: 'local' | 'kubernetes') =>
      backendOptions({
        name,
        workspace,
        projectDir: project.dir,
        context: {},
        image: 'ghcr.io/acme/mlenv-runtime:seam',
        kubeconfig: bed.kubernetes.ciKubeconfig,
        logger: setup,
      });
    // One instance of each backend for all its jobs, as a tuner would hold them.
    const cluster = await createBackend(options('kubernetes'));
    const local = await createBackend(options('local'));

    const job = (id: string, train: Partial<TrainingJob['train']> = {}): TrainingJob => {
      const built = buildJob(
        { workspace, project, secretEnv: { MLFLOW_TRACKING_TOKEN: `seam-token-${suffix}` } },
        {
          runId: `${id}-seam-${suffix}`,
          runName: `seam-${id}`,
          experimentId: '0',
          trackingUri: bed.mlflow.uri,
        },
      );
      return { ...built, train: { ...built.train, ...train } };
    };
    const localJob = (id: string, seconds: number): TrainingJob => ({
      ...job(id),
      command: [process.execPath, 'trainer.js', String(seconds)],
    });

    const plans: { name: string; backend: TrainingBackend; job: TrainingJob; cancel: boolean }[] = [
      { name: 'k8s one node', backend: cluster, job: job('k0'), cancel: false },
      {
        name: 'k8s two nodes',
        backend: cluster,
        job: job('k1', { nodes: 2, distributed: 'torchrun' }),
        cancel: false,
      },
      {
        name: 'k8s pending, accelerate',
        backend: cluster,
        job: job('k2', { distributed: 'accelerate', resources: { gpus: 16 } }),
        cancel: true,
      },
      {
        name: 'k8s pending',
        backend: cluster,
        job: job('k3', { resources: { gpus: 16 } }),
        cancel: true,
      },
      { name: 'local 1s', backend: local, job: localJob('l0', 1), cancel: false },
      { name: 'local 2s', backend: local, job: localJob('l1', 2), cancel: false },
      { name: 'local long', backend: local, job: localJob('l2', 600), cancel: true },
      { name: 'local long too', backend: local, job: localJob('l3', 600), cancel: true },
    ];
    const runIds = plans.map((p) => p.job.runId);

    const followed: Followed[] = [];
    let finished = false;
    try {
      for (const plan of plans) {
        const logger = createMemoryLogger();
        const handle = await plan.backend.submit(plan.job, logger);
        followed.push({
          name: plan.name,
          backend: plan.backend,
          handle,
          logger,
          cancel: plan.cancel,
        });
      }
      // All 8 followed at once, each with its own log.
      for (const entry of followed)
        entry.outcome = entry.backend.follow(
          entry.handle,
          entry.logger,
          new AbortController().signal,
        );

      // Mid-run: a local trainer that has started, a cluster job whose pod the scheduler has
      // turned down.
      const targets = followed.filter((f) => f.cancel);
      await Promise.all(
        targets.map((target) =>
          waitUntil(
            `${target.name} to be running or pending`,
            () =>
              target.logger.lines.some((line) =>
                target.handle.backend === 'local'
                  ? line.startsWith('started')
                  : /^Pod \S+: 0\/\d+ nodes are available/.test(line),
              ),
            { timeoutMs: 90_000 },
          ),
        ),
      );
      await Promise.all(targets.map((t) => t.backend.cancel(t.handle, t.logger)));

      const outcomes = await Promise.all(followed.map((f) => f.outcome as Promise<JobOutcome>));
      expect(
        followed.map((f, i) => ({
          name: f.name,
          status: outcomes[i]?.status,
          reason: outcomes[i]?.reason,
        })),
      ).toEqual(
        followed.map((f) =>
          f.cancel
            ? { name: f.name, status: 'cancelled', reason: 'cancelled' }
            : { name: f.name, status: 'succeeded', reason: undefined },
        ),
      );
      // Each job's log is its own: the local trainers that finished printed their last line.
      for (const f of followed.filter((f) => f.handle.backend === 'local' && !f.cancel))
        expect(f.logger.lines).toContain('done');
      for (const f of followed.filter((f) => f.handle.backend === 'local' && f.cancel))
        expect(f.logger.lines).not.toContain('done');

      // What a tuner does with a finished trial once its results are read: clean it up. The
      // cancelled ones get nothing more than their cancel.
      for (const f of followed.filter((f) => !f.cancel))
        await f.backend.cleanup(f.handle, f.logger);
      finished = true;
    } finally {
      // Whatever a failure left behind goes, so the next file's pods find free nodes.
      if (!finished)
        for (const f of followed)
          await f.backend.cleanup(f.handle, f.logger).catch(() => undefined);
      fixture.cleanup();
    }

    for (const f of followed) {
      if (f.handle.backend === 'local')
        expect(isProcessGroupAlive(f.handle.trainer.pid)).toBe(false);
    }
    // The garbage collector removes the pods of a deleted Job a moment after it.
    let left: string[] = [];
    await waitUntil(
      'every object of the runs to be gone',
      async () => {
        left = await leftovers(runIds);
        return left.length === 0;
      },
      { timeoutMs: 90_000 },
    ).catch(() => undefined);
    expect(left).toEqual([]);
  });
});
