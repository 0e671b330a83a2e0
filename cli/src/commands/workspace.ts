import path from 'node:path';
import {
  findWorkspaceRoot,
  loadWorkspace,
  type Project,
  type Workspace,
} from '../../../shared/config/workspace.js';
import { ConfigurationError } from '../../../shared/errors/index.js';
import type { CliContext } from '../main.js';

export async function openWorkspace(context: CliContext): Promise<Workspace> {
  const { workspace } = context.globals();
  const root = workspace ?? (await findWorkspaceRoot(process.cwd()));
  return loadWorkspace(root);
}

/**
 * The project named on the command line (by name or directory), else the one around the current
 * directory, else the only project of the workspace.
 */
export function selectProject(
  workspace: Workspace,
  wanted: string | undefined,
  cwd = process.cwd(),
): Project {
  const { projects } = workspace;
  if (wanted) {
    const asDir = path
      .relative(workspace.root, path.resolve(cwd, wanted))
      .split(path.sep)
      .join('/');
    const found = projects.find((p) => p.name === wanted || p.dir === wanted || p.dir === asDir);
    if (found) return found;
    throw new ConfigurationError(
      `Project "${wanted}": expected one of ${projects.map((p) => p.name).join(', ') || '(none)'}, found no such project.`,
    );
  }
  const here = path.relative(workspace.root, cwd).split(path.sep).join('/');
  const around = projects.find((p) => here === p.dir || here.startsWith(`${p.dir}/`));
  if (around) return around;
  if (projects.length === 1 && projects[0]) return projects[0];
  throw new ConfigurationError(
    `Which project? Name one of ${projects.map((p) => p.name).join(', ') || '(none)'}, or run inside a project directory.`,
  );
}
