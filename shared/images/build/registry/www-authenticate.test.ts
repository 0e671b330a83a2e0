import { describe, expect, it } from '@jest/globals';
import { parseWwwAuthenticate } from './www-authenticate.js';

describe('parseWwwAuthenticate', () => {
  it("reads a registry's Bearer challenge", () => {
    expect(
      parseWwwAuthenticate(
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/runtime:pull"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://ghcr.io/token',
          service: 'ghcr.io',
          scope: 'repository:acme/runtime:pull',
        },
      },
    ]);
  });

  it('keeps commas and escaped quotes inside quoted values, and spaces around the signs', () => {
    expect(
      parseWwwAuthenticate(
        'Bearer realm = "https://auth.example/token", scope="repository:a/b:pull,push", error="say \\"no\\""',
      )[0]?.params,
    ).toEqual({
      realm: 'https://auth.example/token',
      scope: 'repository:a/b:pull,push',
      error: 'say "no"',
    });
  });

  it('splits several challenges in one header, schemes in any case', () => {
    expect(
      parseWwwAuthenticate('Basic realm="Registry Realm", BEARER realm="https://x/t",service=x'),
    ).toEqual([
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
      { scheme: 'bearer', params: { realm: 'https://x/t', service: 'x' } },
    ]);
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate('Basic')).toEqual([{ scheme: 'basic', params: {} }]);
  });
});
