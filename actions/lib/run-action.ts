import { formatDiagnostic } from '../../shared/config/diagnostics.js';
import { isConfigurationError, isUserFacingError, OptionError } from '../../shared/errors/index.js';
import type { Logger } from '../../shared/logger/index.js';
import { createActionLogger } from './action-logger.js';
import { inputLabel } from './inputs.js';
import { debug, setFailed } from './runner.js';

/**
 * The outer frame of every action: whatever escapes fails the step with the action's name.
 * User mistakes become annotations at the right file and line, without a stack trace.
 */
export async function runAction(
  name: string,
  body: (logger: Logger) => Promise<void>,
): Promise<void> {
  const logger = createActionLogger();
  try {
    await body(logger);
  } catch (error) {
    if (isConfigurationError(error)) {
      for (const d of error.diagnostics) {
        logger.error(formatDiagnostic(d), {
          file: d.file,
          line: d.line,
          column: d.column,
          title: `mlenv ${name}`,
        });
      }
      // An option the core or the table refused is named as the workflow spells it, in a
      // sentence like the action's other messages.
      const message =
        error instanceof OptionError
          ? error.labelled(inputLabel).replace(/(?<![.?!])$/, '.')
          : error.message;
      setFailed(`${name}: ${message}`);
      return;
    }
    if (isUserFacingError(error)) {
      // A service down, a lease held: the message says what to do; the stack helps only us.
      if (error.stack) debug(error.stack);
      setFailed(`${name}: ${error.message}`);
      return;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    setFailed(`${name}: internal error: ${detail}`);
  }
}
