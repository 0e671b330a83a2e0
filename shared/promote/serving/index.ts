import type { PythonEnvironment } from '../../environment/index.js';
import { ConfigurationError } from '../../errors/index.js';
import type { Logger } from '../../logger/index.js';
import type { ModelRegistry } from '../aliases.js';
import { localServing } from './local.js';
import type { ServingStrategy, ServingTargetName } from './strategy.js';

export {
  localServing,
  localServingDir,
  localServingStatus,
  readLocalServing,
  stopLocalServing,
} from './local.js';
export * from './strategy.js';

export interface ServingContext {
  target: ServingTargetName;
  /** promote.serving.name of the project. */
  servingName: string;
  workspaceRoot: string;
  /** Kubernetes namespace for kserve (workspace serving.namespace). */
  namespace?: string;
  /** The workspace environment, for the local target's `mlflow` (built only when needed). */
  environment: () => Promise<PythonEnvironment>;
  /** The tracking server that resolves `models:/` URIs, and its token when it needs one. */
  tracking: { uri: string; token?: string };
  registry: ModelRegistry;
  logger: Logger;
  /** How long a new deployment may take to answer a prediction (default 5 min). */
  readyTimeoutMs?: number;
  /** kserve: the kubeconfig (default KUBECONFIG or ~/.kube/config) and the canary steps. */
  kubeconfig?: string;
  canarySteps?: readonly number[];
}

/** The strategy of the workspace's `serving.target`. */
export async function createServingStrategy(context: ServingContext): Promise<ServingStrategy> {
  switch (context.target) {
    case 'local': {
      const environment = await context.environment();
      return localServing({
        workspaceRoot: context.workspaceRoot,
        servingName: context.servingName,
        bin: environment.bin,
        mlflow: environment.mlflow,
        tracking: context.tracking,
        registry: context.registry,
        logger: context.logger,
        readyTimeoutMs: context.readyTimeoutMs,
      });
    }
    case 'kserve': {
      if (!context.namespace)
        throw new ConfigurationError(
          'serving.namespace: expected the Kubernetes namespace of the InferenceServices for target kserve, found none.',
        );
      // Loaded only on this path: the Kubernetes client is heavy.
      const { createKubeClient } = await import('../../k8s/client.js');
      const { kserveServing } = await import('./kserve.js');
      const client = await createKubeClient({
        kubeconfig: context.kubeconfig,
        namespace: context.namespace,
        logger: context.logger,
      });
      return kserveServing({
        client,
        namespace: context.namespace,
        servingName: context.servingName,
        storageUri: (target) => modelStorageUri(context, target.model, target.version),
        canarySteps: context.canarySteps,
        readyTimeoutMs: context.readyTimeoutMs,
        logger: context.logger,
      });
    }
  }
}

/**
 * Where KServe's storage initializer fetches a version: the artifact location of the logged model
 * the version points at (`models:/m-...` in MLflow 3), else the version's source. It must be a
 * store the cluster reads (s3://, gs://, ...), which is how production tracking servers keep
 * artifacts.
 */
async function modelStorageUri(
  context: ServingContext,
  model: string,
  version: string,
): Promise<string> {
  const found = await context.registry.getVersion(model, version);
  const source = found?.source;
  if (!source) throw new ConfigurationError(`${model} version ${version} has no source to serve.`);
  const loggedModel = /^models:\/(m-[0-9a-f]+)$/.exec(source)?.[1];
  if (!loggedModel) return source;
  const response = await fetch(
    `${context.tracking.uri.replace(/\/$/, '')}/api/2.0/mlflow/logged-models/${loggedModel}`,
    {
      headers: context.tracking.token ? { authorization: `Bearer ${context.tracking.token}` } : {},
      signal: AbortSignal.timeout(30_000),
    },
  );
  if (!response.ok)
    throw new Error(`MLflow answered ${response.status} for logged model ${loggedModel}`);
  const body = (await response.json()) as { model?: { info?: { artifact_uri?: string } } };
  const location = body.model?.info?.artifact_uri;
  if (!location)
    throw new Error(`MLflow gave no artifact location for logged model ${loggedModel}`);
  return location;
}
