import type { Project, Workspace } from '../config/workspace.js';
import { indexArguments, type PythonEnvironment } from '../environment/index.js';
import { ConfigurationError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { runCheck } from './index.js';
import type { CheckResult } from './result.js';

export interface CheckWorkspaceOptions {
  workspace: Workspace;
  /** The projects to check; all of the workspace's when empty. */
  projects: readonly Project[];
  environment: PythonEnvironment;
  logger: Logger;
  signal?: AbortSignal;
}

/** `mlenv check` and the check action: lint, format and unit tests in the shared environment. */
export async function checkWorkspace(options: CheckWorkspaceOptions): Promise<CheckResult> {
  const { workspace } = options;
  const projects = options.projects.length > 0 ? options.projects : workspace.projects;
  if (projects.length === 0)
    throw new ConfigurationError(`${workspace.file}: expected at least one project, found none.`);
  return runCheck({
    projects: projects.map((project) => ({
      name: project.name,
      dir: project.dir,
      unitTests: project.config.tests.unit,
      check: project.config.check,
    })),
    workspaceRoot: workspace.root,
    bin: options.environment.bin,
    // Only an environment built from the lock has a hash: else it is the --venv given.
    environmentSource: options.environment.lockHash
      ? workspace.config.environment.lock
      : `the environment ${options.environment.venv}`,
    indexArgs: indexArguments(workspace.config.environment),
    logger: options.logger,
    signal: options.signal,
  });
}
