import { errorMessage } from '../../errors/index.js';
import type { Octokit } from '../../github/client.js';
import {
  type IssueComment,
  statusOf,
  type UpsertAction,
  upsertComment,
} from '../../github/comments.js';
import type { Logger } from '../../logger/index.js';
import { type ChampionLookup, type ChampionRegistry, lookupChampions } from './champion.js';
import {
  JOB_RESULTS,
  type JobResult,
  mergeEarlierResults,
  PR_REPORT_MARKER,
  readReportData,
  renderPrReport,
  type ShownResult,
} from './render.js';
import { PR_STAGES, type PrStage, readStageResults, type StageResult } from './result.js';

/** What the report job knows of the workflow's jobs: `toJSON(needs)`, read. */
export interface WorkflowJobs {
  /** The affected projects (the affected job's `projects` output). */
  projects?: string[];
  results: Partial<Record<PrStage, JobResult>>;
}

/**
 * The workflow's `needs` context (`toJSON(needs)`): how each leg's job ended, and the affected
 * projects. Anything unexpected in it is left out rather than trusted.
 */
export function parseNeeds(needs: unknown): WorkflowJobs {
  const jobs: WorkflowJobs = { results: {} };
  if (!needs || typeof needs !== 'object') return jobs;
  const record = needs as Record<string, { result?: unknown; outputs?: Record<string, unknown> }>;
  for (const stage of PR_STAGES) {
    const result = record[stage]?.result;
    if (typeof result === 'string' && (JOB_RESULTS as readonly string[]).includes(result))
      jobs.results[stage] = result as JobResult;
  }
  const projects = record.affected?.outputs?.projects;
  if (typeof projects === 'string') {
    try {
      const list: unknown = JSON.parse(projects);
      if (Array.isArray(list) && list.every((p) => typeof p === 'string')) jobs.projects = list;
    } catch {
      // An unreadable list: the report lists the projects that left results.
    }
  }
  return jobs;
}

export interface PrReportOptions {
  /** Folder holding the result files (each leg's artifact, downloaded). */
  resultsDir: string;
  /** Where the comment goes; without it the report is only rendered. */
  github?: { octokit: Octokit; owner: string; repo: string; pullNumber: number };
  /** MLflow server of the champions; default the one each smoke run recorded. */
  trackingUri?: string;
  registryFor: (uri: string) => ChampionRegistry;
  jobs?: WorkflowJobs;
  /** The pull request's head commit: results of an earlier run are carried only for it. */
  sha?: string;
  /** The pull request comes from a fork (its GPU tests wait for an approval label). */
  fork?: boolean;
  runUrl?: string;
  logger: Logger;
  /** Waits between comment attempts (tests shorten them). */
  retryDelayMs?: (attempt: number) => number;
}

export interface PrReportOutcome {
  markdown: string;
  /** The results shown, this run's and those carried over. */
  results: ShownResult[];
  comment?: { action: UpsertAction; id?: number; url?: string };
  /** Why no comment was written, when GitHub refused it (a fork's read-only token). */
  commentError?: string;
}

/**
 * Reads every leg's result, looks up the champion of each project that trained, renders the
 * report and keeps it as the one marked comment of the pull request. A dead MLflow only takes
 * the comparison out; a token that may not comment (fork pull requests get a read-only one)
 * leaves the report to the job summary.
 */
export async function runPrReport(options: PrReportOptions): Promise<PrReportOutcome> {
  const { logger } = options;
  const read = await readStageResults(options.resultsDir);
  const jobs = options.jobs ?? { results: {} };
  // A job that did not run left no result: a file claiming one came from another job's code.
  const current = read.results.filter((r) => {
    if (jobs.results[r.stage] !== 'skipped') return true;
    read.problems.push(
      `${r.stage} of ${r.project}: a result, but the ${r.stage} job did not run in this workflow run; ignored`,
    );
    return false;
  });
  for (const problem of read.problems) logger.warning(`result file ${problem}`);
  logger.info(
    `${current.length} result(s) in ${options.resultsDir}${current.length > 0 ? `: ${current.map((r) => `${r.stage} ${r.project} ${r.status}`).join(', ')}` : ''}`,
  );
  const skipReasons: Partial<Record<PrStage, string>> = {};
  for (const stage of PR_STAGES) {
    if (jobs.results[stage] !== 'skipped') continue;
    skipReasons[stage] =
      stage === 'gpu-test' && options.fork
        ? "a fork's pull request: GPU tests wait for a maintainer's approval label"
        : 'not run in this workflow run';
  }

  const lookups = new Map<string, ChampionLookup>();
  let shown: ShownResult[] = current;
  let markdown: string | undefined;
  const render = async (existing: IssueComment | undefined): Promise<string | undefined> => {
    shown = mergeEarlierResults({
      current,
      earlier: readReportData(existing?.body),
      sha: options.sha,
      jobs: jobs.results,
    });
    const missing = shown.filter((r) => r.stage === 'smoke-train' && !lookups.has(r.project));
    const found = await lookupChampions({
      results: missing as StageResult[],
      trackingUri: options.trackingUri,
      registryFor: options.registryFor,
      logger,
    });
    for (const [project, lookup] of found) lookups.set(project, lookup);
    markdown = renderPrReport({
      results: shown,
      champions: lookups,
      projects: jobs.projects,
      jobs: jobs.results,
      skipReasons,
      sha: options.sha,
      runUrl: options.runUrl,
      problems: read.problems,
    });
    // Nothing affected and nothing said before: no comment on a pull request MLEnv has no part in.
    const nothing = shown.length === 0 && (jobs.projects ?? []).length === 0;
    return nothing && !existing ? undefined : markdown;
  };

  if (!options.github) {
    await render(undefined);
    return { markdown: markdown ?? '', results: shown };
  }
  const { octokit, owner, repo, pullNumber } = options.github;
  try {
    const upserted = await upsertComment(
      { octokit, owner, repo, issue: pullNumber, logger, retryDelayMs: options.retryDelayMs },
      { marker: PR_REPORT_MARKER, body: render },
    );
    if (markdown === undefined) await render(undefined);
    const url = upserted.comment?.url;
    logger.info(
      upserted.action === 'none'
        ? `No project affected and no earlier report on #${pullNumber}: no comment posted`
        : `Report comment on #${pullNumber} ${upserted.action}: ${url}`,
    );
    return {
      markdown: markdown ?? '',
      results: shown,
      comment: { action: upserted.action, id: upserted.comment?.id, url },
    };
  } catch (error) {
    if (statusOf(error) !== 403) throw error;
    const commentError = `GitHub refused the comment on #${pullNumber} (403: ${errorMessage(error)}); a fork's pull request gets a read-only token, so the report is in the job summary only`;
    logger.warning(commentError);
    if (markdown === undefined) await render(undefined);
    return { markdown: markdown ?? '', results: shown, commentError };
  }
}
