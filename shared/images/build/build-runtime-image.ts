import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Workspace } from '../../config/workspace.js';
import { lockHash, UV_VERSION } from '../../environment/index.js';
import {
  ConfigurationError,
  ExternalError,
  errorMessage,
  OptionError,
} from '../../errors/index.js';
import type { Logger } from '../../logger/index.js';
import { BUILD_ARGS } from '../dockerfiles.js';
import { type BuildArgChoices, buildArgFlags, buildArgs } from './build-args.js';
import type { BuilderName, BuildOutcome, BuildPlan, ImageBuilder } from './builders/builder.js';
import type { BuilderChoice, MachineBuilders } from './builders/choose.js';
import { findCredentials } from './registry/credentials.js';
import { type ImageRef, parseImageRef, registryOf, usesPlainHttp } from './registry/image-ref.js';
import { createRegistryClient, type TagState } from './registry/registry-client.js';

// The runtime image of a lock is built once: its tag is the lock hash, so a tag that is in the
// registry already holds exactly this environment. That check is the common path (every CI run
// after the first), so it loads nothing heavy: the builders and the Dockerfile rendering are
// imported only once a build is needed.

export interface BuildRuntimeImageOptions extends BuildArgChoices {
  workspace: Workspace;
  logger: Logger;
  /** Default: buildx when a Docker engine answers, else buildah. */
  builder?: BuilderName;
  /** Default true: push, then check the registry has the tag. */
  push?: boolean;
  /** Say what would be done; build nothing. */
  dryRun?: boolean;
  /** Registries (host or host:port) spoken to over plain HTTP; loopback always is. */
  insecureRegistries?: readonly string[];
  /** buildah's storage; default ~/.cache/mlenv/buildah. */
  buildahRoot?: string;
  /** CA bundle for uv's downloads in the build: a file, or `none`; default $SSL_CERT_FILE. */
  caBundle?: string;
  env?: NodeJS.ProcessEnv;
  /** For tests of the orchestration: what the machine offers, and the builders themselves. */
  probeBuilders?: (logger: Logger) => Promise<MachineBuilders>;
  builders?: Partial<Record<BuilderName, ImageBuilder>>;
}

export const BUILD_STATUS = ['exists', 'built', 'would-build'] as const;
export type BuildStatus = (typeof BUILD_STATUS)[number];

export interface BuildRuntimeImageResult {
  /** `<environment.image>:<lock hash>`. */
  image: string;
  status: BuildStatus;
  pushed: boolean;
  builder?: BuilderChoice;
  buildArgs: Record<string, string>;
  digest?: string;
  /** Compressed bytes in the registry (config and layers). */
  size?: number;
  seconds: { check: number; build?: number; push?: number; verify?: number; total: number };
  /** With dryRun: the commands a build would run (the Dockerfile as a path to be written). */
  commands?: string[][];
}

const round = (s: number) => Math.round(s * 1000) / 1000;
const seconds = (since: number) => round((performance.now() - since) / 1000);

/**
 * The trust the build's uv downloads need: what `--ca-bundle` names, else what uv on this machine
 * reads (SSL_CERT_FILE), so that a build behind a TLS-intercepting proxy reaches the index exactly
 * when uv here does. `none` builds with uv's own roots.
 */
export function resolveCaBundle(
  option: string | undefined,
  env: NodeJS.ProcessEnv,
): { file: string; from: string } | undefined {
  if (option === 'none') return undefined;
  const file = option || env.SSL_CERT_FILE;
  if (!file) return undefined;
  const from = option ? '--ca-bundle' : 'SSL_CERT_FILE';
  const fail = (detail: string) =>
    option
      ? new OptionError('ca-bundle', detail)
      : new ConfigurationError(
          `SSL_CERT_FILE (the CA bundle the build uses unless --ca-bundle says otherwise): ${detail}`,
        );
  const absolute = path.resolve(file);
  // buildx and buildah both read `id=...,src=...` as comma-separated fields.
  if (absolute.includes(','))
    throw fail(`expected a file path without a comma, found ${JSON.stringify(file)}`);
  let size: number;
  try {
    size = statSync(absolute).size;
  } catch {
    throw fail(`expected a CA bundle file, found nothing at ${absolute}`);
  }
  if (size === 0) throw fail(`expected a CA bundle, found an empty file ${absolute}`);
  return { file: absolute, from };
}

export function runtimeImageRef(workspace: Workspace, hash: string): string {
  return `${workspace.config.environment.image}:${hash}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** The registries of the images a build pulls: the user's BASE_IMAGE and UV_IMAGE, else the defaults. */
function pulledRegistries(args: Record<string, string>, defaults: { base: string; uv: string }) {
  return [
    ...new Set(
      [args[BUILD_ARGS.base] ?? defaults.base, args[BUILD_ARGS.uv] ?? defaults.uv].map(registryOf),
    ),
  ];
}

export async function buildRuntimeImage(
  options: BuildRuntimeImageOptions,
): Promise<BuildRuntimeImageResult> {
  const started = performance.now();
  const { workspace, logger } = options;
  const push = options.push ?? true;
  const env = options.env ?? process.env;
  const insecure = options.insecureRegistries ?? [];
  const args = buildArgs(options);
  const hash = await lockHash(workspace);
  const image = runtimeImageRef(workspace, hash);
  const ref = parseImageRef(image);
  const credentials = await findCredentials(ref.registry, logger, { env });
  logger.debug(
    credentials
      ? `registry ${ref.registry}: credentials from ${credentials.source}`
      : `registry ${ref.registry}: no credentials, asking anonymously`,
  );
  const client = createRegistryClient(ref.registry, { insecure, credentials, logger });

  const state = await checkTag(client, ref, image, push, logger);
  const check = seconds(started);
  if (state.state === 'present') {
    logger.info(
      `${image} is in the registry${state.digest ? ` (${state.digest})` : ''}: nothing to build (checked in ${check.toFixed(2)} s)`,
    );
    return {
      image,
      status: 'exists',
      pushed: false,
      buildArgs: args,
      digest: state.digest,
      seconds: { check, total: seconds(started) },
    };
  }
  if (state.state === 'refused') {
    if (credentials)
      throw new ConfigurationError(
        `registry ${ref.registry}: expected it to answer for ${image}, found ${state.detail}`,
      );
    logger.warning(
      `registry ${ref.registry} would not say whether ${image} exists (${state.detail}): building it`,
    );
  } else {
    logger.info(`${image} is not in the registry: building it`);
  }

  const [{ chooseBuilder, probeBuilders }, { baseImage, renderImages, IMAGE_FILES, uvImage }] =
    await Promise.all([import('./builders/choose.js'), import('../index.js')]);
  const found = await (options.probeBuilders ?? probeBuilders)(logger);
  const choice = chooseBuilder(found, options.builder);
  logger.info(`Builder: ${choice.name}, because ${choice.reason}`);

  const pullRegistries = pulledRegistries(args, {
    base: baseImage(workspace.config.environment.cuda),
    uv: uvImage(UV_VERSION),
  });
  const plainHttp = [...new Set([ref.registry, ...pullRegistries])].filter((r) =>
    usesPlainHttp(r, insecure),
  );
  const rendered = await renderImages(workspace);
  const dockerfileText = rendered.files[IMAGE_FILES.runtime] ?? '';
  const caBundle = resolveCaBundle(options.caBundle, env);
  if (caBundle)
    logger.info(`CA bundle for the build's downloads: ${caBundle.file} (${caBundle.from})`);
  const plan: BuildPlan = {
    caBundle: caBundle?.file,
    dockerfile: `<${IMAGE_FILES.runtime} as rendered now>`,
    context: workspace.root,
    image,
    buildArgs: args,
    push,
    pullRegistries,
    plainHttp,
    credentials,
    registry: ref.registry,
  };
  if (options.dryRun) {
    const commands = await planCommands(choice.name, plan, options);
    logger.info('Dry run: would render the Dockerfile from the workspace and run:');
    for (const argv of commands) logger.info(`  ${argv.join(' ')}`);
    return {
      image,
      status: 'would-build',
      pushed: false,
      builder: choice,
      buildArgs: args,
      seconds: { check, total: seconds(started) },
      commands,
    };
  }
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'mlenv-image-'));
  try {
    plan.dockerfile = path.join(scratch, 'Dockerfile');
    await writeFile(plan.dockerfile, dockerfileText);
    const builder = options.builders?.[choice.name] ?? (await createBuilder(choice.name, options));
    logger.info(
      `Building ${image} from ${workspace.config.environment.lock} with ${choice.name}${
        Object.keys(args).length
          ? ` (${buildArgFlags(args)
              .filter((_, i) => i % 2)
              .join(', ')})`
          : ''
      }`,
    );
    const outcome = await builder.build(plan, logger);
    const result: BuildRuntimeImageResult = {
      image,
      status: 'built',
      pushed: push,
      builder: choice,
      buildArgs: args,
      digest: outcome.digest,
      seconds: {
        check,
        build: round(outcome.buildSeconds),
        ...(outcome.pushSeconds !== undefined ? { push: round(outcome.pushSeconds) } : {}),
        total: 0,
      },
    };
    if (push) await verifyPushed(client, ref, image, outcome, result, logger);
    result.seconds.total = seconds(started);
    logger.info(summary(result, outcome));
    return result;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function checkTag(
  client: ReturnType<typeof createRegistryClient>,
  ref: ImageRef,
  image: string,
  push: boolean,
  logger: Logger,
): Promise<TagState> {
  try {
    return await client.tagState(ref);
  } catch (error) {
    // Without a push the registry is not needed: a local build goes on without it.
    if (push || !(error instanceof ExternalError)) throw error;
    logger.warning(
      `could not check ${image} in the registry (${errorMessage(error)}): building it`,
    );
    return { state: 'missing' };
  }
}

async function verifyPushed(
  client: ReturnType<typeof createRegistryClient>,
  ref: ImageRef,
  image: string,
  outcome: BuildOutcome,
  result: BuildRuntimeImageResult,
  logger: Logger,
): Promise<void> {
  const started = performance.now();
  const after = await client.tagState(ref);
  if (after.state === 'missing')
    throw new ExternalError(
      `${image}: the ${result.builder?.name} push ended without an error, but the registry has no such tag`,
    );
  if (after.state === 'refused') {
    logger.warning(`${image} was pushed, but the registry would not show it (${after.detail})`);
    result.seconds.verify = seconds(started);
    return;
  }
  const description = await client.describe(ref);
  result.digest = description.digest || after.digest || outcome.digest;
  result.size = description.size;
  result.seconds.verify = seconds(started);
}

function summary(result: BuildRuntimeImageResult, outcome: BuildOutcome): string {
  const s = result.seconds;
  const parts = [`build ${s.build?.toFixed(1)} s`];
  if (s.push !== undefined) parts.push(`push ${s.push.toFixed(1)} s`);
  if (outcome.pushInBuild) parts.push('push included');
  if (s.verify !== undefined) parts.push(`verify ${s.verify.toFixed(2)} s`);
  const where = result.pushed ? 'Built and pushed' : 'Built (not pushed)';
  const digest = result.digest ? `; digest ${result.digest}` : '';
  const size = result.size !== undefined ? `, ${formatSize(result.size)} compressed` : '';
  return `${where} ${result.image} with ${result.builder?.name} in ${s.total.toFixed(1)} s (${parts.join(', ')})${digest}${size}`;
}

async function createBuilder(
  name: BuilderName,
  options: BuildRuntimeImageOptions,
): Promise<ImageBuilder> {
  if (name === 'buildx') return (await import('./builders/buildx.js')).createBuildxBuilder();
  return (await import('./builders/buildah.js')).createBuildahBuilder({
    root: options.buildahRoot,
  });
}

/** What a dry run shows: the builder's own argv, with placeholders for files made at build time. */
async function planCommands(
  name: BuilderName,
  plan: BuildPlan,
  options: BuildRuntimeImageOptions,
): Promise<string[][]> {
  if (name === 'buildx') {
    const { buildxArgv } = await import('./builders/buildx.js');
    return [buildxArgv(plan, '<metadata file>')];
  }
  const { buildahBuildArgv, buildahPushArgv, buildahStorage, defaultBuildahRoot } = await import(
    './builders/buildah.js'
  );
  const storage = buildahStorage(options.buildahRoot ?? defaultBuildahRoot(), options.logger);
  const auth = plan.credentials ? '<auth file>' : undefined;
  return [
    buildahBuildArgv(plan, storage, auth),
    ...(plan.push ? [buildahPushArgv(plan, storage, '<digest file>', auth)] : []),
  ];
}
