import { Argument, type Command, InvalidArgumentError, Option } from 'commander';
import { OptionError } from '../../shared/errors/index.js';
import {
  type Option as OptionSpec,
  type OptionTable,
  offeredBy,
  wordingFor,
} from '../../shared/options/option.js';

// The commander side of shared/options: each command's arguments and flags, built from its table
// when the program is built, so that no option is declared here as well.

/** How the CLI shows each option whose flag is not plainly `--<name>`: `--param`, `[project]`. */
const labels = new Map<string, string>();

/**
 * How the CLI names an option in an error: as the user types it. Core errors name the option by
 * its canonical name (OptionError); main.ts shows them with this label.
 */
export function flagLabel(option: string): string {
  return labels.get(option) ?? `--${option}`;
}

/** Adds the table's CLI arguments and flags to the command, in the table's order. */
export function addOptions(command: Command, table: OptionTable): Command {
  for (const [name, option] of Object.entries(table)) {
    if (!offeredBy(option, 'cli')) continue;
    const cli = option.cli ?? {};
    const flag = cli.name ?? name;
    if (cli.positional) {
      const many = option.kind === 'list' ? '...' : '';
      command.addArgument(new Argument(`[${flag}${many}]`, helpText(option)));
      labels.set(name, `[${flag}]`);
      continue;
    }
    if (flag !== name) labels.set(name, `--${flag}`);
    const short = cli.short ? `-${cli.short}, ` : '';
    if (option.kind === 'flag') {
      // A flag that defaults to true is offered as --no-<name> alone; one without a default
      // that can be turned off (cli.negated) as both, and then unset means neither was given.
      if (option.default !== true)
        command.addOption(new Option(`${short}--${flag}`, helpText(option)));
      if (option.default === true || cli.negated) {
        if (!cli.negated) throw new Error(`option ${name}: a flag on by default needs cli.negated`);
        command.addOption(new Option(`--no-${flag}`, cli.negated));
      }
      continue;
    }
    const added = new Option(`${short}--${flag} ${cli.placeholder ?? '<value>'}`, helpText(option));
    const fallback = cli.default ?? option.default;
    // A copy, so that nothing a command does with a value can change the table's default.
    const initial = structuredClone(fallback);
    // A repeatable flag's first value replaces its default rather than adding to it.
    added.argParser((text: string, previous: unknown) =>
      parseFlag(option, name, text, previous === initial ? undefined : previous),
    );
    // A duration's default is shown as written (30m), not in milliseconds.
    if (fallback !== undefined)
      added.default(initial, option.kind === 'duration' ? option.format(fallback) : undefined);
    command.addOption(added);
  }
  return command;
}

/** The description, with what an unset option means where that is no literal default. */
function helpText(option: OptionSpec): string {
  const { description, defaultText } = wordingFor(option, 'cli');
  const repeatable = option.add && !option.cli?.positional ? ' (repeatable)' : '';
  return `${description}${repeatable}${defaultText ? ` (default: ${defaultText})` : ''}`;
}

/**
 * Commander's own error for a bad value names the flag as typed and shows the usage, as for any
 * other usage mistake: `option '--gpus <n>' argument 'x' is invalid. expected ...`.
 */
function parseFlag(option: OptionSpec, name: string, text: string, previous: unknown): unknown {
  try {
    return option.add ? option.add(text, previous, name) : option.parse(text, name);
  } catch (error) {
    if (error instanceof OptionError) throw new InvalidArgumentError(error.detail);
    throw error;
  }
}
