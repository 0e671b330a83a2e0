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

export function isConfigurationError(error: unknown): error is ConfigurationError {
  return error instanceof ConfigurationError;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
