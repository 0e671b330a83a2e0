import type { Logger } from '../logger/index.js';
import type { JobOutcome, TrainingJob } from './job.js';

/**
 * Which process started a run: enough to tell, later and from another process, whether it still
 * runs (a reused pid has another start time).
 */
export interface LauncherIdentity {
  host: string;
  pid: number;
  /** /proc/<pid>/stat field 22 (clock ticks since boot); null where there is no /proc. */
  startTime: string | null;
}

/** A Kubernetes object a run created, by reference. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

interface HandleBase {
  /** The MLflow run this job logs into. */
  runId: string;
  /** ISO time of the submission. */
  submittedAt: string;
  launcher: LauncherIdentity;
  /** The GitHub Actions run that launched it, when there was one. */
  workflowRunUrl?: string;
}

export interface LocalHandle extends HandleBase {
  backend: 'local';
  /** The trainer's process (leader of its own process group). */
  trainer: { pid: number; startTime: string | null };
}

export interface KubernetesHandle extends HandleBase {
  backend: 'kubernetes';
  /** The kubeconfig file the run used (unset: KUBECONFIG or ~/.kube/config). */
  kubeconfig?: string;
  /** The kubeconfig context the run used, resolved: cleanup talks to the same cluster. */
  context?: string;
  namespace: string;
  /** The workload (Job or TrainJob) last; the objects before it are owned by it. */
  objects: ObjectRef[];
}

/**
 * A submitted job as plain, serialisable data: kept as the MLflow run's `mlenv.handle` tag, in the
 * train action's state, printed by `--json`, and handed back to `follow`, `cancel` and `cleanup`
 * by any process, through the registry in backends/index.ts.
 */
export type Handle = LocalHandle | KubernetesHandle;
export type BackendName = Handle['backend'];

/** What `plan` shows: exactly what `submit` would create, with secret values hidden. */
export type Plan =
  | {
      backend: 'local';
      cwd: string;
      argv: string[];
      /** The trainer's own environment (on top of the launcher's); secret values as `***`. */
      env: Record<string, string>;
      /** Launcher config files (DeepSpeed, Accelerate) that would be written. */
      files: { path: string; content: string }[];
      notes: string[];
    }
  | {
      backend: 'kubernetes';
      /** Typed manifests, in submission order (the workload last); Secret values as `***`. */
      manifests: object[];
      /** What the plan depends on, e.g. "a cluster serving trainer.kubeflow.org would get a TrainJob". */
      notes: string[];
    };

/** Where a submitted job stands, as its backend sees it now. */
export type JobState =
  | { state: 'running' }
  | { state: 'succeeded' }
  | { state: 'failed'; reason: string }
  /** Nothing of it exists any more (a deleted Job, a trainer process that is gone). */
  | { state: 'gone' };

/**
 * What any process can do with a handle alone: follow, inspect, cancel and clean up a job that
 * maybe another process submitted. `backendForHandle` in backends/index.ts builds one from the
 * handle (its backend name, and for a cluster its kubeconfig and context).
 */
export interface HandleOperations<H extends Handle = Handle> {
  readonly name: H['backend'];
  /**
   * Streams the job's logs and waits for its end. Aborting the signal stops following only (the
   * outcome is then `cancelled`); the caller decides whether to `cancel`. A job this instance
   * cancelled ends `cancelled` too. An outcome with `cleanUp` must not be left running.
   */
  follow(handle: H, logger: Logger, signal: AbortSignal): Promise<JobOutcome>;
  /** Where the job stands now (for `mlenv reap` and for status lines). */
  inspect(handle: H): Promise<JobState>;
  /** Stops the job (SIGTERM then SIGKILL; deletes the workload) and waits until it is stopped. */
  cancel(handle: H, logger: Logger): Promise<void>;
  /** Removes whatever of the job still exists. Idempotent: a second call finds nothing to do. */
  cleanup(handle: H, logger: Logger): Promise<void>;
}

/**
 * A place where training runs, as small operations in the spirit of kubeflow/sdk's backend base.
 * Each backend is one folder under backends/; the launcher picks one by name and never looks inside.
 * Several jobs may be submitted and followed at once by one backend instance.
 */
export interface TrainingBackend<H extends Handle = Handle> extends HandleOperations<H> {
  /** Offline: what would run. Never contacts a cluster, starts a process or writes a file. */
  plan(job: TrainingJob): Promise<Plan>;
  /** Has the backend check the job without running it (the API server's dry run). */
  validate(job: TrainingJob, logger: Logger): Promise<void>;
  /** Starts the job and returns at once. On a failure of its own it leaves nothing behind. */
  submit(job: TrainingJob, logger: Logger): Promise<H>;
}
