import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { stringify } from 'yaml';
import { loadWorkspace } from '../../../shared/config/workspace.js';
import {
  findUv,
  lockEnvironment,
  lockHash,
  parseLockPins,
} from '../../../shared/environment/index.js';
import { writeImages } from '../../../shared/images/index.js';
import { createKubeClient } from '../../../shared/k8s/client.js';
import { createMemoryLogger } from '../../../shared/logger/index.js';
import { MlflowClient } from '../../../shared/mlflow/client.js';
import { type GithubServer, startGithubServer } from '../../github-server/server.js';
import { copyImage, deleteTag, templateImage } from '../../integration/bed-images.js';
import { podPlacements } from '../../integration/run-objects.js';
import { predictTemplate } from '../../integration/serving-fixture.js';
import { workspaceYaml } from '../../integration/workspace-fixture.js';
import { type PackageIndexServer, startPackageIndex } from '../../package-index/server.js';
import { realNodeLabel, realNodeTaint } from '../../testbed/network/plan.js';
import { TestNamespace } from '../../testbed/test-namespace.js';
import { loadTestbed } from '../../testbed/testbed.js';
import {
  type ActRepo,
  type ActRun,
  addTemplateTrainer,
  callerArgs,
  createActRepo,
  keepActLog,
  runAct,
} from '../act.js';

// The whole lifecycle as a team adopting MLEnv lives it, under act on this host: a scratch ML
// monorepo whose only CI file is the adoption template's caller workflow
// (templates/workspace/.github/workflows/mlenv.yml, verbatim), calling MLEnv's reusable workflows
// and actions as `mlenv/mlenv/.github/workflows/*.yml@v1` and `mlenv/<action>@v1`, which act maps
// to this checkout (--local-repository): the committed workflows and dist bundles, as published.
// Around it, the real services: the test bed's MLflow, Kubernetes (its real nodes run the
// training pods), registry and Python environment, the local GitHub API server (every request
// checked against GitHub's OpenAPI description) and a real package index.
//
// Three stand-ins, all for what cannot be reached here: actions/upload-artifact and
// download-artifact (GitHub-hosted repositories) are replaced by ./upload-artifact and
// ./download-artifact, which keep artifacts as folders of a per-run store. This workspace's lock
// pins the test index's stand-in packages (so that the upgrade leg has a torch to move), so
// neither its environment nor its image can train: the workflows run in the test bed's Python
// environment (MLENV_VENV), and the registry holds, under this lock's tag, the workspace
// template's real image (torch, mlflow), which main-pods-action.test.ts builds through the same
// workflow.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
// Each test runs whole workflows under act, for minutes on 2 cores shared with the test files
// running beside this one: as long as runCaller gives act (jest 30 ignores a per-project
// testTimeout, so set it here).
jest.setTimeout(900_000);
const bed = loadTestbed();
// The training namespace of this file's own: other files run beside it on the same bed.
const ns = new TestNamespace('e2e-lifecycle');
const exec = promisify(execFile);
const suffix = Date.now().toString(36);
const MODEL = `lifecycle-${suffix}`;
const OWNER = 'acme';
const NAME = 'ml';
const TOKEN = 'ghs_lifecycleTestToken1234567890';
const APPROVAL = 'gpu-tests-approved';
const REPOSITORY = 'mlenv-e2e/lifecycle';
// The artifact actions as the workflows pin them: read from the tree, so a new pin cannot be left
// unmapped (act would try GitHub).
const prWorkflow = readFileSync(path.join(repoRoot, 'workflows/mlenv-pr.yml'), 'utf8');
const PINNED = Object.fromEntries(
  ['upload', 'download'].map((verb) => {
    const pin = new RegExp(`actions/${verb}-artifact@[0-9a-f]{40}`).exec(prWorkflow)?.[0];
    if (!pin) throw new Error(`workflows/mlenv-pr.yml pins no actions/${verb}-artifact`);
    return [verb, pin];
  }),
) as { upload: string; download: string };

let scratch: ActRepo;
let repo: string;
let home: string;
let published: string;
let github: GithubServer;
let index: PackageIndexServer;
const mlflow = new MlflowClient({ uri: bed.mlflow.uri });
const runs: Record<string, ActRun> = {};
let baseSha: string;
let prSha: string;
let mergeSha: string;
let forkSha: string;
let forkPull: number;
let tag: string;

async function git(...args: string[]): Promise<string> {
  const { stdout } = await exec(
    'git',
    ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args],
    { cwd: repo },
  );
  return stdout.trim();
}

async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${github.url}${route}`, {
    method,
    headers: {
      authorization: `token ${TOKEN}`,
      accept: 'application/vnd.github+json',
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The caller workflow under act, for one event, with the payload GitHub would send. */
async function runCaller(
  event: string,
  payload: Record<string, unknown>,
  extra: string[] = [],
): Promise<ActRun> {
  const eventFile = path.join(home, `${event}-${Object.keys(runs).length}.json`);
  writeFileSync(eventFile, JSON.stringify(payload));
  const run = await runAct({
    act: bed.tools.act,
    cwd: repo,
    event,
    workflow: '.github/workflows/mlenv.yml',
    home,
    eventFile,
    timeoutMs: 900_000,
    args: [
      ...callerArgs({
        published,
        secrets: {
          GITHUB_TOKEN: TOKEN,
          MLENV_KUBECONFIG: readFileSync(bed.kubernetes.ciKubeconfig, 'utf8'),
          MLENV_UPGRADE_TOKEN: TOKEN,
        },
      }),
      '--local-repository',
      `${PINNED.upload}=${path.join(import.meta.dirname, 'upload-artifact')}`,
      '--local-repository',
      `${PINNED.download}=${path.join(import.meta.dirname, 'download-artifact')}`,
      ...extra,
    ],
    env: {
      GITHUB_API_URL: github.url,
      MLENV_VENV: bed.python.venv,
      MLENV_ARTIFACT_STAND_IN: path.join(import.meta.dirname, 'artifact.mjs'),
      // One store per workflow run, as GitHub keeps artifacts per run.
      MLENV_ARTIFACT_STORE: path.join(home, 'artifacts', String(Object.keys(runs).length)),
      MLENV_UV: await findUv(createMemoryLogger()),
      UV_CACHE_DIR: path.join(homedir(), '.cache', 'uv'),
    },
  });
  keepActLog(path.basename(eventFile, '.json'), run);
  return run;
}

function repository(fullName = `${OWNER}/${NAME}`) {
  return {
    full_name: fullName,
    name: fullName.split('/')[1],
    owner: { login: fullName.split('/')[0] },
  };
}

function pullRequestEvent(options: {
  action: string;
  number: number;
  title: string;
  headRef: string;
  headSha: string;
  headRepo?: string;
  labels?: string[];
  label?: string;
}) {
  return {
    action: options.action,
    number: options.number,
    ...(options.label ? { label: { name: options.label } } : {}),
    pull_request: {
      number: options.number,
      title: options.title,
      labels: (options.labels ?? []).map((name) => ({ name })),
      head: { ref: options.headRef, sha: options.headSha, repo: repository(options.headRepo) },
      base: { ref: 'main', sha: baseSha, repo: repository() },
    },
    repository: repository(),
  };
}

function failure(run: ActRun | undefined, what: string): string {
  return `${what} (act exit ${run?.status}):\n${run?.log.slice(-6000)}`;
}

beforeAll(async () => {
  await ns.create();
  scratch = createActRepo('lifecycle');
  ({ repo, home } = scratch);
  published = mkdtempSync(path.join(tmpdir(), 'mlenv-lifecycle-published-'));
  // What `mlenv/mlenv@v1` holds: the generated reusable workflows, as GitHub calls them.
  for (const file of ['mlenv-pr.yml', 'mlenv-main.yml', 'mlenv-upgrade.yml'])
    cpSync(
      path.join(repoRoot, '.github/workflows', file),
      path.join(published, '.github/workflows', file),
    );
  [github, index] = await Promise.all([startGithubServer(), startPackageIndex()]);

  // The scratch monorepo: the adoption template's files, a library project and the template
  // trainer depending on it.
  const template = path.join(repoRoot, 'templates/workspace');
  cpSync(path.join(template, '.github'), path.join(repo, '.github'), { recursive: true });
  // The caller workflow as this workspace adapts it: its "GPU runner" (this machine) has no GPU,
  // and the main branch trains where a repository variable says.
  const caller = readFileSync(path.join(template, '.github/workflows/mlenv.yml'), 'utf8');
  const adapted = caller
    .replace(
      '    uses: mlenv/mlenv/.github/workflows/mlenv-pr.yml@v1\n',
      '    uses: mlenv/mlenv/.github/workflows/mlenv-pr.yml@v1\n    with:\n      require-gpu: false\n',
    )
    .replace(
      '    uses: mlenv/mlenv/.github/workflows/mlenv-main.yml@v1\n',
      // The image job finds this lock's tag in the bed's registry (plain HTTP) and builds nothing.
      `    uses: mlenv/mlenv/.github/workflows/mlenv-main.yml@v1\n    with:\n      backend: \${{ vars.MLENV_TRAIN_BACKEND || 'kubernetes' }}\n      insecure-registry: "${bed.registry.host}"\n`,
    );
  expect(adapted.match(/ {4}with:/g)).toHaveLength(2);
  scratch.write('.github/workflows/mlenv.yml', adapted);
  cpSync(path.join(template, 'ruff.toml'), path.join(repo, 'ruff.toml'));
  addTemplateTrainer(repo, 'fraud', (yaml) =>
    yaml
      .replace('name: pytorch-template', 'name: fraud\ndependsOn: [projects/features]')
      .replace('  integration: tests/integration\n', '')
      // Small enough for two cores; the gates still hold.
      .replace(
        /^ {2}params: \{.*\}$/m,
        '  params: { epochs: 2, lr: 0.05, batch-size: 64, train-size: 2048, val-size: 1024 }',
      )
      .replace(
        'resources: { gpus: 0, cpu: "2", memory: 4Gi }',
        'resources: { gpus: 0, cpu: "500m", memory: 3Gi }',
      )
      .replace('model: pytorch-template', `model: ${MODEL}`)
      .replace('serving: { name: pytorch-template }', `serving: { name: ${MODEL} }`),
  );
  // The template's trainer integration tests (trainings in subprocesses, torchrun) run in
  // template-pytest.test.ts; here the workflows are under test, so its unit tests suffice.
  rmSync(path.join(repo, 'projects/fraud/tests/integration'), { recursive: true });
  scratch.write(
    'mlenv.yaml',
    workspaceYaml({
      environment: { indexUrl: index.url, image: `${bed.registry.host}/${REPOSITORY}` },
      tracking: { uri: bed.mlflow.uri },
      kubernetes: {
        namespace: ns.name,
        // The pods cannot reach github.com: the code reaches them as the run's MLflow artifact.
        code: { source: 'working-tree' },
        nodeSelector: { [realNodeLabel.key]: realNodeLabel.value },
        tolerations: [{ key: realNodeTaint.key, operator: 'Exists', effect: realNodeTaint.effect }],
      },
      serving: { target: 'local' },
      upgrade: { schedule: '0 4 * * 1', labels: ['mlenv-upgrade'], hold: ['leafpkg'] },
    }),
  );
  scratch.write(
    'environment/requirements.in',
    'torch==2.5.0\ntorchvision==0.20.0\nleafpkg==1.0.0\n',
  );
  scratch.write('.gitignore', '.mlenv/\n__pycache__/\n.ruff_cache/\n.pytest_cache/\n');
  scratch.write(
    'projects/features/mlenv.yaml',
    stringify({ apiVersion: 'mlenv/v1', kind: 'Project', name: 'features' }),
  );
  scratch.write(
    'projects/features/scaling.py',
    'def min_max(values: list[float]) -> list[float]:\n    low, high = min(values), max(values)\n    return [(v - low) / (high - low) for v in values]\n',
  );
  scratch.write(
    'projects/features/tests/test_scaling.py',
    'from scaling import min_max\n\n\ndef test_min_max() -> None:\n    assert min_max([1.0, 2.0, 3.0]) == [0.0, 0.5, 1.0]\n',
  );
  scratch.write(
    'projects/features/pyproject.toml',
    '[tool.pytest.ini_options]\npythonpath = ["."]\n',
  );
  await lockEnvironment(await loadWorkspace(repo), createMemoryLogger());
  await writeImages(await loadWorkspace(repo), path.join(repo, 'runner-images'));
  tag = await lockHash(await loadWorkspace(repo));
  await deleteTag(bed, REPOSITORY, tag);
  await copyImage(bed, await templateImage(bed), { repository: REPOSITORY, tag });

  await git('init', '-q', '-b', 'main');
  await git('remote', 'add', 'origin', `https://github.com/${OWNER}/${NAME}.git`);
  await git('add', '-A');
  await git('commit', '-q', '-m', 'Adopt MLEnv');
  baseSha = await git('rev-parse', 'HEAD');
  const files = (await git('ls-files')).split('\n');
  github.state.seedRepo({
    owner: OWNER,
    repo: NAME,
    files: Object.fromEntries(files.map((file) => [file, readFileSync(path.join(repo, file))])),
  });
  github.state.adoptCommit({ owner: OWNER, repo: NAME, sha: baseSha });
  // On a new machine the template's image is built first (here or in another file, which holds
  // the build lock): 5-10 minutes on 2 busy cores.
}, 1_800_000);

afterAll(async () => {
  // Local serving runs detached, from act's copy of the repository.
  await exec('pkill', ['-f', `models:/${MODEL}@`]).catch(() => undefined);
  await index?.stop();
  await github?.stop();
  scratch?.remove();
  if (published) rmSync(published, { recursive: true, force: true });
  await ns.delete();
});

describe('the MLEnv lifecycle under act', () => {
  it('checks both projects of a pull request that changes the dependency, and reports on it', async () => {
    await git('checkout', '-q', '-b', 'feature/robust-scaling');
    scratch.write(
      'projects/features/scaling.py',
      'def min_max(values: list[float]) -> list[float]:\n    low, high = min(values), max(values)\n    span = (high - low) or 1.0\n    return [(v - low) / span for v in values]\n',
    );
    await git('commit', '-q', '-am', 'features: a constant column scales to zeros');
    prSha = await git('rev-parse', 'HEAD');
    github.state.adoptCommit({
      owner: OWNER,
      repo: NAME,
      sha: prSha,
      branch: 'feature/robust-scaling',
    });
    const pull = await api<{ number: number }>('POST', `/repos/${OWNER}/${NAME}/pulls`, {
      title: 'features: robust scaling',
      head: 'feature/robust-scaling',
      base: 'main',
    });
    runs.pr = await runCaller(
      'pull_request',
      pullRequestEvent({
        action: 'opened',
        number: pull.number,
        title: 'features: robust scaling',
        headRef: 'feature/robust-scaling',
        headSha: prSha,
      }),
    );
    if (runs.pr.status !== 0) throw new Error(failure(runs.pr, 'the PR workflow failed'));
    // One sticky comment: both projects checked (the changed library and the trainer that
    // depends on it), the GPU legs ran on the "GPU runner" and said why they skipped, the trainer
    // trained briefly and met no champion yet.
    const comments =
      github.state.getRepo(OWNER, NAME)?.comments.filter((c) => c.issueNumber === pull.number) ??
      [];
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body).toContain(`For commit \`${prSha.slice(0, 7)}\``);
    const noGpu = '⏭️ skipped: no GPU visible .*; skipped because require-gpu is false';
    expect(body).toMatch(
      new RegExp(
        String.raw`\| \`features\` \| ✅ passed \(1 passed\) \| ${noGpu} \| ⏭️ skipped: the project has no train section: it is only checked \|`,
      ),
    );
    // The bed's MLflow listens on its bridge's gateway, so the pods of the real nodes reach it.
    const fraudRow = new RegExp(
      String.raw`\| \`fraud\` \| ✅ passed \(\d+ passed\) \| ${noGpu} \| ✅ \[run \`[0-9a-f]{8}\`\]\(http://[0-9.]+:\d+/#/experiments/\d+/runs/([0-9a-f]{32})\) \|`,
    );
    expect(body).toMatch(fraudRow);
    const fraud = body.match(fraudRow);
    expect(body).toContain(`\`${MODEL}\` has no champion yet: nothing to compare with.`);
    // The smoke run is in MLflow, finished, from this commit, and registered nothing.
    const smoke = await mlflow.getRun(fraud?.[1] ?? '');
    expect(smoke.info.status).toBe('FINISHED');
    const tags = Object.fromEntries(smoke.data.tags.map((t) => [t.key, t.value]));
    expect(tags['mlenv.backend']).toBe('local');
    expect(await mlflow.searchModelVersions(`name='${MODEL}'`)).toEqual([]);
    expect(github.violations()).toEqual([]);
  });

  it('trains in a pod on a real node after the merge, registers, promotes and deploys', async () => {
    await git('checkout', '-q', 'main');
    await git(
      'merge',
      '-q',
      '--no-ff',
      '-m',
      'Merge pull request: features: robust scaling',
      'feature/robust-scaling',
    );
    mergeSha = await git('rev-parse', 'HEAD');
    github.state.adoptCommit({ owner: OWNER, repo: NAME, sha: mergeSha });
    runs.mainKubernetes = await runCaller('push', pushEvent());
    if (runs.mainKubernetes.status !== 0)
      throw new Error(failure(runs.mainKubernetes, 'the main workflow failed'));
    const image = `${bed.registry.host}/${REPOSITORY}:${tag}`;
    expect(runs.mainKubernetes.log).toContain(`${image} is in the registry`);

    // Only the trainer trained: the library project has no train section.
    const versions = await mlflow.searchModelVersions(`name='${MODEL}'`);
    expect(versions.map((v) => v.version)).toEqual(['1']);
    const runId = versions[0]?.run_id ?? '';
    const run = await mlflow.getRun(runId);
    expect(run.info.status).toBe('FINISHED');
    const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
    expect([
      tags['mlenv.backend'],
      tags['mlenv.project'],
      tags['mlenv.image'],
      tags['mlenv.git.commit'],
    ]).toEqual(['kubernetes', 'fraud', image, mergeSha]);
    const admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig });
    const placements = await podPlacements(admin, ns.name, runId);
    expect(placements.length).toBeGreaterThan(0);
    for (const placement of placements)
      expect(placement).toEqual({ node: expect.stringMatching(/^real-node-\d$/), image });

    expect((await mlflow.getModelVersionByAlias(MODEL, 'champion'))?.version).toBe('1');
    const deployments = github.state.getRepo(OWNER, NAME)?.deployments ?? [];
    expect(deployments.map((d) => [d.sha, d.environment])).toEqual([
      [mergeSha, `serving/${MODEL}`],
    ]);
    expect(deployments[0]?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    const url = deployments[0]?.statuses[1]?.environmentUrl ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await predictTemplate(url)).toHaveLength(1);
    expect(github.violations()).toEqual([]);
  });

  it('trains locally when the repository says so, and the new version passes the gates against the champion', async () => {
    runs.mainLocal = await runCaller('push', pushEvent(), ['--var', 'MLENV_TRAIN_BACKEND=local']);
    if (runs.mainLocal.status !== 0)
      throw new Error(failure(runs.mainLocal, 'the main workflow failed'));

    const champion = await mlflow.getModelVersionByAlias(MODEL, 'champion');
    expect(champion?.version).toBe('2');
    const trained = await mlflow.getRun(champion?.run_id ?? '');
    expect(trained.data.tags.find((t) => t.key === 'mlenv.backend')?.value).toBe('local');
    // The same commit to the same environment: GitHub's deployment of it gets the new statuses.
    const deployments = github.state.getRepo(OWNER, NAME)?.deployments ?? [];
    expect(deployments).toHaveLength(1);
    const statuses = deployments[0]?.statuses ?? [];
    expect(statuses.map((s) => s.state)).toEqual([
      'in_progress',
      'success',
      'in_progress',
      'success',
    ]);
    expect(statuses[3]?.description).toContain(`${MODEL} version 2 serving at`);
    const url = statuses[3]?.environmentUrl ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await predictTemplate(url)).toHaveLength(1);
    expect(github.violations()).toEqual([]);
  });

  it('opens one framework-upgrade pull request from the schedule', async () => {
    runs.upgrade = await runCaller('schedule', { schedule: '0 4 * * 1' });
    if (runs.upgrade.status !== 0)
      throw new Error(failure(runs.upgrade, 'the upgrade workflow failed'));
    const pulls = github.state
      .getRepo(OWNER, NAME)
      ?.pulls.filter((p) => p.headRef.startsWith('mlenv/upgrade/'));
    expect(pulls?.map((p) => [p.headRef, p.state])).toEqual([['mlenv/upgrade/pytorch', 'open']]);
    const lock = await api<{ content: string }>(
      'GET',
      `/repos/${OWNER}/${NAME}/contents/environment/requirements.lock?ref=mlenv/upgrade/pytorch`,
    );
    expect(
      Object.fromEntries(parseLockPins(Buffer.from(lock.content, 'base64').toString('utf8'))),
    ).toMatchObject({
      torch: '2.6.0',
      torchvision: '0.21.0',
      leafpkg: '1.0.0',
    });
    expect(github.violations()).toEqual([]);
  });

  it('checks a fork pull request on hosted runners only: its GPU job waits for approval', async () => {
    await git('checkout', '-q', '-b', 'contrib', baseSha);
    scratch.write(
      'projects/features/scaling.py',
      `${readFileSync(path.join(repo, 'projects/features/scaling.py'), 'utf8')}\n\ndef clip(values: list[float], low: float, high: float) -> list[float]:\n    return [min(max(v, low), high) for v in values]\n`,
    );
    await git('commit', '-q', '-am', 'features: clip');
    forkSha = await git('rev-parse', 'HEAD');
    github.state.adoptCommit({ owner: OWNER, repo: NAME, sha: forkSha, branch: 'contrib' });
    const pull = await api<{ number: number }>('POST', `/repos/${OWNER}/${NAME}/pulls`, {
      title: 'features: a contribution',
      head: 'contrib',
      base: 'main',
    });
    forkPull = pull.number;
    runs.forkOpened = await runCaller('pull_request', forkEvent({ action: 'opened' }));
    if (runs.forkOpened.status !== 0)
      throw new Error(failure(runs.forkOpened, 'the fork PR workflow failed'));
    // The GPU job never started: no runner saw the fork's code.
    expect(runs.forkOpened.log).not.toContain('[pr/mlenv-pr/gpu-test');
    expect(runs.forkOpened.log).toContain('[pr/mlenv-pr/check (features)');
    const body = forkComments()[0]?.body ?? '';
    expect(forkComments()).toHaveLength(1);
    expect(body).toMatch(
      /\| `features` \| ✅ passed \(1 passed\) \| ⏭️ not run: a fork's pull request: GPU tests wait for a maintainer's approval label \|/,
    );
    expect(github.violations()).toEqual([]);
  });

  it('refuses GPU tests on fork code pushed after the approval label', async () => {
    await api('POST', `/repos/${OWNER}/${NAME}/issues/${forkPull}/labels`, {
      labels: [APPROVAL],
    });
    // The fork pushes again after the maintainer's review: the approval no longer holds.
    const later = github.state.push({
      owner: OWNER,
      repo: NAME,
      branch: 'contrib',
      files: { 'projects/features/extra.py': 'print("pushed after the review")\n' },
    });
    runs.fork = await runCaller(
      'pull_request',
      forkEvent({ action: 'labeled', labels: [APPROVAL], label: APPROVAL }),
    );
    const log = runs.fork.log;
    // The job started (the label event of the approval) and the action refused: no test ran.
    expect(log).toContain(
      `got commit ${later.slice(0, 7)} after label ${APPROVAL} approved ${forkSha.slice(0, 7)}`,
    );
    expect(log).not.toMatch(/collected \d+ item/);
    expect(runs.fork.status).not.toBe(0);
    // The same comment, updated: the refusal, and the legs of the commit's own run kept.
    expect(forkComments()).toHaveLength(1);
    const body = forkComments()[0]?.body ?? '';
    expect(body).toMatch(
      /\| `features` \| ✅ passed \(1 passed\)[^|]*\| ⏭️ skipped: refused: pull request \\#\d+ from fork mallory\/ml got commit/,
    );
    expect(github.violations()).toEqual([]);
  });
});

function forkEvent(options: { action: string; labels?: string[]; label?: string }) {
  return pullRequestEvent({
    number: forkPull,
    title: 'features: a contribution',
    headRef: 'contrib',
    headSha: forkSha,
    headRepo: 'mallory/ml',
    ...options,
  });
}

function forkComments() {
  return (
    github.state.getRepo(OWNER, NAME)?.comments.filter((c) => c.issueNumber === forkPull) ?? []
  );
}

function pushEvent() {
  return {
    ref: 'refs/heads/main',
    before: baseSha,
    after: mergeSha,
    repository: repository(),
    head_commit: { id: mergeSha, message: 'Merge pull request: features: robust scaling' },
  };
}
