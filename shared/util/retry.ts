import { sleep } from './sleep.js';

// One way to retry for every client that talks to a service (the Kubernetes API server, MLflow,
// package indexes): exponential backoff with jitter, bounded by a time budget and/or a number of
// attempts, so a flaky service is ridden out and one that is really down fails clearly.

export interface RetryAttempt {
  /** 1 for the first try. */
  number: number;
  /** What is left of the budget (Infinity without one), to bound the attempt's own timeout. */
  remainingMs: number;
}

export interface RetryEvent {
  error: unknown;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** The pause before the next attempt. */
  delayMs: number;
  elapsedMs: number;
}

export interface GiveUpEvent {
  error: unknown;
  /** How many attempts were made. */
  attempt: number;
  elapsedMs: number;
  /** True when the error was worth another try but the attempts or the budget ran out. */
  exhausted: boolean;
}

export interface BackoffOptions {
  /** The first pause (default 250 ms); each further one doubles, up to `maxDelayMs`. */
  initialDelayMs?: number;
  /** Default 8 s. */
  maxDelayMs?: number;
  /**
   * The share of each pause taken off at random (0 to 1, default 0.2), so that clients that
   * failed together do not all come back at the same moment. A pause is never longer than the
   * doubling alone makes it.
   */
  jitter?: number;
  /** For tests of the arithmetic. */
  random?: () => number;
}

export interface RetryOptions extends BackoffOptions {
  /**
   * The attempts and the pauses between them end within this many milliseconds: a pause that
   * would end past it is not taken, the last error is given up on instead.
   */
  budgetMs?: number;
  /** At most this many attempts (at least one of `budgetMs` and `attempts` is needed). */
  attempts?: number;
  /**
   * Whether a failure may be tried again. `{ afterMs }` is a pause the service asked for
   * (Retry-After), taken as it is instead of the backoff.
   */
  retryable: (error: unknown) => boolean | { afterMs: number };
  /** Called before each pause, to log it. */
  onRetry?: (event: RetryEvent) => void;
  /** What to throw instead of the last error, e.g. one that names the attempts and the time. */
  giveUp?: (event: GiveUpEvent) => unknown;
  /**
   * Aborting stops a pause at once; an attempt that fails after the abort is not retried. The
   * attempt itself decides what an abort means to it (the first runs even on an aborted signal).
   */
  signal?: AbortSignal;
}

/** The pause after a failed attempt (from 1): doubling from the first, capped, jittered. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { initialDelayMs = 250, maxDelayMs = 8_000, jitter = 0.2, random = Math.random } = options;
  const nominal = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
  return Math.round(nominal * (1 - Math.min(1, Math.max(0, jitter)) * random()));
}

/** Runs `attempt` until it succeeds, a failure is not retryable, or attempts or budget run out. */
export async function retry<T>(
  attempt: (current: RetryAttempt) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const budgetMs = options.budgetMs ?? Number.POSITIVE_INFINITY;
  const attempts = options.attempts ?? Number.POSITIVE_INFINITY;
  if (budgetMs === Number.POSITIVE_INFINITY && attempts === Number.POSITIVE_INFINITY)
    throw new Error('retry: give a time budget or a number of attempts');
  const started = Date.now();
  for (let number = 1; ; number++) {
    try {
      return await attempt({ number, remainingMs: budgetMs - (Date.now() - started) });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const elapsedMs = Date.now() - started;
      const giveUp = (exhausted: boolean): never => {
        throw options.giveUp
          ? options.giveUp({ error, attempt: number, elapsedMs, exhausted })
          : error;
      };
      const verdict = options.retryable(error);
      if (verdict === false) giveUp(false);
      const delayMs = typeof verdict === 'object' ? verdict.afterMs : backoffDelay(number, options);
      if (number >= attempts || elapsedMs + delayMs > budgetMs) giveUp(true);
      options.onRetry?.({ error, attempt: number, delayMs, elapsedMs });
      await sleep(delayMs, options.signal);
    }
  }
}
