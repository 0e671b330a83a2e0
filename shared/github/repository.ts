import { ConfigurationError } from '../errors/index.js';
import { git } from '../git/git.js';
import { createGithubClient, type GithubClientOptions, type Octokit } from './client.js';

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

/** A client and the repository it works on, as the upgrade and pr-report flows take them. */
export interface RepositoryClient extends Repository {
  octokit: Octokit;
}

/**
 * A client for the repository pull requests go to (repositoryFromEnvironment): found from the
 * checkout at `cwd`, or `repository` (owner/name) where the user names one.
 */
export async function connectRepository(
  options: GithubClientOptions & { cwd: string; repository?: string },
): Promise<RepositoryClient> {
  const { cwd, repository, ...client } = options;
  const { owner, repo } = await repositoryFromEnvironment(cwd, repository, options.env);
  return { octokit: await createGithubClient(client), owner, repo };
}

/** owner/name from an HTTPS or SSH remote URL of a GitHub (or GitHub Enterprise) host. */
export function parseRemote(url: string): Repository | undefined {
  const match =
    /^(?:https?:\/\/(?:[^@/]+@)?[^/]+\/|git@[^:]+:|ssh:\/\/git@[^/]+\/)([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    );
  return match ? { owner: match[1] as string, repo: match[2] as string } : undefined;
}
