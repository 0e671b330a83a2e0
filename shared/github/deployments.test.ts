import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { ConfigurationError } from '../errors/index.js';
import { createMemoryLogger } from '../logger/index.js';
import { findDeployment, recordDeployment } from './deployments.js';
import { OWNER as owner, useLocalGithub } from './testing/local-github.js';

const environment = 'serving/fraud-detector';

describe('deployments on the local GitHub', () => {
  const github = useLocalGithub();
  let octokit: Octokit;
  let repo: string;
  let sha: string;

  beforeAll(() => {
    ({ repo, headSha: sha } = github.seedRepo());
    octokit = github.octokit;
  });

  it('records a deployment that commit statuses cannot block, and moves it to success', async () => {
    const logger = createMemoryLogger();
    const deployment = await recordDeployment({
      octokit,
      owner,
      repo,
      ref: sha,
      environment,
      description: 'fraud-detector v3 (val_auc 0.91)',
      payload: { model: 'fraud-detector', version: 3 },
      logger,
    });
    const created = github.server.requests.find((r) => r.operationId === 'repos/create-deployment');
    expect(created?.requestBody).toEqual({
      ref: sha,
      environment,
      description: 'fraud-detector v3 (val_auc 0.91)',
      payload: { model: 'fraud-detector', version: 3 },
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      production_environment: true,
    });

    await deployment.setStatus('in_progress', { logUrl: 'https://ci.example/runs/7' });
    await deployment.setStatus('success', {
      environmentUrl: 'http://fraud.serving.example',
      logUrl: 'https://ci.example/runs/7',
      description: 'serving 100% of traffic',
    });
    expect(deployment.state).toBe('success');

    const { data } = await octokit.rest.repos.getDeployment({
      owner,
      repo,
      deployment_id: deployment.id,
    });
    expect(data).toMatchObject({ sha, environment, production_environment: true });
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
      owner,
      repo,
      deployment_id: deployment.id,
    });
    expect(statuses.map((s) => [s.state, s.environment_url])).toEqual([
      ['success', 'http://fraud.serving.example'],
      ['in_progress', ''],
    ]);
    expect(logger.lines).toEqual([
      `Recorded deployment ${deployment.id} of ${sha.slice(0, 7)} to ${environment}`,
      `Deployment ${deployment.id} to ${environment}: in_progress`,
      `Deployment ${deployment.id} to ${environment}: success at http://fraud.serving.example`,
    ]);
  });

  it('finds the deployment again on a re-run, and nothing for other commits or environments', async () => {
    const logger = createMemoryLogger();
    const found = await findDeployment({ octokit, owner, repo, sha, environment, logger });
    const [recorded] = github.server.state.getRepo(owner, repo)?.deployments ?? [];
    expect(found?.id).toBe(recorded?.id);
    expect(found?.state).toBe('success');
    expect(
      await findDeployment({ octokit, owner, repo, sha, environment: 'serving/other', logger }),
    ).toBeUndefined();
    expect(
      await findDeployment({ octokit, owner, repo, sha: 'f'.repeat(40), environment, logger }),
    ).toBeUndefined();
  });

  it('retires the earlier success when a newer deployment of the environment succeeds', async () => {
    const logger = createMemoryLogger();
    const first = await findDeployment({ octokit, owner, repo, sha, environment, logger });
    const newer = github.server.state.push({
      owner,
      repo,
      branch: 'main',
      files: { 'model.txt': 'v4\n' },
    });
    const second = await recordDeployment({
      octokit,
      owner,
      repo,
      ref: newer,
      environment,
      description: 'v4',
      logger,
    });
    await second.setStatus('success', { environmentUrl: 'http://fraud.serving.example' });
    const again = await findDeployment({ octokit, owner, repo, sha, environment, logger });
    expect(again?.id).toBe(first?.id);
    expect(again?.state).toBe('inactive');
  });

  it('refuses a ref that is not a full commit sha before calling GitHub', async () => {
    const before = github.server.requests.length;
    await expect(
      recordDeployment({
        octokit,
        owner,
        repo,
        ref: 'main',
        environment,
        description: 'x',
        logger: createMemoryLogger(),
      }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    expect(github.server.requests.length).toBe(before);
  });

  it('works through createGithubClient too', async () => {
    const client = await github.client();
    const deployment = await recordDeployment({
      octokit: client,
      owner,
      repo,
      ref: sha,
      environment: 'serving/canary',
      description: 'canary',
      logger: createMemoryLogger(),
    });
    await deployment.setStatus('failure', { description: 'x'.repeat(200) });
    const { data } = await client.rest.repos.listDeploymentStatuses({
      owner,
      repo,
      deployment_id: deployment.id,
    });
    // GitHub refuses descriptions over 140 characters; they are shortened.
    expect(data[0]?.description).toHaveLength(140);
  });

  it('sent nothing the description forbids', () => {
    expect(github.server.violations()).toEqual([]);
  });
});
