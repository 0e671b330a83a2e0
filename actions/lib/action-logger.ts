import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import type { Logger, SourceLocation } from '../../shared/logger/index.js';

/** The core's Logger on top of the Actions toolkit: annotations, log groups and masking. */
export function createActionLogger(): Logger {
  return {
    debug: (message) => core.debug(message),
    info: (message) => info(message),
    warning: (message, where) => core.warning(message, annotation(where)),
    error: (message, where) => core.error(message, annotation(where)),
    startGroup: (name) => core.startGroup(name),
    endGroup: () => core.endGroup(),
    mask: (secret) => core.setSecret(secret),
  };
}

function annotation(where?: SourceLocation): core.AnnotationProperties | undefined {
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
    core.info(message);
    return;
  }
  const token = randomUUID();
  core.info(`::stop-commands::${token}`);
  core.info(message);
  core.info(`::${token}::`);
}
