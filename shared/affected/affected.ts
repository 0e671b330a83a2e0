import path from 'node:path';
import type { Project, Workspace } from '../config/workspace.js';
import type { ChangedFile } from '../git/git.js';

export interface AffectedProject {
  name: string;
  dir: string;
  /** Why it is affected: a changed file of its own, or the project it depends on. */
  reasons: string[];
  /** It has a train section: the workflows train it (a library project is only checked). */
  trains: boolean;
  /** It has a promote section: the main workflow promotes its model. */
  promotes: boolean;
}

export interface AffectedResult {
  /** Set when a workspace-wide file changed, which affects every project. */
  allBecause?: string;
  projects: AffectedProject[];
}

/**
 * Projects a change affects: those with a changed file, every project that depends on one of
 * them (transitively), or all when the workspace config or the shared environment changed.
 */
export function affectedProjects(
  workspace: Workspace,
  changes: readonly ChangedFile[],
): AffectedResult {
  const rel = (file: string): string =>
    path.relative(workspace.root, file).split(path.sep).join('/');
  const workspaceFiles = new Set([
    rel(workspace.file),
    normalize(workspace.config.environment.requirements),
    normalize(workspace.config.environment.lock),
  ]);
  const paths = changes.flatMap((c) => (c.oldPath ? [c.path, c.oldPath] : [c.path]));

  const global = paths.find((p) => workspaceFiles.has(p));
  if (global !== undefined) {
    return {
      allBecause: global,
      projects: workspace.projects.map((p) => describe(p, [`${global} changed`])),
    };
  }

  const byDir = new Map(workspace.projects.map((p) => [p.dir, p]));
  const reasons = new Map<string, string[]>();
  const addReason = (dir: string, reason: string): boolean => {
    const list = reasons.get(dir);
    if (list) {
      if (!list.includes(reason)) list.push(reason);
      return false;
    }
    reasons.set(dir, [reason]);
    return true;
  };

  for (const file of paths) {
    const owner = owningProject(file, byDir);
    if (owner) addReason(owner, `${file} changed`);
  }

  const dependents = new Map<string, string[]>();
  for (const project of workspace.projects) {
    for (const dep of project.dependsOn) {
      const list = dependents.get(dep) ?? [];
      list.push(project.dir);
      dependents.set(dep, list);
    }
  }
  const queue = [...reasons.keys()];
  for (let i = 0; i < queue.length; i++) {
    const dir = queue[i] as string;
    const name = byDir.get(dir)?.name ?? dir;
    for (const dependent of dependents.get(dir) ?? []) {
      if (addReason(dependent, `depends on ${name}`)) queue.push(dependent);
    }
  }

  return {
    projects: workspace.projects
      .filter((p) => reasons.has(p.dir))
      .map((p) => describe(p, reasons.get(p.dir) ?? [])),
  };
}

function describe(project: Project, reasons: string[]): AffectedProject {
  return {
    name: project.name,
    dir: project.dir,
    reasons,
    trains: project.config.train !== undefined,
    promotes: project.config.promote !== undefined,
  };
}

/** The innermost project directory that holds the file, found by walking up its parents. */
function owningProject(file: string, byDir: ReadonlyMap<string, unknown>): string | undefined {
  let dir = path.posix.dirname(file);
  while (dir !== '.' && dir !== '/') {
    if (byDir.has(dir)) return dir;
    dir = path.posix.dirname(dir);
  }
  return undefined;
}

function normalize(file: string): string {
  return path.posix.normalize(file);
}

/** The `strategy.matrix` value for a job per affected project. */
export function toMatrix(result: AffectedResult): {
  include: { project: string; dir: string; trains: boolean; promotes: boolean }[];
} {
  return {
    include: result.projects.map((p) => ({
      project: p.name,
      dir: p.dir,
      trains: p.trains,
      promotes: p.promotes,
    })),
  };
}
