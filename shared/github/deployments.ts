import type { Octokit } from '@octokit/rest';
import { ConfigurationError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';

export type DeploymentStatusState = 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export interface DeploymentStatusDetails {
  /** Where the deployed thing can be reached (the serving endpoint). */
  environmentUrl?: string;
  /** Where the deployment's output can be read (the workflow run). */
  logUrl?: string;
  description?: string;
}

export interface RecordedDeployment {
  id: number;
  /** The state of its latest status; absent for a deployment without any. */
  state?: string;
  setStatus(state: DeploymentStatusState, details?: DeploymentStatusDetails): Promise<void>;
}

interface RepositoryTarget {
  octokit: Octokit;
  owner: string;
  repo: string;
}

export interface RecordDeploymentOptions extends RepositoryTarget {
  /** The full sha of the commit deployed (the merge commit of the pull request). */
  ref: string;
  /** The GitHub environment, e.g. `serving/fraud-detector`. */
  environment: string;
  description: string;
  payload?: Record<string, unknown>;
  logger: Logger;
}

export interface FindDeploymentOptions extends RepositoryTarget {
  sha: string;
  environment: string;
  logger: Logger;
}

// GitHub refuses longer deployment and status descriptions.
const MAX_DESCRIPTION = 140;

function shortDescription(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

function assertSha(sha: string): void {
  if (!/^[0-9a-f]{40}$/.test(sha)) {
    throw new ConfigurationError(
      `a deployment is recorded for a commit: expected a full 40-character sha, found "${sha}"`,
    );
  }
}

/**
 * Records a deployment of a commit to an environment on GitHub, so that the repository's
 * Environments page shows what serves where. The commit is already merged: auto-merge is off
 * and no commit status is required, which would otherwise block it (409).
 */
export async function recordDeployment(
  options: RecordDeploymentOptions,
): Promise<RecordedDeployment> {
  const { octokit, owner, repo, ref, environment, logger } = options;
  assertSha(ref);
  const { data, status } = await octokit.rest.repos.createDeployment({
    owner,
    repo,
    ref,
    environment,
    description: shortDescription(options.description),
    payload: options.payload ?? {},
    auto_merge: false,
    required_contexts: [],
    transient_environment: false,
    production_environment: true,
  });
  if (!('id' in data)) {
    // 202: GitHub merged the default branch instead of deploying, which auto_merge: false rules out.
    throw new Error(`GitHub did not create the deployment (${status}): ${data.message ?? ''}`);
  }
  logger.info(`Recorded deployment ${data.id} of ${ref.slice(0, 7)} to ${environment}`);
  return handle(options, data.id, environment);
}

/**
 * The newest deployment of a commit to an environment, if any: a re-run of the same workflow
 * reuses it instead of recording a second one.
 */
export async function findDeployment(
  options: FindDeploymentOptions,
): Promise<RecordedDeployment | undefined> {
  const { octokit, owner, repo, sha, environment, logger } = options;
  assertSha(sha);
  const { data } = await octokit.rest.repos.listDeployments({
    owner,
    repo,
    sha,
    environment,
    per_page: 1,
  });
  const [newest] = data;
  if (!newest) return undefined;
  const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
    owner,
    repo,
    deployment_id: newest.id,
    per_page: 1,
  });
  const state = statuses[0]?.state;
  logger.info(
    `Reusing deployment ${newest.id} of ${sha.slice(0, 7)} to ${environment}${state ? ` (${state})` : ''}`,
  );
  return handle({ octokit, owner, repo, logger }, newest.id, environment, state);
}

function handle(
  target: RepositoryTarget & { logger: Logger },
  id: number,
  environment: string,
  state?: string,
): RecordedDeployment {
  const { octokit, owner, repo, logger } = target;
  const deployment: RecordedDeployment = {
    id,
    state,
    async setStatus(next, details = {}) {
      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: id,
        state: next,
        ...(details.environmentUrl ? { environment_url: details.environmentUrl } : {}),
        ...(details.logUrl ? { log_url: details.logUrl } : {}),
        ...(details.description ? { description: shortDescription(details.description) } : {}),
      });
      deployment.state = next;
      const where = details.environmentUrl ? ` at ${details.environmentUrl}` : '';
      logger.info(`Deployment ${id} to ${environment}: ${next}${where}`);
    },
  };
  return deployment;
}
