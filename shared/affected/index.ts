import type { Workspace } from '../config/workspace.js';
import { changedFiles } from '../git/git.js';
import type { Logger } from '../logger/index.js';
import { type AffectedResult, affectedProjects } from './affected.js';

export type { AffectedProject, AffectedResult } from './affected.js';
export { affectedProjects, toMatrix } from './affected.js';

export interface AffectedOptions {
  workspace: Workspace;
  base: string;
  head: string;
  logger: Logger;
}

/** The projects changed between the merge base of `base` and `head`, read from git. */
export async function findAffected(
  options: AffectedOptions,
): Promise<AffectedResult & { changedFiles: number }> {
  const { workspace, base, head, logger } = options;
  const changes = await changedFiles(workspace.root, base, head, logger);
  logger.debug(`${changes.length} file(s) changed between ${base}...${head}`);
  return { ...affectedProjects(workspace, changes), changedFiles: changes.length };
}
