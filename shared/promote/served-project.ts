import { projectAround, selectProject } from '../config/select-project.js';
import type { Project, Workspace } from '../config/workspace.js';
import { ConfigurationError } from '../errors/index.js';

/**
 * The project `mlenv serve status|stop` acts on: the one named, else the one around `cwd`, else
 * the only project with a promote section (a workspace's libraries serve nothing, so they do not
 * make the choice ambiguous).
 */
export function selectServedProject(
  workspace: Workspace,
  wanted: string | undefined,
  cwd = process.cwd(),
): Project {
  if (wanted) return selectProject(workspace, wanted, cwd);
  const around = projectAround(workspace, cwd);
  if (around) return around;
  const served = workspace.projects.filter((project) => project.config.promote);
  if (served.length === 1 && served[0]) return served[0];
  if (served.length === 0) {
    const names = workspace.projects.map((p) => p.name).join(', ') || 'no projects';
    throw new ConfigurationError(
      `Nothing to serve: expected a project with a promote section (model, gates, serving), found none in the workspace (${names}).`,
    );
  }
  throw new ConfigurationError(
    `Which project? Several serve a model: ${served.map((p) => p.name).join(', ')}. Name one, or run inside its directory.`,
  );
}
