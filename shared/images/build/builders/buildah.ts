import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statfsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExternalError } from '../../../errors/index.js';
import type { Logger } from '../../../logger/index.js';
import { buildArgFlags, caBundleFlags } from '../build-args.js';
import { runCommand } from '../command.js';
import type { RegistryCredentials } from '../registry/credentials.js';
import type { BuildOutcome, BuildPlan, ImageBuilder } from './builder.js';

// buildah builds from a Dockerfile without a daemon: the machine needs no Docker engine, only
// the buildah package. `--isolation chroot` runs each RUN in a chroot rather than in a runc
// container with its own namespaces, which works as root on a machine without systemd, inside CI
// containers and on cgroup v1 alike; `--layers` keeps every step as a cached layer, so a build
// after a lock change redoes only the steps from the lock on.

export type StorageDriver = 'overlay' | 'vfs';

export interface BuildahStorage {
  driver: StorageDriver;
  /** containers-storage's graph root: images and cached layers. */
  root: string;
  /** Its run root: locks and mount state, which must not outlive a reboot. */
  runroot: string;
}

const OVERLAYFS_MAGIC = 0x794c7630;

/** ~/.cache/mlenv/buildah unless the caller names a folder (`--buildah-root`). */
export function defaultBuildahRoot(home = os.homedir()): string {
  return path.join(home, '.cache', 'mlenv', 'buildah');
}

/**
 * overlay where the kernel has it and the storage folder is not itself on overlayfs (inside a
 * container it usually is, and overlay cannot stack on overlay), else vfs: slower and bigger (a
 * full copy per layer) but works everywhere. Each driver keeps its own folder: containers-storage
 * refuses to open a store made by another driver.
 */
export function chooseStorageDriver(probe: {
  kernelFilesystems: string;
  /** statfs type of the storage folder (or the nearest existing parent). */
  folderFsType: number | undefined;
}): { driver: StorageDriver; why: string } {
  const kernelHasOverlay = /^\s*(nodev\s+)?overlay\s*$/m.test(probe.kernelFilesystems);
  if (!kernelHasOverlay) return { driver: 'vfs', why: 'the kernel lists no overlay filesystem' };
  if (probe.folderFsType === OVERLAYFS_MAGIC)
    return { driver: 'vfs', why: 'the storage folder is on overlayfs, where overlay cannot stack' };
  return { driver: 'overlay', why: 'the kernel supports overlay' };
}

function realPathOf(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}

function fsTypeOf(folder: string): number | undefined {
  let dir = folder;
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    return Number(statfsSync(dir).type);
  } catch {
    return undefined;
  }
}

export function buildahStorage(
  base: string,
  logger: Logger,
  runBase = defaultRunBase(),
): BuildahStorage {
  let kernelFilesystems = '';
  try {
    kernelFilesystems = readFileSync('/proc/filesystems', 'utf8');
  } catch {
    // Not Linux, or no /proc: vfs, and buildah says what else is wrong.
  }
  const { driver, why } = chooseStorageDriver({
    kernelFilesystems,
    folderFsType: fsTypeOf(base),
  });
  logger.debug(`buildah storage driver ${driver}: ${why}`);
  const root = path.join(base, driver);
  // One run root per store: two stores sharing one would share their lock and mount records, and
  // one store reached by two paths (a symlinked cache) must not get two.
  const id = createHash('sha256').update(realPathOf(root)).digest('hex').slice(0, 12);
  return { driver, root, runroot: path.join(runBase, `${id}-${driver}`) };
}

/** /run is emptied at boot, which is what a run root needs; a user without it gets its own. */
function defaultRunBase(): string {
  const uid = process.getuid?.() ?? 0;
  if (process.env.XDG_RUNTIME_DIR) return path.join(process.env.XDG_RUNTIME_DIR, 'mlenv-buildah');
  if (uid === 0) return '/run/mlenv-buildah';
  return path.join(os.tmpdir(), `mlenv-buildah-run-${uid}`);
}

/** buildah's global flags that open this store. */
export function storageFlags(storage: BuildahStorage): string[] {
  return ['--root', storage.root, '--runroot', storage.runroot, '--storage-driver', storage.driver];
}

/**
 * TLS verification off only where the step talks to a plain-HTTP registry: the build to those it
 * pulls from, the push to the image's. buildah's switch covers every pull of the build, so it is
 * set only when one of them needs it.
 */
function tlsFlags(plan: BuildPlan, pulling: boolean): string[] {
  const talksTo = pulling ? plan.pullRegistries : [plan.registry];
  return talksTo.some((r) => plan.plainHttp.includes(r)) ? ['--tls-verify=false'] : [];
}

export function buildahBuildArgv(
  plan: BuildPlan,
  storage: BuildahStorage,
  authFile?: string,
): string[] {
  return [
    'buildah',
    ...storageFlags(storage),
    'build',
    '--isolation',
    'chroot',
    '--layers',
    // buildah 1.28 otherwise keeps the working container of a stage that is only copied from
    // (the uv stage), still mounted, after every successful build.
    '--force-rm',
    // Docker's image format keeps SHELL (pipefail) for images built FROM this one; OCI's has no
    // field for it, and buildah warns at every step.
    '--format',
    'docker',
    '--file',
    plan.dockerfile,
    '--tag',
    plan.image,
    ...buildArgFlags(plan.buildArgs),
    ...caBundleFlags(plan),
    ...tlsFlags(plan, true),
    ...(authFile ? ['--authfile', authFile] : []),
    plan.context,
  ];
}

export function buildahPushArgv(
  plan: BuildPlan,
  storage: BuildahStorage,
  digestFile: string,
  authFile?: string,
): string[] {
  return [
    'buildah',
    ...storageFlags(storage),
    'push',
    ...tlsFlags(plan, false),
    ...(authFile ? ['--authfile', authFile] : []),
    '--digestfile',
    digestFile,
    plan.image,
    `docker://${plan.image}`,
  ];
}

/** An auth file for this build alone, so a password never appears in an argv (`ps` shows those). */
async function writeAuthFile(dir: string, registry: string, credentials: RegistryCredentials) {
  const file = path.join(dir, 'auth.json');
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  await writeFile(file, JSON.stringify({ auths: { [registry]: { auth } } }), { mode: 0o600 });
  return file;
}

async function step(argv: string[], what: string, logger: Logger): Promise<number> {
  const started = performance.now();
  logger.debug(`$ ${argv.join(' ')}`);
  const outcome = await runCommand(argv, logger);
  if (outcome.exitCode !== 0)
    throw new ExternalError(
      `buildah ${what} failed (exit ${outcome.exitCode}); its last lines:\n${outcome.tail}`,
    );
  return (performance.now() - started) / 1000;
}

export function createBuildahBuilder(options: { root?: string } = {}): ImageBuilder {
  return {
    name: 'buildah',
    async build(plan: BuildPlan, logger: Logger): Promise<BuildOutcome> {
      const storage = buildahStorage(options.root ?? defaultBuildahRoot(), logger);
      await mkdir(storage.root, { recursive: true });
      await mkdir(storage.runroot, { recursive: true });
      const scratch = await mkdtemp(path.join(os.tmpdir(), 'mlenv-buildah-'));
      try {
        const authFile = plan.credentials
          ? await writeAuthFile(scratch, plan.registry, plan.credentials)
          : undefined;
        logger.info(`buildah: storage ${storage.root} (${storage.driver})`);
        const buildSeconds = await step(buildahBuildArgv(plan, storage, authFile), 'build', logger);
        if (!plan.push) return { buildSeconds };
        const digestFile = path.join(scratch, 'digest');
        const pushSeconds = await step(
          buildahPushArgv(plan, storage, digestFile, authFile),
          'push',
          logger,
        );
        const digest = (await readFile(digestFile, 'utf8').catch(() => '')).trim() || undefined;
        return { buildSeconds, pushSeconds, digest };
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
  };
}
