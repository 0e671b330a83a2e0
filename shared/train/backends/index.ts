import type { Workspace } from '../../config/workspace.js';
import { ConfigurationError } from '../../errors/index.js';
import type { Logger } from '../../logger/index.js';
import type { TrainingBackend } from '../backend.js';
import type { RunContext } from '../job.js';

export const BACKENDS = ['local', 'kubernetes'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendRequest {
  name: string;
  workspace: Workspace;
  projectDir: string;
  context: RunContext;
  lockHash?: string;
  logger: Logger;
  /** The environment a local trainer inherits (default: this process's). */
  env?: NodeJS.ProcessEnv;
  kubernetes?: {
    kubeconfig?: string;
    pendingTimeoutMs?: number;
    onCancel?: 'delete' | 'detach';
    serverDryRun?: boolean;
    gitUrl?: string;
    onSubmitted?: (
      objects: { apiVersion: string; kind: string; namespace: string; name: string }[],
    ) => void;
  };
}

/** Builds the named backend; each lives in its own folder and loads its clients only when chosen. */
export async function createBackend(request: BackendRequest): Promise<TrainingBackend> {
  switch (request.name) {
    case 'local': {
      const { createLocalBackend } = await import('./local/index.js');
      return createLocalBackend({ env: request.env });
    }
    case 'kubernetes':
      return kubernetesBackend(request);
    default:
      throw new ConfigurationError(
        `--backend: expected one of ${BACKENDS.join(', ')}, found "${request.name}"`,
      );
  }
}

async function kubernetesBackend(request: BackendRequest): Promise<TrainingBackend> {
  const settings = request.workspace.config.kubernetes;
  if (!settings) {
    throw new ConfigurationError(
      `${request.workspace.file}: expected a kubernetes section (namespace, serviceAccount) for --backend kubernetes, found none.`,
    );
  }
  const [{ createKubeClient }, { createKubernetesBackend }] = await Promise.all([
    import('../../k8s/client.js'),
    import('./kubernetes/index.js'),
  ]);
  const options = request.kubernetes ?? {};
  const client = await createKubeClient({
    kubeconfig: options.kubeconfig,
    context: settings.context,
    namespace: settings.namespace,
    logger: request.logger,
  });
  const { environment } = request.workspace.config;
  if (!settings.checkpoints) {
    request.logger.debug(
      'No kubernetes.checkpoints.claimName: checkpoints live in the pod and do not survive a preemption.',
    );
  }
  const commit = request.context.commit;
  return createKubernetesBackend({
    client,
    cluster: {
      namespace: settings.namespace,
      serviceAccount: settings.serviceAccount,
      gpuResource: settings.gpuResource,
      image: `${environment.image}:${request.lockHash ?? 'latest'}`,
      source: options.gitUrl && commit ? { gitUrl: options.gitUrl, commit } : undefined,
      projectDir: request.projectDir,
      workflowRunUrl: request.context.workflowRunUrl,
      podAnnotations: settings.podAnnotations,
      podLabels: settings.podLabels,
      checkpointClaim: settings.checkpoints?.claimName,
    },
    multiNode: settings.multiNode,
    pendingTimeoutMs: options.pendingTimeoutMs,
    onCancel: options.onCancel,
    serverDryRun: options.serverDryRun,
    onSubmitted: options.onSubmitted,
  });
}
