import type { Command } from 'commander';
import type { CliValues } from '../../../shared/options/option.js';
import { PROMOTE_OPTIONS } from '../../../shared/options/promote.js';
import { SERVE_STATUS_OPTIONS, SERVE_STOP_OPTIONS } from '../../../shared/options/serve.js';
import {
  gateTableText,
  runPromote,
  selectServedProject,
  servingStatus,
  servingStatusText,
  stopServing,
} from '../../../shared/promote/index.js';
import type { CliContext } from '../context.js';
import { addOptions } from '../options.js';
import { openWorkspace, selectProject } from './workspace.js';

type PromoteOptions = CliValues<typeof PROMOTE_OPTIONS>;

export function registerPromote(program: Command, context: CliContext): void {
  const promote = program
    .command('promote')
    .description(
      'promote a registered model version to serving: gates, candidate alias, rollout, champion alias',
    );
  addOptions(promote, PROMOTE_OPTIONS)
    .addHelpText(
      'after',
      '\nExit code 0 when promoted (or already the champion, or rolled back), 1 when a gate refused\n' +
        'the candidate or the promotion failed; a failure leaves the previous champion serving.',
    )
    .action(async (projectArg: string | undefined, options: PromoteOptions) => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const project = selectProject(workspace, projectArg);
      const result = await runPromote({
        workspace,
        project,
        version: options.modelVersion,
        runId: options.runId,
        commit: options.commit,
        rollback: options.rollback,
        trackingUri: options.trackingUri,
        venv: options.venv,
        kubeconfig: options.kubeconfig,
        leaseWaitMs: options.leaseWait * 1000,
        logger,
      });
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        if (result.gates) process.stdout.write(gateTableText(result.gates));
        logger.info(result.message);
        if (result.url) logger.info(`Serving: ${result.url}`);
      }
      if (result.outcome === 'refused') process.exitCode = 1;
    });

  const serve = program.command('serve').description("the serving of a project's champion model");
  addOptions(serve.command('status'), SERVE_STATUS_OPTIONS).action(
    async (projectArg: string | undefined, options: CliValues<typeof SERVE_STATUS_OPTIONS>) => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const project = selectServedProject(workspace, projectArg);
      const status = await servingStatus(workspace, project, {
        kubeconfig: options.kubeconfig,
        logger,
      });
      if (options.json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      else logger.info(servingStatusText(status));
    },
  );
  addOptions(serve.command('stop'), SERVE_STOP_OPTIONS)
    .description('stop serving (aliases stay as they are)')
    .action(
      async (projectArg: string | undefined, options: CliValues<typeof SERVE_STOP_OPTIONS>) => {
        const logger = context.logger();
        const workspace = await openWorkspace(context);
        const project = selectServedProject(workspace, projectArg);
        const stopped = await stopServing(workspace, project, {
          kubeconfig: options.kubeconfig,
          logger,
        });
        logger.info(stopped ? 'Stopped serving.' : 'Nothing was serving.');
      },
    );
}
