// Shows that `up` brings back a real node whose processes were all SIGKILLed: its containerd,
// its kubelet, the shims and every container. Not a jest test: it takes a node away from every
// other test file running at the same time. Run it on a bed that is up and otherwise idle:
//
//   npx tsx action-tests/testbed/nodes/recovery-check.ts
//
// Exit code 0 with a summary when the node recovered, 1 with the reason otherwise.
import { spawnSync } from 'node:child_process';
import { createKubeClient } from '../../../shared/k8s/client.js';
import { pollUntil } from '../../../shared/util/sleep.js';
import { isRunning, readRecord } from '../daemon.js';
import { deletePodNetns, podNetnsOf } from '../network/node-network.js';
import { networkPlan, realNodeLabel, realNodeTaint } from '../network/plan.js';
import { loadTestbed } from '../testbed.js';
import { up } from '../up.js';
import { cgroupPids, pidsWithArgs } from './host.js';
import { nodeLayout } from './layout.js';

function fail(message: string): never {
  console.error(`recovery check FAILED: ${message}`);
  process.exit(1);
}

function pidOf(name: string): number {
  const rec = readRecord(name);
  if (!rec || !isRunning(rec)) fail(`${name} is not running; bring the bed up first`);
  return rec.pid;
}

async function main(): Promise<void> {
  const bed = loadTestbed();
  const plan = networkPlan();
  const node = plan.nodes[plan.nodes.length - 1] ?? fail('the plan has no real nodes');
  const layout = nodeLayout(plan, node);
  const admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig });
  const ns = bed.kubernetes.namespace;

  // A pod running on the node, so the kill leaves containers, mounts and a pod netns behind.
  const victim = `recovery-victim-${Date.now().toString(36)}`;
  await admin.request('POST', `/api/v1/namespaces/${ns}/pods`, {
    body: pod(victim, node.name, 'sleep 3600'),
  });
  await waitPhase(admin, ns, victim, 'Running');
  const before = {
    kubelet: pidOf(layout.kubeletDaemon),
    containerd: pidOf(layout.containerdDaemon),
  };
  const strays = [...pidsWithArgs(['-address', layout.socket]), ...cgroupPids(layout.cgroupRoot)];
  const netnsBefore = await podNetnsOf(node);
  console.log(
    `killing ${node.name}: kubelet ${before.kubelet}, containerd ${before.containerd}, ` +
      `${strays.length} shim/container processes; pod netns: ${netnsBefore.join(' ')}`,
  );
  for (const pid of [before.kubelet, before.containerd, ...strays]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  await pollUntil(() => !isAlive(before.kubelet) && !isAlive(before.containerd), {
    timeoutMs: 10_000,
  });

  const started = Date.now();
  await up();
  const upMs = Date.now() - started;

  const after = {
    kubelet: pidOf(layout.kubeletDaemon),
    containerd: pidOf(layout.containerdDaemon),
  };
  if (after.kubelet === before.kubelet || after.containerd === before.containerd) {
    fail(`expected new pids after up, found ${JSON.stringify({ before, after })}`);
  }
  const leftovers = (await podNetnsOf(node)).filter((n) => netnsBefore.includes(n));
  if (leftovers.length > 0) {
    await deletePodNetns(leftovers);
    fail(`pod namespaces of the killed node survived up: ${leftovers.join(' ')}`);
  }

  // The node runs new pods again, and its kubelet serves their logs.
  const probe = `recovery-probe-${Date.now().toString(36)}`;
  const podStart = Date.now();
  await admin.request('POST', `/api/v1/namespaces/${ns}/pods`, {
    body: pod(probe, node.name, 'echo recovered on $(hostname)'),
  });
  await waitPhase(admin, ns, probe, 'Succeeded');
  const podMs = Date.now() - podStart;
  const logs = spawnSync(
    bed.tools.kubectl,
    [`--kubeconfig=${bed.kubernetes.adminKubeconfig}`, '-n', ns, 'logs', probe],
    { encoding: 'utf8' },
  );
  if (logs.stdout.trim() !== `recovered on ${probe}`) {
    fail(`expected the probe's log "recovered on ${probe}", got: ${logs.stdout}${logs.stderr}`);
  }
  for (const name of [victim, probe]) {
    await admin.request('DELETE', `/api/v1/namespaces/${ns}/pods/${name}`, {
      query: { gracePeriodSeconds: 0 },
    });
  }
  console.log(
    `recovery check passed: ${node.name} back (kubelet ${before.kubelet} -> ${after.kubelet}, ` +
      `containerd ${before.containerd} -> ${after.containerd}); up took ${upMs} ms; ` +
      `a new pod there ran to Succeeded in ${podMs} ms and its log came back`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pod(name: string, node: string, script: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      nodeSelector: { [realNodeLabel.key]: realNodeLabel.value, 'kubernetes.io/hostname': node },
      tolerations: [{ key: realNodeTaint.key, operator: 'Exists', effect: realNodeTaint.effect }],
      containers: [
        {
          name: 'main',
          image: loadTestbed().kubernetes.utilityImage,
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', script],
        },
      ],
    },
  };
}

async function waitPhase(
  admin: Awaited<ReturnType<typeof createKubeClient>>,
  ns: string,
  name: string,
  phase: string,
): Promise<void> {
  let last: unknown;
  const ok = await pollUntil(
    async () => {
      last = await admin.request<{ status?: { phase?: string } }>(
        'GET',
        `/api/v1/namespaces/${ns}/pods/${name}`,
      );
      return (last as { status?: { phase?: string } }).status?.phase === phase;
    },
    { timeoutMs: 90_000, intervalMs: 250 },
  );
  if (!ok) fail(`pod ${name} never reached ${phase}: ${JSON.stringify(last)}`);
}

main().catch((err) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
