import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { forkPullRequest } from './pull-request.js';

const event = (name: string): unknown =>
  JSON.parse(
    readFileSync(
      path.resolve(import.meta.dirname, '../../../shared/gpu/fixtures/events', `${name}.json`),
      'utf8',
    ),
  );

describe('forkPullRequest', () => {
  it('names the base repository and number of a pull request from a fork, even a deleted one', () => {
    expect(forkPullRequest(event('pull-request-labeled-fork'))).toEqual({
      repository: 'acme/ml-monorepo',
      number: expect.any(Number),
    });
    expect(forkPullRequest(event('pull-request-labeled-deleted-fork'))).not.toBeNull();
  });

  it('asks nothing of the API for same-repository pull requests and pushes', () => {
    expect(forkPullRequest(event('pull-request-opened-same-repo'))).toBeNull();
    expect(forkPullRequest(event('push'))).toBeNull();
    expect(forkPullRequest({})).toBeNull();
  });
});
