import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createActionLogger } from './action-logger.js';

// What the runner reads is stdout: every line of it that starts with `::` is a command.
let written: string[];
let spy: ReturnType<typeof jest.spyOn>;

beforeEach(() => {
  written = [];
  spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  });
});

afterEach(() => spy.mockRestore());

describe('createActionLogger().info', () => {
  it('prints plain text as it is', () => {
    createActionLogger().info('Trained fraud in 3 s');
    expect(written.join('')).toBe('Trained fraud in 3 s\n');
  });

  it('fences text with a workflow command line so the runner cannot obey it', () => {
    createActionLogger().info('trainer says:\n::set-output name=status::pwned\n::add-mask::x');
    const lines = written.join('').split('\n');
    const start = lines[0]?.match(/^::stop-commands::([0-9a-f-]{36})$/);
    expect(start).not.toBeNull();
    expect(lines.slice(1, 4)).toEqual([
      'trainer says:',
      '::set-output name=status::pwned',
      '::add-mask::x',
    ]);
    // Resumed with the same one-time token, which the text could not have guessed.
    expect(lines[4]).toBe(`::${start?.[1]}::`);
  });

  it('uses a new token each time', () => {
    const logger = createActionLogger();
    logger.info('::error::one');
    logger.info('::error::two');
    const tokens = written
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('::stop-commands::'));
    expect(new Set(tokens).size).toBe(2);
  });
});
