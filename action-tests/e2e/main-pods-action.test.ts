import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { stringify } from 'yaml';
import { loadWorkspace } from '../../shared/config/workspace.js';
import { lockHash } from '../../shared/environment/index.js';
import { defaultBuildahRoot } from '../../shared/images/build/builders/buildah.js';
import { createKubeClient } from '../../shared/k8s/client.js';
import { MlflowClient } from '../../shared/mlflow/client.js';
import { type GithubServer, startGithubServer } from '../github-server/server.js';
import { bedBuildOptions, deleteTag, templateImage } from '../integration/bed-images.js';
import { podPlacements } from '../integration/run-objects.js';
import { predictTemplate } from '../integration/serving-fixture.js';
import { realNodeLabel, realNodeTaint } from '../testbed/network/plan.js';
import { TestNamespace } from '../testbed/test-namespace.js';
import { loadTestbed } from '../testbed/testbed.js';
import { type ActRepo, callerArgs, createActRepo, keepActLog, runAct } from './act.js';

// MLEnv's main-branch workflow (mlenv-main.yml, as published) under act, on Kubernetes for real:
// its image job builds the runtime image of the workspace template's lock with buildah and pushes
// it to the bed's registry (its tag deleted before each run, so it is always missing), its
// train job runs the template in a pod on a real node from that image, registers the model the
// pod logged, and its promote job serves it and records the GitHub deployment. The workspace is
// the template as `mlenv init` writes it, with the test bed's addresses; the code reaches the
// pods as the run's MLflow artifact (the pods cannot reach github.com).
jest.setTimeout(1_500_000);
const bed = loadTestbed();
const ns = new TestNamespace('e2e-main-pods');
const suffix = Date.now().toString(36);
const MODEL = `main-pods-${suffix}`;
// One repository for every run: the tag is deleted before each, so the image job finds it
// missing and builds, while the layers it pushes are already in the repository from the last run
// (a push to a new repository would upload all 3.3 GiB again whenever the registry's address
// changed since, as it does with every fresh checkout of the bed).
const REPOSITORY = 'mlenv-e2e/main-pods';
const OWNER = 'acme';
const NAME = 'ml';
const TOKEN = 'ghs_mainPodsTestToken1234567890';
const repoRoot = path.resolve(import.meta.dirname, '../..');
const mlflow = new MlflowClient({ uri: bed.mlflow.uri });

let scratch: ActRepo;
let published: string;
let github: GithubServer;
let before: string;
let after: string;
let image: string;

beforeAll(async () => {
  await ns.create();
  scratch = createActRepo('main-pods');
  const { repo, home, git } = scratch;
  published = mkdtempSync(path.join(tmpdir(), 'mlenv-main-pods-published-'));
  cpSync(
    path.join(repoRoot, '.github/workflows/mlenv-main.yml'),
    path.join(published, '.github/workflows/mlenv-main.yml'),
  );
  github = await startGithubServer();
  // The image job's buildah keeps its layers in the runner's HOME: this machine's, so that the
  // environment layer built by the other tests is reused rather than built again for minutes.
  mkdirSync(path.join(home, '.cache', 'mlenv'), { recursive: true });
  symlinkSync(defaultBuildahRoot(homedir()), defaultBuildahRoot(home));

  const template = path.join(repoRoot, 'templates/workspace');
  cpSync(template, repo, { recursive: true });
  const build = bedBuildOptions(bed);
  const caller = readFileSync(path.join(template, '.github/workflows/mlenv.yml'), 'utf8').replace(
    '    uses: mlenv/mlenv/.github/workflows/mlenv-main.yml@v1\n',
    `    uses: mlenv/mlenv/.github/workflows/mlenv-main.yml@v1\n    with:\n${Object.entries({
      'base-image': build.baseImage,
      'uv-image': build.uvImage,
      'image-python': build.python,
      'insecure-registry': bed.registry.host,
    })
      .map(([key, value]) => `      ${key}: "${value}"\n`)
      .join('')}`,
  );
  expect(caller).toContain('insecure-registry');
  scratch.write('.github/workflows/mlenv.yml', caller);
  const workspaceFile = path.join(repo, 'mlenv.yaml');
  writeFileSync(
    workspaceFile,
    `${readFileSync(workspaceFile, 'utf8')
      .replace('image: ghcr.io/acme/mlenv-runtime', `image: ${bed.registry.host}/${REPOSITORY}`)
      .replace('serving:\n  target: local\n', '')}${stringify({
      tracking: { uri: bed.mlflow.uri },
      serving: { target: 'local' },
      kubernetes: {
        namespace: ns.name,
        code: { source: 'working-tree' },
        nodeSelector: { [realNodeLabel.key]: realNodeLabel.value },
        tolerations: [{ key: realNodeTaint.key, operator: 'Exists', effect: realNodeTaint.effect }],
      },
    })}`,
  );
  const projectFile = path.join(repo, 'projects/pytorch/mlenv.yaml');
  writeFileSync(
    projectFile,
    readFileSync(projectFile, 'utf8')
      .replace(/^ {2}params: \{.*\}$/m, '  params: { epochs: 2, train-size: 2048, val-size: 512 }')
      .replace(
        'resources: { gpus: 0, cpu: "2", memory: 4Gi }',
        'resources: { gpus: 0, cpu: "500m", memory: 3Gi }',
      )
      .replace('model: pytorch-template', `model: ${MODEL}`)
      .replace('serving: { name: pytorch-template }', `serving: { name: ${MODEL} }`),
  );
  const workspace = await loadWorkspace(repo);
  const tag = await lockHash(workspace);
  image = `${bed.registry.host}/${REPOSITORY}:${tag}`;
  // The template's image under its own name, built (once per machine) before the workflow builds
  // it again under this run's name from buildah's cached layers.
  await templateImage(bed);

  await deleteTag(bed, REPOSITORY, tag);

  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', `https://github.com/${OWNER}/${NAME}.git`);
  git('add', '-A');
  git('commit', '-q', '-m', 'Adopt MLEnv');
  before = git('rev-parse', 'HEAD').trim();
  scratch.write('projects/pytorch/NOTES.md', 'Trained on the cluster from main.\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'Merge pull request: train the fraud model on the cluster');
  after = git('rev-parse', 'HEAD').trim();
  const files = git('ls-files').trim().split('\n');
  github.state.seedRepo({
    owner: OWNER,
    repo: NAME,
    files: Object.fromEntries(files.map((file) => [file, readFileSync(path.join(repo, file))])),
  });
  for (const sha of [before, after]) github.state.adoptCommit({ owner: OWNER, repo: NAME, sha });
}, 1_800_000);

afterAll(async () => {
  // Local serving runs detached, from act's copy of the repository.
  try {
    execFileSync('pkill', ['-f', `models:/${MODEL}@`]);
  } catch {
    // Nothing was serving.
  }
  await github?.stop();
  scratch?.remove();
  if (published) rmSync(published, { recursive: true, force: true });
  await ns.delete();
});

async function runMain() {
  const { repo, home } = scratch;
  const eventFile = path.join(home, `push-${Date.now()}.json`);
  const repository = { full_name: `${OWNER}/${NAME}`, name: NAME, owner: { login: OWNER } };
  writeFileSync(
    eventFile,
    JSON.stringify({
      ref: 'refs/heads/main',
      before,
      after,
      repository,
      head_commit: {
        id: after,
        message: 'Merge pull request: train the fraud model on the cluster',
      },
    }),
  );
  const run = await runAct({
    act: bed.tools.act,
    cwd: repo,
    event: 'push',
    workflow: '.github/workflows/mlenv.yml',
    home,
    eventFile,
    timeoutMs: 1_200_000,
    args: callerArgs({
      published,
      secrets: {
        GITHUB_TOKEN: TOKEN,
        MLENV_KUBECONFIG: readFileSync(bed.kubernetes.ciKubeconfig, 'utf8'),
      },
    }),
    env: {
      GITHUB_API_URL: github.url,
      // Promotion serves from the bed's Python environment, as in the lifecycle test.
      MLENV_VENV: bed.python.venv,
      MLENV_UV: bed.tools.uv,
    },
  });
  keepActLog('main-pods', run);
  return run;
}

describe('mlenv-main.yml on the real nodes under act', () => {
  it('builds the missing runtime image, trains in a pod from it, registers, promotes and deploys', async () => {
    const run = await runMain();
    if (run.status !== 0)
      throw new Error(
        `the main workflow failed (act exit ${run.status}):\n${run.log.slice(-8000)}`,
      );
    const { log } = run;
    // The image job: the tag was missing, so buildah built it and pushed it.
    expect(log).toContain(`${image} is not in the registry: building it`);
    expect(log).toMatch(/Builder: buildah, because/);
    expect(log).toContain(`Built and pushed ${image} with buildah`);

    const versions = await mlflow.searchModelVersions(`name='${MODEL}'`);
    expect(versions).toHaveLength(1);
    const runId = versions[0]?.run_id ?? '';
    const trained = await mlflow.getRun(runId);
    expect(trained.info.status).toBe('FINISHED');
    const tags = Object.fromEntries(trained.data.tags.map((t) => [t.key, t.value]));
    expect([tags['mlenv.backend'], tags['mlenv.image'], tags['mlenv.git.commit']]).toEqual([
      'kubernetes',
      image,
      after,
    ]);
    // It ran in a pod on a real node, from the image the workflow built.
    const admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig });
    const placements = await podPlacements(admin, ns.name, runId);
    expect(placements.length).toBeGreaterThan(0);
    for (const placement of placements)
      expect(placement).toEqual({ node: expect.stringMatching(/^real-node-\d$/), image });

    const champion = await mlflow.getModelVersionByAlias(MODEL, 'champion');
    expect(champion?.version).toBe(versions[0]?.version);
    const deployments = github.state.getRepo(OWNER, NAME)?.deployments ?? [];
    expect(deployments.map((d) => [d.sha, d.environment])).toEqual([[after, `serving/${MODEL}`]]);
    const url = deployments[0]?.statuses.at(-1)?.environmentUrl ?? '';
    expect(await predictTemplate(url)).toHaveLength(1);
    expect(github.violations()).toEqual([]);
  });
});
