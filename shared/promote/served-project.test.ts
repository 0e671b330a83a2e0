import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace } from '../config/workspace.js';
import { ConfigurationError } from '../errors/index.js';
import { selectServedProject } from './served-project.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A workspace on disk with a library and the given projects that serve a model. */
async function workspaceServing(...served: string[]) {
  const root = mkdtempSync(path.join(tmpdir(), 'mlenv-served-'));
  roots.push(root);
  const files: Record<string, string> = {
    'mlenv.yaml':
      'apiVersion: mlenv/v1\nkind: Workspace\nprojects: ["projects/*"]\nenvironment:\n' +
      '  python: "3.11"\n  cuda: cpu\n  requirements: requirements.in\n' +
      '  lock: requirements.lock\n  image: ghcr.io/acme/runtime\n',
    'requirements.in': 'torch==2.15.0\n',
    'projects/features/mlenv.yaml': 'apiVersion: mlenv/v1\nkind: Project\nname: features\n',
  };
  for (const name of served) {
    files[`projects/${name}/mlenv.yaml`] =
      `apiVersion: mlenv/v1\nkind: Project\nname: ${name}\n` +
      `promote:\n  model: ${name}-model\n  serving: { name: ${name} }\n`;
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return loadWorkspace(root);
}

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
};

describe('selectServedProject', () => {
  it('takes the only project that serves a model, libraries aside', async () => {
    const workspace = await workspaceServing('fraud');
    expect(selectServedProject(workspace, undefined, workspace.root).name).toBe('fraud');
  });

  it('lists the projects that serve a model when there are several', async () => {
    const workspace = await workspaceServing('fraud', 'churn');
    expect(messageOf(() => selectServedProject(workspace, undefined, workspace.root))).toBe(
      'Which project? Several serve a model: churn, fraud. Name one, or run inside its directory.',
    );
  });

  it('says that nothing serves a model when no project has a promote section', async () => {
    const workspace = await workspaceServing();
    expect(messageOf(() => selectServedProject(workspace, undefined, workspace.root))).toBe(
      'Nothing to serve: expected a project with a promote section (model, gates, serving), found none in the workspace (features).',
    );
  });

  it('still takes the project named, or the one around the current directory', async () => {
    const workspace = await workspaceServing('fraud', 'churn');
    expect(selectServedProject(workspace, 'churn', workspace.root).name).toBe('churn');
    const inFraud = path.join(workspace.root, 'projects/fraud');
    expect(selectServedProject(workspace, undefined, inFraud).name).toBe('fraud');
    expect(messageOf(() => selectServedProject(workspace, 'nope', workspace.root))).toBe(
      'Project "nope": expected one of churn, features, fraud, found no such project.',
    );
  });
});
