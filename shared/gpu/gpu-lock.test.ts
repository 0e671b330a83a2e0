import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../errors/index.js';
import { readProcessStartTime } from '../process/identity.js';
import { sleep, waitUntil } from '../util/sleep.js';
import { acquireGpus, type GpuLockHolder, GpuLockTimeoutError, gpuLockFile } from './gpu-lock.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const worker = path.join(import.meta.dirname, 'fixtures', 'lock-worker.ts');

let dir: string;
let lockDir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlenv-gpu-lock-'));
  lockDir = path.join(dir, 'locks');
  mkdirSync(lockDir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function deadPid(): number {
  const child = spawnSync('true');
  if (!child.pid) throw new Error('no pid');
  return child.pid;
}

function writeLock(device: string, holder: Partial<GpuLockHolder>): string {
  const file = gpuLockFile(lockDir, device);
  writeFileSync(
    file,
    JSON.stringify({
      device,
      pid: process.pid,
      startTime: readProcessStartTime(process.pid),
      host: hostname(),
      label: 'someone',
      acquiredAt: new Date().toISOString(),
      token: `t-${device}`,
      ...holder,
    }),
  );
  return file;
}

describe('acquireGpus in one process', () => {
  it('locks the GPUs, names them for CUDA_VISIBLE_DEVICES, and releases them once', async () => {
    const lease = await acquireGpus({ count: 2, devices: ['2', '3', '5'], lockDir, timeoutMs: 0 });
    expect(lease.indices).toEqual(['2', '3']);
    expect(lease.cudaVisibleDevices).toBe('2,3');
    const holder = JSON.parse(readFileSync(gpuLockFile(lockDir, '2'), 'utf8')) as GpuLockHolder;
    expect(holder).toMatchObject({
      device: '2',
      pid: process.pid,
      startTime: readProcessStartTime(process.pid),
      host: hostname(),
      label: `pid ${process.pid}`,
    });
    expect(Date.parse(holder.acquiredAt)).not.toBeNaN();
    lease.release();
    lease.release();
    expect(readdirSync(lockDir)).toEqual([]);
  });

  it('hands out the GPUs that are free', async () => {
    const first = await acquireGpus({ count: 1, devices: ['0', '1'], lockDir, timeoutMs: 0 });
    const second = await acquireGpus({ count: 1, devices: ['0', '1'], lockDir, timeoutMs: 0 });
    expect([first.cudaVisibleDevices, second.cudaVisibleDevices]).toEqual(['0', '1']);
    first.release();
    second.release();
  });

  it('holds none of the GPUs while waiting for all of them, and takes both once free', async () => {
    const held = await acquireGpus({ count: 1, devices: ['0', '1'], lockDir, timeoutMs: 0 });
    expect(held.indices).toEqual(['0']);
    const waiting = acquireGpus({
      count: 2,
      devices: ['0', '1'],
      lockDir,
      timeoutMs: 10_000,
      pollMs: 20,
    });
    await sleep(200);
    expect(existsSync(gpuLockFile(lockDir, '1'))).toBe(false);
    held.release();
    const both = await waiting;
    expect(both.indices).toEqual(['0', '1']);
    both.release();
  });

  it('times out naming the holder', async () => {
    writeLock('0', { label: 'train-job-7' });
    const error = await acquireGpus({
      count: 1,
      devices: ['0'],
      lockDir,
      timeoutMs: 150,
      pollMs: 20,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuLockTimeoutError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^timed out after 150 ms waiting for 1 free GPU in .*: GPU 0 is held by pid ${process.pid} \\(job "train-job-7" on `,
      ),
    );
    expect((error as GpuLockTimeoutError).holders[0]?.holder?.label).toBe('train-job-7');
  });

  it('reclaims the lock of a dead process', async () => {
    writeLock('0', { pid: deadPid(), label: 'killed' });
    const lease = await acquireGpus({ count: 1, devices: ['0'], lockDir, timeoutMs: 0 });
    const holder = JSON.parse(readFileSync(gpuLockFile(lockDir, '0'), 'utf8')) as GpuLockHolder;
    expect(holder.pid).toBe(process.pid);
    lease.release();
  });

  it('reclaims a lock whose pid was reused by a later process', async () => {
    writeLock('0', { startTime: '1' });
    const lease = await acquireGpus({ count: 1, devices: ['0'], lockDir, timeoutMs: 0 });
    expect(lease.indices).toEqual(['0']);
    lease.release();
  });

  it('never reclaims a lock from another host, which it cannot check', async () => {
    writeLock('0', { pid: deadPid(), host: 'other-runner' });
    await expect(acquireGpus({ count: 1, devices: ['0'], lockDir, timeoutMs: 0 })).rejects.toThrow(
      /on other-runner/,
    );
  });

  it('waits on a lock file still being written, and reclaims one left unwritten', async () => {
    const file = gpuLockFile(lockDir, '0');
    writeFileSync(file, '');
    await expect(
      acquireGpus({ count: 1, devices: ['0'], lockDir, timeoutMs: 0 }),
    ).rejects.toBeInstanceOf(GpuLockTimeoutError);
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const lease = await acquireGpus({ count: 1, devices: ['0'], lockDir, timeoutMs: 0 });
    expect(lease.indices).toEqual(['0']);
    lease.release();
  });

  it('reclaims a mutex left behind by a killed process', async () => {
    writeFileSync(
      path.join(lockDir, '.mutex'),
      JSON.stringify({ pid: deadPid(), startTime: null, host: hostname(), token: 'm' }),
    );
    const lease = await acquireGpus({ count: 1, devices: ['0'], lockDir, timeoutMs: 1_000 });
    expect(lease.indices).toEqual(['0']);
    lease.release();
    expect(readdirSync(lockDir)).toEqual([]);
  });

  it('does not remove a lock that someone else has since taken', async () => {
    const lease = await acquireGpus({ count: 1, devices: ['0'], lockDir, timeoutMs: 0 });
    const file = writeLock('0', { token: 'another' });
    lease.release();
    expect(existsSync(file)).toBe(true);
  });

  it('keeps GPU names that are UUIDs or MIG paths inside the lock directory', async () => {
    const mig = 'MIG-GPU-5f6e7d8c/1/0';
    const lease = await acquireGpus({ count: 1, devices: [mig], lockDir, timeoutMs: 0 });
    expect(lease.cudaVisibleDevices).toBe(mig);
    expect(readdirSync(lockDir)).toEqual(['gpu-MIG-GPU-5f6e7d8c%2F1%2F0.lock']);
    lease.release();
  });

  it('stops waiting when aborted', async () => {
    writeLock('0', {});
    const controller = new AbortController();
    const waiting = acquireGpus({
      count: 1,
      devices: ['0'],
      lockDir,
      timeoutMs: 60_000,
      pollMs: 20,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('job cancelled')), 50);
    await expect(waiting).rejects.toThrow('job cancelled');
  });

  it.each([
    [{ count: 0, devices: ['0'] }, /whole number/],
    [{ count: 3, devices: ['0', '1'] }, /3 GPUs asked for, but this machine offers 2 \(0, 1\)/],
    [{ count: 1, devices: ['0', '0'] }, /repeat/],
    [{ count: 1, devices: [''] }, /empty/],
  ])('refuses %j', async (options, message) => {
    const error = await acquireGpus({ ...options, lockDir, timeoutMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });
});

interface Spec {
  devices?: string[];
  count: number;
  timeoutMs?: number;
  pollMs?: number;
  holdMs: number;
  rounds?: number;
  label: string;
  heldMarker?: string;
  readyFile?: string;
  goFile?: string;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function spawnWorker(spec: Spec): { child: ChildProcess; exit: Promise<Exit> } {
  const full = {
    devices: ['0', '1'],
    timeoutMs: 60_000,
    pollMs: 10,
    rounds: 1,
    lockDir,
    record: path.join(dir, 'intervals.jsonl'),
    ...spec,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify(full)], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exit };
}

const until = (condition: () => boolean, what: string, ms = 60_000) =>
  waitUntil(what, condition, { timeoutMs: ms, intervalMs: 20 });

interface Interval {
  pid: number;
  label: string;
  indices: string[];
  start: number;
  end: number;
}

function intervals(): Interval[] {
  const file = path.join(dir, 'intervals.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Interval);
}

describe('acquireGpus across real processes', () => {
  it('never gives one GPU to two jobs at once, whether they want one GPU or two', async () => {
    const goFile = path.join(dir, 'go');
    const workers = Array.from({ length: 6 }, (_, i) =>
      spawnWorker({
        count: i % 2 === 0 ? 1 : 2,
        holdMs: 40 + 15 * i,
        rounds: 3,
        label: `job-${i}`,
        readyFile: path.join(dir, `ready-${i}`),
        goFile,
      }),
    );
    await until(
      () => workers.every((_, i) => existsSync(path.join(dir, `ready-${i}`))),
      'the workers to start',
    );
    writeFileSync(goFile, '');
    const exits = await Promise.all(workers.map((w) => w.exit));
    expect(exits.map((e) => [e.code, e.stderr])).toEqual(workers.map(() => [0, '']));

    const all = intervals();
    expect(all).toHaveLength(18);
    expect(all.filter((r) => r.indices.length === 2)).toHaveLength(9);
    for (const device of ['0', '1']) {
      const onDevice = all
        .filter((r) => r.indices.includes(device))
        .sort((a, b) => a.start - b.start);
      for (let i = 1; i < onDevice.length; i++) {
        const [before, after] = [onDevice[i - 1] as Interval, onDevice[i] as Interval];
        if (after.start < before.end) {
          throw new Error(
            `GPU ${device} held by ${before.label} and ${after.label} at once: ${JSON.stringify([before, after])}`,
          );
        }
      }
    }
    expect(readdirSync(lockDir)).toEqual([]);
  });

  it('gives the GPUs of a SIGKILLed job to the next job', async () => {
    const heldMarker = path.join(dir, 'held');
    const victim = spawnWorker({ count: 2, holdMs: 120_000, label: 'victim', heldMarker });
    await until(() => existsSync(heldMarker), 'the victim to hold its GPUs');
    victim.child.kill('SIGKILL');
    expect((await victim.exit).signal).toBe('SIGKILL');
    // Nothing ran on its way out: its locks are still there for the next job to judge.
    expect(existsSync(gpuLockFile(lockDir, '0'))).toBe(true);
    expect(existsSync(gpuLockFile(lockDir, '1'))).toBe(true);

    const next = spawnWorker({ count: 2, holdMs: 10, label: 'next', timeoutMs: 20_000 });
    expect(await next.exit).toMatchObject({ code: 0, stderr: '' });
    expect(intervals().map((r) => [r.label, r.indices])).toEqual([['next', ['0', '1']]]);
  });

  it('releases the GPUs of a job stopped with SIGTERM on its way out', async () => {
    const heldMarker = path.join(dir, 'held');
    const job = spawnWorker({ count: 1, holdMs: 120_000, label: 'stopped', heldMarker });
    await until(() => existsSync(heldMarker), 'the job to hold its GPU');
    expect(existsSync(gpuLockFile(lockDir, '0'))).toBe(true);
    job.child.kill('SIGTERM');
    expect((await job.exit).signal).toBe('SIGTERM');
    expect(existsSync(gpuLockFile(lockDir, '0'))).toBe(false);
  });

  it('makes a waiting job time out with a message naming the holder', async () => {
    const heldMarker = path.join(dir, 'held');
    const holder = spawnWorker({
      devices: ['0'],
      count: 1,
      holdMs: 120_000,
      label: 'long-training',
      heldMarker,
    });
    await until(() => existsSync(heldMarker), 'the holder to hold its GPU');
    const waiter = spawnWorker({
      devices: ['0'],
      count: 1,
      holdMs: 10,
      label: 'waiter',
      timeoutMs: 1_000,
      pollMs: 50,
    });
    const result = await waiter.exit;
    holder.child.kill('SIGKILL');
    await holder.exit;
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `GPU 0 is held by pid ${holder.child.pid} (job "long-training" on ${hostname()}`,
    );
    expect(result.stderr).toMatch(/^timed out after 1000 ms waiting for 1 free GPU/);
  });
});
