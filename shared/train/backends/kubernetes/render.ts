import path from 'node:path';
import type {
  V1ConfigMap,
  V1Container,
  V1EnvVar,
  V1Job,
  V1JobSpec,
  V1ObjectMeta,
  V1PodSpec,
  V1PodTemplateSpec,
  V1ResourceRequirements,
  V1Secret,
  V1Service,
  V1Toleration,
  V1TopologySpreadConstraint,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { Toleration } from '../../../config/schema.js';
import { RUNTIME_USER } from '../../../images/dockerfiles.js';
import { parseDuration } from '../../../util/duration.js';
import { CODE_ENV, FETCH_ARTIFACT_SCRIPT, GIT_FETCH_SCRIPT } from '../../code/init-scripts.js';
import type { CodeSource } from '../../code/source.js';
import { dnsLabel, type TrainingJob } from '../../job.js';
import { accelerateConfig, deepspeedConfig } from '../../launcher-config.js';
import { KINDS, type Kind } from './kinds.js';

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
  /** How the pods get the code; absent (or `image`) when the image already holds it at /workspace. */
  code?: CodeSource;
  /** A Secret with a read token (`password`, optionally `username`) for a private repository. */
  gitCredentialsSecret?: string;
  /** Only nodes with these labels run the pods (kubernetes.nodeSelector). */
  nodeSelector?: Record<string, string>;
  /** Taints the pods tolerate beside the GPU taint (kubernetes.tolerations). */
  tolerations?: readonly Toleration[];
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

/** How a multi-node run is submitted, once decided: a Kubeflow TrainJob or an indexed Job. */
export type Workload = 'trainjob' | 'job';

/** The metadata MLEnv writes on every object of a run. */
export interface Metadata extends V1ObjectMeta {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A typed object of a kind of the table: apiVersion and kind from it, name and namespace set. */
type Manifest_<T, K extends Kind> = Omit<T, 'apiVersion' | 'kind' | 'metadata' | 'status'> & {
  apiVersion: (typeof KINDS)[K]['apiVersion'];
  kind: K;
  metadata: Metadata;
};

export type ConfigMapManifest = Manifest_<V1ConfigMap, 'ConfigMap'>;
export type SecretManifest = Manifest_<V1Secret, 'Secret'>;
export type ServiceManifest = Manifest_<V1Service, 'Service'>;
export type JobManifest = Manifest_<V1Job, 'Job'> & { spec: V1JobSpec };

/** The parts of a Kubeflow TrainJob (trainer.kubeflow.org/v1alpha1) MLEnv writes. */
export interface TrainJobManifest {
  apiVersion: (typeof KINDS)['TrainJob']['apiVersion'];
  kind: 'TrainJob';
  metadata: Metadata;
  spec: {
    runtimeRef: { apiGroup: string; kind: 'TrainingRuntime'; name: string };
    activeDeadlineSeconds: number;
    trainer: {
      image: string;
      command: string[];
      env: V1EnvVar[];
      numNodes: number;
      numProcPerNode: number;
      resourcesPerNode: V1ResourceRequirements;
    };
  };
}

/**
 * The run's own TrainingRuntime: the whole pod and Job template (code checkout, volumes,
 * retries, failure policy, labels), which a TrainJob's runtime patches cannot carry (Trainer
 * v2.3 lets them set only name, env, securityContext and volumeMounts of init containers).
 */
export interface TrainingRuntimeManifest {
  apiVersion: (typeof KINDS)['TrainingRuntime']['apiVersion'];
  kind: 'TrainingRuntime';
  metadata: Metadata;
  spec: {
    mlPolicy: { numNodes: number; torch: Record<string, never> };
    template: {
      spec: {
        replicatedJobs: {
          name: string;
          template: { metadata: V1ObjectMeta; spec: V1JobSpec };
        }[];
      };
    };
  };
}

export type WorkloadManifest = JobManifest | TrainJobManifest;
export type SupportManifest =
  | ConfigMapManifest
  | SecretManifest
  | ServiceManifest
  | TrainingRuntimeManifest;
export type Manifest = SupportManifest | WorkloadManifest;

const WORKSPACE = '/workspace';
const TRAINER = 'trainer';
/** The init container that puts the code into /workspace. */
export const CODE_CONTAINER = 'source';
const RENDEZVOUS_PORT = 29500;
const LAUNCHER_DIR = '/mlenv/launcher';
/** The replicated job and container that Kubeflow Trainer's torch runtimes name for each node. */
const TRAINJOB_NODE = 'node';
/** The label by which the Trainer finds the replicated job its trainer settings go to. */
const TRAINER_ANCESTOR = 'trainer.kubeflow.org/trainjob-ancestor-step';

/**
 * With a backoff limit per index (GA since 1.33), the Job controller writes each pod's count of
 * earlier failures of its index into these annotations; the attempt number is derived from them so
 * a retried pod knows it is a retry without MLEnv being there.
 */
export const FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';
// A constant script: the trainer's argv follows as "$@", never as text inside the script.
const ATTEMPT_SCRIPT =
  'MLENV_ATTEMPT=$(( ${MLENV_POD_FAILURES:-0} + ${MLENV_POD_IGNORED_FAILURES:-0} + 1 )); export MLENV_ATTEMPT; exec "$@"';
/**
 * With the working tree: $1 is the fetch script, run in the trainer's own container before the
 * trainer. An init container would cost a second container start, about a second per pod here
 * (bench/pod-first-log.ts), and it would need nothing the trainer lacks (MLflow's credentials).
 */
const FETCH_THEN_ATTEMPT_SCRIPT = `python3 -c "$1" || exit; shift; cd "$MLENV_WORKDIR" || exit; ${ATTEMPT_SCRIPT}`;

/** Deterministic object name: the same run and attempt always render the same name. */
export function jobName(job: Pick<TrainingJob, 'project' | 'runId' | 'attempt'>): string {
  return dnsLabel([job.project, job.runId.slice(0, 12), `a${job.attempt}`], 52);
}

/** The head of a manifest of the table's kind: apiVersion, kind and metadata. */
function manifest<K extends Kind>(
  kind: K,
  metadata: Metadata,
): { apiVersion: (typeof KINDS)[K]['apiVersion']; kind: K; metadata: Metadata } {
  return { apiVersion: KINDS[kind].apiVersion, kind, metadata };
}

/**
 * Every object of a run, in submission order; the last one is the workload the launcher follows,
 * and the ones before it (launcher config, secret, rendezvous service) are owned by it. A single
 * node is always a Job; `workload` decides how several nodes run.
 */
export function renderManifests(
  job: TrainingJob,
  cluster: ClusterSettings,
  workload: Workload,
): [...SupportManifest[], WorkloadManifest] {
  const name = jobName(job);
  const meta = metadata(job, cluster, name);
  const support: SupportManifest[] = [];
  const launcherConfig = renderLauncherConfig(job, meta);
  if (launcherConfig) support.push(launcherConfig);
  const secret = renderSecret(job, meta);
  if (secret) support.push(secret);
  if (job.train.nodes > 1 && workload === 'trainjob') {
    const { runtime, trainJob } = renderTrainJob(job, cluster, meta);
    return [...support, runtime, trainJob];
  }
  if (job.train.nodes > 1) {
    const { service, indexed } = renderIndexedJob(job, cluster, meta);
    return [...support, service, indexed];
  }
  return [...support, renderJob(job, cluster, meta)];
}

function metadata(job: TrainingJob, cluster: ClusterSettings, name: string): Metadata {
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
  if (cluster.code) annotations['mlenv.dev/code-source'] = cluster.code.kind;
  if (cluster.code?.kind === 'git') annotations['mlenv.dev/git-commit'] = cluster.code.commit;
  if (cluster.code?.kind === 'working-tree')
    annotations['mlenv.dev/code-sha256'] = cluster.code.archive.sha256;
  return { name, namespace: cluster.namespace, labels, annotations };
}

function podMetadata(meta: Metadata, cluster: ClusterSettings): V1ObjectMeta {
  // MLEnv's own labels win: watching the run's pods depends on them.
  return {
    labels: { ...cluster.podLabels, ...meta.labels },
    ...(cluster.podAnnotations && Object.keys(cluster.podAnnotations).length > 0
      ? { annotations: cluster.podAnnotations }
      : {}),
  };
}

/** The DeepSpeed or Accelerate config generated from mlenv.yaml, mounted into every pod. */
function renderLauncherConfig(job: TrainingJob, meta: Metadata): ConfigMapManifest | undefined {
  const file = launcherConfigFile(job);
  if (!file) return undefined;
  const content =
    job.train.distributed === 'accelerate'
      ? stringify(accelerateConfig(job.train))
      : `${JSON.stringify(deepspeedConfig(job.train), null, 2)}\n`;
  return {
    ...manifest('ConfigMap', { ...meta, name: `${meta.name}-launcher` }),
    data: { [file.key]: content },
  };
}

function launcherConfigFile(job: TrainingJob): { key: string; env: string } | undefined {
  if (job.train.distributed === 'accelerate')
    return { key: 'accelerate.yaml', env: 'MLENV_ACCELERATE_CONFIG' };
  if (job.train.distributed === 'deepspeed')
    return { key: 'deepspeed.json', env: 'MLENV_DEEPSPEED_CONFIG' };
  return undefined;
}

/** Credentials reach the pods through a Secret, so they never appear in the workload's spec. */
function renderSecret(job: TrainingJob, meta: Metadata): SecretManifest | undefined {
  if (Object.keys(job.secretEnv).length === 0) return undefined;
  return {
    ...manifest('Secret', { ...meta, name: secretName(meta.name) }),
    type: 'Opaque',
    stringData: { ...job.secretEnv },
  };
}

function secretName(name: string): string {
  return `${name}-env`;
}

function containerEnv(job: TrainingJob, name: string): V1EnvVar[] {
  // PATH belongs to the image; the local launcher's PATH means nothing in a pod.
  const plain = Object.entries({
    ...job.env,
    MLENV_OUTPUT_DIR: '/mlenv/outputs',
    MLENV_CHECKPOINT_DIR: '/mlenv/checkpoints',
  })
    .filter(([key]) => key !== 'PATH' && !(key in job.secretEnv))
    .map(([key, value]) => ({ name: key, value }));
  const secret = Object.keys(job.secretEnv).map((key) => ({
    name: key,
    valueFrom: { secretKeyRef: { name: secretName(name), key } },
  }));
  const attempt = [
    { name: 'MLENV_POD_FAILURES', annotation: FAILURE_COUNT },
    { name: 'MLENV_POD_IGNORED_FAILURES', annotation: IGNORED_FAILURE_COUNT },
  ].map(({ name: key, annotation }) => ({
    name: key,
    valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${annotation}']` } },
  }));
  const config = launcherConfigFile(job);
  const launcher = config ? [{ name: config.env, value: `${LAUNCHER_DIR}/${config.key}` }] : [];
  return [...plain, ...secret, ...attempt, ...launcher];
}

function resources(job: TrainingJob, cluster: ClusterSettings): V1ResourceRequirements {
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

/** Volumes, mounts, init containers and tolerations shared by every way of running pods. */
function podParts(job: TrainingJob, cluster: ClusterSettings, name: string) {
  // With a claim, each run gets its own folder in it, the same for every retry of the run.
  const volumes: V1Volume[] = [
    cluster.checkpointClaim
      ? { name: 'checkpoints', persistentVolumeClaim: { claimName: cluster.checkpointClaim } }
      : { name: 'checkpoints', emptyDir: {} },
    // The image's user cannot create folders under / : MLENV_OUTPUT_DIR needs a volume of its own.
    { name: 'outputs', emptyDir: {} },
  ];
  const mounts: V1VolumeMount[] = [
    {
      name: 'checkpoints',
      mountPath: '/mlenv/checkpoints',
      ...(cluster.checkpointClaim ? { subPath: `${dnsLabel([job.project])}/${job.runName}` } : {}),
    },
    { name: 'outputs', mountPath: '/mlenv/outputs' },
  ];
  if (launcherConfigFile(job)) {
    volumes.push({ name: 'launcher', configMap: { name: `${name}-launcher` } });
    mounts.push({ name: 'launcher', mountPath: LAUNCHER_DIR, readOnly: true });
  }
  const initContainers: V1Container[] = [];
  if (cluster.code && cluster.code.kind !== 'image') {
    volumes.push({ name: CODE_CONTAINER, emptyDir: {} });
    mounts.push({ name: CODE_CONTAINER, mountPath: WORKSPACE });
  }
  const checkout = gitInitContainer(cluster);
  if (checkout) initContainers.push(checkout);
  const tolerations: V1Toleration[] = [
    ...(job.train.resources.gpus > 0
      ? [{ key: cluster.gpuResource, operator: 'Exists', effect: 'NoSchedule' }]
      : []),
    ...(cluster.tolerations ?? []),
  ];
  const nodeSelector = cluster.nodeSelector ?? {};
  // "nodes: N" means N machines: the pods of a run spread one per node, as torchrun's node ranks
  // assume (where the run's nodeSelector leaves fewer nodes, they share).
  const topologySpreadConstraints: V1TopologySpreadConstraint[] =
    job.train.nodes > 1
      ? [
          {
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { [LABELS.runId]: job.runId.slice(0, 63) } },
          },
        ]
      : [];
  return { volumes, mounts, initContainers, tolerations, nodeSelector, topologySpreadConstraints };
}

/**
 * The `source` init container that checks the commit out into /workspace. It is a container of
 * its own so that a repository token (a Secret of the user's) reaches it and never the trainer.
 * The script is a constant; every variable part is in the environment, the token only as a
 * reference to its Secret.
 */
function gitInitContainer(cluster: ClusterSettings): V1Container | undefined {
  const code = cluster.code;
  if (code?.kind !== 'git') return undefined;
  const secret = cluster.gitCredentialsSecret;
  const credentials: V1EnvVar[] = secret
    ? [
        {
          name: CODE_ENV.gitUsername,
          valueFrom: { secretKeyRef: { name: secret, key: 'username', optional: true } },
        },
        {
          name: CODE_ENV.gitPassword,
          valueFrom: { secretKeyRef: { name: secret, key: 'password' } },
        },
      ]
    : [];
  return {
    name: CODE_CONTAINER,
    image: cluster.image,
    command: ['sh', '-c', GIT_FETCH_SCRIPT],
    env: [
      { name: CODE_ENV.dest, value: WORKSPACE },
      { name: CODE_ENV.gitUrl, value: code.url },
      { name: CODE_ENV.gitCommit, value: code.commit },
      ...credentials,
    ],
    volumeMounts: [{ name: CODE_CONTAINER, mountPath: WORKSPACE }],
  };
}

/** What the trainer's container reads to fetch the working tree itself (MLflow's are there). */
function workingTreeEnv(cluster: ClusterSettings): V1EnvVar[] {
  const code = cluster.code;
  if (code?.kind !== 'working-tree') return [];
  return [
    { name: CODE_ENV.dest, value: WORKSPACE },
    { name: CODE_ENV.artifact, value: code.artifact },
    { name: CODE_ENV.sha256, value: code.archive.sha256 },
    { name: 'MLENV_WORKDIR', value: path.posix.join(WORKSPACE, cluster.projectDir) },
  ];
}

/** The trainer's argv behind the wrapper that sets MLENV_ATTEMPT (and fetches a working tree). */
function trainerCommand(cluster: ClusterSettings, command: string[]): string[] {
  if (cluster.code?.kind === 'working-tree')
    return [
      'sh',
      '-c',
      FETCH_THEN_ATTEMPT_SCRIPT,
      'mlenv-trainer',
      FETCH_ARTIFACT_SCRIPT,
      ...command,
    ];
  return ['sh', '-c', ATTEMPT_SCRIPT, 'mlenv-trainer', ...command];
}

/** The trainer's working directory: the project inside the workspace, wherever the code came from. */
function workingDir(cluster: ClusterSettings): string {
  // The project's folder is made by the unpacking: the wrapper changes into it (MLENV_WORKDIR).
  if (cluster.code?.kind === 'working-tree') return WORKSPACE;
  // A git checkout holds the whole repository; the workspace may be a folder of it.
  const prefix = cluster.code?.kind === 'git' ? cluster.code.prefix : '';
  return path.posix.join(WORKSPACE, prefix, cluster.projectDir);
}

function podSpec(
  job: TrainingJob,
  cluster: ClusterSettings,
  name: string,
  command: string[],
): V1PodSpec {
  const parts = podParts(job, cluster, name);
  return {
    restartPolicy: 'Never',
    ...(cluster.serviceAccount ? { serviceAccountName: cluster.serviceAccount } : {}),
    automountServiceAccountToken: false,
    // The image runs as its own user: volumes that support it (a checkpoint claim on a CSI
    // driver) are made writable for its group, changing ownership only when the root differs.
    securityContext: { fsGroup: RUNTIME_USER.gid, fsGroupChangePolicy: 'OnRootMismatch' },
    ...(Object.keys(parts.nodeSelector).length > 0 ? { nodeSelector: parts.nodeSelector } : {}),
    ...(parts.tolerations.length > 0 ? { tolerations: parts.tolerations } : {}),
    ...(parts.topologySpreadConstraints.length > 0
      ? { topologySpreadConstraints: parts.topologySpreadConstraints }
      : {}),
    ...(parts.initContainers.length > 0 ? { initContainers: parts.initContainers } : {}),
    containers: [
      {
        name: TRAINER,
        image: cluster.image,
        workingDir: workingDir(cluster),
        command: trainerCommand(cluster, command),
        env: [...containerEnv(job, name), ...workingTreeEnv(cluster)],
        resources: resources(job, cluster),
        volumeMounts: parts.mounts,
      },
    ],
    volumes: parts.volumes,
  };
}

function jobSpec(
  job: TrainingJob,
  cluster: ClusterSettings,
  completions: number,
  template: V1PodTemplateSpec,
  container: string = TRAINER,
): V1JobSpec {
  return {
    backoffLimit: job.train.retries,
    // Retries counted per index make the controller annotate each pod with its index's earlier
    // failures (MLENV_ATTEMPT); any index out of retries fails the whole run.
    backoffLimitPerIndex: job.train.retries,
    maxFailedIndexes: 0,
    activeDeadlineSeconds: Math.ceil(parseDuration(job.train.maxRuntime) / 1000),
    ttlSecondsAfterFinished: cluster.ttlSeconds ?? 86_400,
    // Preemption and node loss are not the trainer's fault: they never count against retries.
    // A non-zero exit of the trainer is a code failure: retrying would fail the same way.
    podFailurePolicy: {
      rules: [
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        {
          action: 'FailJob',
          onExitCodes: { containerName: container, operator: 'NotIn', values: [0] },
        },
      ],
    },
    completionMode: 'Indexed',
    completions,
    parallelism: completions,
    template,
  };
}

/**
 * One node is an indexed Job of one completion: indexed, so that the controller counts each
 * retry of the pod in its annotations (MLENV_ATTEMPT).
 */
function renderJob(job: TrainingJob, cluster: ClusterSettings, meta: Metadata): JobManifest {
  return {
    ...manifest('Job', meta),
    spec: jobSpec(job, cluster, 1, {
      metadata: podMetadata(meta, cluster),
      spec: podSpec(job, cluster, meta.name, nodeCommand(job, { nodes: 1 })),
    }),
  };
}

/** Where a node finds its rank and the rendezvous, as Kubernetes `$(VAR)` references. */
interface Rendezvous {
  nodes: number;
  nodeRank?: string;
  masterAddr?: string;
  masterPort?: string;
  /** Kubeflow Trainer's runtimes hand torchrun its settings as PET_* variables. */
  fromEnvironment?: boolean;
}

/**
 * The argv each node runs. DeepSpeed runs under torchrun on a cluster (deepspeed.initialize reads
 * torchrun's variables); its own launcher needs ssh between pods.
 */
export function nodeCommand(
  job: Pick<TrainingJob, 'command' | 'train'>,
  rdzv: Rendezvous,
): string[] {
  const { train, command } = job;
  const procs = train.procsPerNode;
  if (train.distributed === 'none') return command;
  if (train.distributed === 'accelerate') {
    const script = isPython(command[0]) ? command.slice(1) : ['--no_python', ...command];
    const multi =
      rdzv.nodes > 1
        ? [
            `--machine_rank=${rdzv.nodeRank}`,
            `--main_process_ip=${rdzv.masterAddr}`,
            `--main_process_port=${rdzv.masterPort}`,
          ]
        : [];
    return [
      'accelerate',
      'launch',
      `--config_file=${LAUNCHER_DIR}/accelerate.yaml`,
      `--num_machines=${rdzv.nodes}`,
      `--num_processes=${rdzv.nodes * procs}`,
      ...multi,
      ...script,
    ];
  }
  const script = isPython(command[0]) ? command.slice(1) : ['--no-python', ...command];
  if (rdzv.fromEnvironment) return ['torchrun', ...script];
  if (rdzv.nodes === 1) {
    if (procs === 1) return command;
    return ['torchrun', '--standalone', '--nnodes=1', `--nproc-per-node=${procs}`, ...script];
  }
  return [
    'torchrun',
    `--nnodes=${rdzv.nodes}`,
    `--nproc-per-node=${procs}`,
    `--node-rank=${rdzv.nodeRank}`,
    `--master-addr=${rdzv.masterAddr}`,
    `--master-port=${rdzv.masterPort}`,
    ...script,
  ];
}

function isPython(program: string | undefined): boolean {
  return program !== undefined && /^python(\d+(\.\d+)?)?$/.test(program);
}

function renderIndexedJob(
  job: TrainingJob,
  cluster: ClusterSettings,
  meta: Metadata,
): { service: ServiceManifest; indexed: JobManifest } {
  const name = meta.name;
  const nodes = job.train.nodes;
  const command = nodeCommand(job, {
    nodes,
    nodeRank: '$(JOB_COMPLETION_INDEX)',
    masterAddr: `${name}-0.${name}`,
    masterPort: String(RENDEZVOUS_PORT),
  });
  const spec = podSpec(job, cluster, name, command);
  // The variables Kubeflow Trainer gives a TrainJob's nodes (and torchrun reads), so a trainer
  // sees the same rendezvous on both paths.
  const [trainer] = spec.containers;
  trainer?.env?.push(
    { name: 'PET_NNODES', value: String(nodes) },
    { name: 'PET_NPROC_PER_NODE', value: String(job.train.procsPerNode) },
    {
      name: 'PET_NODE_RANK',
      valueFrom: {
        fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
      },
    },
    { name: 'PET_MASTER_ADDR', value: `${name}-0.${name}` },
    { name: 'PET_MASTER_PORT', value: String(RENDEZVOUS_PORT) },
  );
  return {
    service: {
      ...manifest('Service', meta),
      spec: {
        clusterIP: 'None',
        selector: { 'batch.kubernetes.io/job-name': name },
        ports: [{ name: 'rendezvous', port: RENDEZVOUS_PORT }],
        publishNotReadyAddresses: true,
      },
    },
    indexed: {
      ...manifest('Job', meta),
      spec: jobSpec(job, cluster, nodes, {
        metadata: podMetadata(meta, cluster),
        spec: { ...spec, subdomain: name },
      }),
    },
  };
}

/**
 * A Kubeflow TrainJob over a TrainingRuntime of the run's own, which holds the same pod and Job
 * template as the indexed Job (code checkout, volumes, retries per index, failure policy): the
 * Trainer sets the node count and the PET_* rendezvous variables, and the JobSet's headless
 * Service gives the nodes their names.
 */
function renderTrainJob(
  job: TrainingJob,
  cluster: ClusterSettings,
  meta: Metadata,
): { runtime: TrainingRuntimeManifest; trainJob: TrainJobManifest } {
  const command = nodeCommand(job, {
    nodes: job.train.nodes,
    nodeRank: '$(PET_NODE_RANK)',
    masterAddr: '$(PET_MASTER_ADDR)',
    masterPort: '$(PET_MASTER_PORT)',
    fromEnvironment: job.train.distributed !== 'accelerate',
  });
  const pod = podSpec(job, cluster, meta.name, command);
  // The Trainer looks for the container named "node" of the trainer step; the failure policy's
  // exit-code rule names the same container.
  const [trainer, ...others] = pod.containers;
  const containers = [{ ...trainer, name: TRAINJOB_NODE }, ...others] as V1Container[];
  // The JobSet's Job lives as long as the TrainJob; a TTL of its own would remove it under the
  // JobSet, which owns that decision.
  const { ttlSecondsAfterFinished: _, ...template } = jobSpec(
    job,
    cluster,
    job.train.nodes,
    { metadata: podMetadata(meta, cluster), spec: { ...pod, containers } },
    TRAINJOB_NODE,
  );
  return {
    runtime: {
      ...manifest('TrainingRuntime', meta),
      spec: {
        mlPolicy: { numNodes: job.train.nodes, torch: {} },
        template: {
          spec: {
            replicatedJobs: [
              {
                name: TRAINJOB_NODE,
                template: {
                  metadata: { labels: { [TRAINER_ANCESTOR]: 'trainer' } },
                  spec: template,
                },
              },
            ],
          },
        },
      },
    },
    trainJob: {
      ...manifest('TrainJob', meta),
      spec: {
        runtimeRef: { apiGroup: 'trainer.kubeflow.org', kind: 'TrainingRuntime', name: meta.name },
        activeDeadlineSeconds: Math.ceil(parseDuration(job.train.maxRuntime) / 1000),
        trainer: {
          image: cluster.image,
          // The Trainer sets the node container's command and env from these.
          command: trainerCommand(cluster, command),
          env: [...containerEnv(job, meta.name), ...workingTreeEnv(cluster)],
          numNodes: job.train.nodes,
          numProcPerNode: job.train.procsPerNode,
          resourcesPerNode: resources(job, cluster),
        },
      },
    },
  };
}

/** A Secret as a plan shows it: which keys, never their values. */
export function redactSecrets(manifest: Manifest): Manifest {
  if (manifest.kind !== 'Secret') return manifest;
  const data = manifest.stringData ?? {};
  return { ...manifest, stringData: Object.fromEntries(Object.keys(data).map((k) => [k, '***'])) };
}
