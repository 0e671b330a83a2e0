import type { Command } from 'commander';
import { formatDiagnostic } from '../../../shared/config/diagnostics.js';
import { isConfigurationError } from '../../../shared/errors/index.js';
import type { CliContext } from '../context.js';
import { openWorkspace } from './workspace.js';

export function registerValidate(program: Command, context: CliContext): void {
  program
    .command('validate')
    .description('validate the workspace mlenv.yaml and every project mlenv.yaml in it')
    .addHelpText(
      'after',
      '\nEach problem is printed on one line as FILE:LINE:COL: KEY: expected ..., found ...\n' +
        'Exit code: 0 when valid, 1 when any file has a problem.',
    )
    .action(async () => {
      const logger = context.logger();
      try {
        const workspace = await openWorkspace(context);
        for (const warning of workspace.warnings) {
          logger.warning(formatDiagnostic(warning));
        }
        const names = workspace.projects.map((p) => p.name).join(', ') || 'none';
        logger.info(
          `${workspace.file}: valid workspace with ${workspace.projects.length} project(s): ${names}`,
        );
      } catch (error) {
        if (!isConfigurationError(error) || error.diagnostics.length === 0) throw error;
        for (const diagnostic of error.diagnostics)
          process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
        const n = error.diagnostics.length;
        process.stderr.write(`${n} problem${n === 1 ? '' : 's'} found.\n`);
        process.exitCode = 1;
      }
    });
}
