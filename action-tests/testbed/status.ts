import fs from 'node:fs';
import path from 'node:path';
import { isRunning, readRecord } from './daemon.js';
import { networkPlan } from './network/plan.js';
import { realNodesStatus } from './nodes/real-nodes.js';
import { stateDir } from './paths.js';
import { type Testbed, testbedFile, testbedSchema } from './testbed.js';

export interface ComponentStatus {
  name: string;
  state: 'running' | 'stopped';
  pid?: number;
  address?: string;
}

function readBed(): Testbed | undefined {
  try {
    return testbedSchema.parse(JSON.parse(fs.readFileSync(testbedFile(), 'utf8')));
  } catch {
    return undefined;
  }
}

function portsAddress(key: string, scheme: string, host = '127.0.0.1'): string | undefined {
  try {
    const ports = JSON.parse(
      fs.readFileSync(path.join(stateDir(), 'ports.json'), 'utf8'),
    ) as Record<string, number>;
    const port = ports[key];
    return port === undefined ? undefined : `${scheme}://${host}:${port}`;
  } catch {
    return undefined;
  }
}

export function status(): ComponentStatus[] {
  const bed = readBed();
  const components: [string, string | undefined][] = [
    ['etcd', portsAddress('etcd', 'http')],
    ['kube-apiserver', bed?.kubernetes.server ?? portsAddress('apiserver', 'https')],
    ['kube-controller-manager', portsAddress('controllerManager', 'https')],
    ['kube-scheduler', portsAddress('scheduler', 'https')],
    ['kwok', portsAddress('kwok', 'https')],
    // Where the API server calls their admission webhooks.
    ['jobset-controller', portsAddress('jobsetWebhook', 'https')],
    ['trainer-controller', portsAddress('trainerWebhook', 'https')],
    ['coredns', `dns://${bed?.kubernetes.clusterDns ?? networkPlan().clusterDns}:53`],
    ['mlflow', bed?.mlflow.uri ?? portsAddress('mlflow', 'http', networkPlan().gateway)],
    [
      'registry',
      bed ? `http://${bed.registry.host}` : portsAddress('registry', 'http', networkPlan().gateway),
    ],
  ];
  const rows: ComponentStatus[] = components.map(([name, address]) => {
    const rec = readRecord(name);
    const running = rec !== undefined && isRunning(rec);
    return {
      name,
      state: running ? 'running' : 'stopped',
      ...(running ? { pid: rec.pid } : {}),
      ...(address ? { address } : {}),
    };
  });
  // Each real node's containerd and kubelet, and the API server relay they use.
  return [...rows, ...realNodesStatus()];
}
