// The logic of .github/workflows/release.yml (docs/publishing.md), kept out of the YAML:
//
//   source           the commit to release: the run's own, or, on a release commit (a run
//                    started by the release's own tag push), the commit it was made from.
//   verify           the version to release (the pushed tag, or the dispatch input) is semver,
//                    equals package.json's version, and CHANGELOG.md has a section for it; every
//                    use of an MLEnv action in what is published can be pinned; writes the
//                    version and the publish order to $GITHUB_OUTPUT: `actions` (those that use
//                    no MLEnv action, the publish matrix) and `dependents` (the rest, in order).
//   publish-action   copies actions/<name>/{action.yml,dist/} and a README into a fresh commit on
//                    <owner>/<name>, and pushes it with the exact tag and the moving major tag;
//                    uses of other MLEnv actions in action.yml are pinned to the commits this
//                    release published for them (so those go first).
//   publish-actions  publish-action for each of a list, in its order (the dependents).
//   tag-monorepo     tags this repository: its published workflows and actions pinned the same
//                    way, in a release commit on top of the released one, which the exact and
//                    the moving major tag name.
//
// The jobs that hold the deploy token run this file with plain Node 24 (type stripping) and
// no node_modules, so no installed package's code runs beside the token: it imports only node:
// builtins and uses only erasable TypeScript syntax. The token reaches git through a credential
// helper given with `-c` for one command, reading it from the environment: it is never written to
// a git config file, a URL or an argument, and never printed.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
  /** Resolve with stdout as it is (a file's bytes), not trimmed. */
  raw?: boolean;
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
        } else resolve(options.raw ? stdout : stdout.trim());
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export interface RemoteRefs {
  heads: Map<string, string>;
  /** Tag name → the commit it points at (annotated tags peeled). */
  tags: Map<string, string>;
  /** Tag name → the ref's own value (an annotated tag's object), for a push's lease. */
  tagRefs: Map<string, string>;
}

/** Parses `git ls-remote --heads --tags` output. */
export function parseLsRemote(text: string): RemoteRefs {
  const refs: RemoteRefs = { heads: new Map(), tags: new Map(), tagRefs: new Map() };
  for (const line of text.split('\n')) {
    const [sha, ref] = line.trim().split(/\s+/);
    if (!sha || !ref) continue;
    if (ref.startsWith('refs/heads/')) refs.heads.set(ref.slice('refs/heads/'.length), sha);
    else if (ref.startsWith('refs/tags/')) {
      const name = ref.slice('refs/tags/'.length);
      if (name.endsWith('^{}')) refs.tags.set(name.slice(0, -3), sha);
      else {
        refs.tagRefs.set(name, sha);
        if (!refs.tags.has(name)) refs.tags.set(name, sha);
      }
    }
  }
  return refs;
}

async function remoteRefs(remote: string, options: GitOptions): Promise<RemoteRefs> {
  return parseLsRemote(await git(['ls-remote', '--heads', '--tags', remote], options));
}

// ---------------------------------------------------------------------------------------------
// Pinning MLEnv's own actions in what is published
//
// The source says `uses: mlenv/setup@v1` (what developers edit, what act maps to the local
// folder). What a release publishes says `uses: mlenv/setup@<sha> # vX.Y.Z`, the commit this
// release wrote in mlenv/setup, so a workflow or composite action pinned by SHA pins everything
// it runs. Hence the order: actions that use none of MLEnv's first, then those that use them
// (each after the ones it uses), then this repository's release commit and tags.

/** What a release needs to know to read and pin the `uses:` lines of a file. */
export interface PinContext {
  /** Owner of the per-action repositories, where the release publishes. */
  owner: string;
  /** This repository, `owner/name`: a reference into it cannot be pinned (see scanUses). */
  sourceRepo: string;
  /** Every action the release publishes. */
  published: readonly string[];
  version: Version;
}

/** The commit this release published for an action, and its version. */
export interface Pin {
  sha: string;
  version: string;
}

interface UsesLine {
  /** 0-based line index. */
  index: number;
  /** The line up to the value (`      - uses: `). */
  prefix: string;
  /** The MLEnv action used. */
  name: string;
}

// A `uses:` key as a block mapping writes it, with a value that may be quoted and a comment.
const USES_LINE = /^(\s*(?:-\s+)?uses:[ \t]+)(["']?)([^\s"'#]+)\2[ \t]*(?:#.*)?$/;
const REPO_REF = /^([A-Za-z0-9][\w.-]*)\/([\w.-]+)(\/[^@]*)?@(.*)$/;

/**
 * The lines of a workflow or action.yml that use one of MLEnv's actions, and every reason one
 * cannot be pinned (as `file:line: ...`): an action the release does not publish, a reference
 * other than the release's major tag, or a reference into this repository, which the release
 * cannot pin to the commit it is itself making.
 */
export function scanUses(
  text: string,
  file: string,
  context: PinContext,
): { uses: UsesLine[]; errors: string[] } {
  const owners = new Set(['mlenv', context.owner.toLowerCase()]);
  const monorepo = context.sourceRepo.toLowerCase();
  const major = `v${context.version.major}`;
  const uses: UsesLine[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((line, index) => {
    const match = USES_LINE.exec(line.replace(/\r$/, ''));
    const ref = match ? REPO_REF.exec(match[3] ?? '') : null;
    if (!match || !ref) return;
    const [value, owner = '', name = '', subpath, at] = ref;
    if (!owners.has(owner.toLowerCase())) return;
    const where = `${file}:${index + 1}`;
    if (`${owner}/${name}`.toLowerCase() === monorepo) {
      const local = subpath?.startsWith('/.github/workflows/');
      errors.push(
        `${where}: uses ${value}, a reference into ${context.sourceRepo} that the release cannot ` +
          'pin to the commit it is making: ' +
          (local
            ? `call .${subpath} (GitHub takes it from the caller's own commit)`
            : `use ${context.owner}/<action>@${major}, which the release pins`),
      );
    } else if (!context.published.includes(name)) {
      errors.push(
        `${where}: uses ${value}, but the release publishes no action ${name} ` +
          `(it publishes ${context.published.join(', ') || 'none'})`,
      );
    } else if (subpath || at !== major) {
      errors.push(
        `${where}: uses ${value}: expected ${owner}/${name}@${major}, the major tag of this ` +
          `release, which the release replaces with the commit it publishes`,
      );
    } else {
      uses.push({ index, prefix: match[1] ?? '', name });
    }
  });
  return { uses, errors };
}

/** The MLEnv actions a file uses; throws every reason one of them cannot be pinned. */
export function usedActions(text: string, file: string, context: PinContext): string[] {
  const { uses, errors } = scanUses(text, file, context);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return [...new Set(uses.map((u) => u.name))].sort();
}

/** The file with each use of an MLEnv action pinned: `<owner>/<name>@<sha> # v<version>`. */
export function pinUses(
  text: string,
  file: string,
  context: PinContext,
  pins: ReadonlyMap<string, Pin>,
): string {
  const { uses, errors } = scanUses(text, file, context);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const lines = text.split('\n');
  for (const use of uses) {
    const pin = pins.get(use.name);
    if (!pin) throw new Error(`${file}:${use.index + 1}: no commit is known for ${use.name}`);
    const eol = lines[use.index]?.endsWith('\r') ? '\r' : '';
    lines[use.index] =
      `${use.prefix}${context.owner}/${use.name}@${pin.sha} # v${pin.version}${eol}`;
  }
  return lines.join('\n');
}

/**
 * The publish order: `first`, the actions that use none of MLEnv's (published in parallel),
 * then `dependents`, those that do, each after every action it uses. Throws, before anything is
 * published, every use that cannot be pinned and any cycle.
 */
export async function publishStages(
  repoRoot: string,
  context: PinContext,
): Promise<{ first: string[]; dependents: string[] }> {
  const deps = new Map<string, string[]>();
  const errors: string[] = [];
  for (const name of context.published) {
    const file = `actions/${name}/action.yml`;
    const { uses, errors: mine } = scanUses(
      await readFile(path.join(repoRoot, file), 'utf8'),
      file,
      context,
    );
    errors.push(...mine);
    deps.set(name, [...new Set(uses.map((u) => u.name))]);
  }
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const first = context.published.filter((name) => deps.get(name)?.length === 0);
  const dependents: string[] = [];
  const done = new Set(first);
  while (done.size < context.published.length) {
    const ready = context.published.filter(
      (name) => !done.has(name) && (deps.get(name) ?? []).every((d) => done.has(d)),
    );
    if (ready.length === 0) {
      const left = context.published.filter((name) => !done.has(name));
      throw new Error(`actions ${left.join(', ')} use each other in a cycle: none can go first`);
    }
    for (const name of ready) {
      dependents.push(name);
      done.add(name);
    }
  }
  return { first, dependents };
}

/** A published file: its path in the published tree, and its text. */
export interface PublishedFile {
  path: string;
  text: string;
}

/**
 * The files with every use of an MLEnv action pinned to the commit that action's repository
 * has at this release's tag, the one its publish step wrote. An action not published yet is an
 * error at the file and line of its first use: the release publishes it first.
 */
export async function pinFiles(
  files: readonly PublishedFile[],
  context: PinContext,
  remoteOf: (name: string) => string,
  options: GitOptions,
): Promise<PublishedFile[]> {
  const firstUse = new Map<string, string>();
  const errors: string[] = [];
  for (const file of files) {
    const scan = scanUses(file.text, file.path, context);
    errors.push(...scan.errors);
    for (const use of scan.uses) {
      if (!firstUse.has(use.name)) firstUse.set(use.name, `${file.path}:${use.index + 1}`);
    }
  }
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const tag = `v${formatVersion(context.version)}`;
  const pins = new Map<string, Pin>();
  for (const [name, where] of firstUse) {
    const refs = parseLsRemote(
      await git(['ls-remote', '--tags', remoteOf(name), `refs/tags/${tag}`], options),
    );
    const sha = refs.tags.get(tag);
    if (!sha) {
      throw new Error(
        `${where}: uses ${context.owner}/${name}, which has no ${tag} yet: the release ` +
          `publishes ${name} before what uses it`,
      );
    }
    pins.set(name, { sha, version: tag.slice(1) });
  }
  return files.map((file) => ({ ...file, text: pinUses(file.text, file.path, context, pins) }));
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
  /** Every action of the release (default: those of repoRoot), for the uses it may pin. */
  published?: readonly string[];
  /** URL of another action's repository, where the commit to pin a use of it is read. */
  remoteOf?: (name: string) => string;
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

function noRemote(name: string): string {
  throw new Error(`no repository URL is known for the action ${name}`);
}

/** Writes the action's published tree into `dir` (a fresh git repository). */
async function stageAction(options: PublishOptions, dir: string, tag: string): Promise<void> {
  const source = path.join(options.repoRoot, 'actions', options.name);
  const file = `actions/${options.name}/action.yml`;
  const context: PinContext = {
    owner: options.owner,
    sourceRepo: options.sourceRepo,
    published: options.published ?? (await listActions(options.repoRoot)),
    version: parseVersion(tag.slice(1)) as Version,
  };
  // A composite action's uses of other MLEnv actions, pinned to what this release published.
  const [pinned] = await pinFiles(
    [{ path: file, text: await readFile(path.join(options.repoRoot, file), 'utf8') }],
    context,
    options.remoteOf ?? noRemote,
    { cwd: dir, env: options.env },
  );
  const actionYml = pinned?.text ?? '';
  await writeFile(path.join(dir, 'action.yml'), actionYml);
  // A composite action has no bundle.
  if (existsSync(path.join(source, 'dist'))) {
    await cp(path.join(source, 'dist'), path.join(dir, 'dist'), { recursive: true });
  }
  const title = /^name:\s*['"]?(.+?)['"]?\s*$/m.exec(actionYml)?.[1] ?? `MLEnv ${options.name}`;
  await writeFile(
    path.join(dir, 'README.md'),
    actionReadme({ ...options, title, tag, owner: options.owner }),
  );
  // A composite action runs steps, not files (and a step's `with:` may hold a `main:` key).
  const composite = /^runs:\s*\n(?:[ \t]+.*\n)*?[ \t]+using:\s*['"]?composite\b/m.test(actionYml);
  for (const file of composite ? [] : runsFiles(actionYml)) {
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
  /** Owner of the per-action repositories (default mlenv). */
  owner?: string;
  /** This repository, `owner/name` (default <owner>/mlenv). */
  sourceRepo?: string;
  /** URL of an action's repository, where the commit to pin a use of it is read. */
  remoteOf?: (name: string) => string;
}

/** The trailer by which a release commit names the commit it was made from. */
export const RELEASE_TRAILER = 'MLEnv-Release-Source';

/** The published files of this repository (path from its root): its workflows and its actions' metadata. */
export function isPublishedPath(file: string): boolean {
  return (
    /^\.github\/workflows\/[^/]+\.ya?ml$/.test(file) || /^actions\/[^/]+\/action\.yml$/.test(file)
  );
}

/** A commit object's tree, parents and message, read raw (a shallow clone hides parents). */
async function readCommit(
  sha: string,
  at: GitOptions,
): Promise<{ tree: string; parents: string[]; message: string }> {
  const raw = await git(['cat-file', 'commit', sha], at);
  const end = raw.indexOf('\n\n');
  const header = end < 0 ? raw : raw.slice(0, end);
  const field = (name: string) =>
    header
      .split('\n')
      .filter((l) => l.startsWith(`${name} `))
      .map((l) => l.slice(name.length + 1));
  return {
    tree: field('tree')[0] ?? '',
    parents: field('parent'),
    message: end < 0 ? '' : raw.slice(end + 2),
  };
}

/**
 * The commit a release was made from: `sha` itself, or, when `sha` is a release commit (its one
 * parent named by its trailer, as the tag job writes it), that parent. A run started by the
 * release's own tag push checks out the release commit; it releases the source again.
 */
export async function releaseSource(sha: string, at: GitOptions): Promise<string> {
  const commit = await readCommit(sha, at);
  const trailer = new RegExp(`^${RELEASE_TRAILER}: ([0-9a-f]{40})$`, 'm').exec(commit.message);
  const parent = commit.parents[0];
  return parent && trailer && commit.parents.length === 1 && trailer[1] === parent ? parent : sha;
}

/**
 * The tree this repository publishes for the released commit: its tree, with every use of an
 * MLEnv action in `.github/workflows/` and `actions/* /action.yml` pinned to the commit this
 * release published for it. Equal to the commit's own tree when nothing is to pin.
 */
async function releaseTree(
  sha: string,
  context: Omit<PinContext, 'published'>,
  remoteOf: (name: string) => string,
  at: GitOptions,
): Promise<string> {
  const listing = await git(['ls-tree', '-r', '--full-tree', sha], at);
  const entries = listing
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [meta = '', file = ''] = line.split('\t');
      const [mode = '', type = ''] = meta.split(' ');
      return { mode, type, file };
    })
    .filter((e) => e.type === 'blob' && isPublishedPath(e.file));
  const published = entries
    .map((e) => /^actions\/([^/]+)\/action\.yml$/.exec(e.file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
  const exact = await Promise.all(
    entries.map(async (e) => ({
      path: e.file,
      text: await git(['cat-file', 'blob', `${sha}:${e.file}`], { ...at, raw: true }),
    })),
  );
  const pinned = await pinFiles(exact, { ...context, published }, remoteOf, at);
  // A scratch index, so the checkout's own index and files stay as they are.
  const scratch = await mkdtemp(path.join(tmpdir(), 'mlenv-release-index-'));
  try {
    const withIndex = {
      ...at,
      env: { ...(at.env ?? process.env), GIT_INDEX_FILE: path.join(scratch, 'index') },
    };
    await git(['read-tree', sha], withIndex);
    for (const [i, file] of pinned.entries()) {
      if (file.text === exact[i]?.text) continue;
      const blob = await git(['hash-object', '-w', '--stdin'], { ...at, input: file.text });
      const mode = entries[i]?.mode ?? '100644';
      await git(['update-index', '--cacheinfo', `${mode},${blob},${file.path}`], withIndex);
    }
    return await git(['write-tree'], withIndex);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Tags this repository's release: the released commit itself when nothing in it is to pin,
 * otherwise a release commit on top of it (its parent; not on any branch) whose published files
 * pin MLEnv's actions to the commits this release published, so one SHA pins the whole tree.
 * The exact tag goes to that commit: created when missing (a dispatched release), moved once
 * from the released commit onto its release commit (a pushed tag), left alone when it is there
 * already; anywhere else it is an error. The moving major tag follows when this is the newest
 * release of its major, so `mlenv/mlenv/...@v1` follows. Runs after every action is published.
 */
export async function tagMonorepo(options: TagOptions): Promise<string[]> {
  const log = options.log ?? (() => {});
  const version = parseVersion(options.version);
  if (!version) throw new Error(`${options.version} is not a semantic version`);
  const tag = `v${options.version}`;
  const owner = options.owner ?? 'mlenv';
  const sourceRepo = options.sourceRepo ?? `${owner}/mlenv`;
  const at = { cwd: options.cwd, env: { ...(options.env ?? process.env), ...IDENTITY } };
  // The commit itself (should the SHA name an annotated tag), and proof the checkout has it.
  const sha = await git(['rev-parse', '--verify', `${options.sha}^{commit}`], at);
  const refs = await remoteRefs(options.remote, at);
  const tree = await releaseTree(
    sha,
    { owner, sourceRepo, version },
    options.remoteOf ?? noRemote,
    at,
  );
  const unchanged = tree === (await readCommit(sha, at)).tree;
  const pushed: string[] = [];
  const leases: string[] = [];
  const existing = refs.tags.get(tag);
  let target: string;
  if (existing && existing !== sha) {
    // A release commit of a run before, with the same pins: in place.
    await git(['fetch', '-q', '--no-tags', '--depth=1', options.remote, `refs/tags/${tag}`], at);
    const found = await readCommit(existing, at);
    if (
      unchanged ||
      found.parents.length !== 1 ||
      found.parents[0] !== sha ||
      found.tree !== tree
    ) {
      throw new Error(
        `${tag} already points at ${existing}, not at the released ${sha}` +
          (unchanged ? '' : ' nor at its release commit'),
      );
    }
    target = existing;
  } else if (unchanged) {
    target = sha;
    if (!existing) pushed.push(`${sha}:refs/tags/${tag}`);
  } else {
    const message =
      `MLEnv ${tag}\n\n` +
      `The release of ${sourceRepo}@${sha}: its workflows and actions with MLEnv's own actions ` +
      'pinned to the commits this release published for them.\n\n' +
      `${RELEASE_TRAILER}: ${sha}\n`;
    target = await git(['commit-tree', tree, '-p', sha, '-F', '-'], { ...at, input: message });
    if (existing) {
      // The maintainer's tag on the released commit moves once, onto its release commit; the
      // lease makes the push fail should the tag have moved meanwhile.
      // (No `+` on it: a forced refspec would override the lease.)
      leases.push(`--force-with-lease=refs/tags/${tag}:${refs.tagRefs.get(tag) ?? existing}`);
    }
    pushed.push(`${target}:refs/tags/${tag}`);
  }
  const moving = movingTag(version, refs.tags.keys());
  if (moving && refs.tags.get(moving) !== target) pushed.push(`+${target}:refs/tags/${moving}`);
  if (pushed.length === 0) log(`nothing to push: ${tag} and its moving tag are in place`);
  else {
    await git(['push', '-q', '--atomic', ...leases, options.remote, ...pushed], at);
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
  const owner = env.RELEASE_OWNER || env.GITHUB_REPOSITORY_OWNER || 'mlenv';
  const sourceRepo = env.GITHUB_REPOSITORY || `${owner}/mlenv`;
  const remoteOf = (name: string) => repositoryUrl(env, `${owner}/${name}`);
  if (command === 'source') {
    // The commit to release: the run's own, or the source of a release commit (releaseSource).
    const sha = await releaseSource(required(env, 'GITHUB_SHA'), { cwd: repoRoot, env });
    out(
      sha === env.GITHUB_SHA ? `releasing ${sha}` : `a release commit: releasing its source ${sha}`,
    );
    if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `sha=${sha}\n`);
    return 0;
  }
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
    const context: PinContext = {
      owner,
      sourceRepo,
      published: actions,
      version: parseVersion(result.version) as Version,
    };
    // Every use of an MLEnv action that the release cannot pin fails here, before anything is
    // published: in the actions (and their order) and in this repository's workflows.
    let stages: { first: string[]; dependents: string[] };
    try {
      stages = await publishStages(repoRoot, context);
      const dir = path.join(repoRoot, '.github/workflows');
      const workflows = existsSync(dir)
        ? (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort()
        : [];
      for (const file of workflows) {
        const text = await readFile(path.join(dir, file), 'utf8');
        usedActions(text, `.github/workflows/${file}`, context);
      }
    } catch (error) {
      for (const line of (error as Error).message.split('\n')) print.err(`::error::${line}`);
      return 1;
    }
    out(`release ${result.tag}: ${actions.length} actions (${actions.join(', ')})`);
    if (stages.dependents.length > 0) {
      out(`published after the actions they use: ${stages.dependents.join(', ')}`);
    }
    if (env.GITHUB_OUTPUT) {
      await appendFile(
        env.GITHUB_OUTPUT,
        `version=${result.version}\ntag=${result.tag}\nactions=${JSON.stringify(stages.first)}\n` +
          `dependents=${JSON.stringify(stages.dependents)}\n`,
      );
    }
    if (env.GITHUB_STEP_SUMMARY) {
      await appendFile(env.GITHUB_STEP_SUMMARY, `## Release ${result.tag}\n\n${result.notes}\n`);
    }
    return 0;
  }
  if (command === 'publish-action' || command === 'publish-actions' || command === 'tag-monorepo') {
    required(env, TOKEN_ENV);
    const version = required(env, 'RELEASE_VERSION');
    // The released commit: verify's `source` (a re-run on a release commit releases its source).
    const sourceSha = env.RELEASE_SOURCE || required(env, 'GITHUB_SHA');
    if (command === 'tag-monorepo') {
      await tagMonorepo({
        version,
        sha: sourceSha,
        remote: repositoryUrl(env, sourceRepo),
        cwd: repoRoot,
        env,
        log: out,
        owner,
        sourceRepo,
        remoteOf,
      });
      return 0;
    }
    required(env, 'RELEASE_OWNER');
    const published = await listActions(repoRoot);
    let names: string[];
    if (command === 'publish-action') names = [required(env, 'RELEASE_ACTION')];
    else {
      // verify's `dependents`, in order: each after the actions it uses.
      const list: unknown = JSON.parse(env.RELEASE_ACTIONS ?? '');
      if (!Array.isArray(list) || !list.every((n) => typeof n === 'string')) {
        throw new Error(
          `RELEASE_ACTIONS is not a JSON list of action names: ${env.RELEASE_ACTIONS}`,
        );
      }
      names = list;
      if (names.length === 0) out('no action uses another MLEnv action: nothing to publish here');
    }
    for (const name of names) {
      if (!published.includes(name)) throw new Error(`${name} is not an action of this release`);
      await publishAction({
        name,
        version,
        repoRoot,
        remote: remoteOf(name),
        sourceRepo,
        sourceSha,
        serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
        owner,
        workDir: env.RUNNER_TEMP ?? tmpdir(),
        env,
        log: out,
        published,
        remoteOf,
      });
    }
    return 0;
  }
  print.err('usage: release.ts source | verify | publish-action | publish-actions | tag-monorepo');
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
