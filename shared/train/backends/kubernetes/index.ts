import { randomBytes } from 'node:crypto';
import {
  createKubeClient,
  type KubeClient,
  KubeError,
  type KubeObject,
} from '../../../k8s/client.js';
import type { Logger } from '../../../logger/index.js';
import { processIdentity } from '../../../process/identity.js';
import { sleep } from '../../../util/sleep.js';
import type {
  HandleOperations,
  JobState,
  KubernetesHandle,
  ObjectRef,
  Plan,
  TrainingBackend,
} from '../../backend.js';
import type { TrainingJob } from '../../job.js';
import { LogBuffer } from '../../log-buffer.js';
import { type JobView, jobFinished } from './diagnose.js';
import { DEFAULT_PENDING_TIMEOUT_MS, followWorkload } from './follow.js';
import { groupVersionOf, kindPath } from './kinds.js';
import { getObject, pathOf, refOf, workloadOf } from './objects.js';
import {
  type ClusterSettings,
  LABELS,
  type Manifest,
  redactSecrets,
  renderManifests,
  type Workload,
} from './render.js';

/** How to reach the cluster. The client is made on first use: `plan` never loads a kubeconfig. */
export interface KubernetesConnection {
  /** A kubeconfig file; unset: KUBECONFIG, ~/.kube/config, or the pod's service account. */
  kubeconfig?: string;
  /** The kubeconfig context; unset: the kubeconfig's current context. */
  context?: string;
  namespace: string;
  /** Where KUBECONFIG and HOME are read (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
  /** Receives the client's retry lines. */
  logger?: Logger;
}

/** How new runs are rendered and followed: the typed options the registry builds from the workspace. */
export interface KubernetesBackendOptions extends KubernetesConnection {
  cluster: ClusterSettings;
  /** How a multi-node run is submitted; auto: a TrainJob where the cluster serves it. */
  workload: 'auto' | Workload;
  /** How long a pod may stay unschedulable or unable to pull its image before the run fails. */
  pendingTimeoutMs?: number;
}

/** How long `cancel` waits for the deleted workload to be gone from the API server. */
const CANCEL_WAIT_MS = 30_000;
const TRAINJOB_NOTE =
  'kubernetes.workload is auto: a cluster serving trainer.kubeflow.org would get a TrainJob in place of the indexed Job and its Service (set kubernetes.workload to job or trainjob to fix the choice)';

/** Renders the run as Kubernetes objects, submits them, and follows them to the end by watching. */
export function createKubernetesBackend(
  options: KubernetesBackendOptions,
): TrainingBackend<KubernetesHandle> & { client(): Promise<KubeClient> } {
  const operations = kubernetesOperations(options);
  const { cluster } = options;

  /** What `auto` means on this cluster: asked only when it matters (several nodes). */
  const workloadFor = async (job: TrainingJob, client: KubeClient): Promise<Workload> => {
    if (options.workload !== 'auto') return options.workload;
    if (job.train.nodes <= 1) return 'job';
    const { group, version, plural } = groupVersionOf('TrainJob');
    return (await client.serves(group, version, plural)) ? 'trainjob' : 'job';
  };

  return {
    ...operations,
    async plan(job): Promise<Plan> {
      // Offline: `auto` renders the indexed Job, and says what a cluster could change.
      const workload = options.workload === 'auto' ? 'job' : options.workload;
      const notes = options.workload === 'auto' && job.train.nodes > 1 ? [TRAINJOB_NOTE] : [];
      const manifests = renderManifests(job, cluster, workload).map(redactSecrets);
      return { backend: 'kubernetes', manifests, notes };
    },

    async validate(job, logger) {
      const client = await operations.client();
      const manifests = renderManifests(job, cluster, await workloadFor(job, client));
      const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ');
      const runtime = manifests.find((m) => m.kind === 'TrainingRuntime');
      if (!runtime) {
        for (const manifest of manifests) await create(client, manifest, { dryRun: true });
        logger.info(`The API server accepted ${names} (server-side dry run: nothing was created).`);
        return;
      }
      // The Trainer's webhook looks a TrainJob's runtime up, so a dry-run runtime cannot stand in
      // for it: the runtime (inert: no pods, no jobs) is created under a name of the check's own,
      // the TrainJob dry-run against it, and the runtime deleted again whatever happened.
      const checkName = `${runtime.metadata.name.slice(0, 50)}-check-${randomBytes(3).toString('hex')}`;
      const checked = manifests.map((m) => {
        if (m.kind === 'TrainingRuntime')
          return { ...m, metadata: { ...m.metadata, name: checkName } };
        if (m.kind === 'TrainJob')
          return {
            ...m,
            spec: { ...m.spec, runtimeRef: { ...m.spec.runtimeRef, name: checkName } },
          };
        return m;
      });
      const checkRuntime = checked.find((m) => m.kind === 'TrainingRuntime') as Manifest;
      await create(client, checkRuntime, {});
      try {
        for (const manifest of checked)
          if (manifest !== checkRuntime) await create(client, manifest, { dryRun: true });
      } finally {
        await deleteObjects(client, [refOf(checkRuntime)], logger);
      }
      logger.info(
        `The API server accepted ${names} (server-side dry run; the TrainingRuntime was created as ${checkName} for the TrainJob's webhook to find, and deleted again).`,
      );
    },

    async submit(job, logger) {
      const client = await operations.client();
      const manifests = renderManifests(job, cluster, await workloadFor(job, client));
      const created: ObjectRef[] = [];
      try {
        let owner: KubeObject | undefined;
        for (const manifest of manifests) {
          owner = await create(client, manifest, { runId: job.runId });
          created.push(refOf(manifest));
        }
        await adoptSupportObjects(client, created.slice(0, -1), owner as KubeObject);
      } catch (error) {
        // Never leave an orphan behind a failure of our own.
        await deleteObjects(client, created, logger).catch(() => undefined);
        throw error;
      }
      const handle: KubernetesHandle = {
        backend: 'kubernetes',
        runId: job.runId,
        submittedAt: new Date().toISOString(),
        launcher: processIdentity(),
        ...(cluster.workflowRunUrl ? { workflowRunUrl: cluster.workflowRunUrl } : {}),
        ...(client.kubeconfig ? { kubeconfig: client.kubeconfig } : {}),
        context: client.context,
        namespace: cluster.namespace,
        objects: created,
      };
      operations.remember(handle, job.secrets);
      logger.info(
        `Submitted ${created.map((s) => `${s.kind}/${s.name}`).join(', ')} in namespace ${cluster.namespace}`,
      );
      return handle;
    },
  };
}

/**
 * Follow, inspect, cancel and clean up by handle alone: what a backend rebuilt from a handle in
 * another process (the action's post step, `mlenv reap`) can do.
 */
export function kubernetesOperations(
  options: KubernetesConnection & { pendingTimeoutMs?: number },
): HandleOperations<KubernetesHandle> & {
  client(): Promise<KubeClient>;
  remember(handle: KubernetesHandle, secrets: readonly string[]): void;
} {
  let connecting: Promise<KubeClient> | undefined;
  const client = () => {
    connecting ??= createKubeClient({
      kubeconfig: options.kubeconfig,
      context: options.context,
      namespace: options.namespace,
      env: options.env,
      logger: options.logger,
    });
    return connecting;
  };
  // Per workload this instance submitted, follows or cancelled: several runs are followed at once.
  const secrets = new Map<string, readonly string[]>();
  const cancelled = new Set<string>();
  const following = new Map<string, AbortController>();

  return {
    name: 'kubernetes',
    client,
    remember(handle, values) {
      secrets.set(keyOf(handle), values);
    },

    async follow(handle, logger, signal) {
      const key = keyOf(handle);
      // `cancel` ends the following too: a workload deleted before its watch began sends no event.
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      if (signal.aborted) stop.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      following.set(key, stop);
      try {
        return await followWorkload(await client(), handle, {
          logger,
          signal: stop.signal,
          log: new LogBuffer(secrets.get(key) ?? []),
          pendingTimeoutMs: options.pendingTimeoutMs ?? DEFAULT_PENDING_TIMEOUT_MS,
          cancelledHere: () => cancelled.has(key),
        });
      } finally {
        signal.removeEventListener('abort', onAbort);
        if (following.get(key) === stop) following.delete(key);
      }
    },

    async inspect(handle): Promise<JobState> {
      const workload = workloadOf(handle);
      const object = await getObject<KubeObject & JobView>(await client(), workload);
      if (!object) return { state: 'gone' };
      const finished = jobFinished(object);
      if (!finished) return { state: 'running' };
      if (finished.status === 'succeeded') return { state: 'succeeded' };
      const reason = `${workload.kind}/${workload.name} failed: ${finished.reason ?? 'unknown reason'}${finished.message ? ` (${finished.message})` : ''}`;
      return { state: 'failed', reason };
    },

    async cancel(handle, logger) {
      const key = keyOf(handle);
      cancelled.add(key);
      const kube = await client();
      await deleteObjects(kube, handle.objects, logger);
      // Background propagation removes the workload at once and its pods after it.
      const workload = workloadOf(handle);
      const deadline = Date.now() + CANCEL_WAIT_MS;
      while ((await getObject(kube, workload)) && Date.now() < deadline) await sleep(200);
      following.get(key)?.abort();
    },

    async cleanup(handle, logger) {
      await deleteObjects(await client(), handle.objects, logger);
    },
  };
}

function keyOf(handle: KubernetesHandle): string {
  const workload = workloadOf(handle);
  return `${handle.context ?? ''}/${workload.namespace}/${workload.kind}/${workload.name}`;
}

/**
 * The config, Secret and Service of a run belong to its workload, so Kubernetes' garbage collector
 * removes them with it (after its TTL, or when it is deleted), even when MLEnv is not there.
 */
async function adoptSupportObjects(
  client: KubeClient,
  objects: readonly ObjectRef[],
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
    await client.request('PATCH', pathOf(object), {
      body: { metadata: { ownerReferences } },
      contentType: 'application/merge-patch+json',
      query: { fieldManager: 'mlenv' },
    });
  }
}

async function create(
  client: KubeClient,
  manifest: Manifest,
  options: { dryRun?: boolean; runId?: string },
): Promise<KubeObject> {
  const collection = kindPath(manifest.kind, manifest.metadata.namespace);
  try {
    return await client.request<KubeObject>('POST', collection, {
      body: manifest,
      query: {
        fieldValidation: 'Strict',
        fieldManager: 'mlenv',
        ...(options.dryRun ? { dryRun: 'All' } : {}),
      },
    });
  } catch (error) {
    // Names are deterministic per run and attempt: after a restart the object may already be ours.
    if (error instanceof KubeError && error.status === 409 && options.runId) {
      const existing = await client.request<KubeObject>(
        'GET',
        `${collection}/${manifest.metadata.name}`,
      );
      if (existing.metadata.labels?.[LABELS.runId] === options.runId.slice(0, 63)) return existing;
    }
    throw error;
  }
}

/** Deletes the objects, the workload first; one already gone is fine. */
async function deleteObjects(
  client: KubeClient,
  objects: readonly ObjectRef[],
  logger: Logger,
): Promise<void> {
  for (const object of [...objects].reverse()) {
    try {
      await client.request('DELETE', pathOf(object), {
        query: { propagationPolicy: 'Background' },
      });
      logger.info(`Deleted ${object.kind}/${object.name}`);
    } catch (error) {
      if (!(error instanceof KubeError && error.status === 404)) throw error;
    }
  }
}
