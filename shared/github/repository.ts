import { ConfigurationError } from '../errors/index.js';
import { git } from '../git/git.js';

export interface Repository {
  owner: string;
  repo: string;
}

const NAME = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/;

/**
 * The repository pull requests go to: an explicit owner/name, else GITHUB_REPOSITORY (set in
 * Actions), else the GitHub remote `origin` of the checkout.
 */
export async function repositoryFromEnvironment(
  cwd: string,
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Repository> {
  const given = explicit ?? env.GITHUB_REPOSITORY;
  if (given) {
    const match = NAME.exec(given);
    if (!match)
      throw new ConfigurationError(
        `${explicit ? '--repo' : 'GITHUB_REPOSITORY'}: expected owner/name, found "${given}"`,
      );
    return { owner: match[1] as string, repo: match[2] as string };
  }
  const origin = await git(cwd, ['remote', 'get-url', 'origin']).catch(() => '');
  const parsed = parseRemote(origin);
  if (!parsed)
    throw new ConfigurationError(
      `expected --repo owner/name, GITHUB_REPOSITORY, or a GitHub remote named origin; found ${origin ? `origin ${origin}` : 'no origin remote'}`,
    );
  return parsed;
}

/** owner/name from an HTTPS or SSH remote URL of a GitHub (or GitHub Enterprise) host. */
export function parseRemote(url: string): Repository | undefined {
  const match =
    /^(?:https?:\/\/(?:[^@/]+@)?[^/]+\/|git@[^:]+:|ssh:\/\/git@[^/]+\/)([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    );
  return match ? { owner: match[1] as string, repo: match[2] as string } : undefined;
}
