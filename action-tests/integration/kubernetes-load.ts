import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { trainSchema } from '../../shared/config/schema.js';
import { createKubeClient, type KubeObject } from '../../shared/k8s/client.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { createKubernetesBackend } from '../../shared/train/backends/kubernetes/index.js';
import type { TrainingJob } from '../../shared/train/job.js';
import type { Testbed } from '../testbed/testbed.js';
import { git, projectYaml, writeWorkspace } from './workspace-fixture.js';

// Many launches at once against the bed's kwok nodes (kwok completes each pod about a second
// after it runs): one process submitting and following N handles through the Kubernetes backend,
// beside M `mlenv train --backend kubernetes` processes of the CLI bundle. Shared by the load test
// (no orphan, a constant number of API requests per job) and bench/train-kubernetes-load.ts.

const repoRoot = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(repoRoot, 'cli/dist/index.js');

export interface LoadFigures {
  jobs: number;
  succeeded: number;
  /** API requests (and watches) of one job followed alone, in the same run. */
  alone: { requests: number; watches: number };
  /** Of the N jobs followed together, per job. */
  perJob: { requests: number; watches: number };
  cli: { processes: number; succeeded: number; failures: string[] };
  /** Objects left that no finished Job owns: pods, Secrets, ConfigMaps, Services, unfinished Jobs. */
  orphans: string[];
  /** Peak resident memory of this process while it followed the N jobs. */
  peakRssMiB: number;
  /**
   * How much of it following them added: a jest worker carries what earlier test files left, so
   * the peak alone says little about the N jobs.
   */
  addedRssMiB: number;
  seconds: { inProcess: number; cli: number };
}

function trainingJob(bed: Testbed, index: number, prefix: string): TrainingJob {
  const name = `${prefix}-${index}`;
  return {
    project: name,
    projectDir: '/nowhere',
    runId: `${prefix}${index.toString(16).padStart(4, '0')}`.padEnd(32, '0').slice(0, 32),
    runName: name,
    experimentId: '0',
    trackingUri: bed.mlflow.uri,
    attempt: 1,
    train: trainSchema.parse({ command: ['python', 'train.py'], resources: { cpu: '100m' } }),
    command: ['python', 'train.py'],
    env: {},
    outputDir: '/tmp/out',
    checkpointDir: '/tmp/ckpt',
    secretEnv: { MLFLOW_TRACKING_TOKEN: `token-${index}` },
    secrets: [`token-${index}`],
  };
}

/** A backend of its own, so that its client's counts are the requests of its jobs alone. */
async function followJobs(bed: Testbed, namespace: string, prefix: string) {
  const backend = createKubernetesBackend({
    kubeconfig: bed.kubernetes.ciKubeconfig,
    namespace,
    workload: 'job',
    cluster: {
      namespace,
      gpuResource: 'nvidia.com/gpu',
      image: 'ghcr.io/acme/runtime:load',
      projectDir: 'p',
    },
  });
  const client = await backend.client();
  const run = async (index: number) => {
    const logger = createMemoryLogger();
    const handle = await backend.submit(trainingJob(bed, index, prefix), logger);
    return backend.follow(handle, logger, new AbortController().signal);
  };
  return { client, run };
}

/** Every object of the namespace that should not be there once every run has finished. */
async function orphansIn(bed: Testbed, namespace: string): Promise<string[]> {
  const admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig, namespace });
  const list = async (collection: string) =>
    (await admin.request<{ items: KubeObject[] }>('GET', collection)).items;
  const jobs = await list(`/apis/batch/v1/namespaces/${namespace}/jobs`);
  const finished = new Set(
    jobs
      .filter((job) =>
        (
          job.status as { conditions?: { type: string; status: string }[] } | undefined
        )?.conditions?.some(
          (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
        ),
      )
      .map((job) => job.metadata.uid),
  );
  const orphans = jobs
    .filter((job) => !finished.has(job.metadata.uid))
    .map((job) => `Job/${job.metadata.name} (not finished)`);
  for (const [kind, collection] of [
    ['Pod', `/api/v1/namespaces/${namespace}/pods`],
    ['Secret', `/api/v1/namespaces/${namespace}/secrets`],
    ['ConfigMap', `/api/v1/namespaces/${namespace}/configmaps`],
    ['Service', `/api/v1/namespaces/${namespace}/services`],
  ] as const) {
    for (const object of await list(collection)) {
      if (object.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'mlenv') continue;
      const owners =
        (object.metadata as { ownerReferences?: { uid: string }[] }).ownerReferences ?? [];
      if (!owners.some((o) => finished.has(o.uid)))
        orphans.push(`${kind}/${object.metadata.name} (owned by no finished Job)`);
    }
  }
  return orphans;
}

/** `mlenv train --backend kubernetes` from the CLI bundle, `count` processes at once. */
async function cliRuns(bed: Testbed, namespace: string, count: number) {
  const root = mkdtempSync(path.join(tmpdir(), 'mlenv-load-'));
  try {
    writeWorkspace(
      root,
      { tracking: { uri: bed.mlflow.uri }, kubernetes: { namespace, workload: 'job' } },
      {
        'projects/demo/mlenv.yaml': projectYaml('demo', {
          train: { command: ['python', 'train.py'], resources: { gpus: 0, cpu: '100m' } },
        }),
        'projects/demo/train.py': 'print("kwok runs no container")\n',
      },
    );
    git(root, 'init', '-q', '-b', 'feature');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'load');
    const one = () =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [CLI, 'train', 'demo', '--backend', 'kubernetes', '--no-register'],
          {
            cwd: root,
            env: {
              ...process.env,
              KUBECONFIG: bed.kubernetes.ciKubeconfig,
              GITHUB_ACTIONS: '',
              GITHUB_SERVER_URL: '',
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let output = '';
        child.stdout.on('data', (chunk) => {
          output += chunk;
        });
        child.stderr.on('data', (chunk) => {
          output += chunk;
        });
        child.on('close', (code) => resolve({ code, output }));
      });
    return await Promise.all(Array.from({ length: count }, one));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function runLoad(
  bed: Testbed,
  namespace: string,
  options: { jobs: number; cliProcesses: number },
): Promise<LoadFigures> {
  const prefix = `load${Date.now().toString(36)}`;
  const alone = await followJobs(bed, namespace, `${prefix}a`);
  const aloneOutcome = await alone.run(0);
  if (aloneOutcome.status !== 'succeeded')
    throw new Error(`the lone job ${aloneOutcome.status}: ${aloneOutcome.reason}`);
  const aloneStats = { ...alone.client.stats };

  const many = await followJobs(bed, namespace, `${prefix}m`);
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  const started = performance.now();
  const [outcomes, cli] = await Promise.all([
    Promise.all(Array.from({ length: options.jobs }, (_, i) => many.run(i))),
    (async () => {
      const cliStarted = performance.now();
      const results = await cliRuns(bed, namespace, options.cliProcesses);
      return { results, seconds: (performance.now() - cliStarted) / 1000 };
    })(),
  ]);
  const inProcess = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const failures = cli.results
    .filter((r) => r.code !== 0)
    .map((r) => `exit ${r.code}: ${r.output.split('\n').slice(-5).join(' | ')}`);
  return {
    jobs: options.jobs,
    succeeded: outcomes.filter((o) => o.status === 'succeeded').length,
    alone: aloneStats,
    perJob: {
      requests: many.client.stats.requests / options.jobs,
      watches: many.client.stats.watches / options.jobs,
    },
    cli: {
      processes: options.cliProcesses,
      succeeded: cli.results.length - failures.length,
      failures,
    },
    orphans: await orphansIn(bed, namespace),
    peakRssMiB: Math.round(peakRss / 1024 / 1024),
    addedRssMiB: Math.round((peakRss - rssBefore) / 1024 / 1024),
    seconds: { inProcess: Math.round(inProcess * 10) / 10, cli: Math.round(cli.seconds * 10) / 10 },
  };
}
