import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { extract } from 'tar-stream';
import { ConfigurationError } from '../../errors/index.js';
import { packWorkingTree } from './pack.js';

interface Entry {
  name: string;
  type: string;
  mode: number;
  linkname: string;
  content: string;
  mtime: Date;
  uid: number;
  gid: number;
}

/** Every entry of a gzipped tar, in archive order. */
async function readArchive(data: Buffer): Promise<Entry[]> {
  const entries: Entry[] = [];
  const tar = extract();
  const done = new Promise<void>((resolve, reject) => {
    tar.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk) => {
        chunks.push(chunk as Buffer);
      });
      stream.on('end', () => {
        entries.push({
          name: header.name,
          type: header.type,
          mode: header.mode,
          linkname: header.linkname ?? '',
          content: Buffer.concat(chunks).toString('utf8'),
          mtime: header.mtime,
          uid: header.uid,
          gid: header.gid,
        });
        next();
      });
      stream.resume();
    });
    tar.on('finish', resolve);
    tar.on('error', reject);
  });
  tar.end(gunzipSync(data));
  await done;
  return entries;
}

function gitIn(cwd: string) {
  return (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e.x', ...args], {
      cwd,
      encoding: 'utf8',
    }).trim();
}

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

describe('packWorkingTree', () => {
  let repo: string;
  let entries: Entry[];
  const big = 1024 * 1024 * 1024;

  beforeAll(async () => {
    repo = tempDir('mlenv-pack-');
    const run = gitIn(repo);
    run('init', '-q', '-b', 'main');
    write(repo, 'train.py', 'print("committed")\n');
    write(repo, 'lib/util.py', 'X = 1\n');
    write(repo, 'gone.py', 'deleted later\n');
    write(repo, 'run.sh', '#!/bin/sh\necho hi\n');
    chmodSync(path.join(repo, 'run.sh'), 0o755);
    write(repo, '.gitignore', 'data/\n*.ckpt\n');
    symlinkSync('lib/util.py', path.join(repo, 'link.py'));
    run('add', '.');
    run('commit', '-q', '-m', 'first');
    // After the commit: an edit, a new file, ignored files, MLEnv's own state, a deletion.
    write(repo, 'train.py', 'print("edited on disk")\n');
    write(repo, 'new.py', 'untracked\n');
    write(repo, 'data/big.csv', 'a,b\n1,2\n');
    write(repo, 'model.ckpt', 'weights');
    write(repo, '.mlenv/runs/out.txt', 'local output');
    rmSync(path.join(repo, 'gone.py'));
    entries = await readArchive((await packWorkingTree(repo, { maxBytes: big })).data);
  });

  const entry = (name: string) => entries.find((e) => e.name === name);

  it('packs tracked files as they are on disk, uncommitted edits included', () => {
    expect(entry('train.py')).toMatchObject({ type: 'file', content: 'print("edited on disk")\n' });
    expect(entry('lib/util.py')).toMatchObject({ type: 'file', content: 'X = 1\n' });
    expect(entry('.gitignore')?.content).toBe('data/\n*.ckpt\n');
  });

  it('packs untracked files that are not ignored', () => {
    expect(entry('new.py')).toMatchObject({ type: 'file', content: 'untracked\n' });
  });

  it('leaves out ignored files, MLEnv state and deleted tracked files', () => {
    const names = entries.map((e) => e.name);
    expect(names).not.toContain('data/big.csv');
    expect(names).not.toContain('model.ckpt');
    expect(names.some((n) => n.startsWith('.mlenv'))).toBe(false);
    expect(names).not.toContain('gone.py');
    expect([...names].sort()).toEqual(
      ['.gitignore', 'lib/util.py', 'link.py', 'new.py', 'run.sh', 'train.py'].sort(),
    );
  });

  it('keeps executables 0755 and other files 0644, with fixed owners and times', () => {
    expect(entry('run.sh')?.mode).toBe(0o755);
    expect(entry('train.py')?.mode).toBe(0o644);
    for (const e of entries) {
      expect(e.uid).toBe(0);
      expect(e.gid).toBe(0);
      expect(e.mtime.toISOString()).toBe('1980-01-01T00:00:00.000Z');
    }
  });

  it('packs a symbolic link as a link, not as the file it points to', () => {
    expect(entry('link.py')).toMatchObject({ type: 'symlink', linkname: 'lib/util.py' });
    expect(entry('link.py')?.content).toBe('');
  });

  it('sorts the entries by path', () => {
    const names = entries.map((e) => e.name);
    expect(names).toEqual(
      [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
  });

  it('counts the files and their uncompressed bytes', async () => {
    const archive = await packWorkingTree(repo, { maxBytes: big });
    expect(archive.files).toBe(6);
    const fileBytes = entries
      .filter((e) => e.type === 'file')
      .reduce((sum, e) => sum + Buffer.byteLength(e.content), 0);
    expect(archive.bytes).toBe(fileBytes);
    expect(archive.skipped).toEqual([]);
  });

  it('gives the same bytes and sha256 for the same tree, packed twice', async () => {
    const first = await packWorkingTree(repo, { maxBytes: big });
    const second = await packWorkingTree(repo, { maxBytes: big });
    expect(second.data.equals(first.data)).toBe(true);
    expect(second.sha256).toBe(first.sha256);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    // A fixed OS byte in the gzip header.
    expect(first.data[9]).toBe(3);
  });

  it('gives the same bytes for the same files in another checkout, made at another time', async () => {
    const copy = tempDir('mlenv-pack-copy-');
    const run = gitIn(copy);
    run('init', '-q', '-b', 'main');
    for (const e of entries) {
      if (e.type === 'symlink') symlinkSync(e.linkname, path.join(copy, e.name));
      else write(copy, e.name, e.content);
      if (e.mode === 0o755) chmodSync(path.join(copy, e.name), 0o755);
    }
    const original = await packWorkingTree(repo, { maxBytes: big });
    const copied = await packWorkingTree(copy, { maxBytes: big });
    expect(copied.sha256).toBe(original.sha256);
  });

  it('skips a nested git repository, saying why', async () => {
    const outer = tempDir('mlenv-pack-nested-');
    gitIn(outer)('init', '-q', '-b', 'main');
    write(outer, 'train.py', 'x\n');
    const nested = path.join(outer, 'vendor', 'lib');
    mkdirSync(nested, { recursive: true });
    const runNested = gitIn(nested);
    runNested('init', '-q', '-b', 'main');
    write(nested, 'lib.py', 'y\n');
    runNested('add', '.');
    runNested('commit', '-q', '-m', 'nested');
    const archive = await packWorkingTree(outer, { maxBytes: big });
    const names = (await readArchive(archive.data)).map((e) => e.name);
    expect(names).toEqual(['train.py']);
    expect(archive.skipped).toEqual([
      { path: 'vendor/lib', reason: expect.stringContaining('nested git repository') },
    ]);
  });

  it('refuses a tree over maxBytes, naming the setting and the biggest file', async () => {
    const heavy = tempDir('mlenv-pack-big-');
    const run = gitIn(heavy);
    run('init', '-q', '-b', 'main');
    write(heavy, 'small.py', 'x\n');
    write(heavy, 'weights.bin', 'w'.repeat(4096));
    const failure = await packWorkingTree(heavy, {
      maxBytes: 1000,
      limitSetting: 'kubernetes.code.maxSize: 1k',
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigurationError);
    const message = (failure as Error).message;
    expect(message).toContain('kubernetes.code.maxSize: 1k');
    expect(message).toContain('weights.bin (4.0 KiB)');
    // The biggest file is named first.
    expect(message.indexOf('weights.bin')).toBeLessThan(message.indexOf('small.py'));
  });

  it('packs a tree exactly at maxBytes', async () => {
    const exact = tempDir('mlenv-pack-exact-');
    gitIn(exact)('init', '-q', '-b', 'main');
    write(exact, 'a.txt', '12345');
    const archive = await packWorkingTree(exact, { maxBytes: 5 });
    expect(archive).toMatchObject({ files: 1, bytes: 5 });
  });

  it('refuses a directory that is not a git repository', async () => {
    const plain = tempDir('mlenv-pack-plain-');
    write(plain, 'train.py', 'x\n');
    const failure = await packWorkingTree(plain, { maxBytes: big }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect((failure as Error).message).toContain('expected a git repository');
  });

  it('packs paths relative to a workspace inside the repository', async () => {
    const outer = tempDir('mlenv-pack-sub-');
    gitIn(outer)('init', '-q', '-b', 'main');
    write(outer, 'README.md', 'outside\n');
    write(outer, 'ml/train.py', 'inside\n');
    const inner = await readArchive(
      (await packWorkingTree(path.join(outer, 'ml'), { maxBytes: big })).data,
    );
    expect(inner.map((e) => e.name)).toEqual(['train.py']);
  });
});
