import { ObjectStore, type Signature } from './git.js';

export interface UserRecord {
  id: number;
  nodeId: string;
  login: string;
  type: 'User' | 'Organization' | 'Bot';
  name: string;
  email: string;
}

export type DeploymentState =
  | 'error'
  | 'failure'
  | 'inactive'
  | 'in_progress'
  | 'queued'
  | 'pending'
  | 'success';

export interface DeploymentStatusRecord {
  id: number;
  nodeId: string;
  state: DeploymentState;
  creator: UserRecord;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentRecord {
  id: number;
  nodeId: string;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: UserRecord;
  createdAt: string;
  updatedAt: string;
  transient: boolean;
  production: boolean;
  /** Oldest first. */
  statuses: DeploymentStatusRecord[];
}

export interface PullRecord {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  locked: boolean;
  /** Owner of the head branch's repository (`owner` of `owner:branch`). */
  headOwner: string;
  headRef: string;
  /** The head commit when the pull request was closed; open ones follow their branch. */
  closedHeadSha?: string;
  baseRef: string;
  user: UserRecord;
  maintainerCanModify: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface LabelRecord {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface CommentRecord {
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  user: UserRecord;
  createdAt: string;
  updatedAt: string;
}

/** A GitHub Actions workflow run, as far as MLEnv reads one (its status). */
export interface WorkflowRunRecord {
  id: number;
  nodeId: string;
  runNumber: number;
  runAttempt: number;
  name: string;
  path: string;
  workflowId: number;
  event: string;
  headBranch: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RepoRecord {
  id: number;
  nodeId: string;
  owner: UserRecord;
  name: string;
  description: string | null;
  private: boolean;
  defaultBranch: string;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  git: ObjectStore;
  /** Full ref names (`refs/heads/main`) to commit shas. */
  refs: Map<string, string>;
  deployments: DeploymentRecord[];
  pulls: PullRecord[];
  labels: Map<string, LabelRecord>;
  /** Issue or pull request number to the names of its labels, in the order they were added. */
  issueLabels: Map<number, string[]>;
  comments: CommentRecord[];
  workflowRuns: WorkflowRunRecord[];
  /** Issues and pull requests share one sequence, as on GitHub. */
  nextIssueNumber: number;
}

export interface SeedRepoOptions {
  owner: string;
  repo: string;
  defaultBranch?: string;
  /** Files of the initial commit, path to content. Default: a README. */
  files?: Record<string, string | Buffer>;
  description?: string;
  private?: boolean;
  ownerType?: 'User' | 'Organization';
}

export interface PushOptions {
  owner: string;
  repo: string;
  branch: string;
  /** Files to add or change (content) or delete (null), on top of the branch's tree. */
  files: Record<string, string | Buffer | null>;
  message?: string;
}

/** The authenticated identity every request acts as (a token does not pick a user). */
const ACTOR = { login: 'mlenv-bot', name: 'MLEnv Bot', type: 'User' } as const;

/** Everything the fake GitHub knows: users, repositories and what they contain. */
export class GithubState {
  readonly users = new Map<string, UserRecord>();
  readonly repos = new Map<string, RepoRecord>();
  readonly actor: UserRecord;
  private lastId = 1000;

  /** `clock` lets tests control timestamps; GitHub's are whole seconds. */
  constructor(private readonly clock: () => Date = () => new Date()) {
    this.actor = this.user(ACTOR.login, ACTOR.type, ACTOR.name);
  }

  now(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  /** GitHub's ids are unique across kinds; one sequence models that. */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** An opaque global node id, shaped like GitHub's (`DE_kwDO…`). */
  nodeId(prefix: string, id: number): string {
    return `${prefix}_kwDO${Buffer.from(`${prefix}:${id}`).toString('base64url')}`;
  }

  user(login: string, type: UserRecord['type'] = 'User', name = login): UserRecord {
    let user = this.users.get(login.toLowerCase());
    if (!user) {
      const id = this.nextId();
      user = {
        id,
        nodeId: this.nodeId(type === 'Organization' ? 'O' : 'U', id),
        login,
        type,
        name,
        email: `${id}+${login}@users.noreply.github.com`,
      };
      this.users.set(login.toLowerCase(), user);
    }
    return user;
  }

  /** GitHub matches owner and repository names case-insensitively. */
  getRepo(owner: string, repo: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${repo}`.toLowerCase());
  }

  /** Creates a repository with one commit on its default branch; returns that commit's sha. */
  seedRepo(options: SeedRepoOptions): { repo: RepoRecord; headSha: string } {
    if (this.getRepo(options.owner, options.repo)) {
      throw new Error(`repository ${options.owner}/${options.repo} is already seeded`);
    }
    const now = this.now();
    const id = this.nextId();
    const defaultBranch = options.defaultBranch ?? 'main';
    const repo: RepoRecord = {
      id,
      nodeId: this.nodeId('R', id),
      owner: this.user(options.owner, options.ownerType ?? 'Organization'),
      name: options.repo,
      description: options.description ?? null,
      private: options.private ?? true,
      defaultBranch,
      createdAt: now,
      updatedAt: now,
      pushedAt: now,
      git: new ObjectStore(),
      refs: new Map(),
      deployments: [],
      pulls: [],
      labels: new Map(),
      issueLabels: new Map(),
      comments: [],
      workflowRuns: [],
      nextIssueNumber: 1,
    };
    this.repos.set(`${options.owner}/${options.repo}`.toLowerCase(), repo);
    const files = options.files ?? { 'README.md': `# ${options.repo}\n` };
    const tree = repo.git.buildTree(
      new Map(
        Object.entries(files).map(([path, content]) => [
          path,
          { mode: '100644', type: 'blob', sha: repo.git.writeBlob(toBuffer(content)) },
        ]),
      ),
    );
    const commit = repo.git.writeCommit({
      tree,
      parents: [],
      message: 'Initial commit',
      author: this.signature(repo.owner),
      committer: this.signature(repo.owner),
    });
    repo.refs.set(`refs/heads/${defaultBranch}`, commit.sha);
    return { repo, headSha: commit.sha };
  }

  /**
   * Makes a commit made elsewhere (a local clone that a workflow under act runs on) known here, on
   * top of a branch, with that branch's files: GitHub knows every commit a runner checks out.
   */
  adoptCommit(options: { owner: string; repo: string; sha: string; branch?: string }): void {
    const repo = this.getRepo(options.owner, options.repo);
    if (!repo) throw new Error(`no repository ${options.owner}/${options.repo}`);
    const ref = `refs/heads/${options.branch ?? repo.defaultBranch}`;
    const parent = repo.refs.get(ref) ?? repo.refs.get(`refs/heads/${repo.defaultBranch}`);
    const parentCommit = parent ? repo.git.commits.get(parent) : undefined;
    if (!parentCommit) throw new Error(`no commit on ${ref} to adopt ${options.sha} onto`);
    repo.git.commits.set(options.sha, {
      ...parentCommit,
      sha: options.sha,
      parents: parent ? [parent] : [],
      message: 'Pushed from a local clone',
    });
    repo.refs.set(ref, options.sha);
  }

  /** Commits files on top of a branch (creating it from the default branch when missing). */
  push(options: PushOptions): string {
    const repo = this.getRepo(options.owner, options.repo);
    if (!repo) throw new Error(`no repository ${options.owner}/${options.repo}`);
    const ref = `refs/heads/${options.branch}`;
    const parent = repo.refs.get(ref) ?? repo.refs.get(`refs/heads/${repo.defaultBranch}`);
    const parentCommit = parent ? repo.git.commits.get(parent) : undefined;
    const files = parentCommit ? repo.git.flatten(parentCommit.tree) : new Map();
    for (const [path, content] of Object.entries(options.files)) {
      if (content === null) files.delete(path);
      else
        files.set(path, {
          mode: '100644',
          type: 'blob',
          sha: repo.git.writeBlob(toBuffer(content)),
        });
    }
    const commit = repo.git.writeCommit({
      tree: repo.git.buildTree(files),
      parents: parent ? [parent] : [],
      message: options.message ?? `Update ${Object.keys(options.files).join(', ')}`,
      author: this.signature(this.actor),
      committer: this.signature(this.actor),
    });
    repo.refs.set(ref, commit.sha);
    repo.pushedAt = this.now();
    return commit.sha;
  }

  /**
   * Records a workflow run of a repository's default branch head (GitHub's runs come from
   * workflows running; the fake runs none), to be read with GET /repos/{o}/{r}/actions/runs/{id}.
   * Change its status later through the returned record.
   */
  addWorkflowRun(options: {
    owner: string;
    repo: string;
    status?: WorkflowRunRecord['status'];
    conclusion?: string | null;
    path?: string;
  }): WorkflowRunRecord {
    const repo = this.getRepo(options.owner, options.repo);
    if (!repo) throw new Error(`no repository ${options.owner}/${options.repo}`);
    const headSha = repo.refs.get(`refs/heads/${repo.defaultBranch}`);
    if (!headSha) throw new Error(`no commit on ${repo.defaultBranch}`);
    const id = this.nextId();
    const now = this.now();
    const path = options.path ?? '.github/workflows/train.yml';
    const run: WorkflowRunRecord = {
      id,
      nodeId: this.nodeId('WFR', id),
      runNumber: repo.workflowRuns.length + 1,
      runAttempt: 1,
      name: path.replace(/^.*\//, '').replace(/\.ya?ml$/, ''),
      path,
      workflowId: 4242,
      event: 'push',
      headBranch: repo.defaultBranch,
      headSha,
      status: options.status ?? 'in_progress',
      conclusion: options.conclusion ?? null,
      createdAt: now,
      updatedAt: now,
    };
    repo.workflowRuns.push(run);
    return run;
  }

  signature(user: UserRecord, date: string = this.now()): Signature {
    return { name: user.name, email: user.email, date };
  }

  /** A branch name, tag name or commit sha (full or abbreviated) to a commit sha. */
  resolveCommitish(repo: RepoRecord, ref: string): string | undefined {
    for (const full of [ref, `refs/heads/${ref}`, `refs/tags/${ref}`]) {
      const sha = repo.refs.get(full);
      if (sha) return sha;
    }
    if (/^[0-9a-f]{7,40}$/.test(ref)) {
      for (const sha of repo.git.commits.keys()) if (sha.startsWith(ref)) return sha;
    }
    return undefined;
  }
}

export function toBuffer(content: string | Buffer): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}
