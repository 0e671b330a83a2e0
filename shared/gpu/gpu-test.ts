import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolvePytest } from '../check/managed-tools.js';
import { parseJunitXml, pytestReportArgs } from '../check/pytest.js';
import type { TestResult, TestSummary } from '../check/result.js';
import { ConfigurationError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { type CommandRunner, createCommandRunner } from './command-runner.js';
import { decideGpuTestsAllowed, type PullRequestState } from './fork-safety.js';
import { acquireGpus, type GpuLease, GpuLockTimeoutError, releaseOnExit } from './gpu-lock.js';
import { type GpuUsage, startGpuSampler } from './gpu-sampler.js';
import { DEFAULT_GPU_LOCK_DIR, DEFAULT_GPU_LOCK_TIMEOUT_MS } from './gpu-test-options.js';
import type { GpuInfo } from './nvidia-smi.js';
import { collectPytestNodeIds, runShardedPytest } from './shard.js';
import type { SpawnResult } from './spawn.js';
import { spawnSupervised, supervisedPython } from './supervise.js';
import { gpuDeviceId, listVisibleGpus } from './visible-gpus.js';

export {
  DEFAULT_GPU_LOCK_DIR,
  DEFAULT_GPU_LOCK_TIMEOUT_MS,
  parseLockTimeout,
} from './gpu-test-options.js';
export const GPU_TEST_MARKER = 'gpu';

export const GPU_TEST_STATUSES = ['passed', 'failed', 'refused', 'skipped'] as const;
export type GpuTestStatus = (typeof GPU_TEST_STATUSES)[number];

export const GPU_TEST_STAGES = ['unit', 'integration'] as const;
export type GpuTestStageName = (typeof GPU_TEST_STAGES)[number];

/** One test's result, with where it ran. */
export interface GpuTestCase extends TestResult {
  stage: GpuTestStageName;
  /** nvidia-smi indices of the GPUs it saw, e.g. "1" or "0,1". */
  gpus: string;
}

export interface GpuTestShard {
  /** nvidia-smi index of the shard's GPU. */
  gpu: string;
  /** The CUDA_VISIBLE_DEVICES value the shard ran with. */
  device: string;
  tests: number;
  /** Null when it was killed by a signal or had no tests. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface GpuTestStage {
  name: GpuTestStageName;
  /** The test paths, relative to the project. */
  paths: string[];
  /** False when the stage had nothing to run; `note` says why. */
  ran: boolean;
  note?: string;
  summary: TestSummary;
  /** Only for the unit stage: one shard per GPU. */
  shards: GpuTestShard[];
  /** pytest failed without per-test results (collection error, crash, missing JUnit). */
  error?: string;
  ok: boolean;
  durationS: number;
}

export interface GpuTestResult {
  status: GpuTestStatus;
  /** One line: why it passed, failed, was refused or skipped. */
  reason: string;
  project: string;
  /** The GPUs this job held, in nvidia-smi order. */
  gpus: GpuInfo[];
  /** The CUDA_VISIBLE_DEVICES the integration tests ran with. */
  cudaVisibleDevices: string | null;
  stages: GpuTestStage[];
  tests: GpuTestCase[];
  usage: GpuUsage[];
  durationS: number;
}

export interface GpuTestProject {
  name: string;
  /** Relative to the workspace root. */
  dir: string;
  config: { tests: { unit: string; integration?: string } };
}

export interface GpuTestOptions {
  workspace: { root: string };
  project: GpuTestProject;
  /** The workspace's Python environment (shared/environment). */
  environment: { python: string; bin: string };
  /** Fail when no GPU is visible (default); false skips instead. */
  requireGpu?: boolean;
  /** How many GPUs to lock; default every visible one. */
  gpus?: number;
  lockDir?: string;
  lockTimeoutMs?: number;
  event: { name: string; payload: unknown };
  approvalLabel?: string;
  /** The pull request's head and labels as the API returns them now (for a fork's PR). */
  currentPull?: PullRequestState;
  logger: Logger;
  signal?: AbortSignal;
  /** Runs nvidia-smi; injectable so tests can play a machine's GPUs. */
  run?: CommandRunner;
  /** The environment the tests inherit (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Names the job in the lock files, so a waiting job can say who holds its GPUs. */
  label?: string;
  sampleIntervalMs?: number;
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function emptySummary(): TestSummary {
  return { passed: 0, failed: 0, skipped: 0, errors: 0, durationS: 0 };
}

function addSummary(into: TestSummary, more: TestSummary): void {
  into.passed += more.passed;
  into.failed += more.failed;
  into.skipped += more.skipped;
  into.errors += more.errors;
  into.durationS = Math.round((into.durationS + more.durationS) * 1000) / 1000;
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function relativeTo(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

function defaultLabel(env: NodeJS.ProcessEnv, project: string): string {
  if (env.GITHUB_RUN_ID) {
    return `${env.GITHUB_REPOSITORY ?? ''} run ${env.GITHUB_RUN_ID} job ${env.GITHUB_JOB ?? ''} (${project})`;
  }
  return `mlenv gpu-test ${project}`;
}

interface RunContext {
  options: GpuTestOptions;
  projectAbs: string;
  python: string[];
  env: NodeJS.ProcessEnv;
  junitDir: string;
  lease: GpuLease;
  /** Locked GPUs by device id (uuid or index). */
  held: Map<string, GpuInfo>;
}

function indexOf(ctx: RunContext, device: string): string {
  const gpu = ctx.held.get(device);
  return gpu ? String(gpu.index) : device;
}

function readJunit(
  ctx: RunContext,
  file: string | null,
): { summary: TestSummary; results: TestResult[] } | null {
  if (!file || !existsSync(file)) return null;
  return parseJunitXml(readFileSync(file, 'utf8'), {
    workspaceRoot: ctx.options.workspace.root,
    projectDir: ctx.projectAbs,
  });
}

/** A stage that has not run yet, and `done`, which stamps how long it took and returns it. */
function startStage(
  name: GpuTestStage['name'],
  paths: string[],
): { stage: GpuTestStage; done: () => GpuTestStage } {
  const started = Date.now();
  const stage: GpuTestStage = {
    name,
    paths,
    ran: false,
    summary: emptySummary(),
    shards: [],
    ok: true,
    durationS: 0,
  };
  const done = () => {
    stage.durationS = seconds(Date.now() - started);
    return stage;
  };
  return { stage, done };
}

/** The gpu-marked unit tests, one pytest per held GPU, each seeing only its GPU. */
async function unitStage(ctx: RunContext): Promise<{ stage: GpuTestStage; tests: GpuTestCase[] }> {
  const { options, projectAbs } = ctx;
  const unit = options.project.config.tests.unit;
  const integration = options.project.config.tests.integration;
  const { stage, done } = startStage('unit', [unit]);
  if (!existsSync(path.join(projectAbs, unit))) {
    stage.note = `no unit test directory ${unit}`;
    return { stage: done(), tests: [] };
  }
  // Integration tests often live under the unit test directory; they run in their own stage.
  const ignore =
    integration && existsSync(path.join(projectAbs, integration))
      ? ['--ignore', path.join(projectAbs, integration)]
      : [];
  let nodeIds: string[];
  try {
    nodeIds = await collectPytestNodeIds({
      python: ctx.python,
      projectDir: projectAbs,
      markers: GPU_TEST_MARKER,
      args: [unit, ...ignore, `--rootdir=${projectAbs}`, '-p', 'no:cacheprovider'],
      env: ctx.env,
      signal: options.signal,
      spawn: spawnSupervised,
    });
  } catch (error) {
    options.signal?.throwIfAborted();
    stage.error = (error as Error).message;
    stage.ok = false;
    return { stage: done(), tests: [] };
  }
  if (nodeIds.length === 0) {
    stage.note = `no tests marked @pytest.mark.${GPU_TEST_MARKER} in ${unit}`;
    return { stage: done(), tests: [] };
  }

  const outputs = new Map<string, SpawnResult>();
  const result = await runShardedPytest({
    python: ctx.python,
    projectDir: projectAbs,
    gpuIndices: ctx.lease.indices,
    nodeIds,
    junitDir: path.join(ctx.junitDir, 'unit'),
    env: { ...ctx.env, MLENV_GPU_COUNT: '1' },
    pytestArgs: pytestReportArgs(projectAbs),
    logger: options.logger,
    signal: options.signal,
    spawn: async (argv, request) => {
      const spawned = await spawnSupervised(argv, request);
      outputs.set(request.env.CUDA_VISIBLE_DEVICES ?? '', spawned);
      return spawned;
    },
  });
  options.signal?.throwIfAborted();
  stage.ran = true;
  const tests: GpuTestCase[] = [];
  const problems: string[] = [];
  for (const shard of result.shards) {
    const gpu = indexOf(ctx, shard.gpuIndex);
    stage.shards.push({
      gpu,
      device: shard.gpuIndex,
      tests: shard.nodeIds.length,
      exitCode: shard.exitCode,
      signal: shard.signal,
    });
    if (shard.junitFile === null) continue;
    const run = readJunit(ctx, shard.junitFile);
    if (run) {
      addSummary(stage.summary, run.summary);
      for (const t of run.results) tests.push({ ...t, stage: 'unit', gpus: gpu });
    }
    const reportedFailure = run !== null && run.summary.failed + run.summary.errors > 0;
    if (shard.exitCode !== 0 && !reportedFailure) {
      // Killed (out of memory, a CUDA fault) or crashed before reporting a failing test.
      const output = outputs.get(shard.gpuIndex);
      const how =
        shard.exitCode === null
          ? `was killed by ${shard.signal}`
          : `exited with code ${shard.exitCode}`;
      problems.push(
        `pytest on GPU ${gpu} ${how}${run ? ' without reporting a failing test' : ' before writing its JUnit report'}${output ? `:\n${tail(`${output.stdout}\n${output.stderr}`)}` : ''}`,
      );
    }
  }
  if (problems.length > 0) stage.error = problems.join('\n');
  stage.ok =
    result.exitCode === 0 &&
    problems.length === 0 &&
    stage.summary.failed + stage.summary.errors === 0;
  return { stage: done(), tests };
}

// pytest's exit code when it collected nothing.
const PYTEST_NO_TESTS = 5;

/** The trainer integration tests: one pytest with every held GPU visible (DDP across them). */
async function integrationStage(
  ctx: RunContext,
): Promise<{ stage: GpuTestStage; tests: GpuTestCase[] }> {
  const { options, projectAbs } = ctx;
  const integration = options.project.config.tests.integration;
  const { stage, done } = startStage('integration', integration ? [integration] : []);
  if (!integration) {
    stage.note = 'the project sets no tests.integration';
    return { stage: done(), tests: [] };
  }
  if (!existsSync(path.join(projectAbs, integration))) {
    stage.ok = false;
    stage.error = `tests.integration is ${integration}, but ${relativeTo(options.workspace.root, path.join(projectAbs, integration))} does not exist`;
    return { stage: done(), tests: [] };
  }
  const junit = path.join(ctx.junitDir, 'integration.xml');
  const gpus = [...ctx.held.values()].map((g) => g.index).join(',');
  const argv = [
    ...ctx.python,
    '-m',
    'pytest',
    integration,
    `--junitxml=${junit}`,
    ...pytestReportArgs(projectAbs),
  ];
  options.logger.info(
    `running the integration tests in ${integration} with GPU ${gpus} visible (CUDA_VISIBLE_DEVICES=${ctx.lease.cudaVisibleDevices})`,
  );
  const spawned = await spawnSupervised(argv, {
    cwd: projectAbs,
    env: {
      ...ctx.env,
      CUDA_VISIBLE_DEVICES: ctx.lease.cudaVisibleDevices,
      MLENV_GPU_COUNT: String(ctx.lease.indices.length),
    },
    signal: options.signal,
    onLine: (line) => options.logger.info(`[integration] ${line}`),
  });
  options.signal?.throwIfAborted();
  const run = readJunit(ctx, junit);
  const tests: GpuTestCase[] = (run?.results ?? []).map((t) => ({
    ...t,
    stage: 'integration',
    gpus,
  }));
  if (run) addSummary(stage.summary, run.summary);
  if (spawned.exitCode === PYTEST_NO_TESTS && tests.length === 0) {
    stage.note = `no tests in ${integration}`;
    return { stage: done(), tests };
  }
  stage.ran = true;
  const reported = stage.summary.failed + stage.summary.errors > 0;
  if (spawned.exitCode !== 0 && !reported) {
    const how =
      spawned.exitCode === null
        ? `was killed by ${spawned.signal}`
        : `exited with code ${spawned.exitCode}`;
    stage.error = `pytest ${how}${run ? ' without reporting a failing test' : ' before writing its JUnit report'}:\n${tail(`${spawned.stdout}\n${spawned.stderr}`)}`;
  }
  stage.ok = spawned.exitCode === 0 && !reported;
  return { stage: done(), tests };
}

function countLine(summary: TestSummary): string {
  const parts = [`${summary.passed} passed`, `${summary.failed + summary.errors} failed`];
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
  return parts.join(', ');
}

/**
 * GPU tests of one project on a (possibly shared) GPU machine: refuses untrusted fork code,
 * locks GPUs, runs the gpu-marked unit tests one pytest per GPU and then the trainer integration
 * tests across all of them, and samples GPU memory and utilisation meanwhile. Test failures,
 * refusals and missing GPUs are results; only user mistakes (bad options) and cancellation throw.
 */
export async function runGpuTests(options: GpuTestOptions): Promise<GpuTestResult> {
  const started = Date.now();
  const { logger, project } = options;
  const env = options.env ?? process.env;
  const result = (
    status: GpuTestStatus,
    reason: string,
    extra: Partial<GpuTestResult> = {},
  ): GpuTestResult => ({
    status,
    reason,
    project: project.name,
    gpus: [],
    cudaVisibleDevices: null,
    stages: [],
    tests: [],
    usage: [],
    durationS: seconds(Date.now() - started),
    ...extra,
  });

  // Decided before anything of the pull request's code runs, collection included.
  const decision = decideGpuTestsAllowed({
    eventName: options.event.name,
    payload: options.event.payload,
    approvalLabel: options.approvalLabel,
    current: options.currentPull,
  });
  if (!decision.allowed) {
    logger.error(`GPU tests refused: ${decision.reason}`);
    return result('refused', decision.reason);
  }
  logger.info(`GPU tests allowed: ${decision.reason}`);

  const run = options.run ?? createCommandRunner();
  const visible = await listVisibleGpus(run, env);
  if (visible.gpus.length === 0) {
    const why = 'reason' in visible ? visible.reason : 'none';
    if (options.requireGpu === false) {
      const reason = `no GPU visible (${why}); skipped because require-gpu is false`;
      logger.warning(reason);
      return result('skipped', reason);
    }
    const reason = `no GPU visible on this machine: ${why}. GPU tests need a runner with an NVIDIA GPU (or set require-gpu: false to skip them)`;
    logger.error(reason);
    return result('failed', reason);
  }
  const count = options.gpus ?? visible.gpus.length;
  if (!Number.isInteger(count) || count < 1) {
    throw new ConfigurationError(`gpus: expected a whole number ≥ 1, found ${options.gpus}`);
  }
  if (count > visible.gpus.length) {
    throw new ConfigurationError(
      `gpus: ${count} GPUs asked for, but ${visible.gpus.length} are visible here (${visible.gpus.map((g) => `${g.index}: ${g.name}`).join(', ')})`,
    );
  }
  // Before any GPU is held: installing MLEnv's pytest, when the environment has none, needs none.
  const pytest = await resolvePytest(
    {
      bin: options.environment.bin,
      python: options.environment.python,
      source: `the environment of ${options.environment.python}`,
      logger,
      signal: options.signal,
    },
    env,
  );
  const byDevice = new Map(visible.gpus.map((g) => [gpuDeviceId(g), g]));
  const lockDir = options.lockDir ?? DEFAULT_GPU_LOCK_DIR;
  const timeoutMs = options.lockTimeoutMs ?? DEFAULT_GPU_LOCK_TIMEOUT_MS;

  let lease: GpuLease;
  try {
    lease = await acquireGpus({
      count,
      devices: [...byDevice.keys()],
      lockDir,
      timeoutMs,
      label: options.label ?? defaultLabel(env, project.name),
      logger,
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof GpuLockTimeoutError) {
      logger.error(error.message);
      return result('failed', error.message);
    }
    throw error;
  }
  // From here on the lock is released on every way out: return, throw, SIGINT/SIGTERM/SIGHUP;
  // after a SIGKILL the next job finds this process dead and takes the GPUs over.
  const unregister = releaseOnExit(lease);
  const junitDir = mkdtempSync(path.join(tmpdir(), 'mlenv-gpu-test-'));
  try {
    const held = new Map(lease.indices.map((d) => [d, byDevice.get(d) as GpuInfo]));
    const gpus = [...held.values()];
    logger.info(
      `holding GPU ${gpus.map((g) => `${g.index} (${g.name})`).join(', ')} in ${lockDir}`,
    );
    const ctx: RunContext = {
      options,
      projectAbs: path.resolve(options.workspace.root, project.dir),
      python: supervisedPython(options.environment.python),
      // CUDA numbers GPUs fastest first unless told otherwise; the report uses nvidia-smi's order.
      env: { ...env, ...pytest.env, CUDA_DEVICE_ORDER: 'PCI_BUS_ID' },
      junitDir,
      lease,
      held,
    };
    const sampler = startGpuSampler({
      run,
      gpus,
      intervalMs: options.sampleIntervalMs,
      logger,
    });
    let unit: Awaited<ReturnType<typeof unitStage>>;
    let integration: Awaited<ReturnType<typeof integrationStage>>;
    let usage: GpuUsage[] = [];
    try {
      logger.startGroup(`GPU unit tests (@pytest.mark.${GPU_TEST_MARKER}) of ${project.name}`);
      try {
        unit = await unitStage(ctx);
      } finally {
        logger.endGroup();
      }
      // Run even after unit failures: one GPU job reports every failure, since a rerun waits
      // for a GPU again.
      logger.startGroup(`GPU integration tests of ${project.name}`);
      try {
        integration = await integrationStage(ctx);
      } finally {
        logger.endGroup();
      }
    } finally {
      usage = await sampler.stop();
    }
    const stages = [unit.stage, integration.stage];
    const tests = [...unit.tests, ...integration.tests];
    const extra = { gpus, cudaVisibleDevices: lease.cudaVisibleDevices, stages, tests, usage };
    const failing = stages.filter((s) => !s.ok);
    if (failing.length > 0) {
      const what = failing
        .map((s) =>
          s.error && s.summary.failed + s.summary.errors === 0
            ? `${s.name}: ${s.error.split('\n')[0]}`
            : `${s.name}: ${countLine(s.summary)}`,
        )
        .join('; ');
      return result('failed', `GPU tests failed (${what})`, extra);
    }
    if (stages.every((s) => !s.ran)) {
      const reason = `no GPU tests to run: ${stages
        .map((s) => s.note)
        .filter(Boolean)
        .join('; ')}`;
      logger.warning(reason);
      return result('skipped', reason, extra);
    }
    const total = emptySummary();
    for (const s of stages) addSummary(total, s.summary);
    return result(
      'passed',
      `GPU tests passed on ${gpus.length} GPU${gpus.length === 1 ? '' : 's'} (${countLine(total)})`,
      extra,
    );
  } finally {
    lease.release();
    unregister();
    rmSync(junitDir, { recursive: true, force: true });
  }
}
