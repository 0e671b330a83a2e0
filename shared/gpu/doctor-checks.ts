import { plural } from '../util/text.js';
import { CUDA_MAJOR_MIN_DRIVER, CUDA_MIN_DRIVER, compareVersions } from './cuda-drivers.js';
import type { GpuInfo } from './nvidia-smi.js';
import type { TorchProbe } from './torch-probe.js';

// The doctor's checks: each judges one thing it was told about the machine, without running
// anything, so each is tested on its own inputs.

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

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  let worst: Verdict = 'pass';
  for (const v of verdicts) if (VERDICTS.indexOf(v) > VERDICTS.indexOf(worst)) worst = v;
  return worst;
}

export function isCpu(environmentCuda: string): boolean {
  return environmentCuda.trim().toLowerCase() === 'cpu';
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

function visibleDeviceCount(env: NodeJS.ProcessEnv): number | null {
  const value = env.CUDA_VISIBLE_DEVICES;
  if (value === undefined) return null;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '').length;
}

/** What torch in the environment sees against what nvidia-smi sees; a probe that failed fails. */
export function checkTorch(
  probe: TorchProbe | { error: string },
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
  if ('error' in probe) return check('fail', probe.error);
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
