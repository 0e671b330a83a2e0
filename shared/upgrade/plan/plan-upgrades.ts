import type { Logger } from '../../logger/index.js';
import {
  parseRequirementLine,
  type RequirementEntry,
  type RequirementsFile,
} from '../apply/requirements.js';
import type { PackageIndex, Release } from '../index/package-index.js';
import {
  type BumpKind,
  bumpKind,
  compareVersions,
  satisfies,
  tryParseVersion,
} from '../index/pep440.js';
import { evaluateMarker, linuxMarkerEnvironment, parseRequirement } from '../index/requirement.js';
import { normalizePackageName, type UpgradePolicy } from '../schema.js';
import {
  type Candidate,
  type CandidateSearch,
  findCandidates,
  splitLocal,
  type VersionRules,
} from './candidates.js';
import {
  type Holds,
  parseHolds,
  pinnedPackages,
  type ResolvedGroup,
  resolveGroups,
} from './groups.js';
import { releaseAdmitsPython } from './python-compat.js';
import { isVariantLabel, moveIndex, variantLabel } from './variant.js';

export interface PlanEnvironment {
  python: string;
  cuda: string;
  pytorchIndex?: string;
}

export interface PlanInput {
  requirements: RequirementsFile;
  environment: PlanEnvironment;
  policy: UpgradePolicy;
  /** The indexes the environment installs from now (PyPI and pytorchIndex). */
  index: PackageIndex;
  /**
   * The indexes of another CUDA variant, for a group that moves CUDA: its releases must include
   * the new variant's builds. Default: `index` (fine when it lists every variant).
   */
  indexForVariant?: (environment: PlanEnvironment) => PackageIndex;
  logger: Logger;
}

export interface PackageChange {
  name: string;
  from: string;
  to: string;
  bump: BumpKind;
}

export interface VersionMove {
  from: string;
  to: string;
}

export interface GroupPlan {
  group: string;
  /** In requirements order. */
  changes: PackageChange[];
  python?: VersionMove;
  cuda?: VersionMove & {
    /** environment.pytorchIndex before and after; absent before when it is added. */
    pytorchIndex?: { from?: string; to?: string };
  };
  /** Why the group cannot be resolved together; the changes are then the closest attempt. */
  conflict?: string;
  /** What a reviewer should know: releases skipped and why. */
  notes: string[];
}

export interface UpgradePlan {
  /** The groups with something to do, in policy order, then torch's, then one per package. */
  groups: GroupPlan[];
  /** Groups with nothing to do: up to date, or everything in them held. */
  upToDate: string[];
  /** Packages with a newer release the plan does not propose, and why. */
  held: { name: string; reason: string }[];
}

const COMPANIONS = ['torchvision', 'torchaudio'] as const;

interface Context {
  input: PlanInput;
  pins: Map<string, RequirementEntry>;
  holds: Holds;
  held: UpgradePlan['held'];
}

/**
 * What `mlenv upgrade` proposes: per group, the newest releases the policy allows, with the
 * torch family kept on releases built for each other (read from the index's metadata), the CUDA
 * variant and Python moved when a group asks. Whether the rest resolves together is uv's call.
 */
export async function planUpgrades(input: PlanInput): Promise<UpgradePlan> {
  const { requirements, policy } = input;
  const { pins, unmovable } = pinnedPackages(requirements);
  const ctx: Context = {
    input: { ...input, index: memoize(input.index) },
    pins,
    holds: parseHolds(policy),
    held: [...unmovable],
  };
  const plan: UpgradePlan = { groups: [], upToDate: [], held: ctx.held };
  for (const group of resolveGroups(policy, requirements, pins)) {
    input.logger.debug(
      `upgrade group ${group.name}: ${[...group.packages, ...(group.python ? [`python ${group.python}`] : []), ...(group.cuda ? [`cuda ${group.cuda}`] : [])].join(', ')}`,
    );
    const result = group.python ? await planPython(ctx, group) : await planPackages(ctx, group);
    if (result.changes.length > 0 || result.python || result.cuda || result.conflict) {
      plan.groups.push(result);
    } else {
      for (const note of result.notes) input.logger.debug(`${group.name}: ${note}`);
      plan.upToDate.push(group.name);
    }
  }
  return plan;
}

async function planPython(ctx: Context, group: ResolvedGroup): Promise<GroupPlan> {
  const { environment, index } = ctx.input;
  const to = group.python as string;
  const result: GroupPlan = { group: group.name, changes: [], notes: [...group.notes] };
  if (to === environment.python) return result;
  result.python = { from: environment.python, to };
  // Pins stay where they are in this group, so each must already have files for the new Python.
  const missing: string[] = [];
  for (const [name, entry] of ctx.pins) {
    const pin = entry.pin as string;
    const { current } = findCandidates(
      pin,
      await index.releases(name),
      rulesFor(ctx, name, environment, false),
    );
    const release = current?.release;
    if (!release) {
      result.notes.push(
        `${name} ${pin} is not on the index, so its files for Python ${to} are unchecked`,
      );
      continue;
    }
    const verdict = releaseAdmitsPython(release, to);
    if (!verdict.ok) missing.push(`${name} ${pin} (${verdict.reason})`);
  }
  if (missing.length > 0) {
    result.conflict = `no files for Python ${to}: ${missing.join(', ')}; upgrade ${missing.length === 1 ? 'it' : 'them'} first`;
  }
  return result;
}

async function planPackages(ctx: Context, group: ResolvedGroup): Promise<GroupPlan> {
  const { environment, logger } = ctx.input;
  const result: GroupPlan = { group: group.name, changes: [], notes: [...group.notes] };
  const moveCuda = group.cuda !== undefined && group.cuda !== environment.cuda;
  let target: PlanEnvironment = environment;
  let index = ctx.input.index;
  if (moveCuda) {
    const cuda = group.cuda as string;
    const move = moveIndex(environment.pytorchIndex, cuda);
    result.cuda = { from: environment.cuda, to: cuda };
    if (move.note) result.notes.push(move.note);
    if (move.from !== move.to) result.cuda.pytorchIndex = { from: move.from, to: move.to };
    target = { python: environment.python, cuda, pytorchIndex: move.to };
    index = ctx.input.indexForVariant ? memoize(ctx.input.indexForVariant(target)) : index;
    logger.debug(`${group.name}: CUDA ${environment.cuda} -> ${cuda}, index ${move.to ?? 'PyPI'}`);
  }

  const searches = new Map<string, CandidateSearch>();
  const search = async (name: string): Promise<CandidateSearch> => {
    const cached = searches.get(name);
    if (cached) return cached;
    const found = findCandidates(
      pinOf(ctx, name),
      await index.releases(name),
      rulesFor(ctx, name, target, moveCuda),
    );
    if (ctx.holds.held.has(name)) found.candidates = [];
    searches.set(name, found);
    return found;
  };

  const chosen = new Map<string, Candidate>();
  const unchecked: string[] = [];
  const family = group.packages.includes('torch');
  for (const name of group.packages) {
    if (family && (name === 'torch' || (COMPANIONS as readonly string[]).includes(name))) continue;
    if (!tryParseVersion(splitLocal(pinOf(ctx, name)).public)) {
      unchecked.push(name);
      continue;
    }
    const found = await search(name);
    noteSkips(ctx, result, name, found);
    const best = found.candidates[0];
    if (best) chosen.set(name, best);
  }
  if (unchecked.length > 0) {
    result.notes.push(`not PEP 440 versions, left as they are: ${unchecked.join(', ')}`);
  }
  if (family) {
    const members = ['torch', ...COMPANIONS].filter((n) => group.packages.includes(n));
    const odd = members.filter((n) => !tryParseVersion(splitLocal(pinOf(ctx, n)).public));
    if (odd.length > 0) {
      result.notes.push(
        `not PEP 440 versions, so the torch family stays as it is: ${odd.join(', ')}`,
      );
    } else {
      await planTorchFamily(ctx, group, result, search, index, chosen);
    }
  }

  for (const name of group.packages) {
    const candidate = chosen.get(name);
    const from = pinOf(ctx, name);
    if (!candidate || compareVersions(candidate.version, from) === 0) continue;
    result.changes.push({
      name: ctx.pins.get(name)?.rawName ?? name,
      from,
      to: candidate.version,
      bump: bumpKind(splitLocal(from).public, candidate.public),
    });
  }
  return result;
}

/**
 * torch and its companions (torchvision, torchaudio) move to releases built for each other: for
 * each allowed torch release, newest first, every companion needs a release whose Requires-Dist
 * admits it. The first torch release they all have wins; none is a conflict.
 */
async function planTorchFamily(
  ctx: Context,
  group: ResolvedGroup,
  result: GroupPlan,
  search: (name: string) => Promise<CandidateSearch>,
  index: PackageIndex,
  chosen: Map<string, Candidate>,
): Promise<void> {
  const { environment } = ctx.input;
  const companions = COMPANIONS.filter((c) => group.packages.includes(c));
  const torch = await search('torch');
  noteSkips(ctx, result, 'torch', torch);
  const companionSearches = new Map<string, CandidateSearch>();
  for (const c of companions) {
    const found = await search(c);
    noteSkips(ctx, result, c, found);
    companionSearches.set(c, found);
  }

  // Newest companion release built for torch `t` (the pin itself counts), if any.
  const companionFor = async (name: string, t: Candidate): Promise<Candidate | undefined> => {
    const found = companionSearches.get(name) as CandidateSearch;
    const options = [...found.candidates, ...(found.current ? [found.current] : [])];
    for (const option of options) {
      if (await admitsTorch(index, name, option, t, environment.python)) return option;
    }
    return undefined;
  };
  const tryTorch = async (
    t: Candidate,
  ): Promise<{ picks: Map<string, Candidate>; missing: string[] }> => {
    const picks = new Map<string, Candidate>();
    const missing: string[] = [];
    for (const c of companions) {
      const pick = await companionFor(c, t);
      if (pick) picks.set(c, pick);
      else missing.push(c);
    }
    return { picks, missing };
  };

  if (torch.candidates.length === 0) {
    // torch stays (held or newest); with CUDA moving, its build for the new variant must exist.
    if (!torch.current) {
      if (result.cuda) {
        result.conflict = `torch ${pinOf(ctx, 'torch')} has no ${variantLabel(result.cuda.to)} build on the index, and no newer release the policy allows has one`;
      } else {
        result.notes.push(
          `torch ${pinOf(ctx, 'torch')} is not on the index; the torch family stays as it is`,
        );
      }
      return;
    }
    chosen.set('torch', torch.current);
    const { picks, missing } = await tryTorch(torch.current);
    for (const [c, pick] of picks) chosen.set(c, pick);
    if (missing.length > 0) {
      result.conflict = `${missing.join(' and ')} ${missing.length === 1 ? 'has' : 'have'} no release for torch ${torch.current.version}${result.cuda ? ` (CUDA ${result.cuda.to})` : ''}`;
    }
    return;
  }

  const failures = new Map<string, string[]>();
  for (const t of torch.candidates) {
    const { picks, missing } = await tryTorch(t);
    if (missing.length === 0) {
      chosen.set('torch', t);
      for (const [c, pick] of picks) chosen.set(c, pick);
      const newest = torch.candidates[0] as Candidate;
      if (t !== newest) {
        const waiting = [...new Set([...failures.values()].flat())];
        result.notes.push(
          `torch ${newest.version} is out, but ${waiting.join(' and ')} ${waiting.length === 1 ? 'has' : 'have'} no release for it yet: proposing torch ${t.version}`,
        );
      }
      return;
    }
    failures.set(t.version, missing);
  }

  // No allowed torch release has all its companions: show the newest attempt, marked conflicting.
  const newest = torch.candidates[0] as Candidate;
  chosen.set('torch', newest);
  const { picks } = await tryTorch(newest);
  for (const [c, pick] of picks) chosen.set(c, pick);
  const reasons = companions
    .map((c) => {
      const versions = [...failures].filter(([, missing]) => missing.includes(c)).map(([v]) => v);
      return versions.length > 0 ? `${c} has no release for torch ${orList(versions)}` : '';
    })
    .filter(Boolean);
  result.conflict = `${reasons.join('; ')}${result.cuda ? ` (CUDA ${result.cuda.to})` : ''}`;
}

/**
 * Whether a companion release's Requires-Dist admits the torch release (no torch line: any). A
 * torch line that cannot be read counts against: a wrong pairing breaks at import, on the GPU.
 */
async function admitsTorch(
  index: PackageIndex,
  name: string,
  companion: Candidate,
  torch: Candidate,
  python: string,
): Promise<boolean> {
  const lines = await index.requiresDist(name, companion.indexVersion);
  const environment = linuxMarkerEnvironment(python);
  for (const line of lines) {
    const requirement = readRequiresDist(line);
    if (requirement === undefined) {
      if (/^\s*torch\b(?![-_.\w])/i.test(line)) return false;
      continue;
    }
    if (requirement.name !== 'torch') continue;
    if (requirement.marker && !markerHolds(requirement.marker, environment)) continue;
    // The full version: ==2.5.1 admits 2.5.1+cu128, ==2.5.1+cu124 does not.
    if (!satisfies(torch.version, requirement.specifier, { prereleases: true })) return false;
  }
  return true;
}

/** Requires-Dist in the wild is looser than PEP 508 (`torch (==2.6.0)`): either reader will do. */
function readRequiresDist(
  line: string,
): { name: string; specifier: string; marker?: string } | undefined {
  try {
    return parseRequirement(line);
  } catch {
    const parsed = parseRequirementLine(line);
    return typeof parsed === 'object'
      ? { ...parsed, name: normalizePackageName(parsed.rawName) }
      : undefined;
  }
}

/** `extra == "scipy"` lines are optional; a marker we cannot evaluate is taken to apply. */
function markerHolds(
  marker: string,
  environment: ReturnType<typeof linuxMarkerEnvironment>,
): boolean {
  try {
    return evaluateMarker(marker, environment);
  } catch {
    return true;
  }
}

function rulesFor(
  ctx: Context,
  name: string,
  target: PlanEnvironment,
  moveCuda: boolean,
): VersionRules {
  const { local } = splitLocal(pinOf(ctx, name));
  const label =
    local !== undefined && moveCuda && isVariantLabel(local) ? variantLabel(target.cuda) : local;
  const rules: VersionRules = {
    allow: ctx.input.policy.allow,
    caps: ctx.holds.caps.get(name) ?? [],
    python: target.python,
  };
  if (label !== undefined) rules.label = label;
  else rules.variantLabel = variantLabel(target.cuda);
  return rules;
}

function noteSkips(ctx: Context, result: GroupPlan, name: string, found: CandidateSearch): void {
  if (ctx.holds.held.has(name)) {
    addHeld(ctx, name, 'held by upgrade.hold');
    return;
  }
  if (found.blocked) addHeld(ctx, name, found.blocked.reason);
  for (const skip of found.pythonSkips) {
    const note = `${name} ${skip.version} skipped: ${skip.reason}`;
    if (!result.notes.includes(note)) result.notes.push(note);
  }
}

function addHeld(ctx: Context, name: string, reason: string): void {
  if (!ctx.held.some((h) => h.name === name)) ctx.held.push({ name, reason });
}

function pinOf(ctx: Context, name: string): string {
  return ctx.pins.get(name)?.pin as string;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** One request per package and release however many groups ask. */
function memoize(index: PackageIndex): PackageIndex {
  const releases = new Map<string, Promise<Release[]>>();
  const requires = new Map<string, Promise<string[]>>();
  return {
    releases(name) {
      let found = releases.get(name);
      if (!found) {
        found = index.releases(name);
        releases.set(name, found);
      }
      return found;
    },
    requiresDist(name, version) {
      const key = `${name}==${version}`;
      let found = requires.get(key);
      if (!found) {
        found = index.requiresDist(name, version);
        requires.set(key, found);
      }
      return found;
    },
  };
}
