import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A process as another process can recognise it later: a pid alone is not enough, since pids are
 * reused, so the start time goes with it.
 */
export interface ProcessIdentity {
  host: string;
  pid: number;
  /** /proc/<pid>/stat field 22 (clock ticks since boot); null where there is no /proc. */
  startTime: string | null;
}

/** Fields 3.. of /proc/<pid>/stat; the command name (field 2) may hold spaces and ")". */
export function parseProcStat(text: string): { state: string; startTime: string } | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const state = fields[0];
  const startTime = fields[22 - 3];
  if (!state || !startTime || !/^\d+$/.test(startTime)) return null;
  return { state, startTime };
}

function procStat(pid: number): { state: string; startTime: string } | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** The start time of a process in clock ticks since boot, or null (no such process, no /proc). */
export function readProcessStartTime(pid: number): string | null {
  return procStat(pid)?.startTime ?? null;
}

/** This machine's name as identities record it. */
export function thisHost(): string {
  return hostname();
}

/** The identity of a process of this machine (default: this one). */
export function processIdentity(pid: number = process.pid): ProcessIdentity {
  return { host: thisHost(), pid, startTime: readProcessStartTime(pid) };
}

const HAS_PROC = existsSync('/proc/self/stat');

/**
 * Whether the process still runs on this machine: same pid, same start time (when one was
 * recorded), and not a zombie. Says nothing about processes of other hosts; callers check the host.
 */
export function isSameProcessAlive(target: { pid: number; startTime: string | null }): boolean {
  if (HAS_PROC) {
    const stat = procStat(target.pid);
    if (!stat) return false;
    // A SIGKILLed child stays a zombie until its parent reaps it, yet runs nothing.
    if (stat.state === 'Z' || stat.state === 'X') return false;
    return target.startTime === null || stat.startTime === target.startTime;
  }
  try {
    process.kill(target.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a process group still has a member that runs: kill(-pgid, 0) alone succeeds while only
 * zombies are left, so where /proc exists the members are looked at.
 */
export function isProcessGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (!HAS_PROC) return true;
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return true;
  }
  for (const entry of entries) {
    let text: string;
    try {
      text = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = text
      .slice(text.lastIndexOf(')') + 1)
      .trim()
      .split(/\s+/);
    // fields[0] is field 3 (state), fields[2] field 5 (process group).
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}
