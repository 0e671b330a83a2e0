import type { Logger } from '../logger/index.js';
import { plural } from '../util/text.js';
import type { CheckResult, ProjectCheckResult, TestResult } from './result.js';

/** One error annotation per finding, at the workspace-relative file and line it is about. */
export function reportAnnotations(result: CheckResult, logger: Logger): void {
  for (const project of result.projects) {
    for (const d of project.lint) {
      logger.error(`${d.message}${d.fixable ? ' (fixable with `ruff check --fix`)' : ''}`, {
        file: d.file,
        line: d.line,
        column: d.column,
        title: `ruff ${d.code}`,
      });
    }
    for (const f of project.format) {
      logger.error(`${f.file} would be reformatted: run \`ruff format ${f.file}\``, {
        file: f.file,
        line: f.line,
        title: 'ruff format',
      });
    }
    for (const t of project.failures) {
      logger.error(t.message ?? `${t.nodeId} ${t.outcome}`, {
        file: t.file,
        line: t.failureLine ?? Math.max(t.line, 1),
        title: `pytest ${testName(t)}`,
      });
    }
    if (project.testRunError) logger.error(`${project.name}: ${project.testRunError}`);
  }
}

/** The test's name within its file: "test_x", "TestY::test_x[1]", or the file for import errors. */
export function testName(test: TestResult): string {
  return test.nodeId.split('::').slice(1).join('::') || test.nodeId;
}

function failureLine(t: TestResult): number {
  return t.failureLine ?? Math.max(t.line, 1);
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]?.trim() ?? '';
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${Math.round(seconds - minutes * 60)}s`;
}

function testCounts(project: ProjectCheckResult): string {
  const { passed, failed, skipped, errors, durationS } = project.tests;
  const parts = [`${passed} passed`, `${failed} failed`];
  if (errors > 0) parts.push(plural(errors, 'error'));
  parts.push(`${skipped} skipped`);
  return `${parts.join(', ')} in ${formatDuration(durationS)}`;
}

function problemCounts(projects: readonly ProjectCheckResult[]): string {
  const sum = (f: (p: ProjectCheckResult) => number): number =>
    projects.reduce((n, p) => n + f(p), 0);
  const parts: string[] = [];
  const lint = sum((p) => p.lint.length);
  const format = sum((p) => p.format.length);
  const failing = sum((p) => p.failures.length);
  const broken = sum((p) => (p.testRunError ? 1 : 0));
  if (lint) parts.push(plural(lint, 'lint finding'));
  if (format) parts.push(plural(format, 'file to format', 'files to format'));
  if (failing) parts.push(plural(failing, 'failing test'));
  if (broken) parts.push(plural(broken, 'pytest run that failed', 'pytest runs that failed'));
  return parts.join(', ');
}

/** file:line: message lines grouped per project, then one line with the verdict. */
export function formatCheckForTerminal(result: CheckResult): string {
  const lines: string[] = [];
  for (const project of result.projects) {
    const problems = problemCounts([project]);
    lines.push(`${project.name} (${project.dir}): ${project.ok ? 'ok' : problems}`);
    for (const d of project.lint) {
      lines.push(
        `  ${d.file}:${d.line}:${d.column}: ${d.code} ${d.message}${d.fixable ? ' [*]' : ''}`,
      );
    }
    for (const f of project.format) {
      lines.push(`  ${f.file}:${f.line}: would be reformatted by ruff format`);
    }
    for (const t of project.failures) {
      const label = t.outcome === 'error' ? 'ERROR' : 'FAILED';
      lines.push(`  ${t.file}:${failureLine(t)}: ${label} ${t.nodeId}: ${firstLine(t.message)}`);
    }
    if (project.testRunError) lines.push(`  ${project.testRunError.split('\n').join('\n  ')}`);
    lines.push(`  tests: ${testCounts(project)}`);
  }
  const total = result.projects.length;
  const passed = result.projects.reduce((n, p) => n + p.tests.passed, 0);
  const duration = formatDuration(result.durationS);
  if (result.ok) {
    lines.push(
      `check passed: ${plural(total, 'project')}, ${plural(passed, 'test')} passed in ${duration}`,
    );
  } else {
    const failing = result.projects.filter((p) => !p.ok);
    lines.push(
      `check failed: ${failing.length} of ${plural(total, 'project')} (${problemCounts(failing)}) in ${duration}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function cell(ok: boolean, count: number): string {
  return ok ? '✅' : `❌ ${count}`;
}

/** A fence longer than any backtick run in the text, so tracebacks cannot end the block early. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function inline(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** One table row per project, then the details of every project that failed. */
export function checkSummaryMarkdown(result: CheckResult): string {
  const out: string[] = [
    `## mlenv check ${result.ok ? 'passed' : 'failed'}`,
    '',
    '| project | lint | format | passed | failed | skipped | duration |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const p of result.projects) {
    const failed = p.tests.failed + p.tests.errors + (p.testRunError ? 1 : 0);
    out.push(
      `| ${p.ok ? '✅' : '❌'} ${p.name} | ${cell(p.lint.length === 0, p.lint.length)} | ${cell(p.format.length === 0, p.format.length)} | ${p.tests.passed} | ${failed} | ${p.tests.skipped} | ${formatDuration(p.durationS)} |`,
    );
  }
  for (const p of result.projects.filter((project) => !project.ok)) {
    out.push('', `### ❌ ${p.name} (\`${p.dir}\`)`);
    if (p.lint.length > 0) {
      out.push('', '**ruff check**', '');
      for (const d of p.lint) {
        out.push(`- \`${d.file}:${d.line}:${d.column}\` ${d.code}: ${inline(d.message)}`);
      }
    }
    if (p.format.length > 0) {
      out.push('', '**ruff format** (run `ruff format` on these files)', '');
      for (const f of p.format) out.push(`- \`${f.file}:${f.line}\``);
    }
    if (p.failures.length > 0 || p.testRunError) {
      out.push('', '**pytest**', '');
      for (const t of p.failures) {
        out.push(
          `- \`${t.file}:${failureLine(t)}\` ${t.outcome} \`${t.nodeId}\`: ${inline(firstLine(t.message))}`,
        );
        if (t.details) {
          out.push(
            '',
            '<details><summary>traceback</summary>',
            '',
            fenced(t.details),
            '',
            '</details>',
            '',
          );
        }
      }
      if (p.testRunError) out.push('', fenced(p.testRunError));
    }
  }
  return `${out.join('\n')}\n`;
}
