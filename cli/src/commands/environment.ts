import path from 'node:path';
import type { Command } from 'commander';
import { checkLock, lockEnvironment } from '../../../shared/environment/index.js';
import { setupEnvironment } from '../../../shared/environment/setup.js';
import { ConfigurationError } from '../../../shared/errors/index.js';
import { checkImages, writeImages } from '../../../shared/images/index.js';
import type { CliValues } from '../../../shared/options/option.js';
import { SETUP_OPTIONS } from '../../../shared/options/setup.js';
import type { CliContext } from '../context.js';
import { addOptions } from '../options.js';
import { registerImagesBuild } from './images-build.js';
import { openWorkspace, selectProject } from './workspace.js';

export function registerEnvironment(program: Command, context: CliContext): void {
  const setup = program
    .command('setup')
    .description(
      'build (or reuse) the workspace environment from the lock, cached by the lock hash, and install a project into it',
    );
  addOptions(setup, SETUP_OPTIONS).action(
    async (projectArg: string | undefined, options: CliValues<typeof SETUP_OPTIONS>) => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const project = projectArg ? selectProject(workspace, projectArg) : undefined;
      const result = await setupEnvironment({ workspace, project, logger });
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ ...result.environment, cacheHit: result.cacheHit, projectInstalled: result.projectInstalled }, null, 2)}\n`,
        );
        return;
      }
      logger.info(`Python: ${result.environment.python}`);
    },
  );

  const env = program.command('env').description('the one shared environment of the workspace');
  env
    .command('lock')
    .description('resolve environment.requirements into environment.lock with hashes (uv)')
    .action(async () => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const lock = await lockEnvironment(workspace, logger);
      logger.info(`Wrote ${lock}`);
    });
  env
    .command('check')
    .description('fail when environment.lock is stale against environment.requirements')
    .action(async () => {
      const workspace = await openWorkspace(context);
      const result = await checkLock(workspace);
      if (!result.ok)
        throw new ConfigurationError(
          `${result.problems.join('\n')}\nRun \`mlenv env lock\` and commit the lock.`,
        );
      context
        .logger()
        .info(
          `${workspace.config.environment.lock} is current (${result.pins.size} packages pinned).`,
        );
    });

  const images = program
    .command('images')
    .description('the runtime and GPU runner images, rendered from the environment');
  images
    .command('render')
    .description('write runner-images/ (Dockerfiles and image.json) from the workspace environment')
    .option('-o, --out <dir>', 'output directory (default: runner-images in the workspace root)')
    .action(async (options: { out?: string }) => {
      const logger = context.logger();
      const workspace = await openWorkspace(context);
      const out = options.out ?? path.join(workspace.root, 'runner-images');
      const { manifest, written } = await writeImages(workspace, out);
      for (const file of written) logger.info(`Wrote ${file}`);
      logger.info(`Image: ${manifest.image}:${manifest.tag}`);
    });
  images
    .command('check')
    .description('fail when runner-images/ is stale against the workspace environment')
    .option('-o, --out <dir>', 'output directory (default: runner-images in the workspace root)')
    .action(async (options: { out?: string }) => {
      const workspace = await openWorkspace(context);
      const out = options.out ?? path.join(workspace.root, 'runner-images');
      const result = await checkImages(workspace, out);
      const stale = result.files.filter((f) => f.status !== 'current');
      if (stale.length > 0)
        throw new ConfigurationError(
          `${stale.map((f) => `${f.path}: ${f.status}`).join('\n')}\nRun \`mlenv images render\` and commit the result.`,
        );
      context.logger().info(`Images are current: ${result.manifest.image}:${result.manifest.tag}`);
    });
  registerImagesBuild(images, context);
}
