import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { createKubeClient, type KubeClient, KubeError } from '../../../shared/k8s/client.js';
import { pollUntil } from '../../../shared/util/sleep.js';
import { TestNamespace } from '../test-namespace.js';
import { loadTestbed } from '../testbed.js';
import { hostPathRoot } from '../volumes.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const bed = loadTestbed();
const ns = new TestNamespace('volumes');
let admin: KubeClient;

interface Claim {
  spec: { storageClassName?: string; volumeName?: string };
  status?: { phase?: string };
}
interface Volume {
  spec: {
    hostPath?: { path: string };
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { name: string };
  };
}

beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig });
});

afterAll(async () => {
  await ns.delete();
});

const claims = () => `/api/v1/namespaces/${ns.name}/persistentvolumeclaims`;

async function gone(url: string): Promise<boolean> {
  return admin.request('GET', url).then(
    () => false,
    (error: unknown) => {
      if (error instanceof KubeError && error.status === 404) return true;
      throw error;
    },
  );
}

describe('volumes: the default StorageClass provisions hostPath volumes', () => {
  test('a claim without a class binds to a new volume, which goes with the claim', async () => {
    // A checkpoint claim as a user writes it: no class, so the default applies.
    await admin.request('POST', claims(), {
      body: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'checkpoints' },
        spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } },
      },
    });
    let claim: Claim | undefined;
    const bound = await pollUntil(
      async () => {
        claim = await admin.request<Claim>('GET', `${claims()}/checkpoints`);
        return claim.status?.phase === 'Bound';
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect({ bound, claim }).toMatchObject({ bound: true });
    expect(claim?.spec.storageClassName).toBe(bed.kubernetes.storageClass);
    const pvName = claim?.spec.volumeName ?? '';
    const pv = await admin.request<Volume>('GET', `/api/v1/persistentvolumes/${pvName}`);
    const dir = pv.spec.hostPath?.path ?? '';
    expect(dir.startsWith(`${hostPathRoot}/`)).toBe(true);
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(pv.spec.claimRef?.name).toBe('checkpoints');
    // The controller manager made the directory on the host, which every node of the bed shares.
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    fs.writeFileSync(`${dir}/step-100.ckpt`, 'weights');

    // Reclaim policy Delete: the in-tree deleter removes the directory, no recycler pod involved.
    await admin.request('DELETE', `${claims()}/checkpoints`);
    const cleaned = await pollUntil(
      async () => (await gone(`/api/v1/persistentvolumes/${pvName}`)) && !fs.existsSync(dir),
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect({ cleaned, dirLeft: fs.existsSync(dir) }).toEqual({ cleaned: true, dirLeft: false });
  });
});
