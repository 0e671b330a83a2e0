import { stringify } from 'yaml';
import { type KubeClient, KubeError, type KubeObject, resourcePath } from '../../../k8s/client.js';
import { watchUntil } from '../../../k8s/watch.js';
import type { Logger } from '../../../logger/index.js';
import type { TrainingBackend } from '../../backend.js';
import type { JobOutcome, TrainingJob } from '../../job.js';
import { LogBuffer } from '../../log-buffer.js';
import {
  explainFailure,
  type JobView,
  jobFinished,
  type PodProblem,
  type PodView,
  podProblem,
} from './diagnose.js';
import {
  type ClusterSettings,
  FAILURE_COUNT,
  IGNORED_FAILURE_COUNT,
  LABELS,
  type MultiNodeKind,
  PLURALS,
  renderManifests,
} from './render.js';

export interface KubernetesBackendOptions {
  client: KubeClient;
  cluster: ClusterSettings;
  /** How long a pod may stay unschedulable or unable to pull its image before the run fails. */
  pendingTimeoutMs?: number;
  /** On cancellation: delete what was submitted (default), or leave it running. */
  onCancel?: 'delete' | 'detach';
  /** Have the API server validate everything (dryRun=All) and create nothing. */
  serverDryRun?: boolean;
  /** How multi-node runs are submitted; auto picks a TrainJob when the cluster serves it. */
  multiNode?: 'auto' | MultiNodeKind;
  /** Called once the objects exist, so an outer frame (the action's post step) can clean up. */
  onSubmitted?: (objects: SubmittedObject[]) => void;
}

export interface SubmittedObject {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Renders the run as Kubernetes objects, submits them, and follows them to the end by watching. */
export function createKubernetesBackend(options: KubernetesBackendOptions): TrainingBackend {
  const { client, cluster } = options;
  const multiNodeKind = async (job: TrainingJob): Promise<MultiNodeKind> => {
    if (options.multiNode && options.multiNode !== 'auto') return options.multiNode;
    const served =
      job.train.nodes > 1 && (await client.serves('trainer.kubeflow.org', 'v1alpha1', 'trainjobs'));
    return served ? 'TrainJob' : 'IndexedJob';
  };

  return {
    name: 'kubernetes',
    async describe(job) {
      const manifests = renderManifests(job, cluster, await multiNodeKind(job));
      return manifests.map((m) => `---\n${stringify(redactSecret(m))}`).join('');
    },
    async run(job, logger, signal) {
      const manifests = renderManifests(job, cluster, await multiNodeKind(job));
      const log = new LogBuffer(job.secrets);
      if (options.serverDryRun) {
        for (const manifest of manifests) await create(client, manifest, true);
        const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ');
        logger.info(`The API server accepted ${names} (server-side dry run: nothing was created).`);
        return { status: 'succeeded', logTail: [], log: '' };
      }
      const submitted: SubmittedObject[] = [];
      try {
        let created: KubeObject | undefined;
        for (const manifest of manifests) {
          created = await create(client, manifest, false, job.runId);
          submitted.push({
            apiVersion: manifest.apiVersion,
            kind: manifest.kind,
            namespace: cluster.namespace,
            name: manifest.metadata.name,
          });
        }
        options.onSubmitted?.(submitted);
        const main = manifests[manifests.length - 1] as KubeObject;
        await adoptSupportObjects(client, submitted.slice(0, -1), created as KubeObject);
        logger.info(
          `Submitted ${submitted.map((s) => `${s.kind}/${s.name}`).join(', ')} in namespace ${cluster.namespace}`,
        );
        const outcome = await follow(client, main, job, options, logger, log, signal);
        if (outcome.status === 'cancelled' && options.onCancel === 'detach') {
          logger.info(`Detached: ${main.kind}/${main.metadata.name} keeps running.`);
          return outcome;
        }
        if (
          outcome.status !== 'succeeded' &&
          (outcome.status === 'cancelled' || outcome.deleteAfter)
        ) {
          await deleteSubmitted(client, submitted, logger);
        }
        return outcome;
      } catch (error) {
        // Never leave an orphan behind a failure of our own.
        await deleteSubmitted(client, submitted, logger).catch(() => undefined);
        throw error;
      }
    },
  };
}

/** A Secret as --dry-run shows it: which keys, never their values. */
function redactSecret(manifest: KubeObject): KubeObject {
  if (manifest.kind !== 'Secret') return manifest;
  const data = (manifest as KubeObject & { stringData?: Record<string, string> }).stringData ?? {};
  return {
    ...manifest,
    stringData: Object.fromEntries(Object.keys(data).map((key) => [key, '***'])),
  } as KubeObject;
}

/**
 * The config, Secret and Service of a run belong to its workload, so Kubernetes' garbage collector
 * removes them with it (after its TTL, or when it is deleted), even when MLEnv is not there.
 */
async function adoptSupportObjects(
  client: KubeClient,
  objects: readonly SubmittedObject[],
  owner: KubeObject,
): Promise<void> {
  const uid = owner.metadata.uid;
  if (!uid) return;
  const ownerReferences = [
    {
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      name: owner.metadata.name,
      uid,
      blockOwnerDeletion: false,
    },
  ];
  for (const object of objects) {
    await client.request(
      'PATCH',
      resourcePath(object.apiVersion, pluralOf(object.kind), object.namespace, object.name),
      {
        body: { metadata: { ownerReferences } },
        contentType: 'application/merge-patch+json',
        query: { fieldManager: 'mlenv' },
      },
    );
  }
}

function pluralOf(kind: string): string {
  return PLURALS[kind] ?? `${kind.toLowerCase()}s`;
}

async function create(
  client: KubeClient,
  manifest: KubeObject,
  dryRun: boolean,
  runId?: string,
): Promise<KubeObject> {
  const plural = pluralOf(manifest.kind);
  const path = resourcePath(
    manifest.apiVersion,
    plural,
    manifest.metadata.namespace ?? client.namespace,
  );
  try {
    return await client.request<KubeObject>('POST', path, {
      body: manifest,
      query: {
        fieldValidation: 'Strict',
        fieldManager: 'mlenv',
        ...(dryRun ? { dryRun: 'All' } : {}),
      },
    });
  } catch (error) {
    // Names are deterministic per run and attempt: after a restart the object may already be ours.
    if (error instanceof KubeError && error.status === 409 && runId) {
      const existing = await client.request<KubeObject>('GET', `${path}/${manifest.metadata.name}`);
      if (existing.metadata.labels?.[LABELS.runId] === runId.slice(0, 63)) return existing;
    }
    throw error;
  }
}

export async function deleteSubmitted(
  client: KubeClient,
  objects: readonly SubmittedObject[],
  logger: Logger,
): Promise<void> {
  for (const object of [...objects].reverse()) {
    const path = resourcePath(
      object.apiVersion,
      pluralOf(object.kind),
      object.namespace,
      object.name,
    );
    try {
      await client.request('DELETE', path, { query: { propagationPolicy: 'Background' } });
      logger.info(`Deleted ${object.kind}/${object.name}`);
    } catch (error) {
      if (!(error instanceof KubeError && error.status === 404)) throw error;
    }
  }
}

type FollowOutcome = JobOutcome & { deleteAfter?: boolean };

async function follow(
  client: KubeClient,
  main: KubeObject,
  job: TrainingJob,
  options: KubernetesBackendOptions,
  logger: Logger,
  log: LogBuffer,
  signal: AbortSignal,
): Promise<FollowOutcome> {
  const namespace = options.cluster.namespace;
  const name = main.metadata.name;
  const pendingTimeoutMs = options.pendingTimeoutMs ?? 10 * 60_000;
  const stop = new AbortController();
  const cancel = () => stop.abort();
  signal.addEventListener('abort', cancel, { once: true });

  const problems = new Map<string, PodProblem>();
  const streaming = new Set<string>();
  const pendingSince = new Map<string, number>();
  let early: FollowOutcome | undefined;
  const podIndex = new Map<string, number>();
  let attempts = 1;

  const finishEarly = (outcome: FollowOutcome) => {
    early ??= outcome;
    stop.abort();
  };

  const pendingTimer = setInterval(
    () => {
      for (const [pod, since] of pendingSince) {
        const problem = problems.get(pod);
        if (Date.now() - since < pendingTimeoutMs || !problem) continue;
        if (problem.kind === 'unschedulable' || problem.kind === 'image') {
          const what =
            problem.kind === 'unschedulable' ? 'unschedulable' : 'unable to pull its image';
          finishEarly({
            status: 'failed',
            reason: `pod ${pod} was ${what} for ${Math.round(pendingTimeoutMs / 1000)}s: ${problem.message}`,
            logTail: log.tail(),
            log: log.text(),
            deleteAfter: true,
          });
        }
      }
    },
    Math.min(1_000, pendingTimeoutMs),
  );

  const podsWatch = watchUntil<KubeObject & PodView>({
    client,
    path: `/api/v1/namespaces/${namespace}/pods`,
    query: { labelSelector: `${LABELS.runId}=${job.runId.slice(0, 63)}` },
    signal: stop.signal,
    logger,
    handle(pod) {
      const podName = pod.metadata.name;
      if (!podIndex.has(podName)) podIndex.set(podName, podIndex.size);
      attempts = Math.max(attempts, podAttempt(pod));
      const problem = podProblem(pod);
      const previous = problems.get(podName);
      if (problem) problems.set(podName, problem);
      else problems.delete(podName);
      if (problem && (problem.kind === 'unschedulable' || problem.kind === 'image')) {
        if (!pendingSince.has(podName)) pendingSince.set(podName, Date.now());
        if (!previous || !('message' in previous) || previous.message !== problem.message)
          logger.info(`Pod ${podName}: ${problem.message}`);
      } else {
        pendingSince.delete(podName);
      }
      if (problem?.kind === 'preempted' && previous?.kind !== 'preempted') {
        logger.warning(
          `Pod ${podName} was preempted (${problem.message}); the Job retries it, resuming from its checkpoint.`,
        );
      }
      const phase = pod.status?.phase;
      if (
        (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') &&
        !streaming.has(podName) &&
        problem?.kind !== 'preempted'
      ) {
        streaming.add(podName);
        const prefix =
          podIndex.size > 1 || job.train.nodes > 1 ? `[pod ${podIndex.get(podName)}] ` : '';
        void streamLogs(client, namespace, podName, prefix, log, logger, stop.signal);
      }
      return false;
    },
  });

  let finished: ReturnType<typeof jobFinished>;
  const jobPath =
    main.kind === 'TrainJob'
      ? `/apis/trainer.kubeflow.org/v1alpha1/namespaces/${namespace}/trainjobs`
      : `/apis/batch/v1/namespaces/${namespace}/jobs`;
  const jobWatch = watchUntil<KubeObject & JobView>({
    client,
    path: jobPath,
    query: { fieldSelector: `metadata.name=${name}` },
    signal: stop.signal,
    logger,
    handle(object, type) {
      if (type === 'DELETED') {
        finishEarly({
          status: 'failed',
          reason: `${main.kind}/${name} was deleted by someone else`,
          logTail: log.tail(),
          log: log.text(),
        });
        return true;
      }
      finished = jobFinished(object);
      if (finished) stop.abort();
      return finished !== undefined;
    },
  });

  try {
    await jobWatch;
    stop.abort();
    await podsWatch;
  } finally {
    clearInterval(pendingTimer);
    signal.removeEventListener('abort', cancel);
  }

  if (signal.aborted)
    return {
      status: 'cancelled',
      reason: 'cancelled',
      logTail: log.tail(),
      log: log.text(),
      attempts,
    };
  if (early) return { ...early, attempts };
  const result = finished as NonNullable<typeof finished>;
  const preemptions = [...problems.values()].filter((p) => p.kind === 'preempted').length;
  if (preemptions > 0) logger.info(`${preemptions} pod(s) preempted and retried.`);
  if (result.status === 'succeeded')
    return { status: 'succeeded', exitCode: 0, logTail: log.tail(), log: log.text(), attempts };
  const explained = explainFailure(result, [...problems.values()], {
    maxRuntime: job.train.maxRuntime,
    memory: job.train.resources.memory,
    retries: job.train.retries,
  });
  return { status: 'failed', ...explained, logTail: log.tail(), log: log.text(), attempts };
}

/** Which start of the trainer a pod is, from the Job controller's failure counts of its index. */
export function podAttempt(pod: KubeObject): number {
  const annotations = pod.metadata.annotations ?? {};
  const count = (key: string) => {
    const value = Number.parseInt(annotations[key] ?? '0', 10);
    return Number.isFinite(value) && value > 0 ? value : 0;
  };
  return 1 + count(FAILURE_COUNT) + count(IGNORED_FAILURE_COUNT);
}

async function streamLogs(
  client: KubeClient,
  namespace: string,
  pod: string,
  prefix: string,
  log: LogBuffer,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  try {
    await client.streamLines(
      `/api/v1/namespaces/${namespace}/pods/${pod}/log`,
      { container: 'trainer', follow: true },
      (line) => logger.info(log.push(`${prefix}${line}`)),
      signal,
    );
  } catch (error) {
    // Logs are a convenience: a node that does not serve them must not fail the run.
    logger.debug(`No logs from pod ${pod}: ${(error as Error).message}`);
  }
}
