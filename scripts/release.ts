// The logic of .github/workflows/release.yml (docs/publishing.md), kept out of the YAML:
//
//   verify          the version to release (the pushed tag, or the dispatch input) is semver,
//                   equals package.json's version, and CHANGELOG.md has a section for it; writes
//                   the version and the action names (the publish matrix) to $GITHUB_OUTPUT.
//   publish-action  copies actions/<name>/{action.yml,dist/} and a README into a fresh commit on
//                   <owner>/<name>, and pushes it with the exact tag and the moving major tag.
//   tag-monorepo    tags this repository's commit with the exact tag (if the release was
//                   dispatched) and moves its major tag.
//
// The two jobs that hold the deploy token run this file with plain Node 24 (type stripping) and
// no node_modules, so no installed package's code runs beside the token: it imports only node:
// builtins and uses only erasable TypeScript syntax. The token reaches git through a credential
// helper given with `-c` for one command, reading it from the environment: it is never written to
// a git config file, a URL or an argument, and never printed.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');

/** The environment variable that carries the deploy token, set on the pushing steps only. */
export const TOKEN_ENV = 'MLENV_RELEASE_TOKEN';

// ---------------------------------------------------------------------------------------------
// Versions

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated pre-release identifiers; empty for a release. */
  prerelease: string[];
}

// semver.org's grammar, without build metadata: two builds of one version would have equal
// precedence, so a release tag carries none.
const IDENT = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)';
const SEMVER = new RegExp(
  `^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-(${IDENT}(?:\\.${IDENT})*))?$`,
);

/** Parses `X.Y.Z` or `X.Y.Z-pre` (no leading `v`); undefined when it is not semver. */
export function parseVersion(text: string): Version | undefined {
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ? match[4].split('.') : [],
  };
}

export function formatVersion(v: Version): string {
  const core = `${v.major}.${v.minor}.${v.patch}`;
  return v.prerelease.length > 0 ? `${core}-${v.prerelease.join('.')}` : core;
}

/** A version from a tag name `vX.Y.Z`; undefined for any other tag (`v1`, `latest`). */
export function versionOfTag(tag: string): Version | undefined {
  return tag.startsWith('v') ? parseVersion(tag.slice(1)) : undefined;
}

function compareIdentifiers(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  if (numeric.test(a)) return -1;
  if (numeric.test(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** semver precedence: negative, zero or positive. */
export function compareVersions(a: Version, b: Version): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    // A pre-release comes before its release.
    return b.prerelease.length - a.prerelease.length;
  }
  for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
    const order = compareIdentifiers(a.prerelease[i] ?? '', b.prerelease[i] ?? '');
    if (order !== 0) return order;
  }
  return a.prerelease.length - b.prerelease.length;
}

/**
 * The moving major tag (`v1`) to point at this version, or undefined: a pre-release never moves
 * it, nor does a version below a release of the same major that a repository already has (a
 * patch of an older minor must not take `v1` back).
 */
export function movingTag(version: Version, existingTags: Iterable<string>): string | undefined {
  if (version.prerelease.length > 0) return undefined;
  for (const tag of existingTags) {
    const other = versionOfTag(tag);
    if (!other || other.prerelease.length > 0 || other.major !== version.major) continue;
    if (compareVersions(other, version) > 0) return undefined;
  }
  return `v${version.major}`;
}

/** Whether this version is the newest release of all: only then does a branch move to it. */
export function isNewestRelease(version: Version, existingTags: Iterable<string>): boolean {
  if (version.prerelease.length > 0) return false;
  for (const tag of existingTags) {
    const other = versionOfTag(tag);
    if (other && other.prerelease.length === 0 && compareVersions(other, version) > 0) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// verify

/** The body of CHANGELOG.md's `## [X.Y.Z]` section (Keep a Changelog), trimmed; undefined if none. */
export function changelogSection(changelog: string, version: string): string | undefined {
  const lines = changelog.split(/\r?\n/);
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const heading = new RegExp(`^##\\s+\\[?v?${escaped}\\]?(\\s+-\\s+\\d{4}-\\d{2}-\\d{2})?\\s*$`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return undefined;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^##?\s/.test(line) || /^\[[^\]]+\]:\s/.test(line)) break;
    body.push(line);
  }
  return body.join('\n').trim();
}

export interface ReleaseRequest {
  /** GITHUB_EVENT_NAME: push (of a tag) or workflow_dispatch. */
  eventName: string;
  /** GITHUB_REF_TYPE and GITHUB_REF_NAME of the run. */
  refType: string;
  refName: string;
  /** The dispatch input `version`, `X.Y.Z` or `vX.Y.Z`; empty on a tag push. */
  inputVersion: string;
  packageVersion: string;
  changelog: string;
}

export type ReleaseCheck =
  | { ok: true; version: string; tag: string; notes: string }
  | { ok: false; errors: string[] };

/** Every reason the request cannot be released, or the version, its tag and its notes. */
export function checkRelease(request: ReleaseRequest): ReleaseCheck {
  const errors: string[] = [];
  let text: string | undefined;
  if (request.eventName === 'push') {
    if (request.refType !== 'tag' || !request.refName.startsWith('v')) {
      errors.push(`a release is pushed as a tag vX.Y.Z, not ${request.refType} ${request.refName}`);
    } else {
      text = request.refName.slice(1);
    }
  } else if (request.eventName === 'workflow_dispatch') {
    text = request.inputVersion.trim().replace(/^v/, '');
    if (text === '') errors.push('the version input is empty');
  } else {
    errors.push(`a release runs on a tag push or workflow_dispatch, not ${request.eventName}`);
  }
  const version = text ? parseVersion(text) : undefined;
  if (text && !version) {
    errors.push(`"${text}" is not a semantic version X.Y.Z (or X.Y.Z-pre, no build metadata)`);
  }
  if (!version || text === undefined) return { ok: false, errors };
  const tag = `v${text}`;
  if (
    request.eventName === 'workflow_dispatch' &&
    request.refType === 'tag' &&
    request.refName !== tag
  ) {
    errors.push(`dispatched on tag ${request.refName}, but the version input says ${tag}`);
  }
  if (request.packageVersion !== text) {
    errors.push(
      `package.json has version ${request.packageVersion}, the release is ${text}: ` +
        `run npm version --no-git-tag-version ${text} and commit it`,
    );
  }
  const notes = changelogSection(request.changelog, text);
  if (notes === undefined) {
    errors.push(`CHANGELOG.md has no section "## [${text}] - YYYY-MM-DD"`);
  } else if (notes === '') {
    errors.push(`CHANGELOG.md's section for ${text} is empty`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, version: text, tag, notes: notes ?? '' };
}

/** The actions published from this repository: folders of actions/ with an action.yml. */
export async function listActions(repoRoot: string): Promise<string[]> {
  const dir = path.join(repoRoot, 'actions');
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'action.yml')))
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    // It becomes a repository name and a matrix value.
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
      throw new Error(`action folder name ${name} is invalid`);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// git

export interface GitOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

// A credential helper for this one command (`-c`), so no config file ever holds it. The first,
// empty value clears any helper configured on the machine. It answers only `get`, from the
// environment of the git process; the token is neither in the arguments nor in a URL.
const CREDENTIALS = [
  '-c',
  'credential.helper=',
  '-c',
  `credential.helper=!f() { test "$1" = get || exit 0; echo username=x-access-token; printf 'password=%s\\n' "$${TOKEN_ENV}"; }; f`,
];

const IDENTITY = {
  GIT_AUTHOR_NAME: 'github-actions[bot]',
  GIT_AUTHOR_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com',
  GIT_COMMITTER_NAME: 'github-actions[bot]',
  GIT_COMMITTER_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com',
};

export function git(args: string[], options: GitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...CREDENTIALS, '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: options.cwd,
        env: { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: '0' },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`git ${args[0]} failed: ${stderr.trim() || error.message}`));
        } else resolve(stdout.trim());
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export interface RemoteRefs {
  heads: Map<string, string>;
  /** Tag name → the commit it points at (annotated tags peeled). */
  tags: Map<string, string>;
}

/** Parses `git ls-remote --heads --tags` output. */
export function parseLsRemote(text: string): RemoteRefs {
  const refs: RemoteRefs = { heads: new Map(), tags: new Map() };
  for (const line of text.split('\n')) {
    const [sha, ref] = line.trim().split(/\s+/);
    if (!sha || !ref) continue;
    if (ref.startsWith('refs/heads/')) refs.heads.set(ref.slice('refs/heads/'.length), sha);
    else if (ref.startsWith('refs/tags/')) {
      const name = ref.slice('refs/tags/'.length);
      if (name.endsWith('^{}')) refs.tags.set(name.slice(0, -3), sha);
      else if (!refs.tags.has(name)) refs.tags.set(name, sha);
    }
  }
  return refs;
}

async function remoteRefs(remote: string, options: GitOptions): Promise<RemoteRefs> {
  return parseLsRemote(await git(['ls-remote', '--heads', '--tags', remote], options));
}

// ---------------------------------------------------------------------------------------------
// publish-action

export interface PublishOptions {
  /** Action folder name under actions/, and the name of its repository. */
  name: string;
  version: string;
  /** Root of the checkout being released. */
  repoRoot: string;
  /** URL of <owner>/<name>. */
  remote: string;
  /** The repository and commit being released, for the README and the commit message. */
  sourceRepo: string;
  sourceSha: string;
  serverUrl: string;
  /** Owner of the per-action repositories, for the README's `uses:` line. */
  owner: string;
  /** A scratch folder for the new repository. */
  workDir: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** The branch of the action repository that follows the newest release. */
  branch?: string;
}

export interface PublishResult {
  commit: string;
  /** Refspecs pushed; empty when the version was published before and nothing moves. */
  pushed: string[];
}

/** The README of a published action repository. */
export function actionReadme(options: {
  name: string;
  title: string;
  owner: string;
  tag: string;
  sourceRepo: string;
  sourceSha: string;
  serverUrl: string;
}): string {
  const source = `${options.serverUrl}/${options.sourceRepo}`;
  const major = options.tag.replace(/^(v\d+).*$/, '$1');
  return `# ${options.owner}/${options.name}

${options.title}: the \`${options.name}\` action of [MLEnv](${source}), published by its release
workflow. This repository holds only the published action (\`action.yml\` and the bundled
\`dist/\`); every commit here is written by that workflow, so change nothing here: the source,
issues and pull requests are in [${options.sourceRepo}](${source}) under
[\`actions/${options.name}\`](${source}/tree/${options.tag}/actions/${options.name}).

\`\`\`yaml
- uses: ${options.owner}/${options.name}@${major}
\`\`\`

This commit is ${options.tag}, built from ${options.sourceRepo}@${options.sourceSha}. \`${major}\`
moves to each ${major}.x.y release; pin \`@${options.tag}\` or a commit SHA to stay put. Inputs
and outputs: \`action.yml\`. Versions, references and changes:
[docs/publishing.md](${source}/blob/${options.tag}/docs/publishing.md) and
[CHANGELOG.md](${source}/blob/${options.tag}/CHANGELOG.md). License: Apache-2.0.
`;
}

/** The files `runs:` of an action.yml names (main, pre, post). */
export function runsFiles(actionYml: string): string[] {
  const runs = /^runs:\s*\n((?:[ \t]+.*\n?)*)/m.exec(actionYml)?.[1] ?? '';
  return [...runs.matchAll(/^[ \t]+(?:main|pre|post):\s*['"]?([^'"\s#]+)/gm)].map(
    (m) => m[1] ?? '',
  );
}

/** Writes the action's published tree into `dir` (a fresh git repository). */
async function stageAction(options: PublishOptions, dir: string, tag: string): Promise<void> {
  const source = path.join(options.repoRoot, 'actions', options.name);
  const actionYml = await readFile(path.join(source, 'action.yml'), 'utf8');
  await writeFile(path.join(dir, 'action.yml'), actionYml);
  await cp(path.join(source, 'dist'), path.join(dir, 'dist'), { recursive: true });
  const title = /^name:\s*['"]?(.+?)['"]?\s*$/m.exec(actionYml)?.[1] ?? `MLEnv ${options.name}`;
  await writeFile(
    path.join(dir, 'README.md'),
    actionReadme({ ...options, title, tag, owner: options.owner }),
  );
  for (const file of runsFiles(actionYml)) {
    if (!existsSync(path.join(dir, file))) {
      throw new Error(`actions/${options.name}/action.yml runs ${file}, which is not built`);
    }
  }
}

/**
 * Publishes one action to its repository: a commit holding exactly the action's files (whatever
 * else the repository held is dropped), on top of the branch, pushed atomically with the exact
 * tag, the moving major tag when this is the newest release of its major, and the branch when it
 * is the newest release of all. Re-running converges: a version published before with the same
 * files pushes only what has not moved yet; with other files it fails (a version never changes).
 */
export async function publishAction(options: PublishOptions): Promise<PublishResult> {
  const log = options.log ?? (() => {});
  const branch = options.branch ?? 'main';
  const version = parseVersion(options.version);
  if (!version) throw new Error(`${options.version} is not a semantic version`);
  const tag = `v${options.version}`;
  const env = { ...(options.env ?? process.env), ...IDENTITY };
  await mkdir(options.workDir, { recursive: true });
  const dir = await mkdtemp(path.join(options.workDir, `publish-${options.name}-`));
  const at = { cwd: dir, env };

  const refs = await remoteRefs(options.remote, at);
  await git(['init', '-q', '-b', branch], at);
  await stageAction(options, dir, tag);
  await git(['add', '-A'], at);
  const tree = await git(['write-tree'], at);

  const pushed: string[] = [];
  let commit: string;
  const existing = refs.tags.get(tag);
  if (existing) {
    await git(['fetch', '-q', '--no-tags', '--depth=1', options.remote, `refs/tags/${tag}`], at);
    const publishedTree = await git(['rev-parse', 'FETCH_HEAD^{tree}'], at);
    if (publishedTree !== tree) {
      throw new Error(
        `${tag} of ${options.name} was published before with other files; a published version ` +
          'never changes: release a new version',
      );
    }
    commit = await git(['rev-parse', 'FETCH_HEAD^{commit}'], at);
    log(`${tag} is already published as ${commit}`);
  } else {
    const parent = refs.heads.get(branch);
    const parents: string[] = [];
    if (parent) {
      await git(['fetch', '-q', '--no-tags', '--depth=1', options.remote, parent], at);
      parents.push('-p', parent);
    }
    const message =
      `${options.name} ${tag}\n\n` +
      `Published from ${options.sourceRepo}@${options.sourceSha} (actions/${options.name}) by ` +
      'its release workflow.\n';
    commit = await git(['commit-tree', tree, ...parents, '-F', '-'], { ...at, input: message });
    pushed.push(`${commit}:refs/tags/${tag}`);
    if (isNewestRelease(version, refs.tags.keys())) pushed.push(`${commit}:refs/heads/${branch}`);
  }
  const moving = movingTag(version, refs.tags.keys());
  if (moving && refs.tags.get(moving) !== commit) pushed.push(`+${commit}:refs/tags/${moving}`);

  if (pushed.length === 0) {
    log(`nothing to push: ${options.name} ${tag} is published and its tags are in place`);
  } else {
    // All or nothing: a tag never lands without its branch, nor the moving tag without the tag.
    await git(['push', '-q', '--atomic', options.remote, ...pushed], at);
    for (const refspec of pushed) log(`pushed ${refspec.replace(/^\+/, '')}`);
  }
  return { commit, pushed };
}

// ---------------------------------------------------------------------------------------------
// tag-monorepo

export interface TagOptions {
  version: string;
  /** The released commit, present in `cwd` (the checkout). */
  sha: string;
  remote: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/**
 * Tags the released commit of this repository: the exact tag when missing (a dispatched
 * release; a pushed tag is already there, and one on another commit is an error), and the moving
 * major tag when this is the newest release of its major, so `mlenv/mlenv/...@v1` follows.
 */
export async function tagMonorepo(options: TagOptions): Promise<string[]> {
  const log = options.log ?? (() => {});
  const version = parseVersion(options.version);
  if (!version) throw new Error(`${options.version} is not a semantic version`);
  const tag = `v${options.version}`;
  const at = { cwd: options.cwd, env: options.env };
  // The commit itself (should the SHA name an annotated tag), and proof the checkout has it.
  const sha = await git(['rev-parse', '--verify', `${options.sha}^{commit}`], at);
  const refs = await remoteRefs(options.remote, at);
  const pushed: string[] = [];
  const existing = refs.tags.get(tag);
  if (existing && existing !== sha) {
    throw new Error(`${tag} already points at ${existing}, not at the released ${sha}`);
  }
  if (!existing) pushed.push(`${sha}:refs/tags/${tag}`);
  const moving = movingTag(version, refs.tags.keys());
  if (moving && refs.tags.get(moving) !== sha) pushed.push(`+${sha}:refs/tags/${moving}`);
  if (pushed.length === 0) log(`nothing to push: ${tag} and its moving tag are in place`);
  else {
    await git(['push', '-q', '--atomic', options.remote, ...pushed], at);
    for (const refspec of pushed) log(`pushed ${refspec.replace(/^\+/, '')}`);
  }
  return pushed;
}

// ---------------------------------------------------------------------------------------------
// CLI

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function repositoryUrl(env: NodeJS.ProcessEnv, repository: string): string {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return `${server}/${repository}.git`;
}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  repoRoot = root,
  print: { out: (line: string) => void; err: (line: string) => void } = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
): Promise<number> {
  const out = print.out;
  const command = argv[0];
  if (command === 'verify') {
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
      version?: string;
    };
    const changelogFile = path.join(repoRoot, 'CHANGELOG.md');
    const result = checkRelease({
      eventName: env.GITHUB_EVENT_NAME ?? '',
      refType: env.GITHUB_REF_TYPE ?? '',
      refName: env.GITHUB_REF_NAME ?? '',
      inputVersion: env.RELEASE_VERSION ?? '',
      packageVersion: pkg.version ?? '',
      changelog: existsSync(changelogFile) ? await readFile(changelogFile, 'utf8') : '',
    });
    if (!result.ok) {
      for (const error of result.errors) print.err(`::error::${error}`);
      return 1;
    }
    const actions = await listActions(repoRoot);
    out(`release ${result.tag}: ${actions.length} actions (${actions.join(', ')})`);
    if (env.GITHUB_OUTPUT) {
      await appendFile(
        env.GITHUB_OUTPUT,
        `version=${result.version}\ntag=${result.tag}\nactions=${JSON.stringify(actions)}\n`,
      );
    }
    if (env.GITHUB_STEP_SUMMARY) {
      await appendFile(env.GITHUB_STEP_SUMMARY, `## Release ${result.tag}\n\n${result.notes}\n`);
    }
    return 0;
  }
  if (command === 'publish-action' || command === 'tag-monorepo') {
    required(env, TOKEN_ENV);
    const version = required(env, 'RELEASE_VERSION');
    const sourceRepo = required(env, 'GITHUB_REPOSITORY');
    const sourceSha = required(env, 'GITHUB_SHA');
    if (command === 'tag-monorepo') {
      await tagMonorepo({
        version,
        sha: sourceSha,
        remote: repositoryUrl(env, sourceRepo),
        cwd: repoRoot,
        env,
        log: out,
      });
      return 0;
    }
    const name = required(env, 'RELEASE_ACTION');
    const owner = required(env, 'RELEASE_OWNER');
    await publishAction({
      name,
      version,
      repoRoot,
      remote: repositoryUrl(env, `${owner}/${name}`),
      sourceRepo,
      sourceSha,
      serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
      owner,
      workDir: env.RUNNER_TEMP ?? tmpdir(),
      env,
      log: out,
    });
    return 0;
  }
  print.err('usage: release.ts verify | publish-action | tag-monorepo');
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`::error::${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
