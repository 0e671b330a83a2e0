import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { type ProcessSpawner, spawnProcess } from './spawn.js';
import { describeArgv } from './supervise.js';

export interface ShardOptions {
  /** Known seconds per node id (e.g. from a previous run's JUnit XML); others weigh the mean. */
  durations?: Readonly<Record<string, number>>;
}

function fileOf(nodeId: string): string {
  const cut = nodeId.indexOf('::');
  return cut < 0 ? nodeId : nodeId.slice(0, cut);
}

interface Chunk {
  ids: string[];
  weight: number;
  order: number;
}

interface Shard {
  ids: string[];
  load: number;
}

/** Longest first onto the least-loaded shard: within 4/3 of the best balance, and stable. */
function longestFirst(chunks: readonly Chunk[], shardCount: number): Shard[] {
  const sorted = [...chunks].sort((a, b) => b.weight - a.weight || a.order - b.order);
  const shards: Shard[] = Array.from({ length: shardCount }, () => ({ ids: [], load: 0 }));
  for (const chunk of sorted) {
    let target = shards[0] as Shard;
    for (const shard of shards) if (shard.load < target.load) target = shard;
    target.ids.push(...chunk.ids);
    target.load += chunk.weight;
  }
  return shards;
}

function makespan(shards: readonly Shard[]): number {
  return Math.max(0, ...shards.map((s) => s.load));
}

/** Cuts files heavier than `cap` into consecutive runs of at most `cap` (or one test). */
function cutFiles(files: readonly Chunk[], cap: number, weightOf: (id: string) => number): Chunk[] {
  const chunks: Chunk[] = [];
  const push = (ids: string[], weight: number) =>
    chunks.push({ ids, weight, order: chunks.length });
  for (const file of files) {
    if (file.weight <= cap) {
      push(file.ids, file.weight);
      continue;
    }
    let current: string[] = [];
    let weight = 0;
    for (const id of file.ids) {
      const w = weightOf(id);
      if (current.length > 0 && weight + w > cap) {
        push(current, weight);
        current = [];
        weight = 0;
      }
      current.push(id);
      weight += w;
    }
    if (current.length > 0) push(current, weight);
  }
  return chunks;
}

/**
 * Splits pytest node ids into `shardCount` lists, one per GPU. Deterministic: the same input
 * always gives the same shards, so a rerun lands each test on the same GPU index. Tests of one
 * file stay together (module fixtures are set up once) unless whole files cannot be balanced;
 * then the heavy files are cut into consecutive runs.
 */
export function shardTests(
  nodeIds: readonly string[],
  shardCount: number,
  options: ShardOptions = {},
): string[][] {
  if (!Number.isInteger(shardCount) || shardCount < 1) {
    throw new ConfigurationError(`tests need at least one GPU to shard across, not ${shardCount}`);
  }
  const ids = [...new Set(nodeIds)];
  const position = new Map(ids.map((id, i) => [id, i]));
  const known = ids
    .map((id) => options.durations?.[id])
    .filter((d): d is number => typeof d === 'number' && Number.isFinite(d) && d >= 0);
  const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const weightOf = (id: string): number => {
    const d = options.durations?.[id];
    return typeof d === 'number' && Number.isFinite(d) && d >= 0 ? d : fallback;
  };

  const files = new Map<string, string[]>();
  for (const id of ids) {
    const file = fileOf(id);
    const list = files.get(file);
    if (list) list.push(id);
    else files.set(file, [id]);
  }
  const whole: Chunk[] = [...files.values()].map((list, order) => ({
    ids: list,
    weight: list.reduce((sum, id) => sum + weightOf(id), 0),
    order,
  }));
  let shards = longestFirst(whole, shardCount);
  // Whole files are cut only when they miss the best possible finish (a fair share of the
  // total, or the slowest single test) and cutting them finishes sooner.
  const total = whole.reduce((sum, c) => sum + c.weight, 0);
  const slowest = ids.reduce((max, id) => Math.max(max, weightOf(id)), 0);
  const fair = options.durations ? total / shardCount : Math.ceil(total / shardCount);
  const bound = Math.max(fair, slowest);
  if (makespan(shards) > bound) {
    const cut = longestFirst(cutFiles(whole, bound, weightOf), shardCount);
    if (makespan(cut) < makespan(shards)) shards = cut;
  }
  return shards.map((s) =>
    [...s.ids].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0)),
  );
}

export function pytestCollectArgv(
  python: readonly string[],
  markers?: string,
  args: readonly string[] = [],
): string[] {
  return [
    ...python,
    '-m',
    'pytest',
    '--collect-only',
    '-q',
    ...(markers !== undefined ? ['-m', markers] : []),
    ...args,
  ];
}

/**
 * Node ids from `pytest --collect-only -q`: one per line, up to the blank line before the
 * warnings and the "N tests collected" summary.
 */
export function parseCollectedNodeIds(stdout: string): string[] {
  const ids: string[] = [];
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('=')) break;
    if (line.trim() === '') {
      if (ids.length > 0) break;
      continue;
    }
    if (!line.startsWith(' ') && line.includes('::')) ids.push(line);
  }
  return ids;
}

// pytest's exit code when nothing was collected (or everything was deselected).
const PYTEST_NO_TESTS = 5;

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export interface CollectOptions {
  python: readonly string[];
  projectDir: string;
  /** A pytest -m expression, e.g. "gpu". */
  markers?: string;
  /** Further pytest arguments: the test paths, --ignore, --rootdir. */
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  spawn?: ProcessSpawner;
}

export async function collectPytestNodeIds(options: CollectOptions): Promise<string[]> {
  const argv = pytestCollectArgv(options.python, options.markers, options.args);
  const result = await (options.spawn ?? spawnProcess)(argv, {
    cwd: options.projectDir,
    env: options.env ?? process.env,
    signal: options.signal,
  });
  if (result.exitCode === PYTEST_NO_TESTS) return [];
  if (result.exitCode !== 0) {
    throw new Error(
      `collecting tests with ${describeArgv(argv)} in ${options.projectDir} failed (exit ${result.exitCode ?? result.signal}):\n${tail(`${result.stdout}\n${result.stderr}`)}`,
    );
  }
  return parseCollectedNodeIds(result.stdout);
}

export interface ShardedPytestOptions extends ShardOptions {
  python: readonly string[];
  projectDir: string;
  /** The GPUs this job holds (from acquireGpus); one pytest process runs on each. */
  gpuIndices: readonly string[];
  /** The tests to run; without them, `markers` selects them by collection. */
  nodeIds?: readonly string[];
  markers?: string;
  junitDir: string;
  env?: NodeJS.ProcessEnv;
  /** Extra pytest arguments for every shard, e.g. ["-x", "-p", "no:cacheprovider"]. */
  pytestArgs?: readonly string[];
  logger: Logger;
  signal?: AbortSignal;
  spawn?: ProcessSpawner;
}

export interface ShardResult {
  gpuIndex: string;
  nodeIds: string[];
  /** Null when pytest was killed by a signal or the shard had no tests. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Null when the shard had no tests and nothing ran. */
  junitFile: string | null;
  argv: string[];
}

export interface ShardedPytestResult {
  shards: ShardResult[];
  /**
   * 0 when every shard passed; else the first failing shard's exit code (1 if it was killed);
   * 5, pytest's "no tests collected", when there was nothing to run.
   */
  exitCode: number;
}

export function junitFileFor(junitDir: string, gpuIndex: string): string {
  return path.join(junitDir, `gpu-${gpuIndex.replace(/[^A-Za-z0-9._-]/g, '_')}.xml`);
}

export function shardArgv(
  python: readonly string[],
  junitFile: string,
  nodeIds: readonly string[],
  pytestArgs: readonly string[] = [],
): string[] {
  return [...python, '-m', 'pytest', `--junitxml=${junitFile}`, ...pytestArgs, ...nodeIds];
}

/**
 * Runs the tests as one pytest process per GPU, all at once, each seeing only its GPU as
 * device 0 through CUDA_VISIBLE_DEVICES and writing its own JUnit XML.
 */
export async function runShardedPytest(
  options: ShardedPytestOptions,
): Promise<ShardedPytestResult> {
  const { logger } = options;
  if (options.gpuIndices.length === 0) {
    throw new ConfigurationError('no GPU to run the tests on: the GPU list is empty');
  }
  if (options.nodeIds === undefined && options.markers === undefined) {
    throw new ConfigurationError('name the tests to run: node ids or a marker expression');
  }
  const spawner = options.spawn ?? spawnProcess;
  const env = options.env ?? process.env;
  const nodeIds =
    options.nodeIds ??
    (await collectPytestNodeIds({
      python: options.python,
      projectDir: options.projectDir,
      markers: options.markers,
      env,
      signal: options.signal,
      spawn: spawner,
    }));
  if (nodeIds.length === 0) {
    // A GPU job that ran nothing must not look like one that passed.
    logger.warning(
      `no tests to run on the GPUs${options.markers ? ` (marker expression "${options.markers}")` : ''}`,
    );
    return {
      shards: options.gpuIndices.map((gpuIndex) => ({
        gpuIndex,
        nodeIds: [],
        exitCode: null,
        signal: null,
        junitFile: null,
        argv: [],
      })),
      exitCode: PYTEST_NO_TESTS,
    };
  }
  const shards = shardTests(nodeIds, options.gpuIndices.length, options);
  mkdirSync(options.junitDir, { recursive: true });
  logger.info(
    `running ${nodeIds.length} test(s) on GPU ${options.gpuIndices.join(', ')}: ${shards.map((s) => s.length).join(' / ')} per GPU`,
  );

  const results = await Promise.all(
    options.gpuIndices.map(async (gpuIndex, i): Promise<ShardResult> => {
      const ids = shards[i] ?? [];
      if (ids.length === 0) {
        return { gpuIndex, nodeIds: [], exitCode: null, signal: null, junitFile: null, argv: [] };
      }
      const junitFile = junitFileFor(options.junitDir, gpuIndex);
      const argv = shardArgv(options.python, junitFile, ids, options.pytestArgs);
      const result = await spawner(argv, {
        cwd: options.projectDir,
        env: { ...env, CUDA_VISIBLE_DEVICES: gpuIndex },
        signal: options.signal,
        onLine: (line) => logger.info(`[gpu ${gpuIndex}] ${line}`),
      });
      const outcome =
        result.exitCode === 0 ? 'passed' : `failed (${result.exitCode ?? result.signal})`;
      logger.info(`GPU ${gpuIndex}: ${ids.length} test(s) ${outcome}`);
      return {
        gpuIndex,
        nodeIds: ids,
        exitCode: result.exitCode,
        signal: result.signal,
        junitFile,
        argv,
      };
    }),
  );
  const failed = results.find((r) => r.junitFile !== null && r.exitCode !== 0);
  return { shards: results, exitCode: failed ? (failed.exitCode ?? 1) : 0 };
}
