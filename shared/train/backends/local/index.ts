import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { Logger } from '../../../logger/index.js';
import type { TrainingBackend } from '../../backend.js';
import type { JobOutcome, TrainingJob } from '../../job.js';
import { LogBuffer, lineSplitter } from '../../log-buffer.js';
import { launcherArgv } from './launcher-argv.js';

const KILL_GRACE_MS = 10_000;

/** Runs the trainer as a child process on this machine: the embedded default. */
export function createLocalBackend(options: { env?: NodeJS.ProcessEnv } = {}): TrainingBackend {
  const baseEnv = options.env ?? process.env;
  return {
    name: 'local',
    async describe(job) {
      return `cd ${job.projectDir} && ${launcherArgv(job).map(shellQuoteForDisplay).join(' ')}`;
    },
    async run(job, logger, signal) {
      await mkdir(job.outputDir, { recursive: true });
      await mkdir(job.checkpointDir, { recursive: true });
      return runProcess(job, { ...baseEnv, ...job.env }, logger, signal);
    },
  };
}

function runProcess(
  job: TrainingJob,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  signal: AbortSignal,
): Promise<JobOutcome> {
  const argv = launcherArgv(job);
  const [file, ...args] = argv as [string, ...string[]];
  const log = new LogBuffer(job.secrets);
  return new Promise((resolve) => {
    // Its own process group, so cancelling reaches torchrun's workers too.
    const child = spawn(file, args, {
      cwd: job.projectDir,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      logger.info('Cancelling: stopping the trainer');
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const emit = (line: string) => logger.info(log.push(line));
    const out = lineSplitter(emit);
    const err = lineSplitter(emit);
    child.stdout.on('data', (c) => out.write(c));
    child.stderr.on('data', (c) => err.write(c));
    child.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      resolve({
        status: 'failed',
        reason: `could not start ${file}: ${error.message}`,
        logTail: log.tail(),
        log: log.text(),
      });
    });
    child.on('close', (code, sig) => {
      out.end();
      err.end();
      clearTimeout(killTimer);
      signal.removeEventListener('abort', onAbort);
      const base = { logTail: log.tail(), log: log.text() };
      if (signal.aborted) resolve({ status: 'cancelled', reason: 'cancelled', ...base });
      else if (code === 0) resolve({ status: 'succeeded', exitCode: 0, ...base });
      else if (code !== null)
        resolve({
          status: 'failed',
          exitCode: code,
          reason: `trainer exited with code ${code}`,
          ...base,
        });
      else {
        const hint = sig === 'SIGKILL' ? ' (out of memory?)' : '';
        resolve({ status: 'failed', reason: `trainer was killed by ${sig}${hint}`, ...base });
      }
    });
  });
}

function killGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, sig);
  } catch {
    // Already gone.
  }
}

function shellQuoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
