import * as core from '@actions/core';
import { selectProject } from '../../../shared/config/select-project.js';
import { findWorkspaceRoot, loadWorkspace } from '../../../shared/config/workspace.js';
import { trainSummaryMarkdown } from '../../../shared/report/train-report.js';
import { groupLogBySource } from '../../../shared/train/log-groups.js';
import { runTrain } from '../../../shared/train/run-train.js';
import { runAction } from '../../lib/run-action.js';
import { readInputs } from './inputs.js';
import { STATE } from './state.js';

export async function run(): Promise<void> {
  await runAction('train', async (logger) => {
    const inputs = readInputs();
    if (inputs.trackingToken) {
      core.setSecret(inputs.trackingToken);
      // The MLflow client and a local trainer both read the token from the environment.
      process.env.MLFLOW_TRACKING_TOKEN = inputs.trackingToken;
    }
    const workspace = await loadWorkspace(await findWorkspaceRoot(inputs.workspace));
    const project = selectProject(workspace, inputs.project);

    // A cancelled workflow sends SIGINT, then SIGTERM: both cancel the run so nothing is orphaned.
    const controller = new AbortController();
    const cancel = () => controller.abort();
    process.once('SIGINT', cancel);
    process.once('SIGTERM', cancel);
    core.saveState(STATE.onCancel, inputs.onCancel);
    if (inputs.kubeconfig) core.saveState(STATE.kubeconfig, inputs.kubeconfig);

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
      onSubmitted: (objects) => core.saveState(STATE.submitted, JSON.stringify(objects)),
      logger,
      signal: controller.signal,
      env: inputs.trackingToken
        ? { ...process.env, MLFLOW_TRACKING_TOKEN: inputs.trackingToken }
        : process.env,
    });
    core.saveState(STATE.finished, 'true');

    if (outcome.kind === 'dry-run') {
      logger.info(outcome.plan);
      return;
    }
    if (outcome.kind === 'server-dry-run') return;
    const { result } = outcome;
    // Several processes interleave while streaming; afterwards each reads on its own.
    const groups = groupLogBySource(result.log);
    if (groups.length > 1) {
      for (const group of groups) {
        logger.startGroup(`Log of ${group.name} (${group.lines.length} lines)`);
        for (const line of group.lines) logger.info(line);
        logger.endGroup();
      }
    }
    core.setOutput('run-id', result.runId);
    core.setOutput('run-url', result.runUrl);
    core.setOutput('status', result.status);
    core.setOutput('metrics', JSON.stringify(result.metrics));
    core.setOutput('model-uri', result.modelUri ?? '');
    core.setOutput('model-version', result.registered?.version ?? '');
    await core.summary.addRaw(trainSummaryMarkdown(result)).write();
    if (result.status !== 'succeeded') {
      core.setFailed(`train: ${project.name} ${result.status}: ${result.reason ?? ''}`.trim());
    } else if (result.registerError) {
      core.setFailed(`train: ${result.registerError}`);
    }
  });
}
