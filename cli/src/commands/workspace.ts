import {
  findWorkspaceRoot,
  loadWorkspace,
  type Workspace,
} from '../../../shared/config/workspace.js';
import type { CliContext } from '../context.js';

export { selectProject } from '../../../shared/config/select-project.js';

export async function openWorkspace(context: CliContext): Promise<Workspace> {
  const { workspace } = context.globals();
  const root = workspace ?? (await findWorkspaceRoot(process.cwd()));
  return loadWorkspace(root);
}
