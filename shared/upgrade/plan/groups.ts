import type { RequirementEntry, RequirementsFile } from '../apply/requirements.js';
import {
  normalizePackageName,
  PYTORCH_GROUP,
  parseHold,
  TORCH_FAMILY,
  type UpgradePolicy,
} from '../schema.js';

/** A group as the plan works on it: the policy's, or one implied by the requirements. */
export interface ResolvedGroup {
  name: string;
  /** Normalized names of the group's pinned packages, in requirements order. */
  packages: string[];
  python?: string;
  cuda?: string;
  notes: string[];
}

export interface PinnedPackages {
  /** The one `name==version` line of each package that has exactly one. */
  pins: Map<string, RequirementEntry>;
  /** Packages the plan cannot move, and why. */
  unmovable: { name: string; reason: string }[];
}

export function pinnedPackages(requirements: RequirementsFile): PinnedPackages {
  const byName = new Map<string, RequirementEntry[]>();
  for (const entry of requirements.entries) {
    byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
  }
  const pins = new Map<string, RequirementEntry>();
  const unmovable: PinnedPackages['unmovable'] = [];
  for (const [name, entries] of byName) {
    const [entry] = entries;
    if (entries.length > 1) {
      // One line per platform or Python (markers): which pin should move is the user's call.
      if (entries.some((e) => e.pin)) {
        unmovable.push({
          name,
          reason: `written on ${entries.length} lines of ${requirements.file} (${entries.map((e) => e.line).join(', ')}): upgrade it by hand`,
        });
      }
    } else if (entry?.pin) {
      pins.set(name, entry);
    }
  }
  return { pins, unmovable };
}

export interface Holds {
  /** Packages held where they are. */
  held: Set<string>;
  /** Specifier sets capping packages. */
  caps: Map<string, string[]>;
}

export function parseHolds(policy: UpgradePolicy): Holds {
  const holds: Holds = { held: new Set(), caps: new Map() };
  for (const entry of policy.hold) {
    const hold = parseHold(entry);
    if (!hold) continue; // the schema rejected it already
    if (hold.specifier === undefined) holds.held.add(hold.name);
    else holds.caps.set(hold.name, [...(holds.caps.get(hold.name) ?? []), hold.specifier]);
  }
  return holds;
}

/**
 * The policy's groups, then the torch family's implied group, then one group per other pinned
 * package. The torch family joins the group that lists torch, else the one that moves CUDA (the
 * CUDA variant is a build of torch), else the one named "pytorch".
 */
export function resolveGroups(
  policy: UpgradePolicy,
  requirements: RequirementsFile,
  pins: ReadonlyMap<string, RequirementEntry>,
): ResolvedGroup[] {
  const order = [...pins.keys()];
  const byRequirementsOrder = (names: Iterable<string>): string[] =>
    [...new Set(names)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const placed = new Set<string>();
  const groups: ResolvedGroup[] = policy.groups.map((group) => {
    const listed = group.packages.map(normalizePackageName);
    const notes: string[] = [];
    for (const name of listed) {
      if (pins.has(name)) continue;
      const entry = requirements.entries.find((e) => e.name === name);
      notes.push(
        entry
          ? `${name} is not pinned with == in ${requirements.file}, so the resolver chooses its version`
          : `${name} is not in ${requirements.file}`,
      );
    }
    const members = listed.filter((n) => pins.has(n));
    for (const name of members) placed.add(name);
    const resolved: ResolvedGroup = { name: group.name, packages: members, notes };
    if (group.python) resolved.python = group.python;
    if (group.cuda) resolved.cuda = group.cuda;
    return resolved;
  });

  const family = TORCH_FAMILY.filter((name) => pins.has(name) && !placed.has(name));
  if (family.length > 0) {
    const home =
      groups.find((g) => g.packages.some((n) => (TORCH_FAMILY as readonly string[]).includes(n))) ??
      groups.find((g) => g.cuda !== undefined) ??
      groups.find((g) => g.name === PYTORCH_GROUP && g.python === undefined);
    if (home) home.packages = byRequirementsOrder([...home.packages, ...family]);
    else groups.push({ name: PYTORCH_GROUP, packages: family, notes: [] });
    for (const name of family) placed.add(name);
  }

  const taken = new Set(groups.map((g) => g.name));
  for (const name of order) {
    if (placed.has(name)) continue;
    // Package names may hold capitals and "_"; normalized ones are branch-safe group names.
    const groupName = taken.has(name) ? `${name}-package` : name;
    taken.add(groupName);
    groups.push({ name: groupName, packages: [name], notes: [] });
  }
  for (const group of groups) group.packages = byRequirementsOrder(group.packages);
  return groups;
}
