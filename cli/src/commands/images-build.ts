import type { Command } from 'commander';
import { findWorkspaceRoot, loadWorkspace } from '../../../shared/config/workspace.js';
import { IMAGES_BUILD_OPTIONS } from '../../../shared/options/images-build.js';
import type { CliValues } from '../../../shared/options/option.js';
import type { CliContext } from '../context.js';
import { addOptions } from '../options.js';
import { openWorkspace } from './workspace.js';

/** `mlenv images build`: under `mlenv images`, beside render and check. */
export function registerImagesBuild(images: Command, context: CliContext): void {
  const build = images
    .command('build')
    .description(
      "build and push the runtime image <environment.image>:<lock hash> when the registry lacks it (credentials: REGISTRY_USERNAME and REGISTRY_PASSWORD, else docker's or buildah's login)",
    );
  addOptions(build, IMAGES_BUILD_OPTIONS).action(
    async (dir: string | undefined, options: CliValues<typeof IMAGES_BUILD_OPTIONS>) => {
      const logger = context.logger();
      const workspace = dir
        ? await loadWorkspace(await findWorkspaceRoot(dir))
        : await openWorkspace(context);
      // Loaded here, not with the program: only this command needs it.
      const { buildRuntimeImage } = await import('../../../shared/images/build/index.js');
      const result = await buildRuntimeImage({
        workspace,
        logger,
        builder: options.builder === 'auto' ? undefined : options.builder,
        baseImage: options.baseImage,
        uvImage: options.uvImage,
        python: options.python,
        push: options.push,
        dryRun: options.dryRun,
        insecureRegistries: options.insecureRegistry,
        buildahRoot: options.buildahRoot,
        caBundle: options.caBundle,
      });
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    },
  );
}
