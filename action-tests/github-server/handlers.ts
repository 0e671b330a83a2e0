import type { FlatTree, TreeEntry } from './git.js';
import type { Render } from './render.js';
import {
  type DeploymentRecord,
  type DeploymentState,
  type DeploymentStatusRecord,
  type GithubState,
  type LabelRecord,
  type PullRecord,
  type RepoRecord,
  toBuffer,
} from './state.js';

/** An error answer in GitHub's envelope: `{ message, documentation_url, status, errors? }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface HandlerContext {
  state: GithubState;
  render: Render;
  /** Path parameters, coerced to their declared types by the contract. */
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: validated against the operation's schema already
  body: any;
  /** The request URL, for pagination links. */
  url: URL;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: HandlerContext) => HandlerResult;

function repoOf(ctx: HandlerContext): RepoRecord {
  const repo = ctx.state.getRepo(String(ctx.params.owner), String(ctx.params.repo));
  if (!repo) throw new HttpError(404, 'Not Found');
  return repo;
}

function validationFailed(errors: Record<string, unknown>[], message = 'Validation Failed') {
  return new HttpError(422, message, { errors });
}

/** GitHub's page/per_page pagination with a Link header (which Octokit's paginate follows). */
function paginate<T>(
  ctx: HandlerContext,
  items: T[],
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(ctx.query.per_page ?? 30), 100);
  const page = Math.max(Number(ctx.query.page ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number, rel: string): string => {
    const url = new URL(ctx.url);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(p));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}

function list<T>(ctx: HandlerContext, items: T[], render: (item: T) => unknown): HandlerResult {
  const { items: pageItems, headers } = paginate(ctx, items);
  return { status: 200, body: pageItems.map(render), headers };
}

// ---- repository, branches -------------------------------------------------------------------

const getRepo: Handler = (ctx) => ({ status: 200, body: ctx.render.repo(repoOf(ctx), true) });

const getBranch: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const name = String(ctx.params.branch);
  const sha = repo.refs.get(`refs/heads/${name}`);
  const commit = sha ? repo.git.commits.get(sha) : undefined;
  if (!commit) throw new HttpError(404, 'Branch not found');
  const url = `${ctx.render.repoUrl(repo)}/branches/${name}`;
  return {
    status: 200,
    body: {
      name,
      commit: ctx.render.commit(repo, commit),
      _links: { self: url, html: `${ctx.render.htmlUrl(repo)}/tree/${name}` },
      protected: false,
      protection: {
        enabled: false,
        required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
      },
      protection_url: `${url}/protection`,
    },
  };
};

// ---- git database -------------------------------------------------------------------------

function commitOr422(repo: RepoRecord, sha: string, what = 'Object does not exist') {
  const commit = repo.git.commits.get(sha);
  if (!commit) throw new HttpError(422, what);
  return commit;
}

const getRef: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const ref = `refs/${String(ctx.params.ref)}`;
  const sha = repo.refs.get(ref);
  if (!sha) throw new HttpError(404, 'Not Found');
  return { status: 200, body: ctx.render.ref(repo, ref, sha) };
};

const createRef: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const ref = String(ctx.body.ref);
  if (!/^refs\/[^/]+\/.+/.test(ref) || ref.endsWith('/') || ref.includes('..')) {
    throw new HttpError(422, `${ref} is not a valid ref name.`);
  }
  if (repo.refs.has(ref)) throw new HttpError(422, 'Reference already exists');
  commitOr422(repo, String(ctx.body.sha));
  repo.refs.set(ref, String(ctx.body.sha));
  const body = ctx.render.ref(repo, ref, String(ctx.body.sha));
  return { status: 201, body, headers: { location: String(body.url) } };
};

const updateRef: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const ref = `refs/${String(ctx.params.ref)}`;
  const current = repo.refs.get(ref);
  if (!current) throw new HttpError(422, 'Reference does not exist');
  const sha = String(ctx.body.sha);
  commitOr422(repo, sha);
  if (ctx.body.force !== true && !repo.git.isAncestor(current, sha)) {
    throw new HttpError(422, 'Update is not a fast forward');
  }
  repo.refs.set(ref, sha);
  if (ref.startsWith('refs/heads/')) repo.pushedAt = ctx.state.now();
  return { status: 200, body: ctx.render.ref(repo, ref, sha) };
};

const deleteRef: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const ref = `refs/${String(ctx.params.ref)}`;
  if (!repo.refs.delete(ref)) throw new HttpError(422, 'Reference does not exist');
  return { status: 204 };
};

const createBlob: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const encoding = ctx.body.encoding ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'base64') {
    throw validationFailed([{ resource: 'Blob', field: 'encoding', code: 'invalid' }]);
  }
  const sha = repo.git.writeBlob(
    Buffer.from(String(ctx.body.content), encoding === 'base64' ? 'base64' : 'utf8'),
  );
  const url = `${ctx.render.repoUrl(repo)}/git/blobs/${sha}`;
  return { status: 201, body: { url, sha }, headers: { location: url } };
};

const getBlob: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const sha = String(ctx.params.file_sha);
  const blob = repo.git.blobs.get(sha);
  if (!blob) throw new HttpError(404, 'Not Found');
  return {
    status: 200,
    body: {
      sha,
      node_id: `B_kwDO${Buffer.from(sha, 'hex').toString('base64url')}`,
      size: blob.length,
      url: `${ctx.render.repoUrl(repo)}/git/blobs/${sha}`,
      content: blob.toString('base64').replace(/(.{60})/g, '$1\n'),
      encoding: 'base64',
    },
  };
};

function blobSizes(repo: RepoRecord): Map<string, number> {
  return new Map([...repo.git.blobs].map(([sha, b]) => [sha, b.length]));
}

interface TreeInput {
  path: string;
  mode: TreeEntry['mode'];
  type: TreeEntry['type'];
  sha?: string | null;
  content?: string;
}

const createTree: Handler = (ctx) => {
  const repo = repoOf(ctx);
  let files: FlatTree = new Map();
  if (ctx.body.base_tree) {
    const base = String(ctx.body.base_tree);
    if (!repo.git.trees.has(base)) throw new HttpError(422, 'base_tree is not a valid tree oid');
    files = repo.git.flatten(base);
  }
  for (const [i, entry] of (ctx.body.tree as TreeInput[]).entries()) {
    const path = entry.path.replace(/^\/+|\/+$/g, '');
    if (entry.content !== undefined) {
      files.set(path, {
        mode: entry.mode,
        type: 'blob',
        sha: repo.git.writeBlob(toBuffer(entry.content)),
      });
    } else if (entry.sha === null) {
      // Deleting a directory deletes everything under it.
      for (const key of [...files.keys()]) {
        if (key === path || key.startsWith(`${path}/`)) files.delete(key);
      }
    } else if (entry.sha !== undefined) {
      if (entry.type === 'tree') {
        if (!repo.git.trees.has(entry.sha))
          throw new HttpError(422, `tree.sha ${entry.sha} is not a valid tree`);
        for (const [sub, e] of repo.git.flatten(entry.sha, `${path}/`)) files.set(sub, e);
      } else if (entry.type === 'blob') {
        if (!repo.git.blobs.has(entry.sha))
          throw new HttpError(422, `tree.sha ${entry.sha} is not a valid blob`);
        files.set(path, { mode: entry.mode, type: 'blob', sha: entry.sha });
      } else {
        files.set(path, { mode: entry.mode, type: entry.type, sha: entry.sha });
      }
    } else {
      throw validationFailed(
        [{ resource: 'Tree', field: `tree[${i}]`, code: 'missing_field' }],
        'Must supply either tree.sha or tree.content',
      );
    }
  }
  const sha = repo.git.buildTree(files);
  const body = ctx.render.tree(repo, sha, repo.git.trees.get(sha) ?? [], blobSizes(repo));
  return { status: 201, body, headers: { location: body.url } };
};

const getTree: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const sha = repo.git.trees.has(String(ctx.params.tree_sha))
    ? String(ctx.params.tree_sha)
    : (() => {
        const commitSha = ctx.state.resolveCommitish(repo, String(ctx.params.tree_sha));
        return commitSha ? repo.git.commits.get(commitSha)?.tree : undefined;
      })();
  if (!sha) throw new HttpError(404, 'Not Found');
  const recursive =
    ctx.query.recursive !== undefined && !['0', 'false'].includes(String(ctx.query.recursive));
  const entries: TreeEntry[] = [];
  const walk = (treeSha: string, prefix: string): void => {
    for (const e of repo.git.trees.get(treeSha) ?? []) {
      entries.push({ ...e, path: `${prefix}${e.path}` });
      if (recursive && e.type === 'tree') walk(e.sha, `${prefix}${e.path}/`);
    }
  };
  walk(sha, '');
  return { status: 200, body: ctx.render.tree(repo, sha, entries, blobSizes(repo)) };
};

interface SignatureInput {
  name: string;
  email: string;
  date?: string;
}

// A commit's author or committer as a request gives it, dated now where it gives no date; where
// it gives none at all, the authenticated user. Which one defaults to the other is per endpoint.
function signatures(ctx: HandlerContext, now: string) {
  return (input?: SignatureInput) =>
    input
      ? { name: input.name, email: input.email, date: input.date ?? now }
      : ctx.state.signature(ctx.state.actor, now);
}

const createCommit: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const tree = String(ctx.body.tree);
  if (!repo.git.trees.has(tree)) throw new HttpError(422, 'Tree SHA does not exist');
  const parents = ((ctx.body.parents as string[] | undefined) ?? []).map(String);
  for (const p of parents) {
    if (!repo.git.commits.has(p))
      throw new HttpError(422, 'Parent SHA does not exist or is not a commit object');
  }
  const now = ctx.state.now();
  const sig = signatures(ctx, now);
  const author = sig(ctx.body.author as SignatureInput | undefined);
  const committer = ctx.body.committer ? sig(ctx.body.committer as SignatureInput) : author;
  const commit = repo.git.writeCommit({
    tree,
    parents,
    message: String(ctx.body.message),
    author,
    committer,
  });
  const body = ctx.render.gitCommit(repo, commit);
  return { status: 201, body, headers: { location: String(body.url) } };
};

const getCommit: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const commit = repo.git.commits.get(String(ctx.params.commit_sha));
  if (!commit) throw new HttpError(404, 'Not Found');
  return { status: 200, body: ctx.render.gitCommit(repo, commit) };
};

// ---- contents -------------------------------------------------------------------------------

const getContent: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const ref = ctx.query.ref === undefined ? repo.defaultBranch : String(ctx.query.ref);
  const sha = ctx.state.resolveCommitish(repo, ref);
  if (!sha) throw new HttpError(404, `No commit found for the ref ${ref}`);
  const commit = repo.git.commits.get(sha);
  const path = String(ctx.params.path).replace(/^\/+|\/+$/g, '');
  const entry = commit ? repo.git.lookup(commit.tree, path) : undefined;
  if (!entry) throw new HttpError(404, 'Not Found');
  if (entry.type === 'tree') {
    const children = repo.git.trees.get(entry.sha) ?? [];
    return {
      status: 200,
      body: children.map((c) =>
        ctx.render.contentEntry(
          repo,
          path ? `${path}/${c.path}` : c.path,
          c,
          ref,
          repo.git.blobs.get(c.sha)?.length ?? 0,
        ),
      ),
    };
  }
  const blob = repo.git.blobs.get(entry.sha) ?? Buffer.alloc(0);
  return { status: 200, body: ctx.render.contentEntry(repo, path, entry, ref, blob.length, blob) };
};

const putContent: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const branch = ctx.body.branch === undefined ? repo.defaultBranch : String(ctx.body.branch);
  const ref = `refs/heads/${branch}`;
  const parent = repo.refs.get(ref);
  if (!parent) throw new HttpError(404, `Branch ${branch} not found`);
  const parentCommit = commitOr422(repo, parent);
  const path = String(ctx.params.path).replace(/^\/+|\/+$/g, '');
  const files = repo.git.flatten(parentCommit.tree);
  const existing = files.get(path);
  if (existing && ctx.body.sha === undefined) {
    throw validationFailed([], 'Invalid request.\n\n"sha" wasn\'t supplied.');
  }
  if (existing && ctx.body.sha !== existing.sha) {
    throw new HttpError(409, `${path} does not match ${String(ctx.body.sha)}`);
  }
  const content = Buffer.from(String(ctx.body.content), 'base64');
  const blobSha = repo.git.writeBlob(content);
  files.set(path, { mode: existing?.mode ?? '100644', type: 'blob', sha: blobSha });
  const now = ctx.state.now();
  const sig = signatures(ctx, now);
  const committer = sig(ctx.body.committer as SignatureInput | undefined);
  const author = ctx.body.author ? sig(ctx.body.author as SignatureInput) : committer;
  const commit = repo.git.writeCommit({
    tree: repo.git.buildTree(files),
    parents: [parent],
    message: String(ctx.body.message),
    author,
    committer,
  });
  repo.refs.set(ref, commit.sha);
  repo.pushedAt = now;
  const entry = ctx.render.contentEntry(
    repo,
    path,
    { mode: '100644', type: 'blob', sha: blobSha },
    branch,
    content.length,
  );
  return {
    status: existing ? 200 : 201,
    body: { content: entry, commit: ctx.render.gitCommit(repo, commit) },
  };
};

// ---- deployments ----------------------------------------------------------------------------

function deploymentOf(ctx: HandlerContext, repo: RepoRecord): DeploymentRecord {
  const deployment = repo.deployments.find((d) => d.id === Number(ctx.params.deployment_id));
  if (!deployment) throw new HttpError(404, 'Not Found');
  return deployment;
}

function latestState(d: DeploymentRecord): DeploymentState | undefined {
  return d.statuses[d.statuses.length - 1]?.state;
}

const createDeployment: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const ref = String(ctx.body.ref);
  const sha = ctx.state.resolveCommitish(repo, ref);
  if (!sha) throw new HttpError(422, `No ref found for: ${ref}`);
  const isBranch = repo.refs.has(`refs/heads/${ref}`);
  // auto_merge (default true) merges the default branch into a branch that is behind it. The
  // fake does not merge; it answers as GitHub does when that merge would conflict.
  const defaultHead = repo.refs.get(`refs/heads/${repo.defaultBranch}`);
  if (
    ctx.body.auto_merge !== false &&
    isBranch &&
    ref !== repo.defaultBranch &&
    defaultHead &&
    !repo.git.isAncestor(defaultHead, sha)
  ) {
    throw new HttpError(409, `Conflict merging ${repo.defaultBranch} into ${ref}.`);
  }
  // required_contexts: commit statuses are not modelled, so every named context is missing.
  // Omitted means "every context reported on the commit", which is none.
  const required = (ctx.body.required_contexts as string[] | undefined) ?? [];
  if (required.length > 0) {
    throw new HttpError(409, `Conflict: Commit status checks failed for ${ref}.`, {
      errors: [
        {
          contexts: required.map((context) => ({ context, state: 'missing' })),
          resource: 'Deployment',
          field: 'required_contexts',
          code: 'invalid',
        },
      ],
    });
  }
  let payload: DeploymentRecord['payload'] = ctx.body.payload ?? {};
  if (typeof payload === 'string') {
    // GitHub stores the payload as JSON: a JSON text comes back as the object it encodes.
    try {
      const parsed: unknown = JSON.parse(payload);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        payload = parsed as Record<string, unknown>;
    } catch {
      // not JSON: kept as the string it is
    }
  }
  const environment =
    ctx.body.environment === undefined ? 'production' : String(ctx.body.environment);
  const now = ctx.state.now();
  const id = ctx.state.nextId();
  const deployment: DeploymentRecord = {
    id,
    nodeId: ctx.state.nodeId('DE', id),
    sha,
    ref,
    task: ctx.body.task === undefined ? 'deploy' : String(ctx.body.task),
    payload,
    environment,
    originalEnvironment: environment,
    description: ctx.body.description ?? null,
    creator: ctx.state.actor,
    createdAt: now,
    updatedAt: now,
    transient: ctx.body.transient_environment === true,
    production:
      ctx.body.production_environment === undefined
        ? environment === 'production'
        : ctx.body.production_environment === true,
    statuses: [],
  };
  repo.deployments.push(deployment);
  const body = ctx.render.deployment(repo, deployment);
  return { status: 201, body, headers: { location: String(body.url) } };
};

const listDeployments: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const q = ctx.query;
  const matches = repo.deployments
    .filter(
      (d) =>
        (q.sha === undefined || d.sha === q.sha) &&
        (q.ref === undefined || d.ref === q.ref) &&
        (q.task === undefined || d.task === q.task) &&
        (q.environment === undefined || q.environment === null || d.environment === q.environment),
    )
    .reverse(); // newest first, as GitHub lists them
  return list(ctx, matches, (d) => ctx.render.deployment(repo, d));
};

const getDeployment: Handler = (ctx) => {
  const repo = repoOf(ctx);
  return { status: 200, body: ctx.render.deployment(repo, deploymentOf(ctx, repo)) };
};

const deleteDeployment: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const deployment = deploymentOf(ctx, repo);
  // GitHub keeps every repository with several deployments holding an active one.
  if (repo.deployments.length > 1 && latestState(deployment) !== 'inactive') {
    throw new HttpError(
      422,
      'We cannot delete an active deployment unless it is the only deployment in a given environment.',
    );
  }
  repo.deployments = repo.deployments.filter((d) => d !== deployment);
  return { status: 204 };
};

const createDeploymentStatus: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const deployment = deploymentOf(ctx, repo);
  const now = ctx.state.now();
  const state = ctx.body.state as DeploymentState;
  // A limit GitHub's text states and enforces, but its schema does not carry.
  if (String(ctx.body.description ?? '').length > 140) {
    throw validationFailed([
      {
        resource: 'DeploymentStatus',
        code: 'custom',
        field: 'description',
        message: 'description is too long (maximum is 140 characters)',
      },
    ]);
  }
  const logUrl = String(ctx.body.log_url ?? ctx.body.target_url ?? '');
  const previous = deployment.statuses[deployment.statuses.length - 1];
  const environment =
    ctx.body.environment === undefined
      ? (previous?.environment ?? deployment.environment)
      : String(ctx.body.environment);
  const status = addStatus(ctx, deployment, {
    state,
    description: String(ctx.body.description ?? ''),
    environment,
    targetUrl: logUrl,
    logUrl,
    environmentUrl: String(ctx.body.environment_url ?? ''),
    createdAt: now,
  });
  deployment.environment = environment;
  // auto_inactive (default true): a deployment that succeeds retires the earlier successful,
  // non-transient deployments of its environment. GitHub's text also says "non-production",
  // but production environments are retired too (their environment page shows one active).
  if (state === 'success' && ctx.body.auto_inactive !== false) {
    for (const earlier of repo.deployments) {
      if (earlier.id >= deployment.id || earlier.transient) continue;
      if (earlier.environment !== environment || latestState(earlier) !== 'success') continue;
      const last = earlier.statuses[earlier.statuses.length - 1] as DeploymentStatusRecord;
      addStatus(ctx, earlier, {
        state: 'inactive',
        description: '',
        environment,
        targetUrl: last.targetUrl,
        logUrl: last.logUrl,
        environmentUrl: last.environmentUrl,
        createdAt: now,
      });
    }
  }
  const body = ctx.render.deploymentStatus(repo, deployment, status);
  return { status: 201, body, headers: { location: String(body.url) } };
};

function addStatus(
  ctx: HandlerContext,
  deployment: DeploymentRecord,
  fields: Omit<DeploymentStatusRecord, 'id' | 'nodeId' | 'creator' | 'updatedAt'>,
): DeploymentStatusRecord {
  const id = ctx.state.nextId();
  const status: DeploymentStatusRecord = {
    ...fields,
    id,
    nodeId: ctx.state.nodeId('DES', id),
    creator: ctx.state.actor,
    updatedAt: fields.createdAt,
  };
  deployment.statuses.push(status);
  deployment.updatedAt = fields.createdAt;
  return status;
}

const listDeploymentStatuses: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const deployment = deploymentOf(ctx, repo);
  return list(ctx, [...deployment.statuses].reverse(), (s) =>
    ctx.render.deploymentStatus(repo, deployment, s),
  );
};

const getDeploymentStatus: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const deployment = deploymentOf(ctx, repo);
  const status = deployment.statuses.find((s) => s.id === Number(ctx.params.status_id));
  if (!status) throw new HttpError(404, 'Not Found');
  return { status: 200, body: ctx.render.deploymentStatus(repo, deployment, status) };
};

// ---- pull requests --------------------------------------------------------------------------

function headShaOf(repo: RepoRecord, p: PullRecord): string {
  return p.closedHeadSha ?? repo.refs.get(`refs/heads/${p.headRef}`) ?? '';
}

function baseShaOf(repo: RepoRecord, p: PullRecord): string {
  return repo.refs.get(`refs/heads/${p.baseRef}`) ?? '';
}

function diffStats(repo: RepoRecord, baseSha: string, headSha: string) {
  const commits = repo.git.commitsBetween(baseSha, headSha).length;
  const treeOf = (sha: string) => {
    const commit = repo.git.commits.get(sha);
    return commit ? repo.git.flatten(commit.tree) : new Map();
  };
  const before = treeOf(baseSha);
  const after = treeOf(headSha);
  let additions = 0;
  let deletions = 0;
  let changedFiles = 0;
  const lines = (sha?: string): string[] =>
    sha
      ? (repo.git.blobs
          .get(sha)
          ?.toString('utf8')
          .split('\n')
          .filter((l) => l !== '') ?? [])
      : [];
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(path)?.sha;
    const b = after.get(path)?.sha;
    if (a === b) continue;
    changedFiles++;
    // A line-multiset difference: exact for additions and removals, close enough for edits.
    const remaining = new Map<string, number>();
    for (const l of lines(a)) remaining.set(l, (remaining.get(l) ?? 0) + 1);
    for (const l of lines(b)) {
      const n = remaining.get(l) ?? 0;
      if (n > 0) remaining.set(l, n - 1);
      else additions++;
    }
    for (const n of remaining.values()) deletions += n;
  }
  return { commits, additions, deletions, changedFiles };
}

function renderPull(ctx: HandlerContext, repo: RepoRecord, p: PullRecord, full: boolean) {
  const head = headShaOf(repo, p);
  const base = baseShaOf(repo, p);
  return ctx.render.pull(repo, p, head, base, full ? diffStats(repo, base, head) : undefined);
}

/** `owner:branch` or `branch` to the branch; other owners' forks are not modelled. */
function headBranch(repo: RepoRecord, head: string): { owner: string; ref: string } {
  const colon = head.indexOf(':');
  if (colon === -1) return { owner: repo.owner.login, ref: head };
  return { owner: head.slice(0, colon), ref: head.slice(colon + 1) };
}

function openDuplicate(
  repo: RepoRecord,
  owner: string,
  headRef: string,
  baseRef: string,
  except?: PullRecord,
) {
  return repo.pulls.find(
    (p) =>
      p !== except &&
      p.state === 'open' &&
      p.headRef === headRef &&
      p.baseRef === baseRef &&
      p.headOwner.toLowerCase() === owner.toLowerCase(),
  );
}

const createPull: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (ctx.body.issue !== undefined) {
    throw new HttpError(422, 'Converting an issue into a pull request is not modelled by the fake');
  }
  if (ctx.body.title === undefined) {
    throw validationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]);
  }
  const { owner, ref: headRef } = headBranch(repo, String(ctx.body.head));
  const baseRef = String(ctx.body.base);
  const errors: Record<string, unknown>[] = [];
  const headSha =
    owner.toLowerCase() === repo.owner.login.toLowerCase()
      ? repo.refs.get(`refs/heads/${headRef}`)
      : undefined;
  const baseSha = repo.refs.get(`refs/heads/${baseRef}`);
  if (!headSha) errors.push({ resource: 'PullRequest', field: 'head', code: 'invalid' });
  if (!baseSha) errors.push({ resource: 'PullRequest', field: 'base', code: 'invalid' });
  if (errors.length > 0) throw validationFailed(errors);
  const duplicate = openDuplicate(repo, owner, headRef, baseRef);
  if (duplicate) {
    throw validationFailed([
      {
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${owner}:${headRef}.`,
      },
    ]);
  }
  if (repo.git.commitsBetween(baseSha as string, headSha as string).length === 0) {
    throw validationFailed([
      {
        resource: 'PullRequest',
        code: 'custom',
        message: `No commits between ${baseRef} and ${headRef}`,
      },
    ]);
  }
  const now = ctx.state.now();
  const id = ctx.state.nextId();
  const pull: PullRecord = {
    id,
    nodeId: ctx.state.nodeId('PR', id),
    number: repo.nextIssueNumber++,
    title: String(ctx.body.title),
    body: ctx.body.body ?? null,
    state: 'open',
    draft: ctx.body.draft === true,
    locked: false,
    headOwner: owner,
    headRef,
    baseRef,
    user: ctx.state.actor,
    maintainerCanModify: ctx.body.maintainer_can_modify !== false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  repo.pulls.push(pull);
  const body = renderPull(ctx, repo, pull, true);
  return { status: 201, body, headers: { location: String(body.url) } };
};

const listPulls: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const state = String(ctx.query.state ?? 'open');
  // GitHub only applies `head` in the form `owner:branch`; a bare branch name is ignored and
  // every pull request comes back, which is how naive duplicate checks go wrong.
  const head =
    typeof ctx.query.head === 'string' && ctx.query.head.includes(':')
      ? headBranch(repo, ctx.query.head)
      : undefined;
  const sort = String(ctx.query.sort ?? 'created');
  const direction = String(
    ctx.query.direction ?? (sort === 'created' || sort === 'updated' ? 'desc' : 'asc'),
  );
  const pulls = repo.pulls
    .filter(
      (p) =>
        (state === 'all' || p.state === state) &&
        (!head ||
          (p.headRef === head.ref && p.headOwner.toLowerCase() === head.owner.toLowerCase())) &&
        (ctx.query.base === undefined || p.baseRef === ctx.query.base),
    )
    .sort((a, b) => {
      const key = (p: PullRecord) => (sort === 'updated' ? p.updatedAt : p.createdAt);
      const order = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number;
      return direction === 'asc' ? order : -order;
    });
  return list(ctx, pulls, (p) => renderPull(ctx, repo, p, false));
};

function pullOf(ctx: HandlerContext, repo: RepoRecord): PullRecord {
  const pull = repo.pulls.find((p) => p.number === Number(ctx.params.pull_number));
  if (!pull) throw new HttpError(404, 'Not Found');
  return pull;
}

const getPull: Handler = (ctx) => {
  const repo = repoOf(ctx);
  return { status: 200, body: renderPull(ctx, repo, pullOf(ctx, repo), true) };
};

const updatePull: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const pull = pullOf(ctx, repo);
  const now = ctx.state.now();
  if (ctx.body.base !== undefined) {
    if (!repo.refs.has(`refs/heads/${String(ctx.body.base)}`)) {
      throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    }
    pull.baseRef = String(ctx.body.base);
  }
  if (ctx.body.title !== undefined) pull.title = String(ctx.body.title);
  if (ctx.body.body !== undefined) pull.body = ctx.body.body;
  if (ctx.body.maintainer_can_modify !== undefined)
    pull.maintainerCanModify = ctx.body.maintainer_can_modify === true;
  if (ctx.body.state === 'closed' && pull.state === 'open') {
    pull.closedHeadSha = headShaOf(repo, pull);
    pull.state = 'closed';
    pull.closedAt = now;
  } else if (ctx.body.state === 'open' && pull.state === 'closed') {
    if (!repo.refs.has(`refs/heads/${pull.headRef}`)) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: 'state cannot be changed. The head branch was deleted.',
        },
      ]);
    }
    if (openDuplicate(repo, pull.headOwner, pull.headRef, pull.baseRef, pull)) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${pull.headOwner}:${pull.headRef}.`,
        },
      ]);
    }
    pull.state = 'open';
    pull.closedAt = null;
    pull.closedHeadSha = undefined;
  }
  pull.updatedAt = now;
  return { status: 200, body: renderPull(ctx, repo, pull, true) };
};

// ---- labels and comments (pull requests are issues) -----------------------------------------

function issueNumberOf(ctx: HandlerContext, repo: RepoRecord): number {
  const number = Number(ctx.params.issue_number);
  // Issues themselves are not modelled; pull requests are the issues MLEnv labels and comments.
  if (!repo.pulls.some((p) => p.number === number)) throw new HttpError(404, 'Not Found');
  return number;
}

function labelsOn(repo: RepoRecord, number: number) {
  return (repo.issueLabels.get(number) ?? [])
    .map((name) => repo.labels.get(name.toLowerCase()))
    .filter((l): l is LabelRecord => l !== undefined);
}

const addLabels: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const number = issueNumberOf(ctx, repo);
  const names = ((ctx.body?.labels ?? []) as (string | { name: string })[]).map((l) =>
    typeof l === 'string' ? l : l.name,
  );
  const current = repo.issueLabels.get(number) ?? [];
  for (const name of names) {
    // GitHub creates labels that do not exist yet, in its default grey.
    if (!repo.labels.has(name.toLowerCase())) {
      const id = ctx.state.nextId();
      repo.labels.set(name.toLowerCase(), {
        id,
        nodeId: ctx.state.nodeId('LA', id),
        name,
        color: 'ededed',
        description: null,
        default: false,
      });
    }
    if (!current.some((n) => n.toLowerCase() === name.toLowerCase())) current.push(name);
  }
  repo.issueLabels.set(number, current);
  return { status: 200, body: labelsOn(repo, number).map((l) => ctx.render.label(repo, l)) };
};

const listLabels: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const number = issueNumberOf(ctx, repo);
  return list(ctx, labelsOn(repo, number), (l) => ctx.render.label(repo, l));
};

const removeLabel: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const number = issueNumberOf(ctx, repo);
  const name = String(ctx.params.name).toLowerCase();
  const current = repo.issueLabels.get(number) ?? [];
  if (!current.some((n) => n.toLowerCase() === name))
    throw new HttpError(404, 'Label does not exist');
  repo.issueLabels.set(
    number,
    current.filter((n) => n.toLowerCase() !== name),
  );
  return { status: 200, body: labelsOn(repo, number).map((l) => ctx.render.label(repo, l)) };
};

const createComment: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const number = issueNumberOf(ctx, repo);
  const now = ctx.state.now();
  const id = ctx.state.nextId();
  const comment = {
    id,
    nodeId: ctx.state.nodeId('IC', id),
    issueNumber: number,
    body: String(ctx.body.body),
    user: ctx.state.actor,
    createdAt: now,
    updatedAt: now,
  };
  repo.comments.push(comment);
  const body = ctx.render.comment(repo, comment);
  return { status: 201, body, headers: { location: String(body.url) } };
};

const listComments: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const number = issueNumberOf(ctx, repo);
  const since = ctx.query.since === undefined ? undefined : Date.parse(String(ctx.query.since));
  const comments = repo.comments.filter(
    (c) => c.issueNumber === number && (since === undefined || Date.parse(c.updatedAt) >= since),
  );
  return list(ctx, comments, (c) => ctx.render.comment(repo, c));
};

const updateComment: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const id = Number(ctx.params.comment_id);
  // Comments of plain issues are not modelled, so every comment is on a pull request.
  const comment = repo.comments.find((c) => c.id === id);
  if (!comment) throw new HttpError(404, 'Not Found');
  comment.body = String(ctx.body.body);
  comment.updatedAt = ctx.state.now();
  return { status: 200, body: ctx.render.comment(repo, comment) };
};

/** Handlers by operationId of GitHub's OpenAPI description. */
// ---- actions ------------------------------------------------------------------------------

const getWorkflowRun: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const run = repo.workflowRuns.find((r) => r.id === Number(ctx.params.run_id));
  if (!run) throw new HttpError(404, 'Not Found');
  return { status: 200, body: ctx.render.workflowRun(repo, run) };
};

export const handlers: Readonly<Record<string, Handler>> = {
  'repos/get': getRepo,
  'repos/get-branch': getBranch,
  'git/get-ref': getRef,
  'git/create-ref': createRef,
  'git/update-ref': updateRef,
  'git/delete-ref': deleteRef,
  'git/create-blob': createBlob,
  'git/get-blob': getBlob,
  'git/create-tree': createTree,
  'git/get-tree': getTree,
  'git/create-commit': createCommit,
  'git/get-commit': getCommit,
  'repos/get-content': getContent,
  'repos/create-or-update-file-contents': putContent,
  'repos/create-deployment': createDeployment,
  'repos/list-deployments': listDeployments,
  'repos/get-deployment': getDeployment,
  'repos/delete-deployment': deleteDeployment,
  'repos/create-deployment-status': createDeploymentStatus,
  'repos/list-deployment-statuses': listDeploymentStatuses,
  'repos/get-deployment-status': getDeploymentStatus,
  'pulls/create': createPull,
  'pulls/list': listPulls,
  'pulls/get': getPull,
  'pulls/update': updatePull,
  'issues/add-labels': addLabels,
  'issues/list-labels-on-issue': listLabels,
  'issues/remove-label': removeLabel,
  'issues/create-comment': createComment,
  'issues/list-comments': listComments,
  'issues/update-comment': updateComment,
  'actions/get-workflow-run': getWorkflowRun,
};
