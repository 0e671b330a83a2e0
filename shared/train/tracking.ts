import type { Workspace } from '../config/workspace.js';
import type { PythonEnvironment } from '../environment/index.js';
import type { Logger } from '../logger/index.js';
import { MlflowClient } from '../mlflow/client.js';
import { ensureEmbeddedMlflow } from '../mlflow/embedded.js';

/** The MLflow credentials MLflow's own client reads, which the trainer needs too. */
export const TRACKING_CREDENTIALS = [
  'MLFLOW_TRACKING_TOKEN',
  'MLFLOW_TRACKING_USERNAME',
  'MLFLOW_TRACKING_PASSWORD',
] as const;

export function trackingCredentials(env: NodeJS.ProcessEnv): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of TRACKING_CREDENTIALS) {
    const value = env[name];
    if (value) found[name] = value;
  }
  return found;
}

/**
 * The MLflow server for a run: an explicit URI, else the workspace's tracking.uri, else the
 * embedded server, started on demand and reused.
 */
export async function resolveTracking(options: {
  workspace: Workspace;
  /** The workspace environment, only needed (and so only built) for the embedded server. */
  environment: () => Promise<PythonEnvironment>;
  uri?: string;
  retryBudgetMs?: number;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}): Promise<MlflowClient> {
  const env = options.env ?? process.env;
  const token = env.MLFLOW_TRACKING_TOKEN;
  for (const secret of Object.values(trackingCredentials(env))) options.logger.mask(secret);
  const configured = options.uri ?? options.workspace.config.tracking.uri;
  if (configured)
    return new MlflowClient({
      uri: configured,
      token,
      logger: options.logger,
      retryBudgetMs: options.retryBudgetMs,
    });
  const server = await ensureEmbeddedMlflow({
    workspaceRoot: options.workspace.root,
    environment: await options.environment(),
    logger: options.logger,
  });
  return new MlflowClient({ uri: server.uri, logger: options.logger });
}
