import fs from 'node:fs';
import path from 'node:path';
import { ensureDaemon } from './daemon.js';
import { httpGet } from './http-check.js';
import { writeKubeconfig } from './kubeconfig.js';
import { stateDir } from './paths.js';
import { ensureKubeletClientCert, type Pki } from './pki.js';
import { portFor } from './ports.js';

export interface ApiServerInfo {
  server: string;
  adminKubeconfig: string;
}

export function kubeconfigDir(): string {
  return path.join(stateDir(), 'kubeconfigs');
}

export async function startApiServer(
  binDir: string,
  pki: Pki,
  etcdEndpoint: string,
): Promise<ApiServerInfo> {
  const port = await portFor('apiserver', 'kube-apiserver');
  const server = `https://127.0.0.1:${port}`;
  const ca = fs.readFileSync(pki.caCert);
  const kubeletClient = await ensureKubeletClientCert(pki);
  await ensureDaemon({
    name: 'kube-apiserver',
    command: path.join(binDir, 'kube-apiserver'),
    args: [
      `--etcd-servers=${etcdEndpoint}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--tls-cert-file=${pki.serving.cert}`,
      `--tls-private-key-file=${pki.serving.key}`,
      `--client-ca-file=${pki.caCert}`,
      '--authorization-mode=Node,RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      // The controller manager and scheduler read these from the extension-apiserver-
      // authentication ConfigMap and log an error every few seconds when they are missing. No
      // certificate with this CN is ever issued, so no one can use the front-proxy path.
      `--requestheader-client-ca-file=${pki.caCert}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      // Fake nodes have no resolvable hostname; their InternalIP is where kwok serves the
      // kubelet API, with a certificate from the bed's CA.
      '--kubelet-preferred-address-types=InternalIP',
      `--kubelet-certificate-authority=${pki.caCert}`,
      // Its identity towards the real nodes' kubelets (logs, exec), which authenticate x509
      // clients against the bed's CA; kwok's endpoint accepts it too.
      `--kubelet-client-certificate=${kubeletClient.cert}`,
      `--kubelet-client-key=${kubeletClient.key}`,
      '--profiling=false',
      '--v=1',
    ],
    startTimeoutMs: 90_000,
    // /readyz turns 200 only after the RBAC bootstrap roles and the built-in priority levels are
    // in place; the controller manager and scheduler need those.
    health: async () => (await httpGet(`${server}/readyz`, { ca })).status === 200,
  });
  const adminKubeconfig = writeKubeconfig(path.join(kubeconfigDir(), 'admin.kubeconfig'), {
    server,
    caFile: pki.caCert,
    user: 'mlenv-testbed-admin',
    certFile: pki.admin.cert,
    keyFile: pki.admin.key,
  });
  return { server, adminKubeconfig };
}
