import type { Command } from 'commander';
import { ConfigurationError } from '../../../shared/errors/index.js';
import { createGithubClient } from '../../../shared/github/client.js';
import { repositoryFromEnvironment } from '../../../shared/github/repository.js';
import { runUpgrade, upgradeText } from '../../../shared/upgrade/index.js';
import type { CliContext } from '../main.js';
import { openWorkspace } from './workspace.js';

interface UpgradeOptions {
  dryRun?: boolean;
  group?: string[];
  repo?: string;
  base?: string;
  indexTimeout?: number;
  json?: boolean;
}

export function registerUpgrade(program: Command, context: CliContext): void {
  program
    .command('upgrade')
    .description(
      'open one pull request per upgrade group for the shared environment: the torch family, CUDA and Python moved together, re-locked, images re-rendered',
    )
    .option('--dry-run', 'print the plan and the diff; change nothing, open nothing')
    .option(
      '-g, --group <name>',
      'only this upgrade group (repeatable)',
      (value: string, all: string[] = []) => [...all, value],
    )
    .option('--repo <owner/name>', 'GitHub repository (default: GITHUB_REPOSITORY, else origin)')
    .option('--base <branch>', "pull requests' base branch (default: the repository's default)")
    .option('--index-timeout <seconds>', 'per request to the package index (default 30)', Number)
    .option('--json', 'print the result as JSON')
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
        const { owner, repo } = await repositoryFromEnvironment(workspace.root, options.repo);
        github = {
          octokit: await createGithubClient({ token, logger }),
          owner,
          repo,
          base: options.base,
        };
      }
      const result = await runUpgrade({
        workspace,
        logger,
        dryRun: options.dryRun,
        groups: options.group,
        github,
        indexTimeoutMs:
          options.indexTimeout === undefined ? undefined : options.indexTimeout * 1000,
      });
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(upgradeText(result));
      if (result.groups.some((g) => g.outcome === 'blocked' || g.outcome === 'skipped'))
        process.exitCode = 1;
    });
}
