import type { Logger } from '../logger/index.js';
import { sleep } from '../util/sleep.js';
import type { Octokit } from './client.js';

/** GitHub refuses an issue or pull request body, or a comment, longer than this. */
export const GITHUB_BODY_LIMIT = 65_536;

// Comments are created without the client's retries (a retried POST can post twice); these are
// the attempts made instead, each after checking whether the previous one landed.
const CREATE_ATTEMPTS = 3;

/** The issue or pull request a comment goes on. */
export interface CommentTarget {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** Issue or pull request number. */
  issue: number;
  logger: Logger;
  /** Waits between create attempts; tests pass a shorter one. Default `attempt` seconds. */
  retryDelayMs?: (attempt: number) => number;
}

export interface IssueComment {
  id: number;
  url: string;
  body: string;
}

/**
 * A comment carries the marker when it starts with it. A person quoting the comment, or writing
 * about the marker, starts theirs with something else, so only MLEnv's own comments match.
 */
export function hasMarker(body: string | null | undefined, marker: string): boolean {
  return (body ?? '').trimStart().startsWith(marker);
}

/** The comments on the issue that carry the marker, oldest first, across every page. */
export async function findMarkedComments(
  t: CommentTarget,
  marker: string,
): Promise<IssueComment[]> {
  const found: IssueComment[] = [];
  for await (const { data } of t.octokit.paginate.iterator(t.octokit.rest.issues.listComments, {
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issue,
    per_page: 100,
  })) {
    for (const c of data) {
      if (hasMarker(c.body, marker)) found.push({ id: c.id, url: c.html_url, body: c.body ?? '' });
    }
  }
  return found;
}

/**
 * Posts a comment unless one with the marker exists. The POST is made without the client's
 * retries: a 502 that GitHub answers after creating the comment would otherwise post it twice.
 */
export async function createCommentOnce(
  t: CommentTarget,
  options: { marker: string; body: string; dryRun?: boolean },
): Promise<{ outcome: 'exists' | 'posted'; comment?: IssueComment }> {
  const { marker } = options;
  const body = fitComment(options.body);
  for (let attempt = 1; ; attempt++) {
    const [existing] = await findMarkedComments(t, marker);
    // Found after a failed attempt, it is that attempt, landed after all.
    if (existing) return { outcome: attempt > 1 ? 'posted' : 'exists', comment: existing };
    if (options.dryRun) return { outcome: 'posted' };
    const created = await tryCreate(t, body, attempt);
    if (created) return { outcome: 'posted', comment: created };
  }
}

export type UpsertAction = 'created' | 'updated' | 'unchanged' | 'none';

export interface UpsertResult {
  action: UpsertAction;
  /** The one marked comment as it now is; absent when `action` is `none`. */
  comment?: IssueComment;
}

/**
 * Keeps exactly one comment with the marker on the issue: updates it in place, or creates it.
 * `body` may be a function of the existing comment (to carry data over from it); returning
 * undefined there leaves the issue as it is. The body must start with the marker. A create that
 * fails with a 5xx is retried only after checking that the failed attempt did not land, so a
 * gateway timing out on a completed POST never leaves two comments.
 */
export async function upsertComment(
  t: CommentTarget,
  options: {
    marker: string;
    body:
      | string
      | ((existing: IssueComment | undefined) => string | undefined | Promise<string | undefined>);
  },
): Promise<UpsertResult> {
  const { marker } = options;
  const render = async (existing: IssueComment | undefined): Promise<string | undefined> => {
    const text = typeof options.body === 'function' ? await options.body(existing) : options.body;
    if (text === undefined) return undefined;
    if (!hasMarker(text, marker)) {
      // Without the marker first the next run would not find the comment and post another.
      throw new Error(`a marked comment must start with its marker ${marker}`);
    }
    return fitComment(text);
  };
  let marked = await findMarkedComments(t, marker);
  let body = await render(marked[0]);
  for (let attempt = 1; ; attempt++) {
    const [existing, ...extra] = marked;
    if (extra.length > 0) {
      t.logger.warning(
        `#${t.issue} has ${marked.length} comments marked ${marker}; updating the oldest (${existing?.url}) only`,
      );
    }
    if (body === undefined) return { action: existing ? 'unchanged' : 'none', comment: existing };
    if (existing) {
      if (existing.body === body) {
        // After a failed create this is that attempt, landed after all.
        return { action: attempt > 1 ? 'created' : 'unchanged', comment: existing };
      }
      // A PATCH is idempotent, so the client's own retries are safe here.
      const { data } = await t.octokit.rest.issues.updateComment({
        owner: t.owner,
        repo: t.repo,
        comment_id: existing.id,
        body,
      });
      return {
        action: 'updated',
        comment: { id: data.id, url: data.html_url, body: data.body ?? body },
      };
    }
    const created = await tryCreate(t, body, attempt);
    if (created) return { action: 'created', comment: created };
    marked = await findMarkedComments(t, marker);
    // A comment that is not the failed attempt appeared meanwhile (another run): render on it.
    if (marked[0] && marked[0].body !== body) body = await render(marked[0]);
  }
}

/**
 * One create attempt without the client's retries: the comment, or undefined after a 5xx that
 * may or may not have landed (the caller looks before trying again); throws on anything else.
 */
async function tryCreate(
  t: CommentTarget,
  body: string,
  attempt: number,
): Promise<IssueComment | undefined> {
  try {
    const { data } = await t.octokit.rest.issues.createComment({
      owner: t.owner,
      repo: t.repo,
      issue_number: t.issue,
      body,
      request: { retries: 0 },
    });
    return { id: data.id, url: data.html_url, body: data.body ?? body };
  } catch (error) {
    const status = statusOf(error) ?? 0;
    if (status < 500 || attempt >= CREATE_ATTEMPTS) throw error;
    t.logger.warning(
      `GitHub answered ${status} to the comment on #${t.issue}; checking whether it landed before attempt ${attempt + 1} of ${CREATE_ATTEMPTS}`,
    );
    const delay = t.retryDelayMs?.(attempt) ?? attempt * 1000;
    await sleep(delay);
    return undefined;
  }
}

/** A comment cut to GitHub's limit. The marker leads the comment, so cutting the end keeps it. */
export function fitComment(body: string): string {
  const tail = "\n\n_… cut to fit GitHub's limit._";
  return body.length <= GITHUB_BODY_LIMIT
    ? body
    : `${body.slice(0, GITHUB_BODY_LIMIT - tail.length)}${tail}`;
}

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}
