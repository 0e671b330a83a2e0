/** Where a message points in the user's files; becomes a GitHub annotation in Actions. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  title?: string;
}

/**
 * The core logs only through this interface, so the same code runs in an Action (annotations,
 * groups, masking) and on a console.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, where?: SourceLocation): void;
  error(message: string, where?: SourceLocation): void;
  startGroup(name: string): void;
  endGroup(): void;
  /** Hides a secret (and values derived from it) in everything logged afterwards. */
  mask(secret: string): void;
}

export interface ConsoleLoggerOptions {
  verbose?: boolean;
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
}

export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const secrets = new Set<string>();
  const redact = (text: string): string => {
    let result = text;
    for (const secret of secrets) result = result.split(secret).join('***');
    return result;
  };
  const where = (loc?: SourceLocation): string =>
    loc
      ? `${loc.file}${loc.line ? `:${loc.line}` : ''}${loc.column ? `:${loc.column}` : ''}: `
      : '';
  let depth = 0;
  const indent = (): string => '  '.repeat(depth);
  return {
    debug(message) {
      if (options.verbose) err.write(`${indent()}${redact(message)}\n`);
    },
    info(message) {
      out.write(`${indent()}${redact(message)}\n`);
    },
    warning(message, loc) {
      err.write(`${indent()}warning: ${where(loc)}${redact(message)}\n`);
    },
    error(message, loc) {
      err.write(`${indent()}error: ${where(loc)}${redact(message)}\n`);
    },
    startGroup(name) {
      out.write(`${indent()}${redact(name)}\n`);
      depth++;
    },
    endGroup() {
      depth = Math.max(0, depth - 1);
    },
    mask(secret) {
      // Very short values would redact ordinary words; GitHub applies the same floor.
      if (secret.length >= 4) secrets.add(secret);
    },
  };
}

/** A logger that records everything, for unit tests of code that logs. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug: ${m}`),
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    startGroup: (n) => lines.push(`group: ${n}`),
    endGroup: () => lines.push('endgroup'),
    mask: () => {},
  };
}
