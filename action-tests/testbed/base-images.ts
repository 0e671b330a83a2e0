import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { capture, run } from './exec.js';
import { withLock } from './lock.js';
import { cacheDir, logPath } from './paths.js';
import { step } from './progress.js';
import { versions } from './versions.js';

// Public registries cannot be reached here, so the runtime image's two FROM images are made on
// the machine and served by the bed's registry: a Debian 12 base from Debian's packages (its
// python3 is 3.11, what the runtime needs) and uv's image from the uv binary the bed installed
// from PyPI. Both are pushed only when the registry lacks their tag.

export interface BaseImages {
  base: string;
  uv: string;
}

// Bumped when a recipe changes in a way its inputs do not show.
const recipeVersion = '1';
const suite = 'bookworm';
const includes = ['python3', 'ca-certificates', 'git', 'passwd'];

function hashOf(parts: string[]): string {
  return crypto.createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 12);
}

function imagesDir(): string {
  return path.join(cacheDir(), 'images');
}

async function hasTag(ref: string): Promise<boolean> {
  const inspect = await capture('skopeo', ['inspect', '--tls-verify=false', `docker://${ref}`], {
    timeoutMs: 30_000,
  });
  return inspect.code === 0;
}

/** debootstrap once per recipe into the cache; a half-made root filesystem is never used. */
async function debianRootfs(key: string, log: string): Promise<string> {
  const dir = path.join(imagesDir(), `debian-${suite}-${key}`);
  const rootfs = path.join(dir, 'rootfs');
  if (fs.existsSync(rootfs)) return rootfs;
  fs.mkdirSync(imagesDir(), { recursive: true });
  return withLock(`${dir}.lock`, async () => {
    if (fs.existsSync(rootfs)) return rootfs;
    const partial = `${rootfs}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    await step(`debian ${suite} root filesystem: debootstrap (log ${log})`, () =>
      run(
        'debootstrap',
        [
          '--variant=minbase',
          `--include=${includes.join(',')}`,
          suite,
          partial,
          'http://deb.debian.org/debian',
        ],
        { logFile: log },
      ),
    );
    // What an image should not carry: package lists and caches, and the build host's resolver.
    for (const sub of ['var/lib/apt/lists', 'var/cache/apt', 'var/log']) {
      fs.rmSync(path.join(partial, sub), { recursive: true, force: true });
      fs.mkdirSync(path.join(partial, sub), { recursive: true });
    }
    fs.writeFileSync(path.join(partial, 'etc/resolv.conf'), '');
    fs.renameSync(partial, rootfs);
    return rootfs;
  });
}

/** Packs a folder as a one-layer image and pushes it to `ref` (plain HTTP, the bed's registry). */
async function pushRootfs(rootfs: string, ref: string, config: string[], log: string) {
  const work = fs.mkdtempSync(path.join(imagesDir(), 'pack-'));
  try {
    const layout = path.join(work, 'layout');
    const image = `${layout}:image`;
    const umoci = (args: string[]) => run('umoci', args, { logFile: log });
    await umoci(['init', '--layout', layout]);
    await umoci(['new', '--image', image]);
    await umoci(['insert', '--image', image, rootfs, '/']);
    await umoci([
      'config',
      '--image',
      image,
      '--os',
      'linux',
      '--architecture',
      'amd64',
      ...config,
    ]);
    await run(
      'skopeo',
      ['copy', '--quiet', '--dest-tls-verify=false', `oci:${image}`, `docker://${ref}`],
      { logFile: log },
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function ensureImage(
  ref: string,
  make: (log: string) => Promise<{ rootfs: string; config: string[] }>,
  log: string,
): Promise<string> {
  if (await hasTag(ref)) return ref;
  await withLock(path.join(imagesDir(), `${ref.replace(/[^\w.-]+/g, '_')}.lock`), async () => {
    if (await hasTag(ref)) return;
    const { rootfs, config } = await make(log);
    await step(`image ${ref}: pack and push`, () => pushRootfs(rootfs, ref, config, log));
  });
  return ref;
}

export async function ensureBaseImages(registryHost: string, uvBin: string): Promise<BaseImages> {
  fs.mkdirSync(imagesDir(), { recursive: true });
  const log = logPath('base-images');
  const baseKey = hashOf([recipeVersion, suite, ...includes]);
  const base = `${registryHost}/mlenv/debian:${suite}-python3.11-${baseKey}`;
  const uvx = path.join(path.dirname(uvBin), 'uvx');
  const uvKey = hashOf([recipeVersion, versions.uv, String(fs.statSync(uvBin).size)]);
  const uv = `${registryHost}/astral-sh/uv:${versions.uv}-${uvKey}`;
  const [baseRef, uvRef] = await Promise.all([
    ensureImage(
      base,
      async (l) => ({
        rootfs: await debianRootfs(baseKey, l),
        config: [
          '--config.env',
          'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        ],
      }),
      log,
    ),
    ensureImage(
      uv,
      async () => {
        // A scratch image holding only /uv and /uvx, as uv's own image does.
        const rootfs = path.join(imagesDir(), `uv-${uvKey}`);
        fs.rmSync(rootfs, { recursive: true, force: true });
        fs.mkdirSync(rootfs, { recursive: true });
        fs.copyFileSync(uvBin, path.join(rootfs, 'uv'));
        fs.copyFileSync(uvx, path.join(rootfs, 'uvx'));
        fs.chmodSync(path.join(rootfs, 'uv'), 0o755);
        fs.chmodSync(path.join(rootfs, 'uvx'), 0o755);
        return { rootfs, config: ['--config.entrypoint', '/uv'] };
      },
      logPath('uv-image'),
    ),
  ]);
  return { base: baseRef, uv: uvRef };
}
