import { afterAll, beforeAll } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import {
  type GithubServer,
  startGithubServer,
} from '../../../action-tests/github-server/server.js';
import type { RepoRecord, SeedRepoOptions } from '../../../action-tests/github-server/state.js';
import { createMemoryLogger } from '../../logger/index.js';
import { createGithubClient } from '../client.js';

// The local GitHub API server of action-tests for the tests of one file: started before its
// first test, stopped after its last, with a fresh repository per test so that each starts from
// a known state.

/** The owner of every repository the fixture seeds. */
export const OWNER = 'acme';

export interface LocalGithub {
  readonly server: GithubServer;
  /**
   * A bare client with no retries or pacing: the real client (createGithubClient) paces writes
   * 1 s apart, which only the tests that pass it are about.
   */
  readonly octokit: Octokit;
  /** The real client (createGithubClient: retries, pacing, rate limits) on the server. */
  client(): Promise<Octokit>;
  /** A fresh repository of OWNER (ml-1, ml-2, …) with one commit of `files` on main. */
  seedRepo(files?: SeedRepoOptions['files']): { repo: string; record: RepoRecord; headSha: string };
  /** A fresh repository with pull request #1 from the branch `feature` into main. */
  pullRequest(): Promise<{ repo: string; record: RepoRecord }>;
}

/** Registers the hooks that start and stop the server; its fields are there from beforeAll on. */
export function useLocalGithub(): LocalGithub {
  let server: GithubServer | undefined;
  let octokit: Octokit | undefined;
  let seeded = 0;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the local GitHub starts in beforeAll');
    return value;
  };
  beforeAll(async () => {
    server = await startGithubServer();
    octokit = new Octokit({
      auth: 't',
      baseUrl: server.url,
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });
  const github: LocalGithub = {
    get server() {
      return started(server);
    },
    get octokit() {
      return started(octokit);
    },
    client() {
      return createGithubClient({
        token: 't',
        baseUrl: github.server.url,
        logger: createMemoryLogger(),
      });
    },
    seedRepo(files) {
      seeded++;
      const repo = `ml-${seeded}`;
      const { repo: record, headSha } = github.server.state.seedRepo({ owner: OWNER, repo, files });
      return { repo, record, headSha };
    },
    async pullRequest() {
      const { repo, record } = github.seedRepo();
      github.server.state.push({
        owner: OWNER,
        repo,
        branch: 'feature',
        files: { 'a.txt': 'a\n' },
      });
      await github.octokit.rest.pulls.create({
        owner: OWNER,
        repo,
        head: 'feature',
        base: 'main',
        title: 'A',
      });
      return { repo, record };
    },
  };
  return github;
}
