import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { loadWorkspace } from '../../shared/config/workspace.js';
import { findUv, lockEnvironment, parseLockPins } from '../../shared/environment/index.js';
import { writeImages } from '../../shared/images/index.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { type GithubServer, startGithubServer } from '../github-server/server.js';
import { projectYaml, workspaceYaml } from '../integration/workspace-fixture.js';
import { type PackageIndexServer, startPackageIndex } from '../package-index/server.js';
import { loadTestbed } from '../testbed/testbed.js';
import { type ActRepo, type ActRun, createActRepo, runAct } from './act.js';

// The upgrade action as committed, in a scheduled workflow run by act (the schedule event from an
// event file), against the real package index and the local GitHub API server.
const bed = loadTestbed();
let scratch: ActRepo;
let index: PackageIndexServer;
let github: GithubServer;
let act: ActRun;

beforeAll(async () => {
  scratch = createActRepo('upgrade', ['upgrade']);
  const { repo, home, results, git } = scratch;
  index = await startPackageIndex();
  github = await startGithubServer();
  const files: Record<string, string> = {
    'mlenv.yaml': workspaceYaml({
      upgrade: { schedule: '0 4 * * 1', labels: ['mlenv-upgrade'] },
    }).replace('  image:', `  indexUrl: ${index.url}\n  image:`),
    'environment/requirements.in': 'torch==2.5.0\ntorchvision==0.20.0\nleafpkg==1.0.0\n',
    'projects/fraud/mlenv.yaml': projectYaml('fraud'),
    '.github/workflows/upgrade.yml': stringify({
      name: 'upgrade',
      on: { schedule: [{ cron: '0 4 * * 1' }], workflow_dispatch: {} },
      permissions: { contents: 'write', 'pull-requests': 'write' },
      jobs: {
        upgrade: {
          'runs-on': 'ubuntu-latest',
          'timeout-minutes': 30,
          steps: [
            { uses: 'actions/checkout@v5' },
            {
              id: 'upgrade',
              uses: './ci-actions/upgrade',
              with: { 'github-token': 'test-token-1234', 'github-api-url': '${{ env.API_URL }}' },
            },
            {
              name: 'record outputs',
              if: 'always()',
              env: { PULLS: '${{ steps.upgrade.outputs.pull-requests }}' },
              run: 'printf "%s" "$PULLS" > "$RESULTS/pull-requests.json"',
            },
          ],
        },
      },
    }),
  };
  for (const [file, text] of Object.entries(files)) scratch.write(file, text);
  const workspace = await loadWorkspace(repo);
  await lockEnvironment(workspace, createMemoryLogger());
  await writeImages(await loadWorkspace(repo), path.join(repo, 'runner-images'));
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://github.com/acme/ml.git');
  git('add', '-A');
  git('commit', '-q', '-m', 'The workspace');
  github.state.seedRepo({
    owner: 'acme',
    repo: 'ml',
    files: Object.fromEntries(
      git('ls-files')
        .split('\n')
        .map((file) => [file, readFileSync(path.join(repo, file), 'utf8')]),
    ),
  });
  const eventFile = path.join(home, 'schedule.json');
  writeFileSync(eventFile, JSON.stringify({ schedule: '0 4 * * 1' }));
  act = await runAct({
    act: bed.tools.act,
    cwd: repo,
    event: 'schedule',
    workflow: '.github/workflows/upgrade.yml',
    home,
    eventFile,
    env: {
      RESULTS: results,
      API_URL: github.url,
      // The uv this machine already has: act's HOME is a scratch one.
      MLENV_UV: await findUv(createMemoryLogger()),
      UV_CACHE_DIR: path.join(homedir(), '.cache', 'uv'),
    },
  });
}, 900_000);

afterAll(async () => {
  await index?.stop();
  await github?.stop();
  scratch?.remove();
});

describe('upgrade action in a scheduled workflow under act', () => {
  it('opens one pull request per group and reports them as outputs', () => {
    if (act.status !== 0) throw new Error(`act failed (${act.status}):\n${act.log.slice(-4000)}`);
    const pulls = JSON.parse(
      readFileSync(path.join(scratch.results, 'pull-requests.json'), 'utf8'),
    ) as {
      group: string;
      action: string;
      number: number;
    }[];
    expect(pulls.map((p) => [p.group, p.action]).sort()).toEqual([
      ['leafpkg', 'created'],
      ['pytorch', 'created'],
    ]);
    const state = github.state.getRepo('acme', 'ml');
    expect(state?.pulls.map((p) => p.headRef).sort()).toEqual([
      'mlenv/upgrade/leafpkg',
      'mlenv/upgrade/pytorch',
    ]);
  });

  it('locked the torch family together on its branch', async () => {
    const response = await fetch(
      `${github.url}/repos/acme/ml/contents/environment/requirements.lock?ref=mlenv/upgrade/pytorch`,
      { headers: { authorization: 'token t', accept: 'application/vnd.github+json' } },
    );
    expect(response.status).toBe(200);
    const { content } = (await response.json()) as { content: string };
    const lock = Buffer.from(content, 'base64').toString('utf8');
    expect(Object.fromEntries(parseLockPins(lock))).toMatchObject({
      torch: '2.6.0',
      torchvision: '0.21.0',
    });
  });

  it('shows the groups and their pull requests in the job summary', () => {
    expect(act.log).toMatch(
      /\| `pytorch` \| torch 2\.5\.0 → 2\.6\.0 \(minor\)<br>torchvision 0\.20\.0 → 0\.21\.0 \(minor\) \| pull request opened \[#\d+\]/,
    );
    expect(github.violations()).toEqual([]);
  });
});
