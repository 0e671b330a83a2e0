import type { CommitObject, TreeEntry } from './git.js';
import type {
  CommentRecord,
  DeploymentRecord,
  DeploymentStatusRecord,
  LabelRecord,
  PullRecord,
  RepoRecord,
  UserRecord,
  WorkflowRunRecord,
} from './state.js';

/**
 * The JSON representations GitHub answers with. Every URL is built on the server's own address
 * (API at its root, "web" pages below it), so links a client follows come back to the fake.
 */
export class Render {
  constructor(readonly base: string) {}

  repoUrl(repo: RepoRecord): string {
    return `${this.base}/repos/${repo.owner.login}/${repo.name}`;
  }

  htmlUrl(repo: RepoRecord): string {
    return `${this.base}/${repo.owner.login}/${repo.name}`;
  }

  user(user: UserRecord): Record<string, unknown> {
    const url = `${this.base}/users/${user.login}`;
    return {
      login: user.login,
      id: user.id,
      node_id: user.nodeId,
      avatar_url: `${this.base}/avatars/u/${user.id}`,
      gravatar_id: '',
      url,
      html_url: `${this.base}/${user.login}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: user.type,
      user_view_type: 'public',
      site_admin: false,
    };
  }

  /** `full` adds what only GET /repos/{owner}/{repo} returns (full-repository). */
  repo(repo: RepoRecord, full = false): Record<string, unknown> {
    const url = this.repoUrl(repo);
    const html = this.htmlUrl(repo);
    const host = new URL(this.base).host;
    const openIssues = repo.pulls.filter((p) => p.state === 'open').length;
    const json: Record<string, unknown> = {
      id: repo.id,
      node_id: repo.nodeId,
      name: repo.name,
      full_name: `${repo.owner.login}/${repo.name}`,
      private: repo.private,
      owner: this.user(repo.owner),
      html_url: html,
      description: repo.description,
      fork: false,
      url,
      archive_url: `${url}/{archive_format}{/ref}`,
      assignees_url: `${url}/assignees{/user}`,
      blobs_url: `${url}/git/blobs{/sha}`,
      branches_url: `${url}/branches{/branch}`,
      collaborators_url: `${url}/collaborators{/collaborator}`,
      comments_url: `${url}/comments{/number}`,
      commits_url: `${url}/commits{/sha}`,
      compare_url: `${url}/compare/{base}...{head}`,
      contents_url: `${url}/contents/{+path}`,
      contributors_url: `${url}/contributors`,
      deployments_url: `${url}/deployments`,
      downloads_url: `${url}/downloads`,
      events_url: `${url}/events`,
      forks_url: `${url}/forks`,
      git_commits_url: `${url}/git/commits{/sha}`,
      git_refs_url: `${url}/git/refs{/sha}`,
      git_tags_url: `${url}/git/tags{/sha}`,
      git_url: `git://${host}/${repo.owner.login}/${repo.name}.git`,
      issue_comment_url: `${url}/issues/comments{/number}`,
      issue_events_url: `${url}/issues/events{/number}`,
      issues_url: `${url}/issues{/number}`,
      keys_url: `${url}/keys{/key_id}`,
      labels_url: `${url}/labels{/name}`,
      languages_url: `${url}/languages`,
      merges_url: `${url}/merges`,
      milestones_url: `${url}/milestones{/number}`,
      notifications_url: `${url}/notifications{?since,all,participating}`,
      pulls_url: `${url}/pulls{/number}`,
      releases_url: `${url}/releases{/id}`,
      ssh_url: `git@${host}:${repo.owner.login}/${repo.name}.git`,
      stargazers_url: `${url}/stargazers`,
      statuses_url: `${url}/statuses/{sha}`,
      subscribers_url: `${url}/subscribers`,
      subscription_url: `${url}/subscription`,
      tags_url: `${url}/tags`,
      teams_url: `${url}/teams`,
      trees_url: `${url}/git/trees{/sha}`,
      clone_url: `${html}.git`,
      mirror_url: null,
      hooks_url: `${url}/hooks`,
      svn_url: html,
      homepage: null,
      language: 'Python',
      forks_count: 0,
      forks: 0,
      stargazers_count: 0,
      watchers_count: 0,
      watchers: 0,
      size: 0,
      default_branch: repo.defaultBranch,
      open_issues_count: openIssues,
      open_issues: openIssues,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: false,
      has_wiki: false,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      visibility: repo.private ? 'private' : 'public',
      pushed_at: repo.pushedAt,
      created_at: repo.createdAt,
      updated_at: repo.updatedAt,
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      allow_forking: false,
      web_commit_signoff_required: false,
      license: null,
    };
    if (full) {
      json.network_count = 0;
      json.subscribers_count = 0;
      json.allow_auto_merge = false;
      json.delete_branch_on_merge = false;
      json.allow_merge_commit = true;
      json.allow_squash_merge = true;
      json.allow_rebase_merge = true;
    }
    return json;
  }

  deployment(repo: RepoRecord, d: DeploymentRecord): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/deployments/${d.id}`;
    return {
      url,
      id: d.id,
      node_id: d.nodeId,
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      payload: d.payload,
      original_environment: d.originalEnvironment,
      environment: d.environment,
      description: d.description,
      creator: this.user(d.creator),
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      statuses_url: `${url}/statuses`,
      repository_url: this.repoUrl(repo),
      transient_environment: d.transient,
      production_environment: d.production,
      performed_via_github_app: null,
    };
  }

  deploymentStatus(
    repo: RepoRecord,
    d: DeploymentRecord,
    s: DeploymentStatusRecord,
  ): Record<string, unknown> {
    const deploymentUrl = `${this.repoUrl(repo)}/deployments/${d.id}`;
    return {
      url: `${deploymentUrl}/statuses/${s.id}`,
      id: s.id,
      node_id: s.nodeId,
      state: s.state,
      creator: this.user(s.creator),
      description: s.description,
      environment: s.environment,
      target_url: s.targetUrl,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      deployment_url: deploymentUrl,
      repository_url: this.repoUrl(repo),
      environment_url: s.environmentUrl,
      log_url: s.logUrl,
      performed_via_github_app: null,
    };
  }

  label(repo: RepoRecord, label: LabelRecord): Record<string, unknown> {
    return {
      id: label.id,
      node_id: label.nodeId,
      url: `${this.repoUrl(repo)}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      color: label.color,
      default: label.default,
      description: label.description,
    };
  }

  comment(repo: RepoRecord, c: CommentRecord): Record<string, unknown> {
    const isPull = repo.pulls.some((p) => p.number === c.issueNumber);
    return {
      id: c.id,
      node_id: c.nodeId,
      url: `${this.repoUrl(repo)}/issues/comments/${c.id}`,
      html_url: `${this.htmlUrl(repo)}/${isPull ? 'pull' : 'issues'}/${c.issueNumber}#issuecomment-${c.id}`,
      body: c.body,
      user: this.user(c.user),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      issue_url: `${this.repoUrl(repo)}/issues/${c.issueNumber}`,
      author_association: c.user.login === repo.owner.login ? 'OWNER' : 'MEMBER',
      performed_via_github_app: null,
    };
  }

  /** A pull request; `stats` adds what only create/get/update return (mergeability, diff size). */
  pull(
    repo: RepoRecord,
    p: PullRecord,
    headSha: string,
    baseSha: string,
    stats?: { commits: number; additions: number; deletions: number; changedFiles: number },
  ): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/pulls/${p.number}`;
    const html = `${this.htmlUrl(repo)}/pull/${p.number}`;
    const issueUrl = `${this.repoUrl(repo)}/issues/${p.number}`;
    const statusesUrl = `${this.repoUrl(repo)}/statuses/${headSha}`;
    const labels = (repo.issueLabels.get(p.number) ?? [])
      .map((name) => repo.labels.get(name.toLowerCase()))
      .filter((l): l is LabelRecord => l !== undefined)
      // The pull request schemas type a label's description as a plain string, unlike the
      // label schema (nullable): GitHub's own null would break the description here.
      .map((l) => ({ ...this.label(repo, l), description: l.description ?? '' }));
    const side = (ref: string, sha: string): Record<string, unknown> => ({
      label: `${repo.owner.login}:${ref}`,
      ref,
      sha,
      user: this.user(repo.owner),
      repo: this.repo(repo),
    });
    const json: Record<string, unknown> = {
      url,
      id: p.id,
      node_id: p.nodeId,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issueUrl,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${this.repoUrl(repo)}/pulls/comments{/number}`,
      comments_url: `${issueUrl}/comments`,
      statuses_url: statusesUrl,
      number: p.number,
      state: p.state,
      locked: p.locked,
      title: p.title,
      user: this.user(p.user),
      body: p.body,
      labels,
      milestone: null,
      active_lock_reason: null,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      closed_at: p.closedAt,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: side(p.headRef, headSha),
      base: side(p.baseRef, baseSha),
      _links: {
        self: { href: url },
        html: { href: html },
        issue: { href: issueUrl },
        comments: { href: `${issueUrl}/comments` },
        review_comments: { href: `${url}/comments` },
        review_comment: { href: `${this.repoUrl(repo)}/pulls/comments{/number}` },
        commits: { href: `${url}/commits` },
        statuses: { href: statusesUrl },
      },
      author_association: p.user.login === repo.owner.login ? 'OWNER' : 'MEMBER',
      auto_merge: null,
      draft: p.draft,
    };
    if (stats) {
      Object.assign(json, {
        merged: false,
        mergeable: p.state === 'open' ? true : null,
        rebaseable: p.state === 'open' ? true : null,
        mergeable_state: p.state === 'open' ? 'clean' : 'unknown',
        merged_by: null,
        comments: repo.comments.filter((c) => c.issueNumber === p.number).length,
        review_comments: 0,
        maintainer_can_modify: p.maintainerCanModify,
        commits: stats.commits,
        additions: stats.additions,
        deletions: stats.deletions,
        changed_files: stats.changedFiles,
      });
    }
    return json;
  }

  ref(repo: RepoRecord, ref: string, sha: string): Record<string, unknown> {
    return {
      ref,
      node_id: `REF_kwDO${Buffer.from(`${repo.id}:${ref}`).toString('base64url')}`,
      url: `${this.repoUrl(repo)}/git/${ref}`,
      object: { type: 'commit', sha, url: `${this.repoUrl(repo)}/git/commits/${sha}` },
    };
  }

  workflowRun(repo: RepoRecord, r: WorkflowRunRecord): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/actions/runs/${r.id}`;
    const commit = repo.git.commits.get(r.headSha);
    return {
      id: r.id,
      name: r.name,
      node_id: r.nodeId,
      head_branch: r.headBranch,
      head_sha: r.headSha,
      path: r.path,
      display_title: commit?.message.split('\n')[0] ?? r.name,
      run_number: r.runNumber,
      run_attempt: r.runAttempt,
      event: r.event,
      status: r.status,
      conclusion: r.conclusion,
      workflow_id: r.workflowId,
      url,
      html_url: `${this.htmlUrl(repo)}/actions/runs/${r.id}`,
      pull_requests: [],
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      run_started_at: r.createdAt,
      actor: this.user(repo.owner),
      triggering_actor: this.user(repo.owner),
      jobs_url: `${url}/jobs`,
      logs_url: `${url}/logs`,
      check_suite_url: `${this.repoUrl(repo)}/check-suites/${r.id}`,
      artifacts_url: `${url}/artifacts`,
      cancel_url: `${url}/cancel`,
      rerun_url: `${url}/rerun`,
      workflow_url: `${this.repoUrl(repo)}/actions/workflows/${r.workflowId}`,
      head_commit: commit
        ? {
            id: commit.sha,
            tree_id: commit.tree,
            message: commit.message,
            timestamp: commit.committer.date,
            author: { name: commit.author.name, email: commit.author.email },
            committer: { name: commit.committer.name, email: commit.committer.email },
          }
        : null,
      repository: this.repo(repo),
      head_repository: this.repo(repo),
    };
  }

  gitCommit(repo: RepoRecord, c: CommitObject): Record<string, unknown> {
    return {
      sha: c.sha,
      node_id: `C_kwDO${Buffer.from(c.sha, 'hex').toString('base64url')}`,
      url: `${this.repoUrl(repo)}/git/commits/${c.sha}`,
      html_url: `${this.htmlUrl(repo)}/commit/${c.sha}`,
      author: c.author,
      committer: c.committer,
      tree: { sha: c.tree, url: `${this.repoUrl(repo)}/git/trees/${c.tree}` },
      message: c.message,
      parents: c.parents.map((sha) => ({
        sha,
        url: `${this.repoUrl(repo)}/git/commits/${sha}`,
        html_url: `${this.htmlUrl(repo)}/commit/${sha}`,
      })),
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    };
  }

  /** The `commit` schema of the commits and branches APIs (a commit with its git commit). */
  commit(repo: RepoRecord, c: CommitObject): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/commits/${c.sha}`;
    const git = this.gitCommit(repo, c);
    return {
      sha: c.sha,
      node_id: git.node_id,
      url,
      html_url: `${this.htmlUrl(repo)}/commit/${c.sha}`,
      comments_url: `${url}/comments`,
      commit: {
        url: git.url,
        author: c.author,
        committer: c.committer,
        message: c.message,
        comment_count: 0,
        tree: git.tree,
        verification: git.verification,
      },
      // GitHub links commit authors to accounts by email; the fake's authors have none.
      author: null,
      committer: null,
      parents: git.parents,
    };
  }

  tree(repo: RepoRecord, sha: string, entries: TreeEntry[], sizes: Map<string, number>) {
    return {
      sha,
      url: `${this.repoUrl(repo)}/git/trees/${sha}`,
      tree: entries.map((e) => ({
        path: e.path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(e.type === 'blob' ? { size: sizes.get(e.sha) ?? 0 } : {}),
        url: `${this.repoUrl(repo)}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`,
      })),
      truncated: false,
    };
  }

  /** An entry of the contents API; `content` is given for a single file. */
  contentEntry(
    repo: RepoRecord,
    path: string,
    entry: Omit<TreeEntry, 'path'>,
    ref: string,
    size: number,
    content?: Buffer,
  ): Record<string, unknown> {
    const type = entry.type === 'tree' ? 'dir' : entry.type === 'commit' ? 'submodule' : 'file';
    const url = `${this.repoUrl(repo)}/contents/${path}?ref=${encodeURIComponent(ref)}`;
    const gitUrl = `${this.repoUrl(repo)}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`;
    const htmlUrl = `${this.htmlUrl(repo)}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${path}`;
    return {
      type,
      ...(content ? { encoding: 'base64', content: wrappedBase64(content) } : {}),
      size: type === 'file' ? size : 0,
      name: path.split('/').pop() ?? path,
      path,
      sha: entry.sha,
      url,
      git_url: gitUrl,
      html_url: htmlUrl,
      download_url:
        type === 'file' ? `${this.base}/raw/${repo.owner.login}/${repo.name}/${ref}/${path}` : null,
      _links: { self: url, git: gitUrl, html: htmlUrl },
    };
  }
}

/** GitHub wraps base64 content at 60 characters. */
export function wrappedBase64(content: Buffer): string {
  const text = content.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 60) lines.push(text.slice(i, i + 60));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
