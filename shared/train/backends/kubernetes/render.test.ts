import { describe, expect, it } from '@jest/globals';
import { trainSchema } from '../../../config/schema.js';
import type { TrainingJob } from '../../job.js';
import { type ClusterSettings, jobName, renderManifests } from './render.js';

const cluster: ClusterSettings = {
  namespace: 'ml-training',
  serviceAccount: 'mlenv-trainer',
  gpuResource: 'nvidia.com/gpu',
  image: 'ghcr.io/acme/runtime:0123456789ab',
  projectDir: 'projects/fraud',
  source: { gitUrl: 'https://github.com/acme/ml.git', commit: 'c0ffee' },
  workflowRunUrl: 'https://github.com/acme/ml/actions/runs/42',
};

function job(train: Record<string, unknown>): TrainingJob {
  return {
    project: 'fraud',
    projectDir: '/w/projects/fraud',
    runId: '0123456789abcdef0123456789abcdef',
    runName: 'fraud-c0ffee-20261125-120000',
    experimentId: '1',
    trackingUri: 'http://mlflow:5000',
    attempt: 1,
    train: trainSchema.parse({ command: ['python', 'train.py'], ...train }),
    command: ['python', 'train.py', '--epochs', '3'],
    env: { MLFLOW_RUN_ID: '0123456789abcdef0123456789abcdef', PATH: '/local/bin' },
    outputDir: '/w/out',
    checkpointDir: '/w/ckpt',
    secrets: [],
  };
}

type Obj = Record<string, any>;

describe('renderManifests', () => {
  it('renders one Job for one node, tied to the MLflow run and the workflow run', () => {
    const [manifest] = renderManifests(
      job({ resources: { gpus: 2, memory: '8Gi' } }),
      cluster,
      'TrainJob',
    ) as Obj[];
    expect(manifest?.kind).toBe('Job');
    expect(manifest?.metadata.name).toBe(jobName(job({})));
    expect(manifest?.metadata.labels).toMatchObject({
      'mlenv.dev/mlflow-run-id': '0123456789abcdef0123456789abcdef',
      'mlenv.dev/workflow-run-id': '42',
      'app.kubernetes.io/managed-by': 'mlenv',
    });
    const pod = manifest?.spec.template.spec;
    expect(pod.serviceAccountName).toBe('mlenv-trainer');
    expect(pod.containers[0].workingDir).toBe('/workspace/projects/fraud');
    expect(pod.containers[0].resources).toEqual({
      requests: { memory: '8Gi', 'nvidia.com/gpu': '2' },
      limits: { memory: '8Gi', 'nvidia.com/gpu': '2' },
    });
    // The local PATH means nothing in a pod; the checkpoint folder is the pod's.
    const env = Object.fromEntries(pod.containers[0].env.map((e: Obj) => [e.name, e.value]));
    expect(env.PATH).toBeUndefined();
    expect(env.MLENV_CHECKPOINT_DIR).toBe('/mlenv/checkpoints');
    // The code is fetched by commit, with URL and commit as variables of a constant script.
    expect(pod.initContainers[0].command[2]).not.toContain('github.com');
    expect(pod.initContainers[0].env).toContainEqual({ name: 'GIT_COMMIT', value: 'c0ffee' });
  });

  it('names are deterministic per run and attempt, and valid DNS labels', () => {
    expect(jobName(job({}))).toBe(jobName(job({})));
    expect(jobName({ ...job({}), attempt: 2 })).not.toBe(jobName(job({})));
    expect(jobName({ ...job({}), project: 'a'.repeat(80) })).toMatch(
      /^[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?$/,
    );
  });

  it('renders an indexed Job and a headless Service for torchrun across nodes', () => {
    const manifests = renderManifests(
      job({ nodes: 3, procsPerNode: 8, distributed: 'torchrun' }),
      cluster,
      'IndexedJob',
    ) as Obj[];
    expect(manifests.map((m) => m.kind)).toEqual(['Service', 'Job']);
    const [service, indexed] = manifests as [Obj, Obj];
    expect(service.spec.clusterIP).toBe('None');
    expect(indexed.spec).toMatchObject({
      completionMode: 'Indexed',
      completions: 3,
      parallelism: 3,
    });
    expect(indexed.spec.template.spec.subdomain).toBe(service.metadata.name);
    expect(indexed.spec.template.spec.containers[0].command).toEqual([
      'torchrun',
      '--nnodes=3',
      '--nproc-per-node=8',
      '--node-rank=$(JOB_COMPLETION_INDEX)',
      `--master-addr=${indexed.metadata.name}-0.${indexed.metadata.name}`,
      '--master-port=29500',
      'train.py',
      '--epochs',
      '3',
    ]);
  });

  it('renders a Kubeflow TrainJob across nodes when the cluster serves it', () => {
    const [trainJob] = renderManifests(
      job({ nodes: 2, procsPerNode: 4, distributed: 'torchrun', resources: { gpus: 4 } }),
      cluster,
      'TrainJob',
    ) as Obj[];
    expect(trainJob?.kind).toBe('TrainJob');
    expect(trainJob?.spec.runtimeRef).toEqual({ name: 'torch-distributed' });
    expect(trainJob?.spec.trainer).toMatchObject({
      numNodes: 2,
      numProcPerNode: 4,
      command: ['python', 'train.py', '--epochs', '3'],
    });
    expect(trainJob?.spec.trainer.resourcesPerNode.limits['nvidia.com/gpu']).toBe('4');
  });

  it('keeps checkpoints of a run in its own folder of the claim, and adds pod annotations', () => {
    const [manifest] = renderManifests(
      job({}),
      {
        ...cluster,
        checkpointClaim: 'ckpts',
        podAnnotations: { 'sidecar.istio.io/inject': 'false' },
      },
      'IndexedJob',
    ) as Obj[];
    const pod = manifest?.spec.template;
    expect(pod.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false' });
    expect(pod.spec.volumes[0]).toEqual({
      name: 'checkpoints',
      persistentVolumeClaim: { claimName: 'ckpts' },
    });
    expect(pod.spec.containers[0].volumeMounts[0]).toEqual({
      name: 'checkpoints',
      mountPath: '/mlenv/checkpoints',
      subPath: 'fraud/fraud-c0ffee-20261125-120000',
    });
  });
});
