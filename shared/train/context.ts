import { readFileSync } from 'node:fs';
import os from 'node:os';
import { git } from '../git/git.js';
import type { RunContext } from './job.js';

/** Where this run comes from: the GitHub Actions environment when present, else the local git checkout. */
export async function detectRunContext(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunContext> {
  if (env.GITHUB_ACTIONS === 'true') {
    const runUrl =
      env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined;
    return {
      commit: pullRequestHead(env) ?? env.GITHUB_SHA,
      branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME,
      prNumber: pullRequestNumber(env),
      workflowRunUrl: runUrl,
      actor: env.GITHUB_ACTOR,
    };
  }
  const read = (args: string[]) =>
    git(cwd, args).then(
      (s) => s.trim() || undefined,
      () => undefined,
    );
  const [commit, branch] = await Promise.all([
    read(['rev-parse', 'HEAD']),
    read(['rev-parse', '--abbrev-ref', 'HEAD']),
  ]);
  return { commit, branch: branch === 'HEAD' ? undefined : branch, actor: env.USER ?? safeUser() };
}

function pullRequestPayload(
  env: NodeJS.ProcessEnv,
): { number?: number; head?: { sha?: string } } | undefined {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    return (
      JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
        pull_request?: { number?: number; head?: { sha?: string } };
      }
    ).pull_request;
  } catch {
    return undefined;
  }
}

function pullRequestNumber(env: NodeJS.ProcessEnv): string | undefined {
  const pr = pullRequestPayload(env);
  return pr?.number ? String(pr.number) : undefined;
}

function pullRequestHead(env: NodeJS.ProcessEnv): string | undefined {
  return pullRequestPayload(env)?.head?.sha;
}

function safeUser(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}
