import path from 'node:path';
import { capture } from '../testbed/exec.js';

export interface ActRun {
  status: number | null;
  log: string;
}

export interface ActOptions {
  /** The act binary (the test bed builds it). */
  act: string;
  /** The repository the workflow runs on. */
  cwd: string;
  /** push, schedule, pull_request, ... */
  event: string;
  workflow: string;
  /** A scratch HOME, so act's config and caches stay out of the user's. */
  home: string;
  /** The event payload file (act's -e). */
  eventFile?: string;
  /** Variables for the workflow (act's --env). */
  env?: Record<string, string>;
  /** More act arguments (platforms, --local-repository, secrets). */
  args?: string[];
  timeoutMs?: number;
}

/**
 * Runs a workflow with act on this host (`-self-hosted`: no Docker engine here). Asynchronous on
 * purpose: the local GitHub API server and the package index proxy run in the test's own process
 * and must keep answering while act runs.
 */
export async function runAct(options: ActOptions): Promise<ActRun> {
  const args = [
    options.event,
    '-W',
    options.workflow,
    '-P',
    'ubuntu-latest=-self-hosted',
    ...(options.eventFile ? ['-e', options.eventFile] : []),
    ...Object.entries(options.env ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    ...(options.args ?? []),
  ];
  const { code, output } = await capture(options.act, args, {
    cwd: options.cwd,
    env: {
      ...process.env,
      HOME: options.home,
      XDG_CONFIG_HOME: path.join(options.home, '.config'),
      NODE_OPTIONS: '',
    },
    timeoutMs: options.timeoutMs,
  });
  return { status: code, log: output };
}
