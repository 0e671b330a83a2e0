import { randomUUID } from 'node:crypto';
import {
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { ConfigurationError, ExternalError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { isSameProcessAlive, readProcessStartTime } from '../process/identity.js';
import { sleep } from '../util/sleep.js';

/** What a lock file holds: enough to tell a live holder from a dead one and to name it. */
export interface GpuLockHolder {
  device: string;
  pid: number;
  /** /proc/<pid>/stat field 22; a reused pid has another start time. Null off Linux. */
  startTime: string | null;
  host: string;
  label: string;
  acquiredAt: string;
  /** Tells this lock from a later one on the same GPU, so release never removes another's. */
  token: string;
}

export interface GpuLease {
  indices: string[];
  /** The value for CUDA_VISIBLE_DEVICES, e.g. "2,3". */
  cudaVisibleDevices: string;
  /** Removes this lease's lock files; safe to call more than once. */
  release(): void;
}

export interface AcquireGpusOptions {
  count: number;
  /** The GPU indices (or UUIDs) this machine offers, in the order they should be handed out. */
  devices: readonly string[];
  lockDir: string;
  /** How long to wait for enough free GPUs; 0 tries once. */
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Names the job in the lock, so a waiting job can say who holds its GPUs. */
  label?: string;
  logger?: Logger;
}

export interface GpuHolding {
  device: string;
  holder: GpuLockHolder | null;
}

export class GpuLockTimeoutError extends ExternalError {
  readonly holders: readonly GpuHolding[];

  constructor(message: string, holders: readonly GpuHolding[]) {
    super(message);
    this.name = 'GpuLockTimeoutError';
    this.holders = holders;
  }
}

// A lock or mutex file is written right after its exclusive create; empty for longer than this
// means its writer died in between.
const UNWRITTEN_GRACE_MS = 2_000;

type LockState =
  | { kind: 'absent' }
  | { kind: 'held'; holder: GpuLockHolder; stale: boolean }
  | { kind: 'unwritten'; stale: boolean };

function readLock(file: string): LockState {
  let raw: string;
  let mtimeMs: number;
  try {
    raw = readFileSync(file, 'utf8');
    mtimeMs = statSync(file).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw error;
  }
  try {
    const holder = JSON.parse(raw) as GpuLockHolder;
    if (typeof holder.pid !== 'number' || typeof holder.token !== 'string') throw new Error();
    // A lock from another host (a shared lock directory) cannot be checked here, so it is
    // never reclaimed from here.
    const stale = holder.host === hostname() && !isSameProcessAlive(holder);
    return { kind: 'held', holder, stale };
  } catch {
    return { kind: 'unwritten', stale: Date.now() - mtimeMs > UNWRITTEN_GRACE_MS };
  }
}

function tokenOf(state: LockState): string | null {
  return state.kind === 'held' ? state.holder.token : null;
}

function newHolder(device: string, label: string): GpuLockHolder {
  return {
    device,
    pid: process.pid,
    startTime: readProcessStartTime(process.pid),
    host: hostname(),
    label,
    acquiredAt: new Date().toISOString(),
    token: randomUUID(),
  };
}

/** Creates `file` only if it does not exist (O_CREAT|O_EXCL); false when it does. */
function createExclusive(file: string, content: string): boolean {
  try {
    writeFileSync(file, content, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function unlinkIfExists(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export function gpuLockFile(lockDir: string, device: string): string {
  return path.join(lockDir, `gpu-${encodeURIComponent(device)}.lock`);
}

function mutexFile(lockDir: string): string {
  return path.join(lockDir, '.mutex');
}

/**
 * Moves a stale file aside and deletes it, unless it turns out to be a newer live one that a
 * faster process put there after we looked (then it goes back).
 */
function reclaim(file: string, seen: LockState): void {
  const aside = `${file}.stale-${process.pid}-${randomUUID()}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readLock(aside);
  if (tokenOf(moved) !== tokenOf(seen)) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone else created it meanwhile; theirs stands.
    }
  }
  unlinkIfExists(aside);
}

/**
 * Runs `critical` while holding the lock directory's mutex. Every GPU lock is created or
 * reclaimed under it, so two waiters that both find the same dead holder cannot both take its
 * GPU. It is held for a few file operations only.
 */
async function withMutex<T>(
  lockDir: string,
  deadline: number,
  signal: AbortSignal | undefined,
  critical: () => T,
): Promise<T> {
  const file = mutexFile(lockDir);
  const mine = newHolder('mutex', 'mutex');
  for (;;) {
    if (createExclusive(file, JSON.stringify(mine))) {
      try {
        return critical();
      } finally {
        if (tokenOf(readLock(file)) === mine.token) unlinkIfExists(file);
      }
    }
    const state = readLock(file);
    if (state.kind !== 'absent' && state.stale) {
      reclaim(file, state);
      continue;
    }
    if (Date.now() > deadline) {
      const who = state.kind === 'held' ? ` by pid ${state.holder.pid}` : '';
      throw new GpuLockTimeoutError(
        `timed out waiting for the GPU lock directory ${lockDir}: its mutex ${file} is held${who}`,
        [],
      );
    }
    await sleep(5 + Math.floor(Math.random() * 20), signal);
  }
}

function describeHolder(holder: GpuLockHolder): string {
  return `pid ${holder.pid} (job "${holder.label}" on ${holder.host}, since ${holder.acquiredAt})`;
}

function describeHoldings(holdings: readonly GpuHolding[]): string {
  return holdings
    .map(
      (h) => `GPU ${h.device} ${h.holder ? `is held by ${describeHolder(h.holder)}` : 'is free'}`,
    )
    .join('; ');
}

function validate(options: AcquireGpusOptions): void {
  const { count, devices } = options;
  if (!Number.isInteger(count) || count < 1) {
    throw new ConfigurationError(
      `the number of GPUs to lock must be a whole number ≥ 1, not ${count}`,
    );
  }
  if (devices.some((d) => d.trim() === '')) {
    throw new ConfigurationError(`a GPU index is empty in [${devices.join(', ')}]`);
  }
  if (new Set(devices).size !== devices.length) {
    throw new ConfigurationError(`GPU indices repeat in [${devices.join(', ')}]`);
  }
  if (count > devices.length) {
    throw new ConfigurationError(
      `${count} GPUs asked for, but this machine offers ${devices.length} (${devices.join(', ') || 'none'})`,
    );
  }
}

type Attempt =
  | { acquired: true; held: Map<string, GpuLockHolder> }
  | { acquired: false; holdings: GpuHolding[] };

function tryAcquire(options: AcquireGpusOptions, label: string): Attempt {
  const holdings: GpuHolding[] = [];
  const free: string[] = [];
  for (const device of options.devices) {
    const file = gpuLockFile(options.lockDir, device);
    const state = readLock(file);
    if (state.kind === 'absent' || state.stale) {
      free.push(device);
      holdings.push({ device, holder: null });
    } else {
      holdings.push({ device, holder: state.kind === 'held' ? state.holder : null });
    }
  }
  // All or nothing: holding some GPUs while waiting for more deadlocks two jobs that each
  // want two of them.
  if (free.length < options.count) return { acquired: false, holdings };
  const held = new Map<string, GpuLockHolder>();
  for (const device of free.slice(0, options.count)) {
    const file = gpuLockFile(options.lockDir, device);
    const state = readLock(file);
    if (state.kind !== 'absent') {
      if (!state.stale) {
        releaseHeld(options.lockDir, held);
        return { acquired: false, holdings };
      }
      reclaim(file, state);
    }
    const holder = newHolder(device, label);
    if (!createExclusive(file, JSON.stringify(holder))) {
      releaseHeld(options.lockDir, held);
      return { acquired: false, holdings };
    }
    held.set(device, holder);
  }
  return { acquired: true, held };
}

function releaseHeld(lockDir: string, held: ReadonlyMap<string, GpuLockHolder>): void {
  for (const [device, holder] of held) {
    const file = gpuLockFile(lockDir, device);
    if (tokenOf(readLock(file)) === holder.token) unlinkIfExists(file);
  }
}

/**
 * Locks `count` of `devices` for this process, waiting until that many are free at once. A lock
 * whose process has died (even by SIGKILL) is reclaimed by the next job that looks.
 */
export async function acquireGpus(options: AcquireGpusOptions): Promise<GpuLease> {
  validate(options);
  const pollMs = options.pollMs ?? 1_000;
  const label = options.label ?? `pid ${process.pid}`;
  const deadline = Date.now() + Math.max(0, options.timeoutMs);
  mkdirSync(options.lockDir, { recursive: true });
  let announced = false;
  for (;;) {
    options.signal?.throwIfAborted();
    const attempt = await withMutex(options.lockDir, deadline, options.signal, () =>
      tryAcquire(options, label),
    );
    if (attempt.acquired) {
      const indices = [...attempt.held.keys()];
      let released = false;
      return {
        indices,
        cudaVisibleDevices: indices.join(','),
        release() {
          if (released) return;
          released = true;
          releaseHeld(options.lockDir, attempt.held);
        },
      };
    }
    const busy = describeHoldings(attempt.holdings);
    if (Date.now() >= deadline) {
      throw new GpuLockTimeoutError(
        `timed out after ${options.timeoutMs} ms waiting for ${options.count} free GPU${options.count === 1 ? '' : 's'} in ${options.lockDir}: ${busy}`,
        attempt.holdings,
      );
    }
    if (!announced) {
      options.logger?.info(`waiting for ${options.count} free GPU(s): ${busy}`);
      announced = true;
    }
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())), options.signal);
  }
}

const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Releases the lease when this process exits or is interrupted, then lets the signal end the
 * process as it would have. SIGKILL cannot be caught: the next job reclaims those locks instead.
 * Returns a function that removes the handlers (and does not release).
 */
export function releaseOnExit(lease: GpuLease): () => void {
  const onExit = (): void => lease.release();
  const onSignal = (signal: NodeJS.Signals): void => {
    lease.release();
    unregister();
    // Re-raise only when nobody else handles it, so the exit status still says "killed by".
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  function unregister(): void {
    process.off('exit', onExit);
    for (const signal of EXIT_SIGNALS) process.off(signal, onSignal);
  }
  process.on('exit', onExit);
  for (const signal of EXIT_SIGNALS) process.on(signal, onSignal);
  return unregister;
}
