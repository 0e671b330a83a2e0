import path from 'node:path';
import { ensureDaemon } from './daemon.js';
import { httpGet } from './http-check.js';
import { kubeconfigDir } from './kube-apiserver.js';
import { writeKubeconfig } from './kubeconfig.js';
import { stateDir } from './paths.js';
import type { ClientCert, Pki } from './pki.js';
import { portFor } from './ports.js';

export interface KubeComponent {
  /** The binary's name under `binDir`, also the daemon's, kubeconfig's and cert dir's name. */
  name: 'kube-controller-manager' | 'kube-scheduler';
  /** The key of its secure port in the bed's port table. */
  portKey: string;
  /** The identity it talks to the API server as (its certificate's CN). */
  user: string;
  cert: ClientCert;
  /** Flags beyond those every control-plane component gets. */
  args: string[];
}

// The controller manager and the scheduler start alike: an own kubeconfig with its client
// certificate (which is how the built-in RBAC bindings find it), a secure port on loopback, and
// the same kubeconfig for delegated authentication and authorisation.
export async function startKubeComponent(
  binDir: string,
  pki: Pki,
  server: string,
  component: KubeComponent,
): Promise<void> {
  const { name } = component;
  const kubeconfig = writeKubeconfig(path.join(kubeconfigDir(), `${name}.kubeconfig`), {
    server,
    caFile: pki.caCert,
    user: component.user,
    certFile: component.cert.cert,
    keyFile: component.cert.key,
  });
  const port = await portFor(component.portKey, name);
  await ensureDaemon({
    name,
    command: path.join(binDir, name),
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${path.join(stateDir(), 'pki', name)}`,
      ...component.args,
      // One instance: leader election only delays start.
      '--leader-elect=false',
      '--v=1',
    ],
    health: async () =>
      (await httpGet(`https://127.0.0.1:${port}/healthz`, { insecure: true })).status === 200,
  });
}
