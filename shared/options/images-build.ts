import { githubToken, jsonOutput, WORKSPACE } from './common.js';
import { choice, flag, list, secret, text } from './option.js';

// The builder names of shared/images/build/builders, with `auto`; kept here as literals so that
// reading the action's inputs loads no builder code.
const BUILDER_CHOICES = ['auto', 'buildx', 'buildah'] as const;

/** `mlenv images build` and the images-build action. */
export const IMAGES_BUILD_OPTIONS = {
  workspace: {
    ...WORKSPACE,
    adapters: ['cli', 'action'],
    cli: {
      positional: true,
      description: 'directory inside the workspace',
      defaultText: '--workspace, else the current directory',
    },
  },
  builder: choice(BUILDER_CHOICES, {
    description: 'how to build: buildx (a Docker engine), buildah (no daemon), or auto',
    details:
      'auto takes buildx when `docker info` answers and the buildx plugin is there, else buildah.',
    default: 'auto',
    cli: { placeholder: '<name>' },
  }),
  'base-image': text({
    description:
      'the base image to build on (BASE_IMAGE), e.g. a copy in a registry the build reaches',
    defaultText: "the Dockerfile's: debian:bookworm-slim for cpu, the CUDA runtime image otherwise",
    cli: { placeholder: '<image>' },
  }),
  'uv-image': text({
    description: 'the image uv is copied from (UV_IMAGE)',
    defaultText: "ghcr.io/astral-sh/uv at MLEnv's pinned uv version",
    cli: { placeholder: '<image>' },
  }),
  python: text({
    description:
      'the Python of the base image to build the environment on (MLENV_PYTHON), e.g. /usr/bin/python3.11, or managed',
    defaultText: 'managed: uv installs the Python of environment.python, downloading it',
    details: 'It must be the version environment.python names; the build checks.',
    cli: { placeholder: '<path>' },
  }),
  push: flag({
    description: 'push the image to the registry and check it is there',
    defaultText: 'true',
    cli: { negated: "build only, into the builder's local store" },
  }),
  'dry-run': flag({
    description:
      'say whether the tag exists and what would be built, with which commands; build nothing',
    default: false,
  }),
  'insecure-registry': list({
    description: 'registries (host or host:port) reached over plain HTTP',
    defaultText: 'loopback registries only',
    split: 'words',
    cli: { placeholder: '<host>' },
  }),
  'ca-bundle': text({
    description:
      'CA bundle (PEM file) that uv in the build trusts for the package index, or none; given as a build secret, kept out of the image',
    defaultText: "$SSL_CERT_FILE when set, else uv's own roots",
    details:
      "For a machine behind a TLS-intercepting proxy, where uv works because SSL_CERT_FILE names the proxy's CA.",
    cli: { placeholder: '<file>' },
  }),
  'buildah-root': text({
    description: "buildah's image and layer storage",
    defaultText: '~/.cache/mlenv/buildah',
    cli: { placeholder: '<dir>' },
  }),
  'registry-username': text({
    description: "user name for the image's registry",
    defaultText: 'the login of docker, buildah or podman; on ghcr.io, the workflow actor',
    adapters: ['action'],
  }),
  'registry-password': secret({
    description: "password or token for the image's registry",
    defaultText: 'the login of docker, buildah or podman; on ghcr.io, github-token',
    adapters: ['action'],
  }),
  'github-token': githubToken(
    'token that pushes to ghcr.io when no registry-password is given (the job needs packages: write); sent to no other registry',
  ),
  json: jsonOutput(),
} as const;
