import * as core from '@actions/core';
import {
  findWorkspaceRoot,
  loadWorkspace,
  type Workspace,
} from '../../../shared/config/workspace.js';
import { resolveEnvironment } from '../../../shared/environment/index.js';
import { errorMessage, isConfigurationError } from '../../../shared/errors/index.js';
import { doctorMarkdown, formatDoctorReport, runDoctor } from '../../../shared/gpu/index.js';
import { optionalInput } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';

export async function run(): Promise<void> {
  await runAction('doctor', async (logger) => {
    const inputs = { workspace: optionalInput('workspace') ?? '.', cuda: optionalInput('cuda') };
    // A bare GPU runner has no workspace checked out; the doctor still checks its GPUs.
    let workspace: Workspace | undefined;
    try {
      workspace = await loadWorkspace(await findWorkspaceRoot(inputs.workspace));
    } catch (error) {
      if (!isConfigurationError(error) || !/No mlenv\.yaml/.test(error.message)) throw error;
      logger.info(`no workspace at ${inputs.workspace}: checking the GPUs only`);
    }
    const environmentCuda = inputs.cuda ?? workspace?.config.environment.cuda ?? 'cpu';
    let pythonCommand: string[] | undefined;
    const notes: string[] = [];
    if (workspace) {
      try {
        pythonCommand = [(await resolveEnvironment(workspace, { logger, create: false })).python];
      } catch (error) {
        if (!isConfigurationError(error)) throw error;
        notes.push(`torch check skipped: ${errorMessage(error)}`);
      }
    }
    const report = await runDoctor({ environmentCuda, pythonCommand });
    logger.info(formatDoctorReport(report));
    for (const note of notes) logger.info(`note: ${note}`);
    core.setOutput('verdict', report.verdict);
    core.setOutput('gpus', JSON.stringify(report.gpus));
    await core.summary
      .addRaw(doctorMarkdown(report))
      .addRaw(notes.map((n) => `\n${n}\n`).join(''))
      .write();
    if (report.verdict === 'fail') {
      const failing = report.checks.filter((c) => c.verdict === 'fail').map((c) => c.message);
      core.setFailed(`doctor: ${failing.join('; ')}`);
    }
  });
}
