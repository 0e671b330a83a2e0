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
    secretEnv: {},
    secrets: [],
  };
}

type Obj = Record<string, any>;

describe('renderManifests', () => {
  it('renders one Job for one node, tied to the MLflow run and the workflow run', () => {
    const [manifest] = renderManifests(
      job({ resources: { gpus: 2, memory: '8Gi' } }),
      cluster,
      'trainjob',
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
      'job',
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
    expect(indexed.spec.template.spec.containers[0].command.slice(4)).toEqual([
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
      'trainjob',
    ) as Obj[];
    expect(trainJob?.kind).toBe('TrainJob');
    expect(trainJob?.spec.runtimeRef).toEqual({ name: 'torch-distributed' });
    expect(trainJob?.spec.trainer).toMatchObject({
      numNodes: 2,
      numProcPerNode: 4,
    });
    // The runtime hands torchrun its rendezvous as PET_* variables.
    expect(trainJob?.spec.trainer.command.slice(4)).toEqual([
      'torchrun',
      'train.py',
      '--epochs',
      '3',
    ]);
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
      'job',
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

  it('runs one node as an indexed Job of one, whose pods know their attempt', () => {
    const [manifest] = renderManifests(job({}), cluster, 'job') as Obj[];
    expect(manifest?.spec).toMatchObject({ completionMode: 'Indexed', completions: 1 });
    const container = manifest?.spec.template.spec.containers[0];
    // A constant script computes MLENV_ATTEMPT; the trainer's argv follows it untouched.
    expect(container.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(container.command.slice(4)).toEqual(['python', 'train.py', '--epochs', '3']);
    expect(container.env).toContainEqual({
      name: 'MLENV_POD_FAILURES',
      valueFrom: {
        fieldRef: {
          fieldPath: "metadata.annotations['batch.kubernetes.io/job-index-failure-count']",
        },
      },
    });
  });

  it('passes credentials through a Secret, never in the workload', () => {
    const withToken = { ...job({}), secretEnv: { MLFLOW_TRACKING_TOKEN: 's3cr3t-token' } };
    const manifests = renderManifests(withToken, cluster, 'job') as Obj[];
    expect(manifests.map((m) => m.kind)).toEqual(['Secret', 'Job']);
    const [secret, workload] = manifests as [Obj, Obj];
    expect(secret.stringData).toEqual({ MLFLOW_TRACKING_TOKEN: 's3cr3t-token' });
    expect(JSON.stringify(workload)).not.toContain('s3cr3t-token');
    expect(workload.spec.template.spec.containers[0].env).toContainEqual({
      name: 'MLFLOW_TRACKING_TOKEN',
      valueFrom: { secretKeyRef: { name: secret.metadata.name, key: 'MLFLOW_TRACKING_TOKEN' } },
    });
  });

  it('launches Accelerate across nodes with its generated config mounted from a ConfigMap', () => {
    const manifests = renderManifests(
      job({ nodes: 2, procsPerNode: 4, distributed: 'accelerate', precision: 'bf16' }),
      cluster,
      'job',
    ) as Obj[];
    expect(manifests.map((m) => m.kind)).toEqual(['ConfigMap', 'Service', 'Job']);
    const [config, , indexed] = manifests as [Obj, Obj, Obj];
    expect(config.data['accelerate.yaml']).toContain('num_machines: 2');
    expect(config.data['accelerate.yaml']).toContain('mixed_precision: bf16');
    const pod = indexed.spec.template.spec;
    expect(pod.volumes).toContainEqual({
      name: 'launcher',
      configMap: { name: config.metadata.name },
    });
    const name = indexed.metadata.name;
    expect(pod.containers[0].command.slice(4)).toEqual([
      'accelerate',
      'launch',
      '--config_file=/mlenv/launcher/accelerate.yaml',
      '--num_machines=2',
      '--num_processes=8',
      '--machine_rank=$(JOB_COMPLETION_INDEX)',
      `--main_process_ip=${name}-0.${name}`,
      '--main_process_port=29500',
      'train.py',
      '--epochs',
      '3',
    ]);
    expect(pod.containers[0].env).toContainEqual({
      name: 'MLENV_ACCELERATE_CONFIG',
      value: '/mlenv/launcher/accelerate.yaml',
    });
  });

  it('runs DeepSpeed under torchrun on a cluster, with MLENV_DEEPSPEED_CONFIG', () => {
    const [config, workload] = renderManifests(
      job({ procsPerNode: 2, distributed: 'deepspeed', precision: 'fp16' }),
      cluster,
      'job',
    ) as Obj[];
    expect(JSON.parse(config?.data['deepspeed.json']).fp16.enabled).toBe(true);
    const container = workload?.spec.template.spec.containers[0];
    expect(container.command.slice(4)).toEqual([
      'torchrun',
      '--standalone',
      '--nnodes=1',
      '--nproc-per-node=2',
      'train.py',
      '--epochs',
      '3',
    ]);
    expect(container.env).toContainEqual({
      name: 'MLENV_DEEPSPEED_CONFIG',
      value: '/mlenv/launcher/deepspeed.json',
    });
  });

  it('gives TrainJob pods the labels, annotations, tolerations and volumes through a runtime patch', () => {
    const [trainJob] = renderManifests(
      job({ nodes: 2, distributed: 'torchrun', resources: { gpus: 1 } }),
      {
        ...cluster,
        podAnnotations: { 'sidecar.istio.io/inject': 'false' },
        podLabels: { team: 'fraud' },
      },
      'trainjob',
    ) as Obj[];
    const [patch] = (trainJob as Obj).spec.runtimePatches;
    expect(patch.manager).toBe('mlenv.dev/launcher');
    const [node] = patch.trainingRuntimeSpec.template.spec.replicatedJobs;
    expect(node.name).toBe('node');
    const pod = node.template.spec.template;
    expect(pod.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false' });
    expect(pod.metadata.labels).toMatchObject({
      team: 'fraud',
      'mlenv.dev/mlflow-run-id': '0123456789abcdef0123456789abcdef',
    });
    expect(pod.spec.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(pod.spec.containers[0].volumeMounts[0].mountPath).toBe('/mlenv/checkpoints');
    expect(pod.spec.initContainers[0].name).toBe('source');
  });
});
