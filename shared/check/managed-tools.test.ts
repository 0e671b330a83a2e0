import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace, type Workspace } from '../config/workspace.js';
import {
  findUv,
  type PythonEnvironment,
  parseLockPins,
  resolveEnvironment,
} from '../environment/index.js';
import { ExternalError } from '../errors/index.js';
import type { Logger, SourceLocation } from '../logger/index.js';
import { createMemoryLogger } from '../logger/index.js';
import { checkWorkspace } from './check-workspace.js';
import { reportAnnotations } from './index.js';
import {
  MANAGED_PYTEST_VERSION,
  MANAGED_RUFF_VERSION,
  managedToolsDir,
  resolvePytest,
  resolveRuff,
} from './managed-tools.js';

// Real uv, ruff and pytest from the package index; MLEnv's tools land in the user cache as in
// the product, so only the first run of these tests installs them.
const repoRoot = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
const RUFF_LINE = `Using MLEnv's pinned ruff ${MANAGED_RUFF_VERSION} (environment/requirements.lock has none; add ruff to environment.requirements to pin your own)`;
const PYTEST_LINE = `Using MLEnv's pinned pytest ${MANAGED_PYTEST_VERSION} (environment/requirements.lock has none; add pytest to environment.requirements to pin your own)`;
// Older than the packaging pytest itself would install: the tests below see which one they get.
const LOCK = 'packaging==23.0\n';

const files: Record<string, string> = {
  'mlenv.yaml': `apiVersion: mlenv/v1
kind: Workspace
projects: [projects/*]
environment:
  python: "3.11"
  cuda: cpu
  requirements: environment/requirements.in
  lock: environment/requirements.lock
  image: ghcr.io/acme/mlenv-runtime
`,
  'environment/requirements.in': 'packaging\n',
  'ruff.toml': 'line-length = 100\n[lint]\nselect = ["E", "F", "I"]\n',
  'projects/broken/mlenv.yaml': 'apiVersion: mlenv/v1\nkind: Project\nname: broken\n',
  'projects/broken/calc.py': 'import os\n\n\ndef add(a, b):\n    return a + b\n',
  'projects/broken/messy.py': 'x = {  "a":1 }\n',
  'projects/broken/tests/test_calc.py':
    'from calc import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n\n\ndef test_add_wrong():\n    assert add(2, 2) == 5\n',
  'projects/clean/mlenv.yaml': 'apiVersion: mlenv/v1\nkind: Project\nname: clean\n',
  'projects/clean/stats.py': 'def mean(xs):\n    return sum(xs) / len(xs)\n',
  // A local plugin and a conftest fixture: the team's pytest set-up must keep working.
  'projects/clean/helpers_plugin.py':
    'import pytest\n\n\n@pytest.fixture\ndef numbers():\n    return [1, 2, 3]\n',
  'projects/clean/tests/conftest.py':
    'import pytest\n\npytest_plugins = ["helpers_plugin"]\n\n\n@pytest.fixture\ndef expected():\n    return 2\n',
  'projects/clean/tests/test_stats.py': `import os

import packaging
import pytest
from stats import mean


def test_mean(numbers, expected):
    assert mean(numbers) == expected


def test_the_lock_wins_over_pytest_dependencies():
    assert packaging.__version__ == "23.0"


def test_the_expected_pytest():
    assert pytest.__version__ == os.environ["EXPECTED_PYTEST"]
`,
};

function writeTree(root: string, tree: Record<string, string>): void {
  for (const [file, text] of Object.entries(tree)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function mlenv(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsx, path.join(repoRoot, 'cli/src/index.ts'), ...args],
      { cwd, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 300_000 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

/** Lines that say `line`; on a cold cache the first run adds where it installs the tool. */
function count(text: string, line: string): number {
  return text
    .split('\n')
    .filter((l) => l.trim() === line || l.trim().startsWith(`${line}; installing it into `)).length;
}

interface Annotation extends SourceLocation {
  message: string;
}

function annotationLogger(): Logger & { lines: string[]; annotations: Annotation[] } {
  const annotations: Annotation[] = [];
  return {
    ...createMemoryLogger(),
    annotations,
    error: (message, where) => annotations.push({ message, file: '', ...where }),
  };
}

describe('mlenv check on a workspace whose lock has neither ruff nor pytest', () => {
  let root: string;
  let workspace: Workspace;
  let environment: PythonEnvironment;

  beforeAll(async () => {
    process.env.EXPECTED_PYTEST = MANAGED_PYTEST_VERSION;
    root = mkdtempSync(path.join(tmpdir(), 'mlenv-managed-tools-'));
    writeTree(root, { ...files, 'environment/requirements.lock': LOCK });
    workspace = await loadWorkspace(root);
    environment = await resolveEnvironment(workspace, { logger: createMemoryLogger() });
    expect(existsSync(path.join(environment.bin, 'ruff'))).toBe(false);
    expect(existsSync(path.join(environment.bin, 'pytest'))).toBe(false);
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports the broken project with MLEnv pinned ruff and pytest, saying so once each', async () => {
    const run = await mlenv(['check'], root);
    expect(run.code).toBe(1);
    expect(count(run.stdout, RUFF_LINE)).toBe(1);
    expect(count(run.stdout, PYTEST_LINE)).toBe(1);
    expect(run.stdout).toContain('projects/broken/calc.py:1:8: F401 `os` imported but unused [*]');
    expect(run.stdout).toContain('projects/broken/messy.py:1: would be reformatted by ruff format');
    expect(run.stdout).toContain(
      'projects/broken/tests/test_calc.py:9: FAILED tests/test_calc.py::test_add_wrong: assert 4 == 5',
    );
    expect(run.stdout).toMatch(/^ {2}tests: 1 passed, 1 failed, 0 skipped in /m);
    expect(run.stdout).toContain('clean (projects/clean): ok');
    expect(run.stdout).toMatch(/check failed: 1 of 2 projects/);
  }, 300_000);

  it('passes the clean project, its conftest and plugin fixtures included', async () => {
    const run = await mlenv(['check', 'clean'], root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(count(run.stdout, RUFF_LINE)).toBe(1);
    expect(count(run.stdout, PYTEST_LINE)).toBe(1);
    expect(run.stdout).toMatch(/check passed: 1 project, 3 tests passed in /);
  }, 300_000);

  it('annotates the findings at their files and lines, as the check action does', async () => {
    const logger = annotationLogger();
    const result = await checkWorkspace({ workspace, projects: [], environment, logger });
    reportAnnotations(result, logger);
    expect(logger.annotations.map(({ message, ...where }) => where)).toEqual([
      { file: 'projects/broken/calc.py', line: 1, column: 8, title: 'ruff F401' },
      { file: 'projects/broken/messy.py', line: 1, title: 'ruff format' },
      { file: 'projects/broken/tests/test_calc.py', line: 9, title: 'pytest test_add_wrong' },
    ]);
    expect(count(logger.lines.join('\n'), RUFF_LINE)).toBe(1);
    expect(count(logger.lines.join('\n'), PYTEST_LINE)).toBe(1);
    expect(result.projects[1]).toMatchObject({ ok: true, tests: { passed: 3, failed: 0 } });
  }, 300_000);
});

describe('a lock that pins its own ruff and pytest', () => {
  let root: string;

  beforeAll(() => {
    process.env.EXPECTED_PYTEST = '9.1.1';
    root = mkdtempSync(path.join(tmpdir(), 'mlenv-managed-tools-pinned-'));
    writeTree(root, {
      ...files,
      'environment/requirements.in': 'packaging\nruff==0.17.5\npytest==9.1.1\n',
      // uv pip sync installs the lock as it is: pytest's dependencies are in it, as uv locks them.
      'environment/requirements.lock': `${LOCK}ruff==0.17.5\npytest==9.1.1\niniconfig==2.3.1\npluggy==1.7.0\npygments==2.21.0\n`,
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("runs the lock's versions and says nothing of MLEnv's", async () => {
    const workspace = await loadWorkspace(root);
    const environment = await resolveEnvironment(workspace, { logger: createMemoryLogger() });
    const logger = createMemoryLogger();
    const result = await checkWorkspace({ workspace, projects: [], environment, logger });
    expect(logger.lines.filter((l) => l.startsWith("Using MLEnv's pinned"))).toEqual([]);
    const ruffRuns = logger.lines.filter((l) => /\/ruff (check|format) /.test(l));
    expect(ruffRuns).toHaveLength(4);
    for (const line of ruffRuns) expect(line).toContain(`${path.join(environment.bin, 'ruff')} `);
    const ruff = await new Promise<string>((resolve, reject) =>
      execFile(path.join(environment.bin, 'ruff'), ['--version'], (error, stdout) =>
        error ? reject(error) : resolve(stdout.trim()),
      ),
    );
    expect(ruff).toBe('ruff 0.17.5');
    // The clean project's tests assert pytest 9.1.1 and the lock's packaging.
    expect(result.projects.map((p) => [p.name, p.ok, p.lint.map((d) => d.code)])).toEqual([
      ['broken', false, ['F401']],
      ['clean', true, []],
    ]);
    expect(result.projects[1]?.tests).toMatchObject({ passed: 3, failed: 0 });
  }, 300_000);
});

describe("MLEnv's pinned versions", () => {
  it('are those the workspace template locks', async () => {
    const lock = await readFile(
      path.join(repoRoot, 'templates/workspace/environment/requirements.lock'),
      'utf8',
    );
    const pins = parseLockPins(lock);
    expect([pins.get('ruff'), pins.get('pytest')]).toEqual([
      MANAGED_RUFF_VERSION,
      MANAGED_PYTEST_VERSION,
    ]);
  });
});

describe("installing MLEnv's tools", () => {
  let cache: string;
  let uv: string;
  const saved = { MLENV_UV: process.env.MLENV_UV, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };

  beforeAll(async () => {
    uv = await findUv(createMemoryLogger());
    cache = mkdtempSync(path.join(tmpdir(), 'mlenv-tools-cache-'));
    // uv found once, so that an empty XDG cache does not also mean installing uv again.
    process.env.MLENV_UV = uv;
    process.env.XDG_CACHE_HOME = cache;
  }, 300_000);
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(cache, { recursive: true, force: true });
  });

  it('installs into XDG_CACHE_HOME once when two runs ask at the same time', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'mlenv-empty-bin-'));
    try {
      const loggers = [createMemoryLogger(), createMemoryLogger()];
      const [a = '', b] = await Promise.all(loggers.map((logger) => resolveRuff({ bin, logger })));
      const dir = path.join(cache, 'mlenv', 'tools', `ruff-${MANAGED_RUFF_VERSION}`);
      expect(managedToolsDir()).toBe(path.join(cache, 'mlenv', 'tools'));
      expect(a).toBe(path.join(dir, 'site', 'bin', 'ruff'));
      expect(b).toBe(a);
      // Whole, and no temporary copy left beside it.
      expect(readdirSync(path.dirname(dir))).toEqual([`ruff-${MANAGED_RUFF_VERSION}`]);
      const version = await new Promise<string>((resolve, reject) =>
        execFile(a, ['--version'], (error, stdout) =>
          error ? reject(error) : resolve(stdout.trim()),
        ),
      );
      expect(version).toBe(`ruff ${MANAGED_RUFF_VERSION}`);
      for (const logger of loggers) {
        expect(logger.lines.filter((l) => l.startsWith("Using MLEnv's pinned ruff"))).toEqual([
          expect.stringMatching(/; installing it into .*ruff-0\.17\.6$/),
        ]);
      }
      const again = createMemoryLogger();
      expect(await resolveRuff({ bin, logger: again, source: 'the lock' })).toBe(a);
      expect(again.lines).toEqual([
        `Using MLEnv's pinned ruff ${MANAGED_RUFF_VERSION} (the lock has none; add ruff to environment.requirements to pin your own)`,
      ]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  }, 300_000);

  it('says what to do when the package index cannot be reached, and leaves nothing behind', async () => {
    const offlineCache = mkdtempSync(path.join(tmpdir(), 'mlenv-uv-cache-'));
    process.env.UV_OFFLINE = '1';
    process.env.UV_CACHE_DIR = offlineCache;
    try {
      const venv = path.join(offlineCache, 'venv');
      await new Promise<void>((resolve, reject) =>
        execFile(uv, ['venv', '--quiet', '--python', '3.11', venv], (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      const logger = createMemoryLogger();
      const bare = resolvePytest({ bin: path.join(venv, 'bin'), logger }, { ...process.env });
      await expect(bare).rejects.toThrow(ExternalError);
      await expect(bare).rejects.toThrow(
        /^Could not install MLEnv's pinned pytest==9\.2\.0 with uv: is the package index reachable\? .*add pytest to environment\.requirements and run `mlenv env lock`.*\nuv said: .*network was disabled/s,
      );
      const tools = path.join(cache, 'mlenv', 'tools');
      expect(readdirSync(tools).filter((name) => name.startsWith('.'))).toEqual([]);
      expect(readdirSync(tools).some((name) => name.startsWith('pytest-'))).toBe(false);
    } finally {
      delete process.env.UV_OFFLINE;
      delete process.env.UV_CACHE_DIR;
      rmSync(offlineCache, { recursive: true, force: true });
    }
  }, 300_000);

  it("puts pytest after the environment's packages and still runs the environment's sitecustomize", async () => {
    const venv = mkdtempSync(path.join(tmpdir(), 'mlenv-sitecustomize-'));
    try {
      await new Promise<void>((resolve, reject) =>
        execFile(uv, ['venv', '--quiet', '--python', '3.11', venv], (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      writeFileSync(
        path.join(venv, 'lib', 'python3.11', 'site-packages', 'sitecustomize.py'),
        'import os\nos.environ["TEAM_SITECUSTOMIZE"] = "ran"\n',
      );
      const bin = path.join(venv, 'bin');
      const base = { ...process.env, PYTHONPATH: '/team/extra' };
      const pytest = await resolvePytest({ bin, logger: createMemoryLogger() }, base);
      const shim = path.join(
        cache,
        'mlenv',
        'tools',
        `pytest-${MANAGED_PYTEST_VERSION}-cpython3.11`,
      );
      expect(pytest).toEqual({
        python: path.join(bin, 'python'),
        env: { PYTHONPATH: `${path.join(shim, 'shim')}:/team/extra` },
      });
      const script =
        'import os, sys, pytest; print(pytest.__version__, os.environ.get("TEAM_SITECUSTOMIZE"), sys.path.index("/team/extra") < sys.path.index(os.path.join(sys.prefix, "lib", "python3.11", "site-packages")) < sys.path.index(os.path.dirname(os.path.dirname(pytest.__file__))), any(p.endswith("/shim") for p in sys.path))';
      const out = await new Promise<string>((resolve, reject) =>
        execFile(
          pytest.python,
          ['-c', script],
          { env: { ...base, ...pytest.env } },
          (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout.trim())),
        ),
      );
      expect(out).toBe(`${MANAGED_PYTEST_VERSION} ran True False`);
    } finally {
      rmSync(venv, { recursive: true, force: true });
    }
  }, 300_000);
});
