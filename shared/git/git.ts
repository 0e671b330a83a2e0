import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigurationError, ExternalError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';

const execFileAsync = promisify(execFile);

/** Runs git with an argv list (never a shell string) and returns stdout. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new GitError(`git ${args.join(' ')} failed in ${cwd}: ${(e.stderr || e.message).trim()}`);
  }
}

export class GitError extends ExternalError {
  override name = 'GitError';
}

export async function gitSucceeds(cwd: string, args: readonly string[]): Promise<boolean> {
  return git(cwd, args).then(
    () => true,
    () => false,
  );
}

/**
 * Whether `older` is an ancestor of `newer` in this repository's history; undefined when either
 * commit is not in it (a shallow clone) or this is no git checkout.
 */
export async function isAncestor(
  cwd: string,
  older: string,
  newer: string,
): Promise<boolean | undefined> {
  for (const ref of [older, newer]) {
    if (!/^[0-9a-f]{7,64}$/i.test(ref)) return undefined;
    if (!(await gitSucceeds(cwd, ['cat-file', '-e', `${ref}^{commit}`]))) return undefined;
  }
  return gitSucceeds(cwd, ['merge-base', '--is-ancestor', older, newer]);
}

export interface ChangedFile {
  /** A added, M modified, D deleted, R renamed, C copied, T type changed. */
  status: string;
  path: string;
  /** For renames and copies, where the file was before. */
  oldPath?: string;
}

/**
 * Files changed between the merge base of `base` and `head`, and `head` (`git diff base...head`).
 * In shallow CI clones the merge base may be missing: history is fetched deeper until it is found.
 */
export async function changedFiles(
  cwd: string,
  base: string,
  head: string,
  logger?: Logger,
): Promise<ChangedFile[]> {
  assertRevision(base);
  assertRevision(head);
  const args = ['diff', '--name-status', '-z', '--find-renames', '--no-color', `${base}...${head}`];
  // The diff runs beside the merge-base check (one process's latency instead of two); its output
  // is used only when the merge base was there. Otherwise, once it has ended, history is fetched
  // deeper and the diff runs again.
  const diff = git(cwd, args);
  diff.catch(() => undefined);
  if (await hasMergeBase(cwd, base, head)) return parseNameStatus(await diff);
  await diff.catch(() => undefined);
  await fetchMergeBase(cwd, base, head, logger);
  return parseNameStatus(await git(cwd, args));
}

/**
 * Refs come from inputs and event payloads: one starting with `-` would be read by git as an
 * option (`--output=FILE` makes `git diff` write a file), so it is refused before any git runs.
 */
function assertRevision(ref: string): void {
  if (ref.startsWith('-'))
    throw new ConfigurationError(
      `expected a commit or ref to diff, found ${JSON.stringify(ref.slice(0, 200))} (a ref cannot start with "-")`,
    );
}

function hasMergeBase(cwd: string, base: string, head: string): Promise<boolean> {
  return gitSucceeds(cwd, ['merge-base', base, head]);
}

/** Parses `git diff --name-status -z` output; NUL separation keeps odd file names intact. */
export function parseNameStatus(out: string): ChangedFile[] {
  const fields = out.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length; ) {
    const code = fields[i++];
    if (!code) continue;
    const status = code.charAt(0);
    if (status === 'R' || status === 'C') {
      const oldPath = fields[i++] ?? '';
      const path = fields[i++] ?? '';
      files.push({ status, path, oldPath });
    } else {
      files.push({ status, path: fields[i++] ?? '' });
    }
  }
  return files;
}

const DEEPEN_STEPS = [50, 200, 1000] as const;

/** Called when the merge base is missing: fails unless the clone is shallow, then fetches deeper. */
async function fetchMergeBase(
  cwd: string,
  base: string,
  head: string,
  logger?: Logger,
): Promise<void> {
  const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  if (!shallow) {
    throw new GitError(
      `No common history between ${base} and ${head}: is the base a commit of this repository?`,
    );
  }
  // Local names such as origin/main mean nothing to the remote; commit ids do.
  const commits = await Promise.all(
    [base, head].map(async (ref) =>
      (await git(cwd, ['rev-parse', '--verify', `${ref}^{commit}`])).trim(),
    ),
  );
  for (const depth of DEEPEN_STEPS) {
    logger?.debug(
      `Shallow clone: fetching ${depth} more commits to find the merge base of ${base} and ${head}`,
    );
    await git(cwd, ['fetch', '--no-tags', `--deepen=${depth}`, 'origin', ...commits]);
    if (await hasMergeBase(cwd, base, head)) return;
  }
  logger?.debug('Fetching the whole history to find the merge base');
  await git(cwd, ['fetch', '--no-tags', '--unshallow', 'origin']);
  if (!(await hasMergeBase(cwd, base, head))) {
    throw new GitError(
      `No common history between ${base} and ${head}, even with the whole history fetched`,
    );
  }
}
