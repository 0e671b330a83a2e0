import {
  isMap,
  isScalar,
  LineCounter,
  type Pair,
  parse,
  parseDocument,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { ConfigurationError } from '../../errors/index.js';

export interface EnvironmentEdit {
  python?: string;
  cuda?: string;
  /** A URL sets (or adds) environment.pytorchIndex; null removes it. */
  pytorchIndex?: string | null;
}

const KEYS = ['python', 'cuda', 'pytorchIndex'] as const;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Edits environment.python, environment.cuda and environment.pytorchIndex of a workspace
 * mlenv.yaml in place: only the edited values' characters change, so comments, key order,
 * quoting style, blank lines and line endings stay as the user wrote them. (Re-serialising the
 * yaml Document would reflow flow sequences and comment spacing.)
 */
export function applyToWorkspaceYaml(
  text: string,
  edit: EnvironmentEdit,
  file = 'mlenv.yaml',
): string {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const pos = error?.linePos?.[0] ?? { line: 1, col: 1 };
    throw new ConfigurationError(
      `${file}:${pos.line}:${pos.col}: expected valid YAML, found ${(error?.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  const environment = isMap(doc.contents) ? doc.contents.get('environment', true) : undefined;
  if (!isMap(environment) || !environment.range) {
    throw new ConfigurationError(
      `${file}: environment: expected a mapping with python, cuda and requirements, found ${environment === undefined ? 'no environment key' : 'something else'}`,
    );
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: Edit[] = [];
  for (const key of KEYS) {
    const value = edit[key];
    if (value === undefined) continue;
    const pair = findPair(environment, key);
    if (value === null) {
      if (pair) edits.push(removal(text, environment, pair));
      continue;
    }
    const node = pair?.value;
    if (pair && isScalar(node) && node.range) {
      if (node.value === value) continue;
      const [start, end] = node.range;
      let rendered = renderScalar(value, node.type, Boolean(environment.flow));
      // An empty value (`pytorchIndex:` or `pytorchIndex: # later`) has an empty range.
      if (start === end) {
        if (text[start - 1] === ':') rendered = ` ${rendered}`;
        if (text[end] === '#') rendered = `${rendered} `;
      }
      edits.push({ start, end, text: rendered });
    } else if (pair) {
      const { line } = lineCounter.linePos(
        (pair.key as Scalar | undefined)?.range?.[0] ?? environment.range[0],
      );
      throw new ConfigurationError(
        `${file}:${line}: environment.${key}: expected a string, found a ${isMap(node) ? 'mapping' : 'list or alias'}`,
      );
    } else {
      edits.push(insertion(text, environment, key, value, eol));
    }
  }

  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  }
  verify(out, edit, file);
  return out;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

function renderScalar(value: string, type: Scalar['type'], flow: boolean): string {
  if (type === 'QUOTE_SINGLE') return `'${value.replaceAll("'", "''")}'`;
  if (type === 'QUOTE_DOUBLE' || !plainSafe(value, flow)) return JSON.stringify(value);
  return value;
}

/** Whether YAML reads the value back, unquoted, as the same string ("3.10" reads as 3.1). */
function plainSafe(value: string, flow: boolean): boolean {
  if (value === '' || /[\n\r\t]|: |\s#|^[\s'"&*!|>%@`#?:,[\]{}-]|\s$|:$/.test(value)) return false;
  if (flow && /[,[\]{}]/.test(value)) return false;
  try {
    return parse(value) === value;
  } catch {
    return false;
  }
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just past the end of the line holding `offset` (after its newline). */
function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

function valueEnd(pair: Pair): number {
  const value = pair.value as Scalar | null;
  const key = pair.key as Scalar;
  return value?.range?.[1] ?? key.range?.[1] ?? 0;
}

function keyStart(pair: Pair): number {
  return (pair.key as Scalar).range?.[0] ?? 0;
}

function insertion(text: string, map: YAMLMap, key: string, value: string, eol: string): Edit {
  const last = map.items[map.items.length - 1];
  if (map.flow) {
    const rendered = `${key}: ${renderScalar(value, 'PLAIN', true)}`;
    if (!last) {
      const open = map.range?.[0] ?? 0;
      return { start: open + 1, end: open + 1, text: ` ${rendered} ` };
    }
    const at = valueEnd(last);
    return { start: at, end: at, text: `, ${rendered}` };
  }
  if (!last) throw new Error('environment: an empty block mapping has no place for keys');
  const first = map.items[0] as Pair;
  const indent = text.slice(lineStart(text, keyStart(first)), keyStart(first));
  const at = afterLine(text, valueEnd(last));
  const line = `${indent}${key}: ${renderScalar(value, 'PLAIN', false)}`;
  // A file without a final newline gets one before the new line, and none after it.
  if (at === text.length && !text.endsWith('\n'))
    return { start: at, end: at, text: `${eol}${line}` };
  return { start: at, end: at, text: `${line}${eol}` };
}

function removal(text: string, map: YAMLMap, pair: Pair): Edit {
  const index = map.items.indexOf(pair);
  if (map.flow) {
    const previous = map.items[index - 1];
    const next = map.items[index + 1];
    if (previous) return { start: valueEnd(previous), end: valueEnd(pair), text: '' };
    if (next) return { start: keyStart(pair), end: keyStart(next), text: '' };
    return { start: (map.range?.[0] ?? 0) + 1, end: (map.range?.[1] ?? 1) - 1, text: '' };
  }
  if (map.items.length === 1) {
    throw new Error('environment: removing its only key would leave it empty');
  }
  return { start: lineStart(text, keyStart(pair)), end: afterLine(text, valueEnd(pair)), text: '' };
}

function verify(text: string, edit: EnvironmentEdit, file: string): void {
  const environment = (parse(text) as { environment?: Record<string, unknown> } | null)
    ?.environment;
  for (const key of KEYS) {
    const want = edit[key];
    if (want === undefined) continue;
    const got = environment?.[key];
    if ((want === null && got !== undefined) || (want !== null && got !== want)) {
      throw new Error(
        `${file}: editing environment.${key} to ${JSON.stringify(want)} produced ${JSON.stringify(got)}`,
      );
    }
  }
}
