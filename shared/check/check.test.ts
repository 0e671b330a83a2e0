import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../errors/index.js';
import type { Logger, SourceLocation } from '../logger/index.js';
import { createMemoryLogger } from '../logger/index.js';
import {
  type CheckResult,
  checkSchema,
  checkSummaryMarkdown,
  formatCheckForTerminal,
  reportAnnotations,
  runCheck,
} from './index.js';
import { pythonToolsForTests } from './test-tools.js';

const workspaceRoot = path.join(import.meta.dirname, 'fixtures', 'workspace');
const broken = { name: 'broken', dir: 'projects/broken' };
const clean = { name: 'clean', dir: 'projects/clean' };
const projects = [broken, clean];

interface Annotation extends SourceLocation {
  message: string;
}

function annotationLogger(): Logger & { annotations: Annotation[] } {
  const annotations: Annotation[] = [];
  return {
    ...createMemoryLogger(),
    annotations,
    error: (message, where) => annotations.push({ message, file: '', ...where }),
  };
}

describe('runCheck on the fixture workspace, with real ruff and pytest', () => {
  let bin: string;
  let result: CheckResult;

  beforeAll(async () => {
    bin = pythonToolsForTests();
    result = await runCheck({ projects, workspaceRoot, bin, logger: createMemoryLogger() });
  });

  it('finds the unused import, the unformatted file and the failing test of the broken project', () => {
    const [broken] = result.projects;
    expect(broken).toMatchObject({
      name: 'broken',
      dir: 'projects/broken',
      ok: false,
      lint: [
        {
          file: 'projects/broken/calc.py',
          line: 1,
          column: 8,
          endLine: 1,
          code: 'F401',
          message: '`os` imported but unused',
          fixable: true,
        },
      ],
      format: [{ file: 'projects/broken/messy.py', line: 5 }],
      // The GPU test is deselected: it would fail if it ran.
      tests: { passed: 2, failed: 1, skipped: 1, errors: 0 },
      failures: [
        {
          nodeId: 'tests/test_calc.py::test_sub',
          file: 'projects/broken/tests/test_calc.py',
          line: 9,
          failureLine: 10,
          outcome: 'failed',
          message: 'assert 2 == 3\n +  where 2 = sub(5, 3)',
        },
      ],
    });
    expect(result.ok).toBe(false);
  });

  it('passes the clean project', () => {
    expect(result.projects[1]).toMatchObject({
      name: 'clean',
      ok: true,
      lint: [],
      format: [],
      failures: [],
      tests: { passed: 2, failed: 0, skipped: 0, errors: 0 },
    });
  });

  it('annotates each finding at its workspace-relative file and line', () => {
    const logger = annotationLogger();
    reportAnnotations(result, logger);
    expect(logger.annotations.map(({ message, ...where }) => where)).toEqual([
      { file: 'projects/broken/calc.py', line: 1, column: 8, title: 'ruff F401' },
      { file: 'projects/broken/messy.py', line: 5, title: 'ruff format' },
      { file: 'projects/broken/tests/test_calc.py', line: 10, title: 'pytest test_sub' },
    ]);
    expect(logger.annotations[0]?.message).toContain('`os` imported but unused');
    expect(logger.annotations[2]?.message).toMatch(/^assert 2 == 3\n/);
  });

  it('summarises one row per project, then the failures in detail', () => {
    const markdown = checkSummaryMarkdown(result);
    const rows = markdown.split('\n').filter((l) => /^\| [✅❌]/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\| ❌ broken \| ❌ 1 \| ❌ 1 \| 2 \| 1 \| 1 \| \d+\.\ds \|$/);
    expect(rows[1]).toMatch(/^\| ✅ clean \| ✅ \| ✅ \| 2 \| 0 \| 0 \| \d+\.\ds \|$/);
    expect(markdown).toContain('- `projects/broken/calc.py:1:8` F401');
    expect(markdown).toContain('- `projects/broken/messy.py:5`');
    expect(markdown).toContain(
      '- `projects/broken/tests/test_calc.py:10` failed `tests/test_calc.py::test_sub`: assert 2 == 3',
    );
    expect(markdown).not.toContain('### ❌ clean');
  });

  it('prints file:line lines per project and a verdict for the terminal', () => {
    const lines = formatCheckForTerminal(result).trimEnd().split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'broken (projects/broken): 1 lint finding, 1 file to format, 1 failing test',
      '  projects/broken/calc.py:1:8: F401 `os` imported but unused [*]',
      '  projects/broken/messy.py:5: would be reformatted by ruff format',
      '  projects/broken/tests/test_calc.py:10: FAILED tests/test_calc.py::test_sub: assert 2 == 3',
      expect.stringMatching(/^ {2}tests: 2 passed, 1 failed, 1 skipped in \d+\.\ds$/),
      'clean (projects/clean): ok',
    ]);
    expect(lines.at(-1)).toMatch(
      /^check failed: 1 of 2 projects \(1 lint finding, 1 file to format, 1 failing test\) in /,
    );
  });

  it('passes when only the clean project is checked', async () => {
    const alone = await runCheck({
      projects: [clean],
      workspaceRoot,
      bin,
      logger: createMemoryLogger(),
    });
    expect(alone.ok).toBe(true);
    expect(formatCheckForTerminal(alone)).toMatch(/check passed: 1 project, 2 tests passed in /);
    expect(checkSummaryMarkdown(alone)).toMatch(/^## mlenv check passed\n/);
  });

  it("applies a project's ruff overrides on top of the workspace config", async () => {
    const overridden = await runCheck({
      projects: [
        {
          ...broken,
          check: checkSchema.parse({ ruff: { perFileIgnores: { 'calc.py': ['F401'] } } }),
        },
        { ...clean, check: checkSchema.parse({ ruff: { extendSelect: ['D103'] } }) },
      ],
      workspaceRoot,
      bin,
      logger: createMemoryLogger(),
    });
    expect(overridden.projects[0]?.lint).toEqual([]);
    const codes = overridden.projects[1]?.lint.map((d) => `${d.file}:${d.line} ${d.code}`);
    expect(codes).toContain('projects/clean/stats.py:1 D103');
  });

  it('says when the environment has no Python (ruff and pytest it can do without)', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'mlenv-check-bin-'));
    try {
      const run = runCheck({ projects, workspaceRoot, bin: empty, logger: createMemoryLogger() });
      await expect(run).rejects.toThrow(ConfigurationError);
      await expect(run).rejects.toThrow(
        `${path.join(empty, 'python')}: expected the Python of the workspace environment, found none.`,
      );
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});

describe('checkSchema', () => {
  it('accepts ruff rule overrides and nothing else', () => {
    expect(checkSchema.parse({ ruff: { ignore: ['E501'] } })).toEqual({
      ruff: { extendSelect: [], ignore: ['E501'], perFileIgnores: {} },
    });
    expect(checkSchema.safeParse({ ruff: { lineLength: 120 } }).success).toBe(false);
    expect(checkSchema.safeParse({ pytest: {} }).success).toBe(false);
    expect(checkSchema.safeParse({ ruff: { ignore: ['e501'] } }).success).toBe(false);
    expect(
      checkSchema.safeParse({ ruff: { perFileIgnores: { '../other/*.py': ['F401'] } } }).success,
    ).toBe(false);
  });
});
