import path from 'node:path';
import type { Workspace } from '../../config/workspace.js';
import { ConfigurationError, OptionError } from '../../errors/index.js';
import { kubeconfigSource } from '../../k8s/kubeconfig.js';
import type { Logger } from '../../logger/index.js';
import type { Handle, HandleOperations, TrainingBackend } from '../backend.js';
import type { CodeSource } from '../code/source.js';
import type { RunContext } from '../job.js';
import type { KubernetesBackendOptions } from './kubernetes/index.js';
import type { LocalBackendOptions } from './local/index.js';

// The one file that knows the backend folders. Each is loaded only when chosen (or when a handle
// names it), so a local run never loads the Kubernetes client and a post step loads one backend.

export const BACKENDS = ['local', 'kubernetes'] as const satisfies readonly Handle['backend'][];
export type BackendName = (typeof BACKENDS)[number];

/** Each backend's own typed options, as `backendOptions` builds them from the workspace. */
export type BackendOptions =
  | ({ backend: 'local' } & LocalBackendOptions)
  | ({ backend: 'kubernetes' } & KubernetesBackendOptions);

/** What a new run needs to choose and configure its backend. */
export interface BackendRequest {
  /** The backend as the user named it (the backend option). */
  name: string;
  workspace: Workspace;
  /** Workspace-relative project directory. */
  projectDir: string;
  context: RunContext;
  /** The runtime image with its tag, `${environment.image}:${lockHash}`, computed by runTrain. */
  image: string;
  kubeconfig?: string;
  pendingTimeoutMs?: number;
  /** How the cluster's pods get the code (resolved by runTrain: git or the working tree). */
  code?: CodeSource;
  /** The environment a local trainer inherits and a kubeconfig is found in. */
  env?: NodeJS.ProcessEnv;
  /** For a plan only (`--dry-run`): nothing may look for a kubeconfig or a cluster. */
  offline?: boolean;
  logger: Logger;
}

/** The typed options of the named backend, from the workspace: the one place they are built. */
export function backendOptions(request: BackendRequest): BackendOptions {
  const { workspace, context, logger } = request;
  switch (request.name) {
    case 'local':
      return { backend: 'local', env: request.env, workflowRunUrl: context.workflowRunUrl };
    case 'kubernetes': {
      const settings = workspace.config.kubernetes;
      if (!settings) {
        throw new ConfigurationError(
          `${workspace.file}: expected a kubernetes section (namespace, serviceAccount) for --backend kubernetes, found none.`,
        );
      }
      if (settings.multiNode) {
        logger.warning(
          `${workspace.file}: kubernetes.multiNode is deprecated: write "workload: ${settings.workload}" in its place.`,
        );
      }
      if (!settings.checkpoints) {
        logger.debug(
          'No kubernetes.checkpoints.claimName: checkpoints live in the pod and do not survive a preemption.',
        );
      }
      // A run without a kubeconfig fails here in one line, before an MLflow run is created for it.
      if (!request.offline) kubeconfigSource(request.kubeconfig, request.env);
      return {
        backend: 'kubernetes',
        kubeconfig: request.kubeconfig,
        context: settings.context,
        namespace: settings.namespace,
        env: request.env,
        logger,
        cluster: {
          namespace: settings.namespace,
          serviceAccount: settings.serviceAccount,
          gpuResource: settings.gpuResource,
          image: request.image,
          code: request.code,
          gitCredentialsSecret: settings.gitCredentials?.secretName,
          nodeSelector: settings.nodeSelector,
          tolerations: settings.tolerations,
          projectDir: request.projectDir,
          workflowRunUrl: context.workflowRunUrl,
          podAnnotations: settings.podAnnotations,
          podLabels: settings.podLabels,
          checkpointClaim: settings.checkpoints?.claimName,
        },
        workload: settings.workload,
        pendingTimeoutMs: request.pendingTimeoutMs,
      };
    }
    default:
      throw new OptionError(
        'backend',
        `expected one of ${BACKENDS.join(', ')}, found "${request.name}"`,
      );
  }
}

/** Builds a backend for new runs; it loads its clients only when first used (never by `plan`). */
export async function createBackend(options: BackendOptions): Promise<TrainingBackend> {
  switch (options.backend) {
    case 'local': {
      const { createLocalBackend } = await import('./local/index.js');
      return createLocalBackend(options);
    }
    case 'kubernetes': {
      const { createKubernetesBackend } = await import('./kubernetes/index.js');
      return createKubernetesBackend(options);
    }
  }
}

/** What a backend rebuilt from a handle needs from the process that holds the handle. */
export interface HandleContext {
  logger: Logger;
  /** Where KUBECONFIG and HOME are read (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The operations on a handle, from the handle alone: a cluster handle talks to the cluster
 * through its own kubeconfig and context, never the workspace's or the kubeconfig's default.
 */
export async function backendForHandle(
  handle: Handle,
  context: HandleContext,
): Promise<HandleOperations> {
  switch (handle.backend) {
    case 'local': {
      const { createLocalBackend } = await import('./local/index.js');
      return createLocalBackend({ env: context.env });
    }
    case 'kubernetes': {
      const { kubernetesOperations } = await import('./kubernetes/index.js');
      return kubernetesOperations({
        kubeconfig: handle.kubeconfig ? path.resolve(handle.kubeconfig) : undefined,
        context: handle.context,
        namespace: handle.namespace,
        env: context.env,
        logger: context.logger,
      });
    }
    default:
      throw new ConfigurationError(
        `expected a handle of one of the backends ${BACKENDS.join(', ')}, found backend "${(handle as { backend: unknown }).backend}"`,
      );
  }
}

/** Stops a job by its handle, from any process: the action's post step, `mlenv reap`. */
export async function cancelHandle(
  handle: Handle,
  logger: Logger,
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  await (await backendForHandle(handle, { logger, env: options.env })).cancel(handle, logger);
}

/** Removes whatever of a job still exists, by its handle, from any process. */
export async function cleanupHandle(
  handle: Handle,
  logger: Logger,
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  await (await backendForHandle(handle, { logger, env: options.env })).cleanup(handle, logger);
}
