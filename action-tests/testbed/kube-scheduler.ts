import path from 'node:path';
import { ensureDaemon } from './daemon.js';
import { httpGet } from './http-check.js';
import { kubeconfigDir } from './kube-apiserver.js';
import { writeKubeconfig } from './kubeconfig.js';
import { stateDir } from './paths.js';
import type { Pki } from './pki.js';
import { portFor } from './ports.js';

export async function startScheduler(binDir: string, pki: Pki, server: string): Promise<void> {
  const kubeconfig = writeKubeconfig(path.join(kubeconfigDir(), 'kube-scheduler.kubeconfig'), {
    server,
    caFile: pki.caCert,
    user: 'system:kube-scheduler',
    certFile: pki.scheduler.cert,
    keyFile: pki.scheduler.key,
  });
  const port = await portFor('scheduler', 'kube-scheduler');
  await ensureDaemon({
    name: 'kube-scheduler',
    command: path.join(binDir, 'kube-scheduler'),
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${path.join(stateDir(), 'pki', 'kube-scheduler')}`,
      '--leader-elect=false',
      '--v=1',
    ],
    health: async () =>
      (await httpGet(`https://127.0.0.1:${port}/healthz`, { insecure: true })).status === 200,
  });
}
