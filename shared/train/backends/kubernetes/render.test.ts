import { describe, expect, it } from '@jest/globals';
import { trainSchema } from '../../../config/schema.js';
import type { CodeSource } from '../../code/source.js';
import type { TrainingJob } from '../../job.js';
import { type ClusterSettings, jobName, renderManifests } from './render.js';

const cluster: ClusterSettings = {
  namespace: 'ml-training',
  serviceAccount: 'mlenv-trainer',
  gpuResource: 'nvidia.com/gpu',
  image: 'ghcr.io/acme/runtime:0123456789ab',
  projectDir: 'projects/fraud',
  code: {
    kind: 'git',
    url: 'https://github.com/acme/ml.git',
    commit: 'c0ffee',
    prefix: '',
    reason: 'a test',
  },
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
    // The image's user may not create /mlenv: both folders are volumes.
    expect(env.MLENV_OUTPUT_DIR).toBe('/mlenv/outputs');
    const mounted = pod.containers[0].volumeMounts.map((m: Obj) => m.mountPath);
    expect(mounted).toEqual(expect.arrayContaining(['/mlenv/checkpoints', '/mlenv/outputs']));
    expect(pod.volumes).toContainEqual({ name: 'outputs', emptyDir: {} });
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
    const [runtime, trainJob] = renderManifests(
      job({ nodes: 2, procsPerNode: 4, distributed: 'torchrun', resources: { gpus: 4 } }),
      cluster,
      'trainjob',
    ) as Obj[];
    expect(runtime?.kind).toBe('TrainingRuntime');
    expect(trainJob?.kind).toBe('TrainJob');
    // The run's own runtime, named like the TrainJob, holds its pod template.
    expect(trainJob?.spec.runtimeRef).toEqual({
      apiGroup: 'trainer.kubeflow.org',
      kind: 'TrainingRuntime',
      name: trainJob?.metadata.name,
    });
    expect(runtime?.metadata.name).toBe(trainJob?.metadata.name);
    expect(runtime?.spec.mlPolicy).toEqual({ numNodes: 2, torch: {} });
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

  it("gives TrainJob pods the labels, annotations, tolerations, volumes and retries through the run's TrainingRuntime", () => {
    const [runtime] = renderManifests(
      job({ nodes: 2, distributed: 'torchrun', resources: { gpus: 1 }, retries: 2 }),
      {
        ...cluster,
        podAnnotations: { 'sidecar.istio.io/inject': 'false' },
        podLabels: { team: 'fraud' },
      },
      'trainjob',
    ) as Obj[];
    const [node] = (runtime as Obj).spec.template.spec.replicatedJobs;
    expect(node.name).toBe('node');
    // The Trainer finds the replicated job its settings go to by this label.
    expect(node.template.metadata.labels).toEqual({
      'trainer.kubeflow.org/trainjob-ancestor-step': 'trainer',
    });
    const jobSpec = node.template.spec;
    expect(jobSpec).toMatchObject({ backoffLimitPerIndex: 2, completionMode: 'Indexed' });
    // The JobSet owns its Job's lifetime: no TTL of the Job's own.
    expect(jobSpec.ttlSecondsAfterFinished).toBeUndefined();
    expect(jobSpec.podFailurePolicy.rules[1].onExitCodes.containerName).toBe('node');
    const pod = jobSpec.template;
    expect(pod.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false' });
    expect(pod.metadata.labels).toMatchObject({
      team: 'fraud',
      'mlenv.dev/mlflow-run-id': '0123456789abcdef0123456789abcdef',
    });
    expect(pod.spec.restartPolicy).toBe('Never');
    // The image's own user gets the volumes (a checkpoint claim) through its group.
    expect(pod.spec.securityContext).toEqual({
      fsGroup: 10001,
      fsGroupChangePolicy: 'OnRootMismatch',
    });
    expect(pod.spec.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    // One pod per node.
    expect(pod.spec.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: {
          matchLabels: { 'mlenv.dev/mlflow-run-id': '0123456789abcdef0123456789abcdef' },
        },
      },
    ]);
    expect(pod.spec.containers[0].name).toBe('node');
    expect(pod.spec.containers[0].workingDir).toBe('/workspace/projects/fraud');
    expect(pod.spec.containers[0].volumeMounts[0].mountPath).toBe('/mlenv/checkpoints');
    expect(pod.spec.initContainers[0].name).toBe('source');
    expect(pod.spec.initContainers[0].command.slice(0, 2)).toEqual(['sh', '-c']);
  });
});

describe('renderManifests: the code of the pods', () => {
  const workingTree: CodeSource = {
    kind: 'working-tree',
    archive: { data: Buffer.alloc(0), sha256: 'ab'.repeat(32), files: 3, bytes: 10, skipped: [] },
    artifact: 'code/workspace.tar.gz',
    reason: 'r',
  };
  const gitCode: CodeSource = {
    kind: 'git',
    url: 'https://github.com/acme/ml.git',
    commit: 'c0ffee',
    prefix: 'ml/',
    reason: 'a test',
  };
  const token = 's3cr3t-token';
  // As trainerEnv makes it: the init container takes MLflow's variables from the trainer's.
  const withToken = (): TrainingJob => {
    const base = job({});
    return {
      ...base,
      env: { ...base.env, MLFLOW_TRACKING_URI: 'http://mlflow:5000', MLENV_PROJECT: 'fraud' },
      secretEnv: { MLFLOW_TRACKING_TOKEN: token },
    };
  };
  const workloadOf = (manifests: Obj[]): Obj => manifests[manifests.length - 1] as Obj;
  const podOf = (manifests: Obj[]): Obj => workloadOf(manifests).spec.template.spec;

  it("downloads a working tree from the MLflow run in the trainer's own container, before the trainer", () => {
    const manifests = renderManifests(
      withToken(),
      { ...cluster, code: workingTree },
      'job',
    ) as Obj[];
    const pod = podOf(manifests);
    // No second container to start (about a second per pod): the wrapper fetches, then execs.
    expect(pod.initContainers).toBeUndefined();
    const [trainer] = pod.containers;
    expect(trainer.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(trainer.command[2]).toMatch(/^python3 -c "\$1" \|\| exit; shift; cd "\$MLENV_WORKDIR"/);
    expect(trainer.command[3]).toBe('mlenv-trainer');
    // The fetch script, then the trainer's argv, as arguments: no variable part in any script.
    expect(trainer.command[4]).toContain('MLENV_CODE_ARTIFACT');
    expect(trainer.command.slice(5)).toEqual(['python', 'train.py', '--epochs', '3']);
    for (const script of trainer.command.slice(2, 5)) {
      expect(script).not.toContain('ab'.repeat(32));
      expect(script).not.toContain('code/workspace.tar.gz');
    }
    expect(trainer.env).toEqual(
      expect.arrayContaining([
        { name: 'MLENV_CODE_ARTIFACT', value: 'code/workspace.tar.gz' },
        { name: 'MLENV_CODE_SHA256', value: 'ab'.repeat(32) },
        { name: 'MLENV_CODE_DEST', value: '/workspace' },
        { name: 'MLENV_WORKDIR', value: '/workspace/projects/fraud' },
        { name: 'MLFLOW_RUN_ID', value: '0123456789abcdef0123456789abcdef' },
        { name: 'MLFLOW_TRACKING_URI', value: 'http://mlflow:5000' },
      ]),
    );
    // The token reaches the container only as a reference to the run's Secret.
    for (const e of trainer.env as Obj[]) expect(String(e.value ?? '')).not.toContain(token);
    expect(trainer.env).toContainEqual({
      name: 'MLFLOW_TRACKING_TOKEN',
      valueFrom: {
        secretKeyRef: { name: manifests[0]?.metadata.name, key: 'MLFLOW_TRACKING_TOKEN' },
      },
    });
    expect(JSON.stringify(workloadOf(manifests))).not.toContain(token);
    expect(trainer.volumeMounts).toContainEqual({ name: 'source', mountPath: '/workspace' });
    expect(pod.volumes).toContainEqual({ name: 'source', emptyDir: {} });
  });

  it('annotates the workload with the kind of code source and what identifies it', () => {
    const tree = workloadOf(
      renderManifests(job({}), { ...cluster, code: workingTree }, 'job') as Obj[],
    );
    expect(tree.metadata.annotations['mlenv.dev/code-source']).toBe('working-tree');
    expect(tree.metadata.annotations['mlenv.dev/code-sha256']).toBe('ab'.repeat(32));
    const git = workloadOf(renderManifests(job({}), { ...cluster, code: gitCode }, 'job') as Obj[]);
    expect(git.metadata.annotations['mlenv.dev/code-source']).toBe('git');
    expect(git.metadata.annotations['mlenv.dev/git-commit']).toBe('c0ffee');
    const image = workloadOf(
      renderManifests(
        job({}),
        { ...cluster, code: { kind: 'image', reason: 'r' } },
        'job',
      ) as Obj[],
    );
    expect(image.metadata.annotations['mlenv.dev/code-source']).toBe('image');
  });

  it('reads a git token from its Secret in the init container only', () => {
    const pod = podOf(
      renderManifests(
        job({}),
        { ...cluster, code: gitCode, gitCredentialsSecret: 'git-read' },
        'job',
      ) as Obj[],
    );
    const [init] = pod.initContainers;
    expect(init.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(init.env).toContainEqual({ name: 'GIT_URL', value: 'https://github.com/acme/ml.git' });
    const password = (init.env as Obj[]).find((e) => e.name === 'GIT_PASSWORD');
    expect(password).toEqual({
      name: 'GIT_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'git-read', key: 'password' } },
    });
    expect(password?.value).toBeUndefined();
    expect(init.env).toContainEqual({
      name: 'GIT_USERNAME',
      valueFrom: { secretKeyRef: { name: 'git-read', key: 'username', optional: true } },
    });
    const trainerNames = (pod.containers[0].env as Obj[]).map((e) => e.name);
    expect(trainerNames).not.toContain('GIT_PASSWORD');
    expect(trainerNames).not.toContain('GIT_USERNAME');
  });

  it('sets no git credentials without a Secret', () => {
    const [init] = podOf(
      renderManifests(job({}), { ...cluster, code: gitCode }, 'job') as Obj[],
    ).initContainers;
    const names = (init.env as Obj[]).map((e) => e.name);
    expect(names).not.toContain('GIT_PASSWORD');
    expect(names).not.toContain('GIT_USERNAME');
  });

  it('runs the trainer in the project inside the checkout, under the prefix for git only', () => {
    const git = podOf(renderManifests(job({}), { ...cluster, code: gitCode }, 'job') as Obj[]);
    expect(git.containers[0].workingDir).toBe('/workspace/ml/projects/fraud');
    // The working tree's project folder exists once unpacked: the wrapper changes into it.
    const tree = podOf(renderManifests(job({}), { ...cluster, code: workingTree }, 'job') as Obj[]);
    expect(tree.containers[0].workingDir).toBe('/workspace');
    expect(tree.containers[0].env).toContainEqual({
      name: 'MLENV_WORKDIR',
      value: '/workspace/projects/fraud',
    });
  });

  it('renders no init container when the image holds the code', () => {
    for (const code of [{ kind: 'image', reason: 'r' } as CodeSource, undefined]) {
      const pod = podOf(renderManifests(job({}), { ...cluster, code }, 'job') as Obj[]);
      expect(pod.initContainers).toBeUndefined();
      expect(pod.volumes.map((v: Obj) => v.name)).not.toContain('source');
      expect(pod.containers[0].workingDir).toBe('/workspace/projects/fraud');
    }
  });

  const placement = {
    nodeSelector: { pool: 'a100' },
    tolerations: [
      { key: 'dedicated', operator: 'Equal' as const, value: 'ml', effect: 'NoSchedule' as const },
    ],
  };

  it('places the pods by the node selector and tolerations', () => {
    const pod = podOf(renderManifests(job({}), { ...cluster, ...placement }, 'job') as Obj[]);
    expect(pod.nodeSelector).toEqual({ pool: 'a100' });
    expect(pod.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' },
    ]);
  });

  it('tolerates the GPU taint first, then the configured taints', () => {
    const pod = podOf(
      renderManifests(
        job({ resources: { gpus: 1 } }),
        { ...cluster, ...placement },
        'job',
      ) as Obj[],
    );
    expect(pod.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' },
    ]);
  });

  it('sets no node selector or tolerations when none apply', () => {
    const pod = podOf(renderManifests(job({}), cluster, 'job') as Obj[]);
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.tolerations).toBeUndefined();
  });

  it('places every node of an indexed Job and of a TrainJob the same way', () => {
    const multi = job({ nodes: 2, distributed: 'torchrun' });
    const indexed = podOf(
      renderManifests(multi, { ...cluster, ...placement, code: workingTree }, 'job') as Obj[],
    );
    expect(indexed.nodeSelector).toEqual({ pool: 'a100' });
    expect(indexed.containers[0].command[2]).toMatch(/^python3 -c "\$1"/);
    const [runtime] = renderManifests(
      multi,
      { ...cluster, ...placement, code: workingTree },
      'trainjob',
    ) as Obj[];
    expect(runtime?.kind).toBe('TrainingRuntime');
    const pod = runtime?.spec.template.spec.replicatedJobs[0].template.spec.template.spec;
    expect(pod.nodeSelector).toEqual({ pool: 'a100' });
    expect(pod.tolerations).toEqual(placement.tolerations);
    expect(pod.containers[0].command[2]).toMatch(/^python3 -c "\$1"/);
    // The Trainer sets the node container's command from the TrainJob: the same wrapper.
    const trainJob = renderManifests(
      multi,
      { ...cluster, ...placement, code: workingTree },
      'trainjob',
    )[1] as Obj;
    expect(trainJob.spec.trainer.command).toEqual(pod.containers[0].command);
  });
});
