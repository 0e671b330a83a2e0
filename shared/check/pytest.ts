import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { PytestCommand } from './managed-tools.js';
import type { TestOutcome, TestResult, TestSummary } from './result.js';
import type { RunnerOptions } from './ruff.js';
import { runTool, tail, toolIn, workspaceRelative } from './tool.js';

/** pytest's exit code when it collected no tests: not a failure for a project without tests. */
export const PYTEST_NO_TESTS = 5;

export interface PytestOptions extends RunnerOptions {
  /** The project's unit test directory, relative to the project (mlenv.yaml `tests.unit`). */
  unitTests?: string;
  /**
   * The Python and environment to run `-m pytest` with, asked for only when there are tests;
   * default the environment's own pytest (see managed-tools for MLEnv's).
   */
  pytest?: () => Promise<PytestCommand>;
}

export interface PytestRun {
  summary: TestSummary;
  results: TestResult[];
  /** Set when pytest ended without per-test results (usage or internal error). */
  runError?: string;
}

interface JunitOutcome {
  message?: string;
  '#text'?: string;
}

interface JunitTestcase {
  classname?: string;
  name?: string;
  file?: string;
  line?: string;
  time?: string;
  failure?: JunitOutcome | string;
  error?: JunitOutcome | string;
  skipped?: JunitOutcome | string;
}

interface JunitSuite {
  time?: string;
  testcase?: JunitTestcase[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  // pytest escapes newlines inside attributes as &#10;.
  htmlEntities: true,
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});

export function emptySummary(): TestSummary {
  return { passed: 0, failed: 0, skipped: 0, errors: 0, durationS: 0 };
}

/**
 * Results from pytest's xunit1 JUnit XML. xunit1 keeps each test's file and definition line,
 * which xunit2 drops; the file is relative to pytest's rootdir, the project directory here.
 */
export function parseJunitXml(
  xml: string,
  where: { workspaceRoot: string; projectDir: string },
): PytestRun {
  const doc = parser.parse(xml) as {
    testsuites?: { testsuite?: JunitSuite[] };
    testsuite?: JunitSuite[];
  };
  const suites = doc.testsuites?.testsuite ?? doc.testsuite ?? [];
  const projectAbs = path.resolve(where.workspaceRoot, where.projectDir);
  const summary = emptySummary();
  const results: TestResult[] = [];
  for (const suite of suites) {
    summary.durationS += Number(suite.time ?? 0);
    for (const testcase of suite.testcase ?? []) {
      const result = testResult(testcase, projectAbs, where.workspaceRoot);
      results.push(result);
      if (result.outcome === 'error') summary.errors++;
      else summary[result.outcome]++;
    }
  }
  summary.durationS = round(summary.durationS);
  return { summary, results };
}

function testResult(
  testcase: JunitTestcase,
  projectAbs: string,
  workspaceRoot: string,
): TestResult {
  const classname = testcase.classname ?? '';
  const name = testcase.name ?? '';
  // Only xunit2 lacks `file`; pytest then names the module in classname.
  const file = testcase.file ?? `${classname.split('.').join('/')}.py`;
  const [outcome, detail] = outcomeOf(testcase);
  const line = testcase.line === undefined ? 0 : Number(testcase.line) + 1;
  const result: TestResult = {
    nodeId: nodeIdOf(file, classname, name),
    file: workspaceRelative(workspaceRoot, path.join(projectAbs, file)),
    line,
    outcome,
    durationS: Number(testcase.time ?? 0),
  };
  if (detail) {
    const message = typeof detail === 'string' ? undefined : detail.message;
    const details = typeof detail === 'string' ? detail : detail['#text'];
    if (message) result.message = message;
    if (details) result.details = details.trimEnd();
    if (outcome === 'failed' || outcome === 'error') {
      result.failureLine = lineInFile(details ?? '', file, projectAbs) ?? Math.max(line, 1);
    }
  }
  return result;
}

function outcomeOf(testcase: JunitTestcase): [TestOutcome, JunitOutcome | string | undefined] {
  if (testcase.failure !== undefined) return ['failed', testcase.failure];
  if (testcase.error !== undefined) return ['error', testcase.error];
  if (testcase.skipped !== undefined) return ['skipped', testcase.skipped];
  return ['passed', undefined];
}

/** pytest's node id from xunit1's file and dotted classname ("tests.test_x.TestY"). */
export function nodeIdOf(file: string, classname: string, name: string): string {
  // A module that failed to import is reported under its own dotted name, with no classname.
  if (!classname) return file;
  const module = file.replace(/\.py$/, '').split('/').join('.');
  const classes =
    classname === module || classname.startsWith(`${module}.`)
      ? classname.slice(module.length).split('.').filter(Boolean)
      : [];
  return [file, ...classes, name].join('::');
}

/**
 * The deepest traceback entry in the test's own file (`tests/test_x.py:12: AssertionError`):
 * where the failing assertion or the call that raised is written.
 */
export function lineInFile(
  traceback: string,
  file: string,
  projectAbs: string,
): number | undefined {
  const target = path.resolve(projectAbs, file);
  let found: number | undefined;
  for (const match of traceback.matchAll(/^(\S[^\n]*?\.py):(\d+):/gm)) {
    const [, where, line] = match;
    if (where && line && path.resolve(projectAbs, where) === target) found = Number(line);
  }
  return found;
}

/** pytest on a project's unit tests, GPU tests excluded, results read from JUnit XML. */
export async function runPytest(options: PytestOptions): Promise<PytestRun> {
  const projectAbs = path.resolve(options.workspaceRoot, options.projectDir);
  const unitTests = options.unitTests ?? 'tests';
  if (!existsSync(path.join(projectAbs, unitTests))) {
    options.logger.warning(
      `${workspaceRelative(options.workspaceRoot, path.join(projectAbs, unitTests))}: no unit test directory; no tests run`,
    );
    return { summary: emptySummary(), results: [] };
  }
  const { python, env } = options.pytest ? await options.pytest() : environmentPytest(options.bin);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'mlenv-pytest-'));
  const junit = path.join(tmp, 'junit.xml');
  try {
    // `python -m pytest` puts the project directory on sys.path, so tests import the project's
    // modules without it being an installed package.
    const result = await runTool(
      python,
      [
        '-m',
        'pytest',
        unitTests,
        '-m',
        'not gpu',
        `--junitxml=${junit}`,
        ...pytestReportArgs(projectAbs),
        '-q',
      ],
      {
        cwd: projectAbs,
        logger: options.logger,
        signal: options.signal,
        env: { ...process.env, ...env },
      },
    );
    const xml = await readFile(junit, 'utf8').catch(() => undefined);
    const run = xml
      ? parseJunitXml(xml, { workspaceRoot: options.workspaceRoot, projectDir: projectAbs })
      : { summary: emptySummary(), results: [] };
    // 0 passed, 1 failures, 2 interrupted (collection errors, reported as testcases), 5 no tests.
    const known = result.code <= 2 || result.code === PYTEST_NO_TESTS;
    if (!known || (result.code !== 0 && result.code !== PYTEST_NO_TESTS && !hasProblem(run))) {
      return {
        ...run,
        runError: `pytest exited with code ${result.code}: ${tail(`${result.stdout}\n${result.stderr}`)}`,
      };
    }
    return run;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function environmentPytest(bin: string): PytestCommand {
  toolIn(bin, 'pytest');
  return { python: toolIn(bin, 'python'), env: {} };
}

function hasProblem(run: PytestRun): boolean {
  return run.summary.failed + run.summary.errors > 0;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * What every pytest run MLEnv reads the results of needs: xunit1 JUnit XML (it keeps each test's
 * file and line), node ids relative to the project wherever its ini files are, and no
 * --last-failed cache littering the checkout.
 */
export function pytestReportArgs(projectAbs: string): string[] {
  return [
    '-o',
    'junit_family=xunit1',
    `--rootdir=${projectAbs}`,
    '-p',
    'no:cacheprovider',
    '--color=no',
  ];
}
