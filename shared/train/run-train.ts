import type { Project, Workspace } from '../config/workspace.js';
import { lockHash, resolveEnvironment } from '../environment/index.js';
import { ConfigurationError, errorMessage } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import type { Handle, Plan } from './backend.js';
import { backendForHandle, backendOptions, createBackend } from './backends/index.js';
import { type CodeSource, describeCode, resolveCodeSource } from './code/source.js';
import { detectRunContext } from './context.js';
import { makeRunName, type ParamValue, type RunContext } from './job.js';
import { buildJob, launchTraining, type TrainResult } from './launch.js';
import { formatPlan } from './plan.js';
import { reapRuns } from './reap.js';
import { resolveTracking, trackingCredentials } from './tracking.js';

/** One `mlenv train`, as the CLI and the train action both run it. */
export interface TrainRequest {
  workspace: Workspace;
  project: Project;
  backend: string;
  params?: Record<string, ParamValue>;
  /**
   * Given (--register / --no-register, the action's register input): register or fail, or not at
   * all. Unset: register a logged model on the main branch, and only warn when none was logged.
   */
  register?: boolean;
  trackingUri?: string;
  /** How long MLflow requests are retried before the run fails (default 30 s). */
  mlflowRetryBudgetMs?: number;
  venv?: string;
  kubeconfig?: string;
  pendingTimeoutMs?: number;
  onCancel?: 'delete' | 'detach';
  dryRun?: boolean;
  serverDryRun?: boolean;
  /** Called with the job's handle as soon as it is submitted (the action's post step keeps it). */
  onSubmitted?: (handle: Handle) => void;
  logger: Logger;
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export type TrainOutcome =
  /** The plan, and its text as `--dry-run` prints it. */
  | { kind: 'dry-run'; plan: Plan; text: string }
  | { kind: 'server-dry-run' }
  | { kind: 'run'; result: TrainResult };

export async function runTrain(request: TrainRequest): Promise<TrainOutcome> {
  const { workspace, project, logger } = request;
  const env = request.env ?? process.env;
  const context = await detectRunContext(workspace.root, env);
  const local = request.backend === 'local';
  // Only a local run needs the Python environment here; the cluster gets the image of the lock.
  const environment =
    local && !request.dryRun && !request.serverDryRun
      ? await resolveEnvironment(workspace, { venv: request.venv, logger })
      : undefined;
  const hash = local ? environment?.lockHash : await lockHash(workspace);
  // Computed once: the pods run this image, and the MLflow run is tagged with it.
  const image = `${workspace.config.environment.image}:${hash ?? 'latest'}`;
  const trackingUri = request.trackingUri ?? workspace.config.tracking.uri;
  const code =
    request.backend === 'kubernetes' ? await clusterCode(request, env, context) : undefined;
  const backend = await createBackend(
    backendOptions({
      name: request.backend,
      workspace,
      projectDir: project.dir,
      context,
      image,
      kubeconfig: request.kubeconfig,
      pendingTimeoutMs: request.pendingTimeoutMs,
      code,
      env,
      offline: request.dryRun,
      logger,
    }),
  );

  if (request.dryRun || request.serverDryRun) {
    const job = buildJob(
      // Credentials included, so the plan shows the Secret they would travel in (values hidden).
      { workspace, project, paramOverrides: request.params, secretEnv: trackingCredentials(env) },
      placeholderRun(project, context, trackingUri),
    );
    if (request.dryRun) {
      const plan = await backend.plan(job);
      return { kind: 'dry-run', plan, text: formatPlan(plan) };
    }
    await backend.validate(job, logger);
    return { kind: 'server-dry-run' };
  }
  if (!local && !trackingUri) {
    throw new ConfigurationError(
      `${workspace.file}: tracking.uri: expected an MLflow server the cluster can reach for --backend kubernetes, found none (the embedded server listens on this machine only).`,
    );
  }
  const mlflow = await resolveTracking({
    workspace,
    environment: async () =>
      environment ?? resolveEnvironment(workspace, { venv: request.venv, logger }),
    uri: trackingUri,
    retryBudgetMs: request.mlflowRetryBudgetMs,
    logger,
    env,
  });
  // Runs of this project whose launcher died (SIGKILL, a lost runner) would stay RUNNING forever;
  // ending them costs one or two requests when there are none. It never fails this run.
  await reapRuns({
    mlflow,
    scope: { project: project.name },
    logger,
    env,
    backendFor: (handle) => backendForHandle(handle, { logger, env }),
    // A cluster or GitHub that does not answer soon leaves those runs for `mlenv reap`.
    checkTimeoutMs: 5_000,
  }).catch((error) => logger.warning(`Could not check for abandoned runs: ${errorMessage(error)}`));
  const result = await launchTraining({
    workspace,
    project,
    backend,
    mlflow,
    context,
    pathPrefix: environment ? [environment.bin] : [],
    paramOverrides: request.params,
    register: request.register ?? (isMainBranch(context) ? 'if-logged' : false),
    lockHash: hash,
    image: local ? undefined : image,
    secretEnv: trackingCredentials(env),
    code,
    onCancel: request.onCancel,
    onSubmitted: request.onSubmitted,
    logger,
    signal: request.signal,
  });
  return { kind: 'run', result };
}

function isMainBranch(context: RunContext): boolean {
  return context.branch === 'main' || context.branch === 'master';
}

function placeholderRun(project: Project, context: RunContext, trackingUri: string | undefined) {
  return {
    runId: 'dry-run',
    runName: makeRunName(project.name, context),
    experimentId: 'dry-run',
    trackingUri: trackingUri ?? 'http://127.0.0.1:5000',
  };
}

/**
 * How the pods get the code, said in one line before anything is submitted: by git when they can
 * fetch exactly this tree, else the working tree packed for the run's MLflow artifacts.
 */
async function clusterCode(
  request: TrainRequest,
  env: NodeJS.ProcessEnv,
  context: RunContext,
): Promise<CodeSource | undefined> {
  const settings = request.workspace.config.kubernetes?.code;
  // No kubernetes section: backendOptions says so in its own words.
  if (!settings) return undefined;
  const { code, warnings } = await resolveCodeSource({
    root: request.workspace.root,
    context,
    settings,
    env,
  });
  for (const warning of warnings) request.logger.warning(warning);
  for (const skipped of code.kind === 'working-tree' ? code.archive.skipped : [])
    request.logger.warning(`Not shipped to the cluster: ${skipped.path} (${skipped.reason}).`);
  request.logger.info(describeCode(code));
  return code;
}
