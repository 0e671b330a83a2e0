import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'smol-toml';
import type { Project, Workspace } from '../config/workspace.js';
import { ConfigurationError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import {
  checkLock,
  environmentBuilt,
  findUv,
  type PythonEnvironment,
  resolveEnvironment,
} from './index.js';
import { projectDependencyProblems } from './project-pins.js';

const execFileAsync = promisify(execFile);

export interface SetupResult {
  environment: PythonEnvironment;
  /** The environment for this lock existed already. */
  cacheHit: boolean;
  /** The project was installed into it (only projects that are Python packages are). */
  projectInstalled: boolean;
}

/**
 * `mlenv setup [PROJECT]` and the setup action: the workspace environment from the lock (built
 * once per lock hash), and the project checked against it and installed into it when it is a
 * package.
 */
export async function setupEnvironment(options: {
  workspace: Workspace;
  project?: Project;
  logger: Logger;
  /**
   * A lock that no longer matches its inputs: a warning on a developer's machine (they may be
   * re-locking), a failure in CI, where it would test an environment nobody asked for.
   */
  staleLock?: 'warn' | 'fail';
}): Promise<SetupResult> {
  const { workspace, project, logger } = options;
  const lock = await checkLock(workspace);
  if (!lock.ok && options.staleLock === 'fail')
    throw new ConfigurationError(
      [
        `${workspace.config.environment.lock} does not match the environment's inputs: run \`mlenv env lock\` and commit the result.`,
        ...lock.problems.map((problem) => `  ${problem}`),
      ].join('\n'),
    );
  for (const problem of lock.problems) logger.warning(problem);
  if (project) {
    const problems = await projectDependencyProblems(workspace, project, lock.pins);
    if (problems.length > 0)
      throw new ConfigurationError(
        `${project.name} declares dependencies the shared environment does not provide as written:`,
        problems,
      );
  }
  const cacheHit = await environmentBuilt(workspace);
  const environment = await resolveEnvironment(workspace, { logger });
  // An explicit venv (--venv, MLENV_VENV) is the caller's: it has no lock hash of MLEnv's.
  const name = environment.lockHash ? `Environment ${environment.lockHash}` : 'Environment';
  logger.info(
    !environment.lockHash
      ? `${name}: cache hit, reusing the given ${environment.venv}`
      : cacheHit
        ? `${name}: cache hit, reusing ${environment.venv}`
        : `${name}: built in ${environment.venv}`,
  );
  const projectInstalled = project
    ? await installProject(workspace, project, environment, logger)
    : false;
  return { environment, cacheHit, projectInstalled };
}

/**
 * Installs a project that is a Python package, without dependencies (they all come from the
 * lock), editable so its tests see the working tree. Projects that are plain folders run from
 * their directory and need nothing installed.
 */
async function installProject(
  workspace: Workspace,
  project: Project,
  environment: PythonEnvironment,
  logger: Logger,
): Promise<boolean> {
  const dir = path.join(workspace.root, project.dir);
  const pyproject = await readFile(path.join(dir, 'pyproject.toml'), 'utf8').catch(() => undefined);
  const data = pyproject === undefined ? {} : (parse(pyproject) as Record<string, unknown>);
  if (!data.project || !data['build-system']) {
    logger.info(`${project.name} is not a Python package: it runs from ${project.dir}.`);
    return false;
  }
  const marker = path.join(environment.venv, '.mlenv-projects', project.name);
  const stamp = `${dir}\n${pyproject}`;
  if (existsSync(marker) && (await readFile(marker, 'utf8')) === stamp) {
    logger.info(`${project.name} is installed already.`);
    return true;
  }
  const uv = await findUv(logger);
  await execFileAsync(
    uv,
    ['pip', 'install', '--quiet', '--no-deps', '--python', environment.python, '--editable', dir],
    { maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stderr?: string; message: string }) => {
    throw new Error(`Installing ${project.name} failed: ${(error.stderr || error.message).trim()}`);
  });
  await mkdir(path.dirname(marker), { recursive: true });
  await writeFile(marker, stamp);
  logger.info(`Installed ${project.name} (editable, no dependencies) into ${environment.venv}.`);
  return true;
}
