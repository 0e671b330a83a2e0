import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadWorkspace, type Workspace } from '../../shared/config/workspace.js';

/**
 * A workspace mlenv.yaml as a user writes it; its environment files are written by
 * writeWorkspace. Keys of `extra.environment` are added to the default environment.
 */
export function workspaceYaml(extra: Record<string, unknown> = {}): string {
  const { environment, ...rest } = extra;
  return stringify({
    apiVersion: 'mlenv/v1',
    kind: 'Workspace',
    projects: ['projects/*'],
    environment: {
      python: '3.11',
      cuda: 'cpu',
      requirements: 'environment/requirements.in',
      lock: 'environment/requirements.lock',
      image: 'ghcr.io/acme/mlenv-runtime',
      ...(environment as Record<string, unknown> | undefined),
    },
    ...rest,
  });
}

export function projectYaml(name: string, extra: Record<string, unknown> = {}): string {
  return stringify({ apiVersion: 'mlenv/v1', kind: 'Project', name, ...extra });
}

/** Writes a workspace (mlenv.yaml, environment files) and any other files into `root`. */
export function writeWorkspace(
  root: string,
  workspace: Record<string, unknown>,
  files: Record<string, string> = {},
): void {
  const all = {
    'mlenv.yaml': workspaceYaml(workspace),
    'environment/requirements.in': 'torch==2.15.0\n',
    'environment/requirements.lock': 'torch==2.15.0 --hash=sha256:0000\n',
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

/** A scratch workspace with one project, written as a user would write it. */
export async function scratchWorkspace(options: {
  workspace?: Record<string, unknown>;
  project: Record<string, unknown>;
  name?: string;
  files?: Record<string, string>;
}): Promise<{ workspace: Workspace; root: string; cleanup(): void }> {
  const root = mkdtempSync(path.join(tmpdir(), 'mlenv-it-'));
  writeWorkspace(root, options.workspace ?? {}, {
    'projects/demo/mlenv.yaml': projectYaml(options.name ?? 'demo', options.project),
    ...options.files,
  });
  return {
    workspace: await loadWorkspace(root),
    root,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Runs git in cwd as a throwaway committer; throws with git's stderr on failure, returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args],
    {
      cwd,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A git repository at root on branch, with one empty commit: what the launcher tags runs with. */
export function initRepository(root: string, branch: string): void {
  git(root, 'init', '-q', '-b', branch);
  git(root, 'commit', '-q', '--allow-empty', '-m', 'init');
}
