import { existsSync } from 'node:fs';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { CONFIG_FILE, loadWorkspace, type Project, type Workspace } from '../config/workspace.js';
import { ConfigurationError } from '../errors/index.js';
import { dnsLabel } from '../train/job.js';

export const TEMPLATES = { pytorch: 'workspace/projects/pytorch' } as const;
export type TemplateName = keyof typeof TEMPLATES;

// What standalone runs of a template leave behind; never copied into a new project or workspace.
export const TEMPLATE_LEFTOVERS = new Set([
  'outputs',
  'mlruns',
  'mlartifacts',
  'mlflow.db',
  '__pycache__',
  '.pytest_cache',
  '.ruff_cache',
  '.mlenv',
]);

/** The repository's templates/ folder, found from where this code runs (source or bundle). */
export function findTemplatesDir(from: string): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'templates', TEMPLATES.pytorch);
    if (existsSync(candidate)) return path.join(dir, 'templates');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No templates/ folder above ${from}`);
    dir = parent;
  }
}

/**
 * Creates a project from a template inside a workspace: copies it, names it after its folder
 * (project, registered model and serving name), and checks the workspace still validates.
 */
export async function initProject(options: {
  workspace: Workspace;
  dir: string;
  template: string;
  templatesDir: string;
}): Promise<Project> {
  const { workspace } = options;
  if (!(options.template in TEMPLATES)) {
    throw new ConfigurationError(
      `--template: expected one of ${Object.keys(TEMPLATES).join(', ')}, found "${options.template}"`,
    );
  }
  const target = path.resolve(options.dir);
  const relative = path.relative(workspace.root, target).split(path.sep).join('/');
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ConfigurationError(
      `${options.dir}: expected a new directory inside the workspace ${workspace.root}, found a path outside it`,
    );
  }
  if (existsSync(target) && (await readdir(target)).length > 0) {
    throw new ConfigurationError(
      `${options.dir}: expected a new or empty directory, found one with files`,
    );
  }
  const source = path.join(options.templatesDir, TEMPLATES[options.template as TemplateName]);
  await cp(source, target, {
    recursive: true,
    filter: (file) => !TEMPLATE_LEFTOVERS.has(path.basename(file)),
  });

  const name = dnsLabel([path.basename(target)]);
  const file = path.join(target, CONFIG_FILE);
  // Edit the document, not a re-serialised object, so the template's comments stay.
  const doc = parseDocument(await readFile(file, 'utf8'));
  doc.set('name', name);
  if (doc.hasIn(['promote', 'model'])) doc.setIn(['promote', 'model'], name);
  if (doc.hasIn(['promote', 'serving', 'name'])) doc.setIn(['promote', 'serving', 'name'], name);
  await writeFile(file, doc.toString());

  const reloaded = await loadWorkspace(workspace.root);
  const project = reloaded.projects.find((p) => p.dir === relative);
  if (!project) {
    throw new ConfigurationError(
      `${relative} was created, but no glob of ${path.relative(process.cwd(), workspace.file) || workspace.file} projects matches it: add it to "projects".`,
    );
  }
  return project;
}
