import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { type EnsureResult, ensureDaemon } from '../daemon.js';
import { httpGet } from '../http-check.js';
import { writeKubeconfig } from '../kubeconfig.js';
import { netnsPath } from '../network/node-network.js';
import { type NetworkPlan, realNodeLabel, realNodeTaint } from '../network/plan.js';
import type { ClientCert } from '../pki.js';
import type { NodeLayout } from './layout.js';

export const kubeletPort = 10250;
export const kubeletHealthzPort = 10248;

export interface KubeletConfigOptions {
  plan: NetworkPlan;
  layout: NodeLayout;
  caFile: string;
  serving: ClientCert;
}

/** KubeletConfiguration (v1beta1) for one real node; every setting here was needed on this VM. */
export function kubeletConfig({ plan, layout, caFile, serving }: KubeletConfigOptions): string {
  const config = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    // kubelet 1.35 refuses cgroup v1 unless told otherwise; this machine has only v1.
    failCgroupV1: false,
    cgroupDriver: 'cgroupfs',
    // A cgroup of the node's own, so two kubelets on one machine never touch each other's pods.
    cgroupRoot: layout.cgroupRoot,
    cgroupsPerQOS: true,
    enforceNodeAllocatable: ['pods'],
    containerRuntimeEndpoint: `unix://${layout.socket}`,
    // The node's own address in its namespace; both nodes can then use the standard ports.
    address: layout.node.address,
    port: kubeletPort,
    readOnlyPort: 0,
    healthzBindAddress: layout.node.address,
    healthzPort: kubeletHealthzPort,
    tlsCertFile: serving.cert,
    tlsPrivateKeyFile: serving.key,
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true, cacheTTL: '10s' },
      x509: { clientCAFile: caFile },
    },
    authorization: {
      mode: 'Webhook',
      webhook: { cacheAuthorizedTTL: '10s', cacheUnauthorizedTTL: '5s' },
    },
    clusterDNS: [plan.clusterDns],
    clusterDomain: plan.clusterDomain,
    registerWithTaints: [realNodeTaint],
    podLogsDir: layout.podLogsDir,
    failSwapOn: false,
    // The disk and memory are shared with the whole bed and its builds: evict and collect
    // images only when the machine is really out of room, never because of the defaults' 10-15%.
    evictionHard: {
      'memory.available': '100Mi',
      'nodefs.available': '1%',
      'nodefs.inodesFree': '1%',
      'imagefs.available': '1%',
    },
    imageGCHighThresholdPercent: 99,
    imageGCLowThresholdPercent: 98,
    serializeImagePulls: false,
    // Pod status reaches the API server sooner, which tests wait on.
    nodeStatusUpdateFrequency: '5s',
    syncFrequency: '10s',
    fileCheckFrequency: '10s',
    shutdownGracePeriod: '0s',
    rotateCertificates: false,
    serverTLSBootstrap: false,
    maxPods: 110,
  };
  return YAML.stringify(config);
}

export interface StartKubeletOptions extends KubeletConfigOptions {
  kubeletBin: string;
  /** The API server as the node reaches it: the relay on the bridge gateway. */
  server: string;
  client: ClientCert;
}

/** Starts (or keeps) the node's kubelet inside the node's network namespace. */
export async function startKubelet(opts: StartKubeletOptions): Promise<EnsureResult> {
  const { layout } = opts;
  const node = layout.node;
  fs.mkdirSync(layout.kubeletRoot, { recursive: true });
  fs.mkdirSync(layout.podLogsDir, { recursive: true });
  const config = kubeletConfig(opts);
  fs.writeFileSync(layout.kubeletConfig, config);
  writeKubeconfig(layout.kubeletKubeconfig, {
    server: opts.server,
    caFile: opts.caFile,
    user: `system:node:${node.name}`,
    certFile: opts.client.cert,
    keyFile: opts.client.key,
  });
  const healthz = `http://${node.address}:${kubeletHealthzPort}/healthz`;
  return ensureDaemon({
    name: layout.kubeletDaemon,
    command: 'nsenter',
    processName: path.basename(opts.kubeletBin),
    args: [
      `--net=${netnsPath(node)}`,
      '--',
      opts.kubeletBin,
      `--config=${layout.kubeletConfig}`,
      `--kubeconfig=${layout.kubeletKubeconfig}`,
      `--root-dir=${layout.kubeletRoot}`,
      `--hostname-override=${node.name}`,
      `--node-ip=${node.address}`,
      `--node-labels=${realNodeLabel.key}=${realNodeLabel.value}`,
      '--v=1',
    ],
    env: {
      MLENV_TESTBED_CONFIG_SHA: sha(
        `${config}\n${fs.readFileSync(layout.kubeletKubeconfig, 'utf8')}`,
      ),
    },
    health: async () => (await httpGet(healthz)).status === 200,
    startTimeoutMs: 60_000,
  });
}

function sha(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}
