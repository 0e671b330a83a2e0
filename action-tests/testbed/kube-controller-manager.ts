import path from 'node:path';
import { ensureDaemon } from './daemon.js';
import { httpGet } from './http-check.js';
import { kubeconfigDir } from './kube-apiserver.js';
import { writeKubeconfig } from './kubeconfig.js';
import { stateDir } from './paths.js';
import type { Pki } from './pki.js';
import { portFor } from './ports.js';

export async function startControllerManager(
  binDir: string,
  pki: Pki,
  server: string,
): Promise<void> {
  const kubeconfig = writeKubeconfig(
    path.join(kubeconfigDir(), 'kube-controller-manager.kubeconfig'),
    {
      server,
      caFile: pki.caCert,
      user: 'system:kube-controller-manager',
      certFile: pki.controllerManager.cert,
      keyFile: pki.controllerManager.key,
    },
  );
  const port = await portFor('controllerManager', 'kube-controller-manager');
  await ensureDaemon({
    name: 'kube-controller-manager',
    command: path.join(binDir, 'kube-controller-manager'),
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${path.join(stateDir(), 'pki', 'kube-controller-manager')}`,
      // Each controller gets its own service account, as in a real cluster, so RBAC denials
      // that would hit a real controller also show up here.
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki.serviceAccountKey}`,
      `--root-ca-file=${pki.caCert}`,
      `--cluster-signing-cert-file=${pki.caCert}`,
      `--cluster-signing-key-file=${pki.caKey}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      // One instance: leader election only delays start.
      '--leader-elect=false',
      '--v=1',
    ],
    health: async () =>
      (await httpGet(`https://127.0.0.1:${port}/healthz`, { insecure: true })).status === 200,
  });
}
