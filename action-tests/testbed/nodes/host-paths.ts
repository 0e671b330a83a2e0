import fs from 'node:fs';
import path from 'node:path';
import { stateDir } from '../paths.js';
import { pidsWithArgs, unmountUnder } from './host.js';

// Host folders that the kubelet, containerd, CNI and `ip netns` write outside the nodes' own
// folders (their paths are compiled in). `down` removes one only if it did not exist before the
// bed first started a node, which is recorded here, in the state dir, so it holds across a
// SIGKILLed bed.
export const sharedHostPaths = {
  /** kubelet: device-plugins/kubelet.sock (devicemanager's fixed path). */
  kubeletLib: '/var/lib/kubelet',
  /** kubelet: symlinks to every container's log. */
  containerLogs: '/var/log/containers',
  /** kubelet and kube-controller-manager: the flex volume plugin folder. */
  libexec: '/usr/libexec/kubernetes',
  /** libcni's result cache. */
  cniCache: '/var/lib/cni',
  /** containerd's shims: their sockets in s/. */
  containerdRun: '/run/containerd',
  /** `ip netns`: the node namespaces and containerd's pod namespaces (cni-*). */
  netns: '/run/netns',
} as const;

function recordFile(): string {
  return path.join(stateDir(), 'nodes', 'created-host-paths.json');
}

function readRecord(): string[] {
  try {
    return JSON.parse(fs.readFileSync(recordFile(), 'utf8')) as string[];
  } catch {
    return [];
  }
}

/** Records which of `paths` do not exist yet; call before whatever would create them. */
export function rememberHostPaths(paths: readonly string[]): void {
  const created = new Set(readRecord());
  for (const p of paths) if (!fs.existsSync(p)) created.add(p);
  fs.mkdirSync(path.dirname(recordFile()), { recursive: true });
  fs.writeFileSync(recordFile(), `${JSON.stringify([...created].sort(), null, 2)}\n`);
}

/**
 * Removes the recorded folders, once every real node of this bed is gone. Folders that another
 * user still needs stay: /run/netns while it holds any namespace, /run/containerd while any
 * containerd runs.
 */
export async function removeCreatedHostPaths(): Promise<string[]> {
  const removed: string[] = [];
  const keep: string[] = [];
  for (const p of readRecord()) {
    if (!fs.existsSync(p)) continue;
    if (p === sharedHostPaths.netns && fs.readdirSync(p).length > 0) {
      keep.push(p);
      continue;
    }
    if (p === sharedHostPaths.containerdRun && pidsWithArgs([]).some(isContainerd)) {
      keep.push(p);
      continue;
    }
    // `ip netns add` makes /run/netns a mount of its own.
    await unmountUnder([p]);
    try {
      fs.rmSync(p, { recursive: true, force: true });
      removed.push(p);
    } catch (error) {
      // A process still running writes there as it goes (kube-controller-manager's flex volume
      // prober recreates kubelet-plugins/volume/exec): `down` tries again once every daemon stopped.
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY') throw error;
      keep.push(p);
    }
  }
  if (keep.length > 0) {
    fs.writeFileSync(recordFile(), `${JSON.stringify(keep, null, 2)}\n`);
  } else {
    fs.rmSync(recordFile(), { force: true });
  }
  return removed;
}

function isContainerd(pid: number): boolean {
  try {
    const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return path.basename(argv0).startsWith('containerd');
  } catch {
    return false;
  }
}
