import path from 'node:path';
import { OptionError } from '../../errors/index.js';
import { BUILD_ARGS, CA_BUNDLE_SECRET } from '../dockerfiles.js';

/** What the user may replace in the rendered Dockerfile, by option (`--base-image`, ...). */
export interface BuildArgChoices {
  /** BASE_IMAGE: a copy of the base the build can pull. */
  baseImage?: string;
  /** UV_IMAGE: a copy of ghcr.io/astral-sh/uv at the pinned version. */
  uvImage?: string;
  /** MLENV_PYTHON: an interpreter the base has; `managed` (or unset) lets uv install one. */
  python?: string;
}

// A name as Docker reads it: registry, path, then a tag and/or a digest.
const IMAGE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$/;

/**
 * The build arguments of one build: only those the user set, so that the Dockerfile's defaults
 * (the published images, uv's own Python) stand otherwise. Values reach the builder's argv, never
 * a shell, but a malformed one would only fail deep in the build: each is checked here.
 */
export function buildArgs(choices: BuildArgChoices): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [option, key, value] of [
    ['base-image', BUILD_ARGS.base, choices.baseImage],
    ['uv-image', BUILD_ARGS.uv, choices.uvImage],
  ] as const) {
    if (value === undefined || value === '') continue;
    if (!IMAGE.test(value) || !/[:@]/.test(value.slice(value.lastIndexOf('/') + 1)))
      throw new OptionError(
        option,
        `expected an image with a tag or digest, such as 10.1.0.1:5000/debian:bookworm-slim, found ${JSON.stringify(value)}`,
      );
    args[key] = value;
  }
  const python = choices.python;
  if (python !== undefined && python !== '' && python !== 'managed') {
    if (!path.posix.isAbsolute(python) || /\s/.test(python))
      throw new OptionError(
        'python',
        `expected "managed" or the absolute path of a Python in the base image, such as /usr/bin/python3.11, found ${JSON.stringify(python)}`,
      );
    args[BUILD_ARGS.python] = python;
  }
  return args;
}

/** `--build-arg KEY=VALUE` pairs, in a stable order, as buildx and buildah both take them. */
export function buildArgFlags(args: Readonly<Record<string, string>>): string[] {
  return Object.keys(args)
    .sort()
    .flatMap((key) => ['--build-arg', `${key}=${args[key]}`]);
}

/** `--secret` for the CA bundle, the same flag in buildx and buildah. */
export function caBundleFlags(plan: { caBundle?: string }): string[] {
  return plan.caBundle ? ['--secret', `id=${CA_BUNDLE_SECRET},src=${plan.caBundle}`] : [];
}
