import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../errors/index.js';
import { createMemoryLogger } from '../logger/index.js';
import { connectRepository, parseRemote, repositoryFromEnvironment } from './repository.js';
import { OWNER, useLocalGithub } from './testing/local-github.js';

describe('the repository pull requests go to', () => {
  it.each([
    ['https://github.com/acme/ml.git', 'acme', 'ml'],
    ['https://x-access-token:t@github.example.com/acme/ml', 'acme', 'ml'],
    ['git@github.com:acme/ml.git', 'acme', 'ml'],
    ['ssh://git@github.com/acme/ml-platform.git', 'acme', 'ml-platform'],
  ])('reads %s', (url, owner, repo) => {
    expect(parseRemote(url)).toEqual({ owner, repo });
  });

  it('knows no owner/name in a local path', () => {
    expect(parseRemote('/srv/git/ml')).toBeUndefined();
  });

  it('prefers --repo, then GITHUB_REPOSITORY', async () => {
    await expect(repositoryFromEnvironment('/', 'acme/one', {})).resolves.toEqual({
      owner: 'acme',
      repo: 'one',
    });
    await expect(
      repositoryFromEnvironment('/', undefined, { GITHUB_REPOSITORY: 'acme/two' }),
    ).resolves.toEqual({ owner: 'acme', repo: 'two' });
  });

  it('names the input when it is not owner/name', async () => {
    await expect(repositoryFromEnvironment('/', 'acme', {})).rejects.toThrow(
      new ConfigurationError('--repo: expected owner/name, found "acme"'),
    );
  });
});

describe('a client for the repository pull requests go to, on the local GitHub', () => {
  const github = useLocalGithub();

  it('works on the repository GITHUB_REPOSITORY names', async () => {
    const { repo } = github.seedRepo();
    const client = await connectRepository({
      cwd: '/',
      token: 't',
      baseUrl: github.server.url,
      logger: createMemoryLogger(),
      env: { GITHUB_REPOSITORY: `${OWNER}/${repo}` },
    });
    expect({ owner: client.owner, repo: client.repo }).toEqual({ owner: OWNER, repo });
    const { data } = await client.octokit.rest.repos.get({
      owner: client.owner,
      repo: client.repo,
    });
    expect(data.full_name).toBe(`${OWNER}/${repo}`);
  });

  it('names --repo when the repository given is not owner/name', async () => {
    await expect(
      connectRepository({
        cwd: '/',
        repository: 'acme',
        token: 't',
        baseUrl: github.server.url,
        logger: createMemoryLogger(),
        env: {},
      }),
    ).rejects.toThrow('--repo: expected owner/name, found "acme"');
  });
});
