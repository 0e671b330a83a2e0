import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Logger } from '../../../shared/logger/index.js';
import { formatTable, trainRows } from '../../../shared/report/train-report.js';
import { type ParamValue, parseParamAssignment } from '../../../shared/train/job.js';
import { runTrain } from '../../../shared/train/run-train.js';
import type { CliContext } from '../main.js';
import { openWorkspace, selectProject } from './workspace.js';

interface TrainOptions {
  backend: string;
  param: Record<string, ParamValue>;
  register?: boolean;
  dryRun?: boolean;
  serverDryRun?: boolean;
  trackingUri?: string;
  venv?: string;
  kubeconfig?: string;
  pendingTimeout: number;
  onCancel: 'delete' | 'detach';
  json?: boolean;
}

export function registerTrain(program: Command, context: CliContext): void {
  program
    .command('train')
    .description(
      'train a project: create the MLflow run, run the trainer, report metrics and model',
    )
    .argument(
      '[project]',
      'project name or directory (default: the project around the current directory)',
    )
    .option('-b, --backend <name>', 'where to train: local or kubernetes', 'local')
    .option(
      '-p, --param <key=value>',
      'override a train.params value (repeatable)',
      collectParam,
      {},
    )
    .option(
      '--register',
      'register the logged model as a new version of promote.model, failing without one (default on main: register, and only warn when no model was logged)',
    )
    .option('--no-register', 'do not register')
    .option(
      '--tracking-uri <uri>',
      'MLflow tracking server (default: tracking.uri, else the embedded server)',
    )
    .option(
      '--venv <dir>',
      'Python environment for local runs (default: the workspace environment from the lock)',
    )
    .option(
      '--kubeconfig <file>',
      'kubeconfig for --backend kubernetes (default: KUBECONFIG or ~/.kube/config)',
    )
    .option(
      '--pending-timeout <seconds>',
      'fail when a pod stays unschedulable this long',
      positiveNumber,
      600,
    )
    .option(
      '--on-cancel <what>',
      'on Ctrl-C or SIGTERM: delete the cluster job, or detach from it',
      cancelMode,
      'delete',
    )
    .option('--dry-run', 'print what would run (the command, or the manifests) and create nothing')
    .option('--server-dry-run', 'have the API server validate the manifests, creating nothing')
    .option('--json', 'print the result as JSON')
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
          process.stdout.write(`${outcome.plan}\n`);
          return;
        }
        if (outcome.kind === 'server-dry-run') return;
        const { result } = outcome;
        if (options.json) {
          // The log streamed already and is kept in MLflow; JSON stays the result.
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

/** SIGINT and SIGTERM (a cancelled workflow) abort the run, so the backend can clean up. */
async function runWithCancellation(
  logger: Logger,
  body: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const cancel = (sig: NodeJS.Signals) => {
    logger.warning(`Received ${sig}: cancelling the run`);
    controller.abort();
  };
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    await body(controller.signal);
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

function collectParam(
  value: string,
  previous: Record<string, ParamValue>,
): Record<string, ParamValue> {
  try {
    const [key, parsed] = parseParamAssignment(value);
    return { ...previous, [key]: parsed };
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive number, found "${value}"`);
  return n;
}

function cancelMode(value: string): 'delete' | 'detach' {
  if (value !== 'delete' && value !== 'detach')
    throw new InvalidArgumentError(`expected delete or detach, found "${value}"`);
  return value;
}
