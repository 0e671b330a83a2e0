import { type Command, InvalidArgumentError } from 'commander';
import { resolveEnvironment } from '../../../shared/environment/index.js';
import {
  embeddedStatus,
  ensureEmbeddedMlflow,
  rememberedPort,
  stopEmbeddedMlflow,
} from '../../../shared/mlflow/embedded.js';
import type { CliContext } from '../context.js';
import { openWorkspace } from './workspace.js';

export function registerMlflow(program: Command, context: CliContext): void {
  const mlflow = program
    .command('mlflow')
    .description('the embedded MLflow server used when the workspace sets no tracking.uri');
  mlflow
    .command('ui')
    .description(
      'start the embedded server if needed and print its address (the same port every time)',
    )
    .option('--venv <dir>', 'Python environment with mlflow (default: the workspace environment)')
    .option(
      '--port <port>',
      'move the server to this loopback port and keep it there (default: the port chosen at its first start)',
      parsePort,
    )
    .action(async (options: { venv?: string; port?: number }) => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const environment = await resolveEnvironment(workspace, { venv: options.venv, logger });
      const server = await ensureEmbeddedMlflow({
        workspaceRoot: workspace.root,
        environment,
        port: options.port,
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
      const port = server ? undefined : await rememberedPort(workspace.root);
      context
        .logger()
        .info(
          server
            ? `running at ${server.uri} (pid ${server.pid})`
            : port
              ? `not running (\`mlenv mlflow ui\` starts it at http://127.0.0.1:${port})`
              : 'not running',
        );
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

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new InvalidArgumentError(`expected a TCP port (1-65535), found "${value}"`);
  return port;
}
