import fs from 'node:fs';
import path from 'node:path';
import { listRecords, stopDaemon } from './daemon.js';
import { withLock } from './lock.js';
import { removeBridge, restoreSysctls } from './network/bridge.js';
import { networkPlan } from './network/plan.js';
import { removeCreatedHostPaths } from './nodes/host-paths.js';
import { nodesRoot } from './nodes/layout.js';
import { teardownRealNodes } from './nodes/real-nodes.js';
import { stateDir } from './paths.js';
import { note } from './progress.js';
import { testbedFile } from './testbed.js';
import { removeProvisionedVolumes } from './volumes.js';

// Dependents first, so nothing logs a storm of connection errors while etcd goes away.
const stopOrder = [
  'trainer-controller',
  'jobset-controller',
  'kwok',
  'kube-scheduler',
  'kube-controller-manager',
  'coredns',
  'kube-apiserver',
  'etcd',
  'mlflow',
  'registry',
];

export function down(opts: { purge?: boolean } = {}): Promise<void> {
  return withLock(path.join(stateDir(), 'up.lock'), () => downLocked(opts));
}

async function downLocked(opts: { purge?: boolean }): Promise<void> {
  // testbed.json goes first so no test starts against services that are about to stop.
  fs.rmSync(testbedFile(), { force: true });
  // The real nodes first, while the API server still runs: kubelets, then containerds, then what
  // their pods left (mounts, namespaces, cgroups), their veths and routes, and the API relay.
  await teardownRealNodes();
  const names = listRecords().map((r) => r.name);
  const ordered = [
    ...stopOrder.filter((n) => names.includes(n)),
    ...names.filter((n) => !stopOrder.includes(n)),
  ];
  for (const name of ordered) {
    const stopped = await stopDaemon(name);
    note(`${name}: ${stopped ? 'stopped' : 'was not running'}`);
  }
  // MLflow and CoreDNS listened on the bridge's gateway; with them stopped it can go, and the
  // sysctls the bed changed are put back.
  await removeBridge();
  await restoreSysctls();
  // What a still-running daemon kept busy during the nodes' teardown.
  for (const p of await removeCreatedHostPaths()) note(`removed ${p}`);
  if (opts.purge) {
    // With etcd gone, nothing would ever delete the provisioned volumes outside the state dir.
    for (const dir of removeProvisionedVolumes()) note(`removed volume ${dir}`);
    fs.rmSync(stateDir(), { recursive: true, force: true });
    note(`removed ${stateDir()}`);
    const nodes = nodesRoot(networkPlan());
    fs.rmSync(nodes, { recursive: true, force: true });
    note(`removed ${nodes}`);
  }
}
