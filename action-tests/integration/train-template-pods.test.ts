import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace, type Project, type Workspace } from '../../shared/config/workspace.js';
import { createKubeClient, type KubeClient, type KubeObject } from '../../shared/k8s/client.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { MlflowClient } from '../../shared/mlflow/client.js';
import { runPromote, stopServing } from '../../shared/promote/run-promote.js';
import { runTrain } from '../../shared/train/run-train.js';
import { networkPlan, realNodeLabel, realNodeTaint } from '../testbed/network/plan.js';
import { TestNamespace } from '../testbed/test-namespace.js';
import { loadTestbed } from '../testbed/testbed.js';
import { buildOnBed, useBedUv } from './bed-images.js';
import { podsOfRun } from './run-objects.js';
import { predictTemplate } from './serving-fixture.js';
import { git } from './workspace-fixture.js';

// The workspace template, as `mlenv init` writes it, trained in pods on the bed's real nodes: its
// runtime image is built by `mlenv images build` (buildah) from the template's own lock (torch,
// mlflow), on the bed's Debian base, with uv downloading from the package index through this
// machine's TLS-intercepting proxy (the CA bundle goes in as a build secret). The image's tag is
// the lock hash and the bed's registry outlives the bed, so only the first run on a machine
// builds it. Then the model the pod logged is registered and `mlenv promote` serves it, and the
// same trainer runs on 2 nodes x 2 processes (gloo) as an indexed Job and as a TrainJob through
// the real Trainer and JobSet controllers, ending with exactly the loss of a local 4-process run.

const bed = loadTestbed();
const ns = new TestNamespace('it-train-template-pods');
const namespace = ns.name;
const mlflow = new MlflowClient({ uri: bed.mlflow.uri });
const templateRoot = path.resolve(import.meta.dirname, '../../templates/workspace');
const MODEL = `template-pods-${Date.now().toString(36)}`;
// Short epochs: what is tested is where and how it runs, and that every layout computes the same.
const PARAMS = { epochs: '2', 'steps-per-epoch': '12', 'train-size': '2048', 'val-size': '512' };
// Outside GitHub Actions, whatever runs the tests: the commit is this scratch repository's HEAD.
const env = { ...process.env, GITHUB_ACTIONS: undefined, GITHUB_SERVER_URL: undefined };

let root: string;
let workspace: Workspace;
let project: Project;
let admin: KubeClient;
let imageSeconds: number;

beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig, namespace });
  useBedUv(bed);
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-it-template-pods-'));
  cpSync(templateRoot, root, { recursive: true });
  const workspaceFile = path.join(root, 'mlenv.yaml');
  writeFileSync(
    workspaceFile,
    `${readFileSync(workspaceFile, 'utf8').replace(
      'image: ghcr.io/acme/mlenv-runtime',
      // One repository for every run on this machine: the lock hash tag is built once.
      `image: ${bed.registry.host}/mlenv-it/template-runtime`,
    )}tracking:\n  uri: ${bed.mlflow.uri}\nkubernetes:\n  namespace: ${namespace}\n  nodeSelector: {${realNodeLabel.key}: "${realNodeLabel.value}"}\n  tolerations: [{key: ${realNodeTaint.key}, operator: Exists, effect: ${realNodeTaint.effect}}]\n`,
  );
  const projectFile = path.join(root, 'projects/pytorch/mlenv.yaml');
  writeFileSync(
    projectFile,
    readFileSync(projectFile, 'utf8')
      .replace('model: pytorch-template', `model: ${MODEL}`)
      // Two such pods fit on the bed's 2-core real nodes.
      .replace(
        'resources: { gpus: 0, cpu: "2", memory: 4Gi }',
        'resources: { gpus: 0, cpu: "500m", memory: 3Gi }',
      ),
  );
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'mlenv init');
  workspace = await loadWorkspace(root);
  const found = workspace.projects.find((p) => p.name === 'pytorch-template');
  if (!found) throw new Error('the template has no pytorch-template project');
  project = found;
  const started = performance.now();
  await buildOnBed(bed, workspace);
  imageSeconds = (performance.now() - started) / 1000;
  // In the test's own log: the first run on a machine builds, every other one only checks.
  console.log(`template runtime image ready in ${imageSeconds.toFixed(1)} s`);
}, 1_800_000);

afterAll(async () => {
  if (workspace && project) await stopServing(workspace, project, { logger: createMemoryLogger() });
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Layout {
  backend?: 'local' | 'kubernetes';
  workload?: 'job' | 'trainjob';
  nodes?: number;
  procsPerNode?: number;
  register?: boolean;
}

async function train({
  backend = 'kubernetes',
  workload,
  nodes = 1,
  procsPerNode = 1,
  register = false,
}: Layout) {
  const logger = createMemoryLogger();
  const train = project.config.train as NonNullable<typeof project.config.train>;
  const outcome = await runTrain({
    workspace: {
      ...workspace,
      config: {
        ...workspace.config,
        kubernetes: {
          ...(workspace.config.kubernetes as NonNullable<Workspace['config']['kubernetes']>),
          ...(workload ? { workload } : {}),
        },
      },
    },
    project: {
      ...project,
      config: {
        ...project.config,
        train: {
          ...train,
          nodes,
          procsPerNode,
          distributed: nodes * procsPerNode > 1 ? 'torchrun' : 'none',
        },
      },
    },
    backend,
    ...(backend === 'kubernetes'
      ? { kubeconfig: bed.kubernetes.ciKubeconfig }
      : { venv: bed.python.venv }),
    register,
    params: PARAMS,
    logger,
    signal: new AbortController().signal,
    env,
  });
  if (outcome.kind !== 'run') throw new Error(`expected a run, got ${outcome.kind}`);
  return { result: outcome.result, logger };
}

function podsOf(runId: string): Promise<KubeObject[]> {
  return podsOfRun(admin, namespace, runId);
}

/** The end of a failed run's log, so that a failure shows why; empty for a success. */
const failedLog = (result: { status: string; log?: string }) =>
  result.status === 'succeeded' ? '' : (result.log ?? '').split('\n').slice(-40).join('\n');

const nodeOf = (pod: KubeObject) => (pod.spec as { nodeName?: string } | undefined)?.nodeName;
const realNodes = networkPlan()
  .nodes.map((n) => n.name)
  .sort();

describe('the workspace template in pods on the real nodes', () => {
  it('trains from the built image, logs its model to MLflow, is registered, and mlenv promote serves it', async () => {
    const { result, logger } = await train({ register: true });
    expect([result.status, result.reason, failedLog(result)]).toEqual(['succeeded', undefined, '']);
    expect(result.backend).toBe('kubernetes');
    expect(result.metrics.val_auc).toBeGreaterThan(0.6);
    expect(result.modelUri).toMatch(/^models:\/m-[0-9a-f]+$/);
    // The trainer's own lines, from the pod, through the CLI's log.
    expect(logger.lines).toContainEqual(expect.stringMatching(/device=cpu world_size=1/));
    const pods = await podsOf(result.runId);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) expect(realNodes).toContain(nodeOf(pod));
    const run = await mlflow.getRun(result.runId);
    const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
    expect(tags['mlenv.image']).toMatch(
      new RegExp(
        `^${bed.registry.host.replace(/\./g, '\\.')}/mlenv-it/template-runtime:[0-9a-f]{12}$`,
      ),
    );

    expect(result.registered?.name).toBe(MODEL);
    const version = result.registered?.version ?? '';
    const promoteLogger = createMemoryLogger();
    const promoted = await runPromote({
      workspace,
      project,
      venv: bed.python.venv,
      readyTimeoutMs: 240_000,
      logger: promoteLogger,
      env,
    });
    expect(promoted).toMatchObject({ outcome: 'promoted', model: MODEL, version });
    const predictions = await predictTemplate(promoted.url ?? '');
    expect(predictions).toHaveLength(1);
    expect(predictions[0]).toBeGreaterThanOrEqual(0);
    expect(predictions[0]).toBeLessThanOrEqual(1);
  }, 900_000);

  it('on 2 nodes x 2 processes (gloo), as an indexed Job and as a TrainJob, ends with the loss of a local 4-process run', async () => {
    const local = await train({ backend: 'local', procsPerNode: 4 });
    expect(local.result.status).toBe('succeeded');
    const expected = local.result.metrics;
    for (const workload of ['job', 'trainjob'] as const) {
      const { result, logger } = await train({ workload, nodes: 2, procsPerNode: 2 });
      expect([workload, result.status, result.reason, failedLog(result)]).toEqual([
        workload,
        'succeeded',
        undefined,
        '',
      ]);
      expect(logger.lines).toContainEqual(expect.stringMatching(/world_size=4/));
      // Same seed, same world size, same collectives: the same numbers, whichever machines.
      for (const metric of ['train_loss_epoch', 'val_loss', 'val_auc'])
        expect([workload, metric, result.metrics[metric]]).toEqual([
          workload,
          metric,
          expect.closeTo(expected[metric] as number, 6),
        ]);
      // One pod per node, each on its own real node.
      const nodes = (await podsOf(result.runId)).map(nodeOf).sort();
      expect([workload, nodes]).toEqual([workload, realNodes]);
    }
  }, 1_200_000);
});
