import type { Command } from 'commander';
import { lockEnvironment, resolveEnvironment } from '../../../shared/environment/index.js';
import type { CliContext } from '../main.js';
import { openWorkspace } from './workspace.js';

export function registerEnvironment(program: Command, context: CliContext): void {
  program
    .command('setup')
    .description(
      'build (or reuse) the workspace environment from the lock, cached by the lock hash',
    )
    .action(async () => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const environment = await resolveEnvironment(workspace, { logger });
      logger.info(`Environment: ${environment.venv}`);
      logger.info(`Python: ${environment.python}`);
    });
  const env = program.command('env').description('the one shared environment of the workspace');
  env
    .command('lock')
    .description('resolve environment.requirements into environment.lock with hashes (uv)')
    .action(async () => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const lock = await lockEnvironment(workspace, logger);
      logger.info(`Wrote ${lock}`);
    });
}
