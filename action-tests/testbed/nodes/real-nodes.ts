import fs from 'node:fs';
import path from 'node:path';
import { isRunning, readRecord, sleep, stopDaemon } from '../daemon.js';
import { capture } from '../exec.js';
import { ensureBridge, rememberSysctls } from '../network/bridge.js';
import {
  deletePodNetns,
  ensureNodeNetwork,
  podNetnsOf,
  removeNodeNetwork,
} from '../network/node-network.js';
import { type NetworkPlan, networkPlan } from '../network/plan.js';
import { logPath, stateDir } from '../paths.js';
import { ensureNodeCerts, type Pki } from '../pki.js';
import { portFor } from '../ports.js';
import { elapsed, note } from '../progress.js';
import { relayDaemon, startApiServerRelay } from './apiserver-relay.js';
import { assertCriLoaded, ctr, startContainerd } from './containerd.js';
import {
  cgroupPids,
  ensureCgroup,
  killAll,
  pidsWithArgs,
  removeCgroup,
  unmountUnder,
} from './host.js';
import { rememberHostPaths, removeCreatedHostPaths, sharedHostPaths } from './host-paths.js';
import { busyboxImage, importImage, pauseImage } from './images.js';
import { startKubelet } from './kubelet.js';
import { type NodeLayout, nodeLayout } from './layout.js';

/** What the kubelet changes on the host (setupKernelTunables); `down` puts the values back. */
export const kubeletSysctls = [
  'vm.overcommit_memory',
  'vm.panic_on_oom',
  'kernel.panic',
  'kernel.panic_on_oops',
  'kernel.keys.root_maxkeys',
  'kernel.keys.root_maxbytes',
] as const;

export interface RealNodesOptions {
  kubeDir: string;
  pki: Pki;
  /** The API server on loopback (`https://127.0.0.1:<port>`). */
  apiServer: string;
  adminKubeconfig: string;
  plan?: NetworkPlan;
}

export interface RealNodesInfo {
  nodes: { name: string; address: string; podCidr: string }[];
  /** busybox, present on every real node (imagePullPolicy IfNotPresent or Never). */
  utilityImage: string;
  /** The pause image the nodes' sandboxes run. */
  sandboxImage: string;
  /** The API server as the nodes reach it. */
  apiServerRelay: string;
}

/** The registry the nodes pull from over plain HTTP (the bed's own, on the gateway). */
export async function registryHost(plan: NetworkPlan): Promise<string> {
  return `${plan.gateway}:${await portFor('registry', 'registry')}`;
}

function alive(name: string): boolean {
  const rec = readRecord(name);
  return rec !== undefined && isRunning(rec);
}

/**
 * Two real nodes beside kwok's fake ones: containerd, runc, CNI bridge networking and a kubelet
 * each, in network namespaces of their own. Idempotent: healthy nodes are kept; a node whose
 * containerd or kubelet is dead (e.g. every process was SIGKILLed) is first reset to a clean
 * slate, then started fresh. Resolves once both nodes are Ready.
 */
export async function ensureRealNodes(opts: RealNodesOptions): Promise<RealNodesInfo> {
  const plan = opts.plan ?? networkPlan();
  await ensureBridge(plan);
  const [pause, busybox] = [await pauseImage(), await busyboxImage()];
  const registry = await registryHost(plan);
  const relay = await startApiServerRelay(plan, opts.apiServer, opts.pki.caCert);
  const certs: Awaited<ReturnType<typeof ensureNodeCerts>>[] = [];
  for (const node of plan.nodes) certs.push(await ensureNodeCerts(opts.pki, node));
  rememberHostPaths(Object.values(sharedHostPaths));
  await rememberSysctls(kubeletSysctls);
  const kubeletBin = path.join(opts.kubeDir, 'kubelet');
  await Promise.all(
    plan.nodes.map(async (node, i) => {
      const layout = nodeLayout(plan, node);
      const start = Date.now();
      if (!(alive(layout.containerdDaemon) && alive(layout.kubeletDaemon))) {
        await resetNode(layout);
      }
      await ensureNodeNetwork(plan, node);
      ensureCgroup(layout.cgroupRoot);
      const containerd = await startContainerd({ layout, sandboxImage: pause.ref, registry });
      await assertCriLoaded(layout);
      for (const image of [pause, busybox]) await importImage(layout, image);
      const kubelet = await startKubelet({
        plan,
        layout,
        caFile: opts.pki.caCert,
        serving: certs[i]?.serving ?? missing(node.name),
        client: certs[i]?.client ?? missing(node.name),
        kubeletBin,
        server: relay,
      });
      note(`${node.name}: containerd ${containerd}, kubelet ${kubelet} (${elapsed(start)})`);
    }),
  );
  await waitReady(opts, plan);
  return {
    nodes: plan.nodes.map((n) => ({ name: n.name, address: n.address, podCidr: n.podCidr })),
    utilityImage: busybox.ref,
    sandboxImage: pause.ref,
    apiServerRelay: relay,
  };
}

function missing(name: string): never {
  throw new Error(`no certificates made for ${name}`);
}

interface NodeObject {
  metadata: { name: string };
  status?: { conditions?: { type: string; status: string; lastHeartbeatTime?: string }[] };
}

/**
 * Waits until every node reports Ready from the kubelet now running: a Node object left from
 * before a restart still says Ready until its lease runs out, so the Ready condition's heartbeat
 * must be no older than the kubelet's start.
 */
async function waitReady(opts: RealNodesOptions, plan: NetworkPlan): Promise<void> {
  const kubectl = path.join(opts.kubeDir, 'kubectl');
  const since = new Map(
    plan.nodes.map((n) => {
      const started = readRecord(nodeLayout(plan, n).kubeletDaemon)?.startedAt;
      // The API's times have whole seconds.
      return [n.name, started ? Math.floor(Date.parse(started) / 1000) * 1000 : 0];
    }),
  );
  const timeoutMs = 120_000;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const out = await capture(kubectl, [
      `--kubeconfig=${opts.adminKubeconfig}`,
      'get',
      'nodes',
      '-o',
      'json',
      ...plan.nodes.map((n) => n.name),
    ]);
    const ready = new Set<string>();
    if (out.code === 0) {
      for (const node of (JSON.parse(out.stdout) as { items: NodeObject[] }).items) {
        const cond = node.status?.conditions?.find((c) => c.type === 'Ready');
        const beat = Date.parse(cond?.lastHeartbeatTime ?? '');
        if (cond?.status === 'True' && beat >= (since.get(node.metadata.name) ?? 0)) {
          ready.add(node.metadata.name);
        }
      }
      last = plan.nodes
        .map(
          (n) =>
            `${n.name}: ${ready.has(n.name) ? 'Ready' : 'not Ready (or not since its kubelet started)'}`,
        )
        .join(', ');
    } else {
      last = out.output;
    }
    if (ready.size === plan.nodes.length) return;
    if (Date.now() > deadline) {
      const logs = plan.nodes.map((n) => logPath(nodeLayout(plan, n).kubeletDaemon)).join(', ');
      throw new Error(`real nodes not Ready after ${timeoutMs / 1000}s: ${last}
kubelet logs: ${logs}`);
    }
    await sleep(500);
  }
}

/** Every process of the node outside its two daemons: the shims and the containers below them. */
async function killNodeProcesses(layout: NodeLayout): Promise<number> {
  // A shim's command line names its containerd's socket (`-address <socket>`); shims leave
  // containerd's process group on purpose, so only this finds them.
  const shims = await killAll(`shims of ${layout.node.name}`, () =>
    pidsWithArgs(['-address', layout.socket]),
  );
  const pods = await killAll(`containers of ${layout.node.name}`, () =>
    cgroupPids(layout.cgroupRoot),
  );
  return shims + pods;
}

/**
 * Brings a node back to nothing but its folders and images: daemons stopped, every container
 * process killed, every mount under its containerd and kubelet folders unmounted, its pod
 * namespaces deleted, and the volatile state (containerd's state, IPAM reservations, the kubelet's
 * root) removed, so the next start cannot trip over what a SIGKILL left behind.
 */
export async function resetNode(layout: NodeLayout): Promise<void> {
  await stopDaemon(layout.kubeletDaemon);
  await stopDaemon(layout.containerdDaemon);
  const podNs = await podNetnsOf(layout.node);
  const killed = await killNodeProcesses(layout);
  const unmounted = await unmountUnder([
    layout.containerdRoot,
    layout.containerdState,
    layout.kubeletRoot,
  ]);
  await deletePodNetns(podNs);
  for (const dir of [
    layout.containerdState,
    layout.runcRoot,
    layout.cniDataDir,
    layout.kubeletRoot,
  ]) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await removeCgroup(layout.cgroupRoot);
  if (killed + unmounted.length + podNs.length > 0) {
    note(
      `${layout.node.name}: reset (${killed} processes killed, ${unmounted.length} mounts, ` +
        `${podNs.length} pod namespaces removed)`,
    );
  }
}

/**
 * Deletes every container of the node through containerd while it still runs, so the shims
 * exit by themselves and the metadata kept in the cache lists only images the next time.
 */
async function removeContainers(layout: NodeLayout): Promise<void> {
  const listed = await ctr(layout, ['-n', 'k8s.io', 'containers', 'ls', '-q']);
  if (listed.code !== 0) return;
  for (const id of listed.stdout.split('\n').filter(Boolean)) {
    await ctr(layout, ['-n', 'k8s.io', 'tasks', 'kill', '-s', 'SIGKILL', id]);
    await ctr(layout, ['-n', 'k8s.io', 'tasks', 'delete', '--force', id]);
    await ctr(layout, ['-n', 'k8s.io', 'containers', 'delete', id]);
  }
}

/**
 * For `down`: stops the kubelets, then the containerds, kills what is left of the pods, and
 * removes everything the nodes made on the host: mounts, pod and node namespaces, veths, routes,
 * cgroups, the API server relay, and the host folders the bed created. The bridge and sysctls
 * are down's own (`removeBridge`, `restoreSysctls`) once every daemon is gone.
 */
export async function teardownRealNodes(plan: NetworkPlan = networkPlan()): Promise<void> {
  const layouts = plan.nodes.map((n) => nodeLayout(plan, n));
  for (const layout of layouts) {
    if (await stopDaemon(layout.kubeletDaemon)) note(`${layout.kubeletDaemon}: stopped`);
  }
  for (const layout of layouts) {
    if (alive(layout.containerdDaemon)) await removeContainers(layout);
    if (await stopDaemon(layout.containerdDaemon)) note(`${layout.containerdDaemon}: stopped`);
  }
  for (const layout of layouts) {
    await resetNode(layout);
    await removeNodeNetwork(layout.node);
  }
  if (await stopDaemon(relayDaemon)) note(`${relayDaemon}: stopped`);
  for (const p of await removeCreatedHostPaths()) note(`removed ${p}`);
}

export interface RealNodeStatus {
  name: string;
  state: 'running' | 'stopped';
  pid?: number;
  address?: string;
}

/** The node daemons and the relay, for `status`. */
export function realNodesStatus(plan: NetworkPlan = networkPlan()): RealNodeStatus[] {
  const row = (name: string, address?: string): RealNodeStatus => {
    const rec = readRecord(name);
    const running = rec !== undefined && isRunning(rec);
    return {
      name,
      state: running ? 'running' : 'stopped',
      ...(running ? { pid: rec.pid } : {}),
      ...(address ? { address } : {}),
    };
  };
  const rows: RealNodeStatus[] = [];
  for (const node of plan.nodes) {
    const layout = nodeLayout(plan, node);
    rows.push(row(layout.containerdDaemon, `unix://${layout.socket}`));
    rows.push(row(layout.kubeletDaemon, `https://${node.address}:10250`));
  }
  let relayPort: number | undefined;
  try {
    const ports = JSON.parse(fs.readFileSync(path.join(stateDir(), 'ports.json'), 'utf8'));
    relayPort = (ports as Record<string, number>).apiserverRelay;
  } catch {
    relayPort = undefined;
  }
  rows.push(row(relayDaemon, relayPort ? `https://${plan.gateway}:${relayPort}` : undefined));
  return rows;
}
