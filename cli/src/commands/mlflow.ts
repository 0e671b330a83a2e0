import type { Command } from 'commander';
import { resolveEnvironment } from '../../../shared/environment/index.js';
import {
  embeddedStatus,
  ensureEmbeddedMlflow,
  stopEmbeddedMlflow,
} from '../../../shared/mlflow/embedded.js';
import type { CliContext } from '../main.js';
import { openWorkspace } from './workspace.js';

export function registerMlflow(program: Command, context: CliContext): void {
  const mlflow = program
    .command('mlflow')
    .description('the embedded MLflow server used when the workspace sets no tracking.uri');
  mlflow
    .command('ui')
    .description('start the embedded server if needed and print its address')
    .option('--venv <dir>', 'Python environment with mlflow (default: the workspace environment)')
    .action(async (options: { venv?: string }) => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const environment = await resolveEnvironment(workspace, { venv: options.venv, logger });
      const server = await ensureEmbeddedMlflow({
        workspaceRoot: workspace.root,
        mlflow: environment.mlflow,
        logger,
      });
      logger.info(`MLflow UI: ${server.uri} (pid ${server.pid}); stop it with: mlenv mlflow stop`);
    });
  mlflow
    .command('status')
    .description('say whether the embedded server runs, and where')
    .action(async () => {
      const workspace = await openWorkspace(context);
      const server = await embeddedStatus(workspace.root);
      context
        .logger()
        .info(server ? `running at ${server.uri} (pid ${server.pid})` : 'not running');
    });
  mlflow
    .command('stop')
    .description('stop the embedded server (its data stays in .mlenv/mlflow)')
    .action(async () => {
      const workspace = await openWorkspace(context);
      const stopped = await stopEmbeddedMlflow(workspace.root);
      context
        .logger()
        .info(
          stopped
            ? 'Stopped the embedded MLflow server.'
            : 'The embedded MLflow server was not running.',
        );
    });
}
