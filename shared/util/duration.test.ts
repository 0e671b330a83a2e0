import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../errors/index.js';
import { DURATION_PATTERN, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['45s', 45_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1h0m5s', 3_605_000],
    [' 90s ', 90_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('takes plain seconds only where asked to', () => {
    expect(parseDuration('90', { plainSeconds: true })).toBe(90_000);
    expect(parseDuration('1.5', { plainSeconds: true })).toBe(1_500);
    expect(parseDuration('0', { plainSeconds: true })).toBe(0);
    expect(parseDuration('30m', { plainSeconds: true })).toBe(1_800_000);
    expect(() => parseDuration('90')).toThrow(
      'expected a duration such as "30m", "90s" or "1h30m", found "90"',
    );
  });

  it.each(['', '30 minutes', '1m30h', '1.5h', 'h', '-5s'])(
    'refuses %j, naming what it reads',
    (text) => {
      const error = (() => {
        try {
          parseDuration(text, { what: 'lock timeout', plainSeconds: true });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toBe(
        `lock timeout: expected a duration such as "30m", "90s" or "1h30m", or a number of seconds, found ${JSON.stringify(text)}`,
      );
    },
  );

  it('the pattern the schema carries accepts what the parser does', () => {
    for (const text of ['45s', '30m', '2h', '1h30m'])
      expect(DURATION_PATTERN.test(text)).toBe(true);
    for (const text of ['', '30', '1m30h']) expect(DURATION_PATTERN.test(text)).toBe(false);
  });
});
