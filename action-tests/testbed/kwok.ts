import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDaemon } from './daemon.js';
import { run } from './exec.js';
import { httpGet } from './http-check.js';
import { kubeconfigDir } from './kube-apiserver.js';
import { writeKubeconfig } from './kubeconfig.js';
import { goEnv, stateDir, testbedDir } from './paths.js';
import type { Pki } from './pki.js';
import { portFor } from './ports.js';
import { versions } from './versions.js';

// Standalone kwok has no built-in Stages; the node ones and the generic pod-ready/pod-delete
// come verbatim from the pinned kwok module (so they match the binary), the pod outcomes are
// ours (k8s/kwok-stages.yaml).
const upstreamStages = [
  'kustomize/stage/node/fast/node-initialize.yaml',
  'kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
  'kustomize/stage/pod/fast/pod-ready.yaml',
  'kustomize/stage/pod/fast/pod-delete.yaml',
];

// kwok answers the API server's pods/log requests (the kubelet API) from this file for every
// pod in the bed, so log streaming by the CI identity can be tested end to end. kwok parses it
// as a CRI container log (timestamp, stream, P/F tag, message).
export const fakeContainerLogLines = [
  '[testbed] fake container log (served by kwok)',
  'epoch=1 loss=0.693',
  'epoch=2 loss=0.412',
];

function criLog(lines: string[]): string {
  return lines.map((l, i) => `2026-01-01T00:00:0${i}.000000000Z stdout F ${l}\n`).join('');
}

function clusterLogsDoc(logsFile: string): string {
  return [
    'apiVersion: kwok.x-k8s.io/v1alpha1',
    'kind: ClusterLogs',
    'metadata:',
    '  name: testbed-logs',
    'spec:',
    '  logs:',
    `    - logsFile: ${JSON.stringify(logsFile)}`,
    '      follow: false',
  ].join('\n');
}

async function writeStagesConfig(file: string, logsFile: string): Promise<void> {
  const info = JSON.parse(
    await run('go', ['mod', 'download', '-json', `sigs.k8s.io/kwok@${versions.kwok}`], {
      env: goEnv(),
    }),
  ) as { Dir?: string; Error?: string };
  if (!info.Dir)
    throw new Error(`go mod download sigs.k8s.io/kwok@${versions.kwok}: ${info.Error}`);
  const moduleDir = info.Dir;
  const docs = upstreamStages.map((rel) => fs.readFileSync(path.join(moduleDir, rel), 'utf8'));
  docs.push(fs.readFileSync(path.join(testbedDir, 'k8s', 'kwok-stages.yaml'), 'utf8'));
  docs.push(clusterLogsDoc(logsFile));
  fs.writeFileSync(file, docs.map((d) => d.trim()).join('\n---\n'));
}

export function kwokPort(): Promise<number> {
  return portFor('kwok', 'kwok');
}

export async function startKwok(kwokBin: string, pki: Pki, server: string): Promise<void> {
  const kubeconfig = writeKubeconfig(path.join(kubeconfigDir(), 'kwok.kubeconfig'), {
    server,
    caFile: pki.caCert,
    user: 'kwok-controller',
    certFile: pki.kwok.cert,
    keyFile: pki.kwok.key,
  });
  const config = path.join(stateDir(), 'kwok-stages.yaml');
  const logsFile = path.join(stateDir(), 'kwok-container.log');
  fs.writeFileSync(logsFile, criLog(fakeContainerLogLines));
  await writeStagesConfig(config, logsFile);
  const port = await kwokPort();
  const ca = fs.readFileSync(pki.caCert);
  await ensureDaemon({
    name: 'kwok',
    command: kwokBin,
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--config=${config}`,
      // Only the bed's own fake nodes, never a node some other tool registered.
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      // The fake nodes' kubelet endpoint: the API server reaches it (pods/log) at the node's
      // InternalIP and kubelet port, both pointed here, over TLS with the bed's serving cert.
      `--server-address=127.0.0.1:${port}`,
      '--node-ip=127.0.0.1',
      `--node-port=${port}`,
      `--tls-cert-file=${pki.serving.cert}`,
      `--tls-private-key-file=${pki.serving.key}`,
      // Without leases the node lifecycle controller sees no heartbeat within its grace period
      // (kwok's status heartbeat Stage runs every ~10 min) and flaps the nodes NotReady, tainting
      // them; standalone kwok leaves leases off unless asked.
      '--node-lease-duration-seconds=40',
      '--cidr=10.244.0.0/16',
    ],
    // The stage file's content is part of the fingerprint via its hash in the env, so an
    // edited k8s/kwok-stages.yaml restarts kwok.
    env: { MLENV_TESTBED_STAGES_SHA: sha(fs.readFileSync(config, 'utf8')) },
    health: async () => (await httpGet(`https://127.0.0.1:${port}/healthz`, { ca })).status === 200,
  });
}

function sha(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}
