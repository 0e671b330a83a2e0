import path from 'node:path';
import type { NetworkPlan, NodePlan } from '../network/plan.js';
import { cacheDir } from '../paths.js';

/** Where one real node keeps its files, and the names of what it makes on the host. */
export interface NodeLayout {
  node: NodePlan;
  /** `<nodes root>/<name>`: everything of the node that `down --purge` may delete. */
  dir: string;
  /**
   * containerd's root (content store, snapshots, metadata) in the cache, per bed and node, so
   * pulled and imported images survive `down` and a purged state dir.
   */
  containerdRoot: string;
  containerdState: string;
  containerdConfig: string;
  socket: string;
  /** containerd's registry host configuration (`config_path`), one folder per registry. */
  registryHosts: string;
  /** runc's state, per node rather than the shared /run/containerd/runc. */
  runcRoot: string;
  cniConfDir: string;
  /** host-local IPAM reservations, per node rather than the shared /var/lib/cni/networks. */
  cniDataDir: string;
  kubeletRoot: string;
  kubeletConfig: string;
  kubeletKubeconfig: string;
  podLogsDir: string;
  /** The kubelet's cgroupRoot: a cgroup of this node's own in every v1 hierarchy. */
  cgroupRoot: string;
  containerdDaemon: string;
  kubeletDaemon: string;
}

// A unix socket path longer than this does not fit in sockaddr_un (108 bytes with the NUL);
// kubelet and the shims put longer paths below these folders, so a margin is kept.
const maxSocketPath = 90;

/**
 * The real nodes' folders hold unix sockets (containerd's, the kubelet's device-plugin and
 * pod-resources sockets), so they live under a short root of their own rather than in the state
 * dir, whose path is the checkout's and can be of any length (CI's is longer than a laptop's).
 * One folder per bed, named by the bed's id, so side-by-side beds never share one.
 */
export function nodesRoot(plan: NetworkPlan): string {
  return path.join('/var/lib/mlenv-testbed', plan.id);
}

export function nodeLayout(plan: NetworkPlan, node: NodePlan): NodeLayout {
  const dir = path.join(nodesRoot(plan), node.name);
  const containerd = path.join(dir, 'containerd');
  const socket = path.join(containerd, 'containerd.sock');
  if (socket.length + '.ttrpc'.length > maxSocketPath) {
    throw new Error(
      `real node ${node.name}: the containerd socket path ${socket} is ${socket.length} ` +
        `characters; unix socket paths must stay under ${maxSocketPath - '.ttrpc'.length}. ` +
        'The nodes root is fixed; this is a bug in the test bed.',
    );
  }
  return {
    node,
    dir,
    containerdRoot: path.join(cacheDir(), 'nodes', `${plan.id}-${node.name}`, 'containerd'),
    containerdState: path.join(containerd, 'state'),
    containerdConfig: path.join(containerd, 'config.toml'),
    socket,
    registryHosts: path.join(containerd, 'certs.d'),
    runcRoot: path.join(containerd, 'runc'),
    cniConfDir: path.join(dir, 'cni', 'net.d'),
    cniDataDir: path.join(dir, 'cni', 'ipam'),
    kubeletRoot: path.join(dir, 'kubelet'),
    kubeletConfig: path.join(dir, 'kubelet-config.yaml'),
    kubeletKubeconfig: path.join(dir, 'kubelet.kubeconfig'),
    podLogsDir: path.join(dir, 'pod-logs'),
    cgroupRoot: `/${node.netns}`,
    containerdDaemon: `containerd-${node.name}`,
    kubeletDaemon: `kubelet-${node.name}`,
  };
}
