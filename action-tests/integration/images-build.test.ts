import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { loadWorkspace, type Workspace } from '../../shared/config/workspace.js';
import { lockEnvironment } from '../../shared/environment/index.js';
import {
  buildahStorage,
  createBuildahBuilder,
  storageFlags,
} from '../../shared/images/build/builders/buildah.js';
import { probeBuilders } from '../../shared/images/build/builders/choose.js';
import {
  type BuildRuntimeImageOptions,
  buildRuntimeImage,
  type ImageBuilder,
} from '../../shared/images/build/index.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { type PackageIndexServer, startPackageIndex } from '../package-index/server.js';
import { cacheDir, repoRoot } from '../testbed/paths.js';
import { loadTestbed, testbedFile } from '../testbed/testbed.js';
import { writeWorkspace } from './workspace-fixture.js';

// `mlenv images build` for real: buildah (no Docker engine here) builds the rendered runtime
// Dockerfile from the bed's base and uv images, installs a lock of one small pure-Python package
// from a real package index (the workspace's indexUrl, which the Dockerfile must pass to uv),
// pushes to the bed's registry (plain HTTP on the bridge gateway), and a second run finds the tag
// and does nothing.

// The registry and its images are recorded by their own bed component; read from the file as
// written, so that this test names what is missing rather than failing on a schema.
const bedImagesSchema = z.object({
  registry: z.object({ host: z.string() }),
  images: z.object({ base: z.string(), uv: z.string() }),
});

function bedImages() {
  const raw: unknown = JSON.parse(readFileSync(testbedFile(), 'utf8'));
  const parsed = bedImagesSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `${testbedFile()}: expected registry.host, images.base and images.uv (the bed's registry and the base and uv images in it), found ${z.prettifyError(parsed.error)}`,
    );
  return parsed.data;
}

// Debian 12's own interpreter in the bed's base image: uv cannot download one here.
const BASE_PYTHON = '/usr/bin/python3.11';

let index: PackageIndexServer;
let workspace: Workspace;
let root: string;
let bedRegistry: ReturnType<typeof bedImages>;
const saved = { ...process.env };

/** buildah, counted: the second run must not call it. */
// The bed's buildah store, kept between runs like a developer's: base layers are pulled once.
const buildahRoot = () => path.join(cacheDir(), 'buildah');

function countedBuildah(): ImageBuilder & { calls: number } {
  const real = createBuildahBuilder({ root: buildahRoot() });
  const counted = {
    name: real.name,
    calls: 0,
    build: (...args: Parameters<ImageBuilder['build']>) => {
      counted.calls++;
      return real.build(...args);
    },
  };
  return counted;
}

function options(builder: ImageBuilder): BuildRuntimeImageOptions {
  return {
    workspace,
    logger: createMemoryLogger(),
    builder: 'buildah',
    baseImage: bedRegistry.images.base,
    uvImage: bedRegistry.images.uv,
    python: BASE_PYTHON,
    insecureRegistries: [bedRegistry.registry.host],
    builders: { buildah: builder },
  };
}

beforeAll(async () => {
  bedRegistry = bedImages();
  const bed = loadTestbed();
  // A developer's own uv settings must not add indexes or caches to the lock.
  for (const key of Object.keys(process.env)) if (key.startsWith('UV_')) delete process.env[key];
  process.env.MLENV_UV = bed.tools.uv;
  index = await startPackageIndex({ packages: { leafpkg: [{ version: '1.0.0' }] } });
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-images-build-'));
  // A repository of its own per run: the tag (the lock hash) is the same every time.
  const repository = `${bedRegistry.registry.host}/mlenv-it/runtime-${Date.now().toString(36)}`;
  writeWorkspace(
    root,
    { environment: { image: repository, indexUrl: index.url } },
    // No lock yet: `mlenv env lock` writes it below, with the hashes the index serves.
    { 'environment/requirements.in': 'leafpkg==1.0.0\n', 'environment/requirements.lock': '' },
  );
  workspace = await loadWorkspace(root);
  await lockEnvironment(workspace, createMemoryLogger());
  workspace = await loadWorkspace(root);
}, 300_000);

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await index?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('mlenv images build with buildah and the bed registry', () => {
  it('this machine offers buildah and no Docker engine, so auto picks buildah', async () => {
    const found = await probeBuilders(createMemoryLogger());
    expect(found.buildah).toEqual({ ok: true, detail: expect.stringMatching(/^buildah \d+\.\d+/) });
    expect(found.docker.ok).toBe(false);
  });

  it('builds the missing tag, pushes it, and the registry has it with the lock installed', async () => {
    const lock = readFileSync(path.join(root, 'environment/requirements.lock'), 'utf8');
    expect(lock).toMatch(/^leafpkg==1\.0\.0 \\\n\s+--hash=sha256:[0-9a-f]{64}/m);
    const builder = countedBuildah();
    const requestsBefore = index.requests.length;
    const result = await buildRuntimeImage(options(builder));
    expect(result).toMatchObject({
      status: 'built',
      pushed: true,
      builder: { name: 'buildah', reason: expect.stringContaining('--builder buildah') },
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(builder.calls).toBe(1);
    expect(result.size).toBeGreaterThan(10 * 1024 * 1024);
    process.stdout.write(
      `images build (buildah, ${result.image}): ${JSON.stringify(result.seconds)}, ${result.size} bytes\n`,
    );

    // Another client than ours says the tag is there, with the same digest.
    const inspect = spawnSync(
      'skopeo',
      ['inspect', '--tls-verify=false', `docker://${result.image}`],
      { encoding: 'utf8' },
    );
    expect([inspect.status, inspect.stderr]).toEqual([0, '']);
    const inspected = JSON.parse(inspect.stdout) as {
      Digest: string;
      Labels: Record<string, string>;
    };
    expect(inspected.Digest).toBe(result.digest);
    expect(inspected.Labels['mlenv.lock-hash']).toBe(result.image.split(':').at(-1));

    // The build fetched the lock from the workspace's index (the Dockerfile passes indexUrl to
    // uv) into the venv, built on the base's own Python.
    const fetched = index.requests.slice(requestsBefore);
    expect(fetched).toContain('GET /simple/leafpkg/');
    expect(fetched.some((r) => /^GET \S*leafpkg-1\.0\.0-py3-none-any\.whl$/.test(r))).toBe(true);
    const flags = storageFlags(buildahStorage(buildahRoot(), createMemoryLogger()));
    const from = spawnSync('buildah', [...flags, 'from', '--pull=never', result.image], {
      encoding: 'utf8',
    });
    expect([from.status, from.stderr]).toEqual([0, '']);
    const container = from.stdout.trim();
    try {
      const run = spawnSync(
        'buildah',
        [
          ...flags,
          'run',
          '--isolation',
          'chroot',
          container,
          '--',
          'python',
          '-c',
          'import leafpkg, sys; print(leafpkg.__version__, sys.executable, sys.base_prefix)',
        ],
        { encoding: 'utf8' },
      );
      expect(run.stdout.trim()).toBe('1.0.0 /opt/mlenv/venv/bin/python /usr');
    } finally {
      spawnSync('buildah', [...flags, 'rm', container]);
    }
    // The build leaves no working container behind, and so nothing mounted in the store.
    const containers = spawnSync('buildah', [...flags, 'containers', '--all', '--quiet'], {
      encoding: 'utf8',
    });
    expect([containers.status, containers.stdout.trim()]).toEqual([0, '']);
    const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n');
    expect(mounts.filter((line) => line.includes(buildahRoot()))).toEqual([]);
  }, 600_000);

  it('finds the tag on the next run and does nothing: no builder, within the 2 s goal', async () => {
    const builder = countedBuildah();
    const started = performance.now();
    const result = await buildRuntimeImage(options(builder));
    const took = (performance.now() - started) / 1000;
    expect(result).toMatchObject({ status: 'exists', pushed: false });
    expect(result.builder).toBeUndefined();
    expect(builder.calls).toBe(0);
    expect(took).toBeLessThan(2);

    // The CLI says the same, as JSON, in its own process.
    const cli = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs'),
        path.join(repoRoot, 'cli/src/index.ts'),
        'images',
        'build',
        root,
        '--insecure-registry',
        bedRegistry.registry.host,
        '--json',
      ],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ image: result.image, status: 'exists' });
    expect(cli.stderr).toContain('nothing to build');
  });
});
