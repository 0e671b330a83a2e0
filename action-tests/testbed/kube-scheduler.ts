import { startKubeComponent } from './kube-component.js';
import type { Pki } from './pki.js';

export function startScheduler(binDir: string, pki: Pki, server: string): Promise<void> {
  return startKubeComponent(binDir, pki, server, {
    name: 'kube-scheduler',
    portKey: 'scheduler',
    user: 'system:kube-scheduler',
    cert: pki.scheduler,
    args: [],
  });
}
