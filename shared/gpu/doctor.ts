import { execFile } from 'node:child_process';
import {
  type GpuInfo,
  NVIDIA_SMI_HEADER,
  NVIDIA_SMI_QUERY,
  parseCudaVersion,
  parseDriverVersion,
  parseGpuQuery,
} from './nvidia-smi.js';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs argv (never through a shell). Rejects with an error whose `code` is 'ENOENT' when the
 * program does not exist, so "no nvidia-smi" differs from "nvidia-smi failed".
 */
export type CommandRunner = (argv: readonly string[]) => Promise<CommandResult>;

export function createCommandRunner(options: { timeoutMs?: number } = {}): CommandRunner {
  // A wedged GPU can make nvidia-smi hang for minutes; the doctor must still answer.
  const timeout = options.timeoutMs ?? 60_000;
  return (argv) =>
    new Promise((resolve, reject) => {
      const [program, ...args] = argv;
      if (!program) {
        reject(new Error('empty command'));
        return;
      }
      execFile(
        program,
        args,
        { timeout, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (!error) {
            resolve({ exitCode: 0, stdout, stderr });
            return;
          }
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            reject(error);
            return;
          }
          const killed = (error as { killed?: boolean }).killed;
          resolve({
            exitCode: typeof code === 'number' ? code : 1,
            stdout,
            stderr: killed ? `${stderr}\n${program} timed out after ${timeout} ms` : stderr,
          });
        },
      );
    });
}

export const VERDICTS = ['pass', 'warn', 'fail'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const DOCTOR_CHECKS = {
  gpusVisible: 'gpus-visible',
  driverCuda: 'driver-cuda',
  ecc: 'ecc',
  torch: 'torch',
} as const;
export type DoctorCheckId = (typeof DOCTOR_CHECKS)[keyof typeof DOCTOR_CHECKS];

export interface DoctorCheck {
  id: DoctorCheckId;
  title: string;
  verdict: Verdict;
  message: string;
}

export interface TorchProbe {
  torchVersion: string;
  torchCuda: string | null;
  cudaAvailable: boolean;
  deviceCount: number;
}

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

/**
 * NVIDIA's minimum Linux x86_64 driver for each CUDA toolkit's GA release (CUDA Toolkit release
 * notes, "CUDA Toolkit and Corresponding Driver Versions").
 */
export const CUDA_MIN_DRIVER: Readonly<Record<string, string>> = {
  '13.0': '580.65.06',
  '12.9': '575.51.03',
  '12.8': '570.26',
  '12.6': '560.28.03',
  '12.5': '555.42.02',
  '12.4': '550.54.14',
  '12.3': '545.23.06',
  '12.2': '535.54.03',
  '12.1': '530.30.02',
  '12.0': '525.60.13',
  '11.8': '520.61.05',
};

/**
 * The oldest driver of each CUDA major that runs any toolkit of that major through minor-version
 * compatibility (same release notes, "CUDA Minor Version Compatibility"), minus PTX JIT and
 * features the older driver lacks.
 */
export const CUDA_MAJOR_MIN_DRIVER: Readonly<Record<string, string>> = {
  '13': '580',
  '12': '525.60.13',
  '11': '450.80.02',
};

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  let worst: Verdict = 'pass';
  for (const v of verdicts) if (VERDICTS.indexOf(v) > VERDICTS.indexOf(worst)) worst = v;
  return worst;
}

function isCpu(environmentCuda: string): boolean {
  return environmentCuda.trim().toLowerCase() === 'cpu';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

/** Whether a driver runs an environment built for `cuda`, from NVIDIA's table and the header. */
export function checkDriverCuda(
  environmentCuda: string,
  driverVersion: string | null,
  driverCuda: string | null,
): DoctorCheck {
  const title = 'driver supports the CUDA version';
  const result = (verdict: Verdict, message: string): DoctorCheck => ({
    id: DOCTOR_CHECKS.driverCuda,
    title,
    verdict,
    message,
  });
  if (isCpu(environmentCuda)) {
    return result('pass', 'the environment is CPU-only (cuda: cpu): no CUDA driver needed');
  }
  const cuda = environmentCuda.trim();
  const major = cuda.split('.')[0] ?? '';
  const supports = driverCuda ? ` (the driver supports up to CUDA ${driverCuda})` : '';
  const verdicts: Verdict[] = [];
  const minimum = CUDA_MIN_DRIVER[cuda];
  const majorMinimum = CUDA_MAJOR_MIN_DRIVER[major];
  let tableVerdict: Verdict | null = null;
  if (driverVersion && minimum) {
    if (compareVersions(driverVersion, minimum) >= 0) tableVerdict = 'pass';
    else if (majorMinimum && compareVersions(driverVersion, majorMinimum) >= 0)
      tableVerdict = 'warn';
    else tableVerdict = 'fail';
    verdicts.push(tableVerdict);
  }
  let headerVerdict: Verdict | null = null;
  if (driverCuda) {
    if (compareVersions(driverCuda, cuda) >= 0) headerVerdict = 'pass';
    else if (driverCuda.split('.')[0] === major) headerVerdict = 'warn';
    else headerVerdict = 'fail';
    verdicts.push(headerVerdict);
  }
  if (verdicts.length === 0) {
    return result(
      'warn',
      `cannot tell whether driver ${driverVersion ?? '(unknown)'} runs CUDA ${cuda}: no minimum driver is known for it and nvidia-smi did not print its CUDA version`,
    );
  }
  const verdict = worstVerdict(verdicts);
  const driver = `driver ${driverVersion ?? '(unknown version)'}`;
  const needs = minimum ? ` (CUDA ${cuda} needs ≥ ${minimum})` : '';
  if (verdict === 'pass') return result('pass', `${driver} supports CUDA ${cuda}${supports}`);
  if (verdict === 'warn') {
    return result(
      'warn',
      `${driver} is older than CUDA ${cuda} needs${needs}${supports}; it runs through CUDA minor-version compatibility, without PTX JIT or newer features: upgrade the driver`,
    );
  }
  const majorNeeds = majorMinimum ? `: CUDA ${major}.x needs at least ${majorMinimum}` : '';
  return result(
    'fail',
    `${driver} cannot run CUDA ${cuda}${majorNeeds}${supports}; install a newer driver or use an older CUDA variant`,
  );
}

export function checkEcc(gpus: readonly GpuInfo[]): DoctorCheck {
  const check = (verdict: Verdict, message: string): DoctorCheck => ({
    id: DOCTOR_CHECKS.ecc,
    title: 'no uncorrected ECC errors',
    verdict,
    message,
  });
  const bad = gpus.filter((g) => (g.eccUncorrectedVolatile ?? 0) > 0);
  if (bad.length > 0) {
    const which = bad
      .map(
        (g) =>
          `GPU ${g.index} (${g.uuid || g.name}) has ${plural(g.eccUncorrectedVolatile ?? 0, 'uncorrected ECC error')}`,
      )
      .join('; ');
    return check(
      'fail',
      `${which} since the driver loaded: its memory is unreliable; drain the machine and reset or replace the GPU`,
    );
  }
  const unreported = gpus.filter((g) => g.eccUncorrectedVolatile === null).map((g) => g.index);
  if (unreported.length === gpus.length) {
    return check('pass', 'no GPU reports ECC counters (ECC is off or not supported)');
  }
  const note =
    unreported.length > 0
      ? ` (GPU ${unreported.join(', ')} does not report ECC: off or not supported)`
      : '';
  return check(
    'pass',
    `no uncorrected ECC errors on ${plural(gpus.length - unreported.length, 'GPU')}${note}`,
  );
}

/** Printed by the environment's Python: one JSON line that `parseTorchProbe` reads. */
export const TORCH_PROBE_SCRIPT = [
  'import json',
  'try:',
  '    import torch',
  'except Exception as e:',
  '    print(json.dumps({"error": type(e).__name__ + ": " + str(e)}))',
  '    raise SystemExit(0)',
  'print(json.dumps({"torch": torch.__version__, "cuda": torch.version.cuda,',
  '    "available": torch.cuda.is_available(), "count": torch.cuda.device_count()}))',
].join('\n');

export function parseTorchProbe(stdout: string): TorchProbe | { error: string } {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.trim().startsWith('{'));
  if (!line) return { error: `no JSON in the probe's output: ${firstLine(stdout) || '(empty)'}` };
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { error: `unreadable probe output: ${line.trim()}` };
  }
  const record = (data ?? {}) as Record<string, unknown>;
  if (typeof record.error === 'string') return { error: record.error };
  if (
    typeof record.torch !== 'string' ||
    typeof record.available !== 'boolean' ||
    typeof record.count !== 'number'
  ) {
    return { error: `unexpected probe output: ${line.trim()}` };
  }
  return {
    torchVersion: record.torch,
    torchCuda: typeof record.cuda === 'string' ? record.cuda : null,
    cudaAvailable: record.available,
    deviceCount: record.count,
  };
}

function visibleDeviceCount(env: NodeJS.ProcessEnv): number | null {
  const value = env.CUDA_VISIBLE_DEVICES;
  if (value === undefined) return null;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '').length;
}

export function checkTorch(
  probe: TorchProbe,
  gpuCount: number,
  environmentCuda: string,
  env: NodeJS.ProcessEnv = {},
): DoctorCheck {
  const check = (verdict: Verdict, message: string): DoctorCheck => ({
    id: DOCTOR_CHECKS.torch,
    title: 'torch sees the GPUs',
    verdict,
    message,
  });
  const torch = `torch ${probe.torchVersion}`;
  if (isCpu(environmentCuda)) {
    return check(
      'pass',
      `the environment is CPU-only (cuda: cpu): ${torch} ${probe.torchCuda ? `(CUDA ${probe.torchCuda})` : '(CPU build)'} is not expected to use the GPUs`,
    );
  }
  if (!probe.torchCuda) {
    return check(
      'fail',
      `${torch} is a CPU build, but the environment declares CUDA ${environmentCuda}: the lock resolved the wrong wheel`,
    );
  }
  const visible = visibleDeviceCount(env);
  if (!probe.cudaAvailable) {
    if (visible === 0) {
      return check('fail', `${torch} sees no GPU: CUDA_VISIBLE_DEVICES is empty`);
    }
    return check(
      'fail',
      `${torch} (CUDA ${probe.torchCuda}) cannot use CUDA on this machine although nvidia-smi sees ${plural(gpuCount, 'GPU')}: check the driver and the container's GPU access`,
    );
  }
  const expected = visible === null ? gpuCount : Math.min(visible, gpuCount);
  const mismatchCuda =
    compareVersions(probe.torchCuda.split('.').slice(0, 2).join('.'), environmentCuda) !== 0
      ? `; it was built for CUDA ${probe.torchCuda}, the environment declares ${environmentCuda}`
      : '';
  if (probe.deviceCount !== expected) {
    const restricted =
      visible === null
        ? ''
        : ` (CUDA_VISIBLE_DEVICES=${env.CUDA_VISIBLE_DEVICES} allows ${visible})`;
    return check(
      'fail',
      `${torch} sees ${plural(probe.deviceCount, 'GPU')}, nvidia-smi sees ${gpuCount}${restricted}`,
    );
  }
  const of =
    visible !== null && expected < gpuCount
      ? ` of ${gpuCount} (CUDA_VISIBLE_DEVICES=${env.CUDA_VISIBLE_DEVICES})`
      : '';
  return check(
    mismatchCuda ? 'warn' : 'pass',
    `${torch} (CUDA ${probe.torchCuda}) sees ${plural(probe.deviceCount, 'GPU')}${of}${mismatchCuda}`,
  );
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
      `no NVIDIA GPU usable on this machine: nvidia-smi exited with ${query.exitCode}: ${firstLine(output) || '(no output)'}`,
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
    const python = options.pythonCommand;
    const fail = (message: string): DoctorCheck => ({
      id: DOCTOR_CHECKS.torch,
      title: 'torch sees the GPUs',
      verdict: 'fail',
      message,
    });
    try {
      const result = await run([...python, '-c', TORCH_PROBE_SCRIPT]);
      const probe = parseTorchProbe(result.stdout);
      if ('error' in probe) {
        const detail =
          result.exitCode !== 0 ? firstLine(result.stderr) || probe.error : probe.error;
        checks.push(fail(`cannot import torch with ${python.join(' ')}: ${detail}`));
      } else {
        torch = probe;
        checks.push(checkTorch(probe, gpus.length, environmentCuda, env));
      }
    } catch (error) {
      if (!isMissing(error)) throw error;
      checks.push(fail(`the environment's Python was not found: ${python[0]}`));
    }
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

function memory(gpu: GpuInfo): string {
  if (gpu.memoryTotalMiB === null) return 'memory n/a';
  const used = gpu.memoryUsedMiB === null ? '?' : String(gpu.memoryUsedMiB);
  return `${used} / ${gpu.memoryTotalMiB} MiB`;
}

function orNa(value: number | null, unit = ''): string {
  return value === null ? 'n/a' : `${value}${unit}`;
}

export function formatDoctorReport(report: DoctorReport): string {
  const lines = [
    `GPU doctor: ${report.verdict.toUpperCase()} (environment cuda: ${report.environmentCuda})`,
  ];
  if (report.gpus.length > 0) {
    lines.push(
      `driver ${report.driverVersion ?? 'unknown'}${report.driverCuda ? `, supports CUDA ${report.driverCuda}` : ''}`,
    );
    for (const g of report.gpus) {
      lines.push(
        `  GPU ${g.index}  ${g.name}  ${memory(g)}  util ${orNa(g.utilizationPercent, '%')}  ECC ${orNa(g.eccUncorrectedVolatile)}  ${orNa(g.temperatureC, '°C')}  ${g.pciBusId ?? ''}`.trimEnd(),
      );
    }
  }
  if (report.torch) {
    lines.push(
      `torch ${report.torch.torchVersion}, CUDA ${report.torch.torchCuda ?? 'none'}, ${plural(report.torch.deviceCount, 'device')}`,
    );
  }
  for (const c of report.checks) lines.push(`${c.verdict.padEnd(4)}  ${c.title}: ${c.message}`);
  return lines.join('\n');
}

const MARK: Record<Verdict, string> = { pass: '✅', warn: '⚠️', fail: '❌' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The report as GitHub-flavoured Markdown, for a job summary. */
export function doctorMarkdown(report: DoctorReport): string {
  const out = [
    `### GPU doctor: ${MARK[report.verdict]} ${report.verdict}`,
    '',
    `Environment CUDA: \`${cell(report.environmentCuda)}\`${report.driverVersion ? ` · driver \`${report.driverVersion}\`` : ''}${report.driverCuda ? ` (supports CUDA ${report.driverCuda})` : ''}${report.torch ? ` · torch \`${report.torch.torchVersion}\`` : ''}`,
    '',
  ];
  if (report.gpus.length > 0) {
    out.push('| GPU | model | memory used / total | utilisation | uncorrected ECC | temp |');
    out.push('| --: | ----- | ------------------- | ----------: | --------------: | ---: |');
    for (const g of report.gpus) {
      out.push(
        `| ${g.index} | ${cell(g.name)} | ${memory(g)} | ${orNa(g.utilizationPercent, '%')} | ${orNa(g.eccUncorrectedVolatile)} | ${orNa(g.temperatureC, ' °C')} |`,
      );
    }
    out.push('');
  }
  out.push('| check | verdict | detail |', '| ----- | ------- | ------ |');
  for (const c of report.checks) {
    out.push(`| ${cell(c.title)} | ${MARK[c.verdict]} ${c.verdict} | ${cell(c.message)} |`);
  }
  return `${out.join('\n')}\n`;
}
