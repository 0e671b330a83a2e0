import { OptionError } from '../errors/index.js';
import { type ParamValue, parseParamAssignment } from '../train/job.js';
import { parseDuration } from '../util/duration.js';

// An option of a use case, declared once: the CLI builds its flags from it at run time
// (cli/src/options.ts), an action reads its inputs with it (actions/lib/inputs.ts), and
// scripts/options.ts writes the inputs of each action.yml from it. Nothing here loads zod or any
// other heavy module: an action reads its inputs before it prints its first line.

/** Where an option is offered: `mlenv <command>` flags, or a GitHub Action's inputs. */
export type Adapter = 'cli' | 'action';

/** What a reader of `--help` or of action.yml is told. */
export interface Wording {
  /**
   * What the option does, as a phrase in the CLI's style: lower case first (unless a name),
   * no final stop. action.yml shows it capitalised, as a sentence.
   */
  description: string;
  /** What leaving the option out means, when no literal value says it: `KUBECONFIG`. */
  defaultText?: string;
  /** Whole sentences more, for action.yml only: `--help` keeps to one line per option. */
  details?: string;
}

/** How the CLI spells an option, where that is not plainly `--<name> <value>`. */
export interface CliSpelling<T> extends Partial<Wording> {
  /** The flag's own name, where the CLI takes one value per flag: `--param` for `params`. */
  name?: string;
  /** A one-letter alias: `b` for `-b`. */
  short?: string;
  /** The value as --help shows it: `<seconds>`. */
  placeholder?: string;
  /** A positional argument, `[project]` (a list: `[projects...]`), rather than a flag. */
  positional?: boolean;
  /** For a flag that defaults to true, or has no default: what `--no-<name>` does. */
  negated?: string;
  /** The CLI's default where the action has none of its own: `--base origin/main`. */
  default?: T;
}

/** How action.yml spells an option, where its default is something the runner works out. */
export interface ActionSpelling extends Partial<Wording> {
  /** An expression as action.yml's default: `${{ github.token }}`. */
  default?: string;
}

export interface OptionSpec<T> extends Wording {
  /** Default: both. An option of one adapter says so here rather than being declared twice. */
  adapters?: readonly Adapter[];
  default?: T;
  /** An action input that must be given (a CLI option is never required). */
  required?: boolean;
  cli?: CliSpelling<T>;
  action?: ActionSpelling;
}

export type OptionKind =
  | 'text'
  | 'flag'
  | 'number'
  | 'duration'
  | 'choice'
  | 'list'
  | 'assignments'
  | 'json';

export interface Option<T = unknown> extends OptionSpec<T> {
  readonly kind: OptionKind;
  /** Masked in every log by the action that reads it. */
  readonly secret?: boolean;
  /** Choices of a `choice` option. */
  readonly choices?: readonly string[];
  /** How an action input holds several values, as its description says: `one per line`. */
  readonly several?: string;
  /** Reads an option's text: an input's whole value, or one flag's. Throws an OptionError. */
  parse(text: string, name: string): T;
  /** A repeatable CLI flag: one more occurrence, added to those before. */
  add?(text: string, previous: T | undefined, name: string): T;
  /** The text that parses back to `value`: action.yml's default. */
  format(value: T): string;
}

/** The options of one use case, by canonical (kebab-case) name, in the order help shows them. */
export type OptionTable = Readonly<Record<string, Option>>;

/** The spec as written (its literal types decide the values' types) and the kind's methods. */
export type Built<K extends OptionKind, T, S> = S &
  Omit<Option<T>, keyof S | 'kind'> & { readonly kind: K };

function define<K extends OptionKind, T, S extends OptionSpec<T>>(
  kind: K,
  spec: S,
  methods: Pick<Option<T>, 'parse' | 'format' | 'add' | 'several' | 'choices' | 'secret'>,
): Built<K, T, S> {
  return { ...spec, ...methods, kind } as unknown as Built<K, T, S>;
}

const found = (text: string) => JSON.stringify(text);

export function text<const S extends OptionSpec<string>>(spec: S) {
  return define<'text', string, S>('text', spec, {
    parse: (value) => value,
    format: (value) => value,
  });
}

/** A token or password: the action masks it as soon as it reads it. */
export function secret<const S extends OptionSpec<string>>(spec: S) {
  return define<'text', string, S>('text', spec, {
    secret: true,
    parse: (value) => value,
    format: (value) => value,
  });
}

/** true or false in an action (yes/no, 1/0 too); a CLI flag, `--no-<name>` when on by default. */
export function flag<const S extends OptionSpec<boolean>>(spec: S) {
  return define<'flag', boolean, S>('flag', spec, {
    parse(value, name) {
      if (/^(true|yes|1)$/i.test(value)) return true;
      if (/^(false|no|0)$/i.test(value)) return false;
      throw new OptionError(name, `expected true or false, found ${found(value)}`);
    },
    format: String,
  });
}

/** A number of seconds, positive (or, with `zero`, 0 or more); the value is in seconds. */
export function seconds<const S extends OptionSpec<number> & { zero?: boolean }>(spec: S) {
  return define<'number', number, S>('number', spec, {
    parse(value, name) {
      const n = Number(value);
      if (value.trim() !== '' && Number.isFinite(n) && (spec.zero ? n >= 0 : n > 0)) return n;
      throw new OptionError(
        name,
        spec.zero
          ? `expected seconds (0 or more), found ${found(value)}`
          : `expected a positive number of seconds, found ${found(value)}`,
      );
    },
    format: String,
  });
}

/** A whole number ≥ 1; `expected` names it in the error where that says too little. */
export function count<const S extends OptionSpec<number> & { expected?: string }>(spec: S) {
  return define<'number', number, S>('number', spec, {
    parse(value, name) {
      const n = Number(value);
      if (value.trim() !== '' && Number.isInteger(n) && n >= 1) return n;
      throw new OptionError(
        name,
        `expected ${spec.expected ?? 'a whole number ≥ 1'}, found ${found(value)}`,
      );
    },
    format: String,
  });
}

/** `30m`, `1h30m`, `90s` or a plain number of seconds; the value is in milliseconds. */
export function duration<const S extends OptionSpec<number>>(spec: S) {
  return define<'duration', number, S>('duration', spec, {
    parse(value, name) {
      try {
        return parseDuration(value, { plainSeconds: true });
      } catch (error) {
        throw new OptionError(name, (error as Error).message);
      }
    },
    format: formatDuration,
  });
}

/** Milliseconds as a duration that parses back to them: `30m`, `1h30m` (`90s` is `1m30s`). */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || total === 0 ? `${s}s` : ''}`;
}

/** One of a few words; `expected` replaces the list in the error where the list needs a gloss. */
export function choice<
  const C extends readonly string[],
  const S extends OptionSpec<C[number]> & { expected?: string },
>(choices: C, spec: S) {
  const listed =
    choices.length === 2 ? `${choices[0]} or ${choices[1]}` : `one of ${choices.join(', ')}`;
  return define<'choice', C[number], S>('choice', spec, {
    choices,
    parse(value, name): C[number] {
      if ((choices as readonly string[]).includes(value)) return value as C[number];
      throw new OptionError(name, `expected ${spec.expected ?? listed}, found ${found(value)}`);
    },
    format: (value) => value,
  });
}

/**
 * Several words: repeated flags in the CLI, in an action one input holding them one per line
 * (`lines`), also as a JSON list (`lines-or-json`: the affected action's projects output), or
 * separated by commas or white space (`words`).
 */
export function list<
  const S extends OptionSpec<string[]> & { split: 'lines' | 'lines-or-json' | 'words' },
>(spec: S) {
  return define<'list', string[], S>('list', spec, {
    several: {
      lines: 'one per line',
      'lines-or-json': 'one per line or as a JSON list',
      words: 'separated by commas or newlines',
    }[spec.split],
    parse(value, name) {
      const trimmed = value.trim();
      if (spec.split === 'words') return trimmed.split(/[\s,]+/).filter(Boolean);
      if (spec.split === 'lines-or-json' && trimmed.startsWith('[')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(trimmed);
        } catch {
          parsed = undefined;
        }
        if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string'))
          throw new OptionError(name, `expected a JSON list of names, found ${trimmed}`);
        return parsed;
      }
      return trimmed
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    },
    add: (value, previous) => [...(previous ?? []), value],
    format: (values) => values.join('\n'),
  });
}

/**
 * `key=value` pairs: repeated flags in the CLI, one per line in an action; the values typed as in
 * train.params.
 */
export function assignments<const S extends OptionSpec<Record<string, ParamValue>>>(spec: S) {
  const one = (value: string, name: string, where = ''): [string, ParamValue] => {
    try {
      return parseParamAssignment(value.trim());
    } catch (error) {
      throw new OptionError(name, `${where}${(error as Error).message}`);
    }
  };
  return define<'assignments', Record<string, ParamValue>, S>('assignments', spec, {
    several: 'one key=value per line',
    parse(value, name) {
      const values: Record<string, ParamValue> = {};
      for (const [index, line] of value.split('\n').entries()) {
        if (!line.trim()) continue;
        const [key, parsed] = one(line, name, `line ${index + 1}: `);
        values[key] = parsed;
      }
      return values;
    },
    add(value, previous, name) {
      const [key, parsed] = one(value, name);
      return { ...previous, [key]: parsed };
    },
    format: (values) =>
      Object.entries(values)
        .map(([key, value]) => `${key}=${value}`)
        .join('\n'),
  });
}

/**
 * A JSON document, as an expression such as `${{ toJSON(needs) }}` gives it; `check` returns the
 * value it accepts, or undefined for one it refuses. `expected` says what was wanted.
 */
export function json<T, const S extends OptionSpec<T> & { expected: string }>(
  spec: S,
  check: (value: unknown) => T | undefined,
) {
  return define<'json', T, S>('json', spec, {
    parse(value, name) {
      let parsed: T | undefined;
      try {
        parsed = check(JSON.parse(value));
      } catch {
        parsed = undefined;
      }
      if (parsed === undefined)
        throw new OptionError(
          name,
          `expected ${spec.expected}, found ${JSON.stringify(value.slice(0, 80))}`,
        );
      return parsed;
    },
    format: (value) => JSON.stringify(value),
  });
}

/** An option as one adapter shows it: its own wording where it has some, else the common one. */
export function wordingFor(option: Option, adapter: Adapter): Wording {
  const own = option[adapter] ?? {};
  return {
    description: own.description ?? option.description,
    defaultText: own.defaultText ?? option.defaultText,
    details: own.details ?? option.details,
  };
}

export function offeredBy(option: Option, adapter: Adapter): boolean {
  return option.adapters === undefined || option.adapters.includes(adapter);
}

/** `pending-timeout` is `pendingTimeout`: the key of its value, as commander names it too. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

// The values a table gives each adapter, typed from the table itself.

type Camel<S extends string> = S extends `${infer H}-${infer R}`
  ? `${H}${Capitalize<Camel<R>>}`
  : S;
type ValueType<O> = O extends { parse(text: string, name: string): infer T } ? T : never;
// Any value but undefined (and null): what `default: {}` matches below.
type Given = NonNullable<unknown>;
type AdaptersOf<O> = O extends { adapters: readonly (infer A)[] } ? A : Adapter;
// A default (or a required input) means a value is always there; except that a CLI flag that
// defaults to false is simply absent when not given, as commander leaves it.
type AlwaysSet<O, A extends Adapter> = A extends 'action'
  ? O extends { required: true } | { default: Given }
    ? true
    : false
  : O extends { kind: 'flag'; default: false }
    ? false
    : O extends { default: Given } | { cli: { default: Given } }
      ? true
      : false;
type ValueFor<O, A extends Adapter> =
  AlwaysSet<O, A> extends true ? ValueType<O> : ValueType<O> | undefined;
type CliName<K extends string, O> = O extends { cli: { name: infer N extends string } } ? N : K;

/** What an action reads: a value per input, keyed by the camel-cased name. */
export type ActionValues<T extends OptionTable> = {
  -readonly [K in keyof T & string as 'action' extends AdaptersOf<T[K]>
    ? Camel<K>
    : never]: ValueFor<T[K], 'action'>;
};

/** What commander hands a command's action: the flags (not the positional arguments). */
export type CliValues<T extends OptionTable> = {
  -readonly [K in keyof T & string as 'cli' extends AdaptersOf<T[K]>
    ? T[K] extends { cli: { positional: true } }
      ? never
      : Camel<CliName<K, T[K]>>
    : never]: ValueFor<T[K], 'cli'>;
};
