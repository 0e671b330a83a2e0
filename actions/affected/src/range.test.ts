import { describe, expect, it } from '@jest/globals';
import type { GitHubEvent } from '../../../shared/github/event.js';
import { resolveRange } from './range.js';

const event = (
  eventName: string,
  payload: GitHubEvent['payload'],
  sha = 'c0ffee',
): GitHubEvent => ({
  eventName,
  sha,
  payload,
});

describe('resolveRange', () => {
  it('uses the pull request base and head commits', () => {
    const pr = { number: 1, base: { sha: 'b1', ref: 'main' }, head: { sha: 'h1', ref: 'feature' } };
    expect(resolveRange({}, event('pull_request', { pull_request: pr }))).toEqual({
      base: 'b1',
      head: 'h1',
    });
  });

  it('uses the previous commit of a push', () => {
    expect(resolveRange({}, event('push', { before: 'p0' }, 'p1'))).toEqual({
      base: 'p0',
      head: 'p1',
    });
  });

  it('falls back to the default branch for a new branch push', () => {
    const payload = { before: '0'.repeat(40), repository: { default_branch: 'trunk' } };
    expect(resolveRange({}, event('push', payload, 'p1'))).toEqual({
      base: 'origin/trunk',
      head: 'p1',
    });
  });

  it('prefers explicit inputs', () => {
    expect(resolveRange({ base: 'v1', head: 'v2' }, event('push', { before: 'p0' }))).toEqual({
      base: 'v1',
      head: 'v2',
    });
  });

  it('names the input when nothing gives a base', () => {
    expect(() => resolveRange({}, event('workflow_dispatch', {}))).toThrow(
      /Input "base": expected a commit/,
    );
  });
});
