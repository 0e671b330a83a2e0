import path from 'node:path';
import type { Project, Workspace } from '../config/workspace.js';
import { type PythonEnvironment, resolveEnvironment } from '../environment/index.js';
import { ConfigurationError } from '../errors/index.js';
import { isAncestor } from '../git/git.js';
import type { Logger } from '../logger/index.js';
import { detectRunContext } from '../train/context.js';
import { resolveTracking } from '../train/tracking.js';
import { mlflowRegistry } from './aliases.js';
import type { CandidateRef } from './candidate.js';
import {
  type DeploymentHook,
  type PromoteResult,
  type PromoteStage,
  promote,
  rollback,
} from './promote.js';
import {
  createServingControl,
  createServingStrategy,
  type DeployNeeds,
  type ServingStatus,
  servingOptions,
} from './serving/index.js';

/** One `mlenv promote`, as the CLI and the promote action both run it. */
export interface PromoteRequest {
  workspace: Workspace;
  project: Project;
  /** Exactly one of these picks the candidate; none: the version registered from this commit. */
  version?: string;
  runId?: string;
  commit?: string;
  /** Serve previous-champion again and swap the aliases, instead of promoting. */
  rollback?: boolean;
  trackingUri?: string;
  /** How long each MLflow request is retried before the promotion fails (default 30 s). */
  mlflowRetryBudgetMs?: number;
  venv?: string;
  /** Who promotes, shown to a concurrent promotion (e.g. the workflow run URL). */
  holder?: string;
  /** How long to wait for another promotion of the same model (default 0: fail at once). */
  leaseWaitMs?: number;
  /** How long a new deployment may take to answer a prediction (default 5 min). */
  readyTimeoutMs?: number;
  /** kserve: the kubeconfig (default KUBECONFIG or ~/.kube/config). */
  kubeconfig?: string;
  deployment?: DeploymentHook;
  onStage?: (stage: PromoteStage, details: Record<string, string | undefined>) => void;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

export async function runPromote(request: PromoteRequest): Promise<PromoteResult> {
  const { workspace, project, logger } = request;
  const env = request.env ?? process.env;
  const config = requirePromote(project);
  // First: a serving section that does not fit its target fails before any service is contacted.
  const where = servingOptions(workspace, config.serving.name, {
    kubeconfig: request.kubeconfig,
    logger,
  });
  let environment: Promise<PythonEnvironment> | undefined;
  const getEnvironment = () => {
    environment ??= resolveEnvironment(workspace, { venv: request.venv, logger });
    return environment;
  };
  const mlflow = await resolveTracking({
    workspace,
    environment: getEnvironment,
    uri: request.trackingUri,
    retryBudgetMs: request.mlflowRetryBudgetMs,
    logger,
    env,
  });
  const registry = mlflowRegistry(mlflow);
  const needs: DeployNeeds = {
    registry,
    tracking: { uri: mlflow.uri, token: env.MLFLOW_TRACKING_TOKEN },
    readyTimeoutMs: request.readyTimeoutMs,
  };
  const serving = await createServingStrategy(
    // Only the local target runs the environment's `mlflow models serve`.
    where.target === 'local'
      ? { ...where, ...needs, environment: await getEnvironment() }
      : { ...where, ...needs },
  );
  const common = {
    model: config.model,
    servingName: config.serving.name,
    registry,
    serving,
    logger,
    lease: { holder: request.holder, waitMs: request.leaseWaitMs },
    deployment: request.deployment,
    onStage: request.onStage,
  };
  if (request.rollback) {
    if (request.version || request.runId || request.commit)
      throw new ConfigurationError(
        '--rollback takes no candidate: it serves the previous-champion alias again.',
      );
    return rollback(common);
  }
  return promote({
    ...common,
    gates: config.gates,
    candidate: await candidateRef(request, env),
    isAncestor: (older, newer) => isAncestor(request.workspace.root, older, newer),
  });
}

/** `mlenv serve status` for a project's serving name. */
export async function servingStatus(
  workspace: Workspace,
  project: Project,
  options: { kubeconfig?: string; logger: Logger },
): Promise<ServingStatus> {
  const config = requirePromote(project);
  return (
    await createServingControl(servingOptions(workspace, config.serving.name, options))
  ).status();
}

/** `mlenv serve stop`: false when nothing was running. Aliases are not touched. */
export async function stopServing(
  workspace: Workspace,
  project: Project,
  options: { kubeconfig?: string; logger: Logger },
): Promise<boolean> {
  const config = requirePromote(project);
  return (
    await createServingControl(servingOptions(workspace, config.serving.name, options))
  ).stop();
}

async function candidateRef(
  request: PromoteRequest,
  env: NodeJS.ProcessEnv,
): Promise<CandidateRef> {
  const given = [request.version, request.runId, request.commit].filter((v) => v !== undefined);
  if (given.length > 1)
    throw new ConfigurationError('Pass at most one of --model-version, --run-id and --commit.');
  if (request.version !== undefined) return { version: request.version };
  if (request.runId !== undefined) return { runId: request.runId };
  if (request.commit !== undefined) return { commit: request.commit };
  const { commit } = await detectRunContext(request.workspace.root, env);
  if (!commit)
    throw new ConfigurationError(
      'Cannot tell which version to promote: not in a git checkout and no --model-version, --run-id or --commit given.',
    );
  return { commit };
}

function requirePromote(project: Project) {
  if (!project.config.promote) {
    throw new ConfigurationError(
      `${path.relative(process.cwd(), project.file) || project.file}: expected a promote section (model, gates, serving), found none.`,
    );
  }
  return project.config.promote;
}
