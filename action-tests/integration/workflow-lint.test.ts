import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { glob } from 'tinyglobby';
import {
  isPublishedPath,
  listActions,
  type Pin,
  type PinContext,
  parseVersion,
  pinUses,
  type Version,
} from '../../scripts/release.js';
import { ensureLintTools, type LintTools } from '../workflow-lint/install.js';
import {
  type Finding,
  formatFindings,
  lintWorkflows,
  shippedWorkflowFiles,
  zizmorPublishedConfig,
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

// What a release publishes is the shipped workflows and action.yml files with each use of an
// MLEnv action pinned to the commit SHA the release published for it (scripts/release.ts); those
// are linted with no exception at all. Stand-in SHAs: zizmor runs offline and checks the form.
describe('workflow lint: what a release publishes, with no exception', () => {
  const context: PinContext = {
    owner: 'mlenv',
    sourceRepo: 'mlenv/mlenv',
    published: [],
    // The first release: the version the source's @v1 references name.
    version: parseVersion('1.0.0') as Version,
  };
  // A composite action of the kind actions/ci is, in source form.
  const fixture = [
    'name: MLEnv fixture-ci',
    'description: a composite action that uses MLEnv actions',
    'runs:',
    '  using: composite',
    '  steps:',
    '    - uses: mlenv/setup@v1',
    '    - name: check',
    '      uses: mlenv/check@v1',
    '    - run: echo checked',
    '      shell: bash',
    '',
  ].join('\n');
  let scratch: string;
  const source: string[] = [];
  const pinned: string[] = [];
  let mlenvUses = 0;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mlenv-published-lint-'));
    const published = [...(await listActions(root)), 'fixture-ci'];
    const pins = new Map<string, Pin>(
      published.map((name) => [
        name,
        { sha: createHash('sha1').update(name).digest('hex'), version: '1.0.0' },
      ]),
    );
    const files = (await shippedWorkflowFiles(root))
      .map((file) => ({ rel: rel(file), text: fs.readFileSync(file, 'utf8') }))
      .filter((f) => isPublishedPath(f.rel))
      .concat({ rel: 'actions/fixture-ci/action.yml', text: fixture });
    for (const [form, list] of [
      ['source', source],
      ['pinned', pinned],
    ] as const) {
      for (const file of files) {
        const target = path.join(scratch, form, file.rel);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const text =
          form === 'source'
            ? file.text
            : pinUses(file.text, file.rel, { ...context, published }, pins);
        fs.writeFileSync(target, text);
        const dist = path.join(root, path.dirname(file.rel), 'dist');
        if (fs.existsSync(dist)) fs.symlinkSync(dist, path.join(path.dirname(target), 'dist'));
        list.push(target);
      }
    }
    mlenvUses = files
      .flatMap((f) => f.text.split('\n'))
      .filter((line) => /^\s*(-\s+)?uses:\s*mlenv\//.test(line)).length;
  });

  afterAll(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('the pinned files: actionlint and zizmor report nothing', async () => {
    expect(pinned.length).toBeGreaterThan(1);
    const text = pinned.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const pins = text.match(/uses: mlenv\/[\w-]+@[0-9a-f]{40} # v1\.0\.0$/gm) ?? [];
    expect(pins.length).toBe(mlenvUses);
    const findings = await lintWorkflows(pinned, { tools, zizmorConfig: zizmorPublishedConfig });
    const report = formatFindings(findings, scratch);
    expect(findings.length === 0 ? 'no findings' : report).toBe('no findings');
  });

  test('the same files unpinned fail that lint at each use of an MLEnv action', async () => {
    const findings = await lintWorkflows(source, { tools, zizmorConfig: zizmorPublishedConfig });
    expect(findings.map((f) => `${f.tool} ${f.rule}`)).toEqual(
      Array(mlenvUses).fill('zizmor unpinned-uses'),
    );
    for (const f of findings) {
      const line = fs.readFileSync(f.file, 'utf8').split('\n')[f.line - 1];
      expect(line).toMatch(/uses: mlenv\/[\w-]+@v1$/);
    }
  });
});
