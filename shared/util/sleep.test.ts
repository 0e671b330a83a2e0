import { describe, expect, it } from '@jest/globals';
import { pollUntil, sleep, waitUntil } from './sleep.js';

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

describe('pollUntil and waitUntil', () => {
  it('resolve once the probe holds, probing again between pauses', async () => {
    let probes = 0;
    await expect(pollUntil(() => ++probes === 3, { intervalMs: 1 })).resolves.toBe(true);
    expect(probes).toBe(3);
    await expect(waitUntil('the third probe', async () => ++probes === 5)).resolves.toBeUndefined();
  });

  it('say so when the time is up: pollUntil answers false, waitUntil names what it awaited', async () => {
    await expect(pollUntil(() => false, { timeoutMs: 5, intervalMs: 1 })).resolves.toBe(false);
    await expect(
      waitUntil('a flag that never rises', () => false, { timeoutMs: 5, intervalMs: 1 }),
    ).rejects.toThrow('timed out after 0.005 s waiting for a flag that never rises');
  });
});
