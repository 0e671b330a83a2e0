// Figure: cold start of every action bundle (each action's main and post), from process start to
// its first log line, as a ratio to `node -e 0` measured in the same run (median of alternating
// runs, each bundle beside its own baseline runs). Goal: at most 2x for each bundle.
//
// Both sides get a minimal environment: a developer's NODE_OPTIONS or NODE_EXTRA_CA_CERTS (here
// 100 ms or more of certificate parsing per process) would slow both and hide the bundle. Each
// bundle gets inputs that make it print its first line as soon as its start-up is done. An action
// that works in a workspace says what it is about to do before it loads the config stack; the
// bench also prints, beside the goal, when the workspace was loaded and validated (an unknown
// project stops the action right there). The process is stopped after the lines measured. BENCH_DIST: a folder
// holding bundles built elsewhere (its actions/<name>/dist), such as from uncommitted sources;
// BENCH_RUNS: runs of each (default 21).
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STATE } from '../actions/train/src/state.js';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.resolve(process.env.BENCH_DIST ?? root);
const runs = Number(process.env.BENCH_RUNS ?? 21);
const GOAL = 2;

const scratch = mkdtempSync(path.join(tmpdir(), 'mlenv-bench-'));
// A copy, so that nothing an action starts writes into the repository's template.
const workspace = path.join(scratch, 'workspace');
cpSync(path.join(root, 'templates/workspace'), workspace, { recursive: true });
const noWorkspace = path.join(scratch, 'empty');
const results = path.join(scratch, 'results');
for (const dir of [noWorkspace, results]) mkdirSync(dir);
const commandFiles: Record<string, string> = {};
for (const name of ['OUTPUT', 'STATE', 'ENV', 'PATH', 'STEP_SUMMARY']) {
  const file = path.join(scratch, name.toLowerCase());
  writeFileSync(file, '');
  commandFiles[`GITHUB_${name}`] = file;
}
const minimalEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch };
const UNKNOWN_PROJECT = 'no-such-project';

interface Case {
  bundle: string;
  /** The first line it prints with these inputs: anything else means it measured something else. */
  first: RegExp;
  /** For actions that load the workspace after their first line: a line printed once it is loaded. */
  loaded?: RegExp;
  inputs: Record<string, string>;
  state?: Record<string, string>;
}

const CASES: Case[] = [
  {
    bundle: 'affected/dist/index.js',
    first: /^Comparing HEAD\.\.\.HEAD \(workspace \//,
    inputs: { workspace, base: 'HEAD', head: 'HEAD' },
  },
  {
    bundle: 'check/dist/index.js',
    first: /^Checking no projects \(workspace \//,
    loaded: /^No projects given: nothing to check\.$/,
    inputs: { workspace, projects: '[]' },
  },
  {
    bundle: 'doctor/dist/index.js',
    first: /^no workspace at .*: checking the GPUs only$/,
    inputs: { workspace: noWorkspace },
  },
  {
    bundle: 'gpu-test/dist/index.js',
    first: /^GPU tests of no-such-project \(workspace \//,
    loaded: /^::error::\S+: .*no-such-project/,
    inputs: { workspace, project: UNKNOWN_PROJECT },
  },
  {
    bundle: 'pr-report/dist/index.js',
    first: /^::warning::No github-token: the report goes to the job summary only\.$/,
    inputs: { results, 'pull-request': '1' },
  },
  {
    bundle: 'promote/dist/index.js',
    first: /^Promoting no-such-project \(workspace \//,
    loaded: /^::error::\S+: .*no-such-project/,
    inputs: { workspace, project: UNKNOWN_PROJECT },
  },
  {
    bundle: 'setup/dist/index.js',
    first: /^Setting up the shared environment for no-such-project \(workspace \//,
    loaded: /^::error::\S+: .*no-such-project/,
    inputs: { workspace, project: UNKNOWN_PROJECT, cache: 'false' },
  },
  {
    bundle: 'train/dist/index.js',
    first: /^Training no-such-project on the local backend \(workspace \//,
    loaded: /^::error::\S+: .*no-such-project/,
    inputs: { workspace, project: UNKNOWN_PROJECT },
  },
  {
    bundle: 'train/dist/post/index.js',
    first: /^The run was interrupted; on-cancel is detach/,
    inputs: {},
    // A saved handle of an interrupted run whose on-cancel is detach: the post step's first line.
    state: { [STATE.handle]: '{}', [STATE.onCancel]: 'detach' },
  },
  {
    bundle: 'upgrade/dist/index.js',
    first: /^Planning framework upgrades \(workspace \//,
    loaded: /^::error::upgrade: Input "github-token": expected a token/,
    inputs: { workspace },
  },
];

/** Every action bundle there is; each must have a case, so that none goes unmeasured. */
function bundlesInTree(): string[] {
  const found: string[] = [];
  for (const action of readdirSync(path.join(root, 'actions'))) {
    for (const entry of ['index.ts', 'post.ts']) {
      if (existsSync(path.join(root, 'actions', action, 'src', entry)))
        found.push(`${action}/dist/${entry === 'post.ts' ? 'post/' : ''}index.js`);
    }
  }
  return found;
}

function caseEnv(c: Case): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...minimalEnv, ...commandFiles };
  for (const [name, value] of Object.entries(c.inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(c.state ?? {})) env[`STATE_${name}`] = value;
  return env;
}

/** Milliseconds from spawn to the first stdout bytes (or to exit, for the baseline). */
function timeToFirstLine(
  args: string[],
  env: NodeJS.ProcessEnv,
  waitForOutput: boolean,
  loaded?: RegExp,
): Promise<{ ms: number; line: string; loadedMs?: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: scratch,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let ms: number | undefined;
    let loadedMs: number | undefined;
    let line = '';
    let text = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (!waitForOutput || loadedMs !== undefined) return;
      const now = Number(process.hrtime.bigint() - started) / 1e6;
      text += String(chunk);
      if (ms === undefined) {
        ms = now;
        line = text.split('\n')[0] ?? '';
      }
      if (loaded && !text.split('\n').some((l) => loaded.test(l))) return;
      if (loaded) loadedMs = now;
      // What it does after the lines measured is not the figure; it must not load the next run.
      child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += String(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (!waitForOutput) {
        if (code === 0) resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, line });
        else reject(new Error(`${args.join(' ')} exited ${code}`));
      } else if (ms === undefined) {
        reject(new Error(`${args.join(' ')} printed nothing (exit ${code}): ${stderr.trim()}`));
      } else if (loaded && loadedMs === undefined) {
        reject(new Error(`${args.join(' ')} never printed a line like ${loaded}:\n${text}`));
      } else {
        resolve({ ms, line, loadedMs });
      }
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const known = new Set(CASES.map((c) => c.bundle));
const missing = bundlesInTree().filter((b) => !known.has(b));
if (missing.length > 0) {
  throw new Error(`bench/action-cold-start.ts: no inputs for ${missing.join(', ')}; add a case`);
}

process.stdout.write(
  `Cold start to the first log line, against node -e 0 in the same run (medians of ${runs} alternating runs each; entry file size):\n`,
);
let met = 0;
try {
  for (const c of CASES) {
    const bundle = path.join(dist, 'actions', c.bundle);
    const env = caseEnv(c);
    // One unmeasured run of each warms the file system cache, as a runner's second step would.
    await timeToFirstLine(['-e', '0'], minimalEnv, false);
    const { line } = await timeToFirstLine([bundle], env, true, c.loaded);
    if (!c.first.test(line))
      throw new Error(`actions/${c.bundle}: expected a first line like ${c.first}, found ${line}`);
    const baseline: number[] = [];
    const action: number[] = [];
    const loadedAt: number[] = [];
    for (let i = 0; i < runs; i++) {
      baseline.push((await timeToFirstLine(['-e', '0'], minimalEnv, false)).ms);
      const measured = await timeToFirstLine([bundle], env, true, c.loaded);
      action.push(measured.ms);
      if (measured.loadedMs !== undefined) loadedAt.push(measured.loadedMs);
    }
    const ratio = median(action) / median(baseline);
    if (ratio <= GOAL) met++;
    const mb = (statSync(bundle).size / 1e6).toFixed(2);
    // Not a goal, but said beside it: when the workspace is loaded and validated.
    const loadedNote =
      loadedAt.length > 0
        ? `; workspace loaded at ${median(loadedAt).toFixed(1)} ms (${(median(loadedAt) / median(baseline)).toFixed(2)}x)`
        : '';
    process.stdout.write(
      `  actions/${c.bundle.padEnd(25)} ${mb.padStart(5)} MB: ${median(action).toFixed(1).padStart(6)} ms; ` +
        `baseline ${median(baseline).toFixed(1).padStart(6)} ms; ratio ${ratio.toFixed(2)}x (${ratio <= GOAL ? 'met' : 'NOT met'})${loadedNote}\n`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.stdout.write(
  `goal: at most ${GOAL}x for each bundle: met for ${met} of ${CASES.length}${met === CASES.length ? '' : ' (NOT met)'}\n`,
);
