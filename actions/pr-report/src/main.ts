import { ConfigurationError } from '../../../shared/errors/index.js';
import { createGithubClient } from '../../../shared/github/client.js';
import { readEvent } from '../../../shared/github/event.js';
import { repositoryFromEnvironment } from '../../../shared/github/repository.js';
import type { Logger } from '../../../shared/logger/index.js';
import type {
  PrReportOptions,
  PrStage,
  StepOutcome,
} from '../../../shared/report/pr-report/index.js';
import { optionalInput, requiredInput } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';
import { jobSummary, setOutput, setSecret } from '../../lib/runner.js';

export async function run(): Promise<void> {
  await runAction('pr-report', async (logger) => {
    const inputs = await readInputs();
    if (inputs.mode === 'record') await record(inputs, logger);
    else await report(inputs, logger);
  });
}

type RecordInputs = Awaited<ReturnType<typeof readRecordInputs>>;
type ReportInputs = ReturnType<typeof readReportInputs>;

async function readInputs(): Promise<RecordInputs | ReportInputs> {
  return optionalInput('record') === undefined ? readReportInputs() : await readRecordInputs();
}

// The report's modules (result schemas, rendering, MLflow) load after the inputs are read and,
// for a report, after its first line.
const reportModules = () => import('../../../shared/report/pr-report/index.js');

async function readRecordInputs() {
  const { PR_STAGES, STEP_OUTCOMES } = await reportModules();
  const stage = requiredInput('record');
  if (!(PR_STAGES as readonly string[]).includes(stage))
    throw new ConfigurationError(
      `Input "record": expected one of ${PR_STAGES.join(', ')}, found ${JSON.stringify(stage)}.`,
    );
  const outcome = requiredInput('outcome');
  if (!(STEP_OUTCOMES as readonly string[]).includes(outcome))
    throw new ConfigurationError(
      `Input "outcome": expected the recorded step's outcome (${STEP_OUTCOMES.join(', ')}), found ${JSON.stringify(outcome)}.`,
    );
  return {
    mode: 'record' as const,
    stage: stage as PrStage,
    project: requiredInput('project'),
    outcome: outcome as StepOutcome,
    jobStatus: optionalInput('job-status'),
    outputs: stepOutputs(optionalInput('outputs')),
    results: requiredInput('results'),
    workspace: optionalInput('workspace') ?? '.',
    trackingUri: optionalInput('tracking-uri'),
  };
}

function readReportInputs() {
  const pullRequest = optionalInput('pull-request');
  const number = pullRequest === undefined ? pullRequestFromEvent() : Number(pullRequest);
  if (number === undefined || !Number.isInteger(number) || number < 1)
    throw new ConfigurationError(
      `Input "pull-request": expected a pull request number (default, the pull_request event's), found ${pullRequest === undefined ? 'no pull_request event' : JSON.stringify(pullRequest)}.`,
    );
  return {
    mode: 'report' as const,
    results: requiredInput('results'),
    pullNumber: number,
    githubToken: optionalInput('github-token'),
    githubApiUrl: optionalInput('github-api-url'),
    trackingUri: optionalInput('tracking-uri'),
    trackingToken: optionalInput('tracking-token'),
    needs: readNeeds(optionalInput('needs')),
  };
}

async function record(inputs: RecordInputs, logger: Logger): Promise<void> {
  const { recordStageResult } = await reportModules();
  await recordStageResult({
    dir: inputs.results,
    step: {
      stage: inputs.stage,
      project: inputs.project,
      outcome: inputs.outcome,
      jobStatus: inputs.jobStatus,
      outputs: inputs.outputs,
      sha: headSha(),
      runUrl: workflowRunUrl(),
    },
    workspace: inputs.workspace,
    trackingUri: inputs.trackingUri,
    logger,
  });
}

async function report(inputs: ReportInputs, logger: Logger): Promise<void> {
  if (inputs.githubToken) setSecret(inputs.githubToken);
  if (inputs.trackingToken) setSecret(inputs.trackingToken);
  let github: PrReportOptions['github'];
  if (inputs.githubToken) {
    const { owner, repo } = await repositoryFromEnvironment(process.cwd());
    github = {
      octokit: await createGithubClient({
        token: inputs.githubToken,
        baseUrl: inputs.githubApiUrl,
        logger,
      }),
      owner,
      repo,
      pullNumber: inputs.pullNumber,
    };
  } else {
    logger.warning('No github-token: the report goes to the job summary only.');
  }
  const { parseNeeds, runPrReport } = await reportModules();
  const { MlflowClient } = await import('../../../shared/mlflow/client.js');
  const { mlflowRegistry } = await import('../../../shared/promote/aliases.js');
  const outcome = await runPrReport({
    resultsDir: inputs.results,
    github,
    trackingUri: inputs.trackingUri,
    // The token goes to the server a smoke run recorded when tracking-uri is not given: the
    // workspace's tracking.uri, which the smoke-train job already sent the same token to.
    registryFor: (uri) =>
      mlflowRegistry(
        new MlflowClient({ uri, token: inputs.trackingToken, logger, retryBudgetMs: 15_000 }),
      ),
    jobs: inputs.needs === undefined ? undefined : parseNeeds(inputs.needs),
    sha: headSha(),
    fork: isFork(),
    runUrl: workflowRunUrl(),
    logger,
  });
  setOutput('comment-id', outcome.comment?.id === undefined ? '' : String(outcome.comment.id));
  setOutput('comment-url', outcome.comment?.url ?? '');
  await (await jobSummary()).addRaw(outcome.markdown).write();
}

/** `toJSON(steps.<id>.outputs)`: an object of strings. */
function stepOutputs(value: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ConfigurationError(
      `Input "outputs": expected the recorded step's outputs as a JSON object (\${{ toJSON(steps.<id>.outputs) }}), found ${JSON.stringify(value.slice(0, 80))}.`,
    );
  return Object.fromEntries(
    Object.entries(parsed).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** `toJSON(needs)` of the report job as JSON, checked by parseNeeds later; empty when not given. */
function readNeeds(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigurationError(
      `Input "needs": expected the job's needs context as JSON (\${{ toJSON(needs) }}), found ${JSON.stringify(value.slice(0, 80))}.`,
    );
  }
  return parsed;
}

interface PullRequestPayload {
  number?: number;
  head?: { sha?: string; repo?: { full_name?: string } | null };
  base?: { repo?: { full_name?: string } };
}

function pullRequestPayload(): PullRequestPayload | undefined {
  return readEvent().payload.pull_request as PullRequestPayload | undefined;
}

function pullRequestFromEvent(): number | undefined {
  return pullRequestPayload()?.number;
}

/** The commit the pull request's jobs tested: its head, not the merge commit GITHUB_SHA names. */
function headSha(): string | undefined {
  return pullRequestPayload()?.head?.sha ?? process.env.GITHUB_SHA;
}

function isFork(): boolean {
  const pull = pullRequestPayload();
  const head = pull?.head?.repo?.full_name;
  // A deleted fork has no head repository: still not this repository.
  return (
    pull !== undefined && head !== (pull.base?.repo?.full_name ?? process.env.GITHUB_REPOSITORY)
  );
}

function workflowRunUrl(): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  return GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
    ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
    : undefined;
}
