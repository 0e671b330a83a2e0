import { GPU_TEST_OPTIONS } from '../../../shared/options/gpu-test.js';
import { readInputs as readTable } from '../../lib/inputs.js';

export type GpuTestInputs = ReturnType<typeof readInputs>;

/** Every input of the action (shared/options/gpu-test.ts), read and checked in this one place. */
export function readInputs() {
  const { lockTimeout, ...inputs } = readTable(GPU_TEST_OPTIONS);
  return { ...inputs, lockTimeoutMs: lockTimeout };
}
