import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../errors/index.js';
import { parseRemote, repositoryFromEnvironment } from './repository.js';

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
