import { createHash } from 'node:crypto';
import { lstat, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import { ConfigurationError } from '../../errors/index.js';
import { git } from '../../git/git.js';
import { formatBytes } from '../../util/quantity.js';

/** The working tree as one archive, ready to upload, and what it holds. */
export interface WorkingTreeArchive {
  /** A gzipped tar of the files, sorted, with fixed owners and times: the same tree, the same bytes. */
  data: Buffer;
  sha256: string;
  /** Regular files and symbolic links in it. */
  files: number;
  /** Their bytes, uncompressed (what the size limit counts). */
  bytes: number;
  /** Paths git lists that are not packed, and why (a submodule, a nested repository). */
  skipped: { path: string; reason: string }[];
}

export interface PackOptions {
  /** The most the files may weigh, uncompressed; over it, packing fails naming the biggest. */
  maxBytes: number;
  /** Named in the error, so the user knows which setting to raise. */
  limitSetting?: string;
}

/**
 * Files extract with this time: fixed, so the archive is deterministic, and not the epoch, which
 * ZIP-based tools (wheels, `shutil.make_archive`) in a trainer cannot represent.
 */
const MTIME = new Date('1980-01-01T00:00:00Z');
/** MLEnv's own state (local runs' outputs and checkpoints, the embedded MLflow): never code. */
const OWN_STATE = '.mlenv/';
const BIGGEST_SHOWN = 5;

/**
 * Packs the files of the working tree under `root` that git would see: tracked ones as they are on
 * disk now (uncommitted changes included), and untracked ones that .gitignore, .git/info/exclude
 * and core.excludesFile do not ignore. Paths in the archive are relative to `root`.
 */
export async function packWorkingTree(
  root: string,
  options: PackOptions,
): Promise<WorkingTreeArchive> {
  const listed = await git(root, [
    'ls-files',
    '--cached',
    '--others',
    '--exclude-standard',
    '-z',
  ]).catch((error: Error) => {
    throw new ConfigurationError(
      `Cannot package the working tree ${root}: expected a git repository, found none (${error.message}).`,
    );
  });
  // A conflicted file is listed once per stage; sorted by bytes, so the order is the same anywhere.
  const paths = [...new Set(listed.split('\0').filter(Boolean))]
    .filter((p) => !p.startsWith(OWN_STATE))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

  const entries: { name: string; size: number; mode: number; link?: string }[] = [];
  const skipped: WorkingTreeArchive['skipped'] = [];
  for (const name of paths) {
    const full = path.join(root, name);
    const stat = await lstat(full).catch(() => undefined);
    // Deleted in the working tree but still in the index: the tree as it is has no such file.
    if (!stat) continue;
    if (stat.isSymbolicLink()) {
      entries.push({ name, size: 0, mode: 0o777, link: await readlink(full) });
    } else if (stat.isFile()) {
      entries.push({ name, size: stat.size, mode: stat.mode & 0o111 ? 0o755 : 0o644 });
    } else if (stat.isDirectory()) {
      skipped.push({
        path: name.replace(/\/$/, ''),
        reason: 'a submodule or nested git repository: its files are not packed',
      });
    }
  }

  const bytes = entries.reduce((sum, e) => sum + e.size, 0);
  if (bytes > options.maxBytes) throw tooBig(root, entries, bytes, options);

  const tar = tarPack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk) => {
    chunks.push(chunk as Buffer);
  });
  const ended = new Promise<void>((resolve, reject) => {
    tar.on('end', resolve);
    tar.on('error', reject);
  });
  for (const entry of entries) {
    const header = { name: entry.name, mode: entry.mode, mtime: MTIME, uid: 0, gid: 0 };
    const content = entry.link === undefined ? await readFile(path.join(root, entry.name)) : null;
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (content === null)
        tar.entry({ ...header, type: 'symlink', linkname: entry.link, uname: '', gname: '' }, done);
      else
        tar.entry(
          { ...header, type: 'file', size: content.length, uname: '', gname: '' },
          content,
          done,
        );
    });
  }
  tar.finalize();
  await ended;
  const data = gzipSync(Buffer.concat(chunks), { level: 9 });
  // The gzip header's OS byte is whatever zlib was built for; fixed, the bytes match everywhere.
  data[9] = 3;
  return {
    data,
    sha256: createHash('sha256').update(data).digest('hex'),
    files: entries.length,
    bytes,
    skipped,
  };
}

function tooBig(
  root: string,
  entries: readonly { name: string; size: number }[],
  bytes: number,
  options: PackOptions,
): ConfigurationError {
  const biggest = [...entries]
    .sort((a, b) => b.size - a.size || a.name.localeCompare(b.name))
    .slice(0, BIGGEST_SHOWN)
    .map((e) => `${e.name} (${formatBytes(e.size)})`)
    .join(', ');
  const setting = options.limitSetting ? ` (${options.limitSetting})` : '';
  return new ConfigurationError(
    `The working tree of ${root} is too big to ship to the cluster: expected at most ${formatBytes(options.maxBytes)}${setting}, found ${formatBytes(bytes)} in ${entries.length} files. The biggest: ${biggest}. Ignore data and outputs in .gitignore, or commit and push so the pods fetch the code by git, or raise the limit.`,
  );
}
