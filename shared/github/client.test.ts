import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type GithubServer, startGithubServer } from '../../action-tests/github-server/server.js';
import { ConfigurationError } from '../errors/index.js';
import { createMemoryLogger } from '../logger/index.js';
import { createGithubClient, GithubRateLimitError } from './client.js';

const owner = 'acme';
const repo = 'ml';
const token = 'ghs_clienttesttoken123';
const route = '/repos/{owner}/{repo}';

describe('createGithubClient against the local GitHub', () => {
  let server: GithubServer;

  beforeAll(async () => {
    server = await startGithubServer({ tokens: [token] });
    server.state.seedRepo({ owner, repo });
  });
  afterAll(async () => {
    await server.stop();
  });

  function attempts(since: number): number {
    return server.requests.slice(since).filter((r) => r.route === route).length;
  }

  it('retries a 502 and then succeeds, logging the retry', async () => {
    const logger = createMemoryLogger();
    const octokit = await createGithubClient({ token, baseUrl: server.url, logger });
    server.faults.inject({ kind: 'server-error', status: 502, method: 'GET', path: route });
    const before = server.requests.length;
    const { data } = await octokit.rest.repos.get({ owner, repo });
    expect(data.full_name).toBe('acme/ml');
    expect(attempts(before)).toBe(2);
    expect(logger.lines).toContain(
      'warning: GitHub answered 502 to GET /repos/acme/ml; retry 1 of 3 in 1 s',
    );
  });

  it('counts the retries of each call afresh, whatever earlier calls went through', async () => {
    const logger = createMemoryLogger();
    const octokit = await createGithubClient({ token, baseUrl: server.url, logger });
    for (const missing of ['nope-1', 'nope-2'])
      await expect(octokit.rest.repos.get({ owner, repo: missing })).rejects.toMatchObject({
        status: 404,
      });
    server.faults.inject({ kind: 'server-error', status: 502, method: 'GET', path: route });
    await octokit.rest.repos.get({ owner, repo });
    expect(logger.lines).toContain(
      'warning: GitHub answered 502 to GET /repos/acme/ml; retry 1 of 3 in 1 s',
    );
  });

  it('gives up on 5xx after the bounded number of retries', async () => {
    const logger = createMemoryLogger();
    const octokit = await createGithubClient({ token, baseUrl: server.url, logger, retries: 1 });
    const fault = server.faults.inject({
      kind: 'server-error',
      status: 503,
      path: route,
      times: 5,
    });
    const before = server.requests.length;
    await expect(octokit.rest.repos.get({ owner, repo })).rejects.toMatchObject({ status: 503 });
    expect(attempts(before)).toBe(2);
    server.faults.clear();
    expect(fault.hits).toBe(2);
  });

  it('waits out a 429 for its Retry-After', async () => {
    const logger = createMemoryLogger();
    const octokit = await createGithubClient({ token, baseUrl: server.url, logger });
    server.faults.inject({ kind: 'rate-limit', retryAfter: 1, path: route });
    const before = server.requests.length;
    const started = Date.now();
    await octokit.rest.repos.get({ owner, repo });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(attempts(before)).toBe(2);
    expect(
      logger.lines.some((l) => /GitHub rate limit on GET \/repos\/acme\/ml: waiting \d s/.test(l)),
    ).toBe(true);
  });

  it('honours Retry-After on a bare 429 too', async () => {
    const octokit = await createGithubClient({
      token,
      baseUrl: server.url,
      logger: createMemoryLogger(),
    });
    server.faults.inject({ kind: 'too-many-requests', retryAfter: 1, path: route });
    const before = server.requests.length;
    const started = Date.now();
    await octokit.rest.repos.get({ owner, repo });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(attempts(before)).toBe(2);
  });

  it('waits out a secondary rate limit for its Retry-After', async () => {
    const logger = createMemoryLogger();
    const octokit = await createGithubClient({ token, baseUrl: server.url, logger });
    server.faults.inject({ kind: 'secondary-rate-limit', retryAfter: 1, path: route });
    const before = server.requests.length;
    const started = Date.now();
    await octokit.rest.repos.get({ owner, repo });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(attempts(before)).toBe(2);
    expect(logger.lines).toContain(
      'warning: GitHub secondary rate limit on GET /repos/acme/ml: waiting 1 s before retry 1',
    );
  });

  it('gives up with a clear error once the waiting budget is spent', async () => {
    const logger = createMemoryLogger();
    const octokit = await createGithubClient({
      token,
      baseUrl: server.url,
      logger,
      rateLimitBudgetMs: 1500,
    });
    server.faults.inject({ kind: 'secondary-rate-limit', retryAfter: 1, path: route, times: 10 });
    const before = server.requests.length;
    const error = await octokit.rest.repos.get({ owner, repo }).then(
      () => undefined,
      (e: unknown) => e,
    );
    server.faults.clear();
    expect(error).toBeInstanceOf(GithubRateLimitError);
    expect((error as Error).message).toMatch(
      /^GitHub kept rate limiting GET \/repos\/acme\/ml \(status 403\); gave up after waiting 1 s of a 2 s budget: You have exceeded a secondary rate limit/,
    );
    // One wait of 1 s fitted the 1.5 s budget, the second did not.
    expect(attempts(before)).toBe(2);
  });

  it('reports a rejected token as a configuration error and never logs it', async () => {
    const logger = createMemoryLogger();
    const octokit = await createGithubClient({
      token: 'ghs_wrong_token_999',
      baseUrl: server.url,
      logger,
    });
    const error = await octokit.rest.repos.get({ owner, repo }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(
      'GitHub rejected the token for GET /repos/acme/ml (401',
    );
    expect((error as Error).message).not.toContain('ghs_wrong_token_999');
    expect(logger.lines.join('\n')).not.toContain('ghs_wrong_token_999');
  });

  it('refuses to start without a token', async () => {
    await expect(
      createGithubClient({ token: '', baseUrl: server.url, logger: createMemoryLogger() }),
    ).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('takes the API URL from GITHUB_API_URL and masks the token', async () => {
    const masked: string[] = [];
    const logger = { ...createMemoryLogger(), mask: (s: string) => masked.push(s) };
    const octokit = await createGithubClient({
      token,
      logger,
      env: { GITHUB_API_URL: `${server.url}/` },
    });
    expect((await octokit.rest.repos.get({ owner, repo })).status).toBe(200);
    expect(masked).toEqual([token]);
    expect(logger.lines.join('\n')).not.toContain(token);
  });

  it('left no contract violation but the rejected token', () => {
    expect(server.violations().filter((v) => v.kind !== 'auth')).toEqual([]);
  });
});
