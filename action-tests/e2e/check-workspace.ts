import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectYaml, writeWorkspace } from '../integration/workspace-fixture.js';

// shared/check's fixture workspace, as the workflows that check it under act take it: ruff and
// pytest from a uv lock (the machine's uv cache has them), ruff's settings, and the projects.
const fixtures = path.resolve(import.meta.dirname, '../../shared/check/fixtures/workspace');

/** The workspace files, with an (empty) lock to build and a project file for each of `projects`. */
export function writeCheckWorkspace(repo: string, projects: string[]): void {
  writeWorkspace(
    repo,
    {},
    {
      'environment/requirements.in': 'ruff==0.17.6\npytest==9.2.0\n',
      'environment/requirements.lock': '',
      'ruff.toml': readFileSync(path.join(fixtures, 'ruff.toml'), 'utf8'),
      ...Object.fromEntries(
        projects.map((name) => [`projects/${name}/mlenv.yaml`, projectYaml(name)]),
      ),
      '.gitignore': '.mlenv/\n__pycache__/\n.ruff_cache/\n.pytest_cache/\n',
    },
  );
}

/** The fixture projects' code and tests (`clean`, `broken`), without the caches a local run left. */
export function copyCheckProjects(repo: string, projects: string[]): void {
  for (const project of projects)
    cpSync(path.join(fixtures, 'projects', project), path.join(repo, 'projects', project), {
      recursive: true,
      filter: (source) => !/__pycache__|\.ruff_cache|\.pytest_cache/.test(source),
    });
}
