import { describe, expect, it } from '@jest/globals';
import { sleep } from './sleep.js';

describe('sleep', () => {
  it('resolves after the wait', async () => {
    await expect(sleep(5)).resolves.toBeUndefined();
  });

  it('rejects with the reason of a signal that aborts during the wait', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by SIGINT');
    const waiting = sleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it('rejects at once when the signal has already aborted', async () => {
    const reason = new Error('gone');
    await expect(sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});
