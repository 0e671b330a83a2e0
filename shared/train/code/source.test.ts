import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../errors/index.js';
import type { WorkingTreeArchive } from './pack.js';
import {
  CODE_ARTIFACT,
  type CodeSettings,
  type CodeSource,
  describeCode,
  podRemote,
  resolveCodeSource,
} from './source.js';

const ORIGIN = 'https://example.com/acme/ml.git';
const auto: CodeSettings = { source: 'auto', maxSize: '100Mi' };
const forceGit: CodeSettings = { source: 'git', maxSize: '100Mi' };

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function gitIn(cwd: string) {
  return (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e.x', ...args], {
      cwd,
      encoding: 'utf8',
    }).trim();
}

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

/**
 * A clone of a bare "remote" whose commit is pushed (refs/remotes/origin/main holds it), with
 * origin then pointed at an HTTPS URL the pods could reach: the remote-tracking refs stay.
 */
function pushedClone(origin: string | null = ORIGIN) {
  const base = tempDir('mlenv-source-');
  const bare = path.join(base, 'remote.git');
  const seed = path.join(base, 'seed');
  const clone = path.join(base, 'clone');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  mkdirSync(seed);
  const runSeed = gitIn(seed);
  runSeed('init', '-q', '-b', 'main');
  write(seed, 'README.md', 'repo\n');
  write(seed, 'ml/mlenv.yaml', 'projects: []\n');
  write(seed, 'ml/projects/fraud/train.py', 'print(1)\n');
  runSeed('add', '.');
  runSeed('commit', '-q', '-m', 'seed');
  runSeed('push', '-q', bare, 'main');
  execFileSync('git', ['clone', '-q', bare, clone]);
  const run = gitIn(clone);
  if (origin === null) run('remote', 'remove', 'origin');
  else run('remote', 'set-url', 'origin', origin);
  return { clone, run, head: () => run('rev-parse', 'HEAD') };
}

describe('resolveCodeSource', () => {
  it('fetches by git a clean tree whose commit is pushed', async () => {
    const { clone, head } = pushedClone();
    const commit = head();
    const { code, warnings } = await resolveCodeSource({
      root: clone,
      context: { commit },
      settings: auto,
      env: {},
    });
    expect(code).toMatchObject({ kind: 'git', url: ORIGIN, commit, prefix: '' });
    expect(code.reason).toContain('the tree is clean');
    expect(code.reason).toContain('origin/main');
    expect(warnings).toEqual([]);
  });

  it("gives a workspace inside the repository as the checkout's prefix", async () => {
    const { clone, head } = pushedClone();
    const { code } = await resolveCodeSource({
      root: path.join(clone, 'ml'),
      context: { commit: head() },
      settings: auto,
      env: {},
    });
    expect(code).toMatchObject({ kind: 'git', prefix: 'ml/' });
  });

  it('ignores changes outside the workspace folder', async () => {
    const { clone, head } = pushedClone();
    write(clone, 'README.md', 'edited outside the workspace\n');
    const { code } = await resolveCodeSource({
      root: path.join(clone, 'ml'),
      context: { commit: head() },
      settings: auto,
      env: {},
    });
    expect(code.kind).toBe('git');
  });

  it("does not count MLEnv's own state as a change", async () => {
    const { clone, head } = pushedClone();
    write(clone, '.mlenv/runs/x/out.txt', 'local output');
    const { code } = await resolveCodeSource({
      root: clone,
      context: { commit: head() },
      settings: auto,
      env: {},
    });
    expect(code.kind).toBe('git');
  });

  it("does not count MLEnv's own state as a change in a workspace inside the repository", async () => {
    const { clone, head } = pushedClone();
    write(clone, 'ml/.mlenv/runs/x/out.txt', 'local output');
    const { code } = await resolveCodeSource({
      root: path.join(clone, 'ml'),
      context: { commit: head() },
      settings: auto,
      env: {},
    });
    // Fails: source.ts filters `.mlenv/` from `git status` paths, which are relative to the
    // repository root ("ml/.mlenv/..."), not to the workspace.
    expect(code).toMatchObject({ kind: 'git', prefix: 'ml/' });
  });

  it('ships the working tree when a tracked file is modified, naming the count', async () => {
    const { clone, head } = pushedClone();
    write(clone, 'ml/projects/fraud/train.py', 'print(2)\n');
    const { code, warnings } = await resolveCodeSource({
      root: clone,
      context: { commit: head() },
      settings: auto,
      env: {},
    });
    expect(code.kind).toBe('working-tree');
    expect(code.reason).toBe('1 file has uncommitted changes (ml/projects/fraud/train.py)');
    expect(warnings).toEqual([]);
    if (code.kind !== 'working-tree') throw new Error('unreachable');
    expect(code.artifact).toBe(CODE_ARTIFACT);
    expect(code.archive.files).toBe(3);
    expect(code.archive.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ships the working tree when there are untracked files, shown up to three', async () => {
    const { clone, head } = pushedClone();
    for (const name of ['a.py', 'b.py', 'c.py', 'd.py']) write(clone, name, 'x\n');
    const { code } = await resolveCodeSource({
      root: clone,
      context: { commit: head() },
      settings: auto,
      env: {},
    });
    expect(code.kind).toBe('working-tree');
    expect(code.reason).toBe('4 files have uncommitted changes (a.py, b.py, c.py and 1 more)');
  });

  it('ships the working tree when the commit is not pushed', async () => {
    const { clone, run, head } = pushedClone();
    write(clone, 'new.py', 'x\n');
    run('add', '.');
    run('commit', '-q', '-m', 'local only');
    const commit = head();
    const { code } = await resolveCodeSource({
      root: clone,
      context: { commit },
      settings: auto,
      env: {},
    });
    expect(code.kind).toBe('working-tree');
    expect(code.reason).toContain('not pushed');
    expect(code.reason).toContain(commit.slice(0, 12));
  });

  it('ships the working tree when origin is a local path the pods cannot reach', async () => {
    const { clone, head } = pushedClone('/srv/git/ml.git');
    const { code } = await resolveCodeSource({
      root: clone,
      context: { commit: head() },
      settings: auto,
      env: {},
    });
    expect(code.kind).toBe('working-tree');
    expect(code.reason).toContain('a local path the cluster cannot reach');
  });

  it('ships the working tree when there is no origin remote', async () => {
    const { clone, head } = pushedClone(null);
    const { code } = await resolveCodeSource({
      root: clone,
      context: { commit: head() },
      settings: auto,
      env: {},
    });
    expect(code).toMatchObject({
      kind: 'working-tree',
      reason: 'the repository has no origin remote',
    });
  });

  it('fetches over HTTPS from an ssh origin, and says so', async () => {
    const { clone, head } = pushedClone('git@github.com:acme/ml.git');
    const { code } = await resolveCodeSource({
      root: clone,
      context: { commit: head() },
      settings: auto,
      env: {},
    });
    expect(code).toMatchObject({ kind: 'git', url: 'https://github.com/acme/ml.git' });
    expect(code.reason).toContain('ssh remote');
  });

  it('ships the working tree, even clean and pushed, when the source is working-tree', async () => {
    const { clone, head } = pushedClone();
    const { code } = await resolveCodeSource({
      root: clone,
      context: { commit: head() },
      settings: { source: 'working-tree', maxSize: '100Mi' },
      env: {},
    });
    expect(code).toMatchObject({
      kind: 'working-tree',
      reason: 'kubernetes.code.source is working-tree',
    });
  });

  it('fails with source git when the commit is not pushed', async () => {
    const { clone, run, head } = pushedClone();
    write(clone, 'new.py', 'x\n');
    run('add', '.');
    run('commit', '-q', '-m', 'local only');
    const failure = await resolveCodeSource({
      root: clone,
      context: { commit: head() },
      settings: forceGit,
      env: {},
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect((failure as Error).message).toContain('kubernetes.code.source is git');
    expect((failure as Error).message).toContain('not pushed');
  });

  it('fetches by git with source git despite changes, and warns that they are left out', async () => {
    const { clone, head } = pushedClone();
    const commit = head();
    write(clone, 'ml/projects/fraud/train.py', 'print(2)\n');
    const { code, warnings } = await resolveCodeSource({
      root: clone,
      context: { commit },
      settings: forceGit,
      env: {},
    });
    expect(code).toMatchObject({
      kind: 'git',
      url: ORIGIN,
      commit,
      reason: 'kubernetes.code.source is git',
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('1 file has uncommitted changes');
    expect(warnings[0]).toContain(commit.slice(0, 12));
  });

  it("fetches the workflow's repository by git in GitHub Actions", async () => {
    // Origin is a local path and the commit is not pushed: in Actions neither matters.
    const { clone, run, head } = pushedClone('/srv/git/ml.git');
    write(clone, 'new.py', 'x\n');
    run('add', '.');
    run('commit', '-q', '-m', 'the event commit');
    const commit = head();
    const { code } = await resolveCodeSource({
      root: path.join(clone, 'ml'),
      context: { commit },
      settings: auto,
      env: {
        GITHUB_ACTIONS: 'true',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/ml',
      },
    });
    expect(code).toMatchObject({
      kind: 'git',
      url: 'https://github.com/acme/ml.git',
      commit,
      prefix: 'ml/',
    });
    expect(code.reason).toContain('GitHub Actions');
  });

  it('fails with source git in GitHub Actions without the repository variables', async () => {
    const { clone, head } = pushedClone();
    const failure = await resolveCodeSource({
      root: clone,
      context: { commit: head() },
      settings: forceGit,
      env: { GITHUB_ACTIONS: 'true' },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect((failure as Error).message).toContain('GITHUB_SERVER_URL or GITHUB_REPOSITORY');
  });

  it("uses the image's code when the workspace is not a git repository", async () => {
    const plain = tempDir('mlenv-source-plain-');
    write(plain, 'train.py', 'x\n');
    const { code, warnings } = await resolveCodeSource({
      root: plain,
      context: {},
      settings: auto,
      env: {},
    });
    expect(code.kind).toBe('image');
    expect(code.reason).toContain('is not a git repository');
    expect(warnings).toEqual([]);
  });

  it('fails with source git when the workspace is not a git repository', async () => {
    const plain = tempDir('mlenv-source-plain-');
    const failure = await resolveCodeSource({
      root: plain,
      context: {},
      settings: forceGit,
      env: {},
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigurationError);
  });

  it('refuses a working tree over kubernetes.code.maxSize, naming the setting', async () => {
    const { clone, head } = pushedClone();
    write(clone, 'weights.bin', 'w'.repeat(4096));
    const failure = await resolveCodeSource({
      root: clone,
      context: { commit: head() },
      settings: { source: 'auto', maxSize: '1k' },
      env: {},
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect((failure as Error).message).toContain('kubernetes.code.maxSize: 1k');
    expect((failure as Error).message).toContain('weights.bin');
  });
});

describe('podRemote', () => {
  it('turns an scp-style ssh remote into HTTPS, with a note', () => {
    const remote = podRemote('git@github.com:acme/ml.git');
    expect(remote.url).toBe('https://github.com/acme/ml.git');
    expect(remote.note).toContain('ssh remote');
    expect(remote.problem).toBeUndefined();
  });

  it('turns an ssh:// remote into HTTPS', () => {
    expect(podRemote('ssh://git@host.example/acme/ml.git')).toMatchObject({
      url: 'https://host.example/acme/ml.git',
      note: expect.stringContaining('HTTPS'),
    });
  });

  it('strips credentials from an HTTPS remote', () => {
    const remote = podRemote('https://user:tok@github.com/acme/ml.git');
    expect(remote).toEqual({ url: 'https://github.com/acme/ml.git' });
    expect(JSON.stringify(remote)).not.toContain('tok');
  });

  it('keeps a plain HTTPS remote as it is', () => {
    expect(podRemote('https://github.com/acme/ml.git')).toEqual({
      url: 'https://github.com/acme/ml.git',
    });
  });

  it.each(['/srv/repo.git', 'file:///srv/repo.git', '../repo.git'])(
    'refuses the local path %s',
    (url) => {
      const remote = podRemote(url);
      expect(remote.url).toBeUndefined();
      expect(remote.problem).toContain('a local path the cluster cannot reach');
    },
  );

  it('refuses a protocol git cannot fetch from a pod', () => {
    const remote = podRemote('ftp://example.com/repo.git');
    expect(remote.url).toBeUndefined();
    expect(remote.problem).toContain("the pods' git cannot fetch");
  });
});

describe('describeCode', () => {
  const archive: WorkingTreeArchive = {
    data: Buffer.alloc(0),
    sha256: 'ab'.repeat(32),
    files: 12,
    bytes: 2048,
    skipped: [],
  };

  it('names the URL and commit of a git checkout, and why', () => {
    const code: CodeSource = {
      kind: 'git',
      url: ORIGIN,
      commit: 'c0ffee',
      prefix: '',
      reason: 'the tree is clean',
    };
    expect(describeCode(code)).toBe(`code: git ${ORIGIN}@c0ffee, because the tree is clean`);
  });

  it('names the file count, size and artifact of a working tree', () => {
    const line = describeCode({
      kind: 'working-tree',
      archive,
      artifact: CODE_ARTIFACT,
      reason: '2 files have uncommitted changes',
    });
    expect(line).toContain('12 files');
    expect(line).toContain('2.0 KiB');
    expect(line).toContain(CODE_ARTIFACT);
    expect(line).toContain('because 2 files have uncommitted changes');
  });

  it("says the image's /workspace is used as it is", () => {
    expect(describeCode({ kind: 'image', reason: 'no repository' })).toContain(
      "the image's own /workspace",
    );
  });
});
