import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { createKubeClient, type KubeClient } from '../../../shared/k8s/client.js';
import { pollUntil } from '../../../shared/util/sleep.js';
import { realNodeLabel, realNodeTaint } from '../network/plan.js';
import { TestNamespace } from '../test-namespace.js';
import { loadTestbed, testbedFile } from '../testbed.js';

// Real containers: image unpacking and sandbox start take seconds on a busy 2-core machine.
jest.setTimeout(180_000);

const bed = loadTestbed();
const realNodes = {
  realNodes: bed.kubernetes.realNodes.map((node) => node.name),
  realNodeImage: bed.kubernetes.utilityImage,
};
if (realNodes.realNodes.length < 2) throw new Error(`${testbedFile()}: expected two real nodes`);

const ns = new TestNamespace('volumes-real');
let admin: KubeClient;

beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig });
  await admin.request('POST', `/api/v1/namespaces/${ns.name}/persistentvolumeclaims`, {
    body: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'checkpoints' },
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } },
    },
  });
});

afterAll(async () => {
  await ns.delete();
});

// The host's static busybox, mounted into the container: the test needs a shell and nothing
// else, whatever the node image holds (busybox-static is one of the bed's Debian packages).
function podOn(node: string, name: string, script: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      restartPolicy: 'Never',
      nodeSelector: { [realNodeLabel.key]: realNodeLabel.value, 'kubernetes.io/hostname': node },
      tolerations: [{ key: realNodeTaint.key, operator: 'Exists', effect: realNodeTaint.effect }],
      containers: [
        {
          name: 'c',
          image: realNodes.realNodeImage,
          imagePullPolicy: 'IfNotPresent',
          command: ['/testbed/busybox', 'sh', '-c', script],
          volumeMounts: [
            { name: 'ckpt', mountPath: '/ckpt' },
            { name: 'busybox', mountPath: '/testbed/busybox', readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: 'ckpt', persistentVolumeClaim: { claimName: 'checkpoints' } },
        { name: 'busybox', hostPath: { path: '/bin/busybox', type: 'File' } },
      ],
    },
  };
}

async function runToEnd(node: string, name: string, script: string): Promise<string> {
  const pods = `/api/v1/namespaces/${ns.name}/pods`;
  await admin.request('POST', pods, { body: podOn(node, name, script) });
  let phase: string | undefined;
  let pod: unknown;
  await pollUntil(
    async () => {
      pod = await admin.request<{ status?: { phase?: string } }>('GET', `${pods}/${name}`);
      phase = (pod as { status?: { phase?: string } }).status?.phase;
      return phase === 'Succeeded' || phase === 'Failed';
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  const lines: string[] = [];
  await admin.streamLines(
    `${pods}/${name}/log`,
    {},
    (l) => lines.push(l),
    AbortSignal.timeout(30_000),
  );
  const log = lines.join('\n');
  expect({ phase, log, pod }).toMatchObject({ phase: 'Succeeded' });
  return log;
}

describe('volumes on real nodes', () => {
  test('a file written to the claim on one node is read on the other', async () => {
    const [first, second] = realNodes.realNodes as [string, string];
    await runToEnd(first, 'writer', `echo "written on ${first}" > /ckpt/step-1.txt`);
    const log = await runToEnd(second, 'reader', 'cat /ckpt/step-1.txt');
    expect(log.trim()).toBe(`written on ${first}`);
  });
});
