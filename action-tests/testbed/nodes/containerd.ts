import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'smol-toml';
import { type EnsureResult, ensureDaemon } from '../daemon.js';
import { capture } from '../exec.js';
import { netnsPath } from '../network/node-network.js';
import type { NodeLayout } from './layout.js';

/** Debian's containernetworking-plugins (bridge, host-local, portmap, loopback). */
export const cniBinDir = '/usr/lib/cni';

export interface ContainerdConfigOptions {
  layout: NodeLayout;
  /** Must already be in the node's image store: the bed has no way to pull it. */
  sandboxImage: string;
}

/** containerd 1.6's config (version 2) for one node; everything it writes stays in its folders. */
export function containerdConfig({ layout, sandboxImage }: ContainerdConfigOptions): string {
  const cri = 'io.containerd.grpc.v1.cri';
  return stringify({
    version: 2,
    root: layout.containerdRoot,
    state: layout.containerdState,
    // The opt plugin would create /opt/containerd; the other snapshotters need what this
    // machine lacks (btrfs, zfs, devmapper, aufs) and only log errors.
    disabled_plugins: [
      'io.containerd.internal.v1.opt',
      'io.containerd.snapshotter.v1.aufs',
      'io.containerd.snapshotter.v1.btrfs',
      'io.containerd.snapshotter.v1.devmapper',
      'io.containerd.snapshotter.v1.zfs',
      'io.containerd.tracing.processor.v1.otlp',
    ],
    grpc: { address: layout.socket },
    ttrpc: { address: `${layout.socket}.ttrpc` },
    // No debug socket and no metrics listener: nothing of the node on a shared path or port.
    debug: { address: '', level: 'info' },
    metrics: { address: '' },
    plugins: {
      [cri]: {
        sandbox_image: sandboxImage,
        // Required here: the VM lacks CAP_SYS_RESOURCE, and without it every sandbox fails with
        // `runc create failed: ... can't get final child's PID from pipe: EOF`.
        restrict_oom_score_adj: true,
        // Exec, attach and port-forward streams, proxied by the kubelet in the same namespace.
        stream_server_address: '127.0.0.1',
        stream_server_port: '0',
        enable_selinux: false,
        containerd: {
          snapshotter: 'overlayfs',
          // A pulled layer is kept once, unpacked, not also as its compressed blob: the template's
          // runtime image is 3.3 GiB compressed, on each node, on a disk the whole bed shares.
          discard_unpacked_layers: true,
          default_runtime_name: 'runc',
          runtimes: {
            runc: {
              runtime_type: 'io.containerd.runc.v2',
              // cgroupfs, as the kubelet's cgroupDriver: there is no systemd here.
              options: { SystemdCgroup: false, Root: layout.runcRoot },
            },
          },
        },
        // The CRI plugin adds the loopback plugin by itself (go-cni's loopback network), so the
        // conflist holds only the pod network.
        cni: { bin_dir: cniBinDir, conf_dir: layout.cniConfDir, max_conf_num: 1 },
        registry: { config_path: layout.registryHosts },
      },
    },
  });
}

/**
 * The node's pod network: a bridge inside the node's namespace with host-local IPAM on the node's
 * pod subnet (reservations kept in the node's folder), and portmap for hostPort. No masquerade:
 * the host routes every pod subnet to its node, so pods reach the gateway's services and each
 * other with their own addresses.
 */
export function cniConflist(layout: NodeLayout): string {
  const conf = {
    cniVersion: '1.0.0',
    name: 'mlenv-testbed-pods',
    plugins: [
      {
        type: 'bridge',
        bridge: layout.node.cniBridge,
        isGateway: true,
        ipMasq: false,
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: layout.node.podCidr }]],
          routes: [{ dst: '0.0.0.0/0' }],
          dataDir: layout.cniDataDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  return `${JSON.stringify(conf, null, 2)}\n`;
}

/** `hosts.toml` for a registry served over plain HTTP (the bed's own, on the bridge gateway). */
export function plainHttpRegistryHosts(hostPort: string): string {
  const url = `http://${hostPort}`;
  return stringify({
    server: url,
    host: { [url]: { capabilities: ['pull', 'resolve'] } },
  });
}

function writeIfChanged(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return;
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** `ctr` against this node's containerd. */
export function ctr(layout: NodeLayout, args: string[], timeoutMs = 30_000) {
  return capture('ctr', ['--address', layout.socket, ...args], { timeoutMs });
}

export interface StartContainerdOptions extends ContainerdConfigOptions {
  /** `host:port` of the bed's registry, pulled from over plain HTTP. */
  registry: string;
}

/**
 * Starts (or keeps) the node's containerd inside the node's network namespace. `nsenter --net`
 * rather than `ip netns exec`: the latter remounts /sys, which would hide the cgroup v1 mounts
 * from containerd and the kubelet.
 */
export async function startContainerd(opts: StartContainerdOptions): Promise<EnsureResult> {
  const { layout } = opts;
  for (const dir of [layout.containerdRoot, layout.containerdState, layout.runcRoot]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const config = containerdConfig(opts);
  writeIfChanged(layout.containerdConfig, config);
  writeIfChanged(path.join(layout.cniConfDir, '10-mlenv-testbed.conflist'), cniConflist(layout));
  fs.mkdirSync(layout.cniDataDir, { recursive: true });
  // Read at every pull, so a registry that moved to another port needs no restart. Folders of
  // registries no longer used are dropped.
  fs.rmSync(layout.registryHosts, { recursive: true, force: true });
  writeIfChanged(
    path.join(layout.registryHosts, opts.registry, 'hosts.toml'),
    plainHttpRegistryHosts(opts.registry),
  );
  return ensureDaemon({
    name: layout.containerdDaemon,
    command: 'nsenter',
    processName: 'containerd',
    args: [
      `--net=${netnsPath(layout.node)}`,
      '--',
      'containerd',
      '--config',
      layout.containerdConfig,
    ],
    // The config's content is part of the fingerprint, so a changed config restarts containerd
    // (its shims, and so the running pods, survive that).
    env: { MLENV_TESTBED_CONFIG_SHA: sha(config) },
    health: async () => (await ctr(layout, ['version'], 5_000)).code === 0,
    startTimeoutMs: 60_000,
  });
}

/** The CRI plugin is what the kubelet talks to; it can fail to load while containerd runs. */
export async function assertCriLoaded(layout: NodeLayout): Promise<void> {
  const out = await ctr(layout, ['plugins', 'ls']);
  const line = out.stdout.split('\n').find((l) => /\bio\.containerd\.grpc\.v1\s+cri\b/.test(l));
  if (out.code !== 0 || !line || !/\bok\s*$/.test(line)) {
    throw new Error(
      `containerd of ${layout.node.name}: expected the CRI plugin (io.containerd.grpc.v1 cri) ` +
        `with status ok, found ${line ? `"${line.trim()}"` : 'no such plugin'}\n${out.output}`,
    );
  }
}

function sha(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}
