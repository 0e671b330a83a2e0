import type { Logger, SourceLocation } from '../../shared/logger/index.js';
import * as runner from './runner.js';

/** The core's Logger on top of the Actions runner's commands: annotations, log groups and masking. */
export function createActionLogger(): Logger {
  return {
    debug: (message) => runner.debug(message),
    info: (message) => info(message),
    warning: (message, where) => runner.warning(message, annotation(where)),
    error: (message, where) => runner.error(message, annotation(where)),
    startGroup: (name) => runner.startGroup(name),
    endGroup: () => runner.endGroup(),
    mask: (secret) => runner.setSecret(secret),
  };
}

function annotation(where?: SourceLocation): runner.AnnotationProperties | undefined {
  return (
    where && {
      file: where.file,
      startLine: where.line,
      startColumn: where.column,
      title: where.title,
    }
  );
}

// The runner obeys `::command::` at the start of any log line. Info lines carry text the action
// does not control (input values, trainer output, git history), so a message with such a line is
// printed between stop-commands markers and cannot set outputs, masks or annotations.
const COMMAND_LINE = /^\s*::/m;

function info(message: string): void {
  if (!COMMAND_LINE.test(message)) {
    runner.info(message);
    return;
  }
  // The global Web Crypto, loaded on first use rather than at every action's start-up.
  const token = crypto.randomUUID();
  runner.info(`::stop-commands::${token}`);
  runner.info(message);
  runner.info(`::${token}::`);
}
