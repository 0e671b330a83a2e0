import * as core from '@actions/core';
import type { Logger, SourceLocation } from '../../shared/logger/index.js';

/** The core's Logger on top of the Actions toolkit: annotations, log groups and masking. */
export function createActionLogger(): Logger {
  return {
    debug: (message) => core.debug(message),
    info: (message) => core.info(message),
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
