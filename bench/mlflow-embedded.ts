// Figure: the embedded MLflow server (one process, no job runner) against `mlflow server` as
// MLflow's CLI runs it (the old way), both measured in this run on the same machine:
// (a) resident memory of the whole process tree when idle after a training run (the PyTorch
//     template, 2 epochs, model logged) - goal at most 400 MiB;
// (b) start to ready (/health answers) on a restart with an existing database, median of
//     BENCH_RUNS alternating starts - goal at most 5 s; the first start (schema creation) too.
// Needs the test bed's Python environment (npm run testbed -- up), or MLENV_VENV.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { loadTestbed } from '../action-tests/testbed/testbed.js';
import { embeddedServerCommand, mlflowServerCommand } from '../shared/mlflow/server-command.js';
import {
  freePort,
  isAlive,
  spawnDetached,
  stopProcessGroup,
  tailOfFile,
} from '../shared/process/daemon.js';
import { sleep } from '../shared/util/sleep.js';

const RSS_GOAL_MIB = 400;
const READY_GOAL_S = 5;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const settleMs = Number(process.env.BENCH_SETTLE_MS ?? 15_000);
const venv = process.env.MLENV_VENV ?? loadTestbed().python.venv;
const python = path.join(venv, 'bin', 'python');
const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'mlenv-bench-mlflow-'));

type Way = 'embedded' | 'mlflow server';
interface Started {
  pid: number;
  uri: string;
  readyS: number;
  cpuS: number;
}

function command(way: Way, dir: string, port: number) {
  if (way === 'embedded') return embeddedServerCommand(python, dir, port);
  const old = mlflowServerCommand(dir, port);
  return { command: path.join(venv, 'bin', 'mlflow'), args: old.args, env: old.env };
}

/** The pids of a process group (each server leads its own session). */
function group(pgid: number): number[] {
  return execFileSync('ps', ['-e', '-o', 'pid=,pgid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([, g]) => g === pgid)
    .map(([pid]) => pid as number);
}

function procField(pid: number, file: string, key: string): number {
  try {
    const line = readFileSync(`/proc/${pid}/${file}`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${key}:`));
    return Number(line?.split(/\s+/)[1] ?? 0);
  } catch {
    return 0; // Gone meanwhile.
  }
}

/** User+system CPU seconds of the group's live processes and the children they reaped. */
function groupCpuSeconds(pgid: number): number {
  const ticks = 100; // USER_HZ on Linux.
  let total = 0;
  for (const pid of group(pgid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    } catch {
      // Gone meanwhile.
    }
  }
  return total / ticks;
}

function memory(pgid: number): { processes: number; rssMiB: number; pssMiB: number } {
  const pids = group(pgid);
  const kib = (file: string, key: string) =>
    pids.reduce((sum, pid) => sum + procField(pid, file, key), 0);
  return {
    processes: pids.length,
    rssMiB: kib('status', 'VmRSS') / 1024,
    pssMiB: kib('smaps_rollup', 'Pss') / 1024,
  };
}

async function start(way: Way, dir: string, port: number): Promise<Started> {
  mkdirSync(path.join(dir, 'artifacts'), { recursive: true });
  const server = command(way, dir, port);
  const uri = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, 'server.log');
  const started = process.hrtime.bigint();
  const pid = spawnDetached(server.command, server.args, {
    cwd: dir,
    env: { ...process.env, ...server.env },
    logFile,
  });
  while (isAlive(pid)) {
    const ok = await fetch(`${uri}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok)
      return {
        pid,
        uri,
        readyS: Number(process.hrtime.bigint() - started) / 1e9,
        cpuS: groupCpuSeconds(pid),
      };
    await sleep(100);
  }
  throw new Error(`${way} did not start (log ${logFile}):\n${tailOfFile(logFile)}`);
}

function train(uri: string, outputs: string): void {
  const project = path.join(work, 'fraud');
  const result = spawnSync(
    python,
    ['train.py', '--epochs', '2', '--train-size', '2048', '--val-size', '1024'],
    {
      cwd: project,
      encoding: 'utf8',
      env: {
        ...process.env,
        MLFLOW_TRACKING_URI: uri,
        MLENV_OUTPUT_DIR: outputs,
        MLENV_CHECKPOINT_DIR: path.join(outputs, 'checkpoints'),
      },
    },
  );
  if (result.status !== 0)
    throw new Error(
      `the template trainer failed against ${uri}:\n${result.stdout}\n${result.stderr}`,
    );
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const fmt = (values: number[]) => values.map((v) => v.toFixed(1)).join(', ');

const ways: Way[] = ['embedded', 'mlflow server'];
const first = new Map<Way, Started>();
const idle = new Map<Way, ReturnType<typeof memory>>();
const restarts = new Map<Way, Started[]>(ways.map((w) => [w, []]));
const ports = new Map<Way, number>();
try {
  cpSync(path.join(root, 'templates/workspace/projects/pytorch'), path.join(work, 'fraud'), {
    recursive: true,
  });
  for (const way of ways) {
    const dir = path.join(work, way.replace(' ', '-'));
    const port = await freePort();
    ports.set(way, port);
    const server = await start(way, dir, port);
    first.set(way, server);
    try {
      train(server.uri, path.join(dir, 'outputs'));
      // Idle: what stays resident once the run is over and background workers settled.
      await sleep(settleMs);
      idle.set(way, memory(server.pid));
    } finally {
      await stopProcessGroup(server.pid);
    }
  }
  for (let i = 0; i < runs; i++) {
    for (const way of ways) {
      const dir = path.join(work, way.replace(' ', '-'));
      const server = await start(way, dir, ports.get(way) as number);
      restarts.get(way)?.push(server);
      await stopProcessGroup(server.pid);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const line = (way: Way) => {
  const m = idle.get(way);
  return m
    ? `${m.rssMiB.toFixed(0)} MiB RSS in ${m.processes} process(es) (PSS ${m.pssMiB.toFixed(0)} MiB)`
    : 'n/a';
};
const rssNew = idle.get('embedded')?.rssMiB ?? Number.NaN;
const rssOld = idle.get('mlflow server')?.rssMiB ?? Number.NaN;
const readyNew = median((restarts.get('embedded') ?? []).map((s) => s.readyS));
const readyOld = median((restarts.get('mlflow server') ?? []).map((s) => s.readyS));
const cpuNew = median((restarts.get('embedded') ?? []).map((s) => s.cpuS));
const cpuOld = median((restarts.get('mlflow server') ?? []).map((s) => s.cpuS));
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
process.stdout.write(
  `(a) idle after a training run (template, 2 epochs, model logged), whole process tree, ${settleMs / 1000} s after the run:\n` +
    `    embedded:      ${line('embedded')}\n` +
    `    mlflow server: ${line('mlflow server')}\n` +
    `    ratio: ${(rssNew / rssOld).toFixed(3)}x; goal <= ${RSS_GOAL_MIB} MiB: ${met(rssNew <= RSS_GOAL_MIB)}\n` +
    `(b) start to ready (/health answers), restart on the existing database, median of ${runs}:\n` +
    `    embedded:      ${readyNew.toFixed(1)} s (${fmt((restarts.get('embedded') ?? []).map((s) => s.readyS))}), CPU ${cpuNew.toFixed(1)} s\n` +
    `    mlflow server: ${readyOld.toFixed(1)} s (${fmt((restarts.get('mlflow server') ?? []).map((s) => s.readyS))}), CPU ${cpuOld.toFixed(1)} s\n` +
    `    ratio: ${(readyNew / readyOld).toFixed(3)}x; goal <= ${READY_GOAL_S} s: ${met(readyNew <= READY_GOAL_S)}\n` +
    `    first start (creates the schema): embedded ${first.get('embedded')?.readyS.toFixed(1)} s, mlflow server ${first.get('mlflow server')?.readyS.toFixed(1)} s\n` +
    `    load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores\n`,
);
