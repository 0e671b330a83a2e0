import { selectProject } from '../../../shared/config/select-project.js';
import { errorMessage } from '../../../shared/errors/index.js';
import { readEvent } from '../../../shared/github/event.js';
import type { PullRequestState } from '../../../shared/gpu/index.js';
import { cancelOnSignals } from '../../../shared/util/cancellation.js';
import { runAction } from '../../lib/run-action.js';
import { jobSummary, setFailed, setOutput } from '../../lib/runner.js';
import { openWorkspace } from '../../lib/workspace.js';
import { readInputs } from './inputs.js';
import { fetchPullRequestState, forkPullRequest } from './pull-request.js';

export async function run(): Promise<void> {
  await runAction('gpu-test', async (logger) => {
    // Masks github-token.
    const inputs = readInputs();
    const event = readEvent();
    const workspace = await openWorkspace(
      inputs.workspace,
      logger,
      `GPU tests of ${inputs.project ?? "the workspace's project"}`,
    );
    const project = selectProject(workspace, inputs.project);

    // Fetched before deciding, so the decision sees the pull request as it is now. A failed
    // fetch leaves it unknown, and the decision then refuses a fork's code.
    let currentPull: PullRequestState | undefined;
    const fork = forkPullRequest(event.payload);
    if (fork && inputs.githubToken) {
      try {
        currentPull = await fetchPullRequestState(inputs.githubToken, fork, logger);
      } catch (error) {
        logger.warning(
          `could not read pull request #${fork.number} of ${fork.repository}: ${errorMessage(error)}`,
        );
      }
    }

    // A cancelled workflow sends SIGINT, then SIGTERM: both stop pytest and unlock the GPUs.
    const cancellation = cancelOnSignals({
      reason: () => new Error('the workflow was cancelled'),
    });
    try {
      const { resolveEnvironment } = await import('../../../shared/environment/index.js');
      const { gpuTestSummaryMarkdown, runGpuTests } = await import('../../../shared/gpu/index.js');
      const environment = await resolveEnvironment(workspace, { venv: inputs.venv, logger });
      const result = await runGpuTests({
        workspace,
        project,
        environment,
        requireGpu: inputs.requireGpu,
        gpus: inputs.gpus,
        lockDir: inputs.lockDir,
        lockTimeoutMs: inputs.lockTimeoutMs,
        event: { name: event.eventName, payload: event.payload },
        approvalLabel: inputs.approvalLabel,
        currentPull,
        logger,
        signal: cancellation.signal,
      });
      const count = (f: (t: (typeof result.tests)[number]) => boolean) =>
        String(result.tests.filter(f).length);
      setOutput('status', result.status);
      // Why tests were skipped or refused, for the pull request report.
      setOutput('reason', result.reason);
      setOutput(
        'passed',
        count((t) => t.outcome === 'passed'),
      );
      setOutput(
        'failed',
        count((t) => t.outcome === 'failed' || t.outcome === 'error'),
      );
      setOutput(
        'skipped',
        count((t) => t.outcome === 'skipped'),
      );
      setOutput(
        'gpus',
        JSON.stringify(
          result.gpus.map((gpu) => ({
            ...gpu,
            usage: result.usage.find((u) => u.index === gpu.index) ?? null,
          })),
        ),
      );
      await (await jobSummary()).addRaw(gpuTestSummaryMarkdown(result)).write();
      if (result.status === 'failed' || result.status === 'refused') {
        setFailed(`gpu-test: ${project.name} ${result.status}: ${result.reason}`);
      }
    } finally {
      cancellation.dispose();
    }
  });
}
