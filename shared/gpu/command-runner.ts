import { execFile } from 'node:child_process';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs argv (never through a shell). Rejects with an error whose `code` is 'ENOENT' when the
 * program does not exist, so "no nvidia-smi" differs from "nvidia-smi failed".
 */
export type CommandRunner = (argv: readonly string[]) => Promise<CommandResult>;

export function createCommandRunner(options: { timeoutMs?: number } = {}): CommandRunner {
  // A wedged GPU can make nvidia-smi hang for minutes; the doctor must still answer.
  const timeout = options.timeoutMs ?? 60_000;
  return (argv) =>
    new Promise((resolve, reject) => {
      const [program, ...args] = argv;
      if (!program) {
        reject(new Error('empty command'));
        return;
      }
      execFile(
        program,
        args,
        { timeout, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (!error) {
            resolve({ exitCode: 0, stdout, stderr });
            return;
          }
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            reject(error);
            return;
          }
          const killed = (error as { killed?: boolean }).killed;
          resolve({
            exitCode: typeof code === 'number' ? code : 1,
            stdout,
            stderr: killed ? `${stderr}\n${program} timed out after ${timeout} ms` : stderr,
          });
        },
      );
    });
}
