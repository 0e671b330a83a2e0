import { describe, expect, it } from '@jest/globals';
import { createMemoryLogger } from '../../logger/index.js';
import { MissingProgramError, runCommand } from './command.js';

describe('runCommand', () => {
  it('streams each line to the logger, keeps the tail, passes stdin, and never uses a shell', async () => {
    const logger = createMemoryLogger();
    const outcome = await runCommand(
      ['sh', '-c', 'read x; echo "got $x"; echo err >&2; printf last; exit 3', '$(not run)'],
      logger,
      { input: 'a; rm -rf /\n', capture: true },
    );
    expect(outcome.exitCode).toBe(3);
    expect(outcome.stdout).toBe('got a; rm -rf /\nlast');
    expect(outcome.tail.split('\n').sort()).toEqual(['err', 'got a; rm -rf /', 'last']);
    expect(logger.lines.sort()).toEqual(['err', 'got a; rm -rf /', 'last']);
  });

  it('tells a missing program from a failing one, and stops one past its time', async () => {
    await expect(runCommand(['mlenv-no-such-program'], createMemoryLogger())).rejects.toThrow(
      MissingProgramError,
    );
    const slow = await runCommand(['sleep', '30'], createMemoryLogger(), { timeoutMs: 200 });
    expect(slow.exitCode).not.toBe(0);
    expect(slow.tail).toContain('SIGKILL');
  });
});
