import path from 'node:path';
import type { Workspace } from '../../shared/config/workspace.js';
import { buildRuntimeImage } from '../../shared/images/build/index.js';
import { createMemoryLogger, type Logger } from '../../shared/logger/index.js';
import { withLock } from '../testbed/lock.js';
import { cacheDir } from '../testbed/paths.js';
import type { Testbed } from '../testbed/testbed.js';

/** Debian 12's own interpreter in the bed's base image: uv cannot download one here. */
export const BASE_PYTHON = '/usr/bin/python3.11';

/**
 * The bed's uv for what this process runs (locks, environments), with no UV_* setting of the
 * machine's pointing it elsewhere.
 */
export function useBedUv(bed: Testbed): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('UV_')) delete process.env[key];
  process.env.MLENV_UV = bed.tools.uv;
}

/** `mlenv images build` as it runs against the bed: buildah, the bed's base and uv images, its registry. */
export function bedBuildOptions(bed: Testbed) {
  return {
    builder: 'buildah',
    baseImage: bed.images.base,
    uvImage: bed.images.uv,
    python: BASE_PYTHON,
    insecureRegistries: [bed.registry.host],
  } as const;
}

/**
 * Builds a workspace's runtime image on the bed, one build at a time on this machine: the test
 * files run side by side, and two builds of the template's 6 GB environment at once would each
 * do the whole work (the second then finds the tag, or buildah's cached layers).
 */
export function buildOnBed(
  bed: Testbed,
  workspace: Workspace,
  logger: Logger = createMemoryLogger(),
) {
  return withLock(path.join(cacheDir(), 'image-build.lock'), () =>
    buildRuntimeImage({ workspace, logger, ...bedBuildOptions(bed) }),
  );
}
