import { TRAIN_OPTIONS } from '../../../shared/options/train.js';
import { readInputs as readTable } from '../../lib/inputs.js';

export type TrainInputs = ReturnType<typeof readInputs>;

/** Every input of the action (shared/options/train.ts), read and checked in this one place. */
export function readInputs() {
  const { pendingTimeout, ...inputs } = readTable(TRAIN_OPTIONS);
  return { ...inputs, pendingTimeoutMs: pendingTimeout * 1000 };
}
