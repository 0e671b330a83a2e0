import { spawn } from 'node:child_process';
import path from 'node:path';

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
export function runAct(options: ActOptions): Promise<ActRun> {
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
  return new Promise((resolve) => {
    const child = spawn(options.act, args, {
      cwd: options.cwd,
      env: {
        ...process.env,
        HOME: options.home,
        XDG_CONFIG_HOME: path.join(options.home, '.config'),
        NODE_OPTIONS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk) => {
      log += chunk;
    });
    child.stderr.on('data', (chunk) => {
      log += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, log });
    });
  });
}
