import type { Diagnostic } from '../../config/diagnostics.js';
import { ConfigurationError } from '../../errors/index.js';
import { normalizePackageName } from '../schema.js';

/** One requirement of a pip requirements file, where it was written. */
export interface RequirementEntry {
  /** 1-based line and column of the package name. */
  line: number;
  column: number;
  /** PEP 503-normalized. */
  name: string;
  /** As written. */
  rawName: string;
  extras: string[];
  /** The specifier set without spaces, such as "==2.5.1" or ">=1.26,<2"; empty for none. */
  specifier: string;
  marker?: string;
  /** The version of an exact pin (`name==version`); undefined for ranges and wildcards. */
  pin?: string;
  /** Offsets of the pinned version in the file's text, so an upgrade rewrites only it. */
  pinRange?: readonly [number, number];
}

export interface RequirementsFile {
  /** Path as shown to the user. */
  file: string;
  entries: RequirementEntry[];
}

export interface RequirementChange {
  name: string;
  from: string;
  to: string;
}

const NAME = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y;
const VERSION = /[A-Za-z0-9.*+!_-]+/y;
const OPERATOR = /(~=|===|==|!=|<=|>=|<|>)/y;
const SPACE = /[ \t]*/y;

interface LogicalLine {
  /** 1-based number of its first physical line. */
  line: number;
  text: string;
  /** The offset in the file of each character of text, to point back into the file. */
  offsets: number[];
}

/**
 * Parses a pip requirements file (requirements.in): requirements with extras, specifiers and
 * markers, comments, options (`-r`, `--extra-index-url`...) and `\` continuations. Options and
 * direct references (paths, URLs) are not entries: nothing here can upgrade them.
 */
export function parseRequirementsFile(text: string, file: string): RequirementsFile {
  const entries: RequirementEntry[] = [];
  const problems: Diagnostic[] = [];
  for (const logical of logicalLines(text)) {
    const body = stripComment(logical.text);
    if (body.trim() === '' || body.trimStart().startsWith('-')) continue;
    const parsed = parseRequirementLine(body);
    if (parsed === 'direct') continue;
    const at = (index: number): { line: number; column: number } => {
      const offset = logical.offsets[index] ?? logical.offsets[logical.offsets.length - 1] ?? 0;
      return positionAt(text, offset);
    };
    if (typeof parsed === 'string') {
      problems.push({
        file,
        ...at(body.length - body.trimStart().length),
        path: '',
        expected: `a requirement such as "torch==2.5.1" or an option such as "--extra-index-url URL" (${parsed})`,
        found: JSON.stringify(body.trim()),
      });
      continue;
    }
    const entry: RequirementEntry = {
      ...at(parsed.nameStart),
      name: normalizePackageName(parsed.rawName),
      rawName: parsed.rawName,
      extras: parsed.extras,
      specifier: parsed.specifier,
    };
    if (parsed.marker) entry.marker = parsed.marker;
    if (parsed.pin) {
      entry.pin = parsed.pin.version;
      entry.pinRange = [
        logical.offsets[parsed.pin.start] as number,
        (logical.offsets[parsed.pin.end - 1] as number) + 1,
      ];
    }
    entries.push(entry);
  }
  if (problems.length > 0) {
    throw new ConfigurationError(
      `${file}: ${problems.length === 1 ? 'a line is' : `${problems.length} lines are`} not a requirement`,
      problems,
    );
  }
  return { file, entries };
}

/**
 * Replaces the version of each `name==from` pin with `to`, and nothing else: extras, markers,
 * comments, spacing, line order and line endings stay as written.
 */
export function applyToRequirements(
  text: string,
  changes: readonly RequirementChange[],
  file = 'requirements',
): string {
  const { entries } = parseRequirementsFile(text, file);
  const edits: { range: readonly [number, number]; to: string }[] = [];
  for (const change of changes) {
    const name = normalizePackageName(change.name);
    const matching = entries.filter((e) => e.name === name && e.pin === change.from && e.pinRange);
    if (matching.length === 0) {
      const pins = entries.filter((e) => e.name === name).map((e) => `${e.rawName}${e.specifier}`);
      throw new Error(
        `${file}: cannot upgrade ${change.name} from ${change.from}: the file pins ${pins.length > 0 ? pins.join(', ') : 'no such package'}`,
      );
    }
    for (const entry of matching) edits.push({ range: entry.pinRange ?? [0, 0], to: change.to });
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.range[0] - a.range[0])) {
    out = out.slice(0, edit.range[0]) + edit.to + out.slice(edit.range[1]);
  }
  return out;
}

function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let current: LogicalLine | undefined;
  let offset = 0;
  let number = 0;
  for (const raw of text.split('\n')) {
    number++;
    const start = offset;
    offset += raw.length + 1;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // pip joins a line ending in a backslash with the next, except inside a comment.
    const continued = /(^|[^\\])\\$/.test(content) && !/(^|\s)#/.test(content);
    const kept = continued ? content.slice(0, -1) : content;
    current ??= { line: number, text: '', offsets: [] };
    current.text += kept;
    for (let i = 0; i < kept.length; i++) current.offsets.push(start + i);
    if (!continued) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** pip: a "#" at the start of a line or after whitespace starts a comment. */
function stripComment(line: string): string {
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface ParsedLine {
  nameStart: number;
  rawName: string;
  extras: string[];
  specifier: string;
  marker?: string;
  pin?: { version: string; start: number; end: number };
}

/**
 * One requirement, PEP 508 plus what pip allows after it (per-requirement options such as
 * `--hash`). Returns why it is not one as a string, or 'direct' for a path or URL.
 */
export function parseRequirementLine(body: string): ParsedLine | 'direct' | string {
  let i = 0;
  const skipSpace = (): void => {
    SPACE.lastIndex = i;
    SPACE.exec(body);
    i = SPACE.lastIndex;
  };
  const take = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = i;
    const match = pattern.exec(body);
    if (!match) return undefined;
    i = pattern.lastIndex;
    return match[0];
  };

  skipSpace();
  const rest = body.slice(i);
  if (/^(\.{1,2}\/|\/|~|[A-Za-z][A-Za-z0-9+.-]*:\/\/|\.$)/.test(rest)) return 'direct';
  const nameStart = i;
  const rawName = take(NAME);
  if (!rawName) return 'no package name';
  skipSpace();

  const extras: string[] = [];
  if (body[i] === '[') {
    const close = body.indexOf(']', i);
    if (close === -1) return 'an unclosed [extras]';
    const list = body
      .slice(i + 1, close)
      .split(',')
      .map((e) => e.trim());
    if (list.some((e) => !/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(e))) {
      return 'extras such as [cuda,vision]';
    }
    extras.push(...list);
    i = close + 1;
    skipSpace();
  }

  if (body[i] === '@') return 'direct';

  const clauses: { operator: string; version: string; start: number; end: number }[] = [];
  const parenthesized = body[i] === '(';
  if (parenthesized) {
    i++;
    skipSpace();
  }
  for (;;) {
    const operator = take(OPERATOR);
    if (!operator) break;
    skipSpace();
    const start = i;
    const version = take(VERSION);
    if (!version) return `a version after ${operator}`;
    clauses.push({ operator, version, start, end: i });
    skipSpace();
    if (body[i] !== ',') break;
    i++;
    skipSpace();
  }
  if (parenthesized) {
    if (body[i] !== ')') return 'a closing ")" after the version specifier';
    i++;
    skipSpace();
  }

  let marker: string | undefined;
  let tail = body.slice(i);
  // Per-requirement options (--hash, --config-settings) follow the requirement itself.
  const option = /(^|\s)--?[A-Za-z]/.exec(tail);
  if (option) tail = tail.slice(0, option.index);
  if (tail.startsWith(';')) {
    marker = tail.slice(1).trim();
    if (marker === '') return 'an environment marker after ";"';
  } else if (tail.trim() !== '') {
    return `a version specifier such as "==2.5.1", not ${JSON.stringify(tail.trim())}`;
  }

  const specifier = clauses.map((c) => `${c.operator}${c.version}`).join(',');
  const parsed: ParsedLine = { nameStart, rawName, extras, specifier };
  if (marker) parsed.marker = marker;
  const only = clauses.length === 1 ? clauses[0] : undefined;
  if (only && only.operator === '==' && !only.version.includes('*')) {
    parsed.pin = { version: only.version, start: only.start, end: only.end };
  }
  return parsed;
}
