import leven from 'leven';
import type { z } from 'zod';
import type { Diagnostic } from './diagnostics.js';
import { formatKeyPath } from './diagnostics.js';
import type { YamlSource } from './yaml-source.js';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

export type DocumentResult<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Validates one parsed YAML document against a schema and positions every problem in the file.
 * Messages say what was expected; what was found is read from the document itself.
 */
export function validateDocument<S extends z.ZodType>(
  source: YamlSource,
  schema: S,
): DocumentResult<z.output<S>> {
  if (source.syntaxErrors.length > 0) return { ok: false, diagnostics: source.syntaxErrors };
  if (source.empty) {
    return {
      ok: false,
      diagnostics: [
        {
          file: source.file,
          line: 1,
          column: 1,
          path: '',
          expected: 'a mapping with apiVersion and kind',
          found: 'an empty file',
        },
      ],
    };
  }
  const result = schema.safeParse(source.data, { error: expectedPhrase });
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    diagnostics: result.error.issues.flatMap((i) => toDiagnostics(source, schema, i)),
  };
}

function toDiagnostics(source: YamlSource, schema: z.ZodType, issue: Issue): Diagnostic[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, issue.path);
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      const position = source.positionOf(path, { key: true });
      const suggestion = closest(key, known);
      return {
        file: source.file,
        ...position,
        path: formatKeyPath(path),
        expected: known.length > 0 ? `one of the keys ${known.join(', ')}` : 'no further keys',
        found: `unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
      };
    });
  }
  if (issue.code === 'invalid_key') {
    // A bad key of a mapping (a node selector's label key): point at the key, not its value.
    const key = String(issue.path[issue.path.length - 1]);
    return [
      {
        file: source.file,
        ...source.positionOf(issue.path, { key: true }),
        path: formatKeyPath(issue.path),
        expected: issue.issues[0]?.message ?? issue.message,
        found: `the key ${JSON.stringify(key)}`,
      },
    ];
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // The deepest branch usually explains the mistake best.
    const branch = issue.errors.reduce((a, b) => (depthOf(b) > depthOf(a) ? b : a));
    const inner = branch[0];
    if (inner && inner.path.length > 0) {
      return toDiagnostics(source, schema, { ...inner, path: [...issue.path, ...inner.path] });
    }
  }
  return [
    {
      file: source.file,
      ...source.positionOf(issue.path),
      path: formatKeyPath(issue.path),
      expected: issue.message,
      found: source.describeAt(issue.path),
    },
  ];
}

function depthOf(issues: readonly Issue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

function expectedPhrase(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_PHRASES[issue.expected] ?? `a ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return boundPhrase(issue.origin, 'at least', issue.minimum, issue.inclusive);
    case 'too_big':
      return boundPhrase(issue.origin, 'at most', issue.maximum, issue.inclusive);
    case 'invalid_format':
      return `a valid ${issue.format}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return 'a valid value';
  }
}

const TYPE_PHRASES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function boundPhrase(
  origin: string,
  word: 'at least' | 'at most',
  bound: number | bigint,
  inclusive = true,
): string {
  const n = Number(bound);
  if (origin === 'array') return `${word} ${n} item${n === 1 ? '' : 's'}`;
  if (origin === 'string') return `${word} ${n} character${n === 1 ? '' : 's'}`;
  const op = word === 'at least' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `a number ${op} ${n}`;
}

/** Keys the schema allows at a path, for "unknown key" messages and suggestions. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = unwrap(schema);
  for (const part of path) {
    if (!current) return [];
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'object')
      current = (def.shape as Record<string, z.core.$ZodType>)[String(part)];
    else if (def.type === 'array') current = def.element as z.core.$ZodType;
    else if (def.type === 'record') current = def.valueType as z.core.$ZodType;
    else return [];
    current = current && unwrap(current);
  }
  const def = current?._zod.def as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') {
      current = def.innerType as z.core.$ZodType;
    } else if (def.type === 'pipe') {
      current = def.in as z.core.$ZodType;
    } else {
      return current;
    }
  }
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = leven(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Beyond a third of the word, a suggestion is more confusing than helpful.
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3))
    ? best
    : undefined;
}
