import fs from 'node:fs';
import path from 'node:path';
import { sleep } from '../daemon.js';
import { capture } from '../exec.js';

// What a real node leaves on the host outside its processes: cgroups, mounts and stray
// processes (containerd's shims and the containers under them outlive containerd by design).
// These helpers find them by the node's own names and paths, so a reset after a SIGKILL touches
// nothing of another node or another bed.

/** Mount points from /proc/self/mountinfo, with the kernel's octal escapes (`\040`) undone. */
export function parseMountPoints(mountinfo: string): string[] {
  return mountinfo
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) =>
      (line.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_, oct: string) =>
        String.fromCharCode(Number.parseInt(oct, 8)),
      ),
    );
}

/**
 * The cgroup hierarchies' mount points: every v1 hierarchy, and the hybrid layout's cgroup2
 * mount (`/sys/fs/cgroup/unified`), where runc's cgroupfs manager makes the kubelet's cgroups too.
 */
export function parseCgroupMounts(mountinfo: string): { v1: string[]; v2: string[] } {
  const points = parseMountPoints(mountinfo);
  const v1: string[] = [];
  const v2: string[] = [];
  mountinfo
    .split('\n')
    .filter((line) => line.trim() !== '')
    .forEach((line, i) => {
      // Optional fields end at " - "; the file system type follows.
      const fstype = line.split(' - ')[1]?.split(' ')[0];
      if (fstype === 'cgroup') v1.push(points[i] as string);
      if (fstype === 'cgroup2') v2.push(points[i] as string);
    });
  return { v1, v2 };
}

function cgroupMounts(): { v1: string[]; v2: string[] } {
  return parseCgroupMounts(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
}

function allCgroupMounts(): string[] {
  const { v1, v2 } = cgroupMounts();
  return [...v1, ...v2];
}

function under(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(`${root}/`);
}

/** Mount points at or below any of `roots`, deepest first (the order to unmount them in). */
export function mountsUnder(mountPoints: string[], roots: string[]): string[] {
  const clean = roots.map((r) => path.resolve(r));
  return [...new Set(mountPoints.filter((m) => clean.some((r) => under(m, r))))].sort(
    (a, b) => b.split('/').length - a.split('/').length || b.length - a.length,
  );
}

/**
 * Unmounts everything at or below `roots` (overlay rootfs of containers, sandbox shm, pod volume
 * tmpfs). A mount still busy is detached lazily, so the directory can go; a mount that cannot be
 * removed at all is an error naming it.
 */
export async function unmountUnder(roots: string[]): Promise<string[]> {
  const done: string[] = [];
  // A lazy unmount of a parent can make children disappear; re-read until nothing is left.
  for (let pass = 0; pass < 5; pass++) {
    const points = mountsUnder(
      parseMountPoints(fs.readFileSync('/proc/self/mountinfo', 'utf8')),
      roots,
    );
    if (points.length === 0) return done;
    for (const point of points) {
      if ((await capture('umount', [point])).code === 0) {
        done.push(point);
        continue;
      }
      const lazy = await capture('umount', ['-l', point]);
      if (lazy.code === 0) done.push(point);
      else if (!lazy.stderr.includes('not mounted') && !lazy.stderr.includes('no mount point')) {
        throw new Error(`could not unmount ${point}: ${lazy.output.trim()}`);
      }
    }
  }
  const left = mountsUnder(
    parseMountPoints(fs.readFileSync('/proc/self/mountinfo', 'utf8')),
    roots,
  );
  if (left.length > 0) throw new Error(`mounts left after unmounting: ${left.join(', ')}`);
  return done;
}

/** Every directory of the cgroup `name` and below it, in one v1 hierarchy, deepest first. */
function cgroupDirs(hierarchy: string, name: string): string[] {
  const top = path.join(hierarchy, name);
  if (!fs.existsSync(top)) return [];
  const dirs: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
    }
    dirs.push(dir);
  };
  walk(top);
  return dirs;
}

/**
 * A cgroup of the node's own in every v1 hierarchy (the kubelet's cgroupRoot), so two kubelets on
 * one machine never touch each other's pod cgroups. cpuset needs cpus and mems before any task
 * can join, and a new v1 cpuset starts with neither: they are copied from the parent.
 */
export function ensureCgroup(name: string): void {
  for (const hierarchy of cgroupMounts().v1) {
    const dir = path.join(hierarchy, name);
    fs.mkdirSync(dir, { recursive: true });
    if (fs.existsSync(path.join(dir, 'cpuset.cpus'))) {
      for (const file of ['cpuset.cpus', 'cpuset.mems']) {
        const current = fs.readFileSync(path.join(dir, file), 'utf8').trim();
        if (current === '') {
          const parent = fs.readFileSync(path.join(path.dirname(dir), file), 'utf8').trim();
          fs.writeFileSync(path.join(dir, file), parent);
        }
      }
    }
  }
}

/** Pids of every process in the cgroup `name` or below it, in any hierarchy. */
export function cgroupPids(name: string): number[] {
  const pids = new Set<number>();
  for (const hierarchy of allCgroupMounts()) {
    for (const dir of cgroupDirs(hierarchy, name)) {
      try {
        for (const line of fs.readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n')) {
          const pid = Number(line);
          if (Number.isInteger(pid) && pid > 0) pids.add(pid);
        }
      } catch {
        // Removed meanwhile.
      }
    }
  }
  return [...pids];
}

/** Pids whose command line holds every one of `parts` as a whole argument. */
export function pidsWithArgs(parts: string[]): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (parts.every((p) => argv.includes(p))) found.push(pid);
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers signal 0; it is dead for our purposes.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** SIGKILLs the processes `find` returns until it returns none alive (within `timeoutMs`). */
export async function killAll(
  what: string,
  find: () => number[],
  timeoutMs = 20_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const killed = new Set<number>();
  for (;;) {
    const pids = find().filter(alive);
    if (pids.length === 0) return killed.size;
    if (Date.now() > deadline) {
      throw new Error(`${what}: processes still alive after SIGKILL: ${pids.join(' ')}`);
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.add(pid);
      } catch {
        // Gone already.
      }
    }
    await sleep(100);
  }
}

/** Removes the cgroup `name` and everything below it from every hierarchy (no tasks left). */
export async function removeCgroup(name: string): Promise<void> {
  for (const hierarchy of allCgroupMounts()) {
    for (const dir of cgroupDirs(hierarchy, name)) {
      // rmdir fails with EBUSY for a moment after the last task died.
      for (let attempt = 0; ; attempt++) {
        try {
          fs.rmdirSync(dir);
          break;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') break;
          if (code !== 'EBUSY' || attempt >= 50) {
            throw new Error(`could not remove cgroup ${dir}: ${String(err)}`);
          }
          await sleep(100);
        }
      }
    }
  }
}
