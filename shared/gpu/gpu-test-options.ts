import { ConfigurationError } from '../errors/index.js';

// The gpu-test options' defaults and parsers, apart from the modules that run the tests (and
// from zod), so that reading the gpu-test action's inputs loads nothing else.

/** The label a maintainer puts on a fork's pull request to let its GPU tests run. */
export const DEFAULT_APPROVAL_LABEL = 'gpu-tests-approved';

/**
 * Shared by every runner process on the machine, whichever user directory or RUNNER_TEMP each
 * has: the locks only work when all jobs that can see a GPU look in the same directory.
 */
export const DEFAULT_GPU_LOCK_DIR = '/tmp/mlenv-gpu-locks';
export const DEFAULT_GPU_LOCK_TIMEOUT_MS = 30 * 60 * 1000;

/** Parses "30m", "1h30m", "90s", or a plain number of seconds, for --lock-timeout. */
export function parseLockTimeout(text: string): number {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (value === '' || !match) {
    throw new ConfigurationError(
      `lock timeout: expected a duration such as "30m", "90s" or "1h30m", found ${JSON.stringify(text)}`,
    );
  }
  const [, h = '0', m = '0', s = '0'] = match;
  return (Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000;
}
