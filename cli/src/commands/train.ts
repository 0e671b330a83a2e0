import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { resolveEnvironment } from '../../../shared/environment/index.js';
import { formatTable, trainRows } from '../../../shared/report/train-report.js';
import { createLocalBackend } from '../../../shared/train/backends/local/index.js';
import { detectRunContext } from '../../../shared/train/context.js';
import type { ParamValue } from '../../../shared/train/job.js';
import { launchTraining } from '../../../shared/train/launch.js';
import { resolveTracking } from '../../../shared/train/tracking.js';
import type { CliContext } from '../main.js';
import { openWorkspace, selectProject } from './workspace.js';

interface TrainOptions {
  backend: string;
  param: Record<string, ParamValue>;
  register?: boolean;
  dryRun?: boolean;
  trackingUri?: string;
  venv?: string;
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
    .option('-b, --backend <name>', 'where to train: local', 'local')
    .option(
      '-p, --param <key=value>',
      'override a train.params value (repeatable)',
      collectParam,
      {},
    )
    .option('--register', 'register the logged model as a new version of promote.model')
    .option('--no-register', 'do not register (default outside main)')
    .option(
      '--tracking-uri <uri>',
      'MLflow tracking server (default: tracking.uri, else the embedded server)',
    )
    .option(
      '--venv <dir>',
      'Python environment to run in (default: the workspace environment, built from the lock)',
    )
    .option('--dry-run', 'print what would run and create nothing')
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
      if (options.backend !== 'local') {
        throw new InvalidArgumentError(`--backend: expected local, found "${options.backend}"`);
      }
      const backend = createLocalBackend();
      const environment = await resolveEnvironment(workspace, { venv: options.venv, logger });
      const runContext = await detectRunContext(workspace.root);
      const register =
        options.register ?? (runContext.branch === 'main' || runContext.branch === 'master');

      if (options.dryRun) {
        const train = project.config.train;
        if (!train) throw new InvalidArgumentError(`${project.name} has no train section`);
        const { launcherArgv } = await import(
          '../../../shared/train/backends/local/launcher-argv.js'
        );
        const { trainerCommand } = await import('../../../shared/train/job.js');
        logger.info(
          `Would run in ${project.dir}: ${launcherArgv({ command: trainerCommand(train, options.param), train }).join(' ')}`,
        );
        return;
      }

      const mlflow = await resolveTracking({
        workspace,
        environment,
        uri: options.trackingUri,
        logger,
      });
      const controller = new AbortController();
      const cancel = () => controller.abort();
      process.once('SIGINT', cancel);
      process.once('SIGTERM', cancel);
      try {
        const result = await launchTraining({
          workspace,
          project,
          backend,
          mlflow,
          context: runContext,
          pathPrefix: [environment.bin],
          paramOverrides: options.param,
          register,
          lockHash: environment.lockHash,
          logger,
          signal: controller.signal,
        });
        if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else logger.info(`\n${formatTable(trainRows(result))}`);
        if (result.registerError) {
          logger.error(result.registerError);
          process.exitCode = 1;
        }
        if (result.status !== 'succeeded') {
          if (result.status === 'failed' && result.logTail.length > 0 && !options.json) {
            logger.error(
              `${result.reason ?? 'failed'}; last lines:\n${result.logTail.slice(-10).join('\n')}`,
            );
          }
          process.exitCode = result.status === 'cancelled' ? 130 : 1;
        }
      } finally {
        process.off('SIGINT', cancel);
        process.off('SIGTERM', cancel);
      }
    });
}

function collectParam(
  value: string,
  previous: Record<string, ParamValue>,
): Record<string, ParamValue> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, found "${value}"`);
  const raw = value.slice(eq + 1);
  const parsed: ParamValue =
    raw === 'true'
      ? true
      : raw === 'false'
        ? false
        : raw !== '' && Number.isFinite(Number(raw))
          ? Number(raw)
          : raw;
  return { ...previous, [value.slice(0, eq)]: parsed };
}
