import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace } from '../../../shared/config/workspace.js';
import { lockHash } from '../../../shared/environment/index.js';
import {
  startTokenRegistry,
  type TokenRegistry,
} from '../../../shared/images/build/testing/token-registry.js';
import { runStep, scratchWorkspace, workspaceYaml } from '../../lib/testing/action-fixture.js';
import { registryEnv, run } from './main.js';

// The adapter around buildRuntimeImage: inputs, credentials, outputs. The registry is the
// in-memory token registry of the core's tests, holding the lock's tag already, so the step takes
// the common path (nothing to build); action-tests/integration/images-build.test.ts builds.

let registry: TokenRegistry;
let root: string;
let image: string;

beforeAll(async () => {
  registry = await startTokenRegistry({ user: { username: 'ci', password: 'p4ssw0rd' } });
  root = scratchWorkspace('images-build-action', {
    locked: true,
    files: {
      'mlenv.yaml': workspaceYaml().replace(
        'image: ghcr.io/acme/runtime',
        `image: ${registry.host}/acme/runtime`,
      ),
    },
  });
  const hash = await lockHash(await loadWorkspace(root));
  image = `${registry.host}/acme/runtime:${hash}`;
  registry.manifests.set(`acme/runtime:${hash}`, {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: 'sha256:present',
    body: '{}',
  });
});

afterAll(async () => {
  await registry.close();
  rmSync(root, { recursive: true, force: true });
});

describe('registryEnv', () => {
  it('takes the inputs, else on ghcr.io the job token as the actor, and sends it nowhere else', () => {
    const env = { GITHUB_ACTOR: 'octocat', PATH: '/bin' };
    expect(registryEnv('quay.io', { registryUsername: 'u', registryPassword: 'p' }, env)).toEqual({
      ...env,
      REGISTRY_USERNAME: 'u',
      REGISTRY_PASSWORD: 'p',
    });
    expect(registryEnv('ghcr.io', { githubToken: 'ghs_x' }, env)).toMatchObject({
      REGISTRY_USERNAME: 'octocat',
      REGISTRY_PASSWORD: 'ghs_x',
    });
    expect(registryEnv('quay.io', { githubToken: 'ghs_x' }, env)).toEqual(env);
  });
});

describe('images-build action', () => {
  it('finds the tag in the registry with the given credentials and says so in its outputs', async () => {
    const result = await runStep('images-build', run, {
      inputs: { workspace: root, 'registry-username': 'ci', 'registry-password': 'p4ssw0rd' },
    });
    expect(result).toMatchObject({
      exitCode: undefined,
      errors: [],
      outputs: { image, status: 'exists', digest: 'sha256:present', builder: '' },
    });
    expect(result.masks).toContain('p4ssw0rd');
    expect([...result.log, ...result.errors].join('\n')).not.toContain('p4ssw0rd');
    expect(result.log.join('\n')).toContain(
      `${image} is in the registry (sha256:present): nothing to build`,
    );
    expect(result.summary).toContain('exists');
  });

  it('fails the step, naming the source and not the password, when the registry refuses it', async () => {
    const result = await runStep('images-build', run, {
      inputs: { workspace: root, 'registry-username': 'ci', 'registry-password': 'wrong-one' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors.at(-1)).toMatch(
      /^images-build: registry 127\.0\.0\.1:\d+: expected it to answer for .*, found 401 with the credentials from REGISTRY_USERNAME and REGISTRY_PASSWORD$/,
    );
    expect([...result.log, ...result.errors].join('\n')).not.toContain('wrong-one');
  });
});
