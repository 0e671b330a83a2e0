import path from 'node:path';
import { ConfigurationError } from '../errors/index.js';
import type { Project, Workspace } from './workspace.js';

/**
 * The project named (by name or directory), else the one around `cwd`, else the only project of
 * the workspace.
 */
export function selectProject(
  workspace: Workspace,
  wanted: string | undefined,
  cwd = process.cwd(),
): Project {
  const { projects } = workspace;
  const names = projects.map((p) => p.name).join(', ') || '(none)';
  if (wanted) {
    const asDir = path
      .relative(workspace.root, path.resolve(cwd, wanted))
      .split(path.sep)
      .join('/');
    const found = projects.find((p) => p.name === wanted || p.dir === wanted || p.dir === asDir);
    if (found) return found;
    throw new ConfigurationError(
      `Project "${wanted}": expected one of ${names}, found no such project.`,
    );
  }
  const around = projectAround(workspace, cwd);
  if (around) return around;
  if (projects.length === 1 && projects[0]) return projects[0];
  throw new ConfigurationError(
    `Which project? Name one of ${names}, or run inside a project directory.`,
  );
}

/** The project whose directory holds `cwd`, if any. */
export function projectAround(workspace: Workspace, cwd = process.cwd()): Project | undefined {
  const here = path.relative(workspace.root, cwd).split(path.sep).join('/');
  return workspace.projects.find((p) => here === p.dir || here.startsWith(`${p.dir}/`));
}
