import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandError, run, tailLines } from './exec.js';
import { BuildError } from './go-build.js';
import { withLock } from './lock.js';
import { cacheDir, logPath } from './paths.js';
import { step } from './progress.js';
import { versions } from './versions.js';

export interface PythonEnv {
  venv: string;
  python: string;
  uv: string;
  mlflow: string;
  ruff: string;
  pytest: string;
  zizmor: string;
}

// Venvs hold absolute paths, so they cannot be built aside and renamed into place; a marker
// written last tells a finished venv from an interrupted one.
const marker = '.mlenv-testbed-complete';

// uv's own default cache, shared with `mlenv setup`, so torch's wheels are downloaded once.
// Bytecode is compiled at install: this machine sets PYTHONDONTWRITEBYTECODE, and without .pyc
// files every trainer process spends tens of seconds compiling torch and mlflow.
function cacheEnv(): Record<string, string> {
  return {
    PIP_CACHE_DIR: path.join(cacheDir(), 'pip-cache'),
    UV_CACHE_DIR: path.join(os.homedir(), '.cache', 'uv'),
    UV_COMPILE_BYTECODE: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
  };
}

function bin(venv: string, name: string): string {
  return path.join(venv, 'bin', name);
}

async function ensureUv(log: string): Promise<string> {
  const venv = path.join(cacheDir(), 'venvs', `uv-${versions.uv}`);
  // Shared by every checkout's bed: one builds, the others wait and find it complete.
  await withLock(`${venv}.lock`, async () => {
    if (fs.existsSync(path.join(venv, marker))) return;
    await step(`uv ${versions.uv}: installing`, async () => {
      fs.rmSync(venv, { recursive: true, force: true });
      await run('python3', ['-m', 'venv', venv], { logFile: log });
      await run(bin(venv, 'pip'), ['install', '--quiet', `uv==${versions.uv}`], {
        env: cacheEnv(),
        logFile: log,
      });
      fs.writeFileSync(path.join(venv, marker), '');
    });
  });
  return bin(venv, 'uv');
}

// One venv for the MLflow server and the ML toolchain: the client must match the server's
// mlflow version anyway, and uv's cache makes rebuilding it after a pin bump about a minute.
export async function ensurePythonEnv(): Promise<PythonEnv> {
  const log = logPath('build-python');
  const pythonVersion = (await run('python3', ['--version'])).trim();
  const requirements = Object.entries(versions.python).map(([pkg, v]) => `${pkg}==${v}`);
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify([pythonVersion, versions.uv, requirements, 'bytecode']))
    .digest('hex')
    .slice(0, 12);
  const venv = path.join(cacheDir(), 'venvs', `python-${key}`);
  const env: PythonEnv = {
    venv,
    python: bin(venv, 'python'),
    uv: '',
    mlflow: bin(venv, 'mlflow'),
    ruff: bin(venv, 'ruff'),
    pytest: bin(venv, 'pytest'),
    zizmor: bin(venv, 'zizmor'),
  };
  try {
    env.uv = await ensureUv(log);
    if (fs.existsSync(path.join(venv, marker))) return env;
    await withLock(`${venv}.lock`, () => buildVenv(env, requirements, log));
  } catch (err) {
    if (err instanceof CommandError) throw new BuildError('python', tailLines(err.output));
    throw err;
  }
  return env;
}

async function buildVenv(env: PythonEnv, requirements: string[], log: string): Promise<void> {
  const { venv } = env;
  if (fs.existsSync(path.join(venv, marker))) return;
  await step(`python venv (${requirements.join(' ')}; log ${log})`, async () => {
    fs.rmSync(venv, { recursive: true, force: true });
    await run(env.uv, ['venv', '--quiet', '--python', 'python3', venv], {
      env: cacheEnv(),
      logFile: log,
    });
    // Plain PyPI torch: the CPU-only index is not a package registry this bed may rely on.
    await run(env.uv, ['pip', 'install', '--python', env.python, ...requirements], {
      env: cacheEnv(),
      logFile: log,
    });
    fs.writeFileSync(path.join(venv, marker), `${requirements.join('\n')}\n`);
  });
}
