import { ConfigurationError } from '../errors/index.js';

/**
 * A duration as MLEnv writes them everywhere (`train.maxRuntime`, `--lock-timeout`): hours,
 * minutes and seconds, each optional but at least one, in that order: `90s`, `30m`, `1h30m`.
 * The JSON Schema of mlenv.yaml carries this pattern too, so it stays a plain regular expression.
 */
export const DURATION_PATTERN = /^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/;

export interface ParseDurationOptions {
  /** Also take a plain number of seconds (`90`, `1.5`), where an option has always taken one. */
  plainSeconds?: boolean;
  /** What is being read, for the message: `lock timeout`, `input "pending-timeout"`. */
  what?: string;
}

/** Milliseconds of a duration; anything else is a ConfigurationError naming `what`. */
export function parseDuration(text: string, options: ParseDurationOptions = {}): number {
  const value = text.trim();
  if (options.plainSeconds && /^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const match = DURATION_PATTERN.exec(value);
  if (!match) {
    const expected = `a duration such as "30m", "90s" or "1h30m"${options.plainSeconds ? ', or a number of seconds' : ''}`;
    throw new ConfigurationError(
      `${options.what ? `${options.what}: ` : ''}expected ${expected}, found ${JSON.stringify(text)}`,
    );
  }
  const [h = 0, m = 0, s = 0] = match.slice(1).map((part) => Number.parseInt(part ?? '0', 10));
  return (h * 3600 + m * 60 + s) * 1000;
}
