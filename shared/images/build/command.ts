import { spawn } from 'node:child_process';
import type { Logger } from '../../logger/index.js';

// Builders run for minutes and print as they go: their output streams to the logger line by line
// (a CI log shows progress, not one block at the end), and the last lines are kept for the error.
// argv only, never a shell: image names, paths and build arguments come from the user.

export interface CommandOutcome {
  exitCode: number;
  /** The last lines of stdout and stderr together, in order. */
  tail: string;
  /** stdout, when asked for (`capture`). */
  stdout: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to the program's stdin, then closed (a password for `docker login --password-stdin`). */
  input?: string;
  /** Where each output line goes: `info` for a build's progress, `debug` for probes. */
  echo?: 'info' | 'debug' | 'none';
  /** Keep stdout whole (a probe's answer), beside the tail. */
  capture?: boolean;
  timeoutMs?: number;
}

const TAIL_LINES = 40;

/** The error of a program that is not there, told apart from one that failed. */
export class MissingProgramError extends Error {
  constructor(readonly program: string) {
    super(`${program}: not found on PATH`);
    this.name = 'MissingProgramError';
  }
}

export function runCommand(
  argv: readonly string[],
  logger: Logger,
  options: RunOptions = {},
): Promise<CommandOutcome> {
  const [program, ...args] = argv;
  if (!program) return Promise.reject(new Error('runCommand: empty argv'));
  const echo = options.echo ?? 'info';
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    // Our own timer rather than spawn's: that one outlives a program that never started.
    const timer = options.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
      : undefined;
    const tail: string[] = [];
    let stdout = '';
    const partial = { stdout: '', stderr: '' };
    const lineReader = (from: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (from === 'stdout' && options.capture) stdout += text;
      const lines = (partial[from] + text).split(/\r?\n/);
      partial[from] = lines.pop() ?? '';
      for (const line of lines) emit(line);
    };
    const emit = (line: string) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      if (echo === 'info') logger.info(line);
      else if (echo === 'debug') logger.debug(line);
    };
    child.stdout?.on('data', lineReader('stdout'));
    child.stderr?.on('data', lineReader('stderr'));
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new MissingProgramError(program) : error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const rest of [partial.stdout, partial.stderr]) if (rest) emit(rest);
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        tail: [...tail, ...(signal ? [`(${program} ended by ${signal})`] : [])].join('\n'),
        stdout,
      });
    });
  });
}
