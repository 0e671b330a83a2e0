import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { createKubeClient, type KubeClient } from '../../../shared/k8s/client.js';
import { pollUntil } from '../../../shared/util/sleep.js';
import { realNodeLabel, realNodeTaint } from '../network/plan.js';
import { TestNamespace } from '../test-namespace.js';
import { loadTestbed } from '../testbed.js';

// Real containers on the bed's two real nodes (containerd + kubelet in their own network
// namespaces): scheduling, logs through the kubelet, pod-to-pod traffic across nodes, and an
// indexed Job over both. Pods are made as admin (the CI identity may not create pods); logs and
// the Job go through the CI identity, as MLEnv uses them.
jest.setTimeout(180_000);

const bed = loadTestbed();
const ns = new TestNamespace('real-nodes');
const image = bed.kubernetes.utilityImage;
const [node0, node1] = bed.kubernetes.realNodes.map((n) => n.name) as [string, string];
let admin: KubeClient;

interface Pod {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { nodeName?: string };
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { state?: { terminated?: { exitCode: number } } }[];
  };
}

beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig });
});

afterAll(async () => {
  await ns.delete();
});

const onRealNodes = {
  tolerations: [{ key: realNodeTaint.key, operator: 'Exists', effect: realNodeTaint.effect }],
};

function podOn(node: string, name: string, script: string, restartPolicy = 'Never') {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name } },
    spec: {
      restartPolicy,
      terminationGracePeriodSeconds: 1,
      nodeSelector: { [realNodeLabel.key]: realNodeLabel.value, 'kubernetes.io/hostname': node },
      ...onRealNodes,
      containers: [
        { name: 'main', image, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script] },
      ],
    },
  };
}

const podsPath = () => `/api/v1/namespaces/${ns.name}/pods`;

async function waitPod(name: string, done: (p: Pod) => boolean, timeoutMs = 90_000): Promise<Pod> {
  let pod: Pod | undefined;
  const ok = await pollUntil(
    async () => {
      pod = await admin.request<Pod>('GET', `${podsPath()}/${name}`);
      return done(pod) || pod.status?.phase === 'Failed';
    },
    { timeoutMs, intervalMs: 250 },
  );
  if (!ok || !pod || !done(pod)) {
    throw new Error(
      `pod ${name} did not get there in time; last seen:\n${JSON.stringify(pod, null, 2)}`,
    );
  }
  return pod;
}

/** `kubectl logs` as the CI identity: API server -> the node's kubelet -> containerd. */
function kubectlLogs(pod: string): string {
  const res = spawnSync(
    bed.tools.kubectl,
    [`--kubeconfig=${bed.kubernetes.ciKubeconfig}`, '-n', ns.name, 'logs', pod],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (res.status !== 0) throw new Error(`kubectl logs ${pod} failed: ${res.stderr}`);
  return res.stdout;
}

describe('real nodes', () => {
  test('both are Ready, tainted, labelled, with their InternalIP and containerd', async () => {
    for (const expected of bed.kubernetes.realNodes) {
      const node = await admin.request<{
        metadata: { labels: Record<string, string> };
        spec: { taints?: { key: string; value?: string; effect: string }[] };
        status: {
          conditions: { type: string; status: string }[];
          addresses: { type: string; address: string }[];
          nodeInfo: { containerRuntimeVersion: string; kubeletVersion: string };
        };
      }>('GET', `/api/v1/nodes/${expected.name}`);
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(node.spec.taints).toContainEqual(realNodeTaint);
      expect(node.metadata.labels[realNodeLabel.key]).toBe(realNodeLabel.value);
      expect(node.status.addresses).toContainEqual({
        type: 'InternalIP',
        address: expected.address,
      });
      expect(node.status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\//);
      expect(node.status.nodeInfo.kubeletVersion).toBe(bed.kubernetes.version);
    }
  });

  test('a pod on each node runs its command; its log comes back through kubectl logs', async () => {
    const token = randomBytes(6).toString('hex');
    const names = [node0, node1].map((_, i) => `hello-${i}`);
    const started = Date.now();
    await Promise.all(
      [node0, node1].map((node, i) =>
        admin.request('POST', podsPath(), {
          body: podOn(node, names[i] as string, `echo "hello ${token} from $(hostname)"; uname -s`),
        }),
      ),
    );
    const pods = await Promise.all(
      names.map((n) => waitPod(n, (p) => p.status?.phase === 'Succeeded')),
    );
    console.log(`[real-nodes] two pods created -> Succeeded in ${Date.now() - started} ms`);
    expect(pods.map((p) => p.spec.nodeName)).toEqual([node0, node1]);
    for (const [i, name] of names.entries()) {
      expect(kubectlLogs(name)).toBe(`hello ${token} from ${name}\nLinux\n`);
      expect(pods[i]?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(0);
    }
  });

  test('a pod on one node reaches a pod on the other over the pod network', async () => {
    const token = randomBytes(6).toString('hex');
    await admin.request('POST', podsPath(), {
      body: podOn(
        node1,
        'server',
        `mkdir -p /www && echo "served ${token}" > /www/index.html && exec httpd -f -p 8080 -h /www`,
        'Always',
      ),
    });
    const server = await waitPod('server', (p) =>
      (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    const ip = server.status?.podIP ?? '';
    const node1Cidr = bed.kubernetes.realNodes[1]?.podCidr ?? '';
    expect(ip.split('.').slice(0, 3)).toEqual(node1Cidr.split('.').slice(0, 3));
    // Retried: httpd is Ready as a process a moment before it accepts. No `wget -T` (crashes in
    // Debian's static busybox); `timeout` bounds each try.
    await admin.request('POST', podsPath(), {
      body: podOn(
        node0,
        'client',
        `for i in 1 2 3 4 5; do timeout 5 wget -qO- http://${ip}:8080/ && exit 0; sleep 1; done; exit 1`,
      ),
    });
    const client = await waitPod('client', (p) => p.status?.phase === 'Succeeded');
    expect(client.spec.nodeName).toBe(node0);
    expect(kubectlLogs('client')).toContain(`served ${token}`);
  });

  test('an indexed Job with two completions runs one pod on each node and completes', async () => {
    const name = 'spread';
    const started = Date.now();
    const ci = await createKubeClient({ kubeconfig: bed.kubernetes.ciKubeconfig });
    await ci.request('POST', `/apis/batch/v1/namespaces/${ns.name}/jobs`, {
      body: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name },
        spec: {
          completionMode: 'Indexed',
          completions: 2,
          parallelism: 2,
          backoffLimit: 0,
          template: {
            metadata: { labels: { app: name } },
            spec: {
              restartPolicy: 'Never',
              terminationGracePeriodSeconds: 1,
              nodeSelector: { [realNodeLabel.key]: realNodeLabel.value },
              ...onRealNodes,
              // One pod per node, so the Job spans both.
              affinity: {
                podAntiAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: [
                    {
                      labelSelector: { matchLabels: { app: name } },
                      topologyKey: 'kubernetes.io/hostname',
                    },
                  ],
                },
              },
              containers: [
                {
                  name: 'main',
                  image,
                  imagePullPolicy: 'IfNotPresent',
                  command: ['sh', '-c', 'echo "index=$JOB_COMPLETION_INDEX node=$NODE_NAME"'],
                  env: [
                    { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                  ],
                },
              ],
            },
          },
        },
      },
    });
    let job: { status?: { succeeded?: number; conditions?: { type: string; status: string }[] } } =
      {};
    const complete = await pollUntil(
      async () => {
        job = await ci.request('GET', `/apis/batch/v1/namespaces/${ns.name}/jobs/${name}`);
        return (job.status?.conditions ?? []).some(
          (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
        );
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    console.log(
      `[real-nodes] indexed Job over two nodes created -> done in ${Date.now() - started} ms`,
    );
    expect({ complete, status: job.status }).toMatchObject({
      complete: true,
      status: { succeeded: 2 },
    });
    const pods = await ci.request<{ items: Pod[] }>('GET', podsPath(), {
      query: { labelSelector: `job-name=${name}` },
    });
    expect(pods.items.map((p) => p.spec.nodeName).sort()).toEqual([node0, node1].sort());
    const logs = pods.items.map((p) => kubectlLogs(p.metadata.name).trim()).sort();
    expect(logs).toEqual(
      pods.items
        .map((p) => {
          const index = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
          return `index=${index} node=${p.spec.nodeName}`;
        })
        .sort(),
    );
    expect(logs.map((l) => l.split(' ')[0]).sort()).toEqual(['index=0', 'index=1']);
  });
});
