import fs from 'node:fs';
import path from 'node:path';
import { networkPlan } from './network/plan.js';
import { cacheDir, stateDir } from './paths.js';

// Each bed keeps per-bed caches outside its state dir (its nodes' containerd image stores and its
// registry's storage: about 10 GB each once the template's image is in), so that a `down` or a
// wiped state costs no new pulls. A checkout that is deleted (a CI clone) leaves them behind, and
// two or three of them fill a disk. `up` records which state dir each bed id belongs to, and
// removes the caches of beds whose checkout is gone and that no process uses.

/** Where a bed of this machine lives, written by its `up`. */
interface BedRecord {
  id: string;
  stateDir: string;
  upAt: string;
}

// Caches of no record: written before records existed. Removed once untouched this long.
const UNRECORDED_MAX_AGE_MS = 3 * 24 * 3600 * 1000;

/** Where the beds of this machine keep what outlives them; tests point it at scratch folders. */
export interface BedRoots {
  /** ~/.cache/mlenv-testbed */
  cache: string;
  /** /var/lib/mlenv-testbed: the nodes' working folders. */
  nodes: string;
}

function defaultRoots(): BedRoots {
  return { cache: cacheDir(), nodes: '/var/lib/mlenv-testbed' };
}

function recordsDir(roots: BedRoots): string {
  return path.join(roots.cache, 'beds');
}

export function recordThisBed(roots: BedRoots = defaultRoots()): void {
  const { id } = networkPlan();
  fs.mkdirSync(recordsDir(roots), { recursive: true });
  const record: BedRecord = { id, stateDir: stateDir(), upAt: new Date().toISOString() };
  fs.writeFileSync(
    path.join(recordsDir(roots), `${id}.json`),
    `${JSON.stringify(record, null, 2)}\n`,
  );
}

function readRecord(roots: BedRoots, id: string): BedRecord | undefined {
  try {
    const file = path.join(recordsDir(roots), `${id}.json`);
    return JSON.parse(fs.readFileSync(file, 'utf8')) as BedRecord;
  } catch {
    return undefined;
  }
}

/** The folders a bed id owns outside its state dir. */
function cachesOf(roots: BedRoots, id: string): string[] {
  const nodes = path.join(roots.cache, 'nodes');
  const nodeCaches = fs.existsSync(nodes)
    ? fs
        .readdirSync(nodes)
        .filter((name) => name.startsWith(`${id}-`))
        .sort()
        .map((name) => path.join(nodes, name))
    : [];
  return [...nodeCaches, path.join(roots.cache, 'registry', id), path.join(roots.nodes, id)].filter(
    (dir) => fs.existsSync(dir),
  );
}

function knownIds(roots: BedRoots): string[] {
  const ids = new Set<string>();
  const nodes = path.join(roots.cache, 'nodes');
  if (fs.existsSync(nodes))
    for (const name of fs.readdirSync(nodes)) ids.add(name.split('-')[0] as string);
  for (const dir of [path.join(roots.cache, 'registry'), roots.nodes, recordsDir(roots)])
    if (fs.existsSync(dir))
      for (const name of fs.readdirSync(dir)) ids.add(name.replace(/\.json$/, ''));
  return [...ids].filter((id) => /^[0-9a-f]{6}$/.test(id));
}

/** A process of that bed still runs: its containerds and registry name its folders. */
function inUse(id: string): boolean {
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes(`mlenv-testbed/${id}/`) || cmdline.includes(`mlenv-${id}-`)) return true;
    } catch {
      // Gone meanwhile.
    }
  }
  return false;
}

function newestChange(dirs: string[]): number {
  return Math.max(0, ...dirs.map((dir) => fs.statSync(dir).mtimeMs));
}

type StaleReason = 'checkout-gone' | 'unrecorded-and-old';

/** Beds of this machine other than this one whose caches can go, and why. */
function staleBeds(roots: BedRoots): { id: string; reason: StaleReason; dirs: string[] }[] {
  const own = networkPlan().id;
  const now = Date.now();
  const stale: { id: string; reason: StaleReason; dirs: string[] }[] = [];
  for (const id of knownIds(roots)) {
    if (id === own) continue;
    const dirs = cachesOf(roots, id);
    const record = readRecord(roots, id);
    let reason: StaleReason | undefined;
    // The state dir's parent too: a CI clone is deleted, then cloned again at the same path
    // before its `up` makes the state dir.
    if (record && !fs.existsSync(record.stateDir) && !fs.existsSync(path.dirname(record.stateDir)))
      reason = 'checkout-gone';
    else if (!record && dirs.length > 0 && now - newestChange(dirs) > UNRECORDED_MAX_AGE_MS)
      reason = 'unrecorded-and-old';
    if (reason && !inUse(id)) stale.push({ id, reason, dirs });
  }
  return stale;
}

/** Mount points at or under dir: a bed killed mid-run can leave its pods' mounts behind. */
function mountsUnder(dir: string): string[] {
  const mounts = fs.readFileSync('/proc/self/mounts', 'utf8').split('\n');
  return mounts
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
}

/** Removes the caches of stale beds; says what it removed, and what it left and why. */
export function pruneStaleBeds(roots: BedRoots = defaultRoots()): string[] {
  const lines: string[] = [];
  for (const bed of staleBeds(roots)) {
    let left = false;
    for (const dir of bed.dirs) {
      const mounts = mountsUnder(dir);
      if (mounts.length > 0) {
        // Removing through a mount would delete what is mounted there.
        lines.push(
          `kept ${dir} (bed ${bed.id}): ${mounts.length} mounts under it, e.g. ${mounts[0]}`,
        );
        left = true;
        continue;
      }
      fs.rmSync(dir, { recursive: true, force: true });
      lines.push(`removed ${dir} (bed ${bed.id}: ${bed.reason})`);
    }
    if (!left) fs.rmSync(path.join(recordsDir(roots), `${bed.id}.json`), { force: true });
  }
  return lines;
}
