import { createHash } from 'node:crypto';
import type { TrainConfig } from '../config/schema.js';

// Kept while shared/train/backends/kubernetes/render.ts imports it from here; new code imports
// shared/util/duration.js.

export type ParamValue = string | number | boolean;

/** Where a run came from; every field becomes an MLflow tag and a Kubernetes label or annotation. */
export interface RunContext {
  commit?: string;
  branch?: string;
  prNumber?: string;
  workflowRunUrl?: string;
  actor?: string;
}

/** Everything a backend needs to run one attempt of a training job. */
export interface TrainingJob {
  project: string;
  /** Absolute project directory; the command runs from here. */
  projectDir: string;
  runId: string;
  runName: string;
  experimentId: string;
  trackingUri: string;
  attempt: number;
  train: TrainConfig;
  /** The trainer's argv: `train.command` with params appended. */
  command: string[];
  /** Environment for the trainer, on top of the backend's own. */
  env: Record<string, string>;
  outputDir: string;
  checkpointDir: string;
  /**
   * Credentials for the trainer (MLflow token and the like): set in its environment, but on a
   * cluster passed through a Secret rather than written into the workload.
   */
  secretEnv: Record<string, string>;
  /** Values to hide in every log line (tokens and the like). */
  secrets: string[];
}

export type JobStatus = 'succeeded' | 'failed' | 'cancelled';

export interface JobOutcome {
  status: JobStatus;
  exitCode?: number;
  /** One line saying why it did not succeed. */
  reason?: string;
  logTail: string[];
  /** Full log of all ranks, kept as an MLflow artifact. */
  log: string;
  /** How many times the trainer was started (a preempted pod's retry is the second attempt). */
  attempts?: number;
  /**
   * The job failed yet may still hold what it asked for (a pod left pending past the timeout):
   * the launcher cleans it up rather than leave it to wait.
   */
  cleanUp?: boolean;
}

/** `{epochs: 3, lr: 0.01}` becomes `--epochs 3 --lr 0.01`, in the order written. */
export function paramArgs(params: Readonly<Record<string, ParamValue>>): string[] {
  return Object.entries(params).flatMap(([key, value]) => [`--${key}`, String(value)]);
}

export function trainerCommand(
  train: TrainConfig,
  overrides: Readonly<Record<string, ParamValue>> = {},
): string[] {
  return [...train.command, ...paramArgs({ ...train.params, ...overrides })];
}

export function trainerEnv(
  job: Omit<TrainingJob, 'env' | 'command' | 'secrets' | 'secretEnv'>,
  params: Record<string, ParamValue>,
): Record<string, string> {
  return {
    MLFLOW_TRACKING_URI: job.trackingUri,
    MLFLOW_RUN_ID: job.runId,
    MLFLOW_EXPERIMENT_ID: job.experimentId,
    MLENV_PROJECT: job.project,
    MLENV_RUN_NAME: job.runName,
    MLENV_OUTPUT_DIR: job.outputDir,
    MLENV_CHECKPOINT_DIR: job.checkpointDir,
    MLENV_ATTEMPT: String(job.attempt),
    MLENV_PRECISION: job.train.precision,
    MLENV_PARAMS: JSON.stringify(params),
    PYTHONUNBUFFERED: '1',
  };
}

/** A readable, unique run name: project, short commit, UTC time. */
export function makeRunName(project: string, context: RunContext, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\..*$/, '')
    .replace('T', '-')
    .toLowerCase();
  const sha = context.commit ? `-${context.commit.slice(0, 7)}` : '';
  return `${project}${sha}-${stamp}`;
}

/**
 * A valid DNS label (Kubernetes object names) from readable parts; when too long, the tail is
 * replaced by a hash so distinct inputs keep distinct names.
 */
export function dnsLabel(parts: readonly string[], max = 63): string {
  const joined = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (joined.length <= max) return joined || 'x';
  const hash = createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 8);
  return `${joined.slice(0, max - 9).replace(/-+$/, '')}-${hash}`;
}

/** Parses `key=value` as the CLI's --param and the action's params input take it. */
export function parseParamAssignment(text: string): [string, ParamValue] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`expected key=value, found "${text}"`);
  const raw = text.slice(eq + 1);
  const value: ParamValue =
    raw === 'true'
      ? true
      : raw === 'false'
        ? false
        : raw.trim() !== '' && Number.isFinite(Number(raw))
          ? Number(raw)
          : raw;
  return [text.slice(0, eq).trim(), value];
}
