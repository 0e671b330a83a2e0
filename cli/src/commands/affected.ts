import type { Command } from 'commander';
import { findAffected, toMatrix } from '../../../shared/affected/index.js';
import { AFFECTED_OPTIONS } from '../../../shared/options/affected.js';
import type { CliValues } from '../../../shared/options/option.js';
import type { CliContext } from '../context.js';
import { addOptions } from '../options.js';
import { openWorkspace } from './workspace.js';

export function registerAffected(program: Command, context: CliContext): void {
  const affected = program
    .command('affected')
    .description(
      'list the projects a change affects (own files, dependencies, shared environment)',
    );
  addOptions(affected, AFFECTED_OPTIONS)
    .addHelpText(
      'after',
      '\nA project is affected when a file under it changes, when a project it dependsOn is\n' +
        'affected, or when the workspace mlenv.yaml or the environment files change (then all are).',
    )
    .action(async (options: CliValues<typeof AFFECTED_OPTIONS>) => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const result = await findAffected({
        workspace,
        base: options.base,
        head: options.head,
        logger,
      });
      if (options.json) {
        const projects = result.projects.map((p) => p.name);
        process.stdout.write(
          `${JSON.stringify({ projects, all: result.allBecause !== undefined, matrix: toMatrix(result), details: result.projects }, null, 2)}\n`,
        );
        return;
      }
      if (result.projects.length === 0) {
        logger.info(`No project is affected (${result.changedFiles} file(s) changed).`);
        return;
      }
      if (result.allBecause)
        logger.info(`All projects are affected: ${result.allBecause} changed.`);
      for (const project of result.projects) {
        logger.info(
          `${project.name.padEnd(24)} ${project.dir}  (${project.reasons.slice(0, 3).join('; ')})`,
        );
      }
    });
}
