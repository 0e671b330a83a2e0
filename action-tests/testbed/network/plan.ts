import { createHash } from 'node:crypto';
import { stateDir } from '../paths.js';

// Every address of the real cluster lives on a bridge and in network namespaces the bed makes
// itself. Names and the /16 are derived from the state dir, so two beds (two checkouts, or CI
// beside a developer's bed) never share a bridge, a namespace or a subnet, and a bed that was
// SIGKILLed finds its own leftovers again by name.
export interface NodePlan {
  /** Kubernetes node name. */
  name: string;
  index: number;
  /** `ip netns` name; the node's containerd and kubelet run inside it (nsenter --net). */
  netns: string;
  /** Host end of the node's veth pair (enslaved to the bridge). */
  hostVeth: string;
  /** The node's address inside its namespace (its InternalIP), on the bridge's /24. */
  address: string;
  /** Pod subnet of the node's CNI bridge; the host routes it via `address`. */
  podCidr: string;
  /** The node's CNI bridge inside its namespace. */
  cniBridge: string;
}

export interface NetworkPlan {
  /** Short id of this bed, used in every name below. */
  id: string;
  bridge: string;
  /** The host's address on the bridge: registry, MLflow, CoreDNS and the API server relay bind here. */
  gateway: string;
  /** Prefix length of the bridge subnet. */
  prefix: 24;
  /** The whole range this bed owns (bridge /24 plus every pod /24). */
  cidr: string;
  /** Pods' nameserver (CoreDNS on the gateway) and the cluster domain. */
  clusterDns: string;
  clusterDomain: 'cluster.local';
  nodes: NodePlan[];
}

export const realNodeCount = 2;

/** Real nodes carry this taint so kwok-era tests never land there; real-pod tests tolerate it. */
export const realNodeTaint = {
  key: 'testbed.mlenv.dev/real-node',
  value: 'true',
  effect: 'NoSchedule',
} as const;

/** And this label, for a nodeSelector that keeps real-pod tests off the kwok nodes. */
export const realNodeLabel = { key: 'testbed.mlenv.dev/node-kind', value: 'real' } as const;

export function networkPlan(dir: string = stateDir()): NetworkPlan {
  const digest = createHash('sha256').update(dir).digest();
  const id = digest.toString('hex').slice(0, 6);
  // 10.100.0.0/16 .. 10.199.0.0/16: clear of the API server's service range (10.0.0.0/24).
  const octet = 100 + ((digest[3] ?? 0) % 100);
  const base = `10.${octet}`;
  const gateway = `${base}.0.1`;
  const nodes = Array.from({ length: realNodeCount }, (_, index) => ({
    name: `real-node-${index}`,
    index,
    netns: `mlenv-${id}-n${index}`,
    hostVeth: `mlv${id}n${index}`,
    address: `${base}.0.${10 + index}`,
    podCidr: `${base}.${10 + index}.0/24`,
    cniBridge: 'mlenvcni0',
  }));
  return {
    id,
    bridge: `mlb-${id}`,
    gateway,
    prefix: 24,
    cidr: `${base}.0.0/16`,
    clusterDns: gateway,
    clusterDomain: 'cluster.local',
    nodes,
  };
}
