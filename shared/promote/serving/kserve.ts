import type { KubeClient, KubeObject } from '../../k8s/client.js';
import { KubeError } from '../../k8s/client.js';
import { watchUntil } from '../../k8s/watch.js';
import type { Logger } from '../../logger/index.js';
import {
  type ServingControl,
  ServingError,
  type ServingStatus,
  type ServingStrategy,
  type ServingTarget,
} from './strategy.js';

const GROUP_PATH = '/apis/serving.kserve.io/v1beta1';
/** Annotations that keep the rollout's state on the InferenceService itself, so a re-run converges. */
export const KSERVE_ANNOTATIONS = {
  version: 'mlenv.dev/model-version',
  previous: 'mlenv.dev/previous-model',
} as const;

export interface KserveServingPlace {
  client: KubeClient;
  namespace: string;
  servingName: string;
  logger: Logger;
}

/** What a rollout needs besides the place: where the model is, the steps, the health check. */
export interface KserveServingOptions extends KserveServingPlace {
  /** Where KServe's storage initializer fetches a version's model (s3://, gs://, pvc://, ...). */
  storageUri(target: ServingTarget): Promise<string>;
  /** Traffic percentages for the new revision, ending at 100 (default 10, 50, 100). */
  canarySteps?: readonly number[];
  /** Each step's wait for Ready and a healthy answer (default 10 min). */
  readyTimeoutMs?: number;
  /** HTTP health check of the served model; default: KServe's v2 model-ready endpoint. */
  healthCheck?: (url: string, model: string) => Promise<void>;
}

interface InferenceService extends KubeObject {
  spec: { predictor: Record<string, unknown> & { canaryTrafficPercent?: number } };
  status?: {
    url?: string;
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

interface PreviousModel {
  version: string;
  storageUri: string;
}

/** The InferenceService of a serving name: its path, and reading it (undefined when absent). */
function inferenceServiceOf({ client, namespace, servingName }: KserveServingPlace) {
  const collection = `${GROUP_PATH}/namespaces/${namespace}/inferenceservices`;
  const itemPath = `${collection}/${servingName}`;
  return {
    collection,
    itemPath,
    async get(): Promise<InferenceService | undefined> {
      try {
        return await client.request<InferenceService>('GET', itemPath);
      } catch (error) {
        if (error instanceof KubeError && error.status === 404) return undefined;
        throw error;
      }
    },
  };
}

/** Status and stop of a kserve serving name: they read and delete its InferenceService. */
export function kserveServingControl(place: KserveServingPlace): ServingControl {
  const { client, servingName } = place;
  const { itemPath, get } = inferenceServiceOf(place);
  return {
    name: 'kserve',
    async status(): Promise<ServingStatus> {
      const isvc = await get();
      if (!isvc)
        return { serving: servingName, strategy: 'kserve', deployed: false, healthy: false };
      const ready = isvc.status?.conditions?.find((c) => c.type === 'Ready');
      return {
        serving: servingName,
        strategy: 'kserve',
        deployed: true,
        healthy: ready?.status === 'True',
        url: isvc.status?.url,
        version: isvc.metadata.annotations?.[KSERVE_ANNOTATIONS.version],
        previousVersion: previousOf(isvc)?.version,
        detail: ready?.message,
      };
    },
    async stop() {
      if (!(await get())) return false;
      await client.request('DELETE', itemPath);
      return true;
    },
  };
}

/**
 * The `kserve` serving target: one InferenceService per serving name (`modelFormat: mlflow`,
 * protocol v2). A new version rolls out in canary steps (`canaryTrafficPercent`), each waiting for
 * the Ready condition of the new generation and a healthy answer; on failure the traffic goes back
 * to the previous revision (`canaryTrafficPercent: 0`) and the previous model is restored.
 */
export function kserveServing(options: KserveServingOptions): ServingStrategy {
  const { client, namespace, servingName, logger } = options;
  const steps = options.canarySteps?.length ? options.canarySteps : [10, 50, 100];
  const timeoutMs = options.readyTimeoutMs ?? 10 * 60_000;
  const { collection, itemPath, get } = inferenceServiceOf(options);
  const healthCheck = options.healthCheck ?? v2ModelReady;

  async function patch(body: unknown): Promise<InferenceService> {
    return client.request<InferenceService>('PATCH', itemPath, {
      body,
      contentType: 'application/merge-patch+json',
      query: { fieldManager: 'mlenv', fieldValidation: 'Strict' },
    });
  }

  /** Waits until the controller reports the given generation Ready, then checks it answers. */
  async function healthy(generation: number, what: string): Promise<string> {
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), timeoutMs);
    let url: string | undefined;
    let failure: string | undefined;
    try {
      await watchUntil<InferenceService>({
        client,
        path: collection,
        query: { fieldSelector: `metadata.name=${servingName}` },
        signal: stop.signal,
        logger,
        handle(isvc) {
          const status = isvc.status ?? {};
          if ((status.observedGeneration ?? 0) < generation) return false;
          const ready = status.conditions?.find((c) => c.type === 'Ready');
          if (ready?.status === 'True' && status.url) {
            url = status.url;
            return true;
          }
          if (ready?.status === 'False' && ready.reason && ready.reason !== 'Unknown')
            failure = `${ready.reason}${ready.message ? `: ${ready.message}` : ''}`;
          return false;
        },
      });
    } finally {
      clearTimeout(timer);
    }
    if (!url)
      throw new ServingError(
        `InferenceService ${namespace}/${servingName} did not become Ready for ${what} within ${Math.round(timeoutMs / 1000)}s${failure ? ` (${failure})` : ''}`,
      );
    try {
      await healthCheck(url, servingName);
    } catch (error) {
      throw new ServingError(
        `InferenceService ${namespace}/${servingName} is Ready but unhealthy for ${what}: ${(error as Error).message}`,
      );
    }
    return url;
  }

  async function restore(previous: PreviousModel | undefined): Promise<void> {
    if (!previous) {
      // Nothing served before this promotion: remove what it created.
      await client.request('DELETE', itemPath).catch((error: unknown) => {
        if (!(error instanceof KubeError && error.status === 404)) throw error;
      });
      return;
    }
    // Traffic back to the previous revision first, then the previous model as the spec.
    await patch({ spec: { predictor: { canaryTrafficPercent: 0 } } });
    await patch({
      metadata: {
        annotations: {
          [KSERVE_ANNOTATIONS.version]: previous.version,
          [KSERVE_ANNOTATIONS.previous]: null,
        },
      },
      spec: {
        predictor: { canaryTrafficPercent: null, model: { storageUri: previous.storageUri } },
      },
    });
    logger.info(`Restored ${servingName} to version ${previous.version}.`);
  }

  return {
    ...kserveServingControl(options),

    async deploy(target) {
      const storageUri = await options.storageUri(target);
      const existing = await get();
      const servedVersion = existing?.metadata.annotations?.[KSERVE_ANNOTATIONS.version];
      if (existing && servedVersion === target.version && !previousOf(existing)) {
        const url = await healthy(generationOf(existing), `version ${target.version}`);
        return { url, reused: true };
      }
      if (!existing) {
        logger.info(
          `Creating InferenceService ${namespace}/${servingName} for version ${target.version}`,
        );
        const created = await client.request<InferenceService>('POST', collection, {
          body: inferenceService(servingName, namespace, target, storageUri),
          query: { fieldManager: 'mlenv', fieldValidation: 'Strict' },
        });
        try {
          return {
            url: await healthy(generationOf(created), `version ${target.version}`),
            reused: false,
          };
        } catch (error) {
          await restore(undefined);
          throw error;
        }
      }
      // A re-run after a crash finds the previous model recorded already: keep that one.
      const previous: PreviousModel = previousOf(existing) ?? {
        version: servedVersion ?? 'unknown',
        storageUri: String((existing.spec.predictor.model as { storageUri?: string })?.storageUri),
      };
      let url = '';
      try {
        for (const percent of steps) {
          const last = percent >= 100;
          const updated = await patch({
            metadata: {
              annotations: {
                [KSERVE_ANNOTATIONS.version]: target.version,
                [KSERVE_ANNOTATIONS.previous]: JSON.stringify(previous),
              },
            },
            spec: {
              predictor: {
                canaryTrafficPercent: last ? null : percent,
                model: { storageUri },
              },
            },
          });
          logger.info(
            `${servingName}: version ${target.version} at ${last ? 100 : percent}% of traffic`,
          );
          url = await healthy(generationOf(updated), `version ${target.version} at ${percent}%`);
        }
      } catch (error) {
        logger.warning(
          `Rolling ${servingName} back to version ${previous.version}: ${(error as Error).message}`,
        );
        await restore(previous);
        throw error;
      }
      return { url, reused: false };
    },

    async commit() {
      const isvc = await get();
      if (isvc && previousOf(isvc))
        await patch({ metadata: { annotations: { [KSERVE_ANNOTATIONS.previous]: null } } });
    },

    async rollback() {
      const isvc = await get();
      await restore(previousOf(isvc));
    },
  };
}

function previousOf(isvc: InferenceService | undefined): PreviousModel | undefined {
  const text = isvc?.metadata.annotations?.[KSERVE_ANNOTATIONS.previous];
  return text ? (JSON.parse(text) as PreviousModel) : undefined;
}

function generationOf(isvc: KubeObject): number {
  return Number(isvc.metadata.generation ?? 1);
}

export function inferenceService(
  name: string,
  namespace: string,
  target: ServingTarget,
  storageUri: string,
): KubeObject {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'mlenv' },
      annotations: {
        [KSERVE_ANNOTATIONS.version]: target.version,
        'mlenv.dev/model': target.model,
      },
    },
    spec: {
      predictor: {
        model: { modelFormat: { name: 'mlflow' }, protocolVersion: 'v2', storageUri },
      },
    },
  };
}

/** KServe's open inference protocol (v2): the model answers ready once it is loaded. */
async function v2ModelReady(url: string, model: string): Promise<void> {
  const response = await fetch(`${url.replace(/\/$/, '')}/v2/models/${model}/ready`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`GET /v2/models/${model}/ready answered ${response.status}`);
}
