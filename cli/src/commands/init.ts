import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import {
  findTemplatesDir,
  initProject,
  TEMPLATES,
} from '../../../shared/templates/init-project.js';
import type { CliContext } from '../main.js';
import { openWorkspace } from './workspace.js';

export function registerInit(program: Command, context: CliContext): void {
  program
    .command('init')
    .description('create a new project from a template inside the workspace')
    .argument('<dir>', 'directory of the new project, inside the workspace (e.g. projects/fraud)')
    .option('-t, --template <name>', `template: ${Object.keys(TEMPLATES).join(', ')}`, 'pytorch')
    .action(async (dir: string, options: { template: string }) => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const templatesDir = findTemplatesDir(path.dirname(fileURLToPath(import.meta.url)));
      const project = await initProject({
        workspace,
        dir,
        template: options.template,
        templatesDir,
      });
      logger.info(
        `Created project ${project.name} in ${project.dir} from the ${options.template} template.`,
      );
      logger.info(`Train it with: mlenv train ${project.name}`);
    });
}
