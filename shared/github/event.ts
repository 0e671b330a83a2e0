import { readFileSync } from 'node:fs';

/**
 * The fields of the triggering event that actions use. Read straight from GITHUB_EVENT_PATH so
 * that actions which never call the API do not load Octokit.
 */
export interface GitHubEvent {
  eventName: string;
  sha?: string;
  payload: {
    before?: string;
    after?: string;
    pull_request?: {
      number: number;
      base: { sha: string; ref: string };
      head: { sha: string; ref: string };
    };
    repository?: { default_branch?: string };
  };
}

export function readEvent(env: NodeJS.ProcessEnv = process.env): GitHubEvent {
  const file = env.GITHUB_EVENT_PATH;
  let payload: GitHubEvent['payload'] = {};
  if (file) {
    try {
      payload = JSON.parse(readFileSync(file, 'utf8')) as GitHubEvent['payload'];
    } catch {
      payload = {};
    }
  }
  return { eventName: env.GITHUB_EVENT_NAME ?? '', sha: env.GITHUB_SHA, payload };
}
