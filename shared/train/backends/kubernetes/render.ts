import type { KubeObject } from '../../../k8s/client.js';
import { dnsLabel, parseDuration, type TrainingJob } from '../../job.js';

export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  project: 'mlenv.dev/project',
  runId: 'mlenv.dev/mlflow-run-id',
  workflowRun: 'mlenv.dev/workflow-run-id',
} as const;

export interface ClusterSettings {
  namespace: string;
  serviceAccount?: string;
  gpuResource: string;
  /** Runtime image with its tag (the lock hash). */
  image: string;
  /** Where the pods fetch the code; absent when the image already holds it at /workspace. */
  source?: { gitUrl: string; commit: string };
  /** Workspace-relative project directory, the trainer's working directory. */
  projectDir: string;
  workflowRunUrl?: string;
  /** Seconds a finished Job is kept for its logs and status. */
  ttlSeconds?: number;
  /** Name of the Kubeflow Trainer runtime for multi-node TrainJobs. */
  trainerRuntime?: string;
  podAnnotations?: Record<string, string>;
  podLabels?: Record<string, string>;
  /** PersistentVolumeClaim holding checkpoints across pod retries; emptyDir without one. */
  checkpointClaim?: string;
}

export type MultiNodeKind = 'TrainJob' | 'IndexedJob';

const WORKSPACE = '/workspace';
const TRAINER = 'trainer';
const RENDEZVOUS_PORT = 29500;

/** Deterministic object name: the same run and attempt always render the same name. */
export function jobName(job: Pick<TrainingJob, 'project' | 'runId' | 'attempt'>): string {
  return dnsLabel([job.project, job.runId.slice(0, 12), `a${job.attempt}`], 52);
}

export function renderManifests(
  job: TrainingJob,
  cluster: ClusterSettings,
  multiNode: MultiNodeKind,
): KubeObject[] {
  if (job.train.nodes > 1 && multiNode === 'TrainJob') return [renderTrainJob(job, cluster)];
  if (job.train.nodes > 1) return renderIndexedJob(job, cluster);
  return [renderJob(job, cluster)];
}

function metadata(
  job: TrainingJob,
  cluster: ClusterSettings,
  name: string,
): KubeObject['metadata'] {
  const labels: Record<string, string> = {
    [LABELS.managedBy]: 'mlenv',
    [LABELS.project]: dnsLabel([job.project]),
    [LABELS.runId]: job.runId.slice(0, 63),
  };
  const runId = cluster.workflowRunUrl?.match(/\/actions\/runs\/(\d+)/)?.[1];
  if (runId) labels[LABELS.workflowRun] = runId;
  const annotations: Record<string, string> = {
    'mlenv.dev/mlflow-tracking-uri': job.trackingUri,
    'mlenv.dev/run-name': job.runName,
  };
  if (cluster.workflowRunUrl) annotations['mlenv.dev/workflow-run-url'] = cluster.workflowRunUrl;
  if (cluster.source) annotations['mlenv.dev/git-commit'] = cluster.source.commit;
  return { name, namespace: cluster.namespace, labels, annotations };
}

function podMetadata(meta: KubeObject['metadata'], cluster: ClusterSettings) {
  // MLEnv's own labels win: watching the run's pods depends on them.
  return {
    labels: { ...cluster.podLabels, ...meta.labels },
    ...(cluster.podAnnotations && Object.keys(cluster.podAnnotations).length > 0
      ? { annotations: cluster.podAnnotations }
      : {}),
  };
}

function envList(env: Record<string, string>): { name: string; value: string }[] {
  // PATH belongs to the image; the local launcher's PATH means nothing in a pod.
  return Object.entries(env)
    .filter(([name]) => name !== 'PATH')
    .map(([name, value]) => ({ name, value }));
}

function resources(job: TrainingJob, cluster: ClusterSettings) {
  const { gpus, cpu, memory } = job.train.resources;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (cpu) requests.cpu = cpu;
  if (memory) {
    requests.memory = memory;
    limits.memory = memory;
  }
  if (gpus > 0) {
    requests[cluster.gpuResource] = String(gpus);
    limits[cluster.gpuResource] = String(gpus);
  }
  return { requests, limits };
}

function podSpec(
  job: TrainingJob,
  cluster: ClusterSettings,
  command: string[],
  extraEnv: { name: string; value?: string; valueFrom?: unknown }[] = [],
) {
  const gpu = job.train.resources.gpus > 0;
  // With a claim, each run gets its own folder in it, the same for every retry of the run.
  const volumes: unknown[] = [
    cluster.checkpointClaim
      ? { name: 'checkpoints', persistentVolumeClaim: { claimName: cluster.checkpointClaim } }
      : { name: 'checkpoints', emptyDir: {} },
  ];
  const mounts: unknown[] = [
    {
      name: 'checkpoints',
      mountPath: '/mlenv/checkpoints',
      ...(cluster.checkpointClaim ? { subPath: `${dnsLabel([job.project])}/${job.runName}` } : {}),
    },
  ];
  const initContainers: unknown[] = [];
  if (cluster.source) {
    volumes.push({ name: 'source', emptyDir: {} });
    mounts.push({ name: 'source', mountPath: WORKSPACE });
    initContainers.push({
      name: 'source',
      image: cluster.image,
      // A constant script; the URL and commit arrive as environment variables, never as text.
      command: [
        'sh',
        '-c',
        'git init -q "$DEST" && git -C "$DEST" fetch -q --depth 1 "$GIT_URL" "$GIT_COMMIT" && git -C "$DEST" checkout -q FETCH_HEAD',
      ],
      env: [
        { name: 'DEST', value: WORKSPACE },
        { name: 'GIT_URL', value: cluster.source.gitUrl },
        { name: 'GIT_COMMIT', value: cluster.source.commit },
      ],
      volumeMounts: [{ name: 'source', mountPath: WORKSPACE }],
    });
  }
  return {
    restartPolicy: 'Never',
    ...(cluster.serviceAccount ? { serviceAccountName: cluster.serviceAccount } : {}),
    automountServiceAccountToken: false,
    ...(gpu
      ? { tolerations: [{ key: cluster.gpuResource, operator: 'Exists', effect: 'NoSchedule' }] }
      : {}),
    ...(initContainers.length > 0 ? { initContainers } : {}),
    containers: [
      {
        name: TRAINER,
        image: cluster.image,
        workingDir: `${WORKSPACE}/${cluster.projectDir}`,
        command,
        env: [
          ...envList({
            ...job.env,
            MLENV_OUTPUT_DIR: '/mlenv/outputs',
            MLENV_CHECKPOINT_DIR: '/mlenv/checkpoints',
          }),
          ...extraEnv,
        ],
        resources: resources(job, cluster),
        volumeMounts: mounts,
      },
    ],
    volumes,
  };
}

function jobSpec(job: TrainingJob, cluster: ClusterSettings) {
  return {
    backoffLimit: job.train.retries,
    activeDeadlineSeconds: Math.ceil(parseDuration(job.train.maxRuntime) / 1000),
    ttlSecondsAfterFinished: cluster.ttlSeconds ?? 86_400,
    // Preemption and node loss are not the trainer's fault: they never count against retries.
    // A non-zero exit of the trainer is a code failure: retrying would fail the same way.
    podFailurePolicy: {
      rules: [
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        {
          action: 'FailJob',
          onExitCodes: { containerName: TRAINER, operator: 'NotIn', values: [0] },
        },
      ],
    },
  };
}

function renderJob(job: TrainingJob, cluster: ClusterSettings): KubeObject {
  const meta = metadata(job, cluster, jobName(job));
  const command = singleNodeCommand(job);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta,
    spec: {
      ...jobSpec(job, cluster),
      template: { metadata: podMetadata(meta, cluster), spec: podSpec(job, cluster, command) },
    },
  };
}

function singleNodeCommand(job: TrainingJob): string[] {
  const procs = job.train.procsPerNode;
  if (job.train.distributed !== 'torchrun' || procs === 1) return job.command;
  return [
    'torchrun',
    '--standalone',
    '--nnodes=1',
    `--nproc-per-node=${procs}`,
    ...stripPython(job.command),
  ];
}

function stripPython(command: string[]): string[] {
  return /^python(\d+(\.\d+)?)?$/.test(command[0] ?? '')
    ? command.slice(1)
    : ['--no-python', ...command];
}

function renderIndexedJob(job: TrainingJob, cluster: ClusterSettings): KubeObject[] {
  const name = jobName(job);
  const meta = metadata(job, cluster, name);
  const nodes = job.train.nodes;
  const command = [
    'torchrun',
    `--nnodes=${nodes}`,
    `--nproc-per-node=${job.train.procsPerNode}`,
    '--node-rank=$(JOB_COMPLETION_INDEX)',
    `--master-addr=${name}-0.${name}`,
    `--master-port=${RENDEZVOUS_PORT}`,
    ...stripPython(job.command),
  ];
  const spec = podSpec(job, cluster, command);
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta,
      spec: {
        clusterIP: 'None',
        selector: { 'batch.kubernetes.io/job-name': name },
        ports: [{ name: 'rendezvous', port: RENDEZVOUS_PORT }],
        publishNotReadyAddresses: true,
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta,
      spec: {
        ...jobSpec(job, cluster),
        completionMode: 'Indexed',
        completions: nodes,
        parallelism: nodes,
        template: { metadata: podMetadata(meta, cluster), spec: { ...spec, subdomain: name } },
      },
    },
  ];
}

function renderTrainJob(job: TrainingJob, cluster: ClusterSettings): KubeObject {
  const meta = metadata(job, cluster, jobName(job));
  const env = envList({
    ...job.env,
    MLENV_OUTPUT_DIR: '/mlenv/outputs',
    MLENV_CHECKPOINT_DIR: '/mlenv/checkpoints',
  });
  return {
    apiVersion: 'trainer.kubeflow.org/v1alpha1',
    kind: 'TrainJob',
    metadata: meta,
    spec: {
      runtimeRef: { name: cluster.trainerRuntime ?? 'torch-distributed' },
      activeDeadlineSeconds: Math.ceil(parseDuration(job.train.maxRuntime) / 1000),
      trainer: {
        image: cluster.image,
        command:
          stripPython(job.command)[0] === '--no-python'
            ? job.command
            : ['python', ...stripPython(job.command)],
        env,
        numNodes: job.train.nodes,
        numProcPerNode: job.train.procsPerNode,
        resourcesPerNode: resources(job, cluster),
      },
    },
  };
}

/** The plural REST name of each kind MLEnv submits. */
export const PLURALS: Record<string, string> = {
  Job: 'jobs',
  Service: 'services',
  TrainJob: 'trainjobs',
};
