import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger/index.js';
import { type CheckTools, checkTools } from './managed-tools.js';
import { runPytest } from './pytest.js';
import type { CheckResult, ProjectCheckResult } from './result.js';
import { runRuffCheck, runRuffFormat } from './ruff.js';
import type { CheckConfig } from './schema.js';
import { workspaceRelative } from './tool.js';

export { checkSummaryMarkdown, formatCheckForTerminal, reportAnnotations } from './report.js';
export type * from './result.js';
export type { CheckConfig, CheckConfigInput, RuffOverrides } from './schema.js';
export { checkSchema, ruffOverridesSchema } from './schema.js';

export const WORKSPACE_RUFF_CONFIG = 'ruff.toml';

export interface CheckProject {
  name: string;
  /** Relative to the workspace root (or absolute). */
  dir: string;
  /** The project's unit test directory, relative to it (mlenv.yaml `tests.unit`; default "tests"). */
  unitTests?: string;
  /** The project's `check` section. */
  check?: CheckConfig;
}

export interface RunCheckOptions {
  projects: readonly CheckProject[];
  workspaceRoot: string;
  /**
   * The bin directory of the workspace's Python environment. Its ruff and pytest win; without
   * them MLEnv runs its own pinned ones (managed-tools) and says so once per run.
   */
  bin: string;
  /** What the environment was built from, for that message: the lock file, or the venv. */
  environmentSource?: string;
  /** uv's package index options, for installing MLEnv's own ruff and pytest. */
  indexArgs?: readonly string[];
  /** Defaults to `<workspace>/ruff.toml` when that file exists. */
  ruffConfig?: string;
  logger: Logger;
  signal?: AbortSignal;
}

/** The workspace's ruff configuration file, when it has one. */
export function workspaceRuffConfig(workspaceRoot: string): string | undefined {
  const file = path.join(workspaceRoot, WORKSPACE_RUFF_CONFIG);
  return existsSync(file) ? file : undefined;
}

/**
 * ruff check, ruff format and the unit tests of each project, in turn. Findings are results, not
 * exceptions: the caller decides how to report them (annotations, summary, terminal).
 */
export async function runCheck(options: RunCheckOptions): Promise<CheckResult> {
  const started = Date.now();
  const workspaceRoot = path.resolve(options.workspaceRoot);
  const ruffConfig = options.ruffConfig ?? workspaceRuffConfig(workspaceRoot);
  const tools = checkTools({
    bin: options.bin,
    source: options.environmentSource,
    indexArgs: options.indexArgs,
    logger: options.logger,
    signal: options.signal,
  });
  const projects: ProjectCheckResult[] = [];
  for (const project of options.projects) {
    options.signal?.throwIfAborted();
    projects.push(await checkProject(project, { ...options, workspaceRoot, ruffConfig }, tools));
  }
  return {
    projects,
    ok: projects.every((p) => p.ok),
    durationS: seconds(Date.now() - started),
  };
}

async function checkProject(
  project: CheckProject,
  options: RunCheckOptions & { ruffConfig: string | undefined },
  tools: CheckTools,
): Promise<ProjectCheckResult> {
  const started = Date.now();
  const dir = workspaceRelative(options.workspaceRoot, project.dir);
  const runner = {
    bin: options.bin,
    projectDir: dir,
    workspaceRoot: options.workspaceRoot,
    ruffConfig: options.ruffConfig,
    overrides: project.check?.ruff,
    logger: options.logger,
    signal: options.signal,
  };
  // Asked for before the group, so that the line saying MLEnv runs its own tool stays in view.
  const ruff = await tools.ruff();
  if (existsSync(path.join(options.workspaceRoot, dir, project.unitTests ?? 'tests'))) {
    await tools.pytest();
  }
  options.logger.startGroup(`Checking ${project.name} (${dir})`);
  try {
    const lint = await runRuffCheck({ ...runner, ruff });
    const format = await runRuffFormat({ ...runner, ruff });
    const tests = await runPytest({
      ...runner,
      unitTests: project.unitTests,
      pytest: tools.pytest,
    });
    const failures = tests.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error');
    const result: ProjectCheckResult = {
      name: project.name,
      dir,
      lint,
      format,
      tests: tests.summary,
      failures,
      ok: lint.length === 0 && format.length === 0 && failures.length === 0 && !tests.runError,
      durationS: seconds(Date.now() - started),
    };
    if (tests.runError) result.testRunError = tests.runError;
    options.logger.info(
      `${project.name}: ${lint.length} lint, ${format.length} format, ${tests.summary.passed} passed, ${failures.length} failed`,
    );
    return result;
  } finally {
    options.logger.endGroup();
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
