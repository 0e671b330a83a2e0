import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadWorkspace, type Workspace } from '../../shared/config/workspace.js';

/** A scratch workspace with one project, written as a user would write it. */
export async function scratchWorkspace(options: {
  workspace?: Record<string, unknown>;
  project: Record<string, unknown>;
  name?: string;
  files?: Record<string, string>;
}): Promise<{ workspace: Workspace; root: string; cleanup(): void }> {
  const root = mkdtempSync(path.join(tmpdir(), 'mlenv-it-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write(
    'mlenv.yaml',
    stringify({
      apiVersion: 'mlenv/v1',
      kind: 'Workspace',
      projects: ['projects/*'],
      environment: {
        python: '3.11',
        cuda: 'cpu',
        requirements: 'environment/requirements.in',
        lock: 'environment/requirements.lock',
        image: 'ghcr.io/acme/mlenv-runtime',
      },
      ...options.workspace,
    }),
  );
  write('environment/requirements.in', 'torch==2.15.0\n');
  write('environment/requirements.lock', 'torch==2.15.0 --hash=sha256:0000\n');
  write(
    'projects/demo/mlenv.yaml',
    stringify({
      apiVersion: 'mlenv/v1',
      kind: 'Project',
      name: options.name ?? 'demo',
      ...options.project,
    }),
  );
  for (const [file, text] of Object.entries(options.files ?? {})) write(file, text);
  return {
    workspace: await loadWorkspace(root),
    root,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
