import type { Workspace } from '../../shared/config/workspace.js';
import { findWorkspaceRoot } from '../../shared/config/workspace-root.js';
import type { Logger } from '../../shared/logger/index.js';

/**
 * Finds the workspace (which loads nothing heavy), says what the action is about to do there,
 * then loads and validates it. The config stack (YAML parser, schemas, globbing) is loaded only
 * here, after that first line, so a job's log shows the action at work from its first moment.
 */
export async function openWorkspace(
  workspaceInput: string,
  logger: Logger,
  purpose: string,
): Promise<Workspace> {
  const root = await findWorkspaceRoot(workspaceInput);
  logger.info(`${purpose} (workspace ${root})`);
  const { loadWorkspace } = await import('../../shared/config/workspace.js');
  return loadWorkspace(root);
}
