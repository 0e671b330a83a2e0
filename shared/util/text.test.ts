import { describe, expect, it } from '@jest/globals';
import { firstNonEmptyLine, markdownCell, plural } from './text.js';

describe('text', () => {
  it('counts with the right form', () => {
    expect(plural(1, 'GPU')).toBe('1 GPU');
    expect(plural(0, 'GPU')).toBe('0 GPUs');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('finds the first line that says anything', () => {
    expect(firstNonEmptyLine('\n  \n  Failed to initialize NVML  \nmore')).toBe(
      'Failed to initialize NVML',
    );
    expect(firstNonEmptyLine('\n\n')).toBe('');
  });

  it('keeps a table cell one cell', () => {
    expect(markdownCell('a | b\r\nc\nd')).toBe('a \\| b c d');
  });
});
