import type { Logger } from '../../../logger/index.js';
import type { RegistryCredentials } from '../registry/credentials.js';

export const BUILDERS = ['buildx', 'buildah'] as const;
export type BuilderName = (typeof BUILDERS)[number];

/** One build, as every builder takes it. */
export interface BuildPlan {
  /** The rendered Dockerfile, as a file. */
  dockerfile: string;
  /** The build context: the workspace root. */
  context: string;
  /** `<environment.image>:<lock hash>`. */
  image: string;
  /** The Dockerfile's build arguments (BASE_IMAGE, UV_IMAGE, MLENV_PYTHON), only those given. */
  buildArgs: Readonly<Record<string, string>>;
  push: boolean;
  /** The registries the build pulls from: BASE_IMAGE's and UV_IMAGE's. */
  pullRegistries: readonly string[];
  /** Registries reached over plain HTTP, of the image's and the pulled ones. */
  plainHttp: readonly string[];
  /** For the image's registry, when REGISTRY_USERNAME/REGISTRY_PASSWORD or a login gave some. */
  credentials?: RegistryCredentials;
  /** The registry of `image`. */
  registry: string;
  /** A CA bundle file handed to the build as the `mlenv-ca-bundle` secret, for uv's downloads. */
  caBundle?: string;
}

export interface BuildOutcome {
  buildSeconds: number;
  /** Absent without --push, or where the push is part of the build (`pushInBuild`). */
  pushSeconds?: number;
  /** buildx pushes as it builds: its push time is in buildSeconds. */
  pushInBuild?: boolean;
  /** The digest the builder reports for what it pushed, when it reports one. */
  digest?: string;
}

/**
 * A way to build and push an image. Each builder turns the plan into its own argv; none runs
 * through a shell.
 */
export interface ImageBuilder {
  readonly name: BuilderName;
  build(plan: BuildPlan, logger: Logger): Promise<BuildOutcome>;
}
