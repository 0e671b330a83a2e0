import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { ExternalError } from '../../../errors/index.js';
import type { Logger } from '../../../logger/index.js';
import { signalGroup } from '../../../process/daemon.js';
import {
  isProcessGroupAlive,
  processIdentity,
  readProcessStartTime,
} from '../../../process/identity.js';
import { pollUntil, sleep } from '../../../util/sleep.js';
import type { JobState, LocalHandle, Plan, TrainingBackend } from '../../backend.js';
import type { JobOutcome, TrainingJob } from '../../job.js';
import { accelerateConfig, deepspeedConfig } from '../../launcher-config.js';
import { LogBuffer, lineSplitter } from '../../log-buffer.js';
import { launcherArgv } from './launcher-argv.js';

export interface LocalBackendOptions {
  /** The environment the trainer inherits (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The GitHub Actions run this launcher belongs to, recorded in the handle. */
  workflowRunUrl?: string;
  /** How long a stopped trainer has between SIGTERM and SIGKILL. */
  killGraceMs?: number;
}

const KILL_GRACE_MS = 10_000;
/** How long a SIGKILLed process group may take to be gone. */
const KILL_WAIT_MS = 5_000;
const POLL_MS = 200;

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** A trainer this backend instance started: its output, its exit, and whether it was cancelled. */
interface LiveTrainer {
  log: LogBuffer;
  /** Lines that arrived before anyone followed. */
  pending: string[];
  sink?: (line: string) => void;
  exited: Promise<Exit>;
  exit?: Exit;
  cancelled: boolean;
}

/** Runs the trainer as a child process on this machine: the embedded default. */
export function createLocalBackend(
  options: LocalBackendOptions = {},
): TrainingBackend<LocalHandle> {
  const baseEnv = options.env ?? process.env;
  const graceMs = options.killGraceMs ?? KILL_GRACE_MS;
  const live = new Map<string, LiveTrainer>();

  const stop = async (handle: LocalHandle): Promise<void> => {
    const { pid } = handle.trainer;
    if (!stillRuns(handle)) return;
    signalGroup(pid, 'SIGTERM');
    if (!(await pollUntil(() => !stillRuns(handle), { timeoutMs: graceMs, intervalMs: POLL_MS }))) {
      signalGroup(pid, 'SIGKILL');
      await pollUntil(() => !stillRuns(handle), { timeoutMs: KILL_WAIT_MS, intervalMs: POLL_MS });
    }
    // The pipes close once the group is gone; only then is the exit code known.
    const trainer = live.get(keyOf(handle));
    if (trainer) {
      const timeout = new AbortController();
      await Promise.race([trainer.exited, sleep(KILL_WAIT_MS, timeout.signal).catch(() => {})]);
      timeout.abort();
    }
  };

  return {
    name: 'local',

    async plan(job): Promise<Plan> {
      const configs = launcherConfigs(job);
      const secret = Object.fromEntries(Object.keys(job.secretEnv).map((key) => [key, '***']));
      return {
        backend: 'local',
        cwd: job.projectDir,
        argv: configs.argv,
        env: { ...job.env, ...configs.env, ...secret },
        files: configs.files,
        notes: [],
      };
    },

    async validate(_job, logger) {
      logger.info('The local backend has no server to check the job with: nothing was run.');
    },

    async submit(job) {
      const configs = launcherConfigs(job);
      await mkdir(job.outputDir, { recursive: true });
      await mkdir(job.checkpointDir, { recursive: true });
      for (const file of configs.files) {
        await mkdir(path.dirname(file.path), { recursive: true });
        await writeFile(file.path, file.content);
      }
      const [file, ...args] = configs.argv as [string, ...string[]];
      // Its own process group, so cancelling reaches torchrun's workers too.
      const child = spawn(file, args, {
        cwd: job.projectDir,
        env: { ...baseEnv, ...job.env, ...job.secretEnv, ...configs.env },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const trainer = watchChild(child, new LogBuffer(job.secrets));
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', (error) =>
          reject(new ExternalError(`could not start ${file}: ${error.message}`)),
        );
      });
      const pid = child.pid as number;
      const handle: LocalHandle = {
        backend: 'local',
        runId: job.runId,
        submittedAt: new Date().toISOString(),
        launcher: processIdentity(),
        ...(options.workflowRunUrl ? { workflowRunUrl: options.workflowRunUrl } : {}),
        trainer: { pid, startTime: readProcessStartTime(pid) },
      };
      live.set(keyOf(handle), trainer);
      return handle;
    },

    async follow(handle, logger, signal) {
      const trainer = live.get(keyOf(handle));
      if (!trainer) return followElsewhere(handle, logger, signal);
      const emit = (line: string) => logger.info(trainer.log.push(line));
      for (const line of trainer.pending.splice(0)) emit(line);
      trainer.sink = emit;
      let onAbort: () => void = () => {};
      const aborted = new Promise<'aborted'>((resolve) => {
        onAbort = () => resolve('aborted');
        if (signal.aborted) onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
      });
      const exit = await Promise.race([trainer.exited, aborted]);
      signal.removeEventListener('abort', onAbort);
      if (trainer.sink === emit) trainer.sink = undefined;
      const base = { logTail: trainer.log.tail(), log: trainer.log.text() };
      if (exit === 'aborted' || trainer.cancelled)
        return { status: 'cancelled', reason: 'cancelled', ...base };
      return outcomeOf(exit, base);
    },

    async inspect(handle): Promise<JobState> {
      const exit = live.get(keyOf(handle))?.exit;
      if (exit) {
        const outcome = outcomeOf(exit, { logTail: [], log: '' });
        return outcome.status === 'succeeded'
          ? { state: 'succeeded' }
          : { state: 'failed', reason: outcome.reason ?? 'failed' };
      }
      return stillRuns(handle) ? { state: 'running' } : { state: 'gone' };
    },

    async cancel(handle, logger) {
      const trainer = live.get(keyOf(handle));
      if (trainer) trainer.cancelled = true;
      logger.info('Cancelling: stopping the trainer');
      await stop(handle);
    },

    async cleanup(handle, logger) {
      if (!stillRuns(handle)) return;
      logger.info(`Stopping what is left of trainer process group ${handle.trainer.pid}`);
      await stop(handle);
    },
  };
}

/** Starts collecting a child's output and exit at once, so nothing is lost before `follow`. */
function watchChild(child: ChildProcess, log: LogBuffer): LiveTrainer {
  const pending: string[] = [];
  let trainer: LiveTrainer | undefined;
  const onLine = (line: string) => {
    if (trainer?.sink) trainer.sink(line);
    else pending.push(line);
  };
  const out = lineSplitter(onLine);
  const err = lineSplitter(onLine);
  child.stdout?.on('data', (chunk) => out.write(chunk));
  child.stderr?.on('data', (chunk) => err.write(chunk));
  // A failure to start rejects `submit`; this listener keeps it from being an uncaught error.
  child.on('error', () => undefined);
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => {
      out.end();
      err.end();
      const exit = { code, signal };
      if (trainer) trainer.exit = exit;
      resolve(exit);
    });
  });
  trainer = { log, pending, exited, cancelled: false };
  return trainer;
}

function outcomeOf(exit: Exit, base: Pick<JobOutcome, 'logTail' | 'log'>): JobOutcome {
  if (exit.code === 0) return { status: 'succeeded', exitCode: 0, ...base };
  if (exit.code !== null)
    return {
      status: 'failed',
      exitCode: exit.code,
      reason: `trainer exited with code ${exit.code}`,
      ...base,
    };
  const hint = exit.signal === 'SIGKILL' ? ' (out of memory?)' : '';
  return { status: 'failed', reason: `trainer was killed by ${exit.signal}${hint}`, ...base };
}

/**
 * A trainer another process started: its output and exit code went to that process, so this one
 * can only wait for it to end.
 */
async function followElsewhere(
  handle: LocalHandle,
  logger: Logger,
  signal: AbortSignal,
): Promise<JobOutcome> {
  const { pid } = handle.trainer;
  logger.info(
    `Trainer ${pid} was started by another process (pid ${handle.launcher.pid}); waiting for it to end without its logs.`,
  );
  while (stillRuns(handle) && !signal.aborted) await sleep(POLL_MS, signal).catch(() => undefined);
  if (signal.aborted) return { status: 'cancelled', reason: 'cancelled', logTail: [], log: '' };
  return {
    status: 'failed',
    reason: `trainer ${pid} ended; its exit code went to the process that started it`,
    logTail: [],
    log: '',
  };
}

function keyOf(handle: LocalHandle): string {
  return `${handle.trainer.pid}:${handle.trainer.startTime ?? ''}`;
}

/**
 * Whether anything of the trainer's process group still runs. A pid that now belongs to another
 * process (another start time) is not ours; while any member of the group lives, the kernel does
 * not hand its id to a new process, so the group id alone is safe after the leader has gone.
 */
function stillRuns(handle: LocalHandle): boolean {
  const { pid, startTime } = handle.trainer;
  const now = readProcessStartTime(pid);
  if (now !== null && startTime !== null && now !== startTime) return false;
  return isProcessGroupAlive(pid);
}

/** The argv, the environment and the DeepSpeed or Accelerate config file a run uses, unwritten. */
function launcherConfigs(job: TrainingJob): {
  argv: string[];
  env: Record<string, string>;
  files: { path: string; content: string }[];
} {
  const dir = path.join(path.dirname(job.outputDir), 'launcher');
  if (job.train.distributed === 'accelerate') {
    const file = path.join(dir, 'accelerate.yaml');
    return {
      argv: launcherArgv(job, { accelerate: file }),
      env: { MLENV_ACCELERATE_CONFIG: file },
      files: [{ path: file, content: stringify(accelerateConfig(job.train)) }],
    };
  }
  if (job.train.distributed === 'deepspeed') {
    const file = path.join(dir, 'deepspeed.json');
    return {
      argv: launcherArgv(job),
      env: { MLENV_DEEPSPEED_CONFIG: file },
      files: [{ path: file, content: `${JSON.stringify(deepspeedConfig(job.train), null, 2)}\n` }],
    };
  }
  return { argv: launcherArgv(job), env: {}, files: [] };
}
