import { selectProject } from '../../../shared/config/select-project.js';
import { readEvent } from '../../../shared/github/event.js';
import type { Logger } from '../../../shared/logger/index.js';
import { PROMOTE_OPTIONS } from '../../../shared/options/promote.js';
import type { DeploymentHook } from '../../../shared/promote/promote.js';
import { workflowRunUrl } from '../../../shared/util/workflow-run-url.js';
import { readInputs } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';
import { jobSummary, setFailed, setOutput } from '../../lib/runner.js';
import { openWorkspace } from '../../lib/workspace.js';

export async function run(): Promise<void> {
  await runAction('promote', async (logger) => {
    // Masks tracking-token and github-token.
    const inputs = readInputs(PROMOTE_OPTIONS);
    const commit = inputs.commit ?? defaultCommit();
    const workspace = await openWorkspace(
      inputs.workspace,
      logger,
      `Promoting ${inputs.project ?? "the workspace's project"}`,
    );
    const project = selectProject(workspace, inputs.project);
    const runUrl = workflowRunUrl();
    let deploymentId: number | undefined;
    const deployment = inputs.githubToken
      ? githubDeployment(inputs.githubToken, inputs.githubApiUrl, runUrl, logger, (id) => {
          deploymentId = id;
        })
      : undefined;
    const env = inputs.trackingToken
      ? { ...process.env, MLFLOW_TRACKING_TOKEN: inputs.trackingToken }
      : process.env;
    const { gateTableText, promoteSummaryMarkdown, runPromote } = await import(
      '../../../shared/promote/index.js'
    );
    const result = await runPromote({
      workspace,
      project,
      version: inputs.modelVersion,
      commit: inputs.modelVersion || inputs.rollback ? undefined : commit,
      rollback: inputs.rollback,
      trackingUri: inputs.trackingUri,
      kubeconfig: inputs.kubeconfig,
      leaseWaitMs: inputs.leaseWait * 1000,
      holder: runUrl,
      deployment,
      logger,
      env,
    });
    if (result.gates) logger.info(gateTableText(result.gates));
    logger.info(result.message);
    setOutput('outcome', result.outcome);
    setOutput('version', result.version);
    setOutput('previous-champion', result.previousChampion ?? '');
    setOutput('url', result.url ?? '');
    setOutput('deployment-id', deploymentId === undefined ? '' : String(deploymentId));
    await (await jobSummary())
      .addRaw(promoteSummaryMarkdown(result))
      .addRaw(
        deploymentId === undefined
          ? ''
          : `\nGitHub Deployment ${deploymentId} to \`serving/${project.config.promote?.serving.name}\`${result.url ? `: ${result.url}` : ''}\n`,
      )
      .write();
    if (result.outcome === 'refused') setFailed(`promote: ${result.message}`);
  });
}

/** A merged pull request promotes what its head commit trained; a push promotes its own commit. */
function defaultCommit(): string | undefined {
  const pr = readEvent().payload.pull_request as
    | { merged?: boolean; head?: { sha?: string } }
    | undefined;
  if (pr?.merged && pr.head?.sha) return pr.head.sha;
  return process.env.GITHUB_SHA;
}

/**
 * Records the promotion as a Deployment of the commit being deployed (GITHUB_SHA, on main) to
 * `serving/<name>`; a re-run of the same workflow reuses it. A GitHub outage never blocks serving:
 * the promote flow logs a failing hook and goes on.
 */
function githubDeployment(
  token: string,
  baseUrl: string | undefined,
  logUrl: string | undefined,
  logger: Logger,
  onId: (id: number) => void,
): DeploymentHook | undefined {
  const repository = process.env.GITHUB_REPOSITORY;
  const sha = process.env.GITHUB_SHA;
  if (!repository || !sha) return undefined;
  const [owner, repo] = repository.split('/') as [string, string];
  let recorded:
    | Awaited<ReturnType<typeof import('../../../shared/github/deployments.js').recordDeployment>>
    | undefined;
  return {
    async start({ model, version, environment }) {
      const { createGithubClient } = await import('../../../shared/github/client.js');
      const { findDeployment, recordDeployment } = await import(
        '../../../shared/github/deployments.js'
      );
      const octokit = await createGithubClient({ token, baseUrl, logger });
      const target = { octokit, owner, repo, logger };
      const name = `serving/${environment}`;
      recorded =
        (await findDeployment({ ...target, sha, environment: name })) ??
        (await recordDeployment({
          ...target,
          ref: sha,
          environment: name,
          description: `${model} version ${version}`,
          payload: { model, version },
        }));
      onId(recorded.id);
      await recorded.setStatus('in_progress', { logUrl });
    },
    async finish(state, { url, description }) {
      await recorded?.setStatus(state, { environmentUrl: url, logUrl, description });
    },
  };
}
