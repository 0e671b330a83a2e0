import type { Command } from 'commander';
import { ConfigurationError } from '../../../shared/errors/index.js';
import { connectRepository } from '../../../shared/github/repository.js';
import type { CliValues } from '../../../shared/options/option.js';
import { UPGRADE_OPTIONS } from '../../../shared/options/upgrade.js';
import { runUpgrade, upgradeText } from '../../../shared/upgrade/index.js';
import type { CliContext } from '../context.js';
import { addOptions } from '../options.js';
import { openWorkspace } from './workspace.js';

type UpgradeOptions = CliValues<typeof UPGRADE_OPTIONS>;

export function registerUpgrade(program: Command, context: CliContext): void {
  const upgrade = program
    .command('upgrade')
    .description(
      'open one pull request per upgrade group for the shared environment: the torch family, CUDA and Python moved together, re-locked, images re-rendered',
    );
  addOptions(upgrade, UPGRADE_OPTIONS)
    .addHelpText(
      'after',
      '\nThe policy is upgrade: in mlenv.yaml (allow, hold, groups, onConflict, labels). Pull requests\n' +
        'need GITHUB_TOKEN (contents and pull-requests write); GITHUB_API_URL selects the API.\n' +
        'Exit code 0 when every group is proposed, unchanged or up to date; 1 when a group is\n' +
        'blocked by commits someone else added to its branch, or skipped on a conflict.',
    )
    .action(async (options: UpgradeOptions) => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      let github: Parameters<typeof runUpgrade>[0]['github'];
      if (!options.dryRun) {
        const token = process.env.GITHUB_TOKEN;
        if (!token)
          throw new ConfigurationError(
            'mlenv upgrade: expected GITHUB_TOKEN in the environment to open pull requests, found none; use --dry-run to see the plan only',
          );
        github = {
          ...(await connectRepository({
            cwd: workspace.root,
            repository: options.repo,
            token,
            logger,
          })),
          base: options.base,
        };
      }
      const result = await runUpgrade({
        workspace,
        logger,
        dryRun: options.dryRun,
        groups: options.group,
        github,
        indexTimeoutMs: options.indexTimeout * 1000,
      });
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(upgradeText(result));
      if (result.groups.some((g) => g.outcome === 'blocked' || g.outcome === 'skipped'))
        process.exitCode = 1;
    });
}
