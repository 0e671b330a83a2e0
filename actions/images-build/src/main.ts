import { IMAGES_BUILD_OPTIONS } from '../../../shared/options/images-build.js';
import { readInputs } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';
import { jobSummary, setOutput } from '../../lib/runner.js';
import { openWorkspace } from '../../lib/workspace.js';

/**
 * The credentials for the image's registry: the inputs, else on ghcr.io the job's own token as
 * the workflow's actor (a GitHub token goes to no other registry), else none here, and the
 * runner's docker or buildah login is used.
 */
export function registryEnv(
  registry: string,
  inputs: { registryUsername?: string; registryPassword?: string; githubToken?: string },
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  if (inputs.registryPassword)
    return {
      ...env,
      REGISTRY_USERNAME: inputs.registryUsername ?? env.GITHUB_ACTOR ?? '',
      REGISTRY_PASSWORD: inputs.registryPassword,
    };
  if (registry === 'ghcr.io' && inputs.githubToken && env.GITHUB_ACTOR)
    return { ...env, REGISTRY_USERNAME: env.GITHUB_ACTOR, REGISTRY_PASSWORD: inputs.githubToken };
  return env;
}

export async function run(): Promise<void> {
  await runAction('images-build', async (logger) => {
    const inputs = readInputs(IMAGES_BUILD_OPTIONS);
    const workspace = await openWorkspace(
      inputs.workspace,
      logger,
      'Building the runtime image of the lock unless the registry has it',
    );
    const { buildRuntimeImage, formatSize } = await import('../../../shared/images/build/index.js');
    const { registryOf } = await import('../../../shared/images/build/registry/image-ref.js');
    const result = await buildRuntimeImage({
      workspace,
      logger,
      builder: inputs.builder === 'auto' ? undefined : inputs.builder,
      baseImage: inputs.baseImage,
      uvImage: inputs.uvImage,
      python: inputs.python,
      push: inputs.push,
      dryRun: inputs.dryRun,
      insecureRegistries: inputs.insecureRegistry,
      buildahRoot: inputs.buildahRoot,
      caBundle: inputs.caBundle,
      env: registryEnv(registryOf(workspace.config.environment.image), inputs),
    });
    setOutput('image', result.image);
    setOutput('status', result.status);
    setOutput('digest', result.digest ?? '');
    setOutput('builder', result.builder?.name ?? '');
    await (await jobSummary())
      .addHeading('MLEnv: runtime image', 3)
      .addTable([
        [
          { data: 'Image', header: true },
          { data: 'Status', header: true },
          { data: 'Builder', header: true },
          { data: 'Digest', header: true },
          { data: 'Size', header: true },
          { data: 'Seconds', header: true },
        ],
        [
          result.image,
          result.status,
          result.builder ? `${result.builder.name} (${result.builder.reason})` : '-',
          result.digest ?? '-',
          result.size !== undefined ? formatSize(result.size) : '-',
          result.seconds.total.toFixed(1),
        ],
      ])
      .write();
  });
}
