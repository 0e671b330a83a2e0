import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { loadWorkspace, type Workspace } from '../../shared/config/workspace.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { stopServing } from '../../shared/promote/index.js';
import { runTrain } from '../../shared/train/run-train.js';
import { type GithubServer, startGithubServer } from '../github-server/server.js';
import { writeWorkspace } from '../integration/workspace-fixture.js';
import { loadTestbed } from '../testbed/testbed.js';
import { type ActRepo, type ActRun, addTemplateTrainer, createActRepo, runAct } from './act.js';

// The promote action as committed, in a workflow run by act on this host after a merge to main:
// the template is trained and registered from the merge commit against the test bed's MLflow,
// then the action gates it, serves it locally with a real prediction, moves the champion alias
// and records a GitHub Deployment on the local GitHub API server (every request checked against
// GitHub's OpenAPI description).
const bed = loadTestbed();
const model = `act-promote-${Date.now().toString(36)}`;
let scratch: ActRepo;
let github: GithubServer;
let workspace: Workspace;
let sha: string;
let run: ActRun;

beforeAll(async () => {
  scratch = createActRepo('promote', ['promote']);
  const { repo, git } = scratch;
  addTemplateTrainer(repo, 'fraud', (yaml) =>
    yaml.replace('model: pytorch-template', `model: ${model}`),
  );
  writeWorkspace(
    repo,
    { tracking: { uri: bed.mlflow.uri }, serving: { target: 'local' } },
    {
      '.gitignore': '.mlenv/\n__pycache__/\n',
    },
  );
  github = await startGithubServer();
  github.state.seedRepo({ owner: 'acme', repo: 'ml', defaultBranch: 'main' });
  scratch.write(
    '.github/workflows/promote.yml',
    stringify({
      name: 'promote',
      on: 'push',
      permissions: { contents: 'read', deployments: 'write' },
      concurrency: { group: `promote-${model}`, 'cancel-in-progress': false },
      jobs: {
        promote: {
          'runs-on': 'ubuntu-latest',
          steps: [
            { uses: 'actions/checkout@v5' },
            {
              id: 'promote',
              uses: './ci-actions/promote',
              with: {
                project: 'pytorch-template',
                'github-token': 'test-token-1234',
                'github-api-url': '${{ env.API_URL }}',
              },
            },
            {
              name: 'record outputs',
              if: 'always()',
              env: {
                OUTCOME: '${{ steps.promote.outputs.outcome }}',
                VERSION: '${{ steps.promote.outputs.version }}',
                URL: '${{ steps.promote.outputs.url }}',
                DEPLOYMENT: '${{ steps.promote.outputs.deployment-id }}',
              },
              run: 'jq -n --arg outcome "$OUTCOME" --arg version "$VERSION" --arg url "$URL" --arg deployment "$DEPLOYMENT" \'$ARGS.named\' > "$RESULTS/outputs.json"',
            },
          ],
        },
      },
    }),
  );
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://github.com/acme/ml.git');
  git('add', '.');
  git('commit', '-q', '-m', 'merge: train fraud');
  sha = git('rev-parse', 'HEAD');
  github.state.adoptCommit({ owner: 'acme', repo: 'ml', sha });

  // What the train action did on this merge commit: train and register the model.
  workspace = await loadWorkspace(repo);
  const project = workspace.projects[0];
  if (!project) throw new Error('no project');
  const trained = await runTrain({
    workspace,
    project,
    backend: 'local',
    venv: bed.python.venv,
    params: { epochs: 1 },
    register: true,
    logger: createMemoryLogger(),
    signal: new AbortController().signal,
    env: { ...process.env, GITHUB_SHA: sha, GITHUB_REF_NAME: 'main' },
  });
  if (trained.kind !== 'run' || trained.result.status !== 'succeeded' || !trained.result.registered)
    throw new Error(`training failed: ${JSON.stringify(trained).slice(0, 2000)}`);

  // Asynchronously: the GitHub API server runs in this process and must answer meanwhile.
  run = await runAct({
    act: bed.tools.act,
    cwd: repo,
    event: 'push',
    workflow: '.github/workflows/promote.yml',
    home: scratch.home,
    env: { RESULTS: scratch.results, API_URL: github.url, MLENV_VENV: bed.python.venv },
  });
}, 900_000);

afterAll(async () => {
  const project = workspace?.projects[0];
  // act ran in its own copy of the repository: stop the server it started there too.
  if (workspace && project) await stopServing(workspace, project, { logger: createMemoryLogger() });
  spawnSync('pkill', ['-f', `models:/${model}@candidate`]);
  await github?.stop();
  scratch?.remove();
});

describe('promote action under act', () => {
  it('promotes the version registered from the merge commit and serves a prediction', () => {
    if (run.status !== 0) throw new Error(`act failed (${run.status}):\n${run.log.slice(-4000)}`);
    const outputs = JSON.parse(readFileSync(path.join(scratch.results, 'outputs.json'), 'utf8'));
    expect(outputs.outcome).toBe('promoted');
    expect(outputs.version).toBe('1');
    expect(outputs.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.log).toMatch(/answered a prediction on its input example/);
  });

  it('shows the gate table and the deployment in the job summary', () => {
    expect(run.log).toMatch(/\| `val_auc` \| [\d.]+ \| — \| ≥ 0\.7 \| ✅ pass \|/);
    expect(run.log).toMatch(/GitHub Deployment \d+ to `serving\/pytorch-template`/);
  });

  it('recorded the deployment, in progress then successful with the serving URL', () => {
    const outputs = JSON.parse(readFileSync(path.join(scratch.results, 'outputs.json'), 'utf8'));
    const deployments = github.state.getRepo('acme', 'ml')?.deployments ?? [];
    expect(deployments).toHaveLength(1);
    const [deployment] = deployments;
    expect(deployment?.id).toBe(Number(outputs.deployment));
    expect(deployment?.sha).toBe(sha);
    expect(deployment?.environment).toBe('serving/pytorch-template');
    expect(deployment?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(deployment?.statuses[1]?.environmentUrl).toBe(outputs.url);
    expect(github.violations()).toEqual([]);
  });
});
