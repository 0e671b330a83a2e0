import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../errors/index.js';
import { formatDiagnostic } from './diagnostics.js';
import { findWorkspaceRoot, loadWorkspace } from './workspace.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const invalidDir = path.join(import.meta.dirname, 'fixtures/invalid');

async function problemsOf(root: string): Promise<string[]> {
  try {
    await loadWorkspace(root, { displayBase: root });
  } catch (error) {
    if (error instanceof ConfigurationError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  throw new Error(`${root} was accepted`);
}

describe('loadWorkspace', () => {
  it('accepts the workspace template and applies defaults', async () => {
    const workspace = await loadWorkspace(path.join(repoRoot, 'templates/workspace'));
    expect(workspace.projects.map((p) => [p.name, p.dir])).toEqual([
      ['pytorch-template', 'projects/pytorch'],
    ]);
    const template = workspace.projects[0]?.config;
    expect(template?.train?.distributed).toBe('none');
    expect(template?.train?.retries).toBe(2);
    expect(template?.train?.resources.memory).toBe('4Gi');
    expect(template?.train?.params).toEqual({ epochs: 3, lr: 0.05, 'batch-size': 64 });
    expect(workspace.config.tracking.uri).toBeUndefined();
    expect(workspace.warnings).toEqual([]);
  });

  const fixtures = readdirSync(invalidDir).sort();
  it('has at least 12 distinct broken fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
  });

  it.each(fixtures)('rejects %s with positioned messages', async (name) => {
    const root = path.join(invalidDir, name);
    const expected = readFileSync(path.join(root, 'expected.txt'), 'utf8').trim().split('\n');
    const problems = await problemsOf(root);
    expect(problems).toEqual(expected);
    for (const line of problems)
      expect(line).toMatch(/^[^:]+:\d+:\d+: (\S+: )?expected .+, found .+$/);
  });
});

describe('findWorkspaceRoot', () => {
  it('finds the workspace from a project directory', async () => {
    const root = path.join(repoRoot, 'templates/workspace');
    await expect(findWorkspaceRoot(path.join(root, 'projects/pytorch'))).resolves.toBe(root);
  });

  it('names the directory when there is no workspace', async () => {
    await expect(findWorkspaceRoot('/')).rejects.toThrow(
      /No mlenv.yaml with "kind: Workspace" in \//,
    );
  });
});
