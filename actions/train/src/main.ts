import { selectProject } from '../../../shared/config/select-project.js';
import { cancelOnSignals } from '../../../shared/util/cancellation.js';
import { runAction } from '../../lib/run-action.js';
import { jobSummary, saveState, setFailed, setOutput } from '../../lib/runner.js';
import { openWorkspace } from '../../lib/workspace.js';
import { readInputs } from './inputs.js';
import { STATE } from './state.js';

export async function run(): Promise<void> {
  await runAction('train', async (logger) => {
    const inputs = readInputs();
    if (inputs.trackingToken) {
      // The MLflow client and a local trainer both read the token from the environment.
      process.env.MLFLOW_TRACKING_TOKEN = inputs.trackingToken;
    }
    const workspace = await openWorkspace(
      inputs.workspace,
      logger,
      `Training ${inputs.project ?? "the workspace's project"} on the ${inputs.backend} backend`,
    );
    const project = selectProject(workspace, inputs.project);

    // A cancelled workflow sends SIGINT, then SIGTERM: both cancel the run so nothing is orphaned.
    const cancellation = cancelOnSignals({ once: true });
    saveState(STATE.onCancel, inputs.onCancel);

    const { runTrain } = await import('../../../shared/train/run-train.js');
    const outcome = await runTrain({
      workspace,
      project,
      backend: inputs.backend,
      params: inputs.params,
      register: inputs.register,
      trackingUri: inputs.trackingUri,
      venv: inputs.venv,
      kubeconfig: inputs.kubeconfig,
      pendingTimeoutMs: inputs.pendingTimeoutMs,
      onCancel: inputs.onCancel,
      dryRun: inputs.dryRun,
      serverDryRun: inputs.serverDryRun,
      // The handle carries the cluster, context and objects: all the post step needs to clean up.
      onSubmitted: (handle) => saveState(STATE.handle, JSON.stringify(handle)),
      logger,
      signal: cancellation.signal,
      env: inputs.trackingToken
        ? { ...process.env, MLFLOW_TRACKING_TOKEN: inputs.trackingToken }
        : process.env,
    }).finally(() => cancellation.dispose());
    saveState(STATE.finished, 'true');

    if (outcome.kind === 'dry-run') {
      logger.info(outcome.text);
      return;
    }
    if (outcome.kind === 'server-dry-run') return;
    const { result } = outcome;
    const { groupLogBySource } = await import('../../../shared/train/log-groups.js');
    const { trainSummaryMarkdown } = await import('../../../shared/report/train-report.js');
    // Several processes interleave while streaming; afterwards each reads on its own.
    const groups = groupLogBySource(result.log);
    if (groups.length > 1) {
      for (const group of groups) {
        logger.startGroup(`Log of ${group.name} (${group.lines.length} lines)`);
        for (const line of group.lines) logger.info(line);
        logger.endGroup();
      }
    }
    setOutput('run-id', result.runId);
    setOutput('run-url', result.runUrl);
    setOutput('status', result.status);
    setOutput('metrics', JSON.stringify(result.metrics));
    setOutput('model-uri', result.modelUri ?? '');
    setOutput('model-version', result.registered?.version ?? '');
    await (await jobSummary()).addRaw(trainSummaryMarkdown(result)).write();
    if (result.status !== 'succeeded') {
      setFailed(`train: ${project.name} ${result.status}: ${result.reason ?? ''}`.trim());
    } else if (result.registerError) {
      setFailed(`train: ${result.registerError}`);
    }
  });
}
