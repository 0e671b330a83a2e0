import path from 'node:path';
import type { Logger } from '../../../shared/logger/index.js';

/**
 * The Actions cache is an accelerator, never a requirement: a cache service that is missing or
 * failing (self-hosted runners, act, outages) costs a rebuild, not the job. @actions/cache is
 * loaded only here, on the path that uses it.
 */
export async function restoreEnvironment(
  venv: string,
  key: string,
  logger: Logger,
): Promise<boolean> {
  try {
    venv = cachePath(venv);
    const cache = await import('@actions/cache');
    if (!cache.isFeatureAvailable()) {
      logger.info('The Actions cache is not available here: building the environment.');
      return false;
    }
    const hit = await cache.restoreCache([venv], key);
    logger.info(hit ? `Restored the environment from the cache (${hit})` : `No cache for ${key}`);
    return hit !== undefined;
  } catch (error) {
    logger.warning(`Could not restore the environment from the cache: ${(error as Error).message}`);
    return false;
  }
}

export async function saveEnvironment(venv: string, key: string, logger: Logger): Promise<void> {
  try {
    const cache = await import('@actions/cache');
    if (!cache.isFeatureAvailable()) return;
    await cache.saveCache([cachePath(venv)], key);
    logger.info(`Saved the environment to the cache as ${key}`);
  } catch (error) {
    logger.warning(`Could not save the environment to the cache: ${(error as Error).message}`);
  }
}

/**
 * The cache's version hashes the paths as given: relative to the workspace, a checkout at another
 * absolute path (another runner, or act) still finds the entry.
 */
function cachePath(venv: string): string {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const relative = path.relative(workspace, venv);
  return relative.startsWith('..') || path.isAbsolute(relative) ? venv : relative;
}
