import { describe, expect, jest, test } from '@jest/globals';
import type { V1Job } from '@kubernetes/client-node';
import { loadTestbed } from '../testbed.js';
import { clients, jobCondition, smokeJobs, watchUntil } from './kube.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const bed = loadTestbed();
const jobs = smokeJobs();
const { ns } = jobs;

describe('kubernetes: jobs on the kwok fleet, as the CI identity', () => {
  test('a Job is scheduled on a fake CPU node and reaches Complete', async () => {
    const { kc, core } = clients();
    const name = await jobs.create('smoke-job');
    const job = await watchUntil<V1Job>(kc, `/apis/batch/v1/namespaces/${ns}/jobs`, name, (j) =>
      jobCondition(j, 'Complete'),
    );
    expect(job.status?.succeeded).toBe(1);
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: `job-name=${name}` });
    expect(pods.items).toHaveLength(1);
    const pod = pods.items[0];
    expect(pod?.status?.phase).toBe('Succeeded');
    expect(bed.kubernetes.cpuNodes).toContain(pod?.spec?.nodeName);
    expect(pod?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(0);
    // pods/log goes API server -> node's kubelet endpoint (kwok) and back, as in a real cluster.
    const log = await core.readNamespacedPodLog({
      name: pod?.metadata?.name ?? '',
      namespace: ns,
      container: 'train',
    });
    expect(log).toContain('epoch=2 loss=0.412');
  });

  test('an 8-GPU Job tolerating the GPU taint lands on a GPU node', async () => {
    const { kc, core } = clients();
    const name = await jobs.create('smoke-gpu-job', { gpus: 8 });
    await watchUntil<V1Job>(kc, `/apis/batch/v1/namespaces/${ns}/jobs`, name, (j) =>
      jobCondition(j, 'Complete'),
    );
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: `job-name=${name}` });
    expect(bed.kubernetes.gpuNodes).toContain(pods.items[0]?.spec?.nodeName);
  });
});
