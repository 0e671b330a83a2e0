import { afterAll, describe, expect, jest, test } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import { sleep } from '../../../shared/util/sleep.js';
import { loadTestbed } from '../testbed.js';
import { clients, deleteJob, jobManifest, uniqueName, watchUntil } from './kube.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const bed = loadTestbed();
const ns = bed.kubernetes.namespace;
const created: string[] = [];

afterAll(async () => {
  for (const name of created) await deleteJob(name, ns);
});

// The pod-template annotations below select the bed's kwok Stages (k8s/kwok-stages.yaml).
async function failedPodOf(annotations: Record<string, string>): Promise<V1Pod> {
  const { kc, batch, core } = clients();
  const name = uniqueName('smoke-outcome');
  created.push(name);
  await batch.createNamespacedJob({ namespace: ns, body: jobManifest(name, { annotations }) });
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
