import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createMemoryLogger } from '../../../logger/index.js';
import { authFiles, findCredentials } from './credentials.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'mlenv-credentials-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const basic = (user: string, password: string) =>
  Buffer.from(`${user}:${password}`).toString('base64');

let count = 0;
/** A home folder, with ~/.docker/config.json holding `config` when given. */
function home(config?: unknown): string {
  const dir = path.join(scratch, `home-${count++}`);
  mkdirSync(path.join(dir, '.docker'), { recursive: true });
  if (config !== undefined)
    writeFileSync(path.join(dir, '.docker', 'config.json'), JSON.stringify(config));
  return dir;
}

describe('findCredentials', () => {
  it('takes REGISTRY_USERNAME and REGISTRY_PASSWORD first, masked, named by source only', async () => {
    const masked: string[] = [];
    const logger = { ...createMemoryLogger(), mask: (secret: string) => masked.push(secret) };
    const found = await findCredentials('ghcr.io', logger, {
      env: { REGISTRY_USERNAME: 'ci', REGISTRY_PASSWORD: 'p4ss' },
      home: home({ auths: { 'ghcr.io': { auth: basic('other', 'x') } } }),
    });
    expect(found).toEqual({
      username: 'ci',
      password: 'p4ss',
      source: 'REGISTRY_USERNAME and REGISTRY_PASSWORD',
    });
    expect(masked).toEqual(['p4ss']);
  });

  it('refuses half of the pair rather than asking anonymously', async () => {
    await expect(
      findCredentials('ghcr.io', createMemoryLogger(), {
        env: { REGISTRY_PASSWORD: 'p' },
        home: home(),
      }),
    ).rejects.toThrow(
      /expected both REGISTRY_USERNAME and REGISTRY_PASSWORD for ghcr.io, found only REGISTRY_PASSWORD/,
    );
  });

  it("reads docker's config.json auths, keys with a scheme and path too, and Docker Hub's old key", async () => {
    const dir = home({
      auths: {
        'https://ghcr.io/v1/': { auth: basic('me', 'tok:en') },
        'https://index.docker.io/v1/': { username: 'hub', password: 'hubpass' },
      },
    });
    const logger = createMemoryLogger();
    expect(await findCredentials('ghcr.io', logger, { env: {}, home: dir })).toMatchObject({
      username: 'me',
      // Only the first colon separates: a password may hold more.
      password: 'tok:en',
      source: expect.stringContaining('auths.https://ghcr.io/v1/'),
    });
    expect(await findCredentials('docker.io', logger, { env: {}, home: dir })).toMatchObject({
      username: 'hub',
      password: 'hubpass',
    });
    expect(await findCredentials('10.1.0.1:5000', logger, { env: {}, home: dir })).toBeUndefined();
  });

  it('looks in REGISTRY_AUTH_FILE and the containers auth.json before DOCKER_CONFIG', async () => {
    const dir = path.join(scratch, 'auth-files');
    await mkdir(path.join(dir, 'run', 'containers'), { recursive: true });
    await mkdir(path.join(dir, 'docker'), { recursive: true });
    await writeFile(
      path.join(dir, 'run', 'containers', 'auth.json'),
      JSON.stringify({ auths: { '10.1.0.1:5000': { auth: basic('buildah', 'b') } } }),
    );
    await writeFile(
      path.join(dir, 'docker', 'config.json'),
      JSON.stringify({ auths: { '10.1.0.1:5000': { auth: basic('docker', 'd') } } }),
    );
    const env = { XDG_RUNTIME_DIR: path.join(dir, 'run'), DOCKER_CONFIG: path.join(dir, 'docker') };
    expect(authFiles({ env, home: '/nowhere' })).toEqual([
      path.join(dir, 'run', 'containers', 'auth.json'),
      path.join(dir, 'docker', 'config.json'),
    ]);
    expect(
      (await findCredentials('10.1.0.1:5000', createMemoryLogger(), { env, home: '/nowhere' }))
        ?.username,
    ).toBe('buildah');
  });

  it('asks the credential helper config.json names, with the registry on stdin', async () => {
    const bin = path.join(scratch, 'bin');
    await mkdir(bin, { recursive: true });
    const helper = path.join(bin, 'docker-credential-fake');
    // A real program on PATH, as docker runs one: it answers for ghcr.io only.
    await writeFile(
      helper,
      '#!/bin/sh\nread server\n[ "$1" = get ] && [ "$server" = ghcr.io ] || { echo "credentials not found" >&2; exit 1; }\necho \'{"ServerURL":"ghcr.io","Username":"helped","Secret":"s3cret"}\'\n',
    );
    await chmod(helper, 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}` };
    const dir = home({ credHelpers: { 'ghcr.io': 'fake' }, credsStore: 'fake' });
    const masked: string[] = [];
    const logger = { ...createMemoryLogger(), mask: (secret: string) => masked.push(secret) };
    const found = await withPath(env.PATH, () =>
      findCredentials('ghcr.io', logger, { env, home: dir }),
    );
    expect(found).toMatchObject({ username: 'helped', password: 's3cret' });
    expect(found?.source).toContain('docker-credential-fake');
    expect(masked).toEqual(['s3cret']);
    // The store's "not found" is an answer: anonymous.
    expect(
      await withPath(env.PATH, () => findCredentials('quay.io', logger, { env, home: dir })),
    ).toBeUndefined();
    await expect(
      findCredentials('ghcr.io', logger, {
        env: {},
        home: home({ credHelpers: { 'ghcr.io': 'absent' } }),
      }),
    ).rejects.toThrow(/expected docker-credential-absent on PATH, found none/);
  });
});

async function withPath<T>(value: string, body: () => Promise<T>): Promise<T> {
  const before = process.env.PATH;
  process.env.PATH = value;
  try {
    return await body();
  } finally {
    process.env.PATH = before;
  }
}
