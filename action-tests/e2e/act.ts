import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git } from '../integration/workspace-fixture.js';
import { capture } from '../testbed/exec.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

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
  const run = () =>
    capture(options.act, args, {
      cwd: options.cwd,
      env: {
        ...process.env,
        HOME: options.home,
        XDG_CONFIG_HOME: path.join(options.home, '.config'),
        NODE_OPTIONS: '',
      },
      timeoutMs: options.timeoutMs,
    });
  const first = await run();
  // act v0.2.87 writes a map without a lock in LocalRepositoryCache.Fetch, and the Go runtime
  // aborts when two jobs resolve a --local-repository action at the same moment. That crash is
  // act's own, never the workflow's: such a run is made once more, and both logs are kept.
  if (first.code !== 0 && ACT_MAP_RACE.test(first.output)) {
    const again = await run();
    return {
      status: again.code,
      log: `${first.output}\n[act crashed on its own map race (above); run again]\n${again.output}`,
    };
  }
  return { status: first.code, log: first.output };
}

const ACT_MAP_RACE = /fatal error: concurrent map writes[\s\S]*LocalRepositoryCache\)\.Fetch/;

/** A scratch repository for a workflow under act, with act's scratch HOME beside it. */
export interface ActRepo {
  repo: string;
  home: string;
  /** A folder in `home` for what the workflow records (handed to it as $RESULTS). */
  results: string;
  /** Writes a file of the repository, making its folders. */
  write(file: string, text: string): void;
  /** Runs git in the repository as a throwaway committer; throws on failure, returns stdout. */
  git(...args: string[]): string;
  /** Deletes the repository and the HOME. */
  remove(): void;
}

/**
 * Makes the repository and HOME in the temp dir, and copies `actions` as committed (action.yml
 * and dist/) to `ci-actions/<name>/` in the repository, where a workflow uses them as
 * `./ci-actions/<name>`.
 */
export function createActRepo(name: string, actions: string[] = []): ActRepo {
  const repo = fs.mkdtempSync(path.join(tmpdir(), `mlenv-act-${name}-`));
  const home = fs.mkdtempSync(path.join(tmpdir(), `mlenv-act-${name}-home-`));
  const results = path.join(home, 'results');
  fs.mkdirSync(results);
  for (const action of actions)
    for (const part of ['action.yml', 'dist'])
      fs.cpSync(
        path.join(repoRoot, 'actions', action, part),
        path.join(repo, 'ci-actions', action, part),
        { recursive: true },
      );
  return {
    repo,
    home,
    results,
    write(file, text) {
      fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      fs.writeFileSync(path.join(repo, file), text);
    },
    git: (...args) => git(repo, ...args),
    remove() {
      fs.rmSync(repo, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * Copies the workspace template's trainer (templates/workspace/projects/pytorch) to
 * `projects/<name>` of the repository, its mlenv.yaml passed through `edit`.
 */
export function addTemplateTrainer(
  repo: string,
  name: string,
  edit: (projectYaml: string) => string = (yaml) => yaml,
): void {
  const project = path.join(repo, 'projects', name);
  fs.cpSync(path.join(repoRoot, 'templates/workspace/projects/pytorch'), project, {
    recursive: true,
    filter: (source) => !/__pycache__|\.ruff_cache|\.pytest_cache/.test(source),
  });
  const file = path.join(project, 'mlenv.yaml');
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
}

/**
 * act's --local-repository arguments that map every action of the tree, as a workflow uses it
 * (`mlenv/<action>@v1`), to this checkout's actions/ (their action.yml and committed dist/). All
 * of them, read from the tree, so that one a workflow starts using cannot be left unmapped (act
 * would try GitHub).
 */
export function localActionArgs(): string[] {
  return fs
    .readdirSync(path.join(repoRoot, 'actions'))
    .filter((name) => fs.existsSync(path.join(repoRoot, 'actions', name, 'action.yml')))
    .flatMap((action) => [
      '--local-repository',
      `mlenv/${action}@v1=${path.join(repoRoot, 'actions', action)}`,
    ]);
}

/**
 * act's arguments for the adoption template's caller workflow (templates/workspace/.github/
 * workflows/mlenv.yml): self-hosted jobs on this host, its secrets, and MLEnv's reusable
 * workflows (`mlenv/mlenv/.github/workflows/*.yml@v1`) and actions mapped to `published` and this
 * checkout.
 */
export function callerArgs(options: {
  published: string;
  secrets: Record<string, string>;
}): string[] {
  return [
    '-P',
    'self-hosted=-self-hosted',
    ...Object.entries(options.secrets).flatMap(([key, value]) => ['-s', `${key}=${value}`]),
    '--local-repository',
    `mlenv/mlenv@v1=${options.published}`,
    ...localActionArgs(),
  ];
}

/** Keeps an act run's whole log in $MLENV_ACT_LOGS, where set, for a failure's post-mortem: jest shows only its end. */
export function keepActLog(name: string, run: ActRun): void {
  const dir = process.env.MLENV_ACT_LOGS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.log`), run.log);
}
