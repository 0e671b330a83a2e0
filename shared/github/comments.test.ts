import { describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import type { RepoRecord } from '../../action-tests/github-server/state.js';
import { createMemoryLogger } from '../logger/index.js';
import {
  type CommentTarget,
  createCommentOnce,
  fitComment,
  GITHUB_BODY_LIMIT,
  hasMarker,
  upsertComment,
} from './comments.js';
import { OWNER as owner, useLocalGithub } from './testing/local-github.js';

const MARKER = '<!-- mlenv:test-report -->';
const COMMENTS = '/repos/{owner}/{repo}/issues/{issue_number}/comments';

describe('marked comments on the local GitHub', () => {
  const github = useLocalGithub();

  /** A repository with pull request #1, as a fresh target. */
  async function pullRequest(client: Octokit = github.octokit) {
    const { repo, record } = await github.pullRequest();
    const logger = createMemoryLogger();
    const target: CommentTarget = {
      octokit: client,
      owner,
      repo,
      issue: 1,
      logger,
      retryDelayMs: () => 5,
    };
    return { repo, record, logger, target };
  }

  /** Comments straight into the fake's state: a long discussion without a request each. */
  function seedComments(record: RepoRecord, bodies: string[]): void {
    for (const body of bodies) {
      const id = github.server.state.nextId();
      const now = github.server.state.now();
      record.comments.push({
        id,
        nodeId: github.server.state.nodeId('IC', id),
        issueNumber: 1,
        body,
        user: github.server.state.user('someone'),
        createdAt: now,
        updatedAt: now,
      });
    }
  }

  const marked = (record: RepoRecord) => record.comments.filter((c) => hasMarker(c.body, MARKER));

  it('creates the comment, then updates that same comment, then leaves it unchanged', async () => {
    const { record, target } = await pullRequest();
    const first = await upsertComment(target, { marker: MARKER, body: `${MARKER}\none` });
    expect(first.action).toBe('created');
    expect(first.comment?.url).toMatch(/\/pull\/1#issuecomment-\d+$/);

    const second = await upsertComment(target, { marker: MARKER, body: `${MARKER}\ntwo` });
    expect(second).toMatchObject({ action: 'updated', comment: { id: first.comment?.id } });
    expect(marked(record).map((c) => c.body)).toEqual([`${MARKER}\ntwo`]);

    const third = await upsertComment(target, { marker: MARKER, body: `${MARKER}\ntwo` });
    expect(third).toMatchObject({ action: 'unchanged', comment: { id: first.comment?.id } });
    expect(record.comments).toHaveLength(1);
  });

  it('renders from the existing comment, and may decline to post', async () => {
    const { record, target } = await pullRequest();
    const none = await upsertComment(target, { marker: MARKER, body: () => undefined });
    expect(none).toEqual({ action: 'none', comment: undefined });
    expect(record.comments).toEqual([]);

    await upsertComment(target, { marker: MARKER, body: `${MARKER}\nv1` });
    const seen: (string | undefined)[] = [];
    const next = await upsertComment(target, {
      marker: MARKER,
      body: async (existing) => {
        seen.push(existing?.body);
        return `${existing?.body}\nv2`;
      },
    });
    expect(seen).toEqual([`${MARKER}\nv1`]);
    expect(next.action).toBe('updated');
    expect(record.comments[0]?.body).toBe(`${MARKER}\nv1\nv2`);
  });

  it('finds its comment past the first page of a long discussion', async () => {
    const { record, target } = await pullRequest();
    seedComments(
      record,
      Array.from({ length: 130 }, (_, i) => `comment ${i}`),
    );
    seedComments(record, [`${MARKER}\nold report`]);
    seedComments(record, ['one more']);
    const mark = github.server.requests.length;
    const result = await upsertComment(target, { marker: MARKER, body: `${MARKER}\nnew report` });
    expect(result.action).toBe('updated');
    expect(record.comments).toHaveLength(132);
    expect(marked(record).map((c) => c.body)).toEqual([`${MARKER}\nnew report`]);
    const lists = github.server.requests
      .slice(mark)
      .filter((r) => r.operationId === 'issues/list-comments');
    expect(lists.map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
    expect(lists.every((r) => r.query.per_page === '100')).toBe(true);
  });

  it("ignores comments that quote the marker or carry it later, and people's own", async () => {
    const { record, target } = await pullRequest();
    seedComments(record, [`> ${MARKER}\n> quoted`, `About ${MARKER}`]);
    const result = await upsertComment(target, { marker: MARKER, body: `${MARKER}\nreport` });
    expect(result.action).toBe('created');
    expect(record.comments.map((c) => c.body)).toEqual([
      `> ${MARKER}\n> quoted`,
      `About ${MARKER}`,
      `${MARKER}\nreport`,
    ]);
  });

  it('refuses a body that does not start with the marker (the next run would post another)', async () => {
    const { record, target } = await pullRequest();
    await expect(upsertComment(target, { marker: MARKER, body: 'no marker' })).rejects.toThrow(
      /must start with its marker/,
    );
    expect(record.comments).toEqual([]);
  });

  it('cuts a body over GitHub’s limit, keeping the marker', async () => {
    const { record, target } = await pullRequest();
    const long = `${MARKER}\n${'x'.repeat(GITHUB_BODY_LIMIT)}`;
    await upsertComment(target, { marker: MARKER, body: long });
    const body = record.comments[0]?.body ?? '';
    expect(body.length).toBe(GITHUB_BODY_LIMIT);
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toBe(fitComment(long));
  });

  describe('with the real client, when GitHub fails the POST', () => {
    it('posts once when a 502 answers a POST that GitHub did complete', async () => {
      const client = await github.client();
      const { record, target, logger } = await pullRequest(client);
      github.server.faults.inject({
        kind: 'server-error',
        status: 502,
        method: 'POST',
        path: COMMENTS,
        applied: true,
      });
      const mark = github.server.requests.length;
      const result = await upsertComment(target, { marker: MARKER, body: `${MARKER}\nreport` });
      expect(result.action).toBe('created');
      expect(record.comments).toHaveLength(1);
      expect(result.comment?.id).toBe(record.comments[0]?.id);
      const posts = github.server.requests
        .slice(mark)
        .filter((r) => r.method === 'POST' && r.route === COMMENTS);
      // One POST only: the client did not retry it, and the check found it had landed.
      expect(posts.map((r) => [r.status, r.applied])).toEqual([[502, true]]);
      expect(logger.lines.filter((l) => l.includes('checking whether it landed'))).toHaveLength(1);
    });

    it('posts again when the failed POST did not land, and gives up after three', async () => {
      const client = await github.client();
      const { record, target } = await pullRequest(client);
      github.server.faults.inject({
        kind: 'server-error',
        status: 503,
        method: 'POST',
        path: COMMENTS,
      });
      const result = await upsertComment(target, { marker: MARKER, body: `${MARKER}\nreport` });
      expect(result.action).toBe('created');
      expect(record.comments).toHaveLength(1);

      // The bare client: the real one paces writes, and three failing POSTs make the point.
      const other = await pullRequest();
      github.server.faults.inject({
        kind: 'server-error',
        status: 500,
        method: 'POST',
        path: COMMENTS,
        times: 3,
      });
      await expect(
        upsertComment(other.target, { marker: MARKER, body: `${MARKER}\nreport` }),
      ).rejects.toMatchObject({ status: 500 });
      expect(other.record.comments).toEqual([]);
      github.server.faults.clear();
    });

    it('createCommentOnce posts once, and not again when the comment exists', async () => {
      const client = await github.client();
      const { record, target } = await pullRequest(client);
      github.server.faults.inject({
        kind: 'server-error',
        status: 504,
        method: 'POST',
        path: COMMENTS,
        applied: true,
      });
      const first = await createCommentOnce(target, { marker: MARKER, body: `${MARKER}\nhi` });
      expect(first).toMatchObject({ outcome: 'posted', comment: { id: record.comments[0]?.id } });
      const again = await createCommentOnce(target, { marker: MARKER, body: `${MARKER}\nhi` });
      expect(again).toMatchObject({ outcome: 'exists', comment: { id: record.comments[0]?.id } });
      expect(record.comments).toHaveLength(1);
      const dry = await pullRequest(client);
      expect(
        await createCommentOnce(dry.target, { marker: MARKER, body: MARKER, dryRun: true }),
      ).toEqual({ outcome: 'posted' });
      expect(dry.record.comments).toEqual([]);
    });
  });

  it('sent nothing the description forbids', () => {
    expect(github.server.violations()).toEqual([]);
  });
});
