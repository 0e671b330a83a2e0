import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { networkPlan } from './network/plan.js';
import { type BedRoots, pruneStaleBeds, recordThisBed } from './stale-beds.js';

// Real folders under a scratch HOME (the caches) and scratch checkouts (the state dirs).
let scratch: string;
let roots: BedRoots;
const savedStateDir = process.env.MLENV_TESTBED_DIR;

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mlenv-stale-beds-'));
  roots = { cache: path.join(scratch, 'cache'), nodes: path.join(scratch, 'var-lib') };
  process.env.MLENV_TESTBED_DIR = path.join(scratch, 'checkouts/own/.state');
  fs.mkdirSync(process.env.MLENV_TESTBED_DIR, { recursive: true });
});

afterEach(() => {
  if (savedStateDir === undefined) delete process.env.MLENV_TESTBED_DIR;
  else process.env.MLENV_TESTBED_DIR = savedStateDir;
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Caches of a bed id as `up` leaves them: two node stores, a registry, the nodes' folder. */
function caches(id: string): string[] {
  const dirs = [
    path.join(roots.cache, 'nodes', `${id}-real-node-0`, 'containerd'),
    path.join(roots.cache, 'nodes', `${id}-real-node-1`, 'containerd'),
    path.join(roots.cache, 'registry', id, 'docker'),
    path.join(roots.nodes, id, 'real-node-0'),
  ];
  for (const dir of dirs) fs.mkdirSync(dir, { recursive: true });
  return dirs.map((dir) => path.dirname(dir));
}

function record(id: string, state: string): void {
  fs.mkdirSync(path.join(roots.cache, 'beds'), { recursive: true });
  fs.writeFileSync(
    path.join(roots.cache, 'beds', `${id}.json`),
    JSON.stringify({ id, stateDir: state, upAt: new Date().toISOString() }),
  );
}

function age(dirs: string[], days: number): void {
  const when = new Date(Date.now() - days * 24 * 3600 * 1000);
  for (const dir of dirs) fs.utimesSync(dir, when, when);
}

it('removes the caches of a bed whose checkout is gone, and its record', () => {
  const gone = caches('a1a1a1');
  record('a1a1a1', path.join(scratch, 'checkouts/deleted/action-tests/testbed/.state'));
  expect(pruneStaleBeds(roots)).toEqual(
    gone.map((dir) => `removed ${dir} (bed a1a1a1: checkout-gone)`),
  );
  for (const dir of gone) expect(fs.existsSync(dir)).toBe(false);
  expect(fs.existsSync(path.join(roots.cache, 'beds', 'a1a1a1.json'))).toBe(false);
});

it('keeps a bed whose checkout is there, even before its up made the state dir', () => {
  const live = caches('b2b2b2');
  const checkout = path.join(scratch, 'checkouts/recloned/action-tests/testbed');
  fs.mkdirSync(checkout, { recursive: true });
  record('b2b2b2', path.join(checkout, '.state'));
  age(live, 30);
  expect(pruneStaleBeds(roots)).toEqual([]);
  for (const dir of live) expect(fs.existsSync(dir)).toBe(true);
});

it('removes unrecorded caches only once they are old', () => {
  const old = caches('c3c3c3');
  age(old, 4);
  const fresh = caches('d4d4d4');
  expect(pruneStaleBeds(roots)).toEqual(
    old.map((dir) => `removed ${dir} (bed c3c3c3: unrecorded-and-old)`),
  );
  for (const dir of fresh) expect(fs.existsSync(dir)).toBe(true);
});

it("never touches this bed's own caches, and records where it lives", () => {
  const { id } = networkPlan();
  const own = caches(id);
  age(own, 30);
  recordThisBed(roots);
  expect(pruneStaleBeds(roots)).toEqual([]);
  for (const dir of own) expect(fs.existsSync(dir)).toBe(true);
  const written = JSON.parse(fs.readFileSync(path.join(roots.cache, 'beds', `${id}.json`), 'utf8'));
  expect(written.stateDir).toBe(process.env.MLENV_TESTBED_DIR);
});

it('keeps a stale bed while one of its processes still runs', async () => {
  const busy = caches('e5e5e5');
  record('e5e5e5', path.join(scratch, 'checkouts/deleted/action-tests/testbed/.state'));
  // What a node's containerd has on its command line: the bed's node folder.
  // Node keeps its argv as it was exec'd (a shell may exec its last command, dropping the path).
  const child = spawn(
    process.execPath,
    ['-e', 'setTimeout(() => {}, 30_000)', '/var/lib/mlenv-testbed/e5e5e5/real-node-0'],
    { stdio: 'ignore' },
  );
  await new Promise((resolve) => child.once('spawn', resolve));
  try {
    expect(pruneStaleBeds(roots)).toEqual([]);
    for (const dir of busy) expect(fs.existsSync(dir)).toBe(true);
  } finally {
    child.kill('SIGKILL');
  }
});

it('never removes through a mount a killed bed left behind', () => {
  const [, , , nodeDir] = caches('f6f6f6');
  record('f6f6f6', path.join(scratch, 'checkouts/deleted/action-tests/testbed/.state'));
  const mount = path.join(nodeDir as string, 'real-node-0');
  execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', mount]);
  try {
    fs.writeFileSync(path.join(mount, 'volume-data'), 'keep');
    const lines = pruneStaleBeds(roots);
    expect(lines).toContain(`kept ${nodeDir} (bed f6f6f6): 1 mounts under it, e.g. ${mount}`);
    expect(lines.filter((line) => line.startsWith('removed'))).toHaveLength(3);
    expect(fs.readFileSync(path.join(mount, 'volume-data'), 'utf8')).toBe('keep');
    // The record stays, so the next `up` tries again once the mount is gone.
    expect(fs.existsSync(path.join(roots.cache, 'beds', 'f6f6f6.json'))).toBe(true);
  } finally {
    execFileSync('umount', [mount]);
  }
});
