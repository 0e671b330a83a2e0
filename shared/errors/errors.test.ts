import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, checkToken } from './index.js';

describe('checkToken', () => {
  it('accepts a token on one line', () => {
    expect(() => checkToken('ghs_abc.DEF-123_456', 'GitHub token')).not.toThrow();
  });

  it.each([
    ['a line break', 'ghs_first\nghs_second'],
    ['a carriage return', 'ghs_token\r'],
    ['a NUL', 'ghs_tok\u0000en'],
  ])('refuses a token with %s without showing it', (_what, token) => {
    let thrown: unknown;
    try {
      checkToken(token, 'Input "github-token"');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    const message = (thrown as Error).message;
    expect(message).toBe(
      'Input "github-token": expected a token on one line, found line breaks or control characters (the value is not shown)',
    );
    expect(message).not.toContain('ghs_');
  });
});
