import type { Command } from 'commander';
import type { Logger } from '../../../shared/logger/index.js';
import type { CliValues } from '../../../shared/options/option.js';
import { TRAIN_OPTIONS } from '../../../shared/options/train.js';
import { formatTable, trainRows } from '../../../shared/report/train-report.js';
import { runTrain } from '../../../shared/train/run-train.js';
import { withSignalCancellation } from '../../../shared/util/cancellation.js';
import type { CliContext } from '../context.js';
import { addOptions } from '../options.js';
import { openWorkspace, selectProject } from './workspace.js';

type TrainOptions = CliValues<typeof TRAIN_OPTIONS>;

export function registerTrain(program: Command, context: CliContext): void {
  const command = program
    .command('train')
    .description(
      'train a project: create the MLflow run, run the trainer, report metrics and model',
    );
  addOptions(command, TRAIN_OPTIONS)
    .addHelpText(
      'after',
      '\nThe trainer runs from the project directory as train.command with train.params appended as\n' +
        '--key value, with MLFLOW_TRACKING_URI, MLFLOW_RUN_ID and MLENV_* set. Exit code 0 only when\n' +
        'training succeeded.',
    )
    .action(async (projectArg: string | undefined, options: TrainOptions) => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const project = selectProject(workspace, projectArg);
      await runWithCancellation(logger, async (signal) => {
        const outcome = await runTrain({
          workspace,
          project,
          backend: options.backend,
          params: options.param,
          register: options.register,
          trackingUri: options.trackingUri,
          venv: options.venv,
          kubeconfig: options.kubeconfig,
          pendingTimeoutMs: options.pendingTimeout * 1000,
          onCancel: options.onCancel,
          dryRun: options.dryRun,
          serverDryRun: options.serverDryRun,
          logger,
          signal,
        });
        if (outcome.kind === 'dry-run') {
          const plan = options.json ? JSON.stringify(outcome.plan, null, 2) : outcome.text;
          process.stdout.write(`${plan}\n`);
          return;
        }
        if (outcome.kind === 'server-dry-run') return;
        const { result } = outcome;
        if (options.json) {
          // The log streamed already and is kept in MLflow; JSON stays the result, with the
          // handle that `mlenv reap` and later processes take the job by.
          const { log: _log, ...summary } = result;
          process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        } else logger.info(`\n${formatTable(trainRows(result))}`);
        if (result.status === 'failed' && result.logTail.length > 0 && !options.json) {
          logger.error(
            `${result.reason ?? 'failed'}; last lines:\n${result.logTail.slice(-10).join('\n')}`,
          );
        }
        if (result.registerError) logger.error(result.registerError);
        if (result.status === 'cancelled') process.exitCode = 130;
        else if (result.status !== 'succeeded' || result.registerError) process.exitCode = 1;
      });
    });
}

/**
 * SIGINT and SIGTERM (a cancelled workflow) abort the run, so the backend can clean up; the same
 * signal again ends the process without waiting for that.
 */
function runWithCancellation(
  logger: Logger,
  body: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  return withSignalCancellation(body, {
    once: true,
    onSignal: (sig) => logger.warning(`Received ${sig}: cancelling the run`),
  });
}
