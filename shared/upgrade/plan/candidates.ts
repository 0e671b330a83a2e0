import type { Release } from '../index/package-index.js';
import {
  type BumpKind,
  bumpKind,
  compareVersions,
  isPrerelease,
  satisfies,
  tryParseVersion,
} from '../index/pep440.js';
import type { UpgradeAllow } from '../schema.js';
import { releaseAdmitsPython } from './python-compat.js';

const BUMP_RANK = { patch: 0, minor: 1, major: 2 } as const satisfies Record<BumpKind, number>;

/** A release a pin may move to. */
export interface Candidate {
  /** As it is written into the requirements (the pin's local label kept or moved). */
  version: string;
  /** As the index lists it, to ask the index about it. */
  indexVersion: string;
  public: string;
  release: Release;
}

export interface VersionRules {
  allow: UpgradeAllow;
  /** Specifier sets of upgrade.hold caps on this package. */
  caps: readonly string[];
  python: string;
  /** The local label the new pin carries: the pin's own, or the new CUDA variant's. */
  label?: string;
  /** For an unlabelled pin: the CUDA variant label whose builds may stand in (PyTorch's index). */
  variantLabel?: string;
}

/** The newest release passed over, and why: what upgrade.hold / upgrade.allow hid from the user. */
export interface Blocked {
  version: string;
  reason: string;
}

export interface CandidateSearch {
  /** Newer than the pin, newest first, every rule passed. */
  candidates: Candidate[];
  /** The pin itself, if the index lists it for the label (undefined: not built for it). */
  current?: Candidate;
  /** Newest release not proposed because of a cap or the allowed bump. */
  blocked?: Blocked;
  /** Releases newer than the best candidate skipped for Python, for the group's notes. */
  pythonSkips: { version: string; reason: string }[];
}

export function splitLocal(version: string): { public: string; local?: string } {
  const plus = version.indexOf('+');
  if (plus === -1) return { public: version };
  return { public: version.slice(0, plus), local: version.slice(plus + 1).toLowerCase() };
}

/**
 * The releases of one package by public version, as seen by a pin: a labelled pin (2.5.1+cu128)
 * sees only builds with its label (or, on an index without labels, every release); an unlabelled
 * pin sees unlabelled builds and those of the workspace's CUDA variant.
 */
export function releasesForPin(
  releases: readonly Release[],
  rules: Pick<VersionRules, 'label' | 'variantLabel'>,
): Map<string, { release: Release; written: string }> {
  const anyLabelled = releases.some((r) => splitLocal(r.version).local !== undefined);
  const view = new Map<string, { release: Release; written: string; exact: boolean }>();
  for (const release of releases) {
    if (!tryParseVersion(release.version)) continue;
    const { public: pub, local } = splitLocal(release.version);
    let exact: boolean;
    if (rules.label !== undefined) {
      if (local === rules.label) exact = true;
      else if (local === undefined && !anyLabelled) exact = false;
      else continue;
    } else if (local === undefined) exact = true;
    else if (local === rules.variantLabel) exact = false;
    else continue;
    const seen = view.get(pub);
    if (seen?.exact && !exact) continue;
    const written = rules.label !== undefined ? `${pub}+${rules.label}` : pub;
    view.set(pub, { release, written, exact });
  }
  return new Map([...view].map(([pub, { release, written }]) => [pub, { release, written }]));
}

/**
 * The releases newer than `pin` that an upgrade may propose, newest first: not yanked, not a
 * pre-release (unless the pin is one), at most the allowed bump, within every cap, and with a
 * file for the workspace's Python.
 */
export function findCandidates(
  pin: string,
  releases: readonly Release[],
  rules: VersionRules,
): CandidateSearch {
  const current = splitLocal(pin).public;
  const view = releasesForPin(releases, rules);
  const pinIsPre = tryParseVersion(current) ? isPrerelease(current) : false;
  const search: CandidateSearch = { candidates: [], pythonSkips: [] };
  const currentEntry = [...view].find(([pub]) => safeCompare(pub, current) === 0);
  if (currentEntry) {
    const [pub, { release, written }] = currentEntry;
    search.current = { version: written, indexVersion: release.version, public: pub, release };
  }

  const newer = [...view]
    .filter(([pub]) => safeCompare(pub, current) > 0)
    .sort(([a], [b]) => compareVersions(b, a));
  for (const [pub, { release, written }] of newer) {
    if (release.yanked || (release.files.length > 0 && release.files.every((f) => f.yanked))) {
      continue;
    }
    if (!pinIsPre && isPrerelease(pub)) continue;
    const bump = bumpKind(current, pub);
    if (BUMP_RANK[bump] > BUMP_RANK[rules.allow]) {
      search.blocked ??= {
        version: pub,
        reason: `${pub} is a ${bump} upgrade; upgrade.allow is ${rules.allow}`,
      };
      continue;
    }
    const cap = rules.caps.find((spec) => !satisfies(pub, spec, { prereleases: true }));
    if (cap !== undefined) {
      search.blocked ??= { version: pub, reason: `${pub} is out; upgrade.hold caps it at ${cap}` };
      continue;
    }
    const python = releaseAdmitsPython(release, rules.python);
    if (!python.ok) {
      if (search.candidates.length === 0) {
        search.pythonSkips.push({
          version: pub,
          reason: `no file for Python ${rules.python} (${python.reason})`,
        });
      }
      continue;
    }
    search.candidates.push({
      version: written,
      indexVersion: release.version,
      public: pub,
      release,
    });
  }
  // Only what is newer than the proposal is worth telling.
  const best = search.candidates[0];
  if (best && search.blocked && compareVersions(search.blocked.version, best.public) <= 0) {
    delete search.blocked;
  }
  return search;
}

function safeCompare(a: string, b: string): number {
  if (!tryParseVersion(a) || !tryParseVersion(b)) return a === b ? 0 : -1;
  return compareVersions(a, b);
}
