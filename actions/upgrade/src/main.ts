import { OptionError } from '../../../shared/errors/index.js';
import { connectRepository } from '../../../shared/github/repository.js';
import { UPGRADE_OPTIONS } from '../../../shared/options/upgrade.js';
import type { UpgradeRequest } from '../../../shared/upgrade/index.js';
import { readInputs } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';
import { jobSummary, setFailed, setOutput } from '../../lib/runner.js';
import { openWorkspace } from '../../lib/workspace.js';

export async function run(): Promise<void> {
  await runAction('upgrade', async (logger) => {
    // Masks github-token.
    const inputs = readInputs(UPGRADE_OPTIONS);
    const workspace = await openWorkspace(inputs.workspace, logger, 'Planning framework upgrades');
    let github: UpgradeRequest['github'];
    if (!inputs.dryRun) {
      if (!inputs.githubToken)
        throw new OptionError(
          'github-token',
          'expected a token with contents and pull-requests write to open upgrade pull requests, found none; set dry-run: true to plan only',
        );
      github = {
        ...(await connectRepository({
          cwd: workspace.root,
          token: inputs.githubToken,
          baseUrl: inputs.githubApiUrl,
          logger,
        })),
        base: inputs.base,
      };
    }
    const { runUpgrade, upgradeSummaryMarkdown, upgradeText } = await import(
      '../../../shared/upgrade/index.js'
    );
    const result = await runUpgrade({
      workspace,
      logger,
      dryRun: inputs.dryRun,
      groups: inputs.groups,
      github,
    });
    logger.info(upgradeText(result));
    setOutput(
      'pull-requests',
      JSON.stringify(
        result.groups
          .filter((g) => g.proposal)
          .map((g) => ({
            group: g.group,
            action: g.proposal?.action,
            number: g.proposal?.pullNumber,
            url: g.proposal?.url,
          })),
      ),
    );
    setOutput('groups', JSON.stringify(result.groups.map((g) => g.group)));
    await (await jobSummary()).addRaw(upgradeSummaryMarkdown(result)).write();
    const stuck = result.groups.filter((g) => g.outcome === 'blocked' || g.outcome === 'skipped');
    if (stuck.length > 0)
      setFailed(
        `upgrade: ${stuck.map((g) => `${g.group} ${g.outcome}`).join(', ')}; see the summary`,
      );
  });
}
