import { ConfigurationError } from '../../errors/index.js';
import { git } from '../../git/git.js';
import { formatBytes, parseQuantity } from '../../util/quantity.js';
import type { RunContext } from '../job.js';
import { packWorkingTree, type WorkingTreeArchive } from './pack.js';

/** Where the run's archive of the working tree is kept, under the MLflow run's artifacts. */
export const CODE_ARTIFACT = 'code/workspace.tar.gz';

/** How a cluster's pods get the code of a run, and why that way. */
export type CodeSource =
  | {
      kind: 'git';
      url: string;
      commit: string;
      /** The workspace root inside the repository ("" or "ml/"), for the pods' working directory. */
      prefix: string;
      reason: string;
    }
  | {
      kind: 'working-tree';
      archive: WorkingTreeArchive;
      /** Path of the archive among the run's artifacts. */
      artifact: string;
      reason: string;
    }
  /** Nothing fetched: the image must hold the code at /workspace (no git repository here). */
  | { kind: 'image'; reason: string };

export interface CodeSettings {
  source: 'auto' | 'git' | 'working-tree';
  maxSize: string;
}

export interface ResolvedCode {
  code: CodeSource;
  /** Things the user should know that do not stop the run (uncommitted changes left out). */
  warnings: string[];
}

/** The one line the CLI, the action and `--dry-run` print: which code the pods run, and why. */
export function describeCode(code: CodeSource): string {
  switch (code.kind) {
    case 'git':
      return `code: git ${code.url}@${code.commit}, because ${code.reason}`;
    case 'working-tree': {
      const { files, bytes } = code.archive;
      return `code: working tree (${files} files, ${formatBytes(bytes)}) as MLflow artifact ${code.artifact}, because ${code.reason}`;
    }
    case 'image':
      return `code: the image's own /workspace (nothing fetched), because ${code.reason}`;
  }
}

/**
 * Chooses how the pods get the code. `auto`: by git when the pods can fetch exactly what the
 * launcher sees (a clean tree whose commit is on the remote; in GitHub Actions, the event's commit
 * of the workflow's repository), else the working tree, packed and kept with the MLflow run.
 */
export async function resolveCodeSource(options: {
  root: string;
  context: RunContext;
  settings: CodeSettings;
  env: NodeJS.ProcessEnv;
}): Promise<ResolvedCode> {
  const { root, context, settings, env } = options;
  const ci = env.GITHUB_ACTIONS === 'true';
  const state = await inspectTree(root, context.commit);
  const remote = ci ? ciRemote(env) : state.repository ? await originRemote(root) : undefined;
  const workingTree = async (reason: string): Promise<ResolvedCode> => ({
    code: {
      kind: 'working-tree',
      archive: await packWorkingTree(root, {
        maxBytes: parseQuantity(settings.maxSize),
        limitSetting: `kubernetes.code.maxSize: ${settings.maxSize}`,
      }),
      artifact: CODE_ARTIFACT,
      reason,
    },
    warnings: [],
  });

  if (settings.source === 'working-tree')
    return workingTree('kubernetes.code.source is working-tree');

  const commit = context.commit;
  const gitProblem = !remote?.url
    ? (remote?.problem ?? 'the repository has no origin remote')
    : !commit
      ? 'there is no commit'
      : !state.repository && !ci
        ? `${root} is not a git repository`
        : ci
          ? undefined
          : !state.pushedOn
            ? `commit ${commit.slice(0, 12)} is on no branch of origin (not pushed)`
            : undefined;
  const dirty = state.dirty.length > 0 ? dirtyReason(state.dirty) : undefined;

  if (settings.source === 'git') {
    if (gitProblem || !remote?.url || !commit)
      throw new ConfigurationError(
        `kubernetes.code.source is git: expected a commit the cluster can fetch, found that ${gitProblem}. Push the commit, or set kubernetes.code.source to auto or working-tree.`,
      );
    return {
      code: gitSource(remote.url, commit, state.prefix, 'kubernetes.code.source is git'),
      warnings: dirty
        ? [
            `kubernetes.code.source is git: ${dirty}, and the pods run commit ${commit.slice(0, 12)} without them.`,
          ]
        : [],
    };
  }

  if (!state.repository && !ci)
    return { code: { kind: 'image', reason: `${root} is not a git repository` }, warnings: [] };
  if (dirty) return workingTree(dirty);
  if (gitProblem || !remote?.url || !commit) return workingTree(gitProblem ?? 'there is no commit');
  const why = ci
    ? `this GitHub Actions run is of commit ${commit.slice(0, 12)} of ${remote.url}`
    : `the tree is clean and commit ${commit.slice(0, 12)} is on ${state.pushedOn}`;
  return {
    code: gitSource(
      remote.url,
      commit,
      state.prefix,
      remote.note ? `${why} (${remote.note})` : why,
    ),
    warnings: [],
  };
}

function gitSource(url: string, commit: string, prefix: string, reason: string): CodeSource {
  return { kind: 'git', url, commit, prefix, reason };
}

function dirtyReason(dirty: readonly string[]): string {
  const shown = dirty.slice(0, 3).join(', ');
  const more = dirty.length > 3 ? ` and ${dirty.length - 3} more` : '';
  return `${dirty.length} ${dirty.length === 1 ? 'file has' : 'files have'} uncommitted changes (${shown}${more})`;
}

interface TreeState {
  repository: boolean;
  /** The workspace root inside the repository, with a trailing slash, or "". */
  prefix: string;
  /** Changed, added or untracked (not ignored) paths under the workspace root. */
  dirty: string[];
  /** A remote-tracking branch of origin holding the commit. */
  pushedOn?: string;
}

async function inspectTree(root: string, commit: string | undefined): Promise<TreeState> {
  const prefix = await git(root, ['rev-parse', '--show-prefix']).then(
    (out) => out.trim(),
    () => undefined,
  );
  if (prefix === undefined) return { repository: false, prefix: '', dirty: [] };
  const [status, containing] = await Promise.all([
    git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.']).catch(
      () => '',
    ),
    commit && /^[0-9a-f]{7,64}$/i.test(commit)
      ? git(root, [
          'for-each-ref',
          '--contains',
          commit,
          '--format=%(refname:short)',
          'refs/remotes/origin',
        ]).catch(() => '')
      : Promise.resolve(''),
  ]);
  return {
    repository: true,
    prefix,
    // git status names paths from the repository root; MLEnv's state is the workspace's.
    dirty: parseStatus(status).filter((p) => !p.startsWith(`${prefix}.mlenv/`)),
    pushedOn: containing
      .split('\n')
      .find((ref) => ref && ref !== 'origin/HEAD' && ref !== 'origin'),
  };
}

/** Paths of `git status --porcelain -z`, relative to the repository root; renames name the new path. */
function parseStatus(text: string): string[] {
  const fields = text.split('\0');
  const paths: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    if (field.length < 4) continue;
    paths.push(field.slice(3));
    // A rename or copy is followed by the path it came from.
    if (field[0] === 'R' || field[0] === 'C') i++;
  }
  return paths;
}

interface Remote {
  url?: string;
  /** How the URL was changed for the pods (ssh to https). */
  note?: string;
  problem?: string;
}

function ciRemote(env: NodeJS.ProcessEnv): Remote {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY)
    return { url: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}.git` };
  return { problem: 'GITHUB_SERVER_URL or GITHUB_REPOSITORY is not set' };
}

async function originRemote(root: string): Promise<Remote> {
  const url = await git(root, ['remote', 'get-url', 'origin']).then(
    (out) => out.trim(),
    () => '',
  );
  if (!url) return { problem: 'the repository has no origin remote' };
  return podRemote(url);
}

/**
 * The origin as the pods can fetch it: without credentials in it (they travel in a Secret), and
 * over HTTPS for an ssh remote (a pod has no ssh key). A local path is out of their reach.
 */
export function podRemote(url: string): Remote {
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(url);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    return {
      url: `https://${scp[1]}/${scp[2]}`,
      note: 'origin is an ssh remote: the pods fetch over HTTPS',
    };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `origin is ${url}, a local path the cluster cannot reach` };
  }
  if (parsed.protocol === 'file:')
    return { problem: `origin is ${url}, a local path the cluster cannot reach` };
  if (parsed.protocol === 'ssh:' || parsed.protocol === 'git+ssh:') {
    return {
      url: `https://${parsed.hostname}${parsed.pathname}`,
      note: 'origin is an ssh remote: the pods fetch over HTTPS',
    };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:' && parsed.protocol !== 'git:')
    return { problem: `origin is ${url}, which the pods' git cannot fetch` };
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString() };
}
