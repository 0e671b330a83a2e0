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
