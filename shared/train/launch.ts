import path from 'node:path';
import type { TrainConfig } from '../config/schema.js';
import type { Project, Workspace } from '../config/workspace.js';
import { ConfigurationError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { latestMetrics, type MlflowClient } from '../mlflow/client.js';
import type { Handle, TrainingBackend } from './backend.js';
import type { CodeSource } from './code/source.js';
import { HANDLE_TAG } from './handle.js';
import {
  type JobOutcome,
  type JobStatus,
  makeRunName,
  type ParamValue,
  type RunContext,
  type TrainingJob,
  trainerCommand,
  trainerEnv,
} from './job.js';
import { runStartParams } from './run-params.js';

export interface LaunchOptions {
  workspace: Workspace;
  project: Project;
  backend: TrainingBackend;
  mlflow: MlflowClient;
  context: RunContext;
  /** Directories put first on the trainer's PATH (the workspace environment's bin). */
  pathPrefix?: string[];
  paramOverrides?: Record<string, ParamValue>;
  /**
   * true: register the logged model, and fail when there is none (asked for explicitly).
   * 'if-logged': register a logged model, warn when there is none (the default on main, where a
   * trainer that logs no model must not fail a successful run). false: register nothing.
   */
  register: boolean | 'if-logged';
  lockHash?: string;
  image?: string;
  /** Credentials the trainer needs (MLFLOW_TRACKING_TOKEN...): hidden in logs, a Secret on a cluster. */
  secretEnv?: Record<string, string>;
  /** How a cluster's pods get the code; a working tree is uploaded to the run before submission. */
  code?: CodeSource;
  /** When `signal` aborts: stop and remove the job (default), or leave it running and say so. */
  onCancel?: 'delete' | 'detach';
  /** Called with the handle once the job is submitted (the train action keeps it for its post step). */
  onSubmitted?: (handle: Handle) => void;
  logger: Logger;
  signal: AbortSignal;
}

export interface TrainResult {
  status: JobStatus;
  project: string;
  backend: string;
  runId: string;
  runName: string;
  runUrl: string;
  experimentId: string;
  durationMs: number;
  metrics: Record<string, number>;
  /** Every value of each metric by step, for curves in reports. */
  history: Record<string, { step: number; value: number }[]>;
  modelUri?: string;
  registered?: { name: string; version: string };
  /** Why the model could not be registered, when registration was asked for explicitly. */
  registerError?: string;
  exitCode?: number;
  /** Times the trainer was started: more than 1 when a preempted pod was retried. */
  attempts: number;
  reason?: string;
  logTail: string[];
  /** The whole log of all processes, secrets hidden (also kept in MLflow as mlenv/train.log). */
  log: string;
  /** The submitted job, as the MLflow run's mlenv.handle tag holds it. */
  handle: Handle;
}

/** The working tree goes to the run's artifacts before any pod can ask for it. */
async function shipCode(
  mlflow: MlflowClient,
  artifactUri: string,
  code: CodeSource | undefined,
): Promise<void> {
  if (code?.kind === 'working-tree')
    await mlflow.uploadArtifact(artifactUri, code.artifact, code.archive.data);
}

/**
 * One training run, whatever the backend: create the MLflow run first (so the trainer's plain
 * `mlflow.start_run()` logs into it), submit the job and keep its handle on the run, follow it to
 * its end (cancelling or detaching when the caller aborts), keep its log, then read back what it
 * logged.
 */
export async function launchTraining(options: LaunchOptions): Promise<TrainResult> {
  const { project, backend, mlflow, context, logger } = options;
  requireTrain(project);
  const started = Date.now();
  const experimentId = await mlflow.getOrCreateExperiment(project.name);
  const runName = makeRunName(project.name, context);
  const run = await mlflow.createRun(experimentId, runName, runTags(options, runName));
  const runId = run.info.run_id;
  const runUrl = mlflow.runUrl(experimentId, runId);
  logger.info(`MLflow run ${runName}: ${runUrl}`);

  const job = buildJob(options, { runId, runName, experimentId, trackingUri: mlflow.uri });

  let handle: Handle;
  let outcome: JobOutcome;
  logger.startGroup(`Training ${project.name} on ${backend.name}`);
  try {
    // The launcher logs what the run was started with, so trainers need not (nor de-duplicate it).
    await Promise.all([
      mlflow.logParams(runId, runStartParams(job, backend.name)),
      shipCode(mlflow, run.info.artifact_uri ?? '', options.code),
    ]);
    handle = await backend.submit(job, logger);
    options.onSubmitted?.(handle);
    await mlflow.setTags(runId, { [HANDLE_TAG]: JSON.stringify(handle) });
    outcome = await followToEnd(backend, handle, options);
  } catch (error) {
    // A failure of the launcher's own (the cluster refused the job, MLflow went away) still
    // ends the run, rather than leave it RUNNING.
    await mlflow.setRunStatus(runId, 'FAILED').catch(() => undefined);
    throw error;
  } finally {
    logger.endGroup();
  }

  const finalStatus =
    outcome.status === 'succeeded'
      ? 'FINISHED'
      : outcome.status === 'cancelled'
        ? 'KILLED'
        : 'FAILED';
  // These requests are independent; sent together, they keep the launcher's overhead small.
  const [, , models] = await Promise.all([
    mlflow
      .uploadArtifact(run.info.artifact_uri ?? '', 'mlenv/train.log', outcome.log)
      .catch((error: Error) =>
        logger.warning(`Could not keep the training log in MLflow: ${error.message}`),
      ),
    mlflow.setRunStatus(runId, finalStatus),
    mlflow.loggedModels(experimentId, runId),
    (outcome.attempts ?? 1) > 1
      ? mlflow.setTags(runId, { 'mlenv.attempt': String(outcome.attempts) })
      : undefined,
  ]);
  const metrics = latestMetrics(await mlflow.getRun(runId));
  const history = Object.fromEntries(
    await Promise.all(
      Object.keys(metrics).map(async (key) => [
        key,
        (await mlflow.metricHistory(runId, key)).map((m) => ({ step: m.step, value: m.value })),
      ]),
    ),
  );
  const modelId = models[0]?.info.model_id;
  const result: TrainResult = {
    status: outcome.status,
    project: project.name,
    backend: backend.name,
    runId,
    runName,
    runUrl,
    experimentId,
    durationMs: Date.now() - started,
    metrics,
    history,
    modelUri: modelId ? `models:/${modelId}` : undefined,
    exitCode: outcome.exitCode,
    attempts: outcome.attempts ?? 1,
    reason: outcome.reason,
    logTail: outcome.logTail,
    log: outcome.log,
    handle,
  };

  if (options.register && outcome.status === 'succeeded') {
    try {
      result.registered = await register(options, result, modelId);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      result.registerError = error.message;
    }
  }
  return result;
}

/**
 * Follows the job to its end. When the caller aborts, `delete` cancels the job and keeps following
 * until it has stopped (so its last lines are kept), `detach` stops following and leaves it
 * running. A job that failed yet still holds resources, or a failure while following, is cleaned up.
 */
async function followToEnd(
  backend: TrainingBackend,
  handle: Handle,
  options: Pick<LaunchOptions, 'logger' | 'signal' | 'onCancel'>,
): Promise<JobOutcome> {
  const { logger, signal } = options;
  const following = new AbortController();
  let cancelling: Promise<void> | undefined;
  let cancelFailure: unknown;
  const onAbort = () => {
    if (options.onCancel === 'detach') {
      logger.info(`Detached: ${describeHandle(handle)} keeps running.`);
      following.abort();
      return;
    }
    cancelling = backend.cancel(handle, logger).catch((error: unknown) => {
      cancelFailure = error;
      following.abort();
    });
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    const outcome = await backend.follow(handle, logger, following.signal);
    await cancelling;
    if (cancelFailure) throw cancelFailure;
    if (outcome.cleanUp) await backend.cleanup(handle, logger);
    return outcome;
  } catch (error) {
    // Never leave a job running behind a failure of our own.
    if (options.onCancel !== 'detach' || !signal.aborted)
      await backend.cleanup(handle, logger).catch(() => undefined);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The job in a few words, for messages: `Job/fraud-0123-a1`, `trainer process 4242`. */
export function describeHandle(handle: Handle): string {
  if (handle.backend === 'local') return `trainer process ${handle.trainer.pid}`;
  const workload = handle.objects[handle.objects.length - 1];
  return workload ? `${workload.kind}/${workload.name}` : `the run ${handle.runId}`;
}

function requireTrain(project: Project): TrainConfig {
  if (!project.config.train) {
    throw new ConfigurationError(
      `${path.relative(process.cwd(), project.file) || project.file}: expected a train section, found none.`,
    );
  }
  return project.config.train;
}

/** The job a backend runs; also what --dry-run shows, with placeholder run identifiers. */
export function buildJob(
  options: Pick<
    LaunchOptions,
    'workspace' | 'project' | 'paramOverrides' | 'pathPrefix' | 'secretEnv'
  >,
  run: { runId: string; runName: string; experimentId: string; trackingUri: string },
): TrainingJob {
  const { workspace, project } = options;
  const train = requireTrain(project);
  const params = { ...train.params, ...options.paramOverrides };
  const runDir = path.join(workspace.root, '.mlenv', 'runs', run.runName);
  const base = {
    ...run,
    project: project.name,
    projectDir: path.join(workspace.root, project.dir),
    attempt: 1,
    train,
    outputDir: path.join(runDir, 'outputs'),
    checkpointDir: path.join(runDir, 'checkpoints'),
  };
  const env = trainerEnv(base, params);
  if (options.pathPrefix?.length)
    env.PATH = [...options.pathPrefix, process.env.PATH ?? ''].join(path.delimiter);
  return {
    ...base,
    command: trainerCommand(train, options.paramOverrides),
    env,
    secretEnv: { ...options.secretEnv },
    secrets: Object.values(options.secretEnv ?? {}),
  };
}

async function register(
  options: LaunchOptions,
  result: TrainResult,
  modelId: string | undefined,
): Promise<TrainResult['registered']> {
  const name = options.project.config.promote?.model;
  if (!name) {
    options.logger.warning(`Not registering: ${options.project.name} has no promote.model.`);
    return undefined;
  }
  if ((!modelId || !result.modelUri) && options.register === 'if-logged') {
    options.logger.warning(
      `Not registering ${name}: run ${result.runId} logged no model (registration is on by default on ${options.context.branch ?? 'main'}; pass --register, or register: true to mlenv/train, to require it).`,
    );
    return undefined;
  }
  if (!modelId || !result.modelUri) {
    throw new ConfigurationError(
      `Cannot register ${name}: run ${result.runId} logged no model. Log it with mlflow.pytorch.log_model in the trainer.`,
    );
  }
  await options.mlflow.createRegisteredModel(name);
  const version = await options.mlflow.createModelVersion({
    name,
    source: result.modelUri,
    runId: result.runId,
    modelId,
    tags: options.context.commit ? { 'mlenv.git.commit': options.context.commit } : {},
  });
  options.logger.info(`Registered ${name} version ${version.version}`);
  return { name, version: version.version };
}

function runTags(options: LaunchOptions, runName: string): Record<string, string> {
  const { context } = options;
  const tags: Record<string, string> = {
    'mlflow.runName': runName,
    'mlenv.project': options.project.name,
    'mlenv.backend': options.backend.name,
    'mlenv.attempt': '1',
  };
  const optional: Record<string, string | undefined> = {
    'mlflow.source.git.commit': context.commit,
    'mlenv.git.commit': context.commit,
    'mlenv.git.branch': context.branch,
    'mlenv.pr': context.prNumber,
    'mlenv.workflow_run_url': context.workflowRunUrl,
    'mlenv.actor': context.actor,
    'mlenv.environment.lock_hash': options.lockHash,
    'mlenv.image': options.image,
    // Known before the run exists: set with its other tags, not by a request of their own.
    'mlenv.code.source': options.code?.kind,
    'mlenv.code.sha256':
      options.code?.kind === 'working-tree' ? options.code.archive.sha256 : undefined,
  };
  for (const [key, value] of Object.entries(optional)) if (value) tags[key] = value;
  return tags;
}
