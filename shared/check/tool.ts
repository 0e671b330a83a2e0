import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';

export interface ToolOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a tool to completion and hands back its exit code: ruff and pytest report findings through
 * non-zero codes, so a non-zero exit is data here, not an error.
 */
export function runTool(
  command: string,
  args: readonly string[],
  options: { cwd: string; logger: Logger; signal?: AbortSignal; env?: NodeJS.ProcessEnv },
): Promise<ToolOutput> {
  options.logger.debug(`$ (in ${options.cwd}) ${command} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      signal: options.signal,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, sig) => {
      const out = Buffer.concat(stdout).toString('utf8');
      const err = Buffer.concat(stderr).toString('utf8');
      if (code === null) {
        reject(new Error(`${path.basename(command)} was stopped by ${sig}: ${tail(err)}`));
      } else {
        resolve({ code, stdout: out, stderr: err });
      }
    });
  });
}

export function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** A tool of the workspace environment; its absence is a gap in the workspace's requirements. */
export function toolIn(bin: string, name: string): string {
  const file = path.join(bin, name);
  if (!existsSync(file)) {
    throw new ConfigurationError(
      `${file}: expected ${name} in the workspace environment, found none. Add ${name} to environment.requirements and run \`mlenv env lock\`.`,
    );
  }
  return file;
}

/** A path relative to the workspace root with forward slashes, as annotations want it. */
export function workspaceRelative(workspaceRoot: string, file: string): string {
  return path.relative(workspaceRoot, path.resolve(workspaceRoot, file)).split(path.sep).join('/');
}
