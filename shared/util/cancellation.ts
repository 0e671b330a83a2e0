// SIGINT and SIGTERM (Ctrl-C; a cancelled workflow sends SIGINT, then SIGTERM) become an
// AbortSignal, so that the work stops its processes, deletes its cluster jobs and unlocks its
// GPUs before the process ends, instead of being killed half-way.

export interface CancelOnSignalsOptions {
  /** Default SIGINT and SIGTERM. */
  signals?: readonly NodeJS.Signals[];
  /** Called for each signal received, before the abort: to say what is being stopped. */
  onSignal?: (signal: NodeJS.Signals) => void;
  /** The abort reason; default an Error `cancelled by SIGINT`. */
  reason?: (signal: NodeJS.Signals) => unknown;
  /**
   * Each signal cancels once, and its repeat ends the process as Node does by default (Ctrl-C a
   * second time to stop waiting for the cleanup). Otherwise the handlers stay until `dispose`:
   * then another handler that re-raises a signal only when nobody else listens (the GPU lock's)
   * leaves ending the process to the work.
   */
  once?: boolean;
}

export interface SignalCancellation {
  readonly signal: AbortSignal;
  /** Removes the handlers; the signal keeps its state. */
  dispose(): void;
}

export function cancelOnSignals(options: CancelOnSignalsOptions = {}): SignalCancellation {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const controller = new AbortController();
  const cancel = (received: NodeJS.Signals): void => {
    options.onSignal?.(received);
    controller.abort(options.reason?.(received) ?? new Error(`cancelled by ${received}`));
  };
  for (const name of signals) {
    if (options.once) process.once(name, cancel);
    else process.on(name, cancel);
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of signals) process.off(name, cancel);
    },
  };
}

/** Runs `body` with a signal that SIGINT and SIGTERM abort; the handlers go when it settles. */
export async function withSignalCancellation<T>(
  body: (signal: AbortSignal) => Promise<T>,
  options: CancelOnSignalsOptions = {},
): Promise<T> {
  const cancellation = cancelOnSignals(options);
  try {
    return await body(cancellation.signal);
  } finally {
    cancellation.dispose();
  }
}
