import { afterAll } from '@jest/globals';
import {
  ApiException,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1Job,
  Watch,
} from '@kubernetes/client-node';
import { loadTestbed } from '../testbed.js';

// Smoke tests act as MLEnv's CI identity, never as admin, so RBAC gaps show up here.
export function ciKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(loadTestbed().kubernetes.ciKubeconfig);
  return kc;
}

export function clients(kc: KubeConfig = ciKubeConfig()) {
  return {
    kc,
    batch: kc.makeApiClient(BatchV1Api),
    core: kc.makeApiClient(CoreV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

// Resolves with the first object the predicate accepts; the initial ADDED events of a watch
// without resourceVersion cover a state reached before the watch started.
export async function watchUntil<T>(
  kc: KubeConfig,
  path: string,
  name: string,
  predicate: (obj: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  let abort: AbortController | undefined;
  let last: T | undefined;
  try {
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out after ${timeoutMs}ms watching ${path}/${name}; last seen:\n` +
                JSON.stringify(last, null, 2),
            ),
          ),
        timeoutMs,
      );
      new Watch(kc)
        .watch(
          path,
          { fieldSelector: `metadata.name=${name}` },
          (_phase, obj: T) => {
            last = obj;
            if (predicate(obj)) {
              clearTimeout(timer);
              resolve(obj);
            }
          },
          (err: unknown) => {
            if (err) {
              clearTimeout(timer);
              reject(err instanceof Error ? err : new Error(String(err)));
            }
          },
        )
        .then((a) => {
          abort = a;
        }, reject);
    });
  } finally {
    abort?.abort();
  }
}

export interface JobOptions {
  annotations?: Record<string, string>;
  gpus?: number;
}

export function jobManifest(name: string, opts: JobOptions = {}): V1Job {
  const gpus = opts.gpus ?? 0;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { 'app.kubernetes.io/part-of': 'testbed-smoke' } },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: 600,
      template: {
        metadata: { annotations: opts.annotations ?? {} },
        spec: {
          restartPolicy: 'Never',
          // kwok never pulls images; the name only has to be valid.
          containers: [
            {
              name: 'train',
              image: 'registry.invalid/mlenv/train:smoke',
              command: ['python', '-m', 'train'],
              resources: {
                requests: {
                  cpu: '1',
                  memory: '1Gi',
                  ...(gpus ? { 'nvidia.com/gpu': `${gpus}` } : {}),
                },
                limits: gpus ? { 'nvidia.com/gpu': `${gpus}` } : {},
              },
            },
          ],
          tolerations: gpus
            ? [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]
            : [],
        },
      },
    },
  };
}

export async function deleteJob(name: string, namespace: string): Promise<void> {
  const { batch } = clients();
  try {
    await batch.deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' });
  } catch (err) {
    if (!(err instanceof ApiException && err.code === 404)) throw err;
  }
}

export function jobCondition(job: V1Job, type: string): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/**
 * The Jobs of one smoke test file, in the bed's namespace and as the CI identity; each is deleted
 * after the file's tests. Call at the file's top level.
 */
export function smokeJobs() {
  const ns = loadTestbed().kubernetes.namespace;
  const created: string[] = [];
  afterAll(async () => {
    for (const name of created) await deleteJob(name, ns);
  });
  return {
    ns,
    /** Creates a Job named after `prefix` and returns its name. */
    async create(prefix: string, opts: JobOptions = {}): Promise<string> {
      const name = uniqueName(prefix);
      created.push(name);
      await clients().batch.createNamespacedJob({ namespace: ns, body: jobManifest(name, opts) });
      return name;
    },
  };
}
