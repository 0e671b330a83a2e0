import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { trainSchema } from '../../../shared/config/schema.js';
import {
  createKubeClient,
  type KubeClient,
  KubeError,
  type KubeObject,
} from '../../../shared/k8s/client.js';
import { kindPath } from '../../../shared/train/backends/kubernetes/kinds.js';
import {
  type ClusterSettings,
  renderManifests,
} from '../../../shared/train/backends/kubernetes/render.js';
import type { TrainingJob } from '../../../shared/train/job.js';
import { pollUntil } from '../../../shared/util/sleep.js';
import { TestNamespace } from '../test-namespace.js';
import { loadTestbed } from '../testbed.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(180_000);

// The real JobSet and Kubeflow Trainer controllers of the bed (kubeflow-controllers.ts): a TrainJob
// becomes a JobSet (Trainer), the JobSet becomes Jobs (JobSet), the Jobs pods (the controller
// manager), which kwok runs to completion (k8s/kwok-stages.yaml). Nothing here plays a controller.
const bed = loadTestbed();
const ns = new TestNamespace('smoke-controllers');
const namespace = ns.name;
let admin: KubeClient;
let ci: KubeClient;

beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig, namespace });
  ci = await createKubeClient({ kubeconfig: bed.kubernetes.ciKubeconfig, namespace });
});

afterAll(async () => {
  await ns.delete();
});

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
type Obj = KubeObject & {
  // biome-ignore lint/suspicious/noExplicitAny: the objects' specs are read as the server answers.
  spec?: Record<string, any>;
  status?: { conditions?: Condition[]; [key: string]: unknown };
};

const TRAINJOBS = `/apis/trainer.kubeflow.org/v1alpha1/namespaces/${namespace}/trainjobs`;
const JOBSETS = `/apis/jobset.x-k8s.io/v1alpha2/namespaces/${namespace}/jobsets`;
const JOBS = `/apis/batch/v1/namespaces/${namespace}/jobs`;
const PODS = `/api/v1/namespaces/${namespace}/pods`;
const SMOKE_IMAGE = 'registry.invalid/mlenv/train:smoke';

function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

const hasCondition = (obj: Obj | undefined, type: string) =>
  (obj?.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** Polls an object until the predicate holds; a timeout shows the object as last seen. */
async function waitFor(
  client: KubeClient,
  path: string,
  what: string,
  predicate: (obj: Obj) => boolean,
  timeoutMs = 90_000,
): Promise<Obj> {
  let last: Obj | undefined;
  const ok = await pollUntil(
    async () => {
      last = await client.request<Obj>('GET', path).catch((error: unknown) => {
        if (error instanceof KubeError && error.status === 404) return undefined;
        throw error;
      });
      return last !== undefined && predicate(last);
    },
    { timeoutMs, intervalMs: 250 },
  );
  if (!ok || !last) {
    throw new Error(
      `timed out after ${timeoutMs / 1000}s waiting for ${what}; last seen:\n${JSON.stringify(last, null, 2)}`,
    );
  }
  return last;
}

async function list(client: KubeClient, path: string, labelSelector: string): Promise<Obj[]> {
  return (await client.request<{ items: Obj[] }>('GET', path, { query: { labelSelector } })).items;
}

/** The API server's answer to a create: 201, or the status and message it refused with. */
async function tryCreate(
  client: KubeClient,
  path: string,
  body: object,
  query: Record<string, string> = {},
): Promise<{ code: number; message: string }> {
  try {
    await client.request('POST', path, { body, query: { fieldValidation: 'Strict', ...query } });
    return { code: 201, message: '' };
  } catch (error) {
    if (error instanceof KubeError) return { code: error.status, message: error.message };
    throw error;
  }
}

/** The literal environment of a pod's first container (references map to undefined). */
function containerEnv(pod: Obj): Record<string, string | undefined> {
  const env: { name: string; value?: string }[] = pod.spec?.containers?.[0]?.env ?? [];
  return Object.fromEntries(env.map((e) => [e.name, e.value]));
}

function trainJob(name: string, runtime = 'torch-distributed'): object {
  return {
    apiVersion: 'trainer.kubeflow.org/v1alpha1',
    kind: 'TrainJob',
    metadata: { name },
    spec: {
      runtimeRef: { name: runtime },
      trainer: { image: SMOKE_IMAGE, command: ['torchrun', 'train.py'], numNodes: 2 },
    },
  };
}

function jobSet(name: string, spec: Record<string, unknown> = {}): object {
  return {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: { name },
    spec: {
      replicatedJobs: [
        {
          name: 'workers',
          replicas: 2,
          template: {
            spec: {
              backoffLimit: 0,
              template: {
                metadata: { annotations: (spec.podAnnotations as object) ?? {} },
                spec: {
                  restartPolicy: 'Never',
                  containers: [{ name: 'worker', image: SMOKE_IMAGE, command: ['true'] }],
                },
              },
            },
          },
        },
      ],
      ...(spec.successPolicy ? { successPolicy: spec.successPolicy } : {}),
    },
  };
}

describe('the Kubeflow Trainer and JobSet controllers on the kwok fleet', () => {
  test('a 2-node TrainJob on torch-distributed becomes a JobSet, a Job and 2 pods, and ends Complete', async () => {
    const name = uniqueName('smoke-trainjob');
    // As MLEnv's CI identity: its Role lets it create TrainJobs, not JobSets.
    expect(await tryCreate(ci, TRAINJOBS, trainJob(name))).toEqual({ code: 201, message: '' });
    const done = await waitFor(ci, `${TRAINJOBS}/${name}`, `TrainJob ${name} Complete`, (o) =>
      hasCondition(o, 'Complete'),
    );
    expect(hasCondition(done, 'Failed')).toBe(false);
    const jobset = await admin.request<Obj>('GET', `${JOBSETS}/${name}`);
    const owner = (jobset.metadata.ownerReferences as { kind: string; name: string }[])?.[0];
    expect(owner).toMatchObject({ kind: 'TrainJob', name, controller: true });
    expect(hasCondition(jobset, 'Completed')).toBe(true);
    const jobs = await list(admin, JOBS, `jobset.sigs.k8s.io/jobset-name=${name}`);
    expect(jobs.map((j) => j.metadata.name)).toEqual([`${name}-node-0`]);
    expect(jobs[0]?.status).toMatchObject({ succeeded: 2 });
    const pods = await list(ci, PODS, `jobset.sigs.k8s.io/jobset-name=${name}`);
    expect(pods).toHaveLength(2);
    const nodes = [...bed.kubernetes.cpuNodes, ...bed.kubernetes.gpuNodes];
    for (const pod of pods) {
      expect((pod.status as { phase?: string }).phase).toBe('Succeeded');
      expect(nodes).toContain(pod.spec?.nodeName);
      // The torch plugin's rendezvous settings, from numNodes and the runtime.
      const env = containerEnv(pod);
      expect(env).toMatchObject({ PET_NNODES: '2', PET_MASTER_PORT: '29500' });
      expect(env.PET_MASTER_ADDR).toBe(`${name}-node-0-0.${name}`);
    }
  });

  test('a JobSet alone runs its Jobs to completion', async () => {
    const name = uniqueName('smoke-jobset');
    expect(await tryCreate(admin, JOBSETS, jobSet(name))).toEqual({ code: 201, message: '' });
    await waitFor(admin, `${JOBSETS}/${name}`, `JobSet ${name} Completed`, (o) =>
      hasCondition(o, 'Completed'),
    );
    const jobs = await list(admin, JOBS, `jobset.sigs.k8s.io/jobset-name=${name}`);
    expect(jobs.map((j) => j.metadata.name).sort()).toEqual([
      `${name}-workers-0`,
      `${name}-workers-1`,
    ]);
    // The headless Service that gives its pods DNS names.
    const service = await admin.request<Obj>(
      'GET',
      `/api/v1/namespaces/${namespace}/services/${name}`,
    );
    expect(service.spec?.clusterIP).toBe('None');
  });

  test('a JobSet whose pod fails ends Failed', async () => {
    const name = uniqueName('smoke-jobset-fail');
    const body = jobSet(name, { podAnnotations: { 'testbed.mlenv.dev/exit-code': '3' } });
    expect(await tryCreate(admin, JOBSETS, body)).toEqual({ code: 201, message: '' });
    const failed = await waitFor(admin, `${JOBSETS}/${name}`, `JobSet ${name} Failed`, (o) =>
      hasCondition(o, 'Failed'),
    );
    expect(hasCondition(failed, 'Completed')).toBe(false);
  });

  test('their admission webhooks are live: invalid objects are refused by the controllers', async () => {
    // Only the Trainer webhook knows which runtimes exist; the CRD schema accepts any name.
    const trainer = await tryCreate(
      ci,
      TRAINJOBS,
      trainJob(uniqueName('smoke-bad'), 'no-such-runtime'),
      {
        dryRun: 'All',
      },
    );
    expect(trainer.code).toBe(403);
    expect(trainer.message).toContain(
      'admission webhook "validator.trainjob.trainer.kubeflow.org" denied the request',
    );
    expect(trainer.message).toContain(
      'ClusterTrainingRuntime.trainer.kubeflow.org "no-such-runtime" not found',
    );
    // A success policy naming a replicated job the JobSet lacks: checked by the JobSet webhook.
    const jobset = await tryCreate(
      admin,
      JOBSETS,
      jobSet(uniqueName('smoke-bad'), {
        successPolicy: { operator: 'All', targetReplicatedJobs: ['nope'] },
      }),
      { dryRun: 'All' },
    );
    expect(jobset.code).toBe(422);
    expect(jobset.message).toContain(
      "invalid replicatedJob name 'nope' does not appear in .spec.ReplicatedJobs",
    );
  });
});

// What MLEnv renders for `workload: trainjob` (shared/train/backends/kubernetes/render.ts),
// submitted as its launcher does (in order, strict field validation, as the CI identity).
describe("MLEnv's TrainJob under the real controllers", () => {
  const runId = `${Date.now().toString(16)}0123456789abcdef`.slice(0, 32);
  const job: TrainingJob = {
    project: 'smoke',
    projectDir: '/w/projects/smoke',
    runId,
    runName: 'smoke-controllers',
    experimentId: '0',
    trackingUri: bed.mlflow.uri,
    attempt: 1,
    train: trainSchema.parse({
      command: ['python', 'train.py'],
      nodes: 2,
      procsPerNode: 2,
      distributed: 'torchrun',
      resources: { gpus: 1 },
      maxRuntime: '10m',
    }),
    command: ['python', 'train.py', '--epochs', '1'],
    env: { MLFLOW_RUN_ID: runId },
    outputDir: '/w/out',
    checkpointDir: '/w/ckpt',
    secretEnv: { MLFLOW_TRACKING_TOKEN: 'smoke-token' },
    secrets: ['smoke-token'],
  };
  const cluster: ClusterSettings = {
    namespace,
    gpuResource: 'nvidia.com/gpu',
    image: SMOKE_IMAGE,
    projectDir: 'projects/smoke',
    podLabels: { team: 'smoke' },
    podAnnotations: { 'sidecar.istio.io/inject': 'false' },
  };

  test('a 2-node torchrun TrainJob is accepted, the runtime template of its run reaches the pods, and it ends Complete', async () => {
    const manifests = renderManifests(job, cluster, 'trainjob');
    const workload = manifests[manifests.length - 1];
    expect(workload?.kind).toBe('TrainJob');
    for (const m of manifests) {
      const res = await tryCreate(ci, kindPath(m.kind, namespace), m, { fieldManager: 'mlenv' });
      expect({ kind: m.kind, ...res }).toEqual({ kind: m.kind, code: 201, message: '' });
    }
    const name = workload?.metadata.name ?? '';
    await waitFor(ci, `${TRAINJOBS}/${name}`, `TrainJob ${name} Complete`, (o) =>
      hasCondition(o, 'Complete'),
    );
    const pods = await list(ci, PODS, `mlenv.dev/mlflow-run-id=${runId}`);
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata.labels).toMatchObject({ team: 'smoke', 'mlenv.dev/project': 'smoke' });
      expect(pod.metadata.annotations).toMatchObject({ 'sidecar.istio.io/inject': 'false' });
      expect(bed.kubernetes.gpuNodes).toContain(pod.spec?.nodeName);
      const container = pod.spec?.containers[0];
      expect(container.name).toBe('node');
      expect(container.resources.limits).toMatchObject({ 'nvidia.com/gpu': '1' });
      // torchrun reads its node count, rank and rendezvous from the PET_* variables Trainer sets.
      expect(container.command.slice(-4)).toEqual(['torchrun', 'train.py', '--epochs', '1']);
      const env = containerEnv(pod);
      expect(env).toMatchObject({ PET_NNODES: '2', PET_NPROC_PER_NODE: '2', MLFLOW_RUN_ID: runId });
      expect(container.volumeMounts).toContainEqual(
        expect.objectContaining({ name: 'checkpoints', mountPath: '/mlenv/checkpoints' }),
      );
    }
  });

  // Once a known incompatibility (Trainer v2.3's runtime patches cannot add an init container with
  // an image and command): the TrainJob now runs on a TrainingRuntime of its run's own, which
  // holds the whole pod template, so the code checkout reaches the pods.
  test('a TrainJob that fetches its code by git is accepted, and its pods carry the checkout', async () => {
    const manifests = renderManifests(
      { ...job, project: 'smoke-git' },
      {
        ...cluster,
        code: {
          kind: 'git',
          url: 'https://github.com/acme/ml.git',
          commit: 'c0ffee',
          prefix: '',
          reason: 'a test',
        },
      },
      'trainjob',
    );
    expect(manifests.map((m) => m.kind)).toEqual(['Secret', 'TrainingRuntime', 'TrainJob']);
    for (const m of manifests) {
      const res = await tryCreate(ci, kindPath(m.kind, namespace), m, { fieldManager: 'mlenv' });
      expect({ kind: m.kind, ...res }).toEqual({ kind: m.kind, code: 201, message: '' });
    }
    // The Trainer made the JobSet from the run's runtime: the checkout is in its pod template.
    const name = manifests[manifests.length - 1]?.metadata.name ?? '';
    const jobset = await waitFor(admin, `${JOBSETS}/${name}`, `JobSet ${name}`, () => true);
    type PodTemplate = {
      initContainers: { name: string; image: string }[];
      containers: { workingDir: string }[];
    };
    const spec = jobset.spec as {
      replicatedJobs: { template: { spec: { template: { spec: PodTemplate } } } }[];
    };
    const pod = spec.replicatedJobs[0]?.template.spec.template.spec as PodTemplate;
    expect(pod.initContainers.map((c) => [c.name, c.image])).toEqual([['source', SMOKE_IMAGE]]);
    expect(pod.containers[0]?.workingDir).toBe('/workspace/projects/smoke');
    await ci.request('DELETE', `${TRAINJOBS}/${name}`, {
      query: { propagationPolicy: 'Background' },
    });
  });
});
