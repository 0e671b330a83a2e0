import type { Command } from 'commander';
import { findAffected } from '../../../shared/affected/index.js';
import { checkWorkspace } from '../../../shared/check/check-workspace.js';
import { formatCheckForTerminal } from '../../../shared/check/index.js';
import type { Project } from '../../../shared/config/workspace.js';
import { resolveEnvironment } from '../../../shared/environment/index.js';
import { CHECK_OPTIONS } from '../../../shared/options/check.js';
import type { CliValues } from '../../../shared/options/option.js';
import type { CliContext } from '../context.js';
import { addOptions } from '../options.js';
import { openWorkspace, selectProject } from './workspace.js';

type CheckOptions = CliValues<typeof CHECK_OPTIONS>;

export function registerCheck(program: Command, context: CliContext): void {
  const check = program
    .command('check')
    .description(
      'lint (ruff check, ruff format --check) and unit-test (pytest, no gpu marks) projects in the shared environment',
    );
  addOptions(check, CHECK_OPTIONS).action(async (names: string[], options: CheckOptions) => {
    const logger = context.logger();
    const workspace = await openWorkspace(context);
    let projects: Project[] = names.map((name) => selectProject(workspace, name));
    if (options.affected) {
      const affected = await findAffected({
        workspace,
        base: options.base,
        head: options.head,
        logger,
      });
      const wanted = new Set(affected.projects.map((p) => p.name));
      projects = workspace.projects.filter((p) => wanted.has(p.name));
      if (projects.length === 0) {
        logger.info('No project is affected: nothing to check.');
        return;
      }
    }
    const environment = await resolveEnvironment(workspace, { venv: options.venv, logger });
    const result = await checkWorkspace({ workspace, projects, environment, logger });
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`${formatCheckForTerminal(result)}\n`);
    if (!result.ok) process.exitCode = 1;
  });
}
