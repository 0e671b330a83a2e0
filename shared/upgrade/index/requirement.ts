import { ConfigurationError } from '../../errors/index.js';
import { formatSpecifierSet, parseSpecifierSet, satisfies, tryParseVersion } from './pep440.js';

/** A PEP 508 dependency line, as in requirements.in or a wheel's Requires-Dist. */
export interface Requirement {
  /** PEP 503 normalized: `Torch_Vision` becomes `torch-vision`. */
  name: string;
  /** Normalized like names (PEP 685), in the order written. */
  extras: string[];
  /** Canonical specifier set (`>=5.3.0,!=8.3.*`), '' when any version goes. */
  specifier: string;
  /** Direct reference (`name @ https://...`), when given instead of a specifier. */
  url?: string;
  /** The environment marker after `;`, as written (trimmed). */
  marker?: string;
}

/** PEP 503: names compare lowercased, with runs of `-`, `_` and `.` as one `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const NAME_RE = /^([A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]|[A-Za-z0-9])/;

export function parseRequirement(line: string): Requirement {
  const text = line.trim();
  const fail = (why: string): never => {
    throw new ConfigurationError(
      `Expected a PEP 508 requirement (like torch==2.5.1 or name[extra]>=1.0; python_version >= "3.9"), found "${line}": ${why}`,
    );
  };
  const nameMatch = NAME_RE.exec(text);
  if (!nameMatch) return fail('it does not start with a project name');
  const name = normalizeName(nameMatch[1] as string);
  let rest = text.slice((nameMatch[1] as string).length).trimStart();

  const extras: string[] = [];
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end < 0) fail('the extras list has no closing ]');
    for (const raw of rest.slice(1, end).split(',')) {
      const extra = raw.trim();
      if (extra === '') continue;
      if (!NAME_RE.test(extra) || NAME_RE.exec(extra)?.[0] !== extra)
        fail(`"${extra}" is not an extra name`);
      extras.push(normalizeName(extra));
    }
    rest = rest.slice(end + 1).trimStart();
  }

  if (rest.startsWith('@')) {
    // In a URL requirement the marker needs whitespace before ';', since URLs may hold ';'.
    const body = rest.slice(1).trim();
    const split = /\s+;/.exec(body);
    const url = (split ? body.slice(0, split.index) : body).trim();
    if (url === '') fail('@ is not followed by a URL');
    const marker = split ? body.slice(split.index + split[0].length).trim() : undefined;
    if (marker !== undefined) checkMarker(marker, fail);
    return { name, extras, specifier: '', url, ...(marker !== undefined ? { marker } : {}) };
  }

  const semi = rest.indexOf(';');
  let spec = (semi >= 0 ? rest.slice(0, semi) : rest).trim();
  const marker = semi >= 0 ? rest.slice(semi + 1).trim() : undefined;
  // Older tools wrote Requires-Dist as `torch (==2.6.0)`.
  if (spec.startsWith('(')) {
    if (!spec.endsWith(')')) fail('the version specifier has no closing )');
    spec = spec.slice(1, -1).trim();
  }
  if (spec !== '' && !/^[<>=!~]/.test(spec)) fail(`"${spec}" is not a version specifier`);
  let specifier = '';
  try {
    specifier = formatSpecifierSet(parseSpecifierSet(spec));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (marker !== undefined) checkMarker(marker, fail);
  return { name, extras, specifier, ...(marker !== undefined ? { marker } : {}) };
}

function checkMarker(marker: string, fail: (why: string) => never): void {
  if (marker === '') fail('nothing follows ;');
  try {
    parseMarker(marker);
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
}

// ---------------------------------------------------------------------------------------------
// Environment markers (PEP 508), so callers can drop `extra == "..."` and other-platform lines.

export type MarkerEnvironment = Readonly<Record<string, string>>;

/** CPython on Linux x86_64, the platform MLEnv's shared environment targets. */
export function linuxMarkerEnvironment(pythonVersion: string, extra = ''): MarkerEnvironment {
  const [major, minor] = pythonVersion.split('.');
  const short = `${major}.${minor ?? '0'}`;
  const full = pythonVersion.split('.').length >= 3 ? pythonVersion : `${short}.0`;
  return {
    python_version: short,
    python_full_version: full,
    implementation_name: 'cpython',
    implementation_version: full,
    platform_python_implementation: 'CPython',
    os_name: 'posix',
    sys_platform: 'linux',
    platform_system: 'Linux',
    platform_machine: 'x86_64',
    platform_release: '',
    platform_version: '',
    extra,
  };
}

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'var'; value: string }
  | { kind: 'op'; value: string }
  | { kind: 'and' | 'or' | '(' | ')' };

const VARIABLES = new Set([
  'python_version',
  'python_full_version',
  'os_name',
  'sys_platform',
  'platform_release',
  'platform_system',
  'platform_version',
  'platform_machine',
  'platform_python_implementation',
  'implementation_name',
  'implementation_version',
  'extra',
]);
// Spellings from PEP 345 that old metadata still carries.
const LEGACY: Record<string, string> = {
  'os.name': 'os_name',
  'sys.platform': 'sys_platform',
  'platform.version': 'platform_version',
  'platform.machine': 'platform_machine',
  'platform.python_implementation': 'platform_python_implementation',
  python_implementation: 'platform_python_implementation',
};

function tokenize(marker: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < marker.length) {
    const rest = marker.slice(i);
    const ws = /^\s+/.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    const c = rest[0] as string;
    if (c === '(' || c === ')') {
      tokens.push({ kind: c });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = rest.indexOf(c, 1);
      if (end < 0) throw new Error(`unterminated string in marker "${marker}"`);
      tokens.push({ kind: 'string', value: rest.slice(1, end) });
      i += end + 1;
      continue;
    }
    const op = /^(===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b)/.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', value: op[0].replace(/\s+/, ' ') });
      i += op[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (word) {
      const w = word[0];
      if (w === 'and' || w === 'or') tokens.push({ kind: w });
      else {
        const name = LEGACY[w] ?? w;
        if (!VARIABLES.has(name)) throw new Error(`unknown marker variable "${w}"`);
        tokens.push({ kind: 'var', value: name });
      }
      i += w.length;
      continue;
    }
    throw new Error(`unexpected "${c}" in marker "${marker}"`);
  }
  return tokens;
}

export type MarkerNode =
  | { kind: 'and' | 'or'; left: MarkerNode; right: MarkerNode }
  | {
      kind: 'compare';
      left: { var: string } | { value: string };
      op: string;
      right: { var: string } | { value: string };
    };

export function parseMarker(marker: string): MarkerNode {
  const tokens = tokenize(marker);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const operand = (): { var: string } | { value: string } => {
    const t = tokens[pos++];
    if (t?.kind === 'var') return { var: t.value };
    if (t?.kind === 'string') return { value: t.value };
    throw new Error(`expected a marker variable or a quoted string in "${marker}"`);
  };
  const expr = (): MarkerNode => {
    if (peek()?.kind === '(') {
      pos++;
      const inner = or();
      if (tokens[pos++]?.kind !== ')') throw new Error(`missing ) in marker "${marker}"`);
      return inner;
    }
    const left = operand();
    const op = tokens[pos++];
    if (op?.kind !== 'op') throw new Error(`expected a comparison operator in marker "${marker}"`);
    const right = operand();
    return { kind: 'compare', left, op: op.value, right };
  };
  const and = (): MarkerNode => {
    let node = expr();
    while (peek()?.kind === 'and') {
      pos++;
      node = { kind: 'and', left: node, right: expr() };
    }
    return node;
  };
  const or = (): MarkerNode => {
    let node = and();
    while (peek()?.kind === 'or') {
      pos++;
      node = { kind: 'or', left: node, right: and() };
    }
    return node;
  };
  const tree = or();
  if (pos !== tokens.length)
    throw new Error(`unexpected text after a complete marker in "${marker}"`);
  return tree;
}

function compareMarkerValues(lhs: string, op: string, rhs: string): boolean {
  if (op === 'in') return rhs.includes(lhs);
  if (op === 'not in') return !rhs.includes(lhs);
  // As in `packaging`: when the right side makes a valid specifier with the operator
  // (python_version >= "3.10", == "3.11.*"), compare as versions; else as text.
  if (tryParseVersion(lhs)) {
    try {
      return satisfies(lhs, `${op}${rhs}`, { prereleases: true });
    } catch {
      // Not a specifier (~=3, == "linux"): compared as text below.
    }
  }
  switch (op) {
    case '==':
    case '===':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
    case '<':
      return lhs < rhs;
    case '<=':
      return lhs <= rhs;
    case '>':
      return lhs > rhs;
    case '>=':
      return lhs >= rhs;
    default:
      throw new ConfigurationError(`Marker operator ${op} cannot compare "${lhs}" with "${rhs}"`);
  }
}

/** Whether a marker holds in an environment; a variable the environment lacks reads as ''. */
export function evaluateMarker(
  marker: string | MarkerNode,
  environment: MarkerEnvironment,
): boolean {
  const node = typeof marker === 'string' ? parseMarker(marker) : marker;
  if (node.kind !== 'compare') {
    const left = evaluateMarker(node.left, environment);
    return node.kind === 'and'
      ? left && evaluateMarker(node.right, environment)
      : left || evaluateMarker(node.right, environment);
  }
  const isExtra =
    'var' in node.left
      ? node.left.var === 'extra'
      : 'var' in node.right && node.right.var === 'extra';
  const value = (side: { var: string } | { value: string }): string => {
    const raw = 'var' in side ? (environment[side.var] ?? '') : side.value;
    // PEP 685: extras compare normalized.
    return isExtra ? normalizeName(raw) : raw;
  };
  return compareMarkerValues(value(node.left), node.op, value(node.right));
}
