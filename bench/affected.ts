// Figure: `mlenv affected --json` on a 500-project, 20,000-file monorepo, run as users run it
// (the CLI bundle, a fresh process each time), median wall time. Goal: under 1 s. Baselines from
// the same run: `git diff --name-status -M base...head` alone (the floor any implementation
// pays) and `node -e 0`; also the in-process core (loadWorkspace, findAffected). The affected
// set is checked against the one the generator computes from its own changes: exit 1 if wrong.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { findAffected } from '../shared/affected/index.js';
import { loadWorkspace } from '../shared/config/workspace.js';
import { createMemoryLogger } from '../shared/logger/index.js';
import { createFixture } from './affected-fixture.js';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 11);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 500);
const FILES = Number(process.env.BENCH_FILES ?? 20_000);
const GOAL_MS = 1000;
// BENCH_CLI: another bundle to measure, such as one built from uncommitted sources.
const bundle = process.env.BENCH_CLI ?? 'cli/dist/index.js';

function timed(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${Buffer.concat(err)}`));
      } else {
        resolve({ ms, stdout: Buffer.concat(out).toString('utf8') });
      }
    });
  });
}

async function timedInProcess<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function difference(actual: Iterable<string>, expected: Set<string>): string | undefined {
  const got = new Set(actual);
  const missing = [...expected].filter((n) => !got.has(n));
  const extra = [...got].filter((n) => !expected.has(n));
  if (missing.length === 0 && extra.length === 0) return undefined;
  return `missing ${missing.length} (${missing.slice(0, 5).join(', ')}), extra ${extra.length} (${extra.slice(0, 5).join(', ')})`;
}

const generating = process.hrtime.bigint();
const fixture = createFixture({ projects: PROJECTS, files: FILES });
const generateMs = Number(process.hrtime.bigint() - generating) / 1e6;
const { base, head } = fixture;
const cliArgs = [bundle, '--workspace', fixture.root, 'affected', '--base', base, '--head', head];
const diffArgs = ['diff', '--name-status', '-M', `${base}...${head}`];

const node: number[] = [];
const diff: number[] = [];
const cli: number[] = [];
const load: number[] = [];
const core: number[] = [];
const problems: string[] = [];
try {
  // One unmeasured run of each warms the file system cache, as a CI job's second step would.
  await timed(process.execPath, ['-e', '0'], root);
  await timed('git', diffArgs, fixture.root);
  await timed(process.execPath, [...cliArgs, '--json'], root);
  for (let i = 0; i < runs; i++) {
    node.push((await timed(process.execPath, ['-e', '0'], root)).ms);
    diff.push((await timed('git', diffArgs, fixture.root)).ms);
    const run = await timed(process.execPath, [...cliArgs, '--json'], root);
    cli.push(run.ms);
    const json = JSON.parse(run.stdout) as { projects: string[]; all: boolean };
    const wrong = json.all ? 'all projects' : difference(json.projects, fixture.expected);
    if (wrong && problems.length === 0) problems.push(`CLI: ${wrong}`);
  }
  for (let i = 0; i < runs; i++) {
    const loaded = await timedInProcess(() => loadWorkspace(fixture.root));
    load.push(loaded.ms);
    const found = await timedInProcess(() =>
      findAffected({ workspace: loaded.value, base, head, logger: createMemoryLogger() }),
    );
    core.push(found.ms);
    const result = found.value;
    const wrong =
      result.allBecause !== undefined
        ? `all projects (${result.allBecause})`
        : result.changedFiles !== fixture.changedEntries
          ? `${result.changedFiles} changed files, expected ${fixture.changedEntries}`
          : difference(
              result.projects.map((p) => p.name),
              fixture.expected,
            );
    if (wrong && problems.length < 2) problems.push(`findAffected: ${wrong}`);
  }

  const { modified, renamed, deleted, added } = fixture.changes;
  const figure = median(cli);
  const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
  process.stdout.write(
    `repository: ${fixture.projects.length} projects, ${fixture.fileCount} files; change: ${modified.length} modified, ${renamed.length} renamed, ${deleted.length} deleted, ${added.length} added ` +
      `-> ${fixture.expected.size} affected (${fixture.directlyChanged.size} directly); generated in ${(generateMs / 1000).toFixed(1)} s\n` +
      `mlenv affected --json (${bundle}): median ${fmt(figure)}\n` +
      `in process: loadWorkspace median ${fmt(median(load))}, findAffected median ${fmt(median(core))}\n` +
      `baseline git ${diffArgs.join(' ')}: median ${fmt(median(diff))}; node -e 0: median ${fmt(median(node))}\n` +
      `ratio: ${(figure / median(diff)).toFixed(2)}x git diff, ${(figure / median(node)).toFixed(2)}x node -e 0; ` +
      `CLI minus node -e 0 minus git diff: ${fmt(figure - median(node) - median(diff))}\n` +
      `goal: < ${GOAL_MS} ms, ${figure < GOAL_MS ? 'met' : 'NOT met'} (${runs} runs each)\n` +
      `correctness: ${problems.length === 0 ? `affected set matches the generator's (${fixture.expected.size} projects)` : `MISMATCH: ${problems.join('; ')}`}\n`,
  );
} finally {
  // BENCH_KEEP=1 leaves the repository in place, to profile against it.
  if (process.env.BENCH_KEEP) process.stdout.write(`repository kept at ${fixture.root}\n`);
  else fixture.cleanup();
}
if (problems.length > 0) process.exitCode = 1;
