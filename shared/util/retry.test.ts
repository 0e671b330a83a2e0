import { describe, expect, it } from '@jest/globals';
import { backoffDelay, type GiveUpEvent, type RetryEvent, retry } from './retry.js';

class Transient extends Error {}

/** An attempt that fails `failures` times with Transient, then answers 'ok'. */
function flaky(failures: number) {
  const seen: number[] = [];
  const attempt = async ({ number }: { number: number }) => {
    seen.push(number);
    if (seen.length <= failures) throw new Transient(`failure ${seen.length}`);
    return 'ok';
  };
  return { attempt, seen };
}

const transient = (error: unknown) => error instanceof Transient;

describe('backoffDelay', () => {
  it('doubles from the first pause up to the cap', () => {
    const plain = { initialDelayMs: 100, maxDelayMs: 500, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, plain))).toEqual([100, 200, 400, 500, 500]);
  });

  it('takes at most the jitter share off, never adds to it', () => {
    const options = { initialDelayMs: 1_000, jitter: 0.2 };
    expect(backoffDelay(1, { ...options, random: () => 0 })).toBe(1_000);
    expect(backoffDelay(1, { ...options, random: () => 0.5 })).toBe(900);
    expect(backoffDelay(1, { ...options, random: () => 1 })).toBe(800);
  });
});

describe('retry', () => {
  it('tries again until the attempt succeeds, reporting each pause', async () => {
    const { attempt, seen } = flaky(2);
    const events: RetryEvent[] = [];
    const result = await retry(attempt, {
      attempts: 5,
      initialDelayMs: 1,
      jitter: 0,
      retryable: transient,
      onRetry: (event) => events.push(event),
    });
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(events.map((e) => [e.attempt, e.delayMs, (e.error as Error).message])).toEqual([
      [1, 1, 'failure 1'],
      [2, 2, 'failure 2'],
    ]);
  });

  it('gives up at once on an error that is not retryable', async () => {
    const { attempt, seen } = flaky(5);
    const giveUps: GiveUpEvent[] = [];
    const failure = retry(attempt, {
      attempts: 5,
      retryable: () => false,
      giveUp: (event) => {
        giveUps.push(event);
        return new Error(`wrapped: ${(event.error as Error).message}`);
      },
    });
    await expect(failure).rejects.toThrow('wrapped: failure 1');
    expect(seen).toEqual([1]);
    expect(giveUps.map((e) => [e.attempt, e.exhausted])).toEqual([[1, false]]);
  });

  it('stops after the number of attempts and throws the last error', async () => {
    const { attempt, seen } = flaky(10);
    await expect(
      retry(attempt, { attempts: 3, initialDelayMs: 1, retryable: transient }),
    ).rejects.toThrow('failure 3');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('never pauses past the budget', async () => {
    const { attempt } = flaky(100);
    const events: RetryEvent[] = [];
    let gaveUp: GiveUpEvent | undefined;
    await expect(
      retry(attempt, {
        budgetMs: 100,
        initialDelayMs: 10,
        jitter: 0,
        retryable: transient,
        onRetry: (event) => events.push(event),
        giveUp: (event) => {
          gaveUp = event;
          return event.error;
        },
      }),
    ).rejects.toBeInstanceOf(Transient);
    // 10 + 20 + 40 fit in 100 ms; the next pause (80) would not, whatever the machine's speed.
    expect(events.map((e) => e.delayMs)).toEqual([10, 20, 40].slice(0, events.length));
    expect(events.length).toBeGreaterThan(0);
    expect(gaveUp?.exhausted).toBe(true);
    expect(gaveUp?.attempt).toBe(events.length + 1);
  });

  it('takes a pause the service asked for as it is', async () => {
    const { attempt } = flaky(1);
    const events: RetryEvent[] = [];
    await retry(attempt, {
      budgetMs: 10_000,
      retryable: () => ({ afterMs: 7 }),
      onRetry: (event) => events.push(event),
    });
    expect(events.map((e) => e.delayMs)).toEqual([7]);
  });

  it('gives up when the pause the service asked for is past the budget', async () => {
    const { attempt, seen } = flaky(1);
    await expect(
      retry(attempt, { budgetMs: 1_000, retryable: () => ({ afterMs: 5_000 }) }),
    ).rejects.toThrow('failure 1');
    expect(seen).toEqual([1]);
  });

  it('tells each attempt what is left of the budget', async () => {
    const remaining: number[] = [];
    await retry(
      async ({ remainingMs }) => {
        remaining.push(remainingMs);
        if (remaining.length < 2) throw new Transient('once');
      },
      { budgetMs: 10_000, initialDelayMs: 1, retryable: transient },
    );
    expect(remaining).toHaveLength(2);
    expect(remaining[0]).toBeLessThanOrEqual(10_000);
    expect(remaining[1]).toBeLessThan(remaining[0] as number);
    const unbounded: number[] = [];
    await retry(async ({ remainingMs }) => unbounded.push(remainingMs), {
      attempts: 1,
      retryable: transient,
    });
    expect(unbounded).toEqual([Number.POSITIVE_INFINITY]);
  });

  it('stops a pause when the signal aborts, with its reason', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const { attempt, seen } = flaky(10);
    const failure = retry(attempt, {
      attempts: 10,
      initialDelayMs: 60_000,
      retryable: transient,
      signal: controller.signal,
      onRetry: () => controller.abort(reason),
    });
    await expect(failure).rejects.toBe(reason);
    expect(seen).toEqual([1]);
  });

  it('does not retry an attempt that failed because of the abort', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const failure = retry(
      async ({ number }) => {
        seen.push(number);
        controller.abort();
        throw new Transient('aborted mid-request');
      },
      { attempts: 5, retryable: transient, signal: controller.signal },
    );
    await expect(failure).rejects.toThrow('aborted mid-request');
    expect(seen).toEqual([1]);
  });

  it('needs a budget or a number of attempts', async () => {
    await expect(retry(async () => 1, { retryable: () => true })).rejects.toThrow(
      /budget or a number of attempts/,
    );
  });
});
