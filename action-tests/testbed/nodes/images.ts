import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../exec.js';
import { withLock } from '../lock.js';
import { cacheDir, logPath, testbedDir } from '../paths.js';
import { step } from '../progress.js';
import { ctr } from './containerd.js';
import type { NodeLayout } from './layout.js';

// Images the real nodes need without any registry: the sandbox ("pause") image every pod starts
// with, and a busybox image for tests that need a shell and a few tools (sh, wget, nc, httpd).
// Both are made from files on this machine (a pause built with gcc, Debian's static busybox),
// packed by umoci into an OCI layout, and kept as a tar under ~/.cache named by a hash of what
// went in, so an unchanged recipe is never packed twice.

export interface LocalImage {
  /** As pods name it, e.g. `testbed/busybox:1a2b3c4d5e6f`. */
  ref: string;
  /** As containerd stores it (the normalised name): `docker.io/testbed/busybox:...`. */
  storedRef: string;
  /** The OCI layout tar that `ctr images import` loads. */
  tar: string;
}

// Bumped when the recipes below change in a way the inputs' hashes do not show.
const recipeVersion = '1';

export const pauseSource = path.join(testbedDir, 'nodes', 'pause.c');
const busyboxBinary = '/bin/busybox';

function hashOf(parts: (string | Buffer)[]): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 12);
}

function imagesDir(): string {
  return path.join(cacheDir(), 'images');
}

async function toolVersions(log: string): Promise<string> {
  const gcc = await run('gcc', ['--version'], { logFile: log });
  const umoci = await run('umoci', ['--version'], { logFile: log });
  return `${gcc.split('\n')[0]}|${umoci.trim()}`;
}

/**
 * Packs `rootfs` (a folder laid out as the image's /) into a one-layer OCI image named `ref`
 * and writes it as an OCI layout tar. The index carries containerd's own name annotation, so
 * `ctr images import` stores it under exactly `storedRef`.
 */
async function packImage(
  work: string,
  rootfs: string,
  storedRef: string,
  config: string[],
  tar: string,
  log: string,
): Promise<void> {
  const layout = path.join(work, 'layout');
  const tag = storedRef.slice(storedRef.lastIndexOf(':') + 1);
  const image = `${layout}:${tag}`;
  const umoci = (args: string[]) => run('umoci', args, { logFile: log });
  await umoci(['init', '--layout', layout]);
  await umoci(['new', '--image', image]);
  // Fixed dates, so the same inputs give the same image digest.
  const created = '2026-01-01T00:00:00Z';
  await umoci([
    'insert',
    '--image',
    image,
    '--history.created',
    created,
    '--history.created_by',
    'mlenv testbed (action-tests/testbed/nodes/images.ts)',
    rootfs,
    '/',
  ]);
  await umoci([
    'config',
    '--image',
    image,
    '--created',
    created,
    '--history.created',
    created,
    '--os',
    'linux',
    '--architecture',
    'amd64',
    ...config,
  ]);
  await umoci(['gc', '--layout', layout]);
  const indexFile = path.join(layout, 'index.json');
  const index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as {
    manifests: { annotations?: Record<string, string> }[];
  };
  if (index.manifests.length !== 1) {
    throw new Error(`expected one manifest in ${indexFile}, found ${index.manifests.length}`);
  }
  for (const m of index.manifests) {
    m.annotations = { ...m.annotations, 'io.containerd.image.name': storedRef };
  }
  fs.writeFileSync(indexFile, JSON.stringify(index));
  const partial = `${tar}.partial`;
  await run(
    'tar',
    ['-C', layout, '--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-cf', partial, '.'],
    { logFile: log },
  );
  fs.renameSync(partial, tar);
}

function touchTree(dir: string, when: Date): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) touchTree(p, when);
    fs.lutimesSync(p, when, when);
  }
  fs.lutimesSync(dir, when, when);
}

async function cachedImage(
  name: string,
  hash: string,
  build: (work: string, rootfs: string, log: string) => Promise<string[]>,
): Promise<LocalImage> {
  const ref = `testbed/${name}:${hash}`;
  const storedRef = `docker.io/${ref}`;
  const tar = path.join(imagesDir(), `${name}-${hash}.tar`);
  const image = { ref, storedRef, tar };
  if (fs.existsSync(tar)) return image;
  fs.mkdirSync(imagesDir(), { recursive: true });
  return withLock(`${tar}.lock`, async () => {
    if (fs.existsSync(tar)) return image;
    const log = logPath(`image-${name}`);
    await step(`image ${ref} (log ${log})`, async () => {
      const work = fs.mkdtempSync(path.join(imagesDir(), `${name}-work-`));
      try {
        const rootfs = path.join(work, 'rootfs');
        fs.mkdirSync(rootfs);
        const config = await build(work, rootfs, log);
        // umoci takes the files' times into the layer; fixed times keep the digest stable.
        touchTree(rootfs, new Date('2026-01-01T00:00:00Z'));
        await packImage(work, rootfs, storedRef, config, tar, log);
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    });
    return image;
  });
}

/** The sandbox image: nodes/pause.c, static, as /pause. */
export async function pauseImage(): Promise<LocalImage> {
  const log = logPath('image-pause');
  const hash = hashOf([recipeVersion, fs.readFileSync(pauseSource), await toolVersions(log)]);
  return cachedImage('pause', hash, async (work, rootfs) => {
    const bin = path.join(work, 'pause');
    await run('gcc', ['-static', '-O2', '-s', '-Wall', '-Wextra', '-o', bin, pauseSource], {
      logFile: log,
    });
    fs.copyFileSync(bin, path.join(rootfs, 'pause'));
    fs.chmodSync(path.join(rootfs, 'pause'), 0o755);
    return ['--config.entrypoint', '/pause'];
  });
}

/**
 * A small image with a shell: Debian's static busybox with its applets linked in /bin, /sbin,
 * /usr/bin and /usr/sbin, plus root and nobody in /etc/passwd.
 */
export async function busyboxImage(): Promise<LocalImage> {
  const log = logPath('image-busybox');
  const hash = hashOf([recipeVersion, fs.readFileSync(busyboxBinary), await toolVersions(log)]);
  return cachedImage('busybox', hash, async (_work, rootfs) => {
    const applets = (await run(busyboxBinary, ['--list-full'], { logFile: log }))
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    for (const dir of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'root', 'tmp', 'var/tmp']) {
      fs.mkdirSync(path.join(rootfs, dir), { recursive: true });
    }
    fs.chmodSync(path.join(rootfs, 'tmp'), 0o1777);
    fs.chmodSync(path.join(rootfs, 'var/tmp'), 0o1777);
    fs.copyFileSync(busyboxBinary, path.join(rootfs, 'bin', 'busybox'));
    fs.chmodSync(path.join(rootfs, 'bin', 'busybox'), 0o755);
    for (const applet of applets) {
      const target = path.join(rootfs, applet);
      if (applet === 'bin/busybox' || fs.existsSync(target)) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.symlinkSync(
        path.relative(path.dirname(target), path.join(rootfs, 'bin', 'busybox')),
        target,
      );
    }
    fs.writeFileSync(
      path.join(rootfs, 'etc', 'passwd'),
      'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
    );
    fs.writeFileSync(path.join(rootfs, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
    return [
      '--config.env',
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '--config.cmd',
      '/bin/sh',
    ];
  });
}

/** Loads the image into the node's containerd (the CRI's `k8s.io` namespace) unless it is there. */
export async function importImage(
  layout: NodeLayout,
  image: LocalImage,
): Promise<'kept' | 'imported'> {
  const listed = await ctr(layout, ['-n', 'k8s.io', 'images', 'ls', '-q']);
  if (listed.code !== 0) {
    throw new Error(`ctr images ls on ${layout.node.name} failed:\n${listed.output}`);
  }
  if (listed.stdout.split('\n').includes(image.storedRef)) return 'kept';
  const out = await ctr(layout, ['-n', 'k8s.io', 'images', 'import', image.tar], 120_000);
  if (out.code !== 0) {
    throw new Error(`ctr images import ${image.tar} on ${layout.node.name} failed:\n${out.output}`);
  }
  const after = await ctr(layout, ['-n', 'k8s.io', 'images', 'ls', '-q']);
  if (!after.stdout.split('\n').includes(image.storedRef)) {
    throw new Error(
      `after importing ${image.tar} into ${layout.node.name}, expected image ${image.storedRef}; ` +
        `found:\n${after.stdout}`,
    );
  }
  return 'imported';
}
