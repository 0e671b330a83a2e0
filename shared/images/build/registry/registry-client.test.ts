import { afterEach, describe, expect, it } from '@jest/globals';
import { ExternalError } from '../../../errors/index.js';
import { createMemoryLogger } from '../../../logger/index.js';
import { startTokenRegistry, type TokenRegistry } from '../testing/token-registry.js';
import { parseImageRef } from './image-ref.js';
import { createRegistryClient, MANIFEST_TYPES } from './registry-client.js';

let registry: TokenRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

const image = {
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { size: 1000 },
  layers: [{ size: 20_000 }, { size: 300 }],
};

describe('createRegistryClient', () => {
  it('follows the Bearer challenge to a token, then asks again; keeps the token for the scope', async () => {
    registry = await startTokenRegistry({ user: { username: 'ci', password: 'pw' } });
    registry.manifests.set('acme/runtime:abc', {
      mediaType: image.mediaType,
      body: JSON.stringify(image),
      digest: 'sha256:1111',
    });
    const masked: string[] = [];
    const client = createRegistryClient(registry.host, {
      credentials: { username: 'ci', password: 'pw', source: 'test' },
      logger: { ...createMemoryLogger(), mask: (s) => masked.push(s) },
    });
    expect(client.baseUrl).toBe(`http://${registry.host}/v2/`);
    const ref = parseImageRef(`${registry.host}/acme/runtime:abc`);
    expect(await client.tagState(ref)).toEqual({ state: 'present', digest: 'sha256:1111' });
    expect(await client.tagState({ ...ref, tag: 'missing' })).toEqual({ state: 'missing' });
    expect(registry.requests).toEqual([
      'HEAD /v2/acme/runtime/manifests/abc -',
      'GET /token Basic',
      'HEAD /v2/acme/runtime/manifests/abc Bearer',
      // The second question goes straight in with the token the first one got.
      'HEAD /v2/acme/runtime/manifests/missing Bearer',
    ]);
    expect(masked).toEqual(['tok-1']);
  });

  it('asks anonymously without credentials, and reports a refusal rather than "missing"', async () => {
    registry = await startTokenRegistry({ anonymous: false });
    const client = createRegistryClient(registry.host, { logger: createMemoryLogger() });
    const state = await client.tagState(parseImageRef(`${registry.host}/acme/runtime:abc`));
    expect(state).toMatchObject({ state: 'refused', status: 401 });
    expect(state.state === 'refused' && state.detail).toMatch(
      /without credentials \(set REGISTRY_USERNAME/,
    );
    expect(registry.requests).toContain('GET /token -');
  });

  it('sends the Accept header of every manifest form', async () => {
    let accept = '';
    const client = createRegistryClient('ghcr.io', {
      logger: createMemoryLogger(),
      fetch: async (_url, init) => {
        accept = new Headers(init?.headers).get('accept') ?? '';
        return new Response(null, { status: 404 });
      },
    });
    expect(await client.tagState(parseImageRef('ghcr.io/a/b:c'))).toEqual({ state: 'missing' });
    expect(accept.split(', ')).toEqual([...MANIFEST_TYPES]);
  });

  it('sizes a multi-platform image by its linux platform image, skipping attestations', async () => {
    registry = await startTokenRegistry({ anonymous: true });
    const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
    registry.manifests.set('acme/runtime:multi', {
      mediaType: MANIFEST_TYPES[0],
      digest: 'sha256:index',
      body: JSON.stringify({
        mediaType: MANIFEST_TYPES[0],
        manifests: [
          { digest: 'sha256:attestation', platform: { os: 'unknown', architecture: 'unknown' } },
          { digest: 'sha256:platform', platform: { os: 'linux', architecture: arch } },
        ],
      }),
    });
    registry.manifests.set('acme/runtime:sha256:platform', {
      mediaType: image.mediaType,
      digest: 'sha256:platform',
      body: JSON.stringify(image),
    });
    const client = createRegistryClient(registry.host, { logger: createMemoryLogger() });
    expect(await client.describe(parseImageRef(`${registry.host}/acme/runtime:multi`))).toEqual({
      digest: 'sha256:index',
      mediaType: MANIFEST_TYPES[0],
      size: 21_300,
      layers: 2,
    });
  });

  it('says who did not answer, and hints at --insecure-registry for a TLS mismatch', async () => {
    const client = createRegistryClient('10.255.255.1:5000', {
      logger: createMemoryLogger(),
      fetch: async () => {
        throw Object.assign(new TypeError('fetch failed'), {
          cause: { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number' },
        });
      },
    });
    const asking = client.tagState(parseImageRef('10.255.255.1:5000/a/b:c'));
    await expect(asking).rejects.toThrow(ExternalError);
    await expect(asking).rejects.toThrow(
      /registry 10\.255\.255\.1:5000: expected an answer from https:\/\/10\.255\.255\.1:5000, found ERR_SSL_WRONG_VERSION_NUMBER\. If 10\.255\.255\.1:5000 speaks plain HTTP, say so with --insecure-registry 10\.255\.255\.1:5000\./,
    );
  });

  it('never sends credentials over plain HTTP to a host the user did not name', async () => {
    const seen: string[] = [];
    const client = createRegistryClient('registry.example', {
      credentials: { username: 'u', password: 'p', source: 'test' },
      logger: createMemoryLogger(),
      fetch: async (url, init) => {
        seen.push(`${url} ${new Headers(init?.headers).get('authorization') ?? '-'}`);
        if (String(url).includes('/token')) return Response.json({ token: 't' });
        return new Response(null, {
          status: 401,
          headers: { 'www-authenticate': 'Bearer realm="http://auth.example/token",service="s"' },
        });
      },
    });
    const state = await client.tagState(parseImageRef('registry.example/a/b:c'));
    expect(state.state).toBe('refused');
    expect(seen[1]).toBe('http://auth.example/token?service=s&scope=repository%3Aa%2Fb%3Apull -');
  });
});
