import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Project } from '../../../shared/config/workspace.js';
import { lockHash, resolveEnvironment } from '../../../shared/environment/index.js';
import { ConfigurationError } from '../../../shared/errors/index.js';
import { git } from '../../../shared/git/git.js';
import type { Logger } from '../../../shared/logger/index.js';
import { formatTable, trainRows } from '../../../shared/report/train-report.js';
import { createBackend } from '../../../shared/train/backends/index.js';
import { detectRunContext } from '../../../shared/train/context.js';
import { makeRunName, type ParamValue, type RunContext } from '../../../shared/train/job.js';
import { buildJob, launchTraining } from '../../../shared/train/launch.js';
import { resolveTracking } from '../../../shared/train/tracking.js';
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
    .description('train a project: create the MLflow run, run the trainer, report metrics and model')
    .argument('[project]', 'project name or directory (default: the project around the current directory)')
    .option('-b, --backend <name>', 'where to train: local or kubernetes', 'local')
    .option('-p, --param <key=value>', 'override a train.params value (repeatable)', collectParam, {})
    .option('--register', 'register the logged model as a new version of promote.model (default on main)')
    .option('--no-register', 'do not register')
    .option('--tracking-uri <uri>', 'MLflow tracking server (default: tracking.uri, else the embedded server)')
    .option('--venv <dir>', 'Python environment for local runs (default: the workspace environment from the lock)')
    .option('--kubeconfig <file>', 'kubeconfig for --backend kubernetes (default: KUBECONFIG or ~/.kube/config)')
    .option('--pending-timeout <seconds>', 'fail when a pod stays unschedulable this long', positiveNumber, 600)
    .option('--on-cancel <what>', 'on Ctrl-C or SIGTERM: delete the cluster job, or detach from it', cancelMode, 'delete')
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
      const runContext = await detectRunContext(workspace.root);
      const local = options.backend === 'local';
      const environment = local ? await resolveEnvironment(workspace, { venv: options.venv, logger }) : undefined;
      const hash = local ? environment?.lockHash : await lockHash(workspace);
      const backend = await createBackend({
        name: options.backend,
        workspace,
        projectDir: project.dir,
        context: runContext,
        lockHash: hash,
        logger,
        kubernetes: {
          kubeconfig: options.kubeconfig,
          pendingTimeoutMs: options.pendingTimeout * 1000,
          onCancel: options.onCancel,
          serverDryRun: options.serverDryRun,
          gitUrl: await gitUrl(workspace.root),
        },
      });

      if (options.dryRun) {
        const job = buildJob({ workspace, project, paramOverrides: options.param }, placeholderRun(project, runContext, options.trackingUri ?? workspace.config.tracking.uri));
        process.stdout.write(`${await backend.describe(job)}\n`);
        return;
      }
      if (!local && !(options.trackingUri ?? workspace.config.tracking.uri)) {
        throw new ConfigurationError(
          `${workspace.file}: tracking.uri: expected an MLflow server the cluster can reach for --backend kubernetes, found none (the embedded server listens on this machine only).`,
        );
      }
      if (options.serverDryRun) {
        const job = buildJob({ workspace, project, paramOverrides: options.param }, placeholderRun(project, runContext, options.trackingUri ?? workspace.config.tracking.uri));
        await backend.run(job, logger, new AbortController().signal);
        return;
      }

      const mlflow = await resolveTracking({ workspace, environment: environment ?? missingEnvironment(), uri: options.trackingUri, logger });
      const register = options.register ?? (runContext.branch === 'main' || runContext.branch === 'master');
      await runWithCancellation(logger, async (signal) => {
        const result = await launchTraining({
          workspace,
          project,
          backend,
          mlflow,
          context: runContext,
          pathPrefix: environment ? [environment.bin] : [],
          paramOverrides: options.param,
          register,
          lockHash: hash,
          image: local ? undefined : `${workspace.config.environment.image}:${hash}`,
          logger,
          signal,
        });
        if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else logger.info(`\n${formatTable(trainRows(result))}`);
        if (result.status === 'failed' && result.logTail.length > 0 && !options.json) {
          logger.error(`${result.reason ?? 'failed'}; last lines:\n${result.logTail.slice(-10).join('\n')}`);
        }
        if (result.registerError) logger.error(result.registerError);
        if (result.status === 'cancelled') process.exitCode = 130;
        else if (result.status !== 'succeeded' || result.registerError) process.exitCode = 1;
      });
    });
}

/** SIGINT and SIGTERM (a cancelled workflow) abort the run, so the backend can clean up. */
async function runWithCancellation(logger: Logger, body: (signal: AbortSignal) => Promise<void>): Promise<void> {
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

function placeholderRun(project: Project, context: RunContext, trackingUri: string | undefined) {
  return {
    runId: 'dry-run',
    runName: makeRunName(project.name, context),
    experimentId: 'dry-run',
    trackingUri: trackingUri ?? 'http://127.0.0.1:5000',
  };
}

function missingEnvironment(): never {
  throw new ConfigurationError('The embedded MLflow server needs the local workspace environment; set tracking.uri.');
}

async function gitUrl(root: string): Promise<string | undefined> {
  if (process.env.GITHUB_SERVER_URL && process.env.GITHUB_REPOSITORY) {
    return `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}.git`;
  }
  return git(root, ['remote', 'get-url', 'origin']).then(
    (url) => url.trim() || undefined,
    () => undefined,
  );
}

function collectParam(value: string, previous: Record<string, ParamValue>): Record<string, ParamValue> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, found "${value}"`);
  const raw = value.slice(eq + 1);
  const parsed: ParamValue =
    raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { ...previous, [value.slice(0, eq)]: parsed };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, found "${value}"`);
  return n;
}

function cancelMode(value: string): 'delete' | 'detach' {
  if (value !== 'delete' && value !== 'detach') throw new InvalidArgumentError(`expected delete or detach, found "${value}"`);
  return value;
}

