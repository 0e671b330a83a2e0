import fs from 'node:fs';
import path from 'node:path';
import { listRecords, stopDaemon } from './daemon.js';
import { withLock } from './lock.js';
import { stateDir } from './paths.js';
import { note } from './progress.js';
import { testbedFile } from './testbed.js';

// Dependents first, so nothing logs a storm of connection errors while etcd goes away.
const stopOrder = [
  'kwok',
  'kube-scheduler',
  'kube-controller-manager',
  'kube-apiserver',
  'etcd',
  'mlflow',
];

export function down(opts: { purge?: boolean } = {}): Promise<void> {
  return withLock(path.join(stateDir(), 'up.lock'), () => downLocked(opts));
}

async function downLocked(opts: { purge?: boolean }): Promise<void> {
  // testbed.json goes first so no test starts against services that are about to stop.
  fs.rmSync(testbedFile(), { force: true });
  const names = listRecords().map((r) => r.name);
  const ordered = [
    ...stopOrder.filter((n) => names.includes(n)),
    ...names.filter((n) => !stopOrder.includes(n)),
  ];
  for (const name of ordered) {
    const stopped = await stopDaemon(name);
    note(`${name}: ${stopped ? 'stopped' : 'was not running'}`);
  }
  if (opts.purge) {
    fs.rmSync(stateDir(), { recursive: true, force: true });
    note(`removed ${stateDir()}`);
  }
}
