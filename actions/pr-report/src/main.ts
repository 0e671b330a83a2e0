import { OptionError } from '../../../shared/errors/index.js';
import { readEvent } from '../../../shared/github/event.js';
import { connectRepository } from '../../../shared/github/repository.js';
import type { Logger } from '../../../shared/logger/index.js';
import type { ActionValues } from '../../../shared/options/option.js';
import { PR_REPORT_OPTIONS } from '../../../shared/options/pr-report.js';
import type { PrReportOptions } from '../../../shared/report/pr-report/index.js';
import type { PrStage } from '../../../shared/report/pr-report/stages.js';
import { workflowRunUrl } from '../../../shared/util/workflow-run-url.js';
import { readInputs, required } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';
import { jobSummary, setOutput } from '../../lib/runner.js';

export async function run(): Promise<void> {
  await runAction('pr-report', async (logger) => {
    // Masks github-token and tracking-token.
    const inputs = readInputs(PR_REPORT_OPTIONS);
    if (inputs.record !== undefined) await record(recordInputs(inputs, inputs.record), logger);
    else await report(reportInputs(inputs), logger);
  });
}

type Inputs = ActionValues<typeof PR_REPORT_OPTIONS>;
type RecordInputs = ReturnType<typeof recordInputs>;
type ReportInputs = ReturnType<typeof reportInputs>;

// The report's modules (result schemas, rendering, MLflow) load after the inputs are read and,
// for a report, after its first line.
const reportModules = () => import('../../../shared/report/pr-report/index.js');

/** What recording needs, beside what the table requires in both modes. */
function recordInputs(inputs: Inputs, stage: PrStage) {
  return {
    ...inputs,
    stage,
    outcome: required(inputs.outcome, 'outcome'),
    project: required(inputs.project, 'project'),
  };
}

function reportInputs(inputs: Inputs) {
  const pullNumber = inputs.pullRequest ?? pullRequestFromEvent();
  if (pullNumber === undefined)
    throw new OptionError(
      'pull-request',
      "expected a pull request number (default, the pull_request event's), found no pull_request event",
    );
  return { ...inputs, pullNumber };
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
  let github: PrReportOptions['github'];
  if (inputs.githubToken) {
    github = {
      ...(await connectRepository({
        cwd: process.cwd(),
        token: inputs.githubToken,
        baseUrl: inputs.githubApiUrl,
        logger,
      })),
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
