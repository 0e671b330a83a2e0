import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, jest, test } from '@jest/globals';
import { glob } from 'tinyglobby';
import { ensureLintTools, type LintTools } from '../workflow-lint/install.js';
import {
  type Finding,
  formatFindings,
  lintWorkflows,
  shippedWorkflowFiles,
} from '../workflow-lint/lint.js';

// On a brand-new machine the first call builds actionlint (about a minute on 2 cores); jest 30
// ignores a per-project testTimeout, so set it here.
jest.setTimeout(600_000);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.join(root, 'action-tests/workflow-lint/corpus');
const rel = (file: string) => path.relative(root, file);

let tools: LintTools;

beforeAll(async () => {
  // Installs or reuses the pinned linters; a failed install fails every test with its output.
  tools = await ensureLintTools();
});

function byLine(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.tool.localeCompare(b.tool);
}

describe('workflow lint: what MLEnv ships', () => {
  test('actionlint and zizmor report nothing on every shipped workflow and action', async () => {
    const files = await shippedWorkflowFiles(root);
    // Discovery itself must work: every action folder's metadata is in the list.
    const actionFiles = fs
      .readdirSync(path.join(root, 'actions'))
      .map((name) => path.join(root, 'actions', name, 'action.yml'))
      .filter((file) => fs.existsSync(file));
    expect(actionFiles.length).toBeGreaterThan(0);
    expect(files).toEqual(expect.arrayContaining(actionFiles));

    const findings = (await lintWorkflows(files, { tools })).sort(byLine);
    const checked = `actionlint and zizmor checked ${files.length} file(s):\n${files
      .map((f) => `  ${rel(f)}`)
      .join('\n')}`;
    // All of it in the failure message: every file checked, then every finding.
    const report = `${checked}\n${findings.length} finding(s):\n${formatFindings(findings, root)}`;
    expect(findings.length === 0 ? 'no findings' : report).toBe('no findings');
  });
});

// Each corpus file is bad in one known way (its header says which); the rule ids each tool must
// report, exactly, so a check that stops working, or a file that fails for another reason, shows.
const expected: Record<string, { actionlint: string[]; zizmor: string[] }> = {
  'template-injection.yml': { actionlint: ['expression'], zizmor: ['template-injection'] },
  'pull-request-target.yml': { actionlint: [], zizmor: ['artipacked', 'dangerous-triggers'] },
  'unpinned-uses.yml': { actionlint: [], zizmor: ['unpinned-uses'] },
  'missing-permissions.yml': { actionlint: [], zizmor: ['excessive-permissions'] },
  'syntax-error.yml': { actionlint: ['syntax-check'], zizmor: ['load-error'] },
  'shellcheck.yml': { actionlint: ['shellcheck'], zizmor: [] },
  'pyflakes.yml': { actionlint: ['pyflakes'], zizmor: [] },
  'clean.yml': { actionlint: [], zizmor: [] },
  'actions/composite-injection/action.yml': { actionlint: [], zizmor: ['template-injection'] },
  'actions/broken-node/action.yml': { actionlint: ['action'], zizmor: [] },
};

describe('workflow lint: the checks can fail (bad-workflow corpus)', () => {
  let findings: Finding[] = [];
  let files: string[] = [];

  beforeAll(async () => {
    files = (await glob(['**/*.{yml,yaml}'], { cwd: corpus })).sort();
    findings = await lintWorkflows(
      files.map((f) => path.join(corpus, f)),
      { tools },
    );
  });

  test('every corpus file has its expectation, and every expectation its file', () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  test.each(Object.keys(expected))('%s', (file) => {
    const mine = findings.filter((f) => f.file === path.join(corpus, file));
    const rules = (tool: Finding['tool']) =>
      [...new Set(mine.filter((f) => f.tool === tool).map((f) => f.rule))].sort();
    expect({ actionlint: rules('actionlint'), zizmor: rules('zizmor') }).toEqual(expected[file]);
    // Every finding points at a line of the file.
    const lines = fs.readFileSync(path.join(corpus, file), 'utf8').split('\n').length;
    for (const f of mine) {
      expect(f.line).toBeGreaterThanOrEqual(1);
      expect(f.line).toBeLessThanOrEqual(lines);
    }
  });

  test('findings carry the tools’ own words and point at the offending line', () => {
    const at = (file: string, tool: Finding['tool'], rule: string) =>
      findings.find(
        (f) => f.file === path.join(corpus, file) && f.tool === tool && f.rule === rule,
      );
    expect(at('template-injection.yml', 'zizmor', 'template-injection')?.line).toBe(11);
    expect(at('template-injection.yml', 'actionlint', 'expression')?.message).toMatch(
      /"github\.event\.pull_request\.title" is potentially untrusted/,
    );
    expect(at('unpinned-uses.yml', 'zizmor', 'unpinned-uses')?.line).toBe(11);
    expect(at('shellcheck.yml', 'actionlint', 'shellcheck')?.message).toMatch(/SC2086/);
    expect(at('syntax-error.yml', 'zizmor', 'load-error')?.message).toMatch(
      /'step' was unexpected/,
    );
    // The action's metadata, checked through the probe workflow, reported against the action.
    const broken = findings
      .filter((f) => f.file === path.join(corpus, 'actions/broken-node/action.yml'))
      .map((f) => f.message);
    expect(broken).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/invalid runner name "node12"/),
        expect.stringMatching(
          /file "dist\/index.js" does not exist in ".*corpus\/actions\/broken-node"/,
        ),
      ]),
    );
    // The probe sets the action's required inputs, so their absence is not reported.
    expect(broken.join('\n')).not.toMatch(/missing input/);
  });
});
