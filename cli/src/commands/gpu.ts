import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import {
  findWorkspaceRoot,
  loadWorkspace,
  type Workspace,
} from '../../../shared/config/workspace.js';
import { resolveEnvironment } from '../../../shared/environment/index.js';
import { errorMessage, isConfigurationError } from '../../../shared/errors/index.js';
import { readEvent } from '../../../shared/github/event.js';
import {
  DEFAULT_APPROVAL_LABEL,
  DEFAULT_GPU_LOCK_DIR,
  formatDoctorReport,
  formatGpuTestForTerminal,
  parseLockTimeout,
  runDoctor,
  runGpuTests,
} from '../../../shared/gpu/index.js';
import { createConsoleLogger, type Logger } from '../../../shared/logger/index.js';
import type { CliContext } from '../main.js';
import { openWorkspace, selectProject } from './workspace.js';

interface DoctorOptions {
  json?: boolean;
  cuda?: string;
}

interface GpuTestOptions {
  requireGpu: boolean;
  gpus?: number;
  lockDir: string;
  lockTimeout: number;
  approvalLabel: string;
  venv?: string;
  json?: boolean;
}

/** `mlenv doctor` and `mlenv gpu-test`. */
export function registerGpu(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description(
      "check this machine's GPUs: inventory, driver versus the environment's CUDA, ECC, torch",
    )
    .option(
      '--cuda <version>',
      'CUDA variant to check against (default: the workspace environment, else cpu)',
    )
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nOutside a workspace the environment is taken as CPU-only unless --cuda says otherwise.\n' +
        'Exit code 1 when the verdict is fail.',
    )
    .action(async (options: DoctorOptions) => {
      const logger = context.logger();
      const workspace = await findOptionalWorkspace(context);
      const environmentCuda = options.cuda ?? workspace?.config.environment.cuda ?? 'cpu';
      const notes: string[] = [];
      let pythonCommand: string[] | undefined;
      if (workspace) {
        try {
          const environment = await resolveEnvironment(workspace, { logger, create: false });
          pythonCommand = [environment.python];
        } catch (error) {
          if (!isConfigurationError(error)) throw error;
          notes.push(`torch check skipped: ${errorMessage(error)}`);
        }
      } else {
        notes.push('torch check skipped: no workspace here, so no environment to probe');
      }
      const report = await runDoctor({ environmentCuda, pythonCommand });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...report, notes }, null, 2)}\n`);
      } else {
        process.stdout.write(`${formatDoctorReport(report)}\n`);
        for (const note of notes) process.stdout.write(`note: ${note}\n`);
      }
      if (report.verdict === 'fail') process.exitCode = 1;
    });

  program
    .command('gpu-test')
    .description(
      "run a project's GPU tests: gpu-marked unit tests sharded across locked GPUs, then its integration tests",
    )
    .argument(
      '[project]',
      'project name or directory (default: the project around the current directory)',
    )
    .option('--no-require-gpu', 'skip instead of failing when no GPU is visible')
    .option('--gpus <n>', 'how many GPUs to lock (default: every visible GPU)', positiveInteger)
    .option(
      '--lock-dir <dir>',
      'GPU lock directory shared by all jobs of this machine',
      DEFAULT_GPU_LOCK_DIR,
    )
    .option(
      '--lock-timeout <duration>',
      'how long to wait for free GPUs (30m, 90s, 1h)',
      lockTimeout,
      30 * 60 * 1000,
    )
    .option(
      '--approval-label <label>',
      "label that approves a fork's pull request for GPU tests",
      DEFAULT_APPROVAL_LABEL,
    )
    .option('--venv <dir>', 'Python environment (default: the workspace environment from the lock)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nIn GitHub Actions (GITHUB_EVENT_PATH set) the triggering event decides whether code of a\n' +
        "fork's pull request may run. Exit code 1 when the tests failed or were refused.",
    )
    .action(async (projectArg: string | undefined, options: GpuTestOptions) => {
      // With --json, stdout carries only the JSON; the test output goes to stderr.
      const logger = options.json
        ? createConsoleLogger({ verbose: context.globals().verbose, out: process.stderr })
        : context.logger();
      const workspace = await openWorkspace(context);
      const project = selectProject(workspace, projectArg);
      const environment = await resolveEnvironment(workspace, { venv: options.venv, logger });
      const event =
        process.env.GITHUB_EVENT_PATH || process.env.GITHUB_EVENT_NAME
          ? readEvent()
          : { eventName: '', payload: {} };
      const cancelled = await withCancellation(logger, async (signal) => {
        const result = await runGpuTests({
          workspace,
          project,
          environment,
          requireGpu: options.requireGpu,
          gpus: options.gpus,
          lockDir: options.lockDir,
          lockTimeoutMs: options.lockTimeout,
          event: { name: event.eventName, payload: event.payload },
          approvalLabel: options.approvalLabel,
          logger,
          signal,
        });
        if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else process.stdout.write(formatGpuTestForTerminal(result));
        if (result.status === 'failed' || result.status === 'refused') process.exitCode = 1;
      });
      if (cancelled) process.exitCode = 130;
    });
}

/** The workspace when there is one; doctor also runs on a bare GPU machine. */
async function findOptionalWorkspace(context: CliContext): Promise<Workspace | undefined> {
  const explicit = context.globals().workspace;
  if (explicit) return loadWorkspace(explicit);
  let root: string;
  try {
    root = await findWorkspaceRoot(process.cwd());
  } catch (error) {
    if (isConfigurationError(error)) return undefined;
    throw error;
  }
  return loadWorkspace(root);
}

/**
 * SIGINT and SIGTERM abort the tests, so pytest is stopped and the GPUs unlocked before exit.
 * Listeners stay registered while the body runs, so the GPU lock's own signal handler releases
 * and leaves ending the process to this one. Returns whether the run was cancelled.
 */
async function withCancellation(
  logger: Logger,
  body: (signal: AbortSignal) => Promise<void>,
): Promise<boolean> {
  const controller = new AbortController();
  const cancel = (sig: NodeJS.Signals) => {
    logger.warning(`Received ${sig}: stopping the GPU tests`);
    controller.abort(new Error(`cancelled by ${sig}`));
  };
  process.on('SIGINT', cancel);
  process.on('SIGTERM', cancel);
  try {
    await body(controller.signal);
    return false;
  } catch (error) {
    if (controller.signal.aborted) return true;
    throw error;
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`expected a whole number ≥ 1, found "${value}"`);
  }
  return n;
}

function lockTimeout(value: string): number {
  try {
    return parseLockTimeout(value);
  } catch (error) {
    throw new InvalidArgumentError(errorMessage(error));
  }
}
