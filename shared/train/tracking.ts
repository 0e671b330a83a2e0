import type { Workspace } from '../config/workspace.js';
import type { PythonEnvironment } from '../environment/index.js';
import type { Logger } from '../logger/index.js';
import { MlflowClient } from '../mlflow/client.js';
import { ensureEmbeddedMlflow } from '../mlflow/embedded.js';

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
  if (token) options.logger.mask(token);
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
    mlflow: (await options.environment()).mlflow,
    logger: options.logger,
  });
  return new MlflowClient({ uri: server.uri, logger: options.logger });
}
