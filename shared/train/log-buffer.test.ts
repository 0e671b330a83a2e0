import { describe, expect, it } from '@jest/globals';
import { LogBuffer, lineSplitter } from './log-buffer.js';

describe('LogBuffer', () => {
  it('hides secrets in the kept log, the tail and the returned line', () => {
    const log = new LogBuffer(['tok-123456', 'ab']);
    expect(log.push('auth with tok-123456 ok')).toBe('auth with *** ok');
    expect(log.text()).toBe('auth with *** ok\n');
    expect(log.tail()).toEqual(['auth with *** ok']);
    // Values too short to be secrets would redact ordinary words.
    expect(log.push('ab cd')).toBe('ab cd');
  });

  it('keeps the last lines and caps the whole log', () => {
    const log = new LogBuffer([], 20, 2);
    for (const line of ['one', 'two', 'three', 'four', 'five', 'six']) log.push(line);
    expect(log.tail()).toEqual(['five', 'six']);
    expect(log.text()).toBe('one\ntwo\nthree\nfour\n[log truncated at 20 bytes]\n');
  });
});

describe('lineSplitter', () => {
  it('hands over whole lines across chunk boundaries', () => {
    const lines: string[] = [];
    const split = lineSplitter((l) => lines.push(l));
    split.write('ab');
    split.write('c\r\nde');
    split.write('f\ng');
    split.end();
    expect(lines).toEqual(['abc', 'def', 'g']);
  });
});
