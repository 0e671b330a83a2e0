import type { Workspace } from '../../config/workspace.js';
import { ConfigurationError } from '../../errors/index.js';
import type { Logger } from '../../logger/index.js';
import type { ModelRegistry } from '../aliases.js';
import { localServing, localServingControl } from './local.js';
import type { ServingControl, ServingStrategy } from './strategy.js';

export { localServing, localServingControl, localServingDir, readLocalServing } from './local.js';
export * from './strategy.js';

/** Where a serving name of the `local` target lives: under the workspace's `.mlenv/serving/`. */
export interface LocalTargetOptions {
  target: 'local';
  /** promote.serving.name of the project. */
  servingName: string;
  workspaceRoot: string;
  logger: Logger;
}

/** Where a serving name of the `kserve` target lives: an InferenceService in a namespace. */
export interface KserveTargetOptions {
  target: 'kserve';
  /** promote.serving.name of the project. */
  servingName: string;
  /** serving.namespace of the workspace. */
  namespace: string;
  /** The kubeconfig (default KUBECONFIG or ~/.kube/config). */
  kubeconfig?: string;
  /** serving.canarySteps of the workspace. */
  canarySteps: readonly number[];
  logger: Logger;
}

/** Everything `status` and `stop` need, per target: built by `servingOptions` from the workspace. */
export type ServingOptions = LocalTargetOptions | KserveTargetOptions;

/** What a deploy needs on every target besides where it serves. */
export interface DeployNeeds {
  /** Reads the version's source and input example. */
  registry: ModelRegistry;
  /** The tracking server that resolves `models:/` URIs, and its token when it needs one. */
  tracking: { uri: string; token?: string };
  /** How long a new deployment may take to answer a prediction (default 5 min). */
  readyTimeoutMs?: number;
}

/**
 * Everything a promotion's strategy needs, per target: the local target also runs the workspace
 * environment's `mlflow models serve`.
 */
export type DeployOptions =
  | (LocalTargetOptions & DeployNeeds & { environment: { bin: string; mlflow: string } })
  | (KserveTargetOptions & DeployNeeds);

/**
 * The one place the serving options are read from the workspace (`serving.*`) and the project's
 * serving name; what is missing for the target is a configuration error here, before any
 * service is contacted.
 */
export function servingOptions(
  workspace: Workspace,
  servingName: string,
  adapter: { kubeconfig?: string; logger: Logger },
): ServingOptions {
  const serving = workspace.config.serving;
  switch (serving.target) {
    case 'local':
      return {
        target: 'local',
        servingName,
        workspaceRoot: workspace.root,
        logger: adapter.logger,
      };
    case 'kserve':
      if (!serving.namespace)
        throw new ConfigurationError(
          'serving.namespace: expected the Kubernetes namespace of the InferenceServices for target kserve, found none.',
        );
      return {
        target: 'kserve',
        servingName,
        namespace: serving.namespace,
        kubeconfig: adapter.kubeconfig,
        canarySteps: serving.canarySteps,
        logger: adapter.logger,
      };
  }
}

/** Status and stop of a serving name, which need neither MLflow nor the environment. */
export async function createServingControl(options: ServingOptions): Promise<ServingControl> {
  switch (options.target) {
    case 'local':
      return localServingControl(options);
    case 'kserve': {
      const { kserveServingControl } = await import('./kserve.js');
      return kserveServingControl({ ...options, client: await kubeClient(options) });
    }
  }
}

/** The strategy a promotion deploys with, for the workspace's `serving.target`. */
export async function createServingStrategy(options: DeployOptions): Promise<ServingStrategy> {
  switch (options.target) {
    case 'local':
      return localServing({
        workspaceRoot: options.workspaceRoot,
        servingName: options.servingName,
        bin: options.environment.bin,
        mlflow: options.environment.mlflow,
        tracking: options.tracking,
        registry: options.registry,
        logger: options.logger,
        readyTimeoutMs: options.readyTimeoutMs,
      });
    case 'kserve': {
      const { kserveServing } = await import('./kserve.js');
      return kserveServing({
        client: await kubeClient(options),
        namespace: options.namespace,
        servingName: options.servingName,
        storageUri: (target) => modelStorageUri(options, target.model, target.version),
        canarySteps: options.canarySteps,
        readyTimeoutMs: options.readyTimeoutMs,
        logger: options.logger,
      });
    }
  }
}

// Loaded only on the kserve path: the Kubernetes client is heavy.
async function kubeClient(options: KserveTargetOptions) {
  const { createKubeClient } = await import('../../k8s/client.js');
  return createKubeClient({
    kubeconfig: options.kubeconfig,
    namespace: options.namespace,
    logger: options.logger,
  });
}

/**
 * Where KServe's storage initializer fetches a version: the artifact location of the logged model
 * the version points at (`models:/m-...` in MLflow 3), else the version's source. It must be a
 * store the cluster reads (s3://, gs://, ...), which is how production tracking servers keep
 * artifacts.
 */
async function modelStorageUri(
  options: DeployNeeds,
  model: string,
  version: string,
): Promise<string> {
  const found = await options.registry.getVersion(model, version);
  const source = found?.source;
  if (!source) throw new ConfigurationError(`${model} version ${version} has no source to serve.`);
  const loggedModel = /^models:\/(m-[0-9a-f]+)$/.exec(source)?.[1];
  if (!loggedModel) return source;
  const response = await fetch(
    `${options.tracking.uri.replace(/\/$/, '')}/api/2.0/mlflow/logged-models/${loggedModel}`,
    {
      headers: options.tracking.token ? { authorization: `Bearer ${options.tracking.token}` } : {},
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
