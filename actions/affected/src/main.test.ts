import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  commitAll,
  runStep,
  scratchWorkspace,
  writeFiles,
} from '../../lib/testing/action-fixture.js';
import { run } from './main.js';

// A real git repository: a change to one of two projects, compared by commit.
let root: string;
let base: string;
let head: string;

beforeAll(() => {
  root = scratchWorkspace('affected-action', {
    projects: { fraud: 'train: { command: [python, train.py] }\n', search: '' },
    files: { 'projects/fraud/train.py': 'print("fraud")\n' },
  });
  base = commitAll(root, 'initial');
  writeFiles(root, { 'projects/fraud/train.py': 'print("fraud, v2")\n' });
  head = commitAll(root, 'change fraud');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('affected action', () => {
  it('outputs the projects a change affects, as a list and as a job matrix', async () => {
    const step = await runStep('affected', run, { inputs: { workspace: root, base, head } });
    expect(step).toMatchObject({
      exitCode: undefined,
      errors: [],
      outputs: {
        projects: '["fraud"]',
        matrix: JSON.stringify({
          include: [{ project: 'fraud', dir: 'projects/fraud', trains: true, promotes: false }],
        }),
        any: 'true',
        all: 'false',
      },
    });
    expect(step.log).toContain('1 of 2 projects affected (1 files changed).');
    expect(step.summary).toContain('<h3>MLEnv: affected projects</h3>');
    expect(step.summary).toContain('<td>fraud</td><td>projects/fraud</td>');
  });

  it("compares a pull request's base and head commits when no input names them", async () => {
    const step = await runStep('affected', run, {
      inputs: { workspace: root },
      event: {
        name: 'pull_request',
        payload: {
          pull_request: {
            number: 7,
            base: { sha: head, ref: 'main' },
            head: { sha: head, ref: 'feature' },
          },
        },
      },
    });
    expect(step.outputs).toMatchObject({ projects: '[]', any: 'false', all: 'false' });
    expect(step.log[0]).toBe(`Comparing ${head}...${head} (workspace ${root})`);
  });

  it('fails naming the base input when neither it nor the event gives a base', async () => {
    const step = await runStep('affected', run, { inputs: { workspace: root, head } });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      'affected: Input "base": expected a commit or ref to compare with, found nothing (event "unknown" has no base either).',
    ]);
    expect(step.outputs).toEqual({});
  });
});
