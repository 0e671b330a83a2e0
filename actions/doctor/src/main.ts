import type { Workspace } from '../../../shared/config/workspace.js';
import { isConfigurationError } from '../../../shared/errors/index.js';
import { DOCTOR_OPTIONS } from '../../../shared/options/doctor.js';
import { readInputs } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';
import { jobSummary, setFailed, setOutput } from '../../lib/runner.js';
import { openWorkspace } from '../../lib/workspace.js';

export async function run(): Promise<void> {
  await runAction('doctor', async (logger) => {
    const inputs = readInputs(DOCTOR_OPTIONS);
    // A bare GPU runner has no workspace checked out; the doctor still checks its GPUs.
    let workspace: Workspace | undefined;
    try {
      workspace = await openWorkspace(inputs.workspace, logger, 'Checking the GPUs and drivers');
    } catch (error) {
      if (!isConfigurationError(error) || !/No mlenv\.yaml/.test(error.message)) throw error;
      logger.info(`no workspace at ${inputs.workspace}: checking the GPUs only`);
    }
    const { doctorMarkdown, formatDoctorReport, runWorkspaceDoctor } = await import(
      '../../../shared/gpu/index.js'
    );
    const { report, notes } = await runWorkspaceDoctor({ workspace, cuda: inputs.cuda, logger });
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
