import { createGithubClient } from '../../../shared/github/client.js';
import type { PullRequestState } from '../../../shared/gpu/index.js';
import type { Logger } from '../../../shared/logger/index.js';

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
  logger: Logger,
): Promise<PullRequestState> {
  const [owner, repo] = ref.repository.split('/');
  if (!owner || !repo) throw new Error(`not a repository: ${ref.repository}`);
  // Loaded only for fork pull requests: every other run starts without Octokit.
  const octokit = await createGithubClient({ token, logger });
  const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: ref.number });
  return {
    headSha: data.head.sha,
    labels: data.labels.map((label) => label.name ?? '').filter((name) => name !== ''),
  };
}
