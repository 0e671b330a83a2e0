import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKubeClient, type KubeClient, type KubeObject } from '../../shared/k8s/client.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { MlflowClient } from '../../shared/mlflow/client.js';
import { runTrain, type TrainRequest } from '../../shared/train/run-train.js';
import { TestNamespace } from '../testbed/test-namespace.js';
import { loadTestbed } from '../testbed/testbed.js';
import { scratchWorkspace } from './workspace-fixture.js';

// The Kubernetes backend against the test bed's real API server, scheduler, Job controller and
// kwok nodes, as the namespace-scoped CI identity. kwok plays the kubelet; annotations on the pod
// template pick its outcome (action-tests/testbed/k8s/kwok-stages.yaml).
const bed = loadTestbed();
// A namespace of this file's own: other files run beside it on the same bed.
const ns = new TestNamespace('it-train-kubernetes');
const namespace = ns.name;
// Unique per run: a claim still used by an earlier run's pods stays Terminating for a while.
const CLAIM = `mlenv-it-checkpoints-${Date.now().toString(36)}`;
let admin: KubeClient;
const mlflow = new MlflowClient({ uri: bed.mlflow.uri });

interface Scenario {
  name?: string;
  train?: Record<string, unknown>;
  kubernetes?: Record<string, unknown>;
  request?: Partial<TrainRequest>;
}

async function train(scenario: Scenario = {}) {
  const fixture = await scratchWorkspace({
    name: scenario.name,
    workspace: {
      tracking: { uri: bed.mlflow.uri },
      kubernetes: { namespace, ...scenario.kubernetes },
    },
    project: {
      train: {
        command: ['python', 'train.py'],
        params: { epochs: 1 },
        maxRuntime: '10m',
        retries: 1,
        ...scenario.train,
      },
    },
  });
  const logger = createMemoryLogger();
  const project = fixture.workspace.projects[0];
  if (!project) throw new Error('no project');
  try {
    const outcome = await runTrain({
      workspace: fixture.workspace,
      project,
      backend: 'kubernetes',
      kubeconfig: bed.kubernetes.ciKubeconfig,
      register: false,
      logger,
      signal: new AbortController().signal,
      ...scenario.request,
    });
    return { outcome, logger };
  } finally {
    fixture.cleanup();
  }
}

async function finishedRun(scenario: Scenario = {}) {
  const { outcome, logger } = await train(scenario);
  if (outcome.kind !== 'run') throw new Error(`expected a run, got ${outcome.kind}`);
  return { result: outcome.result, logger };
}

async function list(path: string, labelSelector: string): Promise<KubeObject[]> {
  return (await admin.request<{ items: KubeObject[] }>('GET', path, { query: { labelSelector } }))
    .items;
}

const jobsOf = (runId: string) =>
  list(`/apis/batch/v1/namespaces/${namespace}/jobs`, `mlenv.dev/mlflow-run-id=${runId}`);
const podsOf = (runId: string) =>
  list(`/api/v1/namespaces/${namespace}/pods`, `mlenv.dev/mlflow-run-id=${runId}`);

beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig, namespace });
  // A statically bound volume for checkpoints, as a cluster admin would provide one.
  await admin
    .request('POST', '/api/v1/persistentvolumes', {
      body: {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: CLAIM },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteMany'],
          hostPath: { path: `/tmp/${CLAIM}` },
          storageClassName: '',
        },
      },
    })
    .catch(() => undefined);
  await admin
    .request('POST', `/api/v1/namespaces/${namespace}/persistentvolumeclaims`, {
      body: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: CLAIM },
        spec: {
          accessModes: ['ReadWriteMany'],
          resources: { requests: { storage: '1Gi' } },
          storageClassName: '',
          volumeName: CLAIM,
        },
      },
    })
    .catch(() => undefined);
});

describe('kubernetes backend on the test bed', () => {
  it('runs a Job to completion and records the run in MLflow', async () => {
    const { result } = await finishedRun();
    expect(result.status).toBe('succeeded');
    const [job] = await jobsOf(result.runId);
    const spec = job?.spec as Record<string, any>;
    expect(spec.backoffLimit).toBe(1);
    // Counted per index too, so the controller annotates each pod with its earlier failures.
    expect(spec.backoffLimitPerIndex).toBe(1);
    expect(spec.completionMode).toBe('Indexed');
    expect(spec.activeDeadlineSeconds).toBe(600);
    expect(spec.ttlSecondsAfterFinished).toBe(86_400);
    expect(spec.podFailurePolicy.rules[0]).toEqual({
      action: 'Ignore',
      onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }],
    });
    expect(spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(spec.template.spec.restartPolicy).toBe('Never');
    const container = spec.template.spec.containers[0];
    const env = Object.fromEntries(
      container.env.map((e: { name: string; value: string }) => [e.name, e.value]),
    );
    expect(env.MLFLOW_RUN_ID).toBe(result.runId);
    expect(env.MLFLOW_TRACKING_URI).toBe(bed.mlflow.uri);
    expect(container.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(container.command.slice(4)).toEqual(['python', 'train.py', '--epochs', '1']);
    const run = await mlflow.getRun(result.runId);
    expect(run.info.status).toBe('FINISHED');
    const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
    expect(tags['mlenv.backend']).toBe('kubernetes');
    expect(tags['mlenv.image']).toMatch(/^ghcr\.io\/acme\/mlenv-runtime:[0-9a-f]{12}$/);
  });

  it('requests GPUs and tolerates the GPU taint', async () => {
    const { result } = await finishedRun({ train: { resources: { gpus: 2, memory: '8Gi' } } });
    expect(result.status).toBe('succeeded');
    const [pod] = await podsOf(result.runId);
    const spec = pod?.spec as Record<string, any>;
    expect(spec.containers[0].resources.limits['nvidia.com/gpu']).toBe('2');
    expect(spec.tolerations).toContainEqual({
      key: 'nvidia.com/gpu',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
    expect(bed.kubernetes.gpuNodes).toContain(spec.nodeName);
  });

  it('fails with the trainer exit code when the trainer exits 3', async () => {
    const { result } = await finishedRun({
      kubernetes: { podAnnotations: { 'testbed.mlenv.dev/exit-code': '3' } },
    });
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(3);
    expect(result.reason).toBe('trainer exited with code 3');
    expect((await mlflow.getRun(result.runId)).info.status).toBe('FAILED');
  });

  it('fails an unschedulable GPU request after the pending timeout with the scheduler reason, and deletes the Job', async () => {
    const { result } = await finishedRun({
      train: { resources: { gpus: 16 } },
      request: { pendingTimeoutMs: 3_000 },
    });
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(
      /was unschedulable for 3s: 0\/\d+ nodes are available: .*Insufficient nvidia\.com\/gpu/,
    );
    for (const job of await jobsOf(result.runId))
      expect(job.metadata.deletionTimestamp).toBeDefined();
  });

  it('retries a preempted pod without counting it, with the same checkpoint folder', async () => {
    // The test plays the scheduler's preemption: it marks the run's first pod with the bed's
    // preempt annotation, which kwok turns into phase Failed with a DisruptionTarget condition.
    const stop = new AbortController();
    let preempted: string | undefined;
    const since = new Date(Date.now() - 1_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const preemptor = (async () => {
      while (!stop.signal.aborted && !preempted) {
        const pods = await list(
          `/api/v1/namespaces/${namespace}/pods`,
          'mlenv.dev/project=preempt-me',
        );
        const first = pods.find(
          (p) => String(p.metadata.creationTimestamp) >= since && !p.metadata.deletionTimestamp,
        );
        if (first) {
          await admin.request(
            'PATCH',
            `/api/v1/namespaces/${namespace}/pods/${first.metadata.name}`,
            {
              body: { metadata: { annotations: { 'testbed.mlenv.dev/preempt': 'true' } } },
              contentType: 'application/merge-patch+json',
            },
          );
          preempted = first.metadata.name;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      // retries: 0, so a counted failure would fail the Job.
      const { result, logger } = await finishedRun({
        name: 'preempt-me',
        train: { retries: 0 },
        kubernetes: { checkpoints: { claimName: CLAIM } },
        request: { pendingTimeoutMs: 30_000 },
      });
      expect(preempted).toBeDefined();
      expect(result.status).toBe('succeeded');
      expect(logger.lines.some((l) => l.includes(`Pod ${preempted} was preempted`))).toBe(true);
      const pods = await podsOf(result.runId);
      expect(pods).toHaveLength(2);
      const mounts = pods.map((p) =>
        JSON.stringify(
          (p.spec as Record<string, any>).containers[0].volumeMounts.find(
            (m: { name: string }) => m.name === 'checkpoints',
          ),
        ),
      );
      expect(new Set(mounts).size).toBe(1);
      expect(mounts[0]).toContain(`preempt-me/${result.runName}`);
      // The retry is the second attempt: the controller says so on the pod (MLENV_ATTEMPT is
      // derived from it in the pod), and the launcher records it on the MLflow run.
      const retry = pods.find((p) => p.metadata.name !== preempted);
      expect(
        retry?.metadata.annotations?.['batch.kubernetes.io/job-index-ignored-failure-count'],
      ).toBe('1');
      expect(result.attempts).toBe(2);
      const tags = (await mlflow.getRun(result.runId)).data.tags;
      expect(tags).toContainEqual({ key: 'mlenv.attempt', value: '2' });
    } finally {
      stop.abort();
      await preemptor;
    }
  });

  it('has the API server accept multi-node manifests for a TrainJob and for an indexed Job', async () => {
    for (const workload of ['trainjob', 'job']) {
      const { outcome, logger } = await train({
        train: { nodes: 2, procsPerNode: 4, distributed: 'torchrun', resources: { gpus: 4 } },
        kubernetes: {
          workload,
          podAnnotations: { 'sidecar.istio.io/inject': 'false' },
          podLabels: { team: 'fraud' },
          checkpoints: { claimName: CLAIM },
        },
        request: { serverDryRun: true },
      });
      expect(outcome.kind).toBe('server-dry-run');
      const accepted = logger.lines.find((l) => l.startsWith('The API server accepted'));
      expect(accepted).toMatch(workload === 'trainjob' ? /TrainJob\// : /Service\/.*, Job\//);
    }
  });

  it("runs a 2-node TrainJob to completion through the bed's Trainer and JobSet controllers", async () => {
    // No code checkout by git: Trainer v2.3.0's runtime patches cannot add render.ts's init
    // container (smoke/controllers.test.ts keeps that incompatibility visible), and in a GitHub
    // Actions run these variables alone would make the backend fetch the code that way.
    const env = { ...process.env, GITHUB_SERVER_URL: undefined, GITHUB_REPOSITORY: undefined };
    const { result } = await finishedRun({
      train: { nodes: 2, procsPerNode: 2, distributed: 'torchrun', resources: { gpus: 1 } },
      kubernetes: { workload: 'trainjob', podLabels: { team: 'fraud' } },
      request: { env },
    });
    expect(result.status).toBe('succeeded');
    const trainJobs = await list(
      `/apis/trainer.kubeflow.org/v1alpha1/namespaces/${namespace}/trainjobs`,
      `mlenv.dev/mlflow-run-id=${result.runId}`,
    );
    expect(trainJobs).toHaveLength(1);
    const name = trainJobs[0]?.metadata.name;
    // Trainer made a JobSet of the TrainJob, JobSet its Job, the Job controller the pods.
    const pods = await podsOf(result.runId);
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata.labels).toMatchObject({
        'jobset.sigs.k8s.io/jobset-name': name,
        team: 'fraud',
      });
      const container = (pod.spec as Record<string, any>).containers[0];
      const vars = Object.fromEntries(
        container.env.map((e: { name: string; value?: string }) => [e.name, e.value]),
      );
      expect(vars).toMatchObject({ PET_NNODES: '2', PET_NPROC_PER_NODE: '2' });
      expect(vars.MLFLOW_RUN_ID).toBe(result.runId);
    }
    expect((await mlflow.getRun(result.runId)).info.status).toBe('FINISHED');
  });

  it('has the API server accept Accelerate and DeepSpeed runs with their generated config, on both paths', async () => {
    for (const workload of ['trainjob', 'job']) {
      for (const distributed of ['accelerate', 'deepspeed']) {
        const { outcome, logger } = await train({
          train: {
            nodes: 2,
            procsPerNode: 2,
            distributed,
            precision: 'bf16',
            resources: { gpus: 2 },
          },
          kubernetes: { workload },
          request: {
            serverDryRun: true,
            env: { ...process.env, MLFLOW_TRACKING_TOKEN: 'dry-run-token-1234' },
          },
        });
        expect(outcome.kind).toBe('server-dry-run');
        const accepted = logger.lines.find((l) => l.startsWith('The API server accepted'));
        expect(accepted).toMatch(
          /^The API server accepted ConfigMap\/\S+-launcher, Secret\/\S+-env, /,
        );
      }
    }
  });

  it('passes the MLflow token through a Secret that the Job owns, so it goes with the Job', async () => {
    const token = `it-token-${Date.now()}`;
    const { result } = await finishedRun({
      request: { env: { ...process.env, MLFLOW_TRACKING_TOKEN: token } },
    });
    expect(result.status).toBe('succeeded');
    const [job] = await jobsOf(result.runId);
    if (!job) throw new Error('no Job');
    expect(JSON.stringify(job)).not.toContain(token);
    const env = (job.spec as Record<string, any>).template.spec.containers[0].env;
    const ref = env.find((e: { name: string }) => e.name === 'MLFLOW_TRACKING_TOKEN');
    const secretPath = `/api/v1/namespaces/${namespace}/secrets/${ref.valueFrom.secretKeyRef.name}`;
    const secret = await admin.request<KubeObject & { data: Record<string, string> }>(
      'GET',
      secretPath,
    );
    expect(Buffer.from(secret.data.MLFLOW_TRACKING_TOKEN as string, 'base64').toString()).toBe(
      token,
    );
    expect(secret.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Job', name: job.metadata.name, uid: job.metadata.uid }),
    ]);
    // The garbage collector removes the Secret once its Job is gone.
    await admin.request(
      'DELETE',
      `/apis/batch/v1/namespaces/${namespace}/jobs/${job.metadata.name}`,
      {
        query: { propagationPolicy: 'Background' },
      },
    );
    let gone = false;
    for (let i = 0; i < 100 && !gone; i++) {
      gone = await admin.request('GET', secretPath).then(
        () => false,
        () => true,
      );
      if (!gone) await new Promise((r) => setTimeout(r, 200));
    }
    expect(gone).toBe(true);
  });

  it('is refused by the API server for a manifest its schema rejects, before anything is created', async () => {
    await expect(
      train({ kubernetes: { podLabels: { 'bad label!': 'x' } }, request: { serverDryRun: true } }),
    ).rejects.toThrow(/422|Invalid/);
  });
});

afterAll(async () => {
  // The namespace takes its Jobs and the claim with it; the volume is cluster-wide.
  await ns.delete();
  await admin?.request('DELETE', `/api/v1/persistentvolumes/${CLAIM}`).catch(() => undefined);
});
