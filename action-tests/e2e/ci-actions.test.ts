import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { loadWorkspace } from '../../shared/config/workspace.js';
import { lockEnvironment } from '../../shared/environment/index.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { projectYaml, writeWorkspace } from '../integration/workspace-fixture.js';
import { loadTestbed } from '../testbed/testbed.js';

// The PR-check actions as committed (action.yml and dist/), chained in one workflow run by act on
// this host: setup builds the environment from a real uv lock, affected picks the changed
// projects, check lints and tests them. One project is clean; one has a lint error, an
// unformatted file and a failing test, each at a known line.
const repoRoot = path.resolve(import.meta.dirname, '../..');
const bed = loadTestbed();
let repo: string;
let home: string;
let results: string;
let base: string;
let run: { status: number | null; log: string };

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
}

function git(...args: string[]): string {
  const result = spawnSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args],
    {
      cwd: repo,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function act(): { status: number | null; log: string } {
  const result = spawnSync(
    bed.tools.act,
    [
      'pull_request',
      '-W',
      '.github/workflows/checks.yml',
      '-P',
      'ubuntu-latest=-self-hosted',
      '--env',
      `RESULTS=${results}`,
      '--env',
      `BASE=${base}`,
      // The bed's uv and the machine's uv cache: the environment builds from local wheels.
      '--env',
      `MLENV_UV=${bed.tools.uv}`,
      '--env',
      `UV_CACHE_DIR=${process.env.UV_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'uv')}`,
    ],
    {
      cwd: repo,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        NODE_OPTIONS: '',
      },
      encoding: 'utf8',
      timeout: 600_000,
    },
  );
  return { status: result.status, log: result.stdout + result.stderr };
}

beforeAll(async () => {
  repo = mkdtempSync(path.join(tmpdir(), 'mlenv-act-checks-'));
  home = mkdtempSync(path.join(tmpdir(), 'mlenv-act-home-'));
  results = path.join(home, 'results');
  mkdirSync(results);
  for (const action of ['setup', 'affected', 'check']) {
    for (const part of ['action.yml', 'dist']) {
      cpSync(
        path.join(repoRoot, 'actions', action, part),
        path.join(repo, 'ci-actions', action, part),
        {
          recursive: true,
        },
      );
    }
  }
  const fixtures = path.join(repoRoot, 'shared/check/fixtures/workspace');
  writeWorkspace(
    repo,
    {},
    {
      'environment/requirements.in': 'ruff==0.17.6\npytest==9.2.0\n',
      'environment/requirements.lock': '',
      'ruff.toml': readFileSync(path.join(fixtures, 'ruff.toml'), 'utf8'),
      'projects/clean/mlenv.yaml': projectYaml('clean'),
      'projects/broken/mlenv.yaml': projectYaml('broken'),
      'projects/untouched/mlenv.yaml': projectYaml('untouched'),
      '.gitignore': '.mlenv/\n__pycache__/\n.ruff_cache/\n',
    },
  );
  await lockEnvironment(await loadWorkspace(repo), createMemoryLogger());
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'workspace');
  base = git('rev-parse', 'HEAD');
  for (const project of ['clean', 'broken'])
    cpSync(path.join(fixtures, 'projects', project), path.join(repo, 'projects', project), {
      recursive: true,
      filter: (source) => !source.includes('__pycache__') && !source.includes('.ruff_cache'),
    });
  // Values reach the workflow through env and inputs, never spliced into a script.
  write(
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
  run = act();
}, 900_000);

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('setup, affected and check actions in one workflow under act', () => {
  it('builds the environment from the lock and exports it', () => {
    const outputs = JSON.parse(readFileSync(path.join(results, 'outputs.json'), 'utf8'));
    expect(outputs.lockHash).toMatch(/^[0-9a-f]{12}$/);
    expect(outputs.venv).toMatch(new RegExp(`\\.mlenv/venvs/${outputs.lockHash}$`));
    expect(run.log).toContain(`Environment ${outputs.lockHash}: built in`);
  });

  it('checks only the affected projects', () => {
    const outputs = JSON.parse(readFileSync(path.join(results, 'outputs.json'), 'utf8'));
    expect(JSON.parse(outputs.affected)).toEqual(['broken', 'clean']);
    const results_ = JSON.parse(outputs.check) as { name: string }[];
    expect(results_.map((r) => r.name)).toEqual(['broken', 'clean']);
  });

  it('fails the job and reports each finding as an annotation at its file and line', () => {
    if (run.status === 0)
      throw new Error(`act passed a workflow with a failing check:\n${run.log.slice(-3000)}`);
    const outputs = JSON.parse(readFileSync(path.join(results, 'outputs.json'), 'utf8'));
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

  it('reuses the environment on the next run: a cache hit', () => {
    const again = act();
    const outputs = JSON.parse(readFileSync(path.join(results, 'outputs.json'), 'utf8'));
    expect(outputs.cacheHit).toBe('true');
    expect(again.log).not.toContain('Creating the workspace environment');
  });
});
