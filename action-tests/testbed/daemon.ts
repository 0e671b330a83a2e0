import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from '../../shared/util/sleep.js';
import { tailFile } from './exec.js';
import { logPath, stateDir } from './paths.js';

// What `up` remembers about a process it started, so a later `up`, `status` or `down` (run from
// another shell, or from jest's globalSetup) can find it again.
export interface DaemonRecord {
  name: string;
  pid: number;
  command: string;
  args: string[];
  fingerprint: string;
  startedAt: string;
  /** See DaemonSpec.processName. */
  processName?: string;
}

export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  /** On top of this process's environment; an undefined value removes the variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  // Resolves true once the service answers; polled after start and on every warm `up`.
  health: () => Promise<boolean>;
  startTimeoutMs?: number;
  /**
   * When `command` execs another program (nsenter), the name in the running process's command
   * line, by which a later `up` or `status` recognises it.
   */
  processName?: string;
}

export class ComponentError extends Error {
  constructor(
    readonly component: string,
    message: string,
    readonly logTail: string,
  ) {
    super(`${component}: ${message}\n--- last lines of the ${component} log ---\n${logTail}`);
    this.name = 'ComponentError';
  }
}

function recordPath(name: string): string {
  return path.join(stateDir(), 'run', `${name}.json`);
}

export function readRecord(name: string): DaemonRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(recordPath(name), 'utf8')) as DaemonRecord;
  } catch {
    return undefined;
  }
}

export function listRecords(): DaemonRecord[] {
  const dir = path.join(stateDir(), 'run');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const rec = readRecord(f.slice(0, -'.json'.length));
      return rec ? [rec] : [];
    });
}

// A pid alone can be reused by an unrelated process after a reboot, so the command line must
// still name the binary we started.
export function isRunning(rec: DaemonRecord): boolean {
  try {
    process.kill(rec.pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = fs.readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8');
    return cmdline.includes(rec.processName ?? path.basename(rec.command));
  } catch {
    // No procfs (macOS): the signal probe is the best available evidence.
    return true;
  }
}

export function fingerprintOf(spec: DaemonSpec): string {
  const h = crypto.createHash('sha256');
  h.update(JSON.stringify([spec.command, spec.args, spec.env ?? {}, spec.cwd ?? '']));
  return h.digest('hex').slice(0, 16);
}

// Starts the process in its own session (so it outlives `up` and jest's globalSetup, and
// so `down` can signal its whole process group), with output appended to logs/NAME.log.
// Also says whether the child has exited: until its execve, /proc/PID/cmdline is still node's,
// so isRunning() of a process just started can read false while it is starting.
export function startDaemon(spec: DaemonSpec): { record: DaemonRecord; exited: () => boolean } {
  const log = logPath(spec.name);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  fs.mkdirSync(path.dirname(recordPath(spec.name)), { recursive: true });
  const fd = fs.openSync(log, 'a');
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} ${spec.command} ${spec.args.join(' ')}\n`);
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  if (child.pid === undefined) {
    throw new ComponentError(spec.name, `could not start ${spec.command}`, tailFile(log));
  }
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.unref();
  const rec: DaemonRecord = {
    name: spec.name,
    pid: child.pid,
    command: spec.command,
    args: spec.args,
    fingerprint: fingerprintOf(spec),
    ...(spec.processName ? { processName: spec.processName } : {}),
    startedAt: new Date().toISOString(),
  };
  fs.writeFileSync(recordPath(spec.name), `${JSON.stringify(rec, null, 2)}\n`);
  return { record: rec, exited: () => exited };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

// SIGTERM the whole group (servers such as mlflow fork workers), then SIGKILL what is left.
export async function stopDaemon(name: string, graceMs = 10_000): Promise<boolean> {
  const rec = readRecord(name);
  if (!rec) return false;
  let stopped = false;
  if (isRunning(rec) || groupAlive(rec.pid)) {
    signalGroup(rec.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (groupAlive(rec.pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(rec.pid)) signalGroup(rec.pid, 'SIGKILL');
    while (groupAlive(rec.pid)) await sleep(50);
    stopped = true;
  }
  fs.rmSync(recordPath(name), { force: true });
  return stopped;
}

// The testbed's modules wait with the same sleep as the core.
export { sleep };

export async function safeHealth(check: () => Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch {
    return false;
  }
}

export type EnsureResult = 'kept' | 'started';

// Keeps a healthy process whose command line is unchanged; otherwise (dead, unhealthy, or
// started with other flags, e.g. a dependency moved to another port) replaces it.
export async function ensureDaemon(spec: DaemonSpec): Promise<EnsureResult> {
  const rec = readRecord(spec.name);
  if (
    rec &&
    isRunning(rec) &&
    rec.fingerprint === fingerprintOf(spec) &&
    (await safeHealth(spec.health))
  ) {
    return 'kept';
  }
  if (rec) await stopDaemon(spec.name);
  const started = startDaemon(spec);
  const deadline = Date.now() + (spec.startTimeoutMs ?? 60_000);
  for (;;) {
    if (await safeHealth(spec.health)) return 'started';
    if (started.exited()) {
      throw new ComponentError(spec.name, 'exited during start', tailFile(logPath(spec.name)));
    }
    if (Date.now() > deadline) {
      await stopDaemon(spec.name);
      throw new ComponentError(
        spec.name,
        `not healthy after ${(spec.startTimeoutMs ?? 60_000) / 1000}s`,
        tailFile(logPath(spec.name)),
      );
    }
    await sleep(250);
  }
}
