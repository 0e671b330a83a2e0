import { ConfigurationError } from '../../../shared/errors/index.js';
import {
  DEFAULT_APPROVAL_LABEL,
  DEFAULT_GPU_LOCK_DIR,
  parseLockTimeout,
} from '../../../shared/gpu/gpu-test-options.js';
import { booleanInput, optionalInput } from '../../lib/inputs.js';

export interface GpuTestInputs {
  workspace: string;
  project?: string;
  requireGpu: boolean;
  gpus?: number;
  lockDir: string;
  lockTimeoutMs: number;
  approvalLabel: string;
  githubToken?: string;
  venv?: string;
}

/** Every input of the action, read and checked in this one place. */
export function readInputs(): GpuTestInputs {
  const gpusText = optionalInput('gpus');
  let gpus: number | undefined;
  if (gpusText !== undefined) {
    gpus = Number(gpusText);
    if (!Number.isInteger(gpus) || gpus < 1) {
      throw new ConfigurationError(
        `Input "gpus": expected a whole number ≥ 1, found ${JSON.stringify(gpusText)}.`,
      );
    }
  }
  let lockTimeoutMs: number;
  try {
    lockTimeoutMs = parseLockTimeout(optionalInput('lock-timeout') ?? '30m');
  } catch (error) {
    throw new ConfigurationError(`Input "lock-timeout": ${(error as Error).message}.`);
  }
  return {
    workspace: optionalInput('workspace') ?? '.',
    project: optionalInput('project'),
    requireGpu: booleanInput('require-gpu', true),
    gpus,
    lockDir: optionalInput('lock-dir') ?? DEFAULT_GPU_LOCK_DIR,
    lockTimeoutMs,
    approvalLabel: optionalInput('approval-label') ?? DEFAULT_APPROVAL_LABEL,
    githubToken: optionalInput('github-token'),
    venv: optionalInput('venv'),
  };
}
