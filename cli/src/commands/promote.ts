import type { Command } from 'commander';
import {
  gateTableText,
  runPromote,
  selectServedProject,
  servingStatus,
  servingStatusText,
  stopServing,
} from '../../../shared/promote/index.js';
import type { CliContext } from '../main.js';
import { openWorkspace, selectProject } from './workspace.js';

interface PromoteOptions {
  modelVersion?: string;
  runId?: string;
  commit?: string;
  rollback?: boolean;
  trackingUri?: string;
  venv?: string;
  kubeconfig?: string;
  leaseWait?: number;
  json?: boolean;
}

export function registerPromote(program: Command, context: CliContext): void {
  program
    .command('promote')
    .description(
      'promote a registered model version to serving: gates, candidate alias, rollout, champion alias',
    )
    .argument(
      '[project]',
      'project name or directory (default: the project around the current directory)',
    )
    .option(
      '--model-version <n>',
      'the model version to promote (default: the one registered from HEAD)',
    )
    .option('--run-id <id>', 'promote the version registered from this MLflow run')
    .option('--commit <sha>', 'promote the version registered from this commit')
    .option('--rollback', 'serve previous-champion again and swap the aliases back')
    .option('--tracking-uri <uri>', 'MLflow tracking server (default: tracking.uri, else embedded)')
    .option('--venv <dir>', 'Python environment for local serving (default: from the lock)')
    .option('--kubeconfig <file>', 'kubeconfig for serving.target kserve')
    .option(
      '--lease-wait <seconds>',
      'wait this long for another promotion of the same model',
      Number,
    )
    .option('--json', 'print the result as JSON')
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
        leaseWaitMs: options.leaseWait === undefined ? undefined : options.leaseWait * 1000,
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
  serve
    .command('status')
    .argument(
      '[project]',
      'project name or directory (default: the project around the current directory, else the only one with a promote section)',
    )
    .option('--kubeconfig <file>', 'kubeconfig for serving.target kserve')
    .option('--json', 'print the status as JSON')
    .action(
      async (projectArg: string | undefined, options: { kubeconfig?: string; json?: boolean }) => {
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
  serve
    .command('stop')
    .argument(
      '[project]',
      'project name or directory (default: the project around the current directory, else the only one with a promote section)',
    )
    .option('--kubeconfig <file>', 'kubeconfig for serving.target kserve')
    .description('stop serving (aliases stay as they are)')
    .action(async (projectArg: string | undefined, options: { kubeconfig?: string }) => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const project = selectServedProject(workspace, projectArg);
      const stopped = await stopServing(workspace, project, {
        kubeconfig: options.kubeconfig,
        logger,
      });
      logger.info(stopped ? 'Stopped serving.' : 'Nothing was serving.');
    });
}
