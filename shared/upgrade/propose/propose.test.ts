import { describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import type { RecordedRequest } from '../../../action-tests/github-server/server.js';
import type { RepoRecord } from '../../../action-tests/github-server/state.js';
import { ConfigurationError } from '../../errors/index.js';
import { OWNER as owner, useLocalGithub } from '../../github/testing/local-github.js';
import { createMemoryLogger } from '../../logger/index.js';
import { type ProposedGroup, proposeUpgrade } from './propose.js';
import { readPlanMarker, renderPullRequestBody } from './pull-request-body.js';
import { parseUpgradeTrailers } from './trailers.js';

const branch = 'mlenv/upgrade/pytorch';
const LOCK = 'environment/requirements.lock';
const IN = 'environment/requirements.in';

describe('proposeUpgrade on the local GitHub', () => {
  const github = useLocalGithub();

  /** A fresh repository per test, so that each starts from a known state. */
  function seed(): { repo: string; record: RepoRecord; baseHead: string } {
    const { repo, record, headSha } = github.seedRepo({
      'README.md': '# ml\n',
      [IN]: 'torch==2.5.1\ntorchvision==0.20.1\n',
      [LOCK]: 'torch==2.5.1\ntorchvision==0.20.1\n',
    });
    return { repo, record, baseHead: headSha };
  }

  function proposal(plan = 'p1', overrides: Partial<ProposedGroup> = {}): ProposedGroup {
    const to = plan === 'p1' ? '2.6.0' : `2.6.${plan.length}${plan.at(-1)}`;
    return {
      group: 'pytorch',
      title: `Upgrade pytorch: torch 2.5.1 → ${to}, torchvision 0.20.1 → 0.21.0`,
      body: renderPullRequestBody({
        group: 'pytorch',
        changes: [
          { name: 'torch', from: '2.5.1', to, bump: 'minor' },
          { name: 'torchvision', from: '0.20.1', to: '0.21.0', bump: 'minor' },
        ],
        releaseNotes: { torch: `https://github.com/pytorch/pytorch/releases/tag/v${to}` },
        lockDiff: {
          added: [],
          removed: [],
          changed: [{ name: 'sympy', from: '1.13.1', to: '1.13.3' }],
        },
        checklist: ['GPU unit tests (mlenv gpu-test)'],
        planHash: plan,
      }),
      files: {
        [IN]: `torch==${to}\ntorchvision==0.21.0\n`,
        [LOCK]: `torch==${to}\ntorchvision==0.21.0\nsympy==1.13.3\n`,
      },
      planHash: plan,
      labels: ['mlenv-upgrade', 'dependencies'],
      draft: false,
      ...overrides,
    };
  }

  async function run(
    repo: string,
    p: ProposedGroup,
    extra: { dryRun?: boolean; client?: Octokit } = {},
  ) {
    const logger = createMemoryLogger();
    const result = await proposeUpgrade({
      octokit: extra.client ?? github.octokit,
      owner,
      repo,
      proposal: p,
      logger,
      dryRun: extra.dryRun,
    });
    return { result, logger };
  }

  function writesSince(mark: number): RecordedRequest[] {
    return github.server.requests.slice(mark).filter((r) => r.method !== 'GET');
  }

  function fileAt(record: RepoRecord, ref: string, path: string): string | undefined {
    const sha = github.server.state.resolveCommitish(record, ref);
    const commit = sha ? record.git.commits.get(sha) : undefined;
    const entry = commit ? record.git.lookup(commit.tree, path) : undefined;
    return entry ? record.git.blobs.get(entry.sha)?.toString('utf8') : undefined;
  }

  function head(record: RepoRecord, name = branch): string | undefined {
    return record.refs.get(`refs/heads/${name}`);
  }

  /** Commits on the upgrade branch that the base does not have. */
  function ahead(record: RepoRecord): string[] {
    return record.git.commitsBetween(head(record, 'main') as string, head(record) as string);
  }

  function openPulls(record: RepoRecord) {
    return record.pulls.filter((p) => p.state === 'open' && p.headRef === branch);
  }

  it('commits through the Git Data API on the base head and opens a labelled pull request', async () => {
    const { repo, record, baseHead } = seed();
    const mark = github.server.requests.length;
    const p = proposal();
    const { result, logger } = await run(repo, p);

    expect(result).toEqual({
      group: 'pytorch',
      action: 'created',
      branch,
      pullNumber: 1,
      url: `${github.server.url}/acme/${repo}/pull/1`,
      commitSha: head(record),
      reason: `created ${branch} with plan p1 on main ${baseHead.slice(0, 7)}; opened #1`,
    });
    const writes = writesSince(mark);
    expect(writes.map((r) => r.operationId)).toEqual([
      'git/create-blob',
      'git/create-blob',
      'git/create-tree',
      'git/create-commit',
      'git/create-ref',
      'pulls/create',
      'issues/add-labels',
    ]);
    const baseTree = record.git.commits.get(baseHead)?.tree;
    expect(writes[2]?.requestBody).toMatchObject({ base_tree: baseTree });
    expect(writes[3]?.requestBody).toMatchObject({ parents: [baseHead] });
    expect(writes[4]?.requestBody).toEqual({ ref: `refs/heads/${branch}`, sha: result.commitSha });
    expect(writes[5]?.requestBody).toMatchObject({ head: branch, base: 'main', draft: false });

    const commit = record.git.commits.get(head(record) as string);
    expect(commit?.parents).toEqual([baseHead]);
    expect(commit?.message).toBe(
      `${p.title}\n\nMLEnv-Upgrade-Group: pytorch\nMLEnv-Upgrade-Plan: p1`,
    );
    expect(fileAt(record, branch, LOCK)).toBe(p.files[LOCK]);
    expect(fileAt(record, branch, IN)).toBe(p.files[IN]);
    expect(fileAt(record, branch, 'README.md')).toBe('# ml\n');

    const [pull] = openPulls(record);
    expect(pull).toMatchObject({ title: p.title, body: p.body, draft: false, baseRef: 'main' });
    expect(record.issueLabels.get(1)).toEqual(['mlenv-upgrade', 'dependencies']);
    expect(logger.lines.at(-1)).toMatch(/opened pull request #1 http/);
  });

  it('opens a draft when the group could not be resolved together', async () => {
    const { repo, record } = seed();
    const { result } = await run(repo, proposal('p1', { draft: true }));
    expect(result.action).toBe('created');
    expect(openPulls(record)[0]?.draft).toBe(true);
  });

  it('changes nothing when run again with the same plan', async () => {
    const { repo, record } = seed();
    await run(repo, proposal());
    const before = head(record);
    const mark = github.server.requests.length;
    const { result } = await run(repo, proposal());
    expect(result).toMatchObject({ action: 'unchanged', pullNumber: 1 });
    expect(writesSince(mark)).toEqual([]);
    expect(head(record)).toBe(before);
  });

  it('rebuilds its commit on the new base head when the base moved, and updates the pull request', async () => {
    const { repo, record } = seed();
    const first = (await run(repo, proposal())).result;
    const newBase = github.server.state.push({
      owner,
      repo,
      branch: 'main',
      files: { 'model.py': 'x\n' },
    });
    // The pull request's body changed since: a person edited it, or MLEnv's wording changed.
    await github.octokit.rest.pulls.update({ owner, repo, pull_number: 1, body: 'edited' });
    const mark = github.server.requests.length;
    const { result } = await run(repo, proposal());

    expect(result).toMatchObject({ action: 'updated', pullNumber: 1 });
    expect(result.commitSha).not.toBe(first.commitSha);
    expect(writesSince(mark).map((r) => r.operationId)).toEqual([
      'git/create-blob',
      'git/create-blob',
      'git/create-tree',
      'git/create-commit',
      'git/update-ref',
      'pulls/update',
    ]);
    expect(writesSince(mark)[4]?.requestBody).toEqual({ sha: result.commitSha, force: true });
    expect(record.git.commits.get(head(record) as string)?.parents).toEqual([newBase]);
    expect(ahead(record)).toEqual([result.commitSha]);
    expect(fileAt(record, branch, 'model.py')).toBe('x\n');
    expect(openPulls(record)).toHaveLength(1);
    expect(openPulls(record)[0]?.body).toBe(proposal().body);
  });

  it('replaces its own commit with the new plan and retitles the pull request', async () => {
    const { repo, record, baseHead } = seed();
    await run(repo, proposal('p1'));
    const next = proposal('p22');
    const { result } = await run(repo, next);
    expect(result).toMatchObject({ action: 'updated', pullNumber: 1 });
    expect(record.git.commits.get(head(record) as string)?.parents).toEqual([baseHead]);
    expect(ahead(record)).toHaveLength(1);
    expect(
      parseUpgradeTrailers(record.git.commits.get(head(record) as string)?.message ?? ''),
    ).toEqual({
      group: 'pytorch',
      plan: 'p22',
    });
    expect(fileAt(record, branch, LOCK)).toBe(next.files[LOCK]);
    expect(openPulls(record).map((p) => [p.number, p.title, readPlanMarker(p.body)])).toEqual([
      [1, next.title, 'p22'],
    ]);
  });

  it('opens a new pull request for a new plan once the old one was closed, never a duplicate', async () => {
    const { repo, record } = seed();
    await run(repo, proposal('p1'));
    await github.octokit.rest.pulls.update({ owner, repo, pull_number: 1, state: 'closed' });
    const { result } = await run(repo, proposal('p22'));
    expect(result).toMatchObject({ action: 'updated', pullNumber: 2 });
    expect(record.issueLabels.get(2)).toEqual(['mlenv-upgrade', 'dependencies']);
    const again = (await run(repo, proposal('p22'))).result;
    expect(again).toMatchObject({ action: 'unchanged', pullNumber: 2 });
    expect(openPulls(record).map((p) => p.number)).toEqual([2]);
    expect(record.pulls).toHaveLength(2);
  });

  it('does not propose again a plan whose pull request a person closed', async () => {
    const { repo, record } = seed();
    await run(repo, proposal('p1'));
    await github.octokit.rest.pulls.update({ owner, repo, pull_number: 1, state: 'closed' });
    github.server.state.push({ owner, repo, branch: 'main', files: { 'model.py': 'x\n' } });
    const before = head(record);
    let mark = github.server.requests.length;
    const { result } = await run(repo, proposal('p1'));
    expect(result).toMatchObject({ action: 'unchanged', pullNumber: 1 });
    expect(result.reason).toMatch(/closed without merging/);
    expect(writesSince(mark)).toEqual([]);
    expect(head(record)).toBe(before);

    // Nor when the branch was deleted with it.
    await github.octokit.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` });
    mark = github.server.requests.length;
    expect((await run(repo, proposal('p1'))).result.action).toBe('unchanged');
    expect(writesSince(mark)).toEqual([]);
    expect(head(record)).toBeUndefined();
  });

  it('finishes a run that stopped after its commit: opens the pull request, then restores labels', async () => {
    const { repo, record } = seed();
    const p = proposal();
    // The commit of a run that died before it opened the pull request.
    const commit = github.server.state.push({
      owner,
      repo,
      branch,
      files: p.files,
      message: `${p.title}\n\nMLEnv-Upgrade-Group: pytorch\nMLEnv-Upgrade-Plan: p1\n`,
    });
    let mark = github.server.requests.length;
    const { result } = await run(repo, p);
    expect(result).toMatchObject({ action: 'created', pullNumber: 1, commitSha: commit });
    expect(writesSince(mark).map((r) => r.operationId)).toEqual([
      'pulls/create',
      'issues/add-labels',
    ]);

    await github.octokit.rest.issues.removeLabel({
      owner,
      repo,
      issue_number: 1,
      name: 'dependencies',
    });
    mark = github.server.requests.length;
    const repaired = (await run(repo, p)).result;
    expect(repaired).toMatchObject({ action: 'updated', pullNumber: 1 });
    expect(writesSince(mark).map((r) => [r.operationId, r.requestBody])).toEqual([
      ['issues/add-labels', { labels: ['dependencies'] }],
    ]);
    expect(head(record)).toBe(commit);
  });

  it("leaves a branch with a person's commit alone and comments once per head and plan", async () => {
    const { repo, record } = seed();
    await run(repo, proposal('p1'));
    const human = github.server.state.push({
      owner,
      repo,
      branch,
      files: { [LOCK]: 'torch==2.6.0\ntorchvision==0.21.0\nsympy==1.13.3\nfixed==1\n' },
      message: 'Pin fixed to make the GPU tests pass',
    });

    const { result, logger } = await run(repo, proposal('p22'));
    expect(result).toMatchObject({ action: 'blocked', pullNumber: 1 });
    expect(result.reason).toContain(human.slice(0, 7));
    expect(head(record)).toBe(human);
    expect(logger.lines.some((l) => l.startsWith('warning: Upgrade pytorch: not applied'))).toBe(
      true,
    );
    const comments = () => record.comments.filter((c) => c.issueNumber === 1);
    expect(comments()).toHaveLength(1);
    const [comment] = comments();
    expect(comment?.body).toContain(`<!-- mlenv-upgrade blocked head=${human} plan=p22 -->`);
    expect(comment?.body).toContain(`Commit ${human} ("Pin fixed to make the GPU tests pass")`);
    expect(comment?.body).toContain(proposal('p22').title);
    // The plan's body is shown without its marker, so the comment is never taken for a body.
    expect(readPlanMarker(comment?.body)).toBeUndefined();
    expect(openPulls(record)[0]?.title).toBe(proposal('p1').title);

    // The same head and plan: nothing new to say.
    const mark = github.server.requests.length;
    expect((await run(repo, proposal('p22'))).result).toMatchObject({
      action: 'blocked',
      reason: expect.stringContaining('already commented'),
    });
    expect(writesSince(mark)).toEqual([]);
    // A newer plan is worth one more comment.
    await run(repo, proposal('p333'));
    expect(comments()).toHaveLength(2);
    // The plan already under the person's commit: nothing was left unapplied.
    const same = (await run(repo, proposal('p1'))).result;
    expect(same).toMatchObject({ action: 'blocked' });
    expect(same.reason).toMatch(/already carries this plan/);
    expect(comments()).toHaveLength(2);
  });

  it("treats a merge of the base and another group's commit as someone else's", async () => {
    const { repo, record } = seed();
    await run(repo, proposal('p1'));
    const newBase = github.server.state.push({
      owner,
      repo,
      branch: 'main',
      files: { 'model.py': 'x\n' },
    });
    const ours = head(record) as string;
    const tree = record.git.commits.get(newBase)?.tree as string;
    const { data: merge } = await github.octokit.rest.git.createCommit({
      owner,
      repo,
      message: "Merge branch 'main' into mlenv/upgrade/pytorch",
      tree,
      parents: [ours, newBase],
    });
    await github.octokit.rest.git.updateRef({
      owner,
      repo,
      ref: `heads/${branch}`,
      sha: merge.sha,
    });
    expect((await run(repo, proposal('p22'))).result.action).toBe('blocked');
    expect(head(record)).toBe(merge.sha);

    const other = seed();
    github.server.state.push({
      owner,
      repo: other.repo,
      branch,
      files: { [LOCK]: 'x\n' },
      message: 'Upgrade\n\nMLEnv-Upgrade-Group: jax\nMLEnv-Upgrade-Plan: p1',
    });
    expect((await run(other.repo, proposal('p1'))).result).toMatchObject({
      action: 'blocked',
      reason: expect.stringContaining('no open pull request to comment on'),
    });
  });

  it('makes no write request on a dry run, whatever it would do', async () => {
    const { repo, record } = seed();
    let mark = github.server.requests.length;
    const created = (await run(repo, proposal(), { dryRun: true })).result;
    expect(created).toMatchObject({ action: 'created', dryRun: true });
    expect(created.reason).toMatch(
      /^dry run: would create mlenv\/upgrade\/pytorch with plan p1 on main \w{7} and open a pull request$/,
    );
    expect(writesSince(mark)).toEqual([]);
    expect(head(record)).toBeUndefined();

    await run(repo, proposal());
    mark = github.server.requests.length;
    expect((await run(repo, proposal('p22'), { dryRun: true })).result).toMatchObject({
      action: 'updated',
      pullNumber: 1,
      dryRun: true,
    });
    github.server.state.push({ owner, repo, branch, files: { 'x.txt': 'x\n' }, message: 'mine' });
    expect((await run(repo, proposal('p22'), { dryRun: true })).result).toMatchObject({
      action: 'blocked',
      dryRun: true,
      reason: expect.stringContaining('dry run: would comment on #1'),
    });
    expect(writesSince(mark)).toEqual([]);
    expect(record.comments).toEqual([]);
  });

  it('refuses a proposal that cannot name a branch or a plan before calling GitHub', async () => {
    const { repo } = seed();
    const mark = github.server.requests.length;
    for (const bad of [
      proposal('p1', { group: 'py torch' }),
      proposal('p1', { group: 'x.lock' }),
      proposal('p1', { planHash: 'a -->' }),
      proposal('p1', { files: {} }),
      proposal('p1', { files: { '../etc/passwd': 'x' } }),
    ]) {
      await expect(run(repo, bad)).rejects.toBeInstanceOf(ConfigurationError);
    }
    expect(github.server.requests.length).toBe(mark);
  });

  it('says so when the base branch does not exist', async () => {
    const { repo } = seed();
    await expect(
      proposeUpgrade({
        octokit: github.octokit,
        owner,
        repo,
        base: 'release',
        proposal: proposal(),
        logger: createMemoryLogger(),
      }),
    ).rejects.toThrow('the base branch "release" does not exist in acme/ml-');
  });

  describe('through createGithubClient, when GitHub fails', () => {
    async function client(): Promise<Octokit> {
      return github.client();
    }

    // One file: the client paces writes a second apart, and these tests are about the faults.
    function lockOnly(plan = 'p1'): ProposedGroup {
      const p = proposal(plan);
      return { ...p, files: { [LOCK]: p.files[LOCK] as string } };
    }

    function expectOnce(record: RepoRecord): void {
      expect(ahead(record)).toHaveLength(1);
      expect(record.pulls.filter((p) => p.headRef === branch)).toHaveLength(1);
      expect(record.issueLabels.get(1)).toEqual(['mlenv-upgrade', 'dependencies']);
    }

    it('retries a 5xx and opens the pull request once', async () => {
      const { repo, record } = seed();
      const fault = github.server.faults.inject({
        kind: 'server-error',
        status: 502,
        method: 'POST',
        path: '/repos/{owner}/{repo}/pulls',
      });
      const { result } = await run(repo, lockOnly(), { client: await client() });
      expect(result).toMatchObject({ action: 'created', pullNumber: 1 });
      expect(fault.hits).toBe(1);
      expectOnce(record);
    });

    it('waits out a 429 with Retry-After and commits once', async () => {
      const { repo, record } = seed();
      const fault = github.server.faults.inject({
        kind: 'rate-limit',
        retryAfter: 1,
        method: 'POST',
        path: '/repos/{owner}/{repo}/git/commits',
      });
      const bare = github.server.faults.inject({
        kind: 'too-many-requests',
        retryAfter: 1,
        method: 'POST',
        path: '/repos/{owner}/{repo}/git/refs',
      });
      const { result } = await run(repo, lockOnly(), { client: await client() });
      expect(result.action).toBe('created');
      expect([fault.hits, bare.hits]).toEqual([1, 1]);
      expectOnce(record);
    });

    it('waits out a secondary rate limit and moves the branch once', async () => {
      const { repo, record } = seed();
      await run(repo, proposal('p1'));
      const fault = github.server.faults.inject({
        kind: 'secondary-rate-limit',
        retryAfter: 1,
        method: 'PATCH',
        path: /\/git\/refs\//,
      });
      const mark = github.server.requests.length;
      const { result } = await run(repo, lockOnly('p22'), { client: await client() });
      expect(result).toMatchObject({ action: 'updated', pullNumber: 1 });
      expect(fault.hits).toBe(1);
      expect(writesSince(mark).filter((r) => r.operationId === 'git/update-ref')).toHaveLength(2);
      expectOnce(record);
      expect(readPlanMarker(openPulls(record)[0]?.body)).toBe('p22');
    });

    it('survives 5xx answers to writes that GitHub did complete', async () => {
      const { repo, record } = seed();
      for (const path of ['/repos/{owner}/{repo}/git/refs', '/repos/{owner}/{repo}/pulls']) {
        github.server.faults.inject({
          kind: 'server-error',
          status: 502,
          method: 'POST',
          path,
          applied: true,
        });
      }
      const { result } = await run(repo, lockOnly(), { client: await client() });
      expect(result).toMatchObject({ action: 'created', pullNumber: 1, commitSha: head(record) });
      expect(github.server.requests.filter((r) => r.applied)).toHaveLength(2);
      expectOnce(record);
    });

    it('posts its comment once when GitHub fails the comment, before or after posting it', async () => {
      const { repo, record } = seed();
      await run(repo, proposal('p1'));
      github.server.state.push({ owner, repo, branch, files: { 'x.txt': 'x\n' }, message: 'mine' });
      const path = '/repos/{owner}/{repo}/issues/{issue_number}/comments';
      const mark = github.server.requests.length;
      github.server.faults.inject({ kind: 'server-error', status: 502, method: 'POST', path });
      github.server.faults.inject({
        kind: 'server-error',
        status: 504,
        method: 'POST',
        path,
        applied: true,
      });
      const { result, logger } = await run(repo, lockOnly('p22'), { client: await client() });
      expect(result.action).toBe('blocked');
      expect(record.comments).toHaveLength(1);
      expect(
        github.server.requests
          .slice(mark)
          .filter((r) => r.method === 'POST' && r.route === path)
          .map((r) => r.status),
      ).toEqual([502, 504]);
      expect(logger.lines.filter((l) => l.includes('checking whether it landed'))).toHaveLength(2);
    });
  });

  it('sent nothing the description forbids', () => {
    expect(github.server.violations()).toEqual([]);
  });
});
