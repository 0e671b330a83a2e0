import { existsSync } from 'node:fs';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE, loadWorkspace, type Workspace } from '../config/workspace.js';
import { ConfigurationError } from '../errors/index.js';
import { TEMPLATE_LEFTOVERS } from './init-project.js';

export const WORKSPACE_TEMPLATE = 'workspace';

/** What a new workspace holds beside its projects, for the CLI to name. */
export const WORKSPACE_FILES = [
  CONFIG_FILE,
  'environment/',
  'ruff.toml',
  '.github/workflows/mlenv.yml',
  '.github/CODEOWNERS',
  '.gitignore',
] as const;

export interface NewWorkspace {
  workspace: Workspace;
  /** The git repository the new workspace sits inside, when that is not the workspace itself. */
  enclosingRepository?: string;
}

/**
 * Creates a new workspace from the workspace template: the shared environment and its lock, the
 * lint configuration, the example project, the CI workflow calling MLEnv's reusable workflows
 * and CODEOWNERS for the platform team; then checks that it validates.
 */
export async function initWorkspace(options: {
  dir: string;
  templatesDir: string;
}): Promise<NewWorkspace> {
  const target = path.resolve(options.dir);
  if (existsSync(target) && (await readdir(target)).length > 0) {
    throw new ConfigurationError(
      `${options.dir}: expected a new or empty directory for the workspace, found one with files`,
    );
  }
  const source = path.join(options.templatesDir, WORKSPACE_TEMPLATE);
  await cp(source, target, {
    recursive: true,
    filter: (file) => !TEMPLATE_LEFTOVERS.has(path.basename(file)),
  });

  // The template's editor hint points at schemas/ from inside this repository; point it at the
  // same file from the new place.
  const file = path.join(target, CONFIG_FILE);
  const schema = path.join(options.templatesDir, '..', 'schemas', 'mlenv.schema.json');
  const relative = path.relative(target, schema).split(path.sep).join('/');
  const text = await readFile(file, 'utf8');
  await writeFile(
    file,
    text.replace(/^(# yaml-language-server: \$schema=).*$/m, (_line, prefix: string) =>
      existsSync(schema) ? `${prefix}${relative}` : '',
    ),
  );

  return {
    workspace: await loadWorkspace(target),
    enclosingRepository: enclosingRepository(target),
  };
}

// GitHub reads workflows and CODEOWNERS only at a repository's root, so a workspace in a
// subdirectory needs them moved; the caller says so.
function enclosingRepository(dir: string): string | undefined {
  let current = path.dirname(dir);
  for (;;) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
