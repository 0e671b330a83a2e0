import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace, type Workspace } from '../../shared/config/workspace.js';
import { lockEnvironment } from '../../shared/environment/index.js';
import { createKubeClient, type KubeClient, type KubeObject } from '../../shared/k8s/client.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { MlflowClient } from '../../shared/mlflow/client.js';
import { runTrain } from '../../shared/train/run-train.js';
import { pollUntil } from '../../shared/util/sleep.js';
import { type PackageIndexServer, startPackageIndex } from '../package-index/server.js';
import { readRecord } from '../testbed/daemon.js';
import {
  type NodePlan,
  networkPlan,
  realNodeLabel,
  realNodeTaint,
} from '../testbed/network/plan.js';
import { nodeLayout } from '../testbed/nodes/layout.js';
import { TestNamespace } from '../testbed/test-namespace.js';
import { loadTestbed } from '../testbed/testbed.js';
import { buildOnBed, useBedUv } from './bed-images.js';
import { startGitHttpServer } from './git-http-server.js';
import { liveJobsOfRun, podsOfRun } from './run-objects.js';
import { git, projectYaml, writeWorkspace } from './workspace-fixture.js';

// The trainer in pods on the bed's real nodes (containerd + kubelet), nothing played: the runtime
// image is built by `mlenv images build` (buildah) from the bed's base image and a small lock,
// pushed to the bed's registry and pulled from it by containerd; the code is the laptop's working
// tree with an uncommitted change, shipped as the run's MLflow artifact and unpacked by the pod's
// init container; the trainer logs to the bed's MLflow over the pod network. The trainer is
// Python's standard library only (the image has no torch: see the closing note of issue 16), and
// speaks MLflow's REST API as mlflow.log_metric would.

const bed = loadTestbed();
const ns = new TestNamespace('it-train-real-pods');
const namespace = ns.name;
const mlflow = new MlflowClient({ uri: bed.mlflow.uri });

const TRAINER = `import argparse, json, os, socket, time, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=1)
parser.add_argument("--mode", default="train")
args = parser.parse_args()


def log_metric(key, value, step=0):
    body = json.dumps({"run_id": os.environ["MLFLOW_RUN_ID"], "key": key, "value": value,
                       "timestamp": int(time.time() * 1000), "step": step}).encode()
    request = urllib.request.Request(os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + "/api/2.0/mlflow/runs/log-metric",
                                     data=body, headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30).read()


if args.mode == "exit3":
    raise SystemExit(3)
if args.mode in ("resume", "wait"):
    # Resumes from the checkpoint a pod before it left; otherwise works until it is stopped.
    checkpoint = os.path.join(os.environ["MLENV_CHECKPOINT_DIR"], "step")
    attempt = os.environ.get("MLENV_ATTEMPT")
    if args.mode == "resume" and os.path.exists(checkpoint):
        step = int(open(checkpoint).read())
        print("attempt", attempt, "resumed from step", step, flush=True)
        log_metric("resumed_from", float(step))
        raise SystemExit(0)
    with open(checkpoint, "w") as f:
        f.write("7")
    print("attempt", attempt, "started fresh, checkpoint written", flush=True)
    log_metric("checkpointed", 7.0)
    time.sleep(300)
    raise SystemExit("never stopped")
if args.mode == "oom":
    hog = []
    while True:
        hog.append(bytearray(16 * 1024 * 1024))

from marker import MARKER  # the uncommitted module: only a shipped working tree has it

rank = int(os.environ.get("PET_NODE_RANK", os.environ.get("JOB_COMPLETION_INDEX", "0")))
print("trainer on", socket.gethostname(), "rank", rank, "cwd", os.getcwd(), "marker", MARKER, flush=True)
nodes = int(os.environ.get("PET_NNODES", "1"))
if nodes > 1:
    # The rendezvous as torchrun makes it: rank 0 listens, the others reach it by its DNS name.
    port = int(os.environ["PET_MASTER_PORT"])
    if rank == 0:
        server = socket.create_server(("", port))
        server.settimeout(120)
        peers = []
        while len(peers) < nodes - 1:
            conn, _ = server.accept()
            peers.append(conn.recv(256).decode())
            conn.close()
        print("rank 0 heard from", sorted(peers), flush=True)
        log_metric("peers", len(peers))
    else:
        address = os.environ["PET_MASTER_ADDR"]
        for attempt in range(120):
            try:
                with socket.create_connection((address, port), timeout=5) as conn:
                    conn.sendall(("rank %d on %s" % (rank, socket.gethostname())).encode())
                break
            except OSError:
                time.sleep(1)
        else:
            raise SystemExit("cannot reach %s:%d" % (address, port))
for epoch in range(args.epochs):
    log_metric("shipped", float(len(MARKER)), epoch)
`;

let index: PackageIndexServer;
let root: string;
let workspace: Workspace;
let image: string;
let admin: KubeClient;

beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig, namespace });
  useBedUv(bed);
  index = await startPackageIndex({ packages: { leafpkg: [{ version: '1.0.0' }] } });
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-it-pods-'));
  writeWorkspace(
    root,
    {
      environment: {
        image: `${bed.registry.host}/mlenv-it/pods-${Date.now().toString(36)}`,
        indexUrl: index.url,
      },
      tracking: { uri: bed.mlflow.uri },
      kubernetes: {
        namespace,
        // Only the real nodes, whose taint keeps the kwok-era tests away.
        nodeSelector: { [realNodeLabel.key]: realNodeLabel.value },
        tolerations: [{ key: realNodeTaint.key, operator: 'Exists', effect: realNodeTaint.effect }],
      },
    },
    {
      'environment/requirements.in': 'leafpkg==1.0.0\n',
      'environment/requirements.lock': '',
      '.gitignore': 'data/\n',
      'projects/demo/mlenv.yaml': projectYaml('demo', {
        train: { command: ['python', 'train.py'], params: { epochs: 2 }, maxRuntime: '10m' },
      }),
      'projects/demo/train.py': TRAINER,
      'projects/demo/data/big.bin': 'ignored, never shipped\n',
    },
  );
  workspace = await loadWorkspace(root);
  await lockEnvironment(workspace, createMemoryLogger());
  workspace = await loadWorkspace(root);
  const built = await buildOnBed(bed, workspace);
  image = built.image;
  // A laptop's repository: committed, but with a new module not yet committed (nor pushed).
  git(root, 'init', '-q', '-b', 'feature');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'demo');
  writeFileSync(path.join(root, 'projects/demo/marker.py'), 'MARKER = "uncommitted-edit"\n');
}, 600_000);

afterAll(async () => {
  await index?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Run {
  workload?: 'job' | 'trainjob';
  nodes?: number;
  params?: Record<string, string>;
  memory?: string;
  /** Another image than the one built (a tag nobody pushed). */
  imageRepository?: string;
  pendingTimeoutMs?: number;
  checkpointClaim?: string;
  onSubmitted?: (runId: string) => void;
  signal?: AbortSignal;
  /** Another checkout of the same workspace. */
  root?: string;
  /** kubernetes.gitCredentials.secretName. */
  gitCredentials?: string;
  /** Tolerations besides the real nodes' taint. */
  tolerations?: NonNullable<Workspace['config']['kubernetes']>['tolerations'];
}

async function train({
  workload,
  nodes = 1,
  params,
  memory,
  imageRepository,
  pendingTimeoutMs,
  checkpointClaim,
  onSubmitted,
  signal,
  root: checkout,
  gitCredentials,
  tolerations,
}: Run = {}) {
  const logger = createMemoryLogger();
  const project = workspace.projects[0];
  if (!project) throw new Error('no project');
  const withNodes: Workspace = {
    ...workspace,
    ...(checkout ? { root: checkout, file: path.join(checkout, 'mlenv.yaml') } : {}),
    config: {
      ...workspace.config,
      environment: {
        ...workspace.config.environment,
        ...(imageRepository ? { image: imageRepository } : {}),
      },
      kubernetes: {
        ...(workspace.config.kubernetes as NonNullable<Workspace['config']['kubernetes']>),
        ...(workload ? { workload } : {}),
        ...(checkpointClaim ? { checkpoints: { claimName: checkpointClaim } } : {}),
        ...(gitCredentials ? { gitCredentials: { secretName: gitCredentials } } : {}),
        ...(tolerations
          ? { tolerations: [...(workspace.config.kubernetes?.tolerations ?? []), ...tolerations] }
          : {}),
      },
    },
  };
  const outcome = await runTrain({
    workspace: withNodes,
    project: {
      ...project,
      config: {
        ...project.config,
        train: {
          ...(project.config.train as NonNullable<typeof project.config.train>),
          nodes,
          ...(memory ? { resources: { gpus: 0, memory } } : {}),
        },
      },
    },
    backend: 'kubernetes',
    kubeconfig: bed.kubernetes.ciKubeconfig,
    register: false,
    params,
    pendingTimeoutMs,
    onSubmitted: (handle) => onSubmitted?.(handle.runId),
    logger,
    signal: signal ?? new AbortController().signal,
    // Not a GitHub Actions run, whatever runs the tests.
    env: { ...process.env, GITHUB_ACTIONS: undefined, GITHUB_SERVER_URL: undefined },
  });
  if (outcome.kind !== 'run') throw new Error(`expected a run, got ${outcome.kind}`);
  return { result: outcome.result, logger };
}

interface KubeTaint {
  key: string;
  value?: string;
  effect: string;
}

function podsOf(runId: string): Promise<KubeObject[]> {
  return podsOfRun(admin, namespace, runId);
}

describe('training in pods on the real nodes', () => {
  it('runs the uncommitted working tree, shipped through MLflow, in the image built and pulled from the registry', async () => {
    const { result, logger } = await train();
    expect([result.status, result.reason]).toEqual(['succeeded', undefined]);
    // The CLI's line says which code the pods run, and why.
    expect(logger.lines).toContainEqual(
      expect.stringMatching(
        /^code: working tree \(\d+ files, .*\) as MLflow artifact code\/workspace\.tar\.gz, because 1 file has uncommitted changes \(projects\/demo\/marker\.py\)$/,
      ),
    );
    expect(result.log).toContain('mlenv code: ');
    expect(result.log).toMatch(
      /trainer on \S+ rank 0 cwd \/workspace\/projects\/demo marker uncommitted-edit/,
    );
    // The trainer's own metric, logged from the pod over the pod network.
    expect(result.history.shipped?.map((m) => m.value)).toEqual([16, 16]);
    const run = await mlflow.getRun(result.runId);
    const tags = Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags['mlenv.code.source']).toBe('working-tree');
    expect(tags['mlenv.code.sha256']).toMatch(/^[0-9a-f]{64}$/);
    const [pod] = await podsOf(result.runId);
    const spec = pod?.spec as { nodeName: string; containers: { image: string }[] };
    expect(spec.nodeName).toMatch(/^real-node-\d$/);
    expect(spec.containers[0]?.image).toBe(image);
    // containerd pulled it from the registry: the kubelet reports the image's digest.
    const status = pod?.status as { containerStatuses: { imageID: string }[] };
    expect(status.containerStatuses[0]?.imageID).toMatch(/@sha256:[0-9a-f]{64}$/);
  }, 300_000);

  it.each(['trainjob', 'job'] as const)(
    'runs a 2-node %s whose ranks meet over the rendezvous Service, one per node, each with the shipped code',
    async (workload) => {
      const { result } = await train({ workload, nodes: 2 });
      expect([result.status, result.reason]).toEqual(['succeeded', undefined]);
      expect(result.log).toMatch(/rank 0 heard from \['rank 1 on /);
      expect(
        result.log.match(/\] mlenv code: \d+ files of code\/workspace\.tar\.gz/g),
      ).toHaveLength(2);
      expect(result.history.peers?.map((m) => m.value)).toEqual([1]);
      const pods = await podsOf(result.runId);
      expect(pods).toHaveLength(2);
      // One rank per machine: the ranks talked across the bed's bridge, not inside one node.
      const nodes = pods.map((p) => (p.spec as { nodeName: string }).nodeName).sort();
      expect(nodes).toEqual(['real-node-0', 'real-node-1']);
      for (const pod of pods) {
        const spec = pod.spec as { nodeName: string; initContainers?: { name: string }[] };
        expect(spec.nodeName).toMatch(/^real-node-\d$/);
        // The trainer's container fetched the working tree itself: no init container.
        expect(spec.initContainers).toBeUndefined();
      }
    },
    300_000,
  );

  it('fails with the trainer exit code when the trainer exits 3 in its pod', async () => {
    const { result } = await train({ params: { mode: 'exit3' } });
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(3);
    expect(result.reason).toMatch(/exit(ed)? (with )?(code )?3/);
    expect((await mlflow.getRun(result.runId)).info.status).toBe('FAILED');
  }, 300_000);

  it('says the trainer was OOMKilled when the kernel killed it at its memory limit', async () => {
    const { result } = await train({ params: { mode: 'oom' }, memory: '96Mi' });
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('trainer was OOMKilled: it used more than its memory limit (96Mi)');
  }, 300_000);

  it('fails an image nobody pushed after the pending timeout, naming the pull error, and leaves no Job', async () => {
    const { result, logger } = await train({
      imageRepository: `${bed.registry.host}/mlenv-it/never-pushed`,
      pendingTimeoutMs: 8_000,
    });
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/was unable to pull its image for 8s: .*never-pushed/);
    expect(logger.lines.some((l) => /ErrImagePull|ImagePullBackOff|not found/.test(l))).toBe(true);
    expect(await liveJobsOfRun(admin, namespace, result.runId)).toEqual([]);
  }, 300_000);

  it('fails a pod no real node can hold after the pending timeout, with the real scheduler’s reason, and leaves no Job', async () => {
    // More memory than the machine has: each real node offers it all, and neither fits.
    const { result } = await train({ memory: '4096Gi', pendingTimeoutMs: 8_000 });
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(
      /was unschedulable for 8s: 0\/\d+ nodes are available: .*\b2 Insufficient memory\b/,
    );
    expect(await liveJobsOfRun(admin, namespace, result.runId)).toEqual([]);
  }, 300_000);

  it('retries an evicted pod without counting it, and the retry resumes from the checkpoint on the claim', async () => {
    // A claim the bed's provisioner binds to a hostPath folder that both real nodes see.
    const claim = `ckpt-${Date.now().toString(36)}`;
    await admin.request('POST', `/api/v1/namespaces/${namespace}/persistentvolumeclaims`, {
      body: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: claim },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'testbed-hostpath',
          resources: { requests: { storage: '64Mi' } },
        },
      },
    });
    // The bed's provisioner makes a root-owned hostPath folder, and hostPath volumes take no
    // fsGroup (a CSI volume would): made writable here, as a cluster admin's storage would be.
    let hostPath = '';
    await pollUntil(
      async () => {
        const pvc = await admin.request<KubeObject>(
          'GET',
          `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${claim}`,
        );
        const volume = (pvc.spec as { volumeName?: string }).volumeName;
        if (!volume) return false;
        const pv = await admin.request<KubeObject>('GET', `/api/v1/persistentvolumes/${volume}`);
        hostPath = (pv.spec as { hostPath?: { path: string } }).hostPath?.path ?? '';
        return hostPath !== '';
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(hostPath).not.toBe('');
    chmodSync(hostPath, 0o777);
    let runId = '';
    const running = train({
      params: { mode: 'resume' },
      checkpointClaim: claim,
      onSubmitted: (id) => {
        runId = id;
      },
    });
    // Evicted (as a node drain or preemption does) once the trainer has written its checkpoint.
    const evicted = await pollUntil(
      async () => {
        if (!runId) return false;
        // The trainer says so through MLflow, as it would log any metric.
        if ((await mlflow.metricHistory(runId, 'checkpointed')).length === 0) return false;
        const [pod] = await podsOf(runId);
        if (!pod) return false;
        await admin.request(
          'POST',
          `/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}/eviction`,
          {
            body: {
              apiVersion: 'policy/v1',
              kind: 'Eviction',
              metadata: { name: pod.metadata.name, namespace },
            },
          },
        );
        return true;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(evicted).toBe(true);
    const { result, logger } = await running;
    expect([result.status, result.reason]).toEqual(['succeeded', undefined]);
    expect(result.attempts).toBe(2);
    expect(logger.lines).toContainEqual(
      expect.stringMatching(/^warning: Pod \S+ was preempted \(EvictionByEvictionAPI: /),
    );
    // Attempt 1 wrote the checkpoint (and said so in MLflow); attempt 2, on the same claim, read it.
    expect(result.history.checkpointed?.map((m) => m.value)).toEqual([7]);
    expect(result.log).toMatch(/\[pod 1\] attempt 2 resumed from step 7/);
    expect(result.history.resumed_from?.map((m) => m.value)).toEqual([7]);
    const run = await mlflow.getRun(result.runId);
    expect(run.data.tags?.find((t) => t.key === 'mlenv.attempt')?.value).toBe('2');
  }, 300_000);

  it('deletes the Job and its pods when the launcher is cancelled, and ends the run KILLED', async () => {
    const controller = new AbortController();
    let runId = '';
    const running = train({
      params: { mode: 'wait' },
      signal: controller.signal,
      onSubmitted: (id) => {
        runId = id;
      },
    });
    const started = await pollUntil(
      async () =>
        runId !== '' &&
        (await podsOf(runId)).some((p) => (p.status as { phase?: string }).phase === 'Running'),
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(started).toBe(true);
    controller.abort();
    const { result } = await running;
    expect(result.status).toBe('cancelled');
    expect((await mlflow.getRun(result.runId)).info.status).toBe('KILLED');
    // The kubelet stops the trainer; nothing of the run is left on the nodes.
    const gone = await pollUntil(async () => (await podsOf(runId)).length === 0, {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    expect(gone).toBe(true);
  }, 300_000);

  it('fails a run whose node stops responding, naming the node, and nothing of it runs once the node is back', async () => {
    const lost = networkPlan().nodes[1]?.name ?? '';
    const kubelet = readRecord(
      nodeLayout(networkPlan(), networkPlan().nodes[1] as NodePlan).kubeletDaemon,
    );
    if (!kubelet) throw new Error(`no kubelet record for ${lost}`);
    // The other test files train on these nodes too: a taint of this test's own keeps their new
    // pods off the node it stops, and it waits for theirs there to end.
    const taint = { key: 'mlenv.dev/node-loss-test', effect: 'NoSchedule' } as const;
    const nodePath = `/api/v1/nodes/${lost}`;
    const setTaints = async (edit: (taints: KubeTaint[]) => KubeTaint[]) => {
      const node = await admin.request<{ spec: { taints?: KubeTaint[] } }>('GET', nodePath);
      await admin.request('PATCH', nodePath, {
        body: { spec: { taints: edit(node.spec.taints ?? []) } },
        contentType: 'application/merge-patch+json',
      });
    };
    await setTaints((taints) => [...taints.filter((t) => t.key !== taint.key), taint]);
    let stopped = false;
    try {
      const othersGone = await pollUntil(
        async () => {
          const pods = await admin.request<{ items: KubeObject[] }>('GET', '/api/v1/pods', {
            query: { fieldSelector: `spec.nodeName=${lost}` },
          });
          return pods.items.every(
            (p) =>
              p.metadata.namespace === namespace ||
              ['Succeeded', 'Failed'].includes((p.status as { phase?: string }).phase ?? ''),
          );
        },
        { timeoutMs: 600_000, intervalMs: 1_000 },
      );
      expect(othersGone).toBe(true);
      let runId = '';
      const running = train({
        nodes: 2,
        params: { mode: 'wait' },
        tolerations: [{ ...taint, operator: 'Exists' as const }],
        onSubmitted: (id) => {
          runId = id;
        },
      });
      const bothRunning = await pollUntil(
        async () =>
          runId !== '' &&
          (await podsOf(runId)).filter((p) => (p.status as { phase?: string }).phase === 'Running')
            .length === 2,
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      expect(bothRunning).toBe(true);
      // The kubelet stops, as on a machine that hangs: its heartbeats end, its containers go on.
      process.kill(-kubelet.pid, 'SIGSTOP');
      stopped = true;
      const { result, logger } = await running;
      expect(result.status).toBe('failed');
      expect(result.reason).toMatch(
        new RegExp(
          `^pod \\S+ was lost with its node ${lost}, which stopped responding: the run cannot go on without it`,
        ),
      );
      expect(logger.lines).toContainEqual(expect.stringMatching(/Deleted (Job|TrainJob)\//));
      process.kill(-kubelet.pid, 'SIGCONT');
      stopped = false;
      // Back, the kubelet finds its pods deleted and stops their containers: nothing is left.
      const gone = await pollUntil(async () => (await podsOf(result.runId)).length === 0, {
        timeoutMs: 240_000,
        intervalMs: 1_000,
      });
      expect(gone).toBe(true);
      expect(await liveJobsOfRun(admin, namespace, result.runId)).toEqual([]);
    } finally {
      if (stopped) process.kill(-kubelet.pid, 'SIGCONT');
      await setTaints((taints) => taints.filter((t) => t.key !== taint.key));
    }
  }, 900_000);

  it('fetches a clean, pushed commit by git in the init container, from a git server the pods reach', async () => {
    // The remote: a bare repository served by git daemon on the bed's gateway (pods reach it
    // there, as they reach MLflow), and a clone whose commit is on origin/main.
    const { gateway } = networkPlan();
    const served = mkdtempSync(path.join(tmpdir(), 'mlenv-it-git-'));
    const port = await freePort(gateway);
    const daemon = spawn(
      'git',
      [
        'daemon',
        '--reuseaddr',
        '--export-all',
        `--base-path=${served}`,
        `--listen=${gateway}`,
        `--port=${port}`,
        served,
      ],
      { stdio: 'ignore' },
    );
    try {
      const url = `git://${gateway}:${port}/ml.git`;
      const { clone, commit } = pushedClone(served, url);
      const listening = await pollUntil(
        async () =>
          new Promise<boolean>((resolve) => {
            const socket = connect({ host: gateway, port }, () => {
              socket.end();
              resolve(true);
            });
            socket.on('error', () => resolve(false));
          }),
        { timeoutMs: 10_000, intervalMs: 100 },
      );
      expect(listening).toBe(true);
      const { result, logger } = await train({ root: clone });
      expect([result.status, result.reason]).toEqual(['succeeded', undefined]);
      expect(logger.lines).toContainEqual(
        `code: git ${url}@${commit}, because the tree is clean and commit ${commit.slice(0, 12)} is on origin/main`,
      );
      expect(result.log).toContain(`mlenv code: ${url} at ${commit} checked out into /workspace`);
      expect(result.log).toMatch(/marker fetched-by-git/);
      const tags = Object.fromEntries(
        ((await mlflow.getRun(result.runId)).data.tags ?? []).map((t) => [t.key, t.value]),
      );
      expect(tags['mlenv.code.source']).toBe('git');
    } finally {
      daemon.kill();
      rmSync(served, { recursive: true, force: true });
    }
  }, 300_000);

  it('fetches from a private git host with the read token of kubernetes.gitCredentials, and says so when the token is refused', async () => {
    const served = mkdtempSync(path.join(tmpdir(), 'mlenv-it-git-http-'));
    const token = `ghs_${Date.now().toString(36)}readonly`;
    const host = await startGitHttpServer({
      root: served,
      host: networkPlan().gateway,
      username: 'x-access-token',
      password: token,
    });
    try {
      const url = host.url('ml.git');
      const { clone, commit } = pushedClone(served, url);
      // The team's Secret with a read token; MLEnv only names it, the kubelet reads it.
      for (const [name, password] of [
        ['git-read', token],
        ['git-revoked', 'ghs_revoked'],
      ])
        await admin.request('POST', `/api/v1/namespaces/${namespace}/secrets`, {
          body: {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name },
            stringData: { password },
          },
        });
      const { result, logger } = await train({ root: clone, gitCredentials: 'git-read' });
      expect([result.status, result.reason]).toEqual(['succeeded', undefined]);
      expect(logger.lines).toContainEqual(
        expect.stringMatching(new RegExp(`^code: git ${url}@${commit}`)),
      );
      expect(result.log).toContain(`mlenv code: ${url} at ${commit} checked out into /workspace`);
      expect(result.log).toMatch(/marker fetched-by-git/);
      // The token is in no object MLEnv created: the pod names the Secret's key.
      const [pod] = await podsOf(result.runId);
      expect(JSON.stringify(pod)).not.toContain(token);

      const refusedBefore = host.refused;
      const revoked = await train({ root: clone, gitCredentials: 'git-revoked' });
      expect(revoked.result.status).toBe('failed');
      expect(revoked.result.log).toContain(
        `mlenv code: cannot fetch commit ${commit} from ${url}: the token in kubernetes.gitCredentials' Secret may lack read access to it`,
      );
      expect(host.refused).toBeGreaterThan(refusedBefore);
    } finally {
      await host.stop();
      rmSync(served, { recursive: true, force: true });
    }
  }, 300_000);
});

/**
 * A clean checkout of the workspace whose commit (with the marker module committed) is pushed to
 * a bare `ml.git` in `served`, with origin then pointing at `url`, where the pods fetch it.
 */
function pushedClone(served: string, url: string): { clone: string; commit: string } {
  git(served, 'init', '-q', '--bare', 'ml.git');
  const clone = path.join(served, 'clone');
  execFileSync('cp', ['-a', root, clone]);
  rmSync(path.join(clone, 'projects/demo/marker.py'));
  writeFileSync(path.join(clone, 'projects/demo/marker.py'), 'MARKER = "fetched-by-git"\n');
  git(clone, 'add', '-A');
  git(clone, 'commit', '-q', '-m', 'marker');
  git(clone, 'remote', 'add', 'origin', path.join(served, 'ml.git'));
  git(clone, 'push', '-q', 'origin', 'HEAD:main');
  git(clone, 'fetch', '-q', 'origin');
  git(clone, 'remote', 'set-url', 'origin', url);
  return { clone, commit: git(clone, 'rev-parse', 'HEAD') };
}

/** A port nobody listens on at `host` now. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
