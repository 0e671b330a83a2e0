import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { WorkspaceConfig } from '../config/schema.js';
import type { Workspace } from '../config/workspace.js';
import { ConfigurationError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import {
  cudaCost,
  isTorchBackendLine,
  mirrorWarning,
  probeCpuTorchBackend,
  torchBackendArguments,
  torchBackendLine,
  torchBackendPlan,
  unreachableWarning,
} from './torch-backend.js';

const execFileAsync = promisify(execFile);

/** The uv release MLEnv bootstraps when none is on PATH. */
export const UV_VERSION = '0.13.9';
const COMPLETE = '.mlenv-complete';

export interface PythonEnvironment {
  venv: string;
  bin: string;
  python: string;
  mlflow: string;
  /** Hash of the lock this environment was built from; names the runtime image tag too. */
  lockHash?: string;
}

export function environmentAt(venv: string, lockHash?: string): PythonEnvironment {
  const bin = path.join(venv, 'bin');
  return {
    venv,
    bin,
    python: path.join(bin, 'python'),
    mlflow: path.join(bin, 'mlflow'),
    lockHash,
  };
}

export async function lockHash(workspace: Workspace): Promise<string> {
  const { environment } = workspace.config;
  const lock = await readFile(path.join(workspace.root, environment.lock), 'utf8').catch(() => {
    throw new ConfigurationError(
      `${environment.lock}: expected the environment lock, found no file. Run \`mlenv env lock\` and commit it.`,
    );
  });
  return createHash('sha256')
    .update(`${environment.python}\0${environment.cuda}\0${lock}`)
    .digest('hex')
    .slice(0, 12);
}

/** Whether the environment of the current lock has been built (and so is a cache hit). */
export async function environmentBuilt(workspace: Workspace): Promise<boolean> {
  if (process.env.MLENV_VENV) return true;
  const venv = path.join(workspace.root, '.mlenv', 'venvs', await lockHash(workspace));
  return existsSync(path.join(venv, COMPLETE));
}

/**
 * The workspace's one Python environment: an explicit venv (--venv or MLENV_VENV), else the one
 * built from the lock under .mlenv/venvs/<lock hash>, created with uv when missing.
 */
export async function resolveEnvironment(
  workspace: Workspace,
  options: { venv?: string; logger: Logger; create?: boolean },
): Promise<PythonEnvironment> {
  const explicit = options.venv ?? process.env.MLENV_VENV;
  if (explicit) {
    const env = environmentAt(path.resolve(explicit));
    if (!existsSync(env.python)) {
      throw new ConfigurationError(
        `--venv ${explicit}: expected a virtual environment, found no ${env.python}`,
      );
    }
    return env;
  }
  const hash = await lockHash(workspace);
  const env = environmentAt(path.join(workspace.root, '.mlenv', 'venvs', hash), hash);
  if (existsSync(path.join(env.venv, COMPLETE))) {
    options.logger.debug(`Reusing environment ${env.venv}`);
    return env;
  }
  if (options.create === false) {
    throw new ConfigurationError(
      `No environment built from ${workspace.config.environment.lock} yet: run \`mlenv setup\`.`,
    );
  }
  await buildEnvironment(workspace, env, options.logger);
  return env;
}

async function buildEnvironment(
  workspace: Workspace,
  env: PythonEnvironment,
  logger: Logger,
): Promise<void> {
  const { environment } = workspace.config;
  const uv = await findUv(logger);
  const started = Date.now();
  logger.info(
    `Creating the workspace environment from ${environment.lock} (Python ${environment.python}) in ${env.venv}`,
  );
  // The lock's header says which torch backend resolved it: its +cpu wheels are only there.
  const lockText = await readFile(path.join(workspace.root, environment.lock), 'utf8');
  await rm(env.venv, { recursive: true, force: true });
  // Relocatable: a venv restored from a CI cache into another checkout path still runs.
  await run(
    uv,
    ['venv', '--quiet', '--relocatable', '--python', environment.python, env.venv],
    logger,
  );
  await run(
    uv,
    [
      'pip',
      'sync',
      '--quiet',
      ...indexArguments(environment),
      ...torchBackendArguments(lockText, environment.lock),
      '--python',
      env.python,
      path.join(workspace.root, environment.lock),
    ],
    logger,
  );
  await writeFile(path.join(env.venv, COMPLETE), `${environment.lock}\n`);
  logger.info(`Environment ready in ${Math.round((Date.now() - started) / 1000)}s`);
}

/** uv from MLENV_UV or PATH, else a pinned copy installed from PyPI into the user cache. */
export async function findUv(logger: Logger): Promise<string> {
  if (process.env.MLENV_UV) return process.env.MLENV_UV;
  const onPath = await execFileAsync('uv', ['--version']).then(
    () => 'uv',
    () => undefined,
  );
  if (onPath) return onPath;
  const tools = path.join(
    process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
    'mlenv',
    `uv-${UV_VERSION}`,
  );
  const uv = path.join(tools, 'bin', 'uv');
  if (existsSync(path.join(tools, COMPLETE))) return uv;
  logger.info(`Installing uv ${UV_VERSION} from PyPI into ${tools}`);
  await rm(tools, { recursive: true, force: true });
  await mkdir(path.dirname(tools), { recursive: true });
  await run('python3', ['-m', 'venv', tools], logger);
  await run(
    path.join(tools, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', `uv==${UV_VERSION}`],
    logger,
  );
  await writeFile(path.join(tools, COMPLETE), '');
  return uv;
}

async function run(command: string, args: string[], logger: Logger, cwd?: string): Promise<void> {
  logger.debug(`$ ${cwd ? `(in ${cwd}) ` : ''}${command} ${args.join(' ')}`);
  try {
    // Compiled bytecode at install time: otherwise every trainer process compiles torch anew
    // wherever PYTHONDONTWRITEBYTECODE is set, which costs tens of seconds per process.
    await execFileAsync(command, args, {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, UV_COMPILE_BYTECODE: '1' },
    });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(
      `${path.basename(command)} ${args.slice(0, 2).join(' ')} failed: ${(e.stderr || e.message).trim().split('\n').slice(-15).join('\n')}`,
    );
  }
}

/**
 * Resolves environment.requirements into environment.lock with uv: every package pinned, with
 * hashes, for the workspace's Python. The header records the command, so the lock explains itself.
 * A `cpu` workspace on PyPI takes the PyTorch packages from PyTorch's CPU index (uv's
 * `--torch-backend cpu`) when that answers, and PyPI's CUDA build with one warning when not.
 */
export async function lockEnvironment(workspace: Workspace, logger: Logger): Promise<string> {
  const { environment } = workspace.config;
  const uv = await findUv(logger);
  const lock = path.join(workspace.root, environment.lock);
  await mkdir(path.dirname(lock), { recursive: true });
  const plan = torchBackendPlan(environment);
  let backend: string | undefined;
  let unreachable: string | undefined;
  if (plan.probe) {
    const probe = await probeCpuTorchBackend(uv, environment.python);
    if (probe.ok) backend = 'cpu';
    else unreachable = probe.reason;
    logger.debug(
      probe.ok
        ? "PyTorch's CPU index answers: locking with uv --torch-backend cpu"
        : `PyTorch's CPU index does not answer: ${probe.reason}`,
    );
  }
  await run(
    uv,
    [
      'pip',
      'compile',
      '--quiet',
      '--generate-hashes',
      '--python-version',
      environment.python,
      ...indexArguments(environment),
      ...(backend ? ['--torch-backend', backend] : []),
      '--custom-compile-command',
      'mlenv env lock',
      '--output-file',
      environment.lock,
      environment.requirements,
    ],
    logger,
    workspace.root,
  );
  const text = await readFile(lock, 'utf8');
  await writeFile(lock, stampLock(text, await lockInputsHash(workspace), backend));
  const cost = backend ? undefined : cudaCost(parseLockPins(text));
  if (cost && unreachable !== undefined) logger.warning(unreachableWarning(unreachable, cost));
  if (cost && !plan.probe && plan.mirror) logger.warning(mirrorWarning(plan.mirror, cost));
  return lock;
}

type IndexSettings = Pick<
  WorkspaceConfig['environment'],
  'indexUrl' | 'extraIndexUrls' | 'pytorchIndex'
>;

/** The package indexes of the environment: the main one (PyPI when unset), then the extras. */
export function environmentIndexes(environment: IndexSettings): {
  indexUrl?: string;
  extraIndexUrls: string[];
} {
  return {
    indexUrl: environment.indexUrl,
    extraIndexUrls: [
      ...(environment.extraIndexUrls ?? []),
      ...(environment.pytorchIndex ? [environment.pytorchIndex] : []),
    ],
  };
}

/** uv's index options for the environment: the same for resolving the lock and installing it. */
export function indexArguments(environment: IndexSettings): string[] {
  const { indexUrl, extraIndexUrls } = environmentIndexes(environment);
  return [
    ...(indexUrl ? ['--index-url', indexUrl] : []),
    ...extraIndexUrls.flatMap((url) => ['--extra-index-url', url]),
  ];
}

const STAMP = '#    mlenv-inputs: sha256=';

/**
 * What the lock was resolved from: the requirements, Python, CUDA variant and index. A lock whose
 * stamp differs from the workspace's is stale: someone edited the requirements without locking.
 */
export async function lockInputsHash(workspace: Workspace): Promise<string> {
  const { environment } = workspace.config;
  const requirements = await readFile(
    path.join(workspace.root, environment.requirements),
    'utf8',
  ).catch(() => {
    throw new ConfigurationError(
      `${environment.requirements}: expected the environment requirements, found no file.`,
    );
  });
  return createHash('sha256')
    .update(
      [
        environment.python,
        environment.cuda,
        environment.pytorchIndex ?? '',
        requirements,
        // Only when set, so that locks made before these settings existed stay current.
        ...(environment.indexUrl ? [`index=${environment.indexUrl}`] : []),
        ...(environment.extraIndexUrls ?? []).map((url) => `extra=${url}`),
      ].join('\0'),
    )
    .digest('hex')
    .slice(0, 16);
}

/**
 * The lock with mlenv's header lines: the inputs stamp, and the torch backend when one resolved
 * it. The backend is a record of how, not an input: a lock made with PyTorch's CPU index stays
 * current when that index is unreachable later, and installs keep using the backend it names.
 */
export function stampLock(text: string, stamp: string, torchBackend?: string): string {
  const lines = text
    .split('\n')
    .filter((line) => !line.startsWith(STAMP) && !isTorchBackendLine(line));
  // After uv's own header comment, so the file still reads as uv wrote it.
  const at = lines.findIndex((line) => !line.startsWith('#'));
  lines.splice(
    at === -1 ? lines.length : at,
    0,
    `${STAMP}${stamp}`,
    ...(torchBackend ? [torchBackendLine(torchBackend)] : []),
  );
  return lines.join('\n');
}

export interface LockCheck {
  ok: boolean;
  problems: string[];
  /** Locked versions by normalized package name. */
  pins: Map<string, string>;
}

/** `mlenv env check`: the lock exists, was made from the current requirements, and covers them. */
export async function checkLock(workspace: Workspace): Promise<LockCheck> {
  const { environment } = workspace.config;
  const problems: string[] = [];
  const text = await readFile(path.join(workspace.root, environment.lock), 'utf8').catch(
    () => undefined,
  );
  if (text === undefined) {
    return {
      ok: false,
      problems: [`${environment.lock}: expected the environment lock, found no file`],
      pins: new Map(),
    };
  }
  const pins = parseLockPins(text);
  const expected = await lockInputsHash(workspace);
  const stamp = text
    .split('\n')
    .find((line) => line.startsWith(STAMP))
    ?.slice(STAMP.length)
    .trim();
  if (stamp !== expected) {
    problems.push(
      stamp
        ? `${environment.lock}: stale: made from other inputs (sha256=${stamp}) than ${environment.requirements}, python ${environment.python}, cuda ${environment.cuda} (sha256=${expected})`
        : `${environment.lock}: expected a "${STAMP.trim()}" line written by mlenv env lock, found none`,
    );
  }
  const requirements = await readFile(path.join(workspace.root, environment.requirements), 'utf8');
  for (const [index, line] of requirements.split('\n').entries()) {
    const name = requirementName(line);
    if (name && !pins.has(name))
      problems.push(
        `${environment.requirements}:${index + 1}: expected ${name} in ${environment.lock}, found it missing`,
      );
  }
  return { ok: problems.length === 0, problems, pins };
}

/** `name==version` lines of a uv/pip-compile lock, by normalized name. */
export function parseLockPins(text: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const match of text.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)/gm))
    pins.set(normalizeName(match[1] as string), match[2] as string);
  return pins;
}

/** The package a PEP 508 requirement line names, normalized; undefined for comments and options. */
export function requirementName(line: string): string | undefined {
  const text = line.replace(/#.*/, '').trim();
  if (!text || text.startsWith('-')) return undefined;
  const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text)?.[1];
  return name ? normalizeName(name) : undefined;
}

/** PEP 503: case, "-", "_" and "." do not distinguish package names. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
