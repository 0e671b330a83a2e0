import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace } from '../config/workspace.js';
import { createMemoryLogger } from '../logger/index.js';
import { affectedProjects, findAffected, toMatrix } from './index.js';

// A real git repository: features <- fraud <- ranking, and an independent search project.
let repo: string;
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
}

function project(dir: string, name: string, dependsOn: string[] = []): void {
  write(
    `${dir}/mlenv.yaml`,
    `apiVersion: mlenv/v1\nkind: Project\nname: ${name}\ndependsOn: ${JSON.stringify(dependsOn)}\n`,
  );
  write(`${dir}/src/model.py`, `# ${name}\n`);
}

function commit(message: string): string {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD').trim();
}

async function affectedBetween(
  base: string,
  head = 'HEAD',
  cwd = repo,
): Promise<{ names: string[]; all: boolean }> {
  const workspace = await loadWorkspace(cwd);
  const result = await findAffected({ workspace, base, head, logger: createMemoryLogger() });
  return { names: result.projects.map((p) => p.name).sort(), all: result.allBecause !== undefined };
}

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'mlenv-affected-'));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 'test@example.com');
  git(repo, 'config', 'user.name', 'test');
  write(
    'mlenv.yaml',
    'apiVersion: mlenv/v1\nkind: Workspace\nprojects: ["projects/*", "services/*"]\nenvironment:\n  python: "3.11"\n  cuda: cpu\n  requirements: environment/requirements.in\n  lock: environment/requirements.lock\n  image: ghcr.io/acme/runtime\n',
  );
  write('environment/requirements.in', 'torch==2.15.0\n');
  write('environment/requirements.lock', 'torch==2.15.0 --hash=sha256:00\n');
  write('README.md', '# repo\n');
  project('projects/features', 'features');
  project('projects/fraud', 'fraud', ['projects/features']);
  project('services/ranking', 'ranking', ['projects/fraud']);
  project('projects/search', 'search');
  commit('initial');
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('findAffected on a real git history', () => {
  it('follows dependencies transitively', async () => {
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    write('projects/features/src/model.py', '# changed\n');
    commit('change features');
    expect(await affectedBetween(base)).toEqual({
      names: ['features', 'fraud', 'ranking'],
      all: false,
    });
  });

  it('affects only the project that changed when nothing depends on it', async () => {
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    write('projects/search/src/new.py', 'x = 1\n');
    commit('add to search');
    expect(await affectedBetween(base)).toEqual({ names: ['search'], all: false });
  });

  it('counts both sides of a rename between projects', async () => {
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    mkdirSync(path.join(repo, 'services/ranking/src'), { recursive: true });
    renameSync(
      path.join(repo, 'projects/search/src/new.py'),
      path.join(repo, 'services/ranking/src/new.py'),
    );
    commit('move a file from search to ranking');
    expect(await affectedBetween(base)).toEqual({ names: ['ranking', 'search'], all: false });
  });

  it('counts deletions', async () => {
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    rmSync(path.join(repo, 'projects/fraud/src/model.py'));
    commit('delete from fraud');
    expect(await affectedBetween(base)).toEqual({ names: ['fraud', 'ranking'], all: false });
  });

  it('affects nothing for files outside every project', async () => {
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    write('README.md', '# changed\n');
    commit('docs');
    expect(await affectedBetween(base)).toEqual({ names: [], all: false });
  });

  it.each([
    ['environment/requirements.in', 'torch==2.15.1\n'],
    ['environment/requirements.lock', 'torch==2.15.1 --hash=sha256:11\n'],
  ])('affects every project when %s changes', async (file, text) => {
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    write(file, text);
    commit(`change ${file}`);
    expect(await affectedBetween(base)).toEqual({
      names: ['features', 'fraud', 'ranking', 'search'],
      all: true,
    });
  });

  it('uses the merge base, so changes on the base branch do not count', async () => {
    const fork = git(repo, 'rev-parse', 'HEAD').trim();
    git(repo, 'checkout', '-q', '-b', 'pr');
    write('projects/search/src/pr.py', 'y = 2\n');
    commit('pr change');
    git(repo, 'checkout', '-q', 'main');
    write('projects/features/src/main-only.py', 'z = 3\n');
    commit('main moves on');
    expect(await affectedBetween('main', 'pr')).toEqual({ names: ['search'], all: false });
    git(repo, 'checkout', '-q', 'pr');
    expect(fork).not.toBe('');
  });

  it('fetches deeper history in a shallow clone to find the merge base', async () => {
    const clone = mkdtempSync(path.join(tmpdir(), 'mlenv-shallow-'));
    try {
      git(clone, 'clone', '-q', '--depth=1', '--branch=pr', `file://${repo}`, '.');
      git(clone, 'fetch', '-q', '--depth=1', 'origin', 'main:refs/remotes/origin/main');
      expect(git(clone, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');
      expect(await affectedBetween('origin/main', 'HEAD', clone)).toEqual({
        names: ['search'],
        all: false,
      });
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});

describe('toMatrix', () => {
  it('tells the workflows which projects train and which promote a model', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mlenv-matrix-'));
    try {
      const file = (name: string, text: string): void => {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
      };
      file(
        'mlenv.yaml',
        'apiVersion: mlenv/v1\nkind: Workspace\nprojects: ["projects/*"]\nenvironment:\n  python: "3.11"\n  cuda: cpu\n  requirements: environment/requirements.in\n  lock: environment/requirements.lock\n  image: ghcr.io/acme/runtime\n',
      );
      file('environment/requirements.in', 'torch==2.15.0\n');
      file('projects/lib/mlenv.yaml', 'apiVersion: mlenv/v1\nkind: Project\nname: lib\n');
      file(
        'projects/model/mlenv.yaml',
        'apiVersion: mlenv/v1\nkind: Project\nname: model\ndependsOn: [projects/lib]\ntrain:\n  command: [python, train.py]\npromote:\n  model: m\n  serving: { name: m }\n',
      );
      const workspace = await loadWorkspace(dir);
      const result = affectedProjects(workspace, [{ path: 'projects/lib/x.py', status: 'M' }]);
      expect(toMatrix(result)).toEqual({
        include: [
          { project: 'lib', dir: 'projects/lib', trains: false, promotes: false },
          { project: 'model', dir: 'projects/model', trains: true, promotes: true },
        ],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
