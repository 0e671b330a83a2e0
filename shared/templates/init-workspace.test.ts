import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { findTemplatesDir } from './init-project.js';
import { initWorkspace, WORKSPACE_FILES } from './init-workspace.js';

const templatesDir = findTemplatesDir(import.meta.dirname);
const template = path.join(templatesDir, 'workspace');

describe('initWorkspace', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mlenv-init-workspace-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a valid workspace with the CI workflow and CODEOWNERS of the template', async () => {
    const target = path.join(dir, 'ml');
    const { workspace, enclosingRepository } = await initWorkspace({ dir: target, templatesDir });
    expect(workspace.root).toBe(target);
    expect(workspace.projects.map((p) => p.dir)).toEqual(['projects/pytorch']);
    expect(enclosingRepository).toBeUndefined();
    for (const file of WORKSPACE_FILES)
      expect([file, existsSync(path.join(target, file))]).toEqual([file, true]);
    for (const file of ['.github/workflows/mlenv.yml', '.github/CODEOWNERS', '.gitignore']) {
      expect(readFileSync(path.join(target, file), 'utf8')).toBe(
        readFileSync(path.join(template, file), 'utf8'),
      );
    }
    expect(readFileSync(path.join(target, '.github/workflows/mlenv.yml'), 'utf8')).toContain(
      'uses: mlenv/mlenv/.github/workflows/mlenv-pr.yml@v1',
    );
    expect(readFileSync(path.join(target, '.github/CODEOWNERS'), 'utf8')).toMatch(
      /^\/environment\/ @\S+$/m,
    );
  });

  it('points the editor hint at the schema from the new place and leaves run leftovers behind', async () => {
    const target = path.join(dir, 'ml');
    await initWorkspace({ dir: target, templatesDir });
    const first = readFileSync(path.join(target, 'mlenv.yaml'), 'utf8').split('\n')[0] ?? '';
    const schema = /\$schema=(.*)$/.exec(first)?.[1] ?? '';
    expect(path.resolve(target, schema)).toBe(
      path.resolve(templatesDir, '../schemas/mlenv.schema.json'),
    );
    expect(existsSync(path.join(target, '.mlenv'))).toBe(false);
    expect(existsSync(path.join(target, '.ruff_cache'))).toBe(false);
  });

  it('refuses a directory that already holds files', async () => {
    writeFileSync(path.join(dir, 'keep.txt'), 'mine\n');
    await expect(initWorkspace({ dir, templatesDir })).rejects.toThrow(
      'expected a new or empty directory for the workspace, found one with files',
    );
    expect(existsSync(path.join(dir, 'mlenv.yaml'))).toBe(false);
  });

  it('names the git repository around it, whose root is where GitHub reads .github/', async () => {
    mkdirSync(path.join(dir, '.git'));
    const { enclosingRepository } = await initWorkspace({
      dir: path.join(dir, 'ml'),
      templatesDir,
    });
    expect(enclosingRepository).toBe(dir);
  });
});
