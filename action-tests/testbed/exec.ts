import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  // Long builds append their output here so a failure can show its tail.
  logFile?: string;
  timeoutMs?: number;
}

export class CommandError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

// Runs to completion and returns stdout; rejects with the combined output on a non-zero exit.
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const log = opts.logFile ? openLog(opts.logFile) : undefined;
    if (log !== undefined) fs.writeSync(log, `\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      // No input, no pipe: a command that exits at once (`ip link show`) would otherwise make the
      // write of an empty stdin fail with EPIPE and take the process down.
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let combined = '';
    const onData = (isStdout: boolean) => (chunk: Buffer) => {
      const text = chunk.toString();
      if (isStdout) stdout += text;
      combined += text;
      if (log !== undefined) fs.writeSync(log, text);
    };
    child.stdout?.on('data', onData(true));
    child.stderr?.on('data', onData(false));
    const timer = opts.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs)
      : undefined;
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      if (log !== undefined) fs.closeSync(log);
      reject(new CommandError(`${cmd}: ${err.message}`, combined));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (log !== undefined) fs.closeSync(log);
      if (code === 0) resolve(stdout);
      else {
        const why = signal ? `signal ${signal}` : `exit code ${code}`;
        reject(new CommandError(`${cmd} ${args.join(' ')} failed (${why})`, combined));
      }
    });
    if (opts.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {
        // The command ended before reading all of its input; its exit status tells the story.
      });
      child.stdin.end(opts.input);
    }
  });
}

function openLog(file: string): number {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return fs.openSync(file, 'a');
}

export function tailLines(text: string, count = 30): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-count).join('\n');
}

export function tailFile(file: string, count = 30): string {
  try {
    return tailLines(fs.readFileSync(file, 'utf8'), count);
  } catch {
    return `(no log at ${file})`;
  }
}

export interface Captured {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Both streams as they came, interleaved. */
  output: string;
}

/**
 * Runs to completion and returns how it ended with both streams, whatever the exit code (the
 * caller judges it). Asynchronous, so servers in the test's own process keep answering; killed
 * after `timeoutMs`.
 */
export function capture(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, output });
    });
  });
}
