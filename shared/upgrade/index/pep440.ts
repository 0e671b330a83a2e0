import { ConfigurationError } from '../../errors/index.js';

/**
 * PEP 440 versions and specifiers, following the reference implementation (`packaging`): no npm
 * library implements them, and semver's rules differ (pre-release ordering, post releases,
 * epochs, local versions such as `2.5.1+cu124`).
 */

export const PRE_LABELS = ['a', 'b', 'rc'] as const;
export type PreLabel = (typeof PRE_LABELS)[number];

export interface Version {
  epoch: number;
  release: readonly number[];
  pre?: { label: PreLabel; number: number };
  post?: number;
  dev?: number;
  /** Segments of the local label, numbers where the segment is all digits. */
  local?: readonly (string | number)[];
}

export type BumpKind = 'patch' | 'minor' | 'major';

// packaging's VERSION_PATTERN: it accepts the spellings PEP 440 normalises (alpha, -post, v1.0).
const VERSION_RE = new RegExp(
  [
    '^\\s*v?',
    '(?:(?<epoch>[0-9]+)!)?',
    '(?<release>[0-9]+(?:\\.[0-9]+)*)',
    '(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?',
    '(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?',
    '(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?',
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?',
    '\\s*$',
  ].join(''),
  'i',
);

function preLabel(raw: string): PreLabel {
  const l = raw.toLowerCase();
  if (l === 'alpha' || l === 'a') return 'a';
  if (l === 'beta' || l === 'b') return 'b';
  return 'rc';
}

/** The parsed version, or undefined when the text is not PEP 440 (legacy versions exist on indexes). */
export function tryParseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text);
  if (!m?.groups) return undefined;
  const g = m.groups;
  const version: Version = {
    epoch: g.epoch ? Number(g.epoch) : 0,
    release: (g.release ?? '0').split('.').map(Number),
  };
  if (g.preL) version.pre = { label: preLabel(g.preL), number: g.preN ? Number(g.preN) : 0 };
  if (g.post) version.post = Number(g.postN1 ?? g.postN2 ?? 0);
  if (g.dev) version.dev = g.devN ? Number(g.devN) : 0;
  if (g.local) {
    version.local = g.local
      .toLowerCase()
      .split(/[-_.]/)
      .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
  }
  return version;
}

export function parseVersion(text: string): Version {
  const version = tryParseVersion(text);
  if (!version) {
    throw new ConfigurationError(
      `Expected a PEP 440 version (like 2.5.1, 2.7.0rc1 or 2.5.1+cu124), found "${text}"`,
    );
  }
  return version;
}

function asVersion(v: string | Version): Version {
  return typeof v === 'string' ? parseVersion(v) : v;
}

/** The canonical spelling: `1.0-ALPHA.1` becomes `1.0a1`, `v2.0-post3` becomes `2.0.post3`. */
export function formatVersion(v: Version): string {
  let s = v.epoch ? `${v.epoch}!` : '';
  s += v.release.join('.');
  if (v.pre) s += `${v.pre.label}${v.pre.number}`;
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  if (v.local) s += `+${v.local.join('.')}`;
  return s;
}

export function normalizeVersion(text: string): string {
  return formatVersion(parseVersion(text));
}

/** The version without its local label: what specifiers without a local label compare. */
export function publicVersion(v: Version): Version {
  const { local: _local, ...rest } = v;
  return rest;
}

/** Epoch and release only: `2.7.0rc1` has base `2.7.0`. */
export function baseVersion(v: Version): Version {
  return { epoch: v.epoch, release: v.release };
}

export function isPrerelease(v: string | Version): boolean {
  const version = asVersion(v);
  return version.pre !== undefined || version.dev !== undefined;
}

export function isPostrelease(v: string | Version): boolean {
  return asVersion(v).post !== undefined;
}

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRelease(a: readonly number[], b: readonly number[]): number {
  // Trailing zeros do not count: 1.0 == 1.0.0.
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = cmp(a[i] ?? 0, b[i] ?? 0);
    if (c !== 0) return c;
  }
  return 0;
}

// packaging's _cmpkey: a dev release of a final sorts before its pre-releases (1.0.dev0 < 1.0a1),
// a final sorts after them, and no post or no dev sorts as their extreme.
function preKey(v: Version): [number, number] {
  if (!v.pre && v.post === undefined && v.dev !== undefined) return [-1, 0];
  if (!v.pre) return [PRE_LABELS.length, 0];
  return [PRE_LABELS.indexOf(v.pre.label), v.pre.number];
}

function compareLocal(
  a: readonly (string | number)[] | undefined,
  b: readonly (string | number)[] | undefined,
): number {
  if (!a || !b) return cmp(a ? 1 : 0, b ? 1 : 0);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    // A numeric segment sorts above an alphanumeric one; alphanumerics compare as strings.
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return cmp(x, y);
    } else if (typeof x === 'number') return 1;
    else if (typeof y === 'number') return -1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return cmp(a.length, b.length);
}

export function compareVersions(a: string | Version, b: string | Version): number {
  const x = asVersion(a);
  const y = asVersion(b);
  const [xp, xn] = preKey(x);
  const [yp, yn] = preKey(y);
  return (
    cmp(x.epoch, y.epoch) ||
    compareRelease(x.release, y.release) ||
    cmp(xp, yp) ||
    cmp(xn, yn) ||
    cmp(x.post ?? -1, y.post ?? -1) ||
    cmp(x.dev ?? Number.POSITIVE_INFINITY, y.dev ?? Number.POSITIVE_INFINITY) ||
    compareLocal(x.local, y.local)
  );
}

/** Oldest to newest; the strings are returned as given. */
export function sortVersions(versions: readonly string[]): string[] {
  return versions
    .map((text) => ({ text, version: parseVersion(text) }))
    .sort((a, b) => compareVersions(a.version, b.version))
    .map((e) => e.text);
}

/**
 * How big a step an upgrade is: `major` when the first release segment changes (or the epoch),
 * `minor` when the second does, else `patch` (including pre, post and local changes).
 */
export function bumpKind(from: string | Version, to: string | Version): BumpKind {
  const a = asVersion(from);
  const b = asVersion(to);
  if (a.epoch !== b.epoch || (a.release[0] ?? 0) !== (b.release[0] ?? 0)) return 'major';
  if ((a.release[1] ?? 0) !== (b.release[1] ?? 0)) return 'minor';
  return 'patch';
}

// ---------------------------------------------------------------------------------------------
// Specifiers

export const SPECIFIER_OPERATORS = ['~=', '==', '!=', '<=', '>=', '<', '>', '==='] as const;
export type SpecifierOperator = (typeof SPECIFIER_OPERATORS)[number];

export interface Specifier {
  operator: SpecifierOperator;
  /** The operand as written (trimmed), without a trailing `.*`. */
  version: string;
  /** `==2.4.*` / `!=2.4.*`. */
  wildcard: boolean;
}

export type SpecifierSet = readonly Specifier[];

const SPECIFIER_RE = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([0-9A-Za-z][^\s,;]*)\s*$/;

function parseSpecifier(text: string, whole: string): Specifier {
  const m = SPECIFIER_RE.exec(text);
  const fail = (why: string): never => {
    throw new ConfigurationError(
      `Expected a PEP 440 version specifier (like ==2.5.1, >=2.4,<2.6, ~=2.5.0 or ==2.4.*), found "${whole}": ${why}`,
    );
  };
  if (!m) return fail(`"${text.trim()}" is not an operator followed by a version`);
  const operator = m[1] as SpecifierOperator;
  let version = m[2] as string;
  if (operator === '===') return { operator, version, wildcard: false };
  let wildcard = false;
  if (version.endsWith('.*')) {
    if (operator !== '==' && operator !== '!=') fail(`only == and != take a trailing .*`);
    wildcard = true;
    version = version.slice(0, -2);
  }
  const parsed = tryParseVersion(version);
  if (!parsed) return fail(`"${version}" is not a PEP 440 version`);
  if (
    wildcard &&
    (parsed.pre || parsed.post !== undefined || parsed.dev !== undefined || parsed.local)
  ) {
    fail(`a prefix match (.*) follows release numbers only (==2.4.*)`);
  }
  if (parsed.local && operator !== '==' && operator !== '!=') {
    fail(`only == and != take a local version (+...)`);
  }
  if (operator === '~=' && parsed.release.length < 2) {
    fail(`~= needs at least two release segments (~=2.5, not ~=2)`);
  }
  return { operator, version, wildcard };
}

/** Comma-separated specifiers; an empty string is the set that allows every version. */
export function parseSpecifierSet(text: string): SpecifierSet {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => parseSpecifier(part, text));
}

export function formatSpecifierSet(set: SpecifierSet): string {
  return set.map((s) => `${s.operator}${s.version}${s.wildcard ? '.*' : ''}`).join(',');
}

// packaging's _version_split: release segments, with a pre-release glued to the last one split off.
function versionSplit(v: Version): string[] {
  const parts = [String(v.epoch), ...v.release.map(String)];
  if (v.pre) parts.push(`${v.pre.label}${v.pre.number}`);
  if (v.post !== undefined) parts.push(`post${v.post}`);
  if (v.dev !== undefined) parts.push(`dev${v.dev}`);
  return parts;
}

function releaseCount(parts: readonly string[]): number {
  let i = 1; // after the epoch
  while (i < parts.length && /^[0-9]+$/.test(parts[i] as string)) i++;
  return i - 1;
}

function prefixMatch(candidate: Version, prefix: Version): boolean {
  const spec = versionSplit(prefix);
  const cand = versionSplit(publicVersion(candidate));
  // Only the candidate is padded with zeros, so ==1.0.* matches 1 but ==1.* still matches 1.5.
  const specRel = releaseCount(spec);
  const candRel = releaseCount(cand);
  const padded =
    candRel >= specRel
      ? cand
      : [
          ...cand.slice(0, candRel + 1),
          ...Array(specRel - candRel).fill('0'),
          ...cand.slice(candRel + 1),
        ];
  const shortened = padded.slice(0, spec.length);
  return shortened.length === spec.length && spec.every((p, i) => p === shortened[i]);
}

function arbitraryEqual(raw: string, spec: Specifier): boolean {
  return raw.trim().toLowerCase() === spec.version.toLowerCase();
}

function matches(candidate: Version, spec: Specifier, raw: string): boolean {
  if (spec.operator === '===') return arbitraryEqual(raw, spec);
  const operand = parseVersion(spec.version);
  switch (spec.operator) {
    case '==':
    case '!=': {
      let equal: boolean;
      if (spec.wildcard) equal = prefixMatch(candidate, operand);
      else if (operand.local) equal = compareVersions(candidate, operand) === 0;
      // Without a local label in the specifier, the candidate's is ignored: ==2.5.1 takes 2.5.1+cu124.
      else equal = compareVersions(publicVersion(candidate), operand) === 0;
      return spec.operator === '==' ? equal : !equal;
    }
    case '~=': {
      const prefix: Version = { epoch: operand.epoch, release: operand.release.slice(0, -1) };
      return (
        compareVersions(publicVersion(candidate), operand) >= 0 && prefixMatch(candidate, prefix)
      );
    }
    case '<=':
      return compareVersions(publicVersion(candidate), operand) <= 0;
    case '>=':
      return compareVersions(publicVersion(candidate), operand) >= 0;
    case '<': {
      if (compareVersions(candidate, operand) >= 0) return false;
      // <3.0 must not admit 3.0.0rc1, though it sorts lower.
      if (!isPrerelease(operand) && isPrerelease(candidate)) {
        return compareVersions(baseVersion(candidate), baseVersion(operand)) !== 0;
      }
      return true;
    }
    case '>': {
      if (compareVersions(candidate, operand) <= 0) return false;
      // >2.5 must not admit 2.5.post1 or 2.5+local, though they sort higher.
      const sameBase = compareVersions(baseVersion(candidate), baseVersion(operand)) === 0;
      if (!isPostrelease(operand) && isPostrelease(candidate) && sameBase) return false;
      if (candidate.local && sameBase) return false;
      return true;
    }
  }
}

export interface SatisfiesOptions {
  /**
   * Whether pre-releases (and dev releases) may match. By default only when a specifier of the
   * set names a pre-release itself (`>=2.7.0rc1`), as pip does when choosing among releases: an
   * upgrade must not land on an rc. (`packaging` 26's single-version `contains()` admits them.)
   */
  prereleases?: boolean;
}

function mentionsPrerelease(set: SpecifierSet): boolean {
  return set.some((s) => {
    if (s.operator === '!=' || s.operator === '===') return false;
    const v = tryParseVersion(s.version);
    return v !== undefined && isPrerelease(v);
  });
}

export function satisfies(
  version: string | Version,
  specifierSet: string | SpecifierSet,
  options: SatisfiesOptions = {},
): boolean {
  const set = typeof specifierSet === 'string' ? parseSpecifierSet(specifierSet) : specifierSet;
  const raw = typeof version === 'string' ? version : formatVersion(version);
  const candidate = tryParseVersion(raw);
  if (!candidate) {
    // Only arbitrary equality can match a version that is not PEP 440.
    return set.length > 0 && set.every((s) => s.operator === '===' && arbitraryEqual(raw, s));
  }
  const prereleases = options.prereleases ?? mentionsPrerelease(set);
  if (!prereleases && isPrerelease(candidate)) return false;
  return set.every((s) => matches(candidate, s, raw));
}
