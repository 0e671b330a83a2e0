import { describe, expect, it } from '@jest/globals';
import { OptionError } from '../errors/index.js';
import { BACKENDS } from '../train/backends/index.js';
import {
  ACTION_OPTIONS,
  GLOBAL_OPTIONS,
  SERVE_STATUS_OPTIONS,
  SERVE_STOP_OPTIONS,
} from './index.js';
import {
  assignments,
  choice,
  count,
  duration,
  flag,
  formatDuration,
  json,
  list,
  type Option,
  seconds,
  text,
  wordingFor,
} from './option.js';
import { TRAIN_OPTIONS } from './train.js';

/** The detail of the OptionError a parse throws, checked to name the option. */
function refusal(option: Option, value: string, name = 'x'): string {
  try {
    option.parse(value, name);
  } catch (error) {
    expect(error).toBeInstanceOf(OptionError);
    expect((error as OptionError).option).toBe(name);
    return (error as OptionError).detail;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
}

describe('parsers', () => {
  it('flag: true/yes/1 and false/no/0, in any case', () => {
    const option = flag({ description: 'd' });
    for (const value of ['true', 'YES', '1']) expect(option.parse(value, 'x')).toBe(true);
    for (const value of ['False', 'no', '0']) expect(option.parse(value, 'x')).toBe(false);
    expect(refusal(option, 'maybe')).toBe('expected true or false, found "maybe"');
  });

  it('seconds: positive, or 0 or more with zero', () => {
    const positive = seconds({ description: 'd' });
    expect(positive.parse('1.5', 'x')).toBe(1.5);
    expect(refusal(positive, '0')).toBe('expected a positive number of seconds, found "0"');
    expect(refusal(positive, 'ten')).toBe('expected a positive number of seconds, found "ten"');
    expect(refusal(positive, ' ')).toBe('expected a positive number of seconds, found " "');
    const zero = seconds({ description: 'd', zero: true });
    expect(zero.parse('0', 'x')).toBe(0);
    expect(refusal(zero, '-1')).toBe('expected seconds (0 or more), found "-1"');
  });

  it('count: a whole number of at least 1, named as the option wants', () => {
    expect(count({ description: 'd' }).parse('4', 'x')).toBe(4);
    expect(refusal(count({ description: 'd' }), '1.5')).toBe(
      'expected a whole number ≥ 1, found "1.5"',
    );
    expect(refusal(count({ description: 'd', expected: 'a pull request number' }), '0')).toBe(
      'expected a pull request number, found "0"',
    );
  });

  it('duration: h/m/s or plain seconds, in milliseconds, and back', () => {
    const option = duration({ description: 'd' });
    expect(option.parse('1h30m', 'x')).toBe(5_400_000);
    expect(option.parse('90', 'x')).toBe(90_000);
    expect(refusal(option, 'soon')).toBe(
      'expected a duration such as "30m", "90s" or "1h30m", or a number of seconds, found "soon"',
    );
    for (const ms of [0, 1_000, 90_000, 1_800_000, 5_400_000, 3_661_000])
      expect(option.parse(formatDuration(ms), 'x')).toBe(ms);
    expect(formatDuration(1_800_000)).toBe('30m');
  });

  it('choice: lists two choices with "or", more with "one of"', () => {
    expect(choice(['a', 'b'], { description: 'd' }).parse('b', 'x')).toBe('b');
    expect(refusal(choice(['a', 'b'], { description: 'd' }), 'c')).toBe(
      'expected a or b, found "c"',
    );
    expect(refusal(choice(['a', 'b', 'c'], { description: 'd' }), 'A')).toBe(
      'expected one of a, b, c, found "A"',
    );
  });

  it('list: lines, a JSON list of names, or words; repeated flags add up', () => {
    const lines = list({ description: 'd', split: 'lines-or-json' });
    expect(lines.parse(' a\n\n b \n', 'x')).toEqual(['a', 'b']);
    expect(lines.parse('["a", "b"]', 'x')).toEqual(['a', 'b']);
    expect(lines.parse('[]', 'x')).toEqual([]);
    expect(refusal(lines, '["a"')).toBe('expected a JSON list of names, found ["a"');
    expect(refusal(lines, '[1]')).toBe('expected a JSON list of names, found [1]');
    expect(list({ description: 'd', split: 'words' }).parse('torch, cuda\npython', 'x')).toEqual([
      'torch',
      'cuda',
      'python',
    ]);
    expect(lines.add?.('c', ['a'], 'x')).toEqual(['a', 'c']);
  });

  it('assignments: typed values, the failing line named', () => {
    const option = assignments({ description: 'd' });
    expect(option.parse('epochs=2\n\nlr=0.1\nname=run a\nfast=true', 'x')).toEqual({
      epochs: 2,
      lr: 0.1,
      name: 'run a',
      fast: true,
    });
    expect(refusal(option, 'epochs=2\nlearning rate')).toBe(
      'line 2: expected key=value, found "learning rate"',
    );
    expect(option.add?.('b=1', { a: 'x' }, 'x')).toEqual({ a: 'x', b: 1 });
    expect(option.format({ epochs: 2, fast: true })).toBe('epochs=2\nfast=true');
  });

  it('json: what the check accepts, else what was expected', () => {
    const option = json({ description: 'd', expected: 'an object' }, (value) =>
      value && typeof value === 'object' && !Array.isArray(value) ? value : undefined,
    );
    expect(option.parse('{"a": 1}', 'x')).toEqual({ a: 1 });
    expect(refusal(option, '[1]')).toBe('expected an object, found "[1]"');
    expect(refusal(option, '{')).toBe('expected an object, found "{"');
  });
});

describe('wordingFor', () => {
  it("takes an adapter's own wording over the common one, field by field", () => {
    const option = text({
      description: 'the commit',
      defaultText: 'HEAD',
      action: { defaultText: 'GITHUB_SHA' },
    });
    expect(wordingFor(option, 'cli')).toEqual({ description: 'the commit', defaultText: 'HEAD' });
    expect(wordingFor(option, 'action')).toMatchObject({ defaultText: 'GITHUB_SHA' });
  });
});

const TABLES = {
  ...Object.fromEntries(Object.entries(ACTION_OPTIONS).map(([name, table]) => [name, table])),
  global: GLOBAL_OPTIONS,
  'serve-status': SERVE_STATUS_OPTIONS,
  'serve-stop': SERVE_STOP_OPTIONS,
};

describe.each(Object.entries(TABLES))('the %s options', (_name, table) => {
  const options = Object.entries(table) as [string, Option][];

  it('are named in kebab-case and described as phrases, for --help and action.yml alike', () => {
    for (const [name, option] of options) {
      expect([name, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)]).toEqual([name, true]);
      for (const adapter of ['cli', 'action'] as const) {
        const { description, defaultText } = wordingFor(option, adapter);
        // The adapters add the final stop and the "Default" sentence themselves.
        expect([name, /[.]$/.test(description), /^default/i.test(defaultText ?? '')]).toEqual([
          name,
          false,
          false,
        ]);
      }
    }
  });

  it('have defaults that read back as themselves from the text action.yml holds', () => {
    for (const [name, option] of options) {
      if (option.default === undefined) continue;
      const value = option.parse(option.format(option.default), name);
      expect([name, value]).toEqual([name, option.default]);
    }
  });

  it('offer secrets to actions only, and positional arguments to the CLI only as arguments', () => {
    for (const [name, option] of options) {
      if (option.secret) expect([name, option.adapters]).toEqual([name, ['action']]);
      if (option.cli?.positional)
        expect([name, option.kind]).toEqual([name, expect.stringMatching(/^(text|list)$/)]);
    }
  });
});

describe('TRAIN_OPTIONS', () => {
  it('offers the backends the registry builds', () => {
    expect(TRAIN_OPTIONS.backend.choices).toEqual([...BACKENDS]);
  });
});
