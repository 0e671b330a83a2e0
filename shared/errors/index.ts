import type { Diagnostic } from '../config/diagnostics.js';
import { formatDiagnostic } from '../config/diagnostics.js';

/**
 * A mistake the user can fix (bad config, bad input). Callers print it without a stack trace;
 * anything else that escapes is an internal error and keeps its stack.
 */
export class ConfigurationError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(message: string, diagnostics: readonly Diagnostic[] = []) {
    super(
      diagnostics.length > 0
        ? `${message}\n${diagnostics.map(formatDiagnostic).join('\n')}`
        : message,
    );
    this.name = 'ConfigurationError';
    this.diagnostics = diagnostics;
  }
}

/**
 * A bad option value, named by the option's canonical (kebab-case) name. The core does not know
 * which adapter called it: the CLI prints it as `--backend: ...`, an action as
 * `Input "backend": ...` (flagLabel in cli/src/options.ts, inputLabel in actions/lib/inputs.ts), so
 * each user reads the name they typed.
 */
export class OptionError extends ConfigurationError {
  constructor(
    readonly option: string,
    readonly detail: string,
  ) {
    super(`--${option}: ${detail}`);
    this.name = 'OptionError';
  }

  /** The message as an adapter shows it, with its own label for the option. */
  labelled(label: (option: string) => string): string {
    return `${label(this.option)}: ${this.detail}`;
  }
}

export function isConfigurationError(error: unknown): error is ConfigurationError {
  return error instanceof ConfigurationError;
}

/**
 * A failure outside MLEnv that the user acts on: a service that is down or refuses (MLflow, the
 * cluster, GitHub, a package index), git, a lock another run holds, a promotion that stopped. Its
 * message says what happened and what to do, so it is printed without a stack trace (kept for
 * debugging: MLENV_DEBUG=1, or a re-run with debug logging in Actions); it is no bug of MLEnv's.
 */
export class ExternalError extends Error {
  override name = 'ExternalError';
}

/** A user mistake or an outside failure: shown as a message, exit code 1, no stack trace. */
export function isUserFacingError(error: unknown): error is ConfigurationError | ExternalError {
  return error instanceof ConfigurationError || error instanceof ExternalError;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A token goes into an HTTP header. One with a line break or another control character makes
 * fetch throw an error that quotes the whole header, token included, into logs, summaries and
 * pull request comments (where no runner masks it); so it is refused here without showing it.
 */
export function checkToken(token: string, what: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point.
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(token))
    throw new ConfigurationError(
      `${what}: expected a token on one line, found line breaks or control characters (the value is not shown)`,
    );
}
