import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { workspaceSchema } from '../../config/schema.js';
import type { Workspace } from '../../config/workspace.js';
import { lockHash } from '../../environment/index.js';
import { ConfigurationError, ExternalError, OptionError } from '../../errors/index.js';
import { createMemoryLogger } from '../../logger/index.js';
import { buildRuntimeImage, resolveCaBundle, runtimeImageRef } from './build-runtime-image.js';
import type { BuildPlan, ImageBuilder } from './builders/builder.js';
import type { MachineBuilders } from './builders/choose.js';
import { startTokenRegistry, type TokenRegistry } from './testing/token-registry.js';

// The orchestration around a builder: the tag check first, the builder only on a miss, the
// registry checked after the push. The builder here records its plan and "pushes" into the
// in-memory registry; action-tests/integration/images-build.test.ts builds for real.

const scratch = mkdtempSync(path.join(tmpdir(), 'mlenv-build-image-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let registry: TokenRegistry;
afterEach(() => registry?.close());

let count = 0;
async function workspaceFor(image: string): Promise<Workspace> {
  const root = path.join(scratch, `ws-${count++}`);
  await mkdir(path.join(root, 'environment'), { recursive: true });
  await writeFile(path.join(root, 'environment', 'requirements.lock'), `# lock ${count}\n`);
  const config = workspaceSchema.parse({
    apiVersion: 'mlenv/v1',
    kind: 'Workspace',
    projects: ['projects/*'],
    environment: {
      python: '3.11',
      cuda: 'cpu',
      requirements: 'environment/requirements.in',
      lock: 'environment/requirements.lock',
      image,
    },
  });
  return { root, file: path.join(root, 'mlenv.yaml'), config, projects: [], warnings: [] };
}

const machine: MachineBuilders = {
  docker: { ok: false, detail: 'docker not found' },
  buildx: { ok: false, detail: 'docker not found' },
  buildah: { ok: true, detail: 'buildah 1.28.2' },
};

/** A builder that pushes (or, with `lose`, claims to) into the in-memory registry. */
function recordingBuilder(options: { lose?: boolean } = {}) {
  const plans: { plan: BuildPlan; dockerfile: string }[] = [];
  const builder: ImageBuilder = {
    name: 'buildah',
    async build(plan) {
      plans.push({ plan, dockerfile: readFileSync(plan.dockerfile, 'utf8') });
      const [repository, tag] = plan.image.slice(registry.host.length + 1).split(':');
      if (!options.lose)
        registry.manifests.set(`${repository}:${tag}`, {
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          digest: 'sha256:pushed',
          body: JSON.stringify({ config: { size: 10 }, layers: [{ size: 2048 }] }),
        });
      return { buildSeconds: 1.5, pushSeconds: 0.5, digest: 'sha256:from-builder' };
    },
  };
  return { builder, plans };
}

describe('buildRuntimeImage', () => {
  it('tags the image with the lock hash: <environment.image>:<lock hash>', async () => {
    const workspace = await workspaceFor('10.1.0.1:5000/mlenv/runtime');
    expect(runtimeImageRef(workspace, await lockHash(workspace))).toBe(
      `10.1.0.1:5000/mlenv/runtime:${await lockHash(workspace)}`,
    );
  });

  it('builds a missing tag, pushes, checks the registry, and reports builder, digest, size', async () => {
    registry = await startTokenRegistry({ anonymous: true });
    const workspace = await workspaceFor(`${registry.host}/mlenv/runtime`);
    const { builder, plans } = recordingBuilder();
    const logger = createMemoryLogger();
    const result = await buildRuntimeImage({
      workspace,
      logger,
      baseImage: '10.1.0.1:5000/mirror/debian:bookworm',
      python: '/usr/bin/python3.11',
      insecureRegistries: ['10.1.0.1:5000'],
      probeBuilders: async () => machine,
      builders: { buildah: builder },
    });
    const image = `${registry.host}/mlenv/runtime:${await lockHash(workspace)}`;
    expect(result).toMatchObject({
      image,
      status: 'built',
      pushed: true,
      builder: {
        name: 'buildah',
        reason: expect.stringContaining('buildah 1.28.2 builds without one'),
      },
      digest: 'sha256:pushed',
      size: 2058,
      buildArgs: {
        BASE_IMAGE: '10.1.0.1:5000/mirror/debian:bookworm',
        MLENV_PYTHON: '/usr/bin/python3.11',
      },
      seconds: { build: 1.5, push: 0.5 },
    });
    expect(plans).toHaveLength(1);
    const [{ plan, dockerfile }] = plans as [{ plan: BuildPlan; dockerfile: string }];
    expect(plan).toMatchObject({
      context: workspace.root,
      image,
      push: true,
      registry: registry.host,
    });
    // Both the image's loopback registry and the named base registry are plain HTTP.
    expect([...plan.plainHttp].sort()).toEqual(['10.1.0.1:5000', registry.host].sort());
    // The base from the named registry, uv from the Dockerfile's default.
    expect(plan.pullRegistries).toEqual(['10.1.0.1:5000', 'ghcr.io']);
    expect(dockerfile).toContain(`mlenv.lock-hash="${await lockHash(workspace)}"`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's own syntax.
    expect(dockerfile).toContain('FROM ${BASE_IMAGE}');
    // The Dockerfile was a scratch file: gone after the build.
    expect(existsSync(plan.dockerfile)).toBe(false);
    expect(logger.lines).toContain(`${image} is not in the registry: building it`);
    expect(
      logger.lines.some((l) => l.startsWith('Builder: buildah, because no Docker engine')),
    ).toBe(true);
    expect(logger.lines.at(-1)).toMatch(
      new RegExp(
        `^Built and pushed ${image.replace(/[.]/g, '\\.')} with buildah in .*digest sha256:pushed, 2\\.0 KiB compressed$`,
      ),
    );
  });

  it('does nothing when the tag is there: no probe, no builder, and says so', async () => {
    registry = await startTokenRegistry({ anonymous: true });
    const workspace = await workspaceFor(`${registry.host}/mlenv/runtime`);
    const { builder, plans } = recordingBuilder();
    await buildRuntimeImage({
      workspace,
      logger: createMemoryLogger(),
      probeBuilders: async () => machine,
      builders: { buildah: builder },
    });
    let probed = 0;
    const logger = createMemoryLogger();
    const again = await buildRuntimeImage({
      workspace,
      logger,
      probeBuilders: async () => {
        probed++;
        return machine;
      },
      builders: { buildah: builder },
    });
    expect(again).toMatchObject({ status: 'exists', pushed: false, digest: 'sha256:pushed' });
    expect(again.builder).toBeUndefined();
    expect([plans.length, probed]).toEqual([1, 0]);
    expect(logger.lines.filter((l) => !l.startsWith('debug:'))).toEqual([
      expect.stringMatching(
        / is in the registry \(sha256:pushed\): nothing to build \(checked in [\d.]+ s\)$/,
      ),
    ]);
  });

  it('fails when the registry lacks the tag after a push that reported success', async () => {
    registry = await startTokenRegistry({ anonymous: true });
    const workspace = await workspaceFor(`${registry.host}/mlenv/runtime`);
    const { builder } = recordingBuilder({ lose: true });
    const building = buildRuntimeImage({
      workspace,
      logger: createMemoryLogger(),
      probeBuilders: async () => machine,
      builders: { buildah: builder },
    });
    await expect(building).rejects.toThrow(ExternalError);
    await expect(building).rejects.toThrow(
      /the buildah push ended without an error, but the registry has no such tag/,
    );
  });

  it('refuses to build when the registry refuses the credentials it was given', async () => {
    registry = await startTokenRegistry({ user: { username: 'ci', password: 'right' } });
    const workspace = await workspaceFor(`${registry.host}/mlenv/runtime`);
    const { builder, plans } = recordingBuilder();
    const building = buildRuntimeImage({
      workspace,
      logger: createMemoryLogger(),
      env: { REGISTRY_USERNAME: 'ci', REGISTRY_PASSWORD: 'wrong' },
      probeBuilders: async () => machine,
      builders: { buildah: builder },
    });
    await expect(building).rejects.toThrow(ConfigurationError);
    await expect(building).rejects.toThrow(
      /expected it to answer for .*, found 401 with the credentials from REGISTRY_USERNAME and REGISTRY_PASSWORD/,
    );
    expect(plans).toEqual([]);
  });

  it('with dryRun says what it would run and builds nothing', async () => {
    registry = await startTokenRegistry({ anonymous: true });
    const workspace = await workspaceFor(`${registry.host}/mlenv/runtime`);
    const { builder, plans } = recordingBuilder();
    const logger = createMemoryLogger();
    const result = await buildRuntimeImage({
      workspace,
      logger,
      dryRun: true,
      buildahRoot: path.join(scratch, 'buildah'),
      probeBuilders: async () => machine,
      builders: { buildah: builder },
    });
    expect(result.status).toBe('would-build');
    expect(plans).toEqual([]);
    expect(result.commands?.map((argv) => argv.slice(7, 8)[0])).toEqual(['build', 'push']);
    expect(result.commands?.[0]).toContain('<runtime/Dockerfile as rendered now>');
    expect(logger.lines).toContain(
      'Dry run: would render the Dockerfile from the workspace and run:',
    );
    expect(registry.manifests.size).toBe(0);
  });
});

describe('resolveCaBundle', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlenv-ca-'));
  const bundle = path.join(dir, 'ca.pem');
  writeFileSync(bundle, '-----BEGIN CERTIFICATE-----\n');
  const empty = path.join(dir, 'empty.pem');
  writeFileSync(empty, '');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes --ca-bundle, else SSL_CERT_FILE as uv on this machine does, and none turns it off', () => {
    expect(resolveCaBundle(bundle, {})).toEqual({ file: bundle, from: '--ca-bundle' });
    expect(resolveCaBundle(undefined, { SSL_CERT_FILE: bundle })).toEqual({
      file: bundle,
      from: 'SSL_CERT_FILE',
    });
    expect(resolveCaBundle('none', { SSL_CERT_FILE: bundle })).toBeUndefined();
    expect(resolveCaBundle(undefined, {})).toBeUndefined();
  });

  it('names the option or the variable, and what it found, for a bundle that cannot be used', () => {
    expect(() => resolveCaBundle(path.join(dir, 'missing.pem'), {})).toThrow(
      new OptionError(
        'ca-bundle',
        `expected a CA bundle file, found nothing at ${dir}/missing.pem`,
      ),
    );
    expect(() => resolveCaBundle(empty, {})).toThrow(
      /--ca-bundle: expected a CA bundle, found an empty file/,
    );
    expect(() => resolveCaBundle(undefined, { SSL_CERT_FILE: '/no/such.pem' })).toThrow(
      /^SSL_CERT_FILE \(the CA bundle the build uses unless --ca-bundle says otherwise\): expected a CA bundle file, found nothing at \/no\/such\.pem$/,
    );
    expect(() => resolveCaBundle('/a,b.pem', {})).toThrow(/without a comma, found "\/a,b\.pem"/);
  });
});
