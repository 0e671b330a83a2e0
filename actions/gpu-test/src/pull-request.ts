import { checkToken } from '../../../shared/errors/index.js';
import type { PullRequestState } from '../../../shared/gpu/index.js';

interface PullRequestRef {
  /** owner/name of the repository the pull request targets. */
  repository: string;
  number: number;
}

interface ForkPayload {
  pull_request?: {
    number?: number;
    head?: { repo?: { full_name?: string } | null };
    base?: { repo?: { full_name?: string } | null };
  };
}

/**
 * The pull request to look up when the event comes from a fork; null for same-repository pull
 * requests and other events, which never need the API (and so never load Octokit).
 */
export function forkPullRequest(payload: unknown): PullRequestRef | null {
  const pr = (payload as ForkPayload | null)?.pull_request;
  const base = pr?.base?.repo?.full_name;
  if (!pr || typeof pr.number !== 'number' || !base) return null;
  if (pr.head?.repo?.full_name === base) return null;
  return { repository: base, number: pr.number };
}

/**
 * The pull request's head commit and labels as they are now: the event payload is a snapshot,
 * and a push after the approval label must void the approval.
 */
export async function fetchPullRequestState(
  token: string,
  ref: PullRequestRef,
): Promise<PullRequestState> {
  checkToken(token, 'Input "github-token"');
  const [owner, repo] = ref.repository.split('/');
  if (!owner || !repo) throw new Error(`not a repository: ${ref.repository}`);
  // Loaded only for fork pull requests: every other run starts without it.
  const { Octokit } = await import('@octokit/rest');
  const octokit = new Octokit({ auth: token, baseUrl: process.env.GITHUB_API_URL });
  const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: ref.number });
  return {
    headSha: data.head.sha,
    labels: data.labels.map((label) => label.name ?? '').filter((name) => name !== ''),
  };
}
