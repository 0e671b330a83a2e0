import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findUv } from '../environment/index.js';
import { ConfigurationError, ExternalError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { runTool, tail } from './tool.js';

/**
 * The ruff and pytest MLEnv runs when the workspace's lock has none: the versions the workspace
 * template pins, so a new workspace and one without the tools check alike.
 */
export const MANAGED_RUFF_VERSION = '0.17.6';
export const MANAGED_PYTEST_VERSION = '9.2.0';

const COMPLETE = '.mlenv-complete';

/**
 * Hides itself and appends the pinned pytest's directory to sys.path after the environment's
 * site-packages (PYTHONPATH would put it before them), so that pytest's own dependencies never
 * shadow the team's locked versions (packaging, pygments) and their code is tested against the
 * lock. It is found through PYTHONPATH, ahead of any sitecustomize of the environment's, which
 * it then runs in its place.
 */
const SITECUSTOMIZE = `# Written by MLEnv: its pinned pytest, importable after the environment's own packages.
import importlib.machinery
import importlib.util
import os
import site
import sys

_shim = os.path.dirname(os.path.abspath(__file__))
site.addsitedir(os.path.join(os.path.dirname(_shim), "site"))
sys.path[:] = [p for p in sys.path if not (p and os.path.abspath(p) == _shim)]
_spec = importlib.machinery.PathFinder.find_spec("sitecustomize", sys.path)
if _spec is not None and _spec.loader is not None:
    _module = importlib.util.module_from_spec(_spec)
    sys.modules[__name__] = _module
    _spec.loader.exec_module(_module)
`;

/** Where MLEnv keeps the tools it manages: ~/.cache/mlenv/tools, or under XDG_CACHE_HOME. */
export function managedToolsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'mlenv', 'tools');
}

export interface ToolSource {
  /** The bin directory of the workspace's Python environment. */
  bin: string;
  /** What the environment was built from, for messages: the lock file, or the venv. */
  source?: string;
  /** uv's index options (the workspace's package index), so a mirror-only company still installs. */
  indexArgs?: readonly string[];
  logger: Logger;
  signal?: AbortSignal;
}

export interface PytestCommand {
  python: string;
  /** Added to the environment of `python -m pytest`; empty when the environment has its own. */
  env: Record<string, string>;
}

/** Lazily resolved tools of one check run, each announced at most once. */
export interface CheckTools {
  ruff(): Promise<string>;
  pytest(): Promise<PytestCommand>;
}

export function checkTools(options: ToolSource): CheckTools {
  let ruff: Promise<string> | undefined;
  let pytest: Promise<PytestCommand> | undefined;
  return {
    ruff: () => {
      ruff ??= resolveRuff(options);
      return ruff;
    },
    pytest: () => {
      pytest ??= resolvePytest(options, process.env);
      return pytest;
    },
  };
}

/** The one line a run says about a managed tool: which, why, and where when it installs it. */
function announce(options: ToolSource, tool: string, version: string, dir: string): void {
  const source = options.source ?? `the environment ${path.dirname(options.bin)}`;
  const installing = existsSync(path.join(dir, COMPLETE)) ? '' : `; installing it into ${dir}`;
  options.logger.info(
    `Using MLEnv's pinned ${tool} ${version} (${source} has none; add ${tool} to environment.requirements to pin your own)${installing}`,
  );
}

/** The environment's ruff, else MLEnv's pinned one. */
export async function resolveRuff(options: ToolSource): Promise<string> {
  const own = path.join(options.bin, 'ruff');
  if (existsSync(own)) return own;
  const python = path.join(options.bin, 'python');
  const name = `ruff-${MANAGED_RUFF_VERSION}`;
  announce(options, 'ruff', MANAGED_RUFF_VERSION, path.join(managedToolsDir(), name));
  const dir = await installOnce(name, `ruff==${MANAGED_RUFF_VERSION}`, {
    ...options,
    python: existsSync(python) ? python : undefined,
  });
  return path.join(dir, 'site', 'bin', 'ruff');
}

/**
 * The environment's Python with its own pytest, else with MLEnv's pinned pytest importable after
 * the environment's packages: tests must import the team's code and its dependencies, so pytest
 * cannot run from a venv of its own. `baseEnv` is the environment the tests will get (its
 * PYTHONPATH is kept, after MLEnv's entry).
 */
export async function resolvePytest(
  options: ToolSource & { python?: string },
  baseEnv: NodeJS.ProcessEnv,
): Promise<PytestCommand> {
  const python = options.python ?? environmentPython(options.bin);
  // One start of Python for both: pytest's dependencies differ by version (tomli before 3.11).
  const probe = await runTool(
    python,
    [
      '-c',
      'import importlib.util, sys; print(sys.implementation.name + "%d.%d" % sys.version_info[:2], importlib.util.find_spec("pytest") is not None)',
    ],
    { cwd: os.tmpdir(), env: baseEnv, logger: options.logger, signal: options.signal },
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new ConfigurationError(
      `${python}: expected the Python of the workspace environment, found no such program`,
    );
  });
  const [tag = '', own] = probe.stdout.trim().split(' ');
  if (probe.code !== 0 || !/^[a-z]+\d+\.\d+$/.test(tag)) {
    throw new Error(
      `${python} did not say its version: ${tail(`${probe.stdout}\n${probe.stderr}`)}`,
    );
  }
  if (own === 'True') return { python, env: {} };
  const name = `pytest-${MANAGED_PYTEST_VERSION}-${tag}`;
  announce(options, 'pytest', MANAGED_PYTEST_VERSION, path.join(managedToolsDir(), name));
  const dir = await installOnce(name, `pytest==${MANAGED_PYTEST_VERSION}`, {
    ...options,
    python,
    files: { 'shim/sitecustomize.py': SITECUSTOMIZE },
  });
  const shim = path.join(dir, 'shim');
  const rest = baseEnv.PYTHONPATH;
  return { python, env: { PYTHONPATH: rest ? `${shim}${path.delimiter}${rest}` : shim } };
}

function environmentPython(bin: string): string {
  const python = path.join(bin, 'python');
  if (!existsSync(python)) {
    throw new ConfigurationError(
      `${python}: expected the Python of the workspace environment, found none. Run \`mlenv setup\` to build the environment, or give --venv a virtual environment.`,
    );
  }
  return python;
}

/**
 * `requirement` installed with uv into <tools>/<name>/site, once: built in a temporary sibling
 * and renamed into place complete, so a process that stops half-way leaves nothing a later one
 * would use, and two processes installing at once both end with the same whole copy.
 */
async function installOnce(
  name: string,
  requirement: string,
  options: ToolSource & { python?: string; files?: Record<string, string> },
): Promise<string> {
  const tools = managedToolsDir();
  const dir = path.join(tools, name);
  if (existsSync(path.join(dir, COMPLETE))) return dir;
  const uv = await findUv(options.logger);
  await mkdir(tools, { recursive: true });
  const tmp = await mkdtemp(path.join(tools, `.${name}.tmp-`));
  try {
    const result = await runTool(
      uv,
      [
        'pip',
        'install',
        '--quiet',
        '--target',
        path.join(tmp, 'site'),
        ...(options.python ? ['--python', options.python] : []),
        ...(options.indexArgs ?? []),
        requirement,
      ],
      { cwd: tmp, logger: options.logger, signal: options.signal },
    );
    if (result.code !== 0) {
      const tool = requirement.split('==')[0];
      throw new ExternalError(
        `Could not install MLEnv's pinned ${requirement} with uv: is the package index reachable? ` +
          `Make it reachable, or add ${tool} to environment.requirements and run \`mlenv env lock\` so the environment has its own.\n` +
          `uv said: ${tail(result.stderr, 8)}`,
      );
    }
    for (const [file, text] of Object.entries(options.files ?? {})) {
      await mkdir(path.dirname(path.join(tmp, file)), { recursive: true });
      await writeFile(path.join(tmp, file), text);
    }
    await writeFile(path.join(tmp, COMPLETE), `${requirement}\n`);
    await moveIntoPlace(tmp, dir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return dir;
}

async function moveIntoPlace(tmp: string, dir: string): Promise<void> {
  try {
    await rename(tmp, dir);
  } catch (error) {
    // Another process finished the same install first: its copy is as good as ours.
    if (existsSync(path.join(dir, COMPLETE))) return;
    // Not one of ours (those are renamed in whole): clear it and take the place.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir).catch((again: unknown) => {
      if (!existsSync(path.join(dir, COMPLETE))) throw again;
    });
  }
}
