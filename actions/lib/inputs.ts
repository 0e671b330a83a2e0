import { OptionError } from '../../shared/errors/index.js';
import {
  type ActionValues,
  camelCase,
  type OptionTable,
  offeredBy,
} from '../../shared/options/option.js';
import { getInput, setSecret } from './runner.js';

/** How an action names an option in an error: `Input "backend"` (see runAction). */
export function inputLabel(option: string): string {
  return `Input "${option}"`;
}

/** Reads an optional input; empty means "not given" as in the Actions runner. */
export function optionalInput(name: string): string | undefined {
  const value = getInput(name);
  return value === '' ? undefined : value;
}

/**
 * Every input of the action's table, read and checked in one place, before anything else runs:
 * an input not given takes the table's default, a secret is masked before anything can print
 * it, and a bad value is an OptionError naming the input.
 */
export function readInputs<T extends OptionTable>(table: T): ActionValues<T> {
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(table)) {
    if (!offeredBy(option, 'action')) continue;
    const text = optionalInput(name);
    if (text !== undefined && option.secret) setSecret(text);
    if (text === undefined && option.required)
      throw new OptionError(name, 'expected a value, found nothing');
    // A copy, so that nothing the action does with a value can change the table's default.
    values[camelCase(name)] =
      text === undefined ? structuredClone(option.default) : option.parse(text, name);
  }
  return values as ActionValues<T>;
}

/** An input the action needs in the mode it runs in, though the table cannot require it. */
export function required<V>(value: V | undefined, name: string): V {
  if (value === undefined) throw new OptionError(name, 'expected a value, found nothing');
  return value;
}
