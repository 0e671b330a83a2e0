import { describe, expect, it } from '@jest/globals';
import { Command, CommanderError } from 'commander';
import { OptionError } from '../../shared/errors/index.js';
import {
  assignments,
  choice,
  duration,
  flag,
  type OptionTable,
  seconds,
  text,
} from '../../shared/options/option.js';
import { TRAIN_OPTIONS } from '../../shared/options/train.js';
import { addOptions, flagLabel } from './options.js';

const TABLE = {
  project: text({
    description: 'project name',
    defaultText: 'the one here',
    cli: { positional: true },
  }),
  workspace: text({ description: 'only an input', default: '.', adapters: ['action'] }),
  backend: choice(['local', 'kubernetes'], {
    description: 'where to train',
    default: 'local',
    cli: { short: 'b', placeholder: '<name>' },
  }),
  params: assignments({
    description: 'overrides',
    default: {},
    cli: { name: 'param', short: 'p', placeholder: '<key=value>' },
  }),
  register: flag({ description: 'register the model', cli: { negated: 'do not register' } }),
  'require-gpu': flag({
    description: 'fail without a GPU',
    default: true,
    cli: { negated: 'skip without a GPU' },
  }),
  'dry-run': flag({ description: 'plan only', default: false }),
  'pending-timeout': seconds({
    description: 'how long',
    default: 600,
    cli: { placeholder: '<seconds>' },
  }),
  'lock-timeout': duration({
    description: 'wait',
    default: 1_800_000,
    cli: { placeholder: '<duration>' },
  }),
  base: text({ description: 'base ref', cli: { placeholder: '<ref>', default: 'origin/main' } }),
} as const satisfies OptionTable;

/** Parses argv with the table's command; returns its positional arguments and options, or the error. */
interface Parsed {
  args?: unknown[];
  options?: Record<string, unknown>;
  errors: string;
  exitCode?: number;
}

function parse(argv: string[], table: OptionTable = TABLE): Parsed {
  let errors = '';
  let seen: { args: unknown[]; options: Record<string, unknown> } | undefined;
  const command = addOptions(new Command('train'), table)
    .exitOverride()
    .configureOutput({ writeErr: (text) => (errors += text), writeOut: () => {} })
    .action((...args: unknown[]) => {
      const options = args.at(-2) as Record<string, unknown>;
      seen = { args: args.slice(0, -2), options: { ...options } };
    });
  try {
    command.parse(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { errors, exitCode: error.exitCode };
  }
  return { ...seen, errors };
}

describe('addOptions', () => {
  it('gives the defaults of the table, and nothing for an option of actions only', () => {
    expect(parse([])).toEqual({
      args: [undefined],
      options: {
        backend: 'local',
        param: {},
        requireGpu: true,
        pendingTimeout: 600,
        lockTimeout: 1_800_000,
        base: 'origin/main',
      },
      errors: '',
    });
  });

  it('parses each flag with the table, a repeatable one adding up', () => {
    const { args, options } = parse([
      'fraud',
      '-b',
      'kubernetes',
      '-p',
      'epochs=2',
      '--param',
      'lr=0.1',
      '--no-register',
      '--no-require-gpu',
      '--dry-run',
      '--pending-timeout',
      '30',
      '--lock-timeout',
      '1h',
    ]) as { args: unknown[]; options: Record<string, unknown> };
    expect(args).toEqual(['fraud']);
    expect(options).toMatchObject({
      backend: 'kubernetes',
      param: { epochs: 2, lr: 0.1 },
      register: false,
      requireGpu: false,
      dryRun: true,
      pendingTimeout: 30,
      lockTimeout: 3_600_000,
    });
    expect(parse(['--register']).options).toMatchObject({ register: true });
  });

  it("leaves the table's defaults alone, whatever a command does with its values", () => {
    const given = parse(['-p', 'a=1']).options?.param as Record<string, unknown>;
    expect(given).toEqual({ a: 1 });
    const unset = parse([]).options?.param as Record<string, unknown>;
    unset.changed = true;
    expect(TABLE.params.default).toEqual({});
    expect(parse([]).options?.param).toEqual({});
  });

  it("refuses a bad value with commander's usage error, the table's words after it", () => {
    expect(parse(['--pending-timeout', '0'])).toEqual({
      errors: expect.stringContaining(
        `error: option '--pending-timeout <seconds>' argument '0' is invalid. expected a positive number of seconds, found "0"`,
      ),
      exitCode: 1,
    });
    expect(parse(['-b', 'k8s']).errors).toContain(
      `error: option '-b, --backend <name>' argument 'k8s' is invalid. expected local or kubernetes, found "k8s"`,
    );
    expect(parse(['-p', 'learning']).errors).toContain(
      `argument 'learning' is invalid. expected key=value, found "learning"`,
    );
  });

  it('words --help from the table: defaults as written, computed ones in words', () => {
    const help = addOptions(new Command('train'), TABLE).helpInformation();
    expect(help).toContain('Usage: train [options] [project]');
    expect(help).toMatch(/project +project name \(default: the one here\)/);
    expect(help).toMatch(/-b, --backend <name> +where to train \(default: "local"\)/);
    expect(help).toMatch(/-p, --param <key=value> +overrides \(repeatable\) \(default: {}\)/);
    expect(help).toMatch(/--register +register the model\n/);
    expect(help).toMatch(/--no-register +do not register/);
    expect(help).toMatch(/--no-require-gpu +skip without a GPU/);
    expect(help).not.toMatch(/--require-gpu|--workspace/);
    expect(help).toMatch(/--lock-timeout <duration> +wait \(default: 30m\)/);
    expect(help).toMatch(/--base <ref> +base ref \(default: "origin\/main"\)/);
  });

  it('names an option in a core error as the user types it', () => {
    addOptions(new Command('train'), TRAIN_OPTIONS);
    expect(new OptionError('params', 'expected key=value').labelled(flagLabel)).toBe(
      '--param: expected key=value',
    );
    expect(new OptionError('backend', 'expected local or kubernetes').labelled(flagLabel)).toBe(
      '--backend: expected local or kubernetes',
    );
    expect(new OptionError('project', 'expected a name').labelled(flagLabel)).toBe(
      '[project]: expected a name',
    );
  });

  it('refuses a flag that is on by default but cannot be turned off', () => {
    const table = { gpu: flag({ description: 'use a GPU', default: true }) };
    expect(() => addOptions(new Command('x'), table)).toThrow(/needs cli.negated/);
  });
});
