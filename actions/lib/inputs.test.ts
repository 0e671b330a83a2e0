import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { OptionError } from '../../shared/errors/index.js';
import {
  assignments,
  flag,
  type OptionTable,
  seconds,
  secret,
  text,
} from '../../shared/options/option.js';
import { inputLabel, readInputs, required } from './inputs.js';
import { runAction } from './run-action.js';

const TABLE = {
  workspace: text({ description: 'where', default: '.' }),
  project: text({ description: 'which' }),
  results: text({ description: 'results', required: true, adapters: ['action'] }),
  params: assignments({ description: 'overrides', default: {} }),
  'dry-run': flag({ description: 'plan only', default: false }),
  register: flag({ description: 'register' }),
  'pending-timeout': seconds({ description: 'how long', default: 600 }),
  'tracking-token': secret({ description: 'token', adapters: ['action'] }),
  json: flag({ description: 'JSON', adapters: ['cli'] }),
} as const satisfies OptionTable;

// The runner protocol goes to stdout: masks are `::add-mask::` lines, failures `::error::`.
let written: string;
let spy: ReturnType<typeof jest.spyOn>;
const savedEnv = { ...process.env };

beforeEach(() => {
  written = '';
  spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written += String(chunk);
    return true;
  });
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
});

afterEach(() => {
  spy.mockRestore();
  process.env = { ...savedEnv };
  process.exitCode = undefined;
});

function inputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values))
    process.env[`INPUT_${name.toUpperCase()}`] = value;
}

describe('readInputs', () => {
  it("reads every input of the action's table, camel-cased, with the table's defaults", () => {
    inputs({ results: 'out', project: ' fraud ', 'pending-timeout': '30', params: 'a=1\nb=x' });
    expect(readInputs(TABLE)).toEqual({
      workspace: '.',
      project: 'fraud',
      results: 'out',
      params: { a: 1, b: 'x' },
      dryRun: false,
      register: undefined,
      pendingTimeout: 30,
      trackingToken: undefined,
    });
  });

  it('takes an empty input as not given, as the runner passes one without a default', () => {
    inputs({ results: 'out', 'dry-run': '', register: '' });
    expect(readInputs(TABLE)).toMatchObject({ dryRun: false, register: undefined });
  });

  it('masks a secret before anything can print it, and only a secret', () => {
    inputs({ results: 'out', 'tracking-token': 'mlflow-secret', project: 'fraud' });
    expect(readInputs(TABLE).trackingToken).toBe('mlflow-secret');
    expect(written).toBe('::add-mask::mlflow-secret\n');
  });

  it('refuses a required input not given, and a bad value, naming the input', () => {
    expect(() => readInputs(TABLE)).toThrow(
      new OptionError('results', 'expected a value, found nothing'),
    );
    inputs({ results: 'out', 'pending-timeout': 'soon' });
    expect(() => readInputs(TABLE)).toThrow(
      new OptionError('pending-timeout', 'expected a positive number of seconds, found "soon"'),
    );
  });

  it("hands out copies, so that the table's defaults stay as declared", () => {
    inputs({ results: 'out' });
    const first = readInputs(TABLE);
    first.params.changed = true;
    expect(readInputs(TABLE).params).toEqual({});
    expect(TABLE.params.default).toEqual({});
  });
});

describe('required', () => {
  it('passes a value through and refuses a missing one by name', () => {
    expect(required('x', 'outcome')).toBe('x');
    expect(() => required(undefined, 'outcome')).toThrow(
      new OptionError('outcome', 'expected a value, found nothing'),
    );
  });
});

describe('an OptionError in an action', () => {
  it('fails the step naming the input as the workflow spells it, as a sentence', async () => {
    inputs({ results: 'out', params: 'epochs=2\nlearning rate' });
    await runAction('train', async () => {
      readInputs(TABLE);
    });
    expect(written).toContain(
      '::error::train: Input "params": line 2: expected key=value, found "learning rate".\n',
    );
    expect(process.exitCode).toBe(1);
    expect(inputLabel('backend')).toBe('Input "backend"');
  });
});
