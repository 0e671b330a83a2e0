import { ConfigurationError } from '../../shared/errors/index.js';
import { getInput } from './runner.js';

/** Reads an optional input; empty means "not given" as in the Actions runner. */
export function optionalInput(name: string): string | undefined {
  const value = getInput(name);
  return value === '' ? undefined : value;
}

export function requiredInput(name: string): string {
  const value = optionalInput(name);
  if (value === undefined)
    throw new ConfigurationError(`Input "${name}": expected a value, found nothing.`);
  return value;
}

export function booleanInput(name: string, fallback: boolean): boolean {
  const value = optionalInput(name);
  if (value === undefined) return fallback;
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  throw new ConfigurationError(
    `Input "${name}": expected true or false, found ${JSON.stringify(value)}.`,
  );
}
