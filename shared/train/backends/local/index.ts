import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Logger } from '../../../logger/index.js';
import { signalGroup } from '../../../process/daemon.js';
import type { TrainingBackend } from '../../backend.js';
import type { JobOutcome, TrainingJob } from '../../job.js';
import { accelerateConfig, deepspeedConfig } from '../../launcher-config.js';
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
      const configs = await writeLauncherConfigs(job);
      return runProcess(
        job,
        { ...baseEnv, ...job.env, ...job.secretEnv, ...configs.env },
        configs.argv,
        logger,
        signal,
      );
    },
  };
}

/** Writes the DeepSpeed or Accelerate config next to the run's outputs, when the run uses one. */
async function writeLauncherConfigs(
  job: TrainingJob,
): Promise<{ argv: string[]; env: Record<string, string> }> {
  const dir = path.join(path.dirname(job.outputDir), 'launcher');
  if (job.train.distributed === 'accelerate') {
    const file = path.join(dir, 'accelerate.yaml');
    await mkdir(dir, { recursive: true });
    await writeFile(file, stringify(accelerateConfig(job.train)));
    return {
      argv: launcherArgv(job, { accelerate: file }),
      env: { MLENV_ACCELERATE_CONFIG: file },
    };
  }
  if (job.train.distributed === 'deepspeed') {
    const file = path.join(dir, 'deepspeed.json');
    await mkdir(dir, { recursive: true });
    await writeFile(file, `${JSON.stringify(deepspeedConfig(job.train), null, 2)}\n`);
    return { argv: launcherArgv(job), env: { MLENV_DEEPSPEED_CONFIG: file } };
  }
  return { argv: launcherArgv(job), env: {} };
}

function runProcess(
  job: TrainingJob,
  env: NodeJS.ProcessEnv,
  argv: string[],
  logger: Logger,
  signal: AbortSignal,
): Promise<JobOutcome> {
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
      if (!child.pid) return;
      const pid = child.pid;
      signalGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
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

function shellQuoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
