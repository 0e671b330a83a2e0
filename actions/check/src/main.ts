import { selectProject } from '../../../shared/config/select-project.js';
import { CHECK_OPTIONS } from '../../../shared/options/check.js';
import { readInputs } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';
import { jobSummary, setFailed, setOutput } from '../../lib/runner.js';
import { openWorkspace } from '../../lib/workspace.js';

export async function run(): Promise<void> {
  await runAction('check', async (logger) => {
    const inputs = readInputs(CHECK_OPTIONS);
    const workspace = await openWorkspace(
      inputs.workspace,
      logger,
      `Checking ${inputs.projects ? inputs.projects.join(', ') || 'no projects' : 'every project'}`,
    );
    if (inputs.projects?.length === 0) {
      // An empty list (nothing affected) means nothing to check, not everything.
      logger.info('No projects given: nothing to check.');
      setOutput('ok', 'true');
      setOutput('results', '[]');
      return;
    }
    const projects = (inputs.projects ?? []).map((name) => selectProject(workspace, name));
    const { resolveEnvironment } = await import('../../../shared/environment/index.js');
    const { checkWorkspace } = await import('../../../shared/check/check-workspace.js');
    const { checkSummaryMarkdown, reportAnnotations } = await import(
      '../../../shared/check/index.js'
    );
    const environment = await resolveEnvironment(workspace, { venv: inputs.venv, logger });
    const result = await checkWorkspace({ workspace, projects, environment, logger });

    reportAnnotations(result, logger);
    setOutput('ok', String(result.ok));
    setOutput(
      'results',
      JSON.stringify(
        result.projects.map((p) => ({
          name: p.name,
          lint: p.lint.length,
          format: p.format.length,
          passed: p.tests.passed,
          failed: p.tests.failed + p.tests.errors,
          skipped: p.tests.skipped,
        })),
      ),
    );
    await (await jobSummary()).addRaw(checkSummaryMarkdown(result)).write();
    if (!result.ok) {
      const failing = result.projects.filter((p) => !p.ok).map((p) => p.name);
      setFailed(`check: ${failing.join(', ')} did not pass (see the annotations and summary)`);
    }
  });
}
