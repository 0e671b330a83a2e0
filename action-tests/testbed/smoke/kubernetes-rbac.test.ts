import { describe, expect, jest, test } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import { loadTestbed } from '../testbed.js';
import { clients } from './kube.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const bed = loadTestbed();

async function statusOf(fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn();
    return 200;
  } catch (err) {
    if (err instanceof ApiException) return err.code;
    throw err;
  }
}

describe('kubernetes: the CI identity has least privilege', () => {
  test('cannot read Secrets in kube-system (403)', async () => {
    const { core } = clients();
    expect(await statusOf(() => core.listNamespacedSecret({ namespace: 'kube-system' }))).toBe(403);
  });

  test('cannot read Secrets in its own namespace either (403)', async () => {
    const { core } = clients();
    const namespace = bed.kubernetes.namespace;
    expect(await statusOf(() => core.listNamespacedSecret({ namespace }))).toBe(403);
  });

  test('can list Jobs and Pods in its namespace, but cannot create bare Pods', async () => {
    const { batch, core } = clients();
    const namespace = bed.kubernetes.namespace;
    expect(await statusOf(() => batch.listNamespacedJob({ namespace }))).toBe(200);
    expect(await statusOf(() => core.listNamespacedPod({ namespace }))).toBe(200);
    const pod = {
      metadata: { name: 'smoke-bare-pod' },
      spec: { containers: [{ name: 'c', image: 'registry.invalid/x:1' }] },
    };
    expect(await statusOf(() => core.createNamespacedPod({ namespace, body: pod }))).toBe(403);
  });
});
