import { GPU_TEST_OPTIONS } from '../options/gpu-test.js';
import { parseDuration } from '../util/duration.js';

// The gpu-test options' defaults, as the option table (shared/options/gpu-test.ts) declares
// them, for the core's callers that pass none.

/** The label a maintainer puts on a fork's pull request to let its GPU tests run. */
export const DEFAULT_APPROVAL_LABEL = GPU_TEST_OPTIONS['approval-label'].default;
export const DEFAULT_GPU_LOCK_DIR = GPU_TEST_OPTIONS['lock-dir'].default;
export const DEFAULT_GPU_LOCK_TIMEOUT_MS = GPU_TEST_OPTIONS['lock-timeout'].default;

/** Parses "30m", "1h30m", "90s", or a plain number of seconds, for --lock-timeout. */
export function parseLockTimeout(text: string): number {
  return parseDuration(text, { plainSeconds: true, what: 'lock timeout' });
}
