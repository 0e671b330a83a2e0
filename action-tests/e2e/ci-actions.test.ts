import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { loadWorkspace } from '../../shared/config/workspace.js';
import { lockEnvironment } from '../../shared/environment/index.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { loadTestbed } from '../testbed/testbed.js';
import { type ActRepo, type ActRun, createActRepo, runAct } from './act.js';
import { copyCheckProjects, writeCheckWorkspace } from './check-workspace.js';

// The PR-check actions as committed (action.yml and dist/), chained in one workflow run by act on
// this host: setup builds the environment from a real uv lock, affected picks the changed
// projects, check lints and tests them. One project is clean; one has a lint error, an
// unformatted file and a failing test, each at a known line.
const bed = loadTestbed();
let scratch: ActRepo;
let base: string;
let run: ActRun;

function act(): Promise<ActRun> {
  return runAct({
    act: bed.tools.act,
    cwd: scratch.repo,
    event: 'pull_request',
    workflow: '.github/workflows/checks.yml',
    home: scratch.home,
    env: {
      RESULTS: scratch.results,
      BASE: base,
      // The bed's uv and the machine's uv cache: the environment builds from local wheels.
      MLENV_UV: bed.tools.uv,
      UV_CACHE_DIR: process.env.UV_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'uv'),
    },
  });
}

function readOutputs() {
  return JSON.parse(readFileSync(path.join(scratch.results, 'outputs.json'), 'utf8'));
}

beforeAll(async () => {
  scratch = createActRepo('checks', ['setup', 'affected', 'check']);
  const { repo, git } = scratch;
  writeCheckWorkspace(repo, ['clean', 'broken', 'untouched']);
  await lockEnvironment(await loadWorkspace(repo), createMemoryLogger());
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'workspace');
  base = git('rev-parse', 'HEAD');
  copyCheckProjects(repo, ['clean', 'broken']);
  // Values reach the workflow through env and inputs, never spliced into a script.
  scratch.write(
    '.github/workflows/checks.yml',
    stringify({
      name: 'checks',
      on: 'pull_request',
      permissions: { contents: 'read' },
      jobs: {
        checks: {
          'runs-on': 'ubuntu-latest',
          steps: [
            { uses: 'actions/checkout@v5' },
            { id: 'setup', uses: './ci-actions/setup' },
            {
              id: 'affected',
              uses: './ci-actions/affected',
              with: { base: '${{ env.BASE }}', head: 'HEAD' },
            },
            {
              id: 'check',
              uses: './ci-actions/check',
              with: { projects: '${{ steps.affected.outputs.projects }}' },
            },
            {
              name: 'record outputs',
              if: 'always()',
              env: {
                VENV: '${{ steps.setup.outputs.venv }}',
                LOCK_HASH: '${{ steps.setup.outputs.lock-hash }}',
                CACHE_HIT: '${{ steps.setup.outputs.cache-hit }}',
                AFFECTED: '${{ steps.affected.outputs.projects }}',
                OK: '${{ steps.check.outputs.ok }}',
                CHECK: '${{ steps.check.outputs.results }}',
              },
              run: 'jq -n --arg venv "$VENV" --arg lockHash "$LOCK_HASH" --arg cacheHit "$CACHE_HIT" --arg affected "$AFFECTED" --arg ok "$OK" --arg check "$CHECK" \'$ARGS.named\' > "$RESULTS/outputs.json"',
            },
          ],
        },
      },
    }),
  );
  git('add', '.');
  git('commit', '-q', '-m', 'add projects');
  git('checkout', '-q', '-b', 'feature');
  run = await act();
}, 900_000);

afterAll(() => scratch?.remove());

describe('setup, affected and check actions in one workflow under act', () => {
  it('builds the environment from the lock and exports it', () => {
    const outputs = readOutputs();
    expect(outputs.lockHash).toMatch(/^[0-9a-f]{12}$/);
    expect(outputs.venv).toMatch(new RegExp(`\\.mlenv/venvs/${outputs.lockHash}$`));
    expect(run.log).toContain(`Environment ${outputs.lockHash}: built in`);
  });

  it('checks only the affected projects', () => {
    const outputs = readOutputs();
    expect(JSON.parse(outputs.affected)).toEqual(['broken', 'clean']);
    const results_ = JSON.parse(outputs.check) as { name: string }[];
    expect(results_.map((r) => r.name)).toEqual(['broken', 'clean']);
  });

  it('fails the job and reports each finding as an annotation at its file and line', () => {
    if (run.status === 0)
      throw new Error(`act passed a workflow with a failing check:\n${run.log.slice(-3000)}`);
    const outputs = readOutputs();
    expect(outputs.ok).toBe('false');
    expect(JSON.parse(outputs.check)).toEqual([
      { name: 'broken', lint: 1, format: 1, passed: 2, failed: 1, skipped: 1 },
      { name: 'clean', lint: 0, format: 0, passed: expect.any(Number), failed: 0, skipped: 0 },
    ]);
    expect(run.log).toMatch(
      /::error title=ruff F401,file=projects\/broken\/calc\.py,line=1,col=8::/,
    );
    expect(run.log).toMatch(/::error title=ruff format,file=projects\/broken\/messy\.py,line=5/);
    expect(run.log).toMatch(
      /::error title=pytest test_sub,file=projects\/broken\/tests\/test_calc\.py,line=10/,
    );
    expect(run.log).toContain('check: broken did not pass');
  });

  it('writes one summary row per project', () => {
    expect(run.log).toMatch(/\| ❌ broken \| ❌ 1 \| ❌ 1 \| 2 \| 1 \| 1 \|/);
    expect(run.log).toMatch(/\| ✅ clean \| ✅ \| ✅ \| 2 \| 0 \| 0 \|/);
    expect(run.log).toContain('`projects/broken/tests/test_calc.py:10` failed');
  });

  it('reuses the environment on the next run: a cache hit', async () => {
    const again = await act();
    const outputs = readOutputs();
    expect(outputs.cacheHit).toBe('true');
    expect(again.log).not.toContain('Creating the workspace environment');
  });
});
