import type { Workspace } from '../../../shared/config/workspace.js';
import { errorMessage, isConfigurationError } from '../../../shared/errors/index.js';
import { optionalInput } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';
import { jobSummary, setFailed, setOutput } from '../../lib/runner.js';
import { openWorkspace } from '../../lib/workspace.js';

export async function run(): Promise<void> {
  await runAction('doctor', async (logger) => {
    const inputs = { workspace: optionalInput('workspace') ?? '.', cuda: optionalInput('cuda') };
    // A bare GPU runner has no workspace checked out; the doctor still checks its GPUs.
    let workspace: Workspace | undefined;
    try {
      workspace = await openWorkspace(inputs.workspace, logger, 'Checking the GPUs and drivers');
    } catch (error) {
      if (!isConfigurationError(error) || !/No mlenv\.yaml/.test(error.message)) throw error;
      logger.info(`no workspace at ${inputs.workspace}: checking the GPUs only`);
    }
    const environmentCuda = inputs.cuda ?? workspace?.config.environment.cuda ?? 'cpu';
    let pythonCommand: string[] | undefined;
    const notes: string[] = [];
    if (workspace) {
      const { resolveEnvironment } = await import('../../../shared/environment/index.js');
      try {
        pythonCommand = [(await resolveEnvironment(workspace, { logger, create: false })).python];
      } catch (error) {
        if (!isConfigurationError(error)) throw error;
        notes.push(`torch check skipped: ${errorMessage(error)}`);
      }
    }
    const { doctorMarkdown, formatDoctorReport, runDoctor } = await import(
      '../../../shared/gpu/index.js'
    );
    const report = await runDoctor({ environmentCuda, pythonCommand });
    logger.info(formatDoctorReport(report));
    for (const note of notes) logger.info(`note: ${note}`);
    setOutput('verdict', report.verdict);
    setOutput('gpus', JSON.stringify(report.gpus));
    await (await jobSummary())
      .addRaw(doctorMarkdown(report))
      .addRaw(notes.map((n) => `\n${n}\n`).join(''))
      .write();
    if (report.verdict === 'fail') {
      const failing = report.checks.filter((c) => c.verdict === 'fail').map((c) => c.message);
      setFailed(`doctor: ${failing.join('; ')}`);
    }
  });
}
