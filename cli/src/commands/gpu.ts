import type { Command } from 'commander';
import {
  findWorkspaceRoot,
  loadWorkspace,
  type Workspace,
} from '../../../shared/config/workspace.js';
import { resolveEnvironment } from '../../../shared/environment/index.js';
import { isConfigurationError } from '../../../shared/errors/index.js';
import { readEvent } from '../../../shared/github/event.js';
import {
  formatDoctorReport,
  formatGpuTestForTerminal,
  runGpuTests,
  runWorkspaceDoctor,
} from '../../../shared/gpu/index.js';
import { createConsoleLogger, type Logger } from '../../../shared/logger/index.js';
import { DOCTOR_OPTIONS } from '../../../shared/options/doctor.js';
import { GPU_TEST_OPTIONS } from '../../../shared/options/gpu-test.js';
import type { CliValues } from '../../../shared/options/option.js';
import { cancelOnSignals } from '../../../shared/util/cancellation.js';
import type { CliContext } from '../context.js';
import { addOptions } from '../options.js';
import { openWorkspace, selectProject } from './workspace.js';

type DoctorOptions = CliValues<typeof DOCTOR_OPTIONS>;
type GpuTestOptions = CliValues<typeof GPU_TEST_OPTIONS>;

/** `mlenv doctor` and `mlenv gpu-test`. */
export function registerGpu(program: Command, context: CliContext): void {
  const doctor = program
    .command('doctor')
    .description(
      "check this machine's GPUs: inventory, driver versus the environment's CUDA, ECC, torch",
    );
  addOptions(doctor, DOCTOR_OPTIONS)
    .addHelpText(
      'after',
      '\nOutside a workspace the environment is taken as CPU-only unless --cuda says otherwise.\n' +
        'Exit code 1 when the verdict is fail.',
    )
    .action(async (options: DoctorOptions) => {
      const logger = context.logger();
      const workspace = await findOptionalWorkspace(context);
      const { report, notes } = await runWorkspaceDoctor({ workspace, cuda: options.cuda, logger });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...report, notes }, null, 2)}\n`);
      } else {
        process.stdout.write(`${formatDoctorReport(report)}\n`);
        for (const note of notes) process.stdout.write(`note: ${note}\n`);
      }
      if (report.verdict === 'fail') process.exitCode = 1;
    });

  const gpuTest = program
    .command('gpu-test')
    .description(
      "run a project's GPU tests: gpu-marked unit tests sharded across locked GPUs, then its integration tests",
    );
  addOptions(gpuTest, GPU_TEST_OPTIONS)
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
  const cancellation = cancelOnSignals({
    onSignal: (sig) => logger.warning(`Received ${sig}: stopping the GPU tests`),
  });
  try {
    await body(cancellation.signal);
    return false;
  } catch (error) {
    if (cancellation.signal.aborted) return true;
    throw error;
  } finally {
    cancellation.dispose();
  }
}
