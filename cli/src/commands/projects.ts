import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { openWorkspace } from './workspace.js';

export function registerProjects(program: Command, context: CliContext): void {
  program
    .command('projects')
    .description('list the projects of the workspace with their directories and dependencies')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const workspace = await openWorkspace(context);
      const rows = workspace.projects.map((p) => ({
        name: p.name,
        dir: p.dir,
        dependsOn: p.dependsOn,
      }));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const logger = context.logger();
      for (const row of rows) {
        const deps = row.dependsOn.length > 0 ? `  (depends on ${row.dependsOn.join(', ')})` : '';
        logger.info(`${row.name.padEnd(24)} ${row.dir}${deps}`);
      }
    });
}
