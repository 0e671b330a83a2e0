import fs from 'node:fs';
import { capture, run as runCommand } from '../exec.js';
import { logPath } from '../paths.js';
import type { NetworkPlan, NodePlan } from './plan.js';

// Every change to the host's network is logged, so a failed `up` shows the commands that led to it.
const run = (cmd: string, args: string[]) => runCommand(cmd, args, { logFile: logPath('network') });

// Each real node lives in a network namespace of its own, joined to the host's bridge by a veth
// pair: its containerd and kubelet see only `lo` and `eth0` (the node's InternalIP), and the CNI
// bridge of its pods is made inside it, so two nodes on one machine never share a pod network.

/** Where `ip netns` keeps the namespace; processes join it with `nsenter --net=<this>`. */
export function netnsPath(node: NodePlan): string {
  return `/run/netns/${node.netns}`;
}

/** Pod namespaces made by containerd 1.6 (CNI): `/run/netns/cni-<uuid>`, of every node alike. */
const podNetnsPrefix = 'cni-';

async function ok(cmd: string, args: string[]): Promise<boolean> {
  return (await capture(cmd, args)).code === 0;
}

function netnsExists(node: NodePlan): boolean {
  return fs.existsSync(netnsPath(node));
}

/**
 * The node's namespace, veth pair, addresses and routes. Idempotent: what exists is kept, what is
 * missing (a namespace left by a SIGKILLed bed keeps its links) is added. Must run before the
 * node's containerd starts: pod namespaces made while the node's namespace did not exist yet
 * could not be removed later, and pod deletion hung.
 */
export async function ensureNodeNetwork(plan: NetworkPlan, node: NodePlan): Promise<void> {
  if (!netnsExists(node)) await run('ip', ['netns', 'add', node.netns]);
  const inNs = (args: string[]) => run('ip', ['-n', node.netns, ...args]);
  const hasEth0 = await ok('ip', ['-n', node.netns, 'link', 'show', 'dev', 'eth0']);
  const hasHostVeth = await ok('ip', ['link', 'show', 'dev', node.hostVeth]);
  if (hasEth0 !== hasHostVeth) {
    // Half a pair cannot exist (deleting one end deletes the other) unless the names clash with
    // something else; say so instead of guessing.
    throw new Error(
      `node ${node.name}: expected the veth pair ${node.hostVeth} <-> ${node.netns}/eth0 to be ` +
        `both present or both absent, found host end ${hasHostVeth ? 'present' : 'absent'} and ` +
        `namespace end ${hasEth0 ? 'present' : 'absent'}`,
    );
  }
  if (!hasEth0) {
    await run('ip', [
      'link',
      'add',
      node.hostVeth,
      'type',
      'veth',
      'peer',
      'name',
      'eth0',
      'netns',
      node.netns,
    ]);
  }
  await run('ip', ['link', 'set', node.hostVeth, 'master', plan.bridge]);
  await run('ip', ['link', 'set', node.hostVeth, 'up']);
  const addresses = await inNs(['-o', '-4', 'addr', 'show', 'dev', 'eth0']);
  if (!addresses.includes(` ${node.address}/`)) {
    await inNs(['addr', 'add', `${node.address}/${plan.prefix}`, 'dev', 'eth0']);
  }
  await inNs(['link', 'set', 'lo', 'up']);
  await inNs(['link', 'set', 'eth0', 'up']);
  await inNs(['route', 'replace', 'default', 'via', plan.gateway]);
  // The node forwards between eth0 and its pods' bridge. The sysctl is per namespace, so the
  // host's value is untouched (the host's own is set by ensureBridge).
  await run('nsenter', [
    `--net=${netnsPath(node)}`,
    '--',
    'sh',
    '-c',
    'echo 1 > /proc/sys/net/ipv4/ip_forward',
  ]);
  for (const other of plan.nodes) {
    if (other.name === node.name) continue;
    // Straight to the other node over the bridge, not through the host: pod-to-pod traffic
    // then never depends on the host's firewall.
    await inNs(['route', 'replace', other.podCidr, 'via', other.address]);
  }
  // The host (API server, tests, CoreDNS answering pods) reaches the node's pods through it.
  await run('ip', ['route', 'replace', node.podCidr, 'via', node.address]);
}

/** Removes the host route, the veth pair and the namespace (and with it the node's CNI bridge). */
export async function removeNodeNetwork(node: NodePlan): Promise<void> {
  const routes = await run('ip', ['route', 'show', 'exact', node.podCidr]);
  if (routes.includes(`via ${node.address} `)) {
    await run('ip', ['route', 'del', node.podCidr, 'via', node.address]);
  }
  if (await ok('ip', ['link', 'show', 'dev', node.hostVeth])) {
    await run('ip', ['link', 'del', node.hostVeth]);
  }
  if (netnsExists(node)) await run('ip', ['netns', 'delete', node.netns]);
}

function ipv4ToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`expected an IPv4 address, got ${ip}`);
  }
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new Error(`expected an IPv4 CIDR, got ${cidr}`);
  }
  const size = 2 ** (32 - prefix);
  const start = Math.floor(ipv4ToInt(base) / size) * size;
  const value = ipv4ToInt(ip);
  return value >= start && value < start + size;
}

/**
 * The pod namespaces of this node that are still mounted. containerd 1.6 puts every node's pod
 * namespaces in the one `/run/netns`, named by a random uuid, so a namespace is this node's when
 * an address in it lies in the node's pod subnet; one without any (its pod's network setup never
 * finished, or its veth went with the node's namespace) cannot be told apart and is left alone.
 */
export async function podNetnsOf(node: NodePlan): Promise<string[]> {
  if (!fs.existsSync('/run/netns')) return [];
  const mine: string[] = [];
  for (const name of fs.readdirSync('/run/netns')) {
    if (!name.startsWith(podNetnsPrefix)) continue;
    const out = await capture('ip', ['-n', name, '-o', '-4', 'addr', 'show']);
    if (out.code !== 0) continue;
    const addresses = [...out.stdout.matchAll(/ inet (\d+\.\d+\.\d+\.\d+)\//g)].map(
      (m) => m[1] as string,
    );
    if (addresses.some((a) => inCidr(a, node.podCidr))) mine.push(name);
  }
  return mine;
}

/** Deletes the given pod namespaces (their processes must be gone). */
export async function deletePodNetns(names: string[]): Promise<void> {
  for (const name of names) {
    if (fs.existsSync(`/run/netns/${name}`)) await run('ip', ['netns', 'delete', name]);
  }
}
