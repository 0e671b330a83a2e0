import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExternalError } from '../../../errors/index.js';
import type { Logger } from '../../../logger/index.js';
import { buildArgFlags, caBundleFlags } from '../build-args.js';
import { runCommand } from '../command.js';
import type { BuildOutcome, BuildPlan, ImageBuilder } from './builder.js';

// Docker's BuildKit, through the engine the machine already runs (GitHub's hosted runners, a
// developer's Docker Desktop). buildx builds and pushes in one step, so the push time is part of
// the build's; the digest comes from its metadata file.

/**
 * `--push` for a registry with TLS; for a plain-HTTP one the image exporter is told so itself
 * (`registry.insecure`), which BuildKit needs in addition to the engine's insecure-registries.
 */
function outputFlags(plan: BuildPlan): string[] {
  if (!plan.push) return ['--load'];
  if (plan.plainHttp.includes(plan.registry))
    return ['--output', `type=image,name=${plan.image},push=true,registry.insecure=true`];
  return ['--push'];
}

export function buildxArgv(plan: BuildPlan, metadataFile: string): string[] {
  return [
    'docker',
    'buildx',
    'build',
    '--progress',
    'plain',
    '--file',
    plan.dockerfile,
    '--tag',
    plan.image,
    ...buildArgFlags(plan.buildArgs),
    ...caBundleFlags(plan),
    ...outputFlags(plan),
    '--metadata-file',
    metadataFile,
    plan.context,
  ];
}

export function createBuildxBuilder(): ImageBuilder {
  return {
    name: 'buildx',
    async build(plan: BuildPlan, logger: Logger): Promise<BuildOutcome> {
      const scratch = await mkdtemp(path.join(os.tmpdir(), 'mlenv-buildx-'));
      try {
        if (plan.credentials && plan.push) {
          // As docker/login-action does: BuildKit pushes with the engine's stored login. The
          // password goes on stdin, never in argv.
          logger.info(`docker login ${plan.registry} with ${plan.credentials.source}`);
          const login = await runCommand(
            [
              'docker',
              'login',
              plan.registry,
              '--username',
              plan.credentials.username,
              '--password-stdin',
            ],
            logger,
            { input: plan.credentials.password, echo: 'debug' },
          );
          if (login.exitCode !== 0)
            throw new ExternalError(
              `docker login ${plan.registry} with ${plan.credentials.source} failed:\n${login.tail}`,
            );
        }
        const metadataFile = path.join(scratch, 'metadata.json');
        const argv = buildxArgv(plan, metadataFile);
        logger.debug(`$ ${argv.join(' ')}`);
        const started = performance.now();
        const outcome = await runCommand(argv, logger);
        if (outcome.exitCode !== 0)
          throw new ExternalError(
            `docker buildx build failed (exit ${outcome.exitCode}); its last lines:\n${outcome.tail}`,
          );
        const buildSeconds = (performance.now() - started) / 1000;
        const metadata = JSON.parse(await readFile(metadataFile, 'utf8').catch(() => '{}')) as {
          'containerimage.digest'?: string;
        };
        return {
          buildSeconds,
          pushInBuild: plan.push,
          digest: metadata['containerimage.digest'],
        };
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
  };
}
