import { describe, expect, jest, test } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import { sleep } from '../../../shared/util/sleep.js';
import { clients, smokeJobs, watchUntil } from './kube.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const jobs = smokeJobs();
const { ns } = jobs;

// The pod-template annotations below select the bed's kwok Stages (k8s/kwok-stages.yaml).
async function failedPodOf(annotations: Record<string, string>): Promise<V1Pod> {
  const { kc, core } = clients();
  const name = await jobs.create('smoke-outcome', { annotations });
  let podName: string | undefined;
  const deadline = Date.now() + 30_000;
  while (!podName && Date.now() < deadline) {
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: `job-name=${name}` });
    podName = pods.items[0]?.metadata?.name;
    if (!podName) await sleep(300);
  }
  if (!podName) throw new Error(`no pod for job ${name}`);
  return watchUntil<V1Pod>(
    kc,
    `/api/v1/namespaces/${ns}/pods`,
    podName,
    (p) => p.status?.phase === 'Failed',
  );
}

describe('kwok stages: chosen pod outcomes', () => {
  test('the exit-code annotation makes the container fail with that code', async () => {
    const pod = await failedPodOf({ 'testbed.mlenv.dev/exit-code': '3' });
    const terminated = pod.status?.containerStatuses?.[0]?.state?.terminated;
    expect(terminated?.exitCode).toBe(3);
    expect(terminated?.reason).toBe('Error');
  });

  test('the preempt annotation fails the pod with a DisruptionTarget condition', async () => {
    const pod = await failedPodOf({ 'testbed.mlenv.dev/preempt': 'true' });
    const disruption = pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    expect(disruption?.status).toBe('True');
    expect(disruption?.reason).toBe('PreemptionByScheduler');
  });
});
