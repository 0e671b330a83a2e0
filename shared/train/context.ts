import os from 'node:os';
import { git } from '../git/git.js';
import { readEvent } from '../github/event.js';
import { workflowRunUrl } from '../util/workflow-run-url.js';
import type { RunContext } from './job.js';

/** Where this run comes from: the GitHub Actions environment when present, else the local git checkout. */
export async function detectRunContext(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunContext> {
  if (env.GITHUB_ACTIONS === 'true') {
    const pr = readEvent(env).payload.pull_request;
    return {
      commit: pr?.head.sha ?? env.GITHUB_SHA,
      branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME,
      prNumber: pr?.number ? String(pr.number) : undefined,
      workflowRunUrl: workflowRunUrl(env),
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

function safeUser(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}
