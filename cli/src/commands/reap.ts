import type { Command } from 'commander';
import { resolveEnvironment } from '../../../shared/environment/index.js';
import { OptionError } from '../../../shared/errors/index.js';
import type { CliValues } from '../../../shared/options/option.js';
import { REAP_OPTIONS } from '../../../shared/options/reap.js';
import { backendForHandle } from '../../../shared/train/backends/index.js';
import { reapRuns } from '../../../shared/train/reap.js';
import { resolveTracking } from '../../../shared/train/tracking.js';
import type { CliContext } from '../context.js';
import { addOptions } from '../options.js';
import { openWorkspace, selectProject } from './workspace.js';

type ReapCliOptions = CliValues<typeof REAP_OPTIONS>;

export function registerReap(program: Command, context: CliContext): void {
  const reap = program
    .command('reap')
    .description(
      'end the MLflow runs left RUNNING by a launcher that is gone (killed, crashed, a cancelled workflow)',
    );
  addOptions(reap, REAP_OPTIONS)
    .addHelpText(
      'after',
      '\nA run is ended only when its launcher is provably gone: a launcher process of this machine\n' +
        'that no longer runs (its orphan trainer is stopped), a cluster Job that is gone or finished,\n' +
        'or a GitHub workflow run that is no longer in progress (what still runs is deleted; needs\n' +
        'GITHUB_TOKEN). Runs of live launchers, and anything that cannot be checked, are left alone.\n' +
        'Ended runs are FAILED (FINISHED when their Job had succeeded) with the tag mlenv.reap.reason.\n' +
        'Exit code 1 when a run could not be reaped.',
    )
    .action(async (projectArg: string | undefined, options: ReapCliOptions) => {
      if (projectArg && options.all)
        throw new OptionError(
          'all',
          `looks at every project; found a project too ("${projectArg}")`,
        );
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const scope = options.all
        ? ({ all: true } as const)
        : { project: selectProject(workspace, projectArg).name };
      const mlflow = await resolveTracking({
        workspace,
        environment: () => resolveEnvironment(workspace, { venv: options.venv, logger }),
        uri: options.trackingUri,
        logger,
      });
      const entries = await reapRuns({
        mlflow,
        scope,
        logger,
        env: process.env,
        backendFor: (handle) => backendForHandle(handle, { logger, env: process.env }),
        dryRun: options.dryRun,
      });
      if (options.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      else {
        const ended = entries.filter((e) => e.action === 'ended').length;
        logger.info(
          `${options.dryRun ? 'Would end' : 'Ended'} ${ended} of ${entries.length} RUNNING run(s) with a handle.`,
        );
      }
      if (entries.some((e) => e.action === 'error')) process.exitCode = 1;
    });
}
