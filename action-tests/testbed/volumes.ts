import fs from 'node:fs';
import path from 'node:path';
import { kubectl } from './cluster-setup.js';
import { stateDir, testbedDir } from './paths.js';

/** The default StorageClass (k8s/storage.yaml), served by the controller manager's hostPath provisioner. */
export const storageClass = 'testbed-hostpath';

/**
 * Where kube-controller-manager's in-tree hostPath provisioner puts every volume: fixed in its
 * source (pkg/volume/hostpath/host_path.go, `/tmp/%s/%s` with base `hostpath_pv` and a UUID), not
 * configurable, and shared by every bed on the machine.
 */
export const hostPathRoot = '/tmp/hostpath_pv';

export async function applyStorageClass(kubectlBin: string, admin: string): Promise<string> {
  await kubectl(kubectlBin, admin, [
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=mlenv-testbed',
    '-f',
    path.join(testbedDir, 'k8s', 'storage.yaml'),
  ]);
  return storageClass;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

/**
 * Every provisioned directory this bed's etcd has ever recorded. The PV objects sit in etcd's
 * files as plain protobuf, so their paths can be read with the bed stopped, even after a SIGKILL,
 * without an API server. The UUIDs are the controller manager's own, so no other bed's volume can
 * match.
 */
export function provisionedDirs(etcdDir: string = path.join(stateDir(), 'etcd')): string[] {
  const marker = Buffer.from(`${hostPathRoot}/`);
  const found = new Set<string>();
  for (const file of filesUnder(etcdDir)) {
    const data = fs.readFileSync(file);
    for (let i = data.indexOf(marker); i !== -1; i = data.indexOf(marker, i + 1)) {
      const start = i + marker.length;
      const id = data.subarray(start, start + 36).toString('latin1');
      if (UUID.test(id)) found.add(path.join(hostPathRoot, id));
    }
  }
  return [...found].sort();
}

/**
 * For `down --purge`: the bed's etcd (and so its PersistentVolumes) is about to go, so the
 * directories behind them go too; the shared root only if no other bed still has a volume there.
 * A plain `down` keeps them: etcd, and the claims in it, survive until the next `up`.
 */
export function removeProvisionedVolumes(etcdDir?: string): string[] {
  const dirs = provisionedDirs(etcdDir).filter((d) => fs.existsSync(d));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.rmdirSync(hostPathRoot);
  } catch {
    // Not empty (another bed's volumes) or not there.
  }
  return dirs;
}
