import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pythonToolsForTests } from '../../../shared/check/test-tools.js';
import { runStep, workspaceFiles, writeFiles } from '../../lib/testing/action-fixture.js';
import { run } from './main.js';

// The fixture projects of shared/check (one clean, one with a lint error, an unformatted file and
// a failing test) in a workspace, checked with the real ruff and pytest of the test bed's venv.
let root: string;
let venv: string;

beforeAll(() => {
  venv = path.dirname(pythonToolsForTests());
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-check-action-'));
  cpSync(path.resolve(import.meta.dirname, '../../../shared/check/fixtures/workspace'), root, {
    recursive: true,
  });
  writeFiles(
    root,
    workspaceFiles({ requirements: 'pytest==8.3.4\n', projects: { clean: '', broken: '' } }),
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('check action', () => {
  it('checks the projects given as a JSON list and fails naming the one that did not pass', async () => {
    const step = await runStep('check', run, {
      inputs: { workspace: root, projects: '["broken", "clean"]', venv },
    });
    expect(step.exitCode).toBe(1);
    expect(step.errors.at(-1)).toBe('check: broken did not pass (see the annotations and summary)');
    expect(step.outputs.ok).toBe('false');
    expect(JSON.parse(step.outputs.results ?? '')).toEqual([
      { name: 'broken', lint: 1, format: 1, passed: 2, failed: 1, skipped: 1 },
      { name: 'clean', lint: 0, format: 0, passed: 2, failed: 0, skipped: 0 },
    ]);
    // The lint finding is an annotation at its file and line.
    expect(step.commands).toContainEqual({
      command: 'error',
      properties: { title: 'ruff F401', file: 'projects/broken/calc.py', line: '1', col: '8' },
      message: '`os` imported but unused (fixable with `ruff check --fix`)',
    });
    expect(step.summary).toMatch(/^## mlenv check failed\n/);
    expect(step.summary).toContain('| ❌ broken | ❌ 1 | ❌ 1 | 2 | 1 | 1 |');
    expect(step.summary).toContain('- `projects/broken/messy.py:5`');
  });

  it('passes one clean project given by name', async () => {
    const step = await runStep('check', run, {
      inputs: { workspace: root, projects: 'clean\n', venv },
    });
    expect(step).toMatchObject({ exitCode: undefined, errors: [], outputs: { ok: 'true' } });
    expect(JSON.parse(step.outputs.results ?? '')).toEqual([
      { name: 'clean', lint: 0, format: 0, passed: 2, failed: 0, skipped: 0 },
    ]);
    expect(step.summary).toMatch(/^## mlenv check passed\n/);
  });

  it('checks nothing for an empty list, the affected action finding nothing', async () => {
    const step = await runStep('check', run, { inputs: { workspace: root, projects: '[]' } });
    expect(step).toMatchObject({
      exitCode: undefined,
      outputs: { ok: 'true', results: '[]' },
    });
    expect(step.log).toContain('No projects given: nothing to check.');
  });

  it('fails naming the projects input when it is not a JSON list of names', async () => {
    const step = await runStep('check', run, { inputs: { workspace: root, projects: '["clean"' } });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      'check: Input "projects": expected a JSON list of names, found ["clean".',
    ]);
  });

  it('fails naming a project the workspace does not have', async () => {
    const step = await runStep('check', run, { inputs: { workspace: root, projects: 'nope' } });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      'check: Project "nope": expected one of broken, clean, found no such project.',
    ]);
  });
});
