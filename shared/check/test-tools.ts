import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TOOLS = ['ruff', 'pytest', 'python'];

function hasTools(bin: string): boolean {
  return TOOLS.every((tool) => existsSync(path.join(bin, tool)));
}

/**
 * The bin directory of a Python environment with real ruff and pytest, for the tests of the
 * runners: MLENV_CHECK_BIN, else the test bed's venv. Throws when there is none, because tests that
 * skip without the tools would pass while checking nothing.
 */
export function pythonToolsForTests(): string {
  const fromEnv = process.env.MLENV_CHECK_BIN;
  if (fromEnv) {
    if (!hasTools(fromEnv)) {
      throw new Error(`MLENV_CHECK_BIN=${fromEnv}: expected ${TOOLS.join(', ')} in it`);
    }
    return fromEnv;
  }
  const venvs = path.join(os.homedir(), '.cache', 'mlenv-testbed', 'venvs');
  const candidates = existsSync(venvs)
    ? readdirSync(venvs)
        .filter((name) => name.startsWith('python-'))
        // The test bed writes this marker last, so a half-built venv is never used.
        .filter((name) => existsSync(path.join(venvs, name, '.mlenv-testbed-complete')))
        .map((name) => path.join(venvs, name, 'bin'))
        .filter(hasTools)
    : [];
  const found = candidates[0];
  if (!found) {
    throw new Error(
      'No Python environment with ruff and pytest for the check tests: build the test bed ' +
        '(npm run testbed -- up) or point MLENV_CHECK_BIN at a venv bin directory holding ruff and pytest.',
    );
  }
  return found;
}
