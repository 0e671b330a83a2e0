import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { lineInFile, nodeIdOf, parseJunitXml } from './pytest.js';
import { parseFormatDiff, parseRuffJson, ruffConfigArgs } from './ruff.js';
import { checkSchema } from './schema.js';

const root = '/ws';

// Shaped like pytest 9's xunit1 output: lines are 0-based, tracebacks relative to the project.
const junit = `<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="2" failures="2" skipped="1" tests="6" time="0.123">
<testcase classname="tests.test_a" name="test_pass" file="tests/test_a.py" line="7" time="0.001" />
<testcase classname="tests.test_a" name="test_helper_fail" file="tests/test_a.py" line="16" time="0.002"><failure message="AssertionError: helper says no&#10;assert 3 == 2">def test_helper_fail():
&gt;       helper(3)

tests/test_a.py:18:
_ _ _ _

    def helper(x):
&gt;       assert x == 2, "helper says no"
E       AssertionError: helper says no

tests/test_a.py:5: AssertionError</failure></testcase>
<testcase classname="tests.test_a.TestThing" name="test_param[2]" file="tests/test_a.py" line="21" time="0.001"><failure message="assert 2 &lt; 2">lib/other.py:3: in f
tests/conftest.py:9: AssertionError</failure></testcase>
<testcase classname="tests.test_a.TestThing" name="test_skip" file="tests/test_a.py" line="25" time="0.000"><skipped type="pytest.skip" message="not today">tests/test_a.py:27: not today</skipped></testcase>
<testcase classname="tests.test_a" name="test_err" file="tests/test_a.py" line="34" time="0.001"><error message="failed on setup with &quot;RuntimeError: fixture broke&quot;">tests/test_a.py:32: RuntimeError</error></testcase>
<testcase classname="" name="tests.test_b" file="tests/test_b.py" time="0.000"><error message="collection failure">tests/test_b.py:1: in &lt;module&gt;
E   ModuleNotFoundError: No module named 'nonexistent_mod'</error></testcase>
</testsuite></testsuites>`;

describe('parseJunitXml', () => {
  const run = parseJunitXml(junit, { workspaceRoot: root, projectDir: 'projects/a' });

  it('counts outcomes and the suite time', () => {
    expect(run.summary).toEqual({ passed: 1, failed: 2, skipped: 1, errors: 2, durationS: 0.123 });
  });

  it('gives each test its node id, workspace-relative file, 1-based line and failing line', () => {
    expect(
      run.results.map((r) => [r.nodeId, r.file, r.line, r.outcome, r.failureLine, r.message]),
    ).toEqual([
      [
        'tests/test_a.py::test_pass',
        'projects/a/tests/test_a.py',
        8,
        'passed',
        undefined,
        undefined,
      ],
      [
        'tests/test_a.py::test_helper_fail',
        'projects/a/tests/test_a.py',
        17,
        'failed',
        // The deepest frame in the test's own file: the helper's assertion.
        5,
        'AssertionError: helper says no\nassert 3 == 2',
      ],
      [
        'tests/test_a.py::TestThing::test_param[2]',
        'projects/a/tests/test_a.py',
        22,
        'failed',
        // No frame in the test file: the test's own line.
        22,
        'assert 2 < 2',
      ],
      [
        'tests/test_a.py::TestThing::test_skip',
        'projects/a/tests/test_a.py',
        26,
        'skipped',
        undefined,
        'not today',
      ],
      [
        'tests/test_a.py::test_err',
        'projects/a/tests/test_a.py',
        35,
        'error',
        32,
        'failed on setup with "RuntimeError: fixture broke"',
      ],
      ['tests/test_b.py', 'projects/a/tests/test_b.py', 0, 'error', 1, 'collection failure'],
    ]);
  });

  it('reads a run that collected nothing', () => {
    const empty = parseJunitXml(
      '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="0" skipped="0" tests="0" time="0.020" /></testsuites>',
      { workspaceRoot: root, projectDir: 'p' },
    );
    expect(empty).toEqual({
      summary: { passed: 0, failed: 0, skipped: 0, errors: 0, durationS: 0.02 },
      results: [],
    });
  });
});

describe('node ids and traceback lines', () => {
  it('rebuilds pytest node ids from xunit1 classnames', () => {
    expect(nodeIdOf('tests/test_x.py', 'tests.test_x', 'test_a')).toBe('tests/test_x.py::test_a');
    expect(nodeIdOf('tests/test_x.py', 'tests.test_x.TestA.TestB', 'test_b[1-2]')).toBe(
      'tests/test_x.py::TestA::TestB::test_b[1-2]',
    );
    // A classname that only shares a prefix with the module is not a class path.
    expect(nodeIdOf('tests/test_x.py', 'tests.test_xy', 'test_c')).toBe('tests/test_x.py::test_c');
  });

  it('matches traceback paths to the test file however they are spelled', () => {
    const project = '/ws/projects/a';
    const traceback = `${path.join(project, 'tests/test_x.py')}:4: in test\n./tests/test_x.py:7: AssertionError`;
    expect(lineInFile(traceback, 'tests/test_x.py', project)).toBe(7);
    expect(lineInFile('tests/test_y.py:3: AssertionError', 'tests/test_x.py', project)).toBe(
      undefined,
    );
  });
});

describe('ruff output', () => {
  it('reads JSON diagnostics, workspace-relative, with fixability', () => {
    const json = JSON.stringify([
      {
        code: 'F401',
        message: '`os` imported but unused',
        filename: '/ws/projects/a/mod.py',
        location: { row: 1, column: 8 },
        end_location: { row: 1, column: 10 },
        fix: { applicability: 'safe', edits: [] },
        url: 'https://docs.astral.sh/ruff/rules/unused-import',
      },
      {
        code: null,
        message: 'SyntaxError: Expected an expression',
        filename: '/ws/projects/a/bad.py',
        location: { row: 3, column: 5 },
        end_location: { row: 3, column: 6 },
        fix: null,
      },
    ]);
    expect(parseRuffJson(json, root)).toEqual([
      {
        file: 'projects/a/mod.py',
        line: 1,
        column: 8,
        endLine: 1,
        endColumn: 10,
        code: 'F401',
        message: '`os` imported but unused',
        fixable: true,
        url: 'https://docs.astral.sh/ruff/rules/unused-import',
      },
      {
        file: 'projects/a/bad.py',
        line: 3,
        column: 5,
        endLine: 3,
        endColumn: 6,
        code: 'syntax-error',
        message: 'SyntaxError: Expected an expression',
        fixable: false,
      },
    ]);
  });

  it('finds the first changed line of each file in a format diff', () => {
    const diff = [
      '--- projects/a/one.py',
      '+++ projects/a/one.py',
      '@@ -2,5 +2,5 @@',
      ' import sys',
      ' ',
      ' ',
      '-def f( x ):',
      '+def f(x):',
      '@@ -20,3 +20,3 @@',
      '-x=1',
      '+x = 1',
      '',
      '--- projects/a/two.py',
      '+++ projects/a/two.py',
      '@@ -0,0 +1 @@',
      '+"""Docstring."""',
      '',
    ].join('\n');
    expect(parseFormatDiff(diff, root)).toEqual([
      { file: 'projects/a/one.py', line: 5 },
      { file: 'projects/a/two.py', line: 1 },
    ]);
  });

  it('layers project overrides on the workspace config, per-file globs made workspace-relative', () => {
    const overrides = checkSchema.parse({
      ruff: {
        extendSelect: ['D', 'UP'],
        ignore: ['E501'],
        perFileIgnores: { 'tests/*.py': ['S101'], 'scripts/**': ['T201', 'INP001'] },
      },
    }).ruff;
    expect(ruffConfigArgs(root, 'projects/a', '/ws/ruff.toml', overrides)).toEqual([
      '--config',
      '/ws/ruff.toml',
      '--config',
      'lint.extend-select = ["D","UP"]',
      '--config',
      'lint.extend-ignore = ["E501"]',
      '--config',
      'lint.extend-per-file-ignores = { "projects/a/tests/*.py" = ["S101"], "projects/a/scripts/**" = ["T201","INP001"] }',
    ]);
    expect(ruffConfigArgs(root, '/ws/projects/a', undefined, undefined)).toEqual([]);
  });
});
