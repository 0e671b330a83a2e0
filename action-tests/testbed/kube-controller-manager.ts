import { startKubeComponent } from './kube-component.js';
import type { Pki } from './pki.js';

export function startControllerManager(binDir: string, pki: Pki, server: string): Promise<void> {
  return startKubeComponent(binDir, pki, server, {
    name: 'kube-controller-manager',
    portKey: 'controllerManager',
    user: 'system:kube-controller-manager',
    cert: pki.controllerManager,
    args: [
      // Each controller gets its own service account, as in a real cluster, so RBAC denials
      // that would hit a real controller also show up here.
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki.serviceAccountKey}`,
      `--root-ca-file=${pki.caCert}`,
      `--cluster-signing-cert-file=${pki.caCert}`,
      `--cluster-signing-key-file=${pki.caKey}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      // Dynamic volumes for the bed's default StorageClass (k8s/storage.yaml, volumes.ts).
      '--enable-hostpath-provisioner=true',
    ],
  });
}
