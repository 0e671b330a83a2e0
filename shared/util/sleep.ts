import { setTimeout as wait } from 'node:timers/promises';

/**
 * Resolves after `ms`; rejects with the signal's reason as soon as it aborts (at once when it
 * already has), so a cancelled wait ends with the same error as the cancelled work.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await wait(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}

export interface PollOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Pause between probes (default 100 ms). */
  intervalMs?: number;
}

/** Probes until it holds or the time is up; says which, never throws for the timeout. */
export async function pollUntil(
  probe: () => boolean | Promise<boolean>,
  options: PollOptions = {},
): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await probe())) {
    if (Date.now() > deadline) return false;
    await sleep(options.intervalMs ?? 100);
  }
  return true;
}

/** As pollUntil, but a timeout is an error naming what was awaited. */
export async function waitUntil(
  what: string,
  probe: () => boolean | Promise<boolean>,
  options: PollOptions = {},
): Promise<void> {
  if (!(await pollUntil(probe, options)))
    throw new Error(
      `timed out after ${(options.timeoutMs ?? 30_000) / 1000} s waiting for ${what}`,
    );
}
