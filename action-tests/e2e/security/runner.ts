import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { capture } from '../../testbed/exec.js';
import { MARKER, type SeededSecret } from './corpus.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

export interface ActionInput {
  name: string;
  default?: string;
}

export interface ActionDefinition {
  name: string;
  inputs: ActionInput[];
  outputs: string[];
  main: string;
  post?: string;
}

interface ActionYaml {
  inputs?: Record<string, { default?: unknown }>;
  outputs?: Record<string, { value?: unknown } | null>;
  runs: { using: string; main?: string; post?: string; steps?: CompositeStep[] };
}

function readActionFiles(): { name: string; doc: ActionYaml }[] {
  const dir = path.join(repoRoot, 'actions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => {
      let text: string;
      try {
        text = readFileSync(path.join(dir, e.name, 'action.yml'), 'utf8');
      } catch {
        return [];
      }
      return [{ name: e.name, doc: parse(text) as ActionYaml }];
    });
}

function inputsOf(doc: ActionYaml): ActionInput[] {
  return Object.entries(doc.inputs ?? {}).map(([name, spec]) => ({
    name,
    default: spec?.default === undefined ? undefined : String(spec.default),
  }));
}

/**
 * Every bundled action as its action.yml declares it, read at test time: an input added later is
 * part of the corpus run without anyone listing it here. An action that is neither a bundle nor
 * composite (readCompositeActions) is an error, so that none goes untested.
 */
export function readActions(): ActionDefinition[] {
  const dir = path.join(repoRoot, 'actions');
  return readActionFiles().flatMap(({ name, doc }) => {
    if (doc.runs.using === 'composite') return [];
    if (!/^node\d+$/.test(doc.runs.using) || !doc.runs.main)
      throw new Error(
        `actions/${name}/action.yml: expected runs.using node<version> with runs.main, or composite; found ${JSON.stringify(doc.runs)}`,
      );
    return [
      {
        name,
        inputs: inputsOf(doc),
        outputs: Object.keys(doc.outputs ?? {}),
        main: path.join(dir, name, doc.runs.main),
        post: doc.runs.post ? path.join(dir, name, doc.runs.post) : undefined,
      },
    ];
  });
}

export interface CompositeStep {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

export interface CompositeDefinition {
  name: string;
  inputs: ActionInput[];
  /** Output name → its value expression. */
  outputs: Record<string, string>;
  steps: CompositeStep[];
}

/** The composite actions: no bundle of their own, steps that use other actions. */
export function readCompositeActions(): CompositeDefinition[] {
  return readActionFiles()
    .filter(({ doc }) => doc.runs.using === 'composite')
    .map(({ name, doc }) => ({
      name,
      inputs: inputsOf(doc),
      outputs: Object.fromEntries(
        Object.entries(doc.outputs ?? {}).map(([key, spec]) => [key, String(spec?.value ?? '')]),
      ),
      steps: doc.runs.steps ?? [],
    }));
}

/** The variable the runner passes an input in: spaces become `_`, hyphens stay. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export interface FileCommands {
  /** Every key written, in order, duplicates kept: an injected line shows up as an extra key. */
  entries: [string, string][];
  /** Lines that are neither `key=value` nor a `key<<DELIMITER` block. */
  malformed: string[];
}

/** Reads a GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE file as the runner parses it. */
export function parseFileCommands(text: string): FileCommands {
  const lines = text.split('\n');
  const entries: [string, string][] = [];
  const malformed: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key, delimiter] = heredoc as unknown as [string, string, string];
      const body: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        body.push(lines[i] as string);
      }
      if (!closed) malformed.push(line);
      entries.push([key, body.join('\n')]);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) entries.push([line.slice(0, eq), line.slice(eq + 1)]);
    else malformed.push(line);
  }
  return { entries, malformed };
}

/** The commands an action may legitimately issue on stdout (@actions/core's, with file commands). */
const OWN_COMMANDS = new Set([
  'add-mask',
  'group',
  'endgroup',
  'debug',
  'error',
  'warning',
  'notice',
  'stop-commands',
]);

export interface CommandLine {
  line: number;
  command: string;
  data: string;
  text: string;
}

/**
 * Workflow commands the runner would obey in this log but the action did not mean to issue. The
 * runner trims leading space and takes `::name props::data` at a line start; after
 * `::stop-commands::TOKEN` it obeys nothing until `::TOKEN::`, which is how an action prints
 * untrusted text safely. A command is injected when its name is not one @actions/core issues, when
 * its header or data starts with the corpus marker (a payload line, not an escaped copy inside a
 * message), or when it is a stop-commands whose token came from a payload.
 */
export function injectedCommands(log: string): CommandLine[] {
  const found: CommandLine[] = [];
  let stopToken: string | undefined;
  log.split(/\r?\n|\r/).forEach((raw, index) => {
    const text = raw.trimStart();
    if (stopToken !== undefined) {
      if (text === `::${stopToken}::`) stopToken = undefined;
      return;
    }
    const m = /^::([^\s:]+)([^:]*)::(.*)$/s.exec(text);
    if (!m) return;
    const [, command, props, data] = m as unknown as [string, string, string, string];
    const line = { line: index + 1, command, data, text: raw.slice(0, 300) };
    const fromPayload = props.includes(MARKER) || data.startsWith(MARKER);
    if (!OWN_COMMANDS.has(command) || fromPayload) found.push(line);
    if (command === 'stop-commands') stopToken = data;
  });
  return found;
}

export interface Leak {
  where: string;
  shape: string;
  excerpt: string;
}

/**
 * Every place a seeded secret (in any of its encodings) shows up. `::add-mask::` lines are the
 * one place a secret may be written: they are the instruction to hide it, read by the runner and
 * never shown.
 */
export function findLeaks(
  places: Record<string, string>,
  secrets: readonly SeededSecret[],
): Leak[] {
  const leaks: Leak[] = [];
  for (const [where, text] of Object.entries(places)) {
    const visible = text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('::add-mask::'))
      .join('\n');
    for (const secret of secrets) {
      for (const needle of secret.needles) {
        if (needle.length < 12) continue;
        const at = visible.indexOf(needle);
        if (at >= 0) {
          leaks.push({
            where,
            shape: secret.shape,
            excerpt: visible.slice(Math.max(0, at - 80), at + 40),
          });
          break;
        }
      }
    }
  }
  return leaks;
}

export interface RunOptions {
  bundle: string;
  cwd: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  eventPath: string;
  /** For a post step: the state the main step saved. */
  state?: Record<string, string>;
  timeoutMs?: number;
}

export interface BundleRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  summary: string;
  output: FileCommands;
  env: FileCommands;
  path: string;
  state: FileCommands;
  ms: number;
  /** Everything a workflow could show or pass on, for the leak scan. */
  places: Record<string, string>;
}

/**
 * Runs a committed bundle as the Actions runner does: inputs in INPUT_* variables, the file
 * commands in fresh files, the event from GITHUB_EVENT_PATH. Asynchronous: the GitHub API server
 * answers from this process meanwhile.
 */
export async function runBundle(options: RunOptions): Promise<BundleRun> {
  const dir = mkdtempSync(path.join(options.env.RUNNER_TEMP ?? '/tmp', 'step-'));
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_PATH: path.join(dir, 'path'),
    GITHUB_STATE: path.join(dir, 'state'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  mkdirSync(path.join(dir, 'tmp'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.env.HOME ?? process.env.HOME ?? '/tmp',
    ...options.env,
    ...files,
    GITHUB_EVENT_PATH: options.eventPath,
    TMPDIR: path.join(dir, 'tmp'),
  };
  for (const [name, value] of Object.entries(options.inputs)) env[inputVariable(name)] = value;
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  const started = Date.now();
  const { code, signal, stdout, stderr } = await capture(
    process.execPath,
    [...entry(options.bundle)],
    { cwd: options.cwd, env, timeoutMs: options.timeoutMs ?? 60_000 },
  );
  const read = (file: string) => readFileSync(file, 'utf8');
  const run: BundleRun = {
    code,
    signal,
    stdout,
    stderr,
    summary: read(files.GITHUB_STEP_SUMMARY),
    output: parseFileCommands(read(files.GITHUB_OUTPUT)),
    env: parseFileCommands(read(files.GITHUB_ENV)),
    path: read(files.GITHUB_PATH),
    state: parseFileCommands(read(files.GITHUB_STATE)),
    ms: Date.now() - started,
    places: {
      stdout,
      stderr,
      summary: read(files.GITHUB_STEP_SUMMARY),
      output: read(files.GITHUB_OUTPUT),
      env: read(files.GITHUB_ENV),
      path: read(files.GITHUB_PATH),
      state: read(files.GITHUB_STATE),
    },
  };
  rmSync(dir, { recursive: true, force: true });
  return run;
}

/**
 * The committed bundle; with MLENV_SECURITY_FROM_SOURCE=1, the action's TypeScript source through
 * tsx instead, to check a fix before the bundles are rebuilt.
 */
function entry(bundle: string): string[] {
  if (process.env.MLENV_SECURITY_FROM_SOURCE !== '1') return [bundle];
  const source = bundle
    .replace(/dist\/post\/index\.js$/, 'src/post.ts')
    .replace(/dist\/index\.js$/, 'src/index.ts');
  // The step runs in the workspace, where `tsx` does not resolve: name the loader by its path.
  return [
    '--import',
    pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href,
    source,
  ];
}

/** Runs tasks with at most `limit` at a time: two cores are shared with everything else. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The step's failure message, as the runner shows it: the `::error::` line of setFailed. */
export function failureMessage(run: BundleRun): string | undefined {
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
  return lines.at(-1)?.slice('::error::'.length);
}

/**
 * What keeps a composite action's inputs out of harm's way, checked statically: it runs no code
 * of its own, so each input may go only whole (`${{ inputs.<name> }}`) into an input of a bundled
 * action, which the corpus runs every payload through. Anything else (an expression in a script,
 * an input mixed into a longer value or handed to a shell step's env, an action from elsewhere)
 * is a route the corpus does not run. Returns the problems and the routes found.
 */
export function compositeRoutes(
  def: CompositeDefinition,
  bundled: ReadonlyMap<string, ReadonlySet<string>>,
): { problems: string[]; routes: string[] } {
  const problems: string[] = [];
  const routes: string[] = [];
  const reached = new Set<string>();
  const mentions = (value: unknown) => /\binputs\./.test(String(value));
  def.steps.forEach((step, index) => {
    const where = `${def.name} step ${step.id ?? index}`;
    if (step.run?.includes('${{')) problems.push(`${where}: an expression in its script`);
    for (const [key, value] of Object.entries(step.env ?? {}))
      if (mentions(value)) problems.push(`${where}: env ${key} reads an input into a shell step`);
    const target = /^mlenv\/([a-z0-9-]+)@v1$/.exec(step.uses ?? '')?.[1] ?? '';
    if (step.uses !== undefined && !bundled.has(target))
      problems.push(`${where}: uses ${step.uses}, not a bundled action of this repository`);
    for (const [key, value] of Object.entries(step.with ?? {})) {
      const whole = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(String(value))?.[1];
      if (whole === undefined) {
        if (mentions(value)) problems.push(`${where}: ${key} mixes an input into ${String(value)}`);
        continue;
      }
      if (!bundled.get(target)?.has(key))
        problems.push(
          `${where}: hands inputs.${whole} to ${key}, which ${step.uses} does not declare`,
        );
      reached.add(whole);
      routes.push(`${def.name}/${whole} -> ${target}/${key}`);
    }
  });
  for (const input of def.inputs)
    if (!reached.has(input.name))
      problems.push(`${def.name}: input ${input.name} reaches no action`);
  return { problems, routes };
}
