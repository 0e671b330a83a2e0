import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { describe, expect, it } from '@jest/globals';
import {
  isProcessGroupAlive,
  isSameProcessAlive,
  parseProcStat,
  processIdentity,
  readProcessStartTime,
} from './identity.js';

function deadPid(): number {
  const child = spawnSync('true');
  if (!child.pid) throw new Error('no pid');
  return child.pid;
}

describe('process identity', () => {
  it('reads the start time after a command name with spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    const stat = `4242 (weird ) name) S ${fields.slice(1).join(' ')}`;
    expect(parseProcStat(stat)).toEqual({ state: 'S', startTime: '22' });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('knows this process is alive and a finished one is not', () => {
    const startTime = readProcessStartTime(process.pid);
    expect(startTime).toMatch(/^\d+$/);
    expect(processIdentity()).toEqual({ host: hostname(), pid: process.pid, startTime });
    expect(isSameProcessAlive({ pid: process.pid, startTime })).toBe(true);
    expect(isSameProcessAlive({ pid: deadPid(), startTime: null })).toBe(false);
  });

  it('treats a pid that now belongs to a process started at another time as dead', () => {
    expect(isSameProcessAlive({ pid: process.pid, startTime: '1' })).toBe(false);
  });

  it('treats a killed child that its parent has not reaped yet (a zombie) as dead', async () => {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    if (!child.pid) throw new Error('no pid');
    const exited = once(child, 'exit');
    const identity = processIdentity(child.pid);
    expect(isSameProcessAlive(identity)).toBe(true);
    // Node reaps its children from the event loop; until the exit event the kernel keeps a zombie.
    child.kill('SIGKILL');
    const stopBy = Date.now() + 10_000;
    while (isSameProcessAlive(identity) && Date.now() < stopBy)
      await new Promise((r) => setTimeout(r, 10));
    expect(isSameProcessAlive(identity)).toBe(false);
    await exited;
  });

  it('sees a process group alive while a member runs, even after its leader is gone', async () => {
    // The leader starts a member in its own group and exits; the member keeps the group alive.
    const leader = spawn('sh', ['-c', 'sleep 60 & echo $!'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    if (!leader.pid) throw new Error('no pid');
    const pgid = leader.pid;
    const exited = once(leader, 'exit');
    const [chunk] = (await once(leader.stdout, 'data')) as [Buffer];
    const member = Number(chunk.toString().trim());
    await exited;
    try {
      expect(isSameProcessAlive({ pid: pgid, startTime: null })).toBe(false);
      expect(isProcessGroupAlive(pgid)).toBe(true);
    } finally {
      process.kill(member, 'SIGKILL');
    }
    const stopBy = Date.now() + 10_000;
    while (isProcessGroupAlive(pgid) && Date.now() < stopBy)
      await new Promise((r) => setTimeout(r, 10));
    expect(isProcessGroupAlive(pgid)).toBe(false);
  });
});
