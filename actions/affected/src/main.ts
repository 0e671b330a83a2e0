import { readEvent } from '../../../shared/github/event.js';
import { AFFECTED_OPTIONS } from '../../../shared/options/affected.js';
import { readInputs } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';
import { jobSummary, setOutput } from '../../lib/runner.js';
import { openWorkspace } from '../../lib/workspace.js';
import { resolveRange } from './range.js';

export async function run(): Promise<void> {
  await runAction('affected', async (logger) => {
    const inputs = readInputs(AFFECTED_OPTIONS);
    const range = resolveRange(inputs, readEvent());
    const workspace = await openWorkspace(
      inputs.workspace,
      logger,
      `Comparing ${range.base}...${range.head}`,
    );
    const { findAffected, toMatrix } = await import('../../../shared/affected/index.js');
    const result = await findAffected({ workspace, ...range, logger });

    const names = result.projects.map((p) => p.name);
    setOutput('projects', JSON.stringify(names));
    setOutput('matrix', JSON.stringify(toMatrix(result)));
    setOutput('any', String(names.length > 0));
    setOutput('all', String(result.allBecause !== undefined));

    const heading = result.allBecause
      ? `All ${names.length} projects are affected: \`${result.allBecause}\` changed.`
      : `${names.length} of ${workspace.projects.length} projects affected (${result.changedFiles} files changed).`;
    logger.info(heading);
    for (const p of result.projects)
      logger.info(`  ${p.name} (${p.dir}): ${p.reasons.slice(0, 3).join('; ')}`);
    await (await jobSummary())
      .addHeading('MLEnv: affected projects', 3)
      .addRaw(`${heading}\n\n`)
      .addTable([
        [
          { data: 'Project', header: true },
          { data: 'Directory', header: true },
          { data: 'Why', header: true },
        ],
        ...result.projects.map((p) => [p.name, p.dir, p.reasons.slice(0, 3).join('; ')]),
      ])
      .write();
  });
}
