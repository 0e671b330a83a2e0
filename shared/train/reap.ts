import { errorMessage } from '../errors/index.js';
import type { Octokit } from '../github/client.js';
import type { Logger } from '../logger/index.js';
import type { MlflowClient } from '../mlflow/client.js';
import type { Run } from '../mlflow/schema.js';
import { isSameProcessAlive, thisHost } from '../process/identity.js';
import type { Handle, HandleOperations, JobState, LauncherIdentity } from './backend.js';
import { HANDLE_TAG, parseHandle } from './handle.js';

/** Why `mlenv reap` ended a run. */
export const REAP_REASON_TAG = 'mlenv.reap.reason';

// ---- the decision, pure ------------------------------------------------------------------------

/** The launcher as seen from here: only a launcher of this host can be checked. */
export type LauncherState = 'alive' | 'dead' | 'elsewhere';

export function launcherState(
  launcher: LauncherIdentity,
  host: string = thisHost(),
): LauncherState {
  if (launcher.host !== host) return 'elsewhere';
  return isSameProcessAlive(launcher) ? 'alive' : 'dead';
}

/** The job as its backend sees it; `unknown` when it could not be asked (cluster unreachable). */
export type ObservedJob =
  | JobState
  | { state: 'unknown'; reason: string }
  /** Not asked: a local trainer of another host cannot be seen from here. */
  | { state: 'unchecked' };

/** The GitHub Actions run that launched the job. */
export type ObservedWorkflow =
  | { state: 'none' }
  | { state: 'unknown'; reason: string }
  | { state: 'active'; status: string }
  | { state: 'ended'; status: string; conclusion: string | null };

export interface Observation {
  launcher: LauncherState;
  job: ObservedJob;
  workflow: ObservedWorkflow;
}

export type Decision =
  | { action: 'spare'; reason: string }
  | {
      action: 'end';
      status: 'FAILED' | 'FINISHED';
      reason: string;
      /** Remove what is left of the job (`backend.cleanup`) before ending the run. */
      cleanup: boolean;
    };

/** Workflow run statuses in which a job of it may still run (or is about to). */
const LIVE_WORKFLOW_STATUSES = new Set(['in_progress', 'queued', 'requested', 'pending']);

export function workflowFromStatus(
  status: string | null,
  conclusion: string | null,
): ObservedWorkflow {
  const s = status ?? 'unknown';
  return LIVE_WORKFLOW_STATUSES.has(s)
    ? { state: 'active', status: s }
    : { state: 'ended', status: s, conclusion };
}

function describeLauncher(handle: Handle): string {
  return `launcher pid ${handle.launcher.pid} on host ${handle.launcher.host}`;
}

function describeWorkload(handle: Handle): string {
  if (handle.backend === 'local') return `the trainer (pid ${handle.trainer.pid})`;
  const workload = handle.objects.at(-1);
  return workload ? `${workload.kind} ${handle.namespace}/${workload.name}` : 'the job';
}

function describeJob(handle: Handle, job: ObservedJob): string {
  const what = describeWorkload(handle);
  switch (job.state) {
    case 'running':
      return `${what} was still running`;
    case 'succeeded':
      return `${what} had succeeded`;
    case 'failed':
      return `${what} had failed: ${job.reason}`;
    case 'gone':
      return `${what} no longer exists`;
    case 'unknown':
      return `${what} could not be checked (${job.reason})`;
    case 'unchecked':
      return `${what} could not be checked from here`;
  }
}

/**
 * What to do with a RUNNING run, from what was observed. The rules, in order:
 * 1. A launcher alive on this host owns its run: spared, whatever else is seen.
 * 2. A workflow run that is no longer in progress has no launcher left: the run ends FAILED and
 *    whatever still runs is deleted (a job nobody follows any more).
 * 3. A local launcher of this host that is gone leaves an orphan trainer at most: it is stopped,
 *    and the run ends (FINISHED only if the backend saw the trainer succeed).
 * 4. A cluster job outlives its launcher on purpose (`--on-cancel detach`, a closed laptop): it is
 *    judged by the job alone. Gone: FAILED. Finished: FAILED, or FINISHED when it succeeded (its
 *    metrics and model are in the run already; only the launcher's final status was missing), and
 *    its objects are removed. Still running, or unknown: spared, to be reaped once it ends.
 * 5. Anything that could not be checked: spared.
 */
export function decide(handle: Handle, observed: Observation): Decision {
  const { launcher, job, workflow } = observed;
  if (launcher === 'alive')
    return { action: 'spare', reason: `${describeLauncher(handle)} is alive` };

  const exists = job.state === 'running' || job.state === 'succeeded' || job.state === 'failed';
  if (workflow.state === 'ended') {
    const ended = `workflow run ${handle.workflowRunUrl ?? '(unnamed)'} is ${workflow.status}${workflow.conclusion ? ` (${workflow.conclusion})` : ''}`;
    // A local trainer of another host cannot be stopped from here; the run still ends.
    const canClean = !(handle.backend === 'local' && launcher === 'elsewhere');
    const cleanup = canClean && (exists || job.state === 'unknown');
    return {
      action: 'end',
      status: 'FAILED',
      reason: `${ended}; ${describeJob(handle, job)}${cleanup ? ' and was deleted' : ''}`,
      cleanup,
    };
  }

  if (handle.backend === 'local') {
    if (launcher === 'elsewhere') {
      return {
        action: 'spare',
        reason: `${describeLauncher(handle)} cannot be checked from this host`,
      };
    }
    // launcher === 'dead'
    if (job.state === 'unknown') {
      return {
        action: 'spare',
        reason: `${describeLauncher(handle)} is gone, but ${describeJob(handle, job)}`,
      };
    }
    const orphan = job.state === 'running';
    return {
      action: 'end',
      status: job.state === 'succeeded' ? 'FINISHED' : 'FAILED',
      reason: `${describeLauncher(handle)} is gone; ${describeJob(handle, job)}${orphan ? ' and was stopped' : ''}`,
      // Cleanup is idempotent; it also catches a trainer that starts children as it dies.
      cleanup: true,
    };
  }

  const who =
    launcher === 'dead' ? `${describeLauncher(handle)} is gone` : describeLauncher(handle);
  switch (job.state) {
    case 'gone':
      return {
        action: 'end',
        status: 'FAILED',
        reason: `${who}; ${describeJob(handle, job)}`,
        cleanup: true,
      };
    case 'succeeded':
    case 'failed':
      return {
        action: 'end',
        status: job.state === 'succeeded' ? 'FINISHED' : 'FAILED',
        reason: `${who}; ${describeJob(handle, job)}`,
        cleanup: true,
      };
    default:
      return { action: 'spare', reason: `${who}; ${describeJob(handle, job)}` };
  }
}

// ---- the reaper --------------------------------------------------------------------------------

interface ReapEntryBase {
  runId: string;
  experimentId: string;
  runName?: string;
}

/** What reap did with one RUNNING run that has a handle tag. */
export type ReapEntry = ReapEntryBase &
  (
    | { action: 'spared'; reason: string }
    | {
        action: 'ended';
        status: 'FAILED' | 'FINISHED';
        reason: string;
        cleanedUp: boolean;
        /** Under dryRun: decided, but nothing changed. */
        dryRun: boolean;
      }
    /** The handle tag could not be read; the run is left alone. */
    | { action: 'unreadable'; reason: string }
    /** Deciding or acting failed (MLflow, cleanup); the run stays RUNNING for a later reap. */
    | { action: 'error'; reason: string }
  );

export interface ReapOptions {
  mlflow: MlflowClient;
  /** Whose runs: experiment ids, a project (its experiment, looked up by name), or all. */
  scope: { experimentIds: readonly string[] } | { project: string } | { all: true };
  logger: Logger;
  /**
   * Asks GitHub about workflow runs. Absent: one is made from GITHUB_TOKEN (and GITHUB_API_URL)
   * when a handle names a workflow run; with neither, workflow runs count as unknown.
   */
  github?: Octokit;
  /** Where GITHUB_TOKEN and GITHUB_API_URL are read (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
  /** The backend that can inspect and clean up a handle (the registry's backendForHandle). */
  backendFor: (handle: Handle) => Promise<HandleOperations>;
  /** Decide and report only; change nothing. */
  dryRun?: boolean;
  /** How long one backend or GitHub question may take before its answer counts as unknown. */
  checkTimeoutMs?: number;
}

const RUNNING_WITH_HANDLE = `attributes.status = 'RUNNING' and tags.\`${HANDLE_TAG}\` LIKE '%'`;
const DEFAULT_CHECK_TIMEOUT_MS = 20_000;
// Few RUNNING runs exist at once; a small bound keeps a large backlog from flooding the cluster.
const CONCURRENCY = 8;

/**
 * Ends the RUNNING runs whose launcher is gone (see `decide`) and returns what it did with each
 * run that has a handle. Cheap when nothing is stale: one search request (plus the experiment's
 * lookup for a project), and no other request for runs whose launcher is alive on this host.
 */
export async function reapRuns(options: ReapOptions): Promise<ReapEntry[]> {
  const { mlflow, logger } = options;
  const experimentIds = await resolveExperiments(options);
  if (experimentIds.length === 0) return [];
  const runs: Run[] = [];
  // MLflow's search takes a list of experiments; bounded so that the request stays small.
  for (let i = 0; i < experimentIds.length; i += 100) {
    runs.push(...(await mlflow.searchRuns(experimentIds.slice(i, i + 100), RUNNING_WITH_HANDLE)));
  }
  const github = lazyGithub(options);
  const entries: ReapEntry[] = [];
  for (let i = 0; i < runs.length; i += CONCURRENCY) {
    const batch = runs.slice(i, i + CONCURRENCY);
    entries.push(...(await Promise.all(batch.map((run) => reapOne(run, options, github)))));
  }
  for (const entry of entries) {
    if (entry.action === 'unreadable' || entry.action === 'error')
      logger.warning(formatEntry(entry));
    else logger.info(formatEntry(entry));
  }
  return entries;
}

async function resolveExperiments(options: ReapOptions): Promise<string[]> {
  const { scope, mlflow } = options;
  if ('experimentIds' in scope) return [...scope.experimentIds];
  if ('project' in scope) {
    const id = await mlflow.findExperiment(scope.project);
    return id ? [id] : [];
  }
  return (await mlflow.searchExperiments()).map((e) => e.experiment_id);
}

async function reapOne(
  run: Run,
  options: ReapOptions,
  github: () => Promise<Octokit | undefined>,
): Promise<ReapEntry> {
  const base: ReapEntryBase = {
    runId: run.info.run_id,
    experimentId: run.info.experiment_id,
    runName: run.info.run_name,
  };
  const tag = run.data.tags.find((t) => t.key === HANDLE_TAG)?.value ?? '';
  let handle: Handle;
  try {
    handle = parseHandle(tag);
  } catch (error) {
    return { ...base, action: 'unreadable', reason: `tag ${HANDLE_TAG} is ${errorMessage(error)}` };
  }
  try {
    const launcher = launcherState(handle.launcher);
    // The common case costs nothing more: a live launcher decides alone.
    if (launcher === 'alive') {
      const decision = decide(handle, {
        launcher,
        job: { state: 'unchecked' },
        workflow: { state: 'none' },
      });
      return { ...base, action: 'spared', reason: decision.reason };
    }
    const timeoutMs = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    // Made once, and only when asked: a local handle of another host needs none.
    let made: Promise<HandleOperations> | undefined;
    const backend = () => {
      made ??= options.backendFor(handle);
      return made;
    };
    const [job, workflow] = await Promise.all([
      handle.backend === 'local' && launcher === 'elsewhere'
        ? ({ state: 'unchecked' } as const)
        : observeJob(backend, handle, timeoutMs),
      observeWorkflow(handle, github, timeoutMs),
    ]);
    const decision = decide(handle, { launcher, job, workflow });
    if (decision.action === 'spare') return { ...base, action: 'spared', reason: decision.reason };
    if (options.dryRun) {
      return {
        ...base,
        action: 'ended',
        status: decision.status,
        reason: decision.reason,
        cleanedUp: false,
        dryRun: true,
      };
    }
    if (decision.cleanup) {
      try {
        await (await backend()).cleanup(handle, options.logger);
      } catch (error) {
        return {
          ...base,
          action: 'error',
          reason: `${decision.reason}, but its cleanup failed (${errorMessage(error)}); the run stays RUNNING`,
        };
      }
    }
    // The reason first: a run that ended without one would read as an ordinary failure.
    await options.mlflow.setTags(base.runId, { [REAP_REASON_TAG]: decision.reason });
    await options.mlflow.setRunStatus(base.runId, decision.status);
    return {
      ...base,
      action: 'ended',
      status: decision.status,
      reason: decision.reason,
      cleanedUp: decision.cleanup,
      dryRun: false,
    };
  } catch (error) {
    return { ...base, action: 'error', reason: errorMessage(error) };
  }
}

async function observeJob(
  backend: () => Promise<HandleOperations>,
  handle: Handle,
  timeoutMs: number,
): Promise<ObservedJob> {
  try {
    return await withTimeout((async () => (await backend()).inspect(handle))(), timeoutMs);
  } catch (error) {
    return { state: 'unknown', reason: errorMessage(error) };
  }
}

/** owner, repo and run id of a workflow run page (`…/{owner}/{repo}/actions/runs/{id}[/attempts/n]`). */
export function parseWorkflowRunUrl(
  url: string,
): { owner: string; repo: string; runId: number } | undefined {
  const match = /^https?:\/\/[^/]+\/(?:.*\/)?([^/]+)\/([^/]+)\/actions\/runs\/(\d+)(?:\/|$)/.exec(
    url,
  );
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { owner: match[1], repo: match[2], runId: Number(match[3]) };
}

async function observeWorkflow(
  handle: Handle,
  github: () => Promise<Octokit | undefined>,
  timeoutMs: number,
): Promise<ObservedWorkflow> {
  if (!handle.workflowRunUrl) return { state: 'none' };
  const target = parseWorkflowRunUrl(handle.workflowRunUrl);
  if (!target)
    return { state: 'unknown', reason: `not a workflow run URL: ${handle.workflowRunUrl}` };
  try {
    const octokit = await github();
    if (!octokit) return { state: 'unknown', reason: 'no GITHUB_TOKEN to ask GitHub' };
    const { data } = await withTimeout(
      octokit.rest.actions.getWorkflowRun({
        owner: target.owner,
        repo: target.repo,
        run_id: target.runId,
      }),
      timeoutMs,
    );
    return workflowFromStatus(data.status, data.conclusion);
  } catch (error) {
    // A 404 is a run this token cannot see as much as a deleted one: unknown, never ended.
    return { state: 'unknown', reason: errorMessage(error) };
  }
}

function lazyGithub(options: ReapOptions): () => Promise<Octokit | undefined> {
  let client: Promise<Octokit | undefined> | undefined;
  return () => {
    if (options.github) return Promise.resolve(options.github);
    client ??= (async () => {
      const env = options.env ?? process.env;
      const token = env.GITHUB_TOKEN;
      if (!token) return undefined;
      const { createGithubClient } = await import('../github/client.js');
      // Reap runs before training: a rate limit is waited out by nobody, the answer is unknown.
      return createGithubClient({
        token,
        logger: options.logger,
        env,
        retries: 1,
        rateLimitBudgetMs: 0,
      });
    })();
    return client;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One line per run, as reap logs it. */
export function formatEntry(entry: ReapEntry): string {
  const run = `run ${entry.runName ?? entry.runId} (${entry.runId})`;
  switch (entry.action) {
    case 'spared':
      return `reap: ${run} spared: ${entry.reason}`;
    case 'ended':
      return `reap: ${run} ${entry.dryRun ? 'would be ended' : 'ended'} ${entry.status}: ${entry.reason}`;
    case 'unreadable':
      return `reap: ${run} left alone: ${entry.reason}`;
    case 'error':
      return `reap: ${run} not reaped: ${entry.reason}`;
  }
}
