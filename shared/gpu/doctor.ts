import type { Workspace } from '../config/workspace.js';
import { resolveEnvironment } from '../environment/index.js';
import { errorMessage, isConfigurationError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { firstNonEmptyLine, plural } from '../util/text.js';
import { type CommandResult, type CommandRunner, createCommandRunner } from './command-runner.js';
import {
  checkDriverCuda,
  checkEcc,
  checkTorch,
  DOCTOR_CHECKS,
  type DoctorCheck,
  isCpu,
  type Verdict,
  worstVerdict,
} from './doctor-checks.js';
import {
  type GpuInfo,
  NVIDIA_SMI_HEADER,
  NVIDIA_SMI_QUERY,
  parseCudaVersion,
  parseDriverVersion,
  parseGpuQuery,
} from './nvidia-smi.js';
import { probeTorch, type TorchProbe } from './torch-probe.js';

export interface DoctorReport {
  verdict: Verdict;
  environmentCuda: string;
  driverVersion: string | null;
  /** The highest CUDA version the driver supports, from the nvidia-smi header. */
  driverCuda: string | null;
  gpus: GpuInfo[];
  torch: TorchProbe | null;
  checks: DoctorCheck[];
}

export interface DoctorOptions {
  run?: CommandRunner;
  /** The workspace environment's CUDA variant: "12.8", or "cpu". */
  environmentCuda: string;
  /** The environment's Python (e.g. [".venv/bin/python"]); without it torch is not probed. */
  pythonCommand?: readonly string[];
  /** Where CUDA_VISIBLE_DEVICES is read from: torch honours it, nvidia-smi does not. */
  env?: NodeJS.ProcessEnv;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function noGpuReport(
  environmentCuda: string,
  reason: string,
  verdictIfCuda: Verdict,
  verdictIfCpu: Verdict,
): DoctorReport {
  const cpu = isCpu(environmentCuda);
  const verdict = cpu ? verdictIfCpu : verdictIfCuda;
  const suffix = cpu ? ' (the environment is CPU-only, so GPU checks do not apply)' : '';
  return {
    verdict,
    environmentCuda,
    driverVersion: null,
    driverCuda: null,
    gpus: [],
    torch: null,
    checks: [
      {
        id: DOCTOR_CHECKS.gpusVisible,
        title: 'GPUs visible',
        verdict,
        message: `${reason}${suffix}`,
      },
    ],
  };
}

/**
 * Checks this machine's GPUs against the environment. Without a usable GPU the report holds one
 * plain verdict rather than a cascade of failures that all say the same thing.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const run = options.run ?? createCommandRunner();
  const environmentCuda = options.environmentCuda;
  const env = options.env ?? process.env;

  let query: CommandResult;
  try {
    query = await run(NVIDIA_SMI_QUERY);
  } catch (error) {
    if (isMissing(error)) {
      return noGpuReport(
        environmentCuda,
        'no NVIDIA GPU visible on this machine: nvidia-smi not found',
        'fail',
        'pass',
      );
    }
    throw error;
  }
  const output = `${query.stdout}\n${query.stderr}`;
  if (/No devices were found/i.test(output)) {
    return noGpuReport(
      environmentCuda,
      'no NVIDIA GPU visible on this machine: nvidia-smi found no devices',
      'fail',
      'pass',
    );
  }
  if (query.exitCode !== 0) {
    return noGpuReport(
      environmentCuda,
      `no NVIDIA GPU usable on this machine: nvidia-smi exited with ${query.exitCode}: ${firstNonEmptyLine(output) || '(no output)'}`,
      'fail',
      'warn',
    );
  }
  let gpus: GpuInfo[];
  try {
    gpus = parseGpuQuery(query.stdout);
  } catch (error) {
    return noGpuReport(
      environmentCuda,
      `cannot read nvidia-smi's answer: ${(error as Error).message}`,
      'fail',
      'warn',
    );
  }
  if (gpus.length === 0) {
    return noGpuReport(
      environmentCuda,
      'no NVIDIA GPU visible on this machine: nvidia-smi lists no GPUs',
      'fail',
      'pass',
    );
  }

  let driverCuda: string | null = null;
  let headerDriver: string | null = null;
  try {
    const header = await run(NVIDIA_SMI_HEADER);
    if (header.exitCode === 0) {
      driverCuda = parseCudaVersion(header.stdout);
      headerDriver = parseDriverVersion(header.stdout);
    }
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const driverVersion = gpus.find((g) => g.driverVersion)?.driverVersion ?? headerDriver;

  const names = [...new Set(gpus.map((g) => g.name))].join(', ');
  const checks: DoctorCheck[] = [
    {
      id: DOCTOR_CHECKS.gpusVisible,
      title: 'GPUs visible',
      verdict: 'pass',
      message: `${plural(gpus.length, 'GPU')} visible: ${names}`,
    },
    checkDriverCuda(environmentCuda, driverVersion, driverCuda),
    checkEcc(gpus),
  ];

  let torch: TorchProbe | null = null;
  if (options.pythonCommand && options.pythonCommand.length > 0) {
    const probe = await probeTorch(run, options.pythonCommand);
    if (!('error' in probe)) torch = probe;
    checks.push(checkTorch(probe, gpus.length, environmentCuda, env));
  }

  return {
    verdict: worstVerdict(checks.map((c) => c.verdict)),
    environmentCuda,
    driverVersion,
    driverCuda,
    gpus,
    torch,
    checks,
  };
}

export interface WorkspaceDoctorOptions {
  /** The workspace when there is one: a bare GPU machine has none, and is still checked. */
  workspace?: Workspace;
  /** The CUDA variant to check against (the cuda option), over the workspace environment's. */
  cuda?: string;
  logger: Logger;
  run?: CommandRunner;
  env?: NodeJS.ProcessEnv;
}

export interface WorkspaceDoctorResult {
  report: DoctorReport;
  /** What was not checked and why, for the reader (not a verdict). */
  notes: string[];
}

/**
 * The doctor as `mlenv doctor` and the doctor action run it: against the workspace
 * environment's CUDA (else CPU-only), probing torch with the environment's Python when it has
 * been built. An environment not built yet skips the torch check with a note; it never builds one.
 */
export async function runWorkspaceDoctor(
  options: WorkspaceDoctorOptions,
): Promise<WorkspaceDoctorResult> {
  const { workspace, logger } = options;
  const environmentCuda = options.cuda ?? workspace?.config.environment.cuda ?? 'cpu';
  const notes: string[] = [];
  let pythonCommand: string[] | undefined;
  if (workspace) {
    try {
      pythonCommand = [(await resolveEnvironment(workspace, { logger, create: false })).python];
    } catch (error) {
      if (!isConfigurationError(error)) throw error;
      notes.push(`torch check skipped: ${errorMessage(error)}`);
    }
  } else {
    notes.push('torch check skipped: no workspace here, so no environment to probe');
  }
  const report = await runDoctor({
    environmentCuda,
    pythonCommand,
    run: options.run,
    env: options.env,
  });
  return { report, notes };
}
