import { describe, expect, jest, test } from '@jest/globals';
import type { CoreV1Event } from '@kubernetes/client-node';
import { sleep } from '../../../shared/util/sleep.js';
import { clients, smokeJobs } from './kube.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const jobs = smokeJobs();
const { ns } = jobs;

async function poll<T>(fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs}ms`);
    await sleep(500);
  }
}

describe('kubernetes: GPU capacity is enforced by the real scheduler', () => {
  test('a pod asking for 16 GPUs (nodes have 8) stays Pending with FailedScheduling', async () => {
    const { core } = clients();
    const name = await jobs.create('smoke-16gpu', { gpus: 16 });
    const event = await poll<CoreV1Event>(async () => {
      const pods = await core.listNamespacedPod({
        namespace: ns,
        labelSelector: `job-name=${name}`,
      });
      const pod = pods.items[0];
      if (!pod?.metadata?.name) return undefined;
      const events = await core.listNamespacedEvent({
        namespace: ns,
        fieldSelector: `involvedObject.name=${pod.metadata.name},reason=FailedScheduling`,
      });
      return events.items[0];
    });
    expect(event.message).toContain('Insufficient nvidia.com/gpu');
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: `job-name=${name}` });
    expect(pods.items[0]?.status?.phase).toBe('Pending');
    expect(pods.items[0]?.spec?.nodeName).toBeUndefined();
  });
});
