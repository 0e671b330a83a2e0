import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { EOL, tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

// An action's `run()` in this process, as the Actions runner would start it: its inputs as
// INPUT_* variables (with the defaults of its action.yml), the files GITHUB_OUTPUT, GITHUB_STATE,
// GITHUB_ENV, GITHUB_PATH and GITHUB_STEP_SUMMARY, the event file, and stdout read back as the
// runner reads it (workflow commands, stop-commands blocks). Everything is put back afterwards:
// the environment, the exit code, the working directory, stdout. It goes through the runner
// protocol only, never through an action's own input parsing, as GitHub's typescript-action
// template tests `run()` with @actions/core's.

/**
 * Every input of every node action, by the names of its action.yml (action-fixture.test.ts checks
 * the two agree): a test that names an input the action does not declare does not compile.
 */
export const ACTION_INPUTS = {
  affected: ['workspace', 'base', 'head'],
  check: ['workspace', 'projects', 'venv'],
  doctor: ['workspace', 'cuda'],
  'gpu-test': [
    'workspace',
    'project',
    'require-gpu',
    'gpus',
    'lock-dir',
    'lock-timeout',
    'approval-label',
    'github-token',
    'venv',
  ],
  'images-build': [
    'workspace',
    'builder',
    'base-image',
    'uv-image',
    'python',
    'push',
    'dry-run',
    'insecure-registry',
    'ca-bundle',
    'buildah-root',
    'registry-username',
    'registry-password',
    'github-token',
  ],
  'pr-report': [
    'results',
    'record',
    'project',
    'outcome',
    'outputs',
    'job-status',
    'workspace',
    'needs',
    'pull-request',
    'github-token',
    'github-api-url',
    'tracking-uri',
    'tracking-token',
  ],
  promote: [
    'workspace',
    'project',
    'model-version',
    'commit',
    'rollback',
    'tracking-uri',
    'tracking-token',
    'kubeconfig',
    'lease-wait',
    'github-token',
    'github-api-url',
  ],
  setup: ['workspace', 'project', 'cache', 'allow-stale-lock'],
  train: [
    'project',
    'workspace',
    'backend',
    'params',
    'register',
    'tracking-uri',
    'tracking-token',
    'kubeconfig',
    'venv',
    'pending-timeout',
    'on-cancel',
    'dry-run',
    'server-dry-run',
  ],
  upgrade: ['workspace', 'groups', 'dry-run', 'base', 'github-token', 'github-api-url'],
} as const satisfies Record<string, readonly string[]>;

export type ActionName = keyof typeof ACTION_INPUTS;
export type InputName<A extends ActionName> = (typeof ACTION_INPUTS)[A][number];
/** What a workflow's `with:` gives the action: strings, as the runner passes every input. */
export type ActionInputs<A extends ActionName> = { readonly [K in InputName<A>]?: string };

/** The triggering event: GITHUB_EVENT_NAME and the payload in the file GITHUB_EVENT_PATH names. */
export interface ActionEvent {
  name: string;
  payload: Record<string, unknown>;
}

export interface ActionRunOptions<A extends ActionName> {
  inputs?: ActionInputs<A>;
  /** Variables of the job (GITHUB_REPOSITORY, GITHUB_SHA, MLENV_VENV...); undefined unsets one. */
  env?: Readonly<Record<string, string | undefined>>;
  /** What the main step saved, as a post step reads it (STATE_<name>). */
  state?: Readonly<Record<string, string>>;
  event?: ActionEvent;
  /** The step's working directory (default: this process's). */
  cwd?: string;
}

/** One `::command props::message` line of stdout, unescaped. */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** What a step left for the runner. */
export interface ActionRun {
  /** The process exit code the step would end with: 1 after setFailed, else undefined. */
  exitCode: number | undefined;
  outputs: Record<string, string>;
  state: Record<string, string>;
  /** Variables exported to later steps (GITHUB_ENV). */
  exportedEnv: Record<string, string>;
  /** Directories prepended to PATH for later steps (GITHUB_PATH). */
  addedPaths: string[];
  /** The job summary's markdown. */
  summary: string;
  commands: WorkflowCommand[];
  /** Messages of `::error::` annotations; setFailed's is the last. */
  errors: string[];
  warnings: string[];
  /** Values masked with `::add-mask::`. */
  masks: string[];
  /** Plain log lines, commands left out; lines inside a stop-commands block are plain. */
  log: string[];
  stdout: string;
}

/** What a job inherits that would change what an action does, unset for every run. */
const RUNNER_VARIABLES = /^(INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_|MLFLOW_TRACKING_)|^MLENV_VENV$/;
const FILE_COMMANDS = ['OUTPUT', 'STATE', 'ENV', 'PATH'] as const;
const actionsDir = path.resolve(import.meta.dirname, '../..');

// @actions/core's summary remembers the first GITHUB_STEP_SUMMARY it reads for the life of the
// module, so every run of a test file writes the same path, which exists only during a run.
const summaryFile = path.join(
  tmpdir(),
  `mlenv-action-summary-${process.pid}-${crypto.randomUUID()}`,
  'summary',
);

/** The input name as the runner spells its variable: INPUT_LEASE-WAIT for lease-wait. */
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * The defaults of the action's action.yml, as the runner fills them in for inputs a workflow
 * leaves out. A default that is an expression (`${{ github.token }}`) has no value outside a
 * workflow run and is left out: pass the input to have one.
 */
export function actionDefaults(action: ActionName): Record<string, string> {
  const manifest = parse(readFileSync(path.join(actionsDir, action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, input] of Object.entries(manifest.inputs ?? {})) {
    if (input.default === undefined) continue;
    const value = String(input.default);
    if (!value.includes('${{')) defaults[name] = value;
  }
  return defaults;
}

/** Runs `run` as the runner runs the action's step, and returns what the step left. */
export async function runStep<A extends ActionName>(
  action: A,
  run: () => Promise<void>,
  options: ActionRunOptions<A> = {},
): Promise<ActionRun> {
  const savedEnv = { ...process.env };
  const savedExitCode = process.exitCode;
  const savedCwd = process.cwd();
  const scratch = mkdtempSync(path.join(tmpdir(), `mlenv-action-${action}-`));
  mkdirSync(path.dirname(summaryFile), { recursive: true });
  writeFileSync(summaryFile, '');
  const { summary } = await import('@actions/core');
  summary.emptyBuffer();

  const files: Record<string, string> = {};
  let stdout = '';
  const write = process.stdout.write;
  let exitCode: number | undefined;
  try {
    for (const name of Object.keys(process.env))
      if (RUNNER_VARIABLES.test(name)) delete process.env[name];
    for (const name of FILE_COMMANDS) {
      files[name] = path.join(scratch, name.toLowerCase());
      writeFileSync(files[name], '');
      process.env[`GITHUB_${name}`] = files[name];
    }
    process.env.GITHUB_STEP_SUMMARY = summaryFile;
    const inputs: Record<string, string | undefined> = {
      ...actionDefaults(action),
      ...options.inputs,
    };
    for (const [name, value] of Object.entries(inputs))
      if (value !== undefined) process.env[inputVariable(name)] = value;
    for (const [name, value] of Object.entries(options.state ?? {}))
      process.env[`STATE_${name}`] = value;
    if (options.event) {
      const eventFile = path.join(scratch, 'event.json');
      writeFileSync(eventFile, JSON.stringify(options.event.payload));
      process.env.GITHUB_EVENT_NAME = options.event.name;
      process.env.GITHUB_EVENT_PATH = eventFile;
    }
    for (const [name, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (options.cwd) process.chdir(options.cwd);
    process.exitCode = undefined;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
    await run();
  } finally {
    process.stdout.write = write;
    exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
    process.exitCode = savedExitCode;
    process.chdir(savedCwd);
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
    summary.emptyBuffer();
  }
  const read = (name: (typeof FILE_COMMANDS)[number]) => readFileSync(files[name] ?? '', 'utf8');
  const result: ActionRun = {
    exitCode,
    outputs: keyValueFile(read('OUTPUT')),
    state: keyValueFile(read('STATE')),
    exportedEnv: keyValueFile(read('ENV')),
    addedPaths: read('PATH').split(EOL).filter(Boolean),
    summary: readFileSync(summaryFile, 'utf8'),
    ...parseStdout(stdout),
    stdout,
  };
  rmSync(scratch, { recursive: true, force: true });
  rmSync(path.dirname(summaryFile), { recursive: true, force: true });
  return result;
}

/** `name<<delimiter` records, as setOutput, saveState and exportVariable append them. */
function keyValueFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(EOL);
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(ghadelimiter_[0-9a-f-]+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name, delimiter] = match as unknown as [string, string, string];
    const end = lines.indexOf(delimiter, i + 1);
    if (end < 0) throw new Error(`unterminated value of ${name} in ${text}`);
    values[name] = lines.slice(i + 1, end).join(EOL);
    i = end;
  }
  return values;
}

function parseStdout(
  stdout: string,
): Pick<ActionRun, 'commands' | 'errors' | 'warnings' | 'masks' | 'log'> {
  const commands: WorkflowCommand[] = [];
  const log: string[] = [];
  let stopToken: string | undefined;
  const lines = stdout.split(EOL);
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      else log.push(line);
      continue;
    }
    const match = /^::([A-Za-z-]+)(?: (.*?))?::(.*)$/.exec(line);
    if (!match) {
      log.push(line);
      continue;
    }
    const [, command = '', props, message = ''] = match;
    if (command === 'stop-commands') {
      stopToken = message;
      continue;
    }
    const properties: Record<string, string> = {};
    for (const pair of props ? props.split(',') : []) {
      const at = pair.indexOf('=');
      if (at > 0) properties[pair.slice(0, at)] = unescapeCommand(pair.slice(at + 1));
    }
    commands.push({ command, properties, message: unescapeCommand(message) });
  }
  const messages = (name: string) =>
    commands.filter((c) => c.command === name).map((c) => c.message);
  return {
    commands,
    errors: messages('error'),
    warnings: messages('warning'),
    masks: messages('add-mask'),
    log,
  };
}

function unescapeCommand(text: string): string {
  return text.replace(/%(0D|0A|3A|2C|25)/g, (_, code: string) =>
    String.fromCharCode(Number.parseInt(code, 16)),
  );
}

/** A scratch directory with these files (path relative to it, then content). */
export function scratchFiles(prefix: string, files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(path.join(tmpdir(), `mlenv-${prefix}-`));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

/** What a scratch workspace holds beside its `mlenv.yaml`; see workspaceFiles. */
export interface WorkspaceSpec {
  /** More YAML for the workspace's `mlenv.yaml`. */
  workspace?: string;
  /** The text of requirements.in; default one torch pin. */
  requirements?: string;
  /** Write requirements.lock with the same text as requirements.in. */
  locked?: boolean;
  /** Each project by name, with the YAML appended to its `mlenv.yaml` ('' for none). */
  projects?: Readonly<Record<string, string>>;
  /** Any other files, by path; they win over the ones above. */
  files?: Readonly<Record<string, string>>;
}

/** The files of a workspace with one environment and the given projects, by path. */
export function workspaceFiles(spec: WorkspaceSpec = {}): Record<string, string> {
  const requirements = spec.requirements ?? 'torch==2.15.0\n';
  const files: Record<string, string> = {
    'mlenv.yaml': workspaceYaml(spec.workspace),
    'requirements.in': requirements,
  };
  if (spec.locked) files['requirements.lock'] = requirements;
  for (const [name, extra] of Object.entries(spec.projects ?? {}))
    files[`projects/${name}/mlenv.yaml`] = projectYaml(name, extra);
  return { ...files, ...spec.files };
}

/** A scratch directory holding workspaceFiles(spec). */
export function scratchWorkspace(prefix: string, spec: WorkspaceSpec = {}): string {
  return scratchFiles(prefix, workspaceFiles(spec));
}

/** `mlenv.yaml` of a workspace with one environment; `extra` is appended as more YAML. */
export function workspaceYaml(extra = ''): string {
  return (
    'apiVersion: mlenv/v1\nkind: Workspace\nprojects: ["projects/*"]\nenvironment:\n' +
    '  python: "3.11"\n  cuda: cpu\n  requirements: requirements.in\n' +
    `  lock: requirements.lock\n  image: ghcr.io/acme/runtime\n${extra}`
  );
}

/** A project's `mlenv.yaml`; `extra` is appended as more YAML. */
export function projectYaml(name: string, extra = ''): string {
  return `apiVersion: mlenv/v1\nkind: Project\nname: ${name}\n${extra}`;
}

/** Commits everything in `root` (a new repository on `main` if there is none); the commit sha. */
export function commitAll(root: string, message: string): string {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  try {
    git('rev-parse', '--git-dir');
  } catch {
    git('init', '-q', '-b', 'main');
  }
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', message);
  return git('rev-parse', 'HEAD').trim();
}
