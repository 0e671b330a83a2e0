import * as core from '@actions/core';
import type { Logger } from '../../shared/logger/index.js';

/** The core's Logger on top of the Actions toolkit: annotations, log groups and masking. */
export function createActionLogger(): Logger {
  return {
    debug: (message) => core.debug(message),
    info: (message) => core.info(message),
    warning: (message, where) =>
      core.warning(
        message,
        where && {
          file: where.file,
          startLine: where.line,
          startColumn: where.column,
          title: where.title,
        },
      ),
    error: (message, where) =>
      core.error(
        message,
        where && {
          file: where.file,
          startLine: where.line,
          startColumn: where.column,
          title: where.title,
        },
      ),
    startGroup: (name) => core.startGroup(name),
    endGroup: () => core.endGroup(),
    mask: (secret) => core.setSecret(secret),
  };
}
