import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { type GithubServer, startGithubServer } from './server.js';

const owner = 'acme';
const repo = 'ml';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A bare Octokit (no retries or throttling): the server is what these tests look at. */
function client(baseUrl: string, auth?: string): Octokit {
  return new Octokit({ auth, baseUrl, log: quiet, request: { retries: 0 } });
}

interface RequestFailure {
  status: number;
  message: string;
}

async function failure(promise: Promise<unknown>): Promise<RequestFailure> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; response?: { data?: { message?: string } } };
    return { status: e.status, message: e.response?.data?.message ?? String(error) };
  }
  throw new Error('expected the request to fail');
}

describe('the contract checks', () => {
  let server: GithubServer;
  let octokit: Octokit;
  let sha: string;

  beforeAll(async () => {
    server = await startGithubServer();
    sha = server.state.seedRepo({ owner, repo }).headSha;
    octokit = client(server.url, 'test-token');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('rejects a deployment without ref with 422 and records the violation', async () => {
    const result = await failure(
      octokit.request('POST /repos/{owner}/{repo}/deployments', {
        owner,
        repo,
        environment: 'serving/fraud',
      } as never),
    );
    expect(result.status).toBe(422);
    expect(result.message).toBe('Invalid request.\n\n"ref" wasn\'t supplied.');
    const last = server.requests.at(-1);
    expect(last?.operationId).toBe('repos/create-deployment');
    expect(last?.violations).toEqual([
      expect.objectContaining({ kind: 'body', message: '"ref" wasn\'t supplied.' }),
    ]);
    // Nothing was created.
    expect(server.state.getRepo(owner, repo)?.deployments).toHaveLength(0);
  });

  it('rejects wrong types, unknown enum values and misspelt keys', async () => {
    const state = await failure(
      octokit.request('POST /repos/{owner}/{repo}/deployments', {
        owner,
        repo,
        ref: sha,
        auto_merge: 'no',
        enviroment: 'x',
      } as never),
    );
    expect(state.status).toBe(422);
    expect(state.message).toContain('For \'properties/auto_merge\', "no" is not a boolean.');
    expect(state.message).toContain('"enviroment" is not a permitted key.');
    const query = await failure(
      octokit.request('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'merged' } as never),
    );
    expect(query.status).toBe(422);
    expect(server.requests.at(-1)?.violations[0]?.kind).toBe('query');
  });

  it('answers 404 for endpoints GitHub does not have, and for malformed path ids', async () => {
    expect(
      (await failure(octokit.request('GET /repos/{owner}/{repo}/deploymints', { owner, repo })))
        .status,
    ).toBe(404);
    expect(server.requests.at(-1)?.violations[0]?.kind).toBe('unknown-endpoint');
    const badId = await failure(
      octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}', {
        owner,
        repo,
        deployment_id: 'latest',
      } as never),
    );
    expect(badId.status).toBe(404);
    expect(server.requests.at(-1)?.violations[0]?.kind).toBe('path');
  });

  it('answers 400 to malformed JSON', async () => {
    const res = await fetch(`${server.url}/repos/${owner}/${repo}/deployments`, {
      method: 'POST',
      headers: { authorization: 'token t', 'content-type': 'application/json' },
      body: '{"ref": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('Problems parsing JSON');
  });

  it('requires a token like GitHub: 401 without one', async () => {
    const anonymous = client(server.url);
    const result = await failure(anonymous.rest.repos.get({ owner, repo }));
    expect(result).toEqual({ status: 401, message: 'Requires authentication' });
    expect(server.requests.at(-1)?.violations).toEqual([
      { kind: 'auth', message: 'Requires authentication' },
    ]);
  });

  it('rejects tokens it was not told to accept', async () => {
    const strict = await startGithubServer({ tokens: ['good'] });
    try {
      strict.state.seedRepo({ owner, repo });
      const bad = client(strict.url, 'bad');
      expect(await failure(bad.rest.repos.get({ owner, repo }))).toEqual({
        status: 401,
        message: 'Bad credentials',
      });
      const good = client(strict.url, 'good');
      expect((await good.rest.repos.get({ owner, repo })).status).toBe(200);
    } finally {
      await strict.stop();
    }
  });

  it('sends the rate-limit headers on every response, counting down', async () => {
    const first = await octokit.rest.repos.get({ owner, repo });
    const second = await octokit.rest.repos.get({ owner, repo });
    expect(first.headers['x-ratelimit-limit']).toBe('5000');
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(
      Number(first.headers['x-ratelimit-remaining']) - 1,
    );
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
  });

  it('injects faults into the next matching requests only', async () => {
    const fault = server.faults.inject({
      kind: 'server-error',
      status: 502,
      method: 'GET',
      path: '/repos/{owner}/{repo}',
      times: 2,
    });
    expect((await failure(octokit.rest.repos.get({ owner, repo }))).status).toBe(502);
    expect((await failure(octokit.rest.repos.get({ owner, repo }))).status).toBe(502);
    expect((await octokit.rest.repos.get({ owner, repo })).status).toBe(200);
    expect(fault).toMatchObject({ hits: 2, remaining: 0 });

    server.faults.inject({ kind: 'secondary-rate-limit', retryAfter: 7 });
    const res = await fetch(`${server.url}/repos/${owner}/${repo}`, {
      headers: { authorization: 'token t' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(((await res.json()) as { message: string }).message).toMatch(
      /^You have exceeded a secondary rate limit/,
    );

    server.faults.inject({ kind: 'rate-limit', retryAfter: 3 });
    const limited = await fetch(`${server.url}/repos/${owner}/${repo}`, {
      headers: { authorization: 'token t' },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(server.requests.at(-1)?.fault).toBe('rate-limit');
  });

  it('fails an applied fault only after the request took effect', async () => {
    const route = '/repos/{owner}/{repo}/git/refs';
    const fault = server.faults.inject({
      kind: 'server-error',
      status: 502,
      method: 'POST',
      path: route,
      applied: true,
    });
    // A refused request does not use the fault up: it only fires on a write that succeeded.
    const invalid = await failure(
      octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/x', sha: 'f'.repeat(40) }),
    );
    expect(invalid.status).toBe(422);
    expect(fault).toMatchObject({ hits: 0, remaining: 1 });

    const created = await failure(
      octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/applied', sha }),
    );
    expect(created.status).toBe(502);
    expect(server.requests.at(-1)).toMatchObject({ fault: 'server-error', applied: true });
    // The ref exists all the same, so a retry meets it.
    expect(server.state.getRepo(owner, repo)?.refs.get('refs/heads/applied')).toBe(sha);
    expect(
      (await failure(octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/applied', sha })))
        .message,
    ).toBe('Reference already exists');
  });

  it('fails loudly when its own handler answers against the description', async () => {
    const broken = await startGithubServer();
    let stopped = false;
    try {
      broken.state.seedRepo({ owner, repo });
      // Corrupt the stored repository so the handler renders an invalid representation.
      const record = broken.state.getRepo(owner, repo);
      if (!record) throw new Error('not seeded');
      (record as { createdAt: unknown }).createdAt = 42;
      const bare = client(broken.url, 't');
      const result = await failure(bare.rest.repos.get({ owner, repo }));
      expect(result.status).toBe(500);
      expect(result.message).toMatch(/github-server bug: the 200 response of repos\/get violates/);
      stopped = true;
      await expect(broken.stop()).rejects.toThrow(/answered wrongly 1 time/);
    } finally {
      if (!stopped) await broken.stop().catch(() => {});
    }
  });
});

describe('the stateful API', () => {
  let server: GithubServer;
  let octokit: Octokit;
  let mainSha: string;

  beforeAll(async () => {
    server = await startGithubServer();
    mainSha = server.state.seedRepo({
      owner,
      repo,
      files: { 'README.md': '# ml\n', 'environment/requirements.in': 'torch==2.4.0\n' },
    }).headSha;
    octokit = client(server.url, 'test-token');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('gets the repository with URLs on the server', async () => {
    const { data } = await octokit.rest.repos.get({ owner, repo });
    expect(data).toMatchObject({ full_name: 'acme/ml', default_branch: 'main', private: true });
    expect(data.url).toBe(`${server.url}/repos/acme/ml`);
    expect(data.node_id).toMatch(/^R_/);
  });

  it('records deployments and their statuses; a newer success retires the older one', async () => {
    const environment = 'serving/fraud-detector';
    const { data: first } = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: mainSha,
      environment,
      auto_merge: false,
      required_contexts: [],
      payload: { model: 'fraud-detector', version: '3' },
      production_environment: true,
    });
    if (!('id' in first)) throw new Error('no deployment');
    expect(first).toMatchObject({
      sha: mainSha,
      ref: mainSha,
      task: 'deploy',
      environment,
      payload: { model: 'fraud-detector', version: '3' },
      production_environment: true,
      transient_environment: false,
      creator: { login: 'mlenv-bot' },
    });
    await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: first.id,
      state: 'in_progress',
      log_url: 'https://ci.example/run/1',
    });
    const { data: success } = await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: first.id,
      state: 'success',
      environment_url: 'http://fraud.serving.example',
    });
    expect(success).toMatchObject({
      state: 'success',
      environment,
      environment_url: 'http://fraud.serving.example',
    });
    // log_url carries over to target_url; unset URLs are "" as on GitHub.
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
      owner,
      repo,
      deployment_id: first.id,
    });
    expect(statuses.map((s) => s.state)).toEqual(['success', 'in_progress']);
    expect(statuses[1]).toMatchObject({
      log_url: 'https://ci.example/run/1',
      target_url: 'https://ci.example/run/1',
      environment_url: '',
    });

    const { data: listed } = await octokit.rest.repos.listDeployments({
      owner,
      repo,
      sha: mainSha,
      environment,
    });
    expect(listed.map((d) => d.id)).toEqual([first.id]);
    expect(
      (await octokit.rest.repos.listDeployments({ owner, repo, environment: 'other' })).data,
    ).toEqual([]);
    expect(
      (await octokit.rest.repos.getDeployment({ owner, repo, deployment_id: first.id })).data.id,
    ).toBe(first.id);

    const { data: second } = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: 'main',
      environment,
      auto_merge: false,
      required_contexts: [],
    });
    if (!('id' in second)) throw new Error('no deployment');
    expect(second.sha).toBe(mainSha);
    // An active deployment cannot be deleted while another exists.
    expect(
      (await failure(octokit.rest.repos.deleteDeployment({ owner, repo, deployment_id: first.id })))
        .status,
    ).toBe(422);
    await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: second.id,
      state: 'success',
    });
    const { data: retired } = await octokit.rest.repos.listDeploymentStatuses({
      owner,
      repo,
      deployment_id: first.id,
    });
    expect(retired.map((s) => s.state)).toEqual(['inactive', 'success', 'in_progress']);
    expect(
      (await octokit.rest.repos.listDeployments({ owner, repo, environment })).data.map(
        (d) => d.id,
      ),
    ).toEqual([second.id, first.id]);
    await octokit.rest.repos.deleteDeployment({ owner, repo, deployment_id: first.id });
    expect(
      (await failure(octokit.rest.repos.getDeployment({ owner, repo, deployment_id: first.id })))
        .status,
    ).toBe(404);
  });

  it('refuses deployments GitHub would refuse', async () => {
    expect(
      await failure(octokit.rest.repos.createDeployment({ owner, repo, ref: 'nope' })),
    ).toEqual({
      status: 422,
      message: 'No ref found for: nope',
    });
    // Required commit statuses that were never reported block the deployment.
    expect(
      (
        await failure(
          octokit.rest.repos.createDeployment({
            owner,
            repo,
            ref: mainSha,
            required_contexts: ['ci'],
          }),
        )
      ).status,
    ).toBe(409);
  });

  it('opens a pull request once: the head filter finds it and a duplicate is refused', async () => {
    server.state.push({
      owner,
      repo,
      branch: 'mlenv/upgrade-torch',
      files: { 'environment/requirements.in': 'torch==2.5.0\n' },
    });
    const { data: pr } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: 'mlenv/upgrade-torch',
      base: 'main',
      title: 'Upgrade torch to 2.5.0',
      body: 'Scheduled upgrade',
    });
    expect(pr).toMatchObject({
      number: 1,
      state: 'open',
      head: { ref: 'mlenv/upgrade-torch', label: 'acme:mlenv/upgrade-torch' },
      base: { ref: 'main', sha: mainSha },
      commits: 1,
      additions: 1,
      deletions: 1,
      changed_files: 1,
    });

    const { data: found } = await octokit.rest.pulls.list({
      owner,
      repo,
      head: 'acme:mlenv/upgrade-torch',
      state: 'open',
    });
    expect(found.map((p) => p.number)).toEqual([1]);
    expect((await octokit.rest.pulls.list({ owner, repo, head: 'acme:other' })).data).toEqual([]);

    const duplicate = await failure(
      octokit.rest.pulls.create({
        owner,
        repo,
        head: 'mlenv/upgrade-torch',
        base: 'main',
        title: 'again',
      }),
    );
    expect(duplicate).toEqual({ status: 422, message: 'Validation Failed' });
    expect(server.requests.at(-1)?.responseBody).toMatchObject({
      errors: [{ message: 'A pull request already exists for acme:mlenv/upgrade-torch.' }],
    });

    const { data: updated } = await octokit.rest.pulls.update({
      owner,
      repo,
      pull_number: 1,
      title: 'Upgrade torch to 2.5.1',
    });
    expect(updated.title).toBe('Upgrade torch to 2.5.1');
    expect((await octokit.rest.pulls.get({ owner, repo, pull_number: 1 })).data.title).toBe(
      'Upgrade torch to 2.5.1',
    );

    await octokit.rest.issues.addLabels({
      owner,
      repo,
      issue_number: 1,
      labels: ['mlenv-upgrade', 'dependencies'],
    });
    await octokit.rest.issues.removeLabel({ owner, repo, issue_number: 1, name: 'dependencies' });
    expect(
      (await octokit.rest.issues.listLabelsOnIssue({ owner, repo, issue_number: 1 })).data.map(
        (l) => l.name,
      ),
    ).toEqual(['mlenv-upgrade']);
    await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: 1,
      body: 'GPU tests passed',
    });
    expect(
      (await octokit.rest.issues.listComments({ owner, repo, issue_number: 1 })).data.map(
        (c) => c.body,
      ),
    ).toEqual(['GPU tests passed']);

    await octokit.rest.pulls.update({ owner, repo, pull_number: 1, state: 'closed' });
    expect(
      (await octokit.rest.pulls.list({ owner, repo, head: 'acme:mlenv/upgrade-torch' })).data,
    ).toEqual([]);
    expect(
      (
        await octokit.rest.pulls.list({
          owner,
          repo,
          head: 'acme:mlenv/upgrade-torch',
          state: 'all',
        })
      ).data,
    ).toHaveLength(1);
  });

  it('commits a file on a new branch through the git database API', async () => {
    const { data: ref } = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
    const base = ref.object.sha;
    const { data: baseCommit } = await octokit.rest.git.getCommit({
      owner,
      repo,
      commit_sha: base,
    });
    const { data: blob } = await octokit.rest.git.createBlob({
      owner,
      repo,
      content: 'hello\n',
      encoding: 'utf-8',
    });
    // git's own blob hash of "hello\n".
    expect(blob.sha).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    const { data: tree } = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: baseCommit.tree.sha,
      tree: [
        {
          path: 'environment/requirements.lock',
          mode: '100644',
          type: 'blob',
          content: 'torch==2.5.0 --hash=sha256:abc\n',
        },
        { path: 'NOTES.md', mode: '100644', type: 'blob', sha: blob.sha },
      ],
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: 'Upgrade the lock',
      tree: tree.sha,
      parents: [base],
    });
    expect(commit.parents.map((p) => p.sha)).toEqual([base]);
    await octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/mlenv/lock', sha: base });
    await octokit.rest.git.updateRef({ owner, repo, ref: 'heads/mlenv/lock', sha: commit.sha });
    // Moving back is not a fast-forward without force.
    expect(
      (
        await failure(
          octokit.rest.git.updateRef({ owner, repo, ref: 'heads/mlenv/lock', sha: base }),
        )
      ).message,
    ).toBe('Update is not a fast forward');
    expect(
      (
        await failure(
          octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/mlenv/lock', sha: base }),
        )
      ).message,
    ).toBe('Reference already exists');

    const { data: file } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: 'environment/requirements.lock',
      ref: 'mlenv/lock',
    });
    if (Array.isArray(file) || file.type !== 'file') throw new Error('not a file');
    expect(Buffer.from(file.content, 'base64').toString()).toBe('torch==2.5.0 --hash=sha256:abc\n');
    const { data: listing } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: 'environment',
      ref: 'mlenv/lock',
    });
    expect(Array.isArray(listing) && listing.map((e) => e.name)).toEqual([
      'requirements.in',
      'requirements.lock',
    ]);
    const { data: recursive } = await octokit.rest.git.getTree({
      owner,
      repo,
      tree_sha: tree.sha,
      recursive: 'true',
    });
    expect(recursive.tree.map((e) => e.path)).toEqual([
      'NOTES.md',
      'README.md',
      'environment',
      'environment/requirements.in',
      'environment/requirements.lock',
    ]);

    const { data: put } = await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: 'NOTES.md',
      branch: 'mlenv/lock',
      message: 'Edit notes',
      content: Buffer.from('hello again\n').toString('base64'),
      sha: blob.sha,
    });
    const { data: branch } = await octokit.rest.repos.getBranch({
      owner,
      repo,
      branch: 'mlenv/lock',
    });
    expect(branch.commit.sha).toBe(put.commit.sha);
    expect(branch.commit.parents.map((p) => p.sha)).toEqual([commit.sha]);
    // Updating without the current sha is refused.
    expect(
      (
        await failure(
          octokit.rest.repos.createOrUpdateFileContents({
            owner,
            repo,
            path: 'NOTES.md',
            branch: 'mlenv/lock',
            message: 'x',
            content: 'eA==',
          }),
        )
      ).status,
    ).toBe(422);

    const { data: pr } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: 'mlenv/lock',
      base: 'main',
      title: 'Upgrade the lock',
    });
    expect(pr).toMatchObject({ commits: 2, changed_files: 2 });
  });

  it('pages lists with Link headers that Octokit follows', async () => {
    for (let i = 0; i < 5; i++) {
      await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: mainSha,
        environment: 'paged',
        auto_merge: false,
        required_contexts: [],
      });
    }
    const all = await octokit.paginate(octokit.rest.repos.listDeployments, {
      owner,
      repo,
      environment: 'paged',
      per_page: 2,
    });
    expect(all).toHaveLength(5);
  });

  it('answers a workflow run with its status, which the test changes as a workflow would', async () => {
    const run = server.state.addWorkflowRun({ owner, repo });
    const get = () => octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: run.id });
    expect((await get()).data).toMatchObject({
      id: run.id,
      status: 'in_progress',
      conclusion: null,
      head_sha: mainSha,
      html_url: `${server.url}/acme/ml/actions/runs/${run.id}`,
    });
    run.status = 'completed';
    run.conclusion = 'cancelled';
    expect((await get()).data).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(await failure(octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: 1 }))).toEqual({
      status: 404,
      message: 'Not Found',
    });
  });

  it('every request and response of these flows conformed to the description', () => {
    const unexpected = server
      .violations()
      // The refusals asserted above are answers GitHub gives too, not contract violations.
      .filter((v) => v.kind !== 'auth');
    expect(unexpected).toEqual([]);
    expect(server.requests.length).toBeGreaterThan(40);
    expect(server.requests.every((r) => r.operationId !== undefined)).toBe(true);
  });
});

describe('the command line', () => {
  it('prints its URL and serves seeded repositories', async () => {
    const cli = path.join(import.meta.dirname, 'cli.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--repo', 'acme/cli'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const line = out.split('\n')[0];
          if (out.includes('\n') && line) resolve(line.trim());
        });
        child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const octokit = client(url, 't');
      expect(
        (await octokit.rest.repos.get({ owner: 'acme', repo: 'cli' })).data.default_branch,
      ).toBe('main');
      const log = (await (await fetch(`${url}/_github-server/requests`)).json()) as unknown[];
      expect(log).toHaveLength(1);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
