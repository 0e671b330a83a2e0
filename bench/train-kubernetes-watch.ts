// Figures: API requests per Kubernetes training job (watch-based: a small constant, none per idle
// minute) and the delay from the Job's completion to the launcher's return (goal under 1 s),
// each beside a 1-second polling baseline measured in the same run. Needs the test bed.

import { loadTestbed } from '../action-tests/testbed/testbed.js';
import { trainSchema } from '../shared/config/schema.js';
import { createKubeClient, type KubeClient } from '../shared/k8s/client.js';
import { watchUntil } from '../shared/k8s/watch.js';
import { createMemoryLogger } from '../shared/logger/index.js';
import { createKubernetesBackend } from '../shared/train/backends/kubernetes/index.js';
import type { TrainingJob } from '../shared/train/job.js';
import { sleep } from '../shared/util/sleep.js';

const bed = loadTestbed();
const namespace = bed.kubernetes.namespace;
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 60_000);

function job(name: string, gpus: number): TrainingJob {
  return {
    project: name,
    projectDir: '/nowhere',
    runId: `${name}${Date.now().toString(16)}`.slice(0, 32),
    runName: name,
    experimentId: '0',
    trackingUri: bed.mlflow.uri,
    attempt: 1,
    train: trainSchema.parse({ command: ['python', 'train.py'], resources: { gpus } }),
    command: ['python', 'train.py'],
    env: {},
    outputDir: '/tmp/out',
    checkpointDir: '/tmp/ckpt',
    secretEnv: {},
    secrets: [],
  };
}

async function client(): Promise<KubeClient> {
  return createKubeClient({ kubeconfig: bed.kubernetes.ciKubeconfig, namespace });
}

/** A backend of its own per run: its client's counts are that run's requests. */
function backend(pendingTimeoutMs = 600_000) {
  return createKubernetesBackend({
    kubeconfig: bed.kubernetes.ciKubeconfig,
    namespace,
    workload: 'job',
    pendingTimeoutMs,
    cluster: {
      namespace,
      gpuResource: 'nvidia.com/gpu',
      image: 'ghcr.io/acme/runtime:bench',
      projectDir: 'p',
    },
  });
}

/** When the Job's Complete condition appears, seen by an independent watcher in this process. */
async function completionSeen(
  kube: KubeClient,
  name: string,
  signal: AbortSignal,
): Promise<number> {
  let seen = 0;
  await watchUntil<{
    apiVersion: string;
    kind: string;
    metadata: { name: string };
    status?: { conditions?: { type: string; status: string }[] };
  }>({
    client: kube,
    path: `/apis/batch/v1/namespaces/${namespace}/jobs`,
    query: { labelSelector: `mlenv.dev/project=${name}` },
    signal,
    handle(object) {
      if (object.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True')) {
        seen = performance.now();
        return true;
      }
      return false;
    },
  });
  return seen;
}

async function watchedRun(): Promise<{ requests: number; delayMs: number }> {
  const launcher = backend();
  const kube = await launcher.client();
  const observer = await client();
  const name = `bench-watch-${Date.now().toString(36)}`;
  const seen = completionSeen(observer, name, new AbortController().signal);
  const logger = createMemoryLogger();
  const handle = await launcher.submit(job(name, 0), logger);
  const outcome = await launcher.follow(handle, logger, new AbortController().signal);
  const returned = performance.now();
  if (outcome.status !== 'succeeded')
    throw new Error(`bench job ${outcome.status}: ${outcome.reason}`);
  const completed = await seen;
  return { requests: kube.stats.requests + kube.stats.watches, delayMs: returned - completed };
}

/** The baseline: create the Job, then GET it every second until it completes. */
async function pollingRun(): Promise<{ requests: number; delayMs: number }> {
  const kube = await client();
  const observer = await client();
  const name = `bench-poll-${Date.now().toString(36)}`;
  const seen = completionSeen(observer, name, new AbortController().signal);
  const { renderManifests } = await import('../shared/train/backends/kubernetes/render.js');
  const [object] = renderManifests(
    job(name, 0),
    {
      namespace,
      gpuResource: 'nvidia.com/gpu',
      image: 'ghcr.io/acme/runtime:bench',
      projectDir: 'p',
    },
    'job',
  );
  if (!object) throw new Error('no manifest');
  await kube.request('POST', `/apis/batch/v1/namespaces/${namespace}/jobs`, { body: object });
  for (;;) {
    const current = await kube.request<{
      status?: { conditions?: { type: string; status: string }[] };
    }>('GET', `/apis/batch/v1/namespaces/${namespace}/jobs/${object.metadata.name}`);
    if (current.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True'))
      break;
    await sleep(1_000);
  }
  const returned = performance.now();
  return { requests: kube.stats.requests, delayMs: returned - (await seen) };
}

/** The baseline while waiting: a GET a second. */
async function idlePollingRequests(): Promise<number> {
  const kube = await client();
  const deadline = Date.now() + IDLE_MS;
  while (Date.now() < deadline) {
    await kube.request('GET', `/apis/batch/v1/namespaces/${namespace}/jobs`, {
      query: { limit: 1 },
    });
    await sleep(1_000);
  }
  return kube.stats.requests;
}

/** Requests made while a job waits for capacity for IDLE_MS: a watch costs none. */
async function idleRequests(): Promise<number> {
  const launcher = backend();
  const kube = await launcher.client();
  const controller = new AbortController();
  const name = `bench-idle-${Date.now().toString(36)}`;
  const logger = createMemoryLogger();
  const handle = await launcher.submit(job(name, 16), logger);
  const running = launcher.follow(handle, logger, controller.signal);
  await sleep(3_000);
  const before = kube.stats.requests + kube.stats.watches;
  await sleep(IDLE_MS);
  const during = kube.stats.requests + kube.stats.watches - before;
  controller.abort();
  await running;
  await launcher.cancel(handle, logger);
  return during;
}

const SAMPLES = Number(process.env.BENCH_RUNS ?? 3);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const watched: { requests: number; delayMs: number }[] = [];
const polled: { requests: number; delayMs: number }[] = [];
for (let i = 0; i < SAMPLES; i++) {
  watched.push(await watchedRun());
  polled.push(await pollingRun());
}
const [idle, idlePolling] = await Promise.all([idleRequests(), idlePollingRequests()]);
const delay = median(watched.map((w) => w.delayMs));
const pollDelay = median(polled.map((p) => p.delayMs));
process.stdout.write(
  `API requests per job (kwok jobs of about 2 s): watch-based launcher ${median(watched.map((w) => w.requests))}, 1 s polling baseline ${median(polled.map((p) => p.requests))} (polling grows by one a second)\n` +
    `requests while a job waits for ${IDLE_MS / 1000} s: ${idle} (goal 0); polling baseline ${idlePolling}\n` +
    `Job completion to launcher return: median ${delay.toFixed(0)} ms (goal < 1000 ms, ${delay < 1000 ? 'met' : 'NOT met'}); polling baseline median ${pollDelay.toFixed(0)} ms; ratio ${(delay / Math.max(1, pollDelay)).toFixed(3)}x (${SAMPLES} runs each)\n`,
);
process.exit(0);
