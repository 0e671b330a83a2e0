import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commitAll, runStep, scratchWorkspace } from '../../lib/testing/action-fixture.js';
import { run } from './main.js';

// Planning with no pinned package, which asks no package index; the inputs that decide whether
// pull requests are opened. Upgrades planned against a real index and proposed on the local
// GitHub API server: action-tests/integration/upgrade.test.ts and e2e/upgrade-action.test.ts.
let root: string;

beforeAll(() => {
  root = scratchWorkspace('upgrade-action', {
    requirements: '# nothing pinned yet\n',
    locked: true,
    projects: { fraud: '' },
  });
  commitAll(root, 'The workspace');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('upgrade action', () => {
  it('plans nothing on a dry run when nothing is pinned, and opens no pull request', async () => {
    const step = await runStep('upgrade', run, { inputs: { workspace: root, 'dry-run': 'true' } });
    expect(step).toMatchObject({
      exitCode: undefined,
      errors: [],
      outputs: { 'pull-requests': '[]', groups: '[]' },
    });
    expect(step.log[0]).toBe(`Planning framework upgrades (workspace ${root})`);
    expect(step.log).toContain('Nothing to upgrade: no pinned requirements.');
    expect(step.summary).toBe(
      '### MLEnv upgrade\n\nNothing to upgrade: every group is up to date.\n\n',
    );
  });

  it('fails naming the github-token input when pull requests are to be opened without one', async () => {
    const step = await runStep('upgrade', run, { inputs: { workspace: root } });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      'upgrade: Input "github-token": expected a token with contents and pull-requests write to open upgrade pull requests, found none; set dry-run: true to plan only.',
    ]);
    expect(step.outputs).toEqual({});
  });

  it('fails naming the dry-run input when it is not true or false', async () => {
    const step = await runStep('upgrade', run, { inputs: { workspace: root, 'dry-run': 'maybe' } });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      'upgrade: Input "dry-run": expected true or false, found "maybe".',
    ]);
  });

  it('masks the github-token', async () => {
    const step = await runStep('upgrade', run, {
      inputs: { workspace: root, 'dry-run': 'true', 'github-token': 'ghs_upgrade' },
    });
    expect(step.masks).toEqual(['ghs_upgrade']);
    expect(step.exitCode).toBeUndefined();
  });
});
