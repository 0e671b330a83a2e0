import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import {
  findTemplatesDir,
  initProject,
  TEMPLATES,
} from '../../../shared/templates/init-project.js';
import { initWorkspace, WORKSPACE_FILES } from '../../../shared/templates/init-workspace.js';
import type { CliContext } from '../context.js';
import { openWorkspace } from './workspace.js';

export function registerInit(program: Command, context: CliContext): void {
  program
    .command('init')
    .description(
      'create a new project from a template inside the workspace, or with --new-workspace a new workspace',
    )
    .argument(
      '<dir>',
      'directory of the new project, inside the workspace (e.g. projects/fraud), or of the new workspace',
    )
    .option('-t, --template <name>', `template: ${Object.keys(TEMPLATES).join(', ')}`, 'pytorch')
    .option(
      '--new-workspace',
      'create a workspace in <dir>: environment, lint config, an example project, CI workflow and CODEOWNERS',
    )
    .action(async (dir: string, options: { template: string; newWorkspace?: boolean }) => {
      const logger = context.logger();
      const templatesDir = findTemplatesDir(path.dirname(fileURLToPath(import.meta.url)));
      if (options.newWorkspace) {
        const created = await initWorkspace({ dir, templatesDir });
        const projects = created.workspace.projects.map((p) => p.dir);
        logger.info(
          `Created workspace in ${dir}: ${[...WORKSPACE_FILES, ...projects].join(', ')}.`,
        );
        if (created.enclosingRepository) {
          logger.warning(
            `${dir} is inside the git repository ${created.enclosingRepository}: GitHub reads .github/ only at a repository's root, so move it there and give each job of .github/workflows/mlenv.yml "with: { workspace: ${path.relative(created.enclosingRepository, created.workspace.root)} }".`,
          );
        }
        const example = created.workspace.projects[0]?.name;
        logger.info(
          'Name the team that owns the environment in .github/CODEOWNERS (it says @your-org/ml-platform).',
        );
        if (example)
          logger.info(`Train the example with: mlenv --workspace ${dir} train ${example}`);
        return;
      }
      const workspace = await openWorkspace(context);
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
