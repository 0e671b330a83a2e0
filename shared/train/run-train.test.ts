import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { kubernetesSchema } from '../config/schema.js';
import { loadWorkspace } from '../config/workspace.js';
import { OptionError } from '../errors/index.js';
import { createMemoryLogger } from '../logger/index.js';
import { runTrain } from './run-train.js';

// `--dry-run` of a cluster run is offline: no kubeconfig is looked for, no cluster is asked, so it
// works on a laptop with none. Each case runs with an environment of its own: HOME an empty
// folder, no KUBECONFIG, so that a kubeconfig of this machine cannot make a case pass.
let dir: string;
let home: string;

async function workspace(kubernetes: Record<string, unknown>, train: Record<string, unknown>) {
  const root = mkdtempSync(path.join(dir, 'ws-'));
  const files: Record<string, string> = {
    'mlenv.yaml': stringify({
      apiVersion: 'mlenv/v1',
      kind: 'Workspace',
      projects: ['projects/*'],
      environment: {
        python: '3.11',
        cuda: 'cpu',
        requirements: 'requirements.in',
        lock: 'requirements.lock',
        image: 'ghcr.io/acme/mlenv-runtime',
      },
      // Unreachable on purpose: a dry run must not need it.
      tracking: { uri: 'http://127.0.0.1:9' },
      kubernetes: { namespace: 'ml-training', ...kubernetes },
    }),
    'requirements.in': 'torch==2.15.0\n',
    'requirements.lock': 'torch==2.15.0 --hash=sha256:0000\n',
    'projects/fraud/mlenv.yaml': stringify({
      apiVersion: 'mlenv/v1',
      kind: 'Project',
      name: 'fraud',
      train: { command: ['python', 'train.py'], ...train },
    }),
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const loaded = await loadWorkspace(root);
  return { workspace: loaded, project: loaded.projects[0] as (typeof loaded.projects)[0] };
}

const MULTI_NODE = { nodes: 3, procsPerNode: 2, distributed: 'torchrun' };

async function dryRun(
  kubernetes: Record<string, unknown>,
  env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home },
) {
  const logger = createMemoryLogger();
  const outcome = await runTrain({
    ...(await workspace(kubernetes, MULTI_NODE)),
    backend: 'kubernetes',
    dryRun: true,
    logger,
    signal: new AbortController().signal,
    env,
  });
  if (outcome.kind !== 'dry-run') throw new Error(`expected a dry run, got ${outcome.kind}`);
  return { ...outcome, logger };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlenv-run-train-'));
  home = path.join(dir, 'home');
  mkdirSync(home);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runTrain --dry-run on kubernetes, offline', () => {
  it('renders the indexed Job for several nodes with workload auto, and says what a cluster could change', async () => {
    const { plan, text } = await dryRun({});
    if (plan.backend !== 'kubernetes') throw new Error('expected a kubernetes plan');
    expect(plan.manifests.map((m) => (m as { kind: string }).kind)).toEqual(['Service', 'Job']);
    expect(plan.notes).toEqual([expect.stringContaining('trainer.kubeflow.org')]);
    expect(plan.notes[0]).toContain('TrainJob');
    // The text is YAML documents, ready for kubectl, with the note as a comment above them.
    expect(text.startsWith(`# ${plan.notes[0]}\n---\n`)).toBe(true);
    expect(text).toContain('kind: Service');
    expect(text).toContain('completions: 3');
    expect(text).toContain('image: ghcr.io/acme/mlenv-runtime:');
  });

  it('renders a TrainJob with workload trainjob, with no note', async () => {
    const { plan } = await dryRun({ workload: 'trainjob' });
    if (plan.backend !== 'kubernetes') throw new Error('expected a kubernetes plan');
    expect(plan.manifests.map((m) => (m as { kind: string }).kind)).toEqual([
      'TrainingRuntime',
      'TrainJob',
    ]);
    expect(plan.notes).toEqual([]);
  });

  it('still takes the deprecated multiNode, with a warning naming workload', async () => {
    const { plan, logger } = await dryRun({ multiNode: 'TrainJob' });
    if (plan.backend !== 'kubernetes') throw new Error('expected a kubernetes plan');
    expect(plan.manifests.map((m) => (m as { kind: string }).kind)).toEqual([
      'TrainingRuntime',
      'TrainJob',
    ]);
    expect(logger.lines).toContainEqual(
      expect.stringMatching(/kubernetes\.multiNode is deprecated: write "workload: trainjob"/),
    );
  });

  it('maps each deprecated multiNode value to its workload, and workload wins over it', () => {
    const workload = (settings: Record<string, unknown>) =>
      kubernetesSchema.parse({ namespace: 'ml', ...settings }).workload;
    expect(workload({})).toBe('auto');
    expect(workload({ multiNode: 'IndexedJob' })).toBe('job');
    expect(workload({ multiNode: 'TrainJob' })).toBe('trainjob');
    expect(workload({ multiNode: 'auto' })).toBe('auto');
    expect(workload({ multiNode: 'TrainJob', workload: 'job' })).toBe('job');
  });

  it('hides credentials in the Secret it shows', async () => {
    const { plan, text } = await dryRun(
      {},
      { PATH: process.env.PATH, HOME: home, MLFLOW_TRACKING_TOKEN: 'dry-run-token-4242' },
    );
    if (plan.backend !== 'kubernetes') throw new Error('expected a kubernetes plan');
    expect(plan.manifests.map((m) => (m as { kind: string }).kind)).toEqual([
      'Secret',
      'Service',
      'Job',
    ]);
    expect(plan.manifests[0]).toMatchObject({ stringData: { MLFLOW_TRACKING_TOKEN: '***' } });
    expect(text).not.toContain('dry-run-token-4242');
  });

  it('does not look at KUBECONFIG, even one naming a missing file', async () => {
    const { plan } = await dryRun(
      {},
      { PATH: process.env.PATH, HOME: home, KUBECONFIG: '/nonexistent' },
    );
    expect(plan.backend).toBe('kubernetes');
  });
});

describe('runTrain on kubernetes without a kubeconfig', () => {
  it('fails in one line naming the kubeconfig option, before any MLflow run is created', async () => {
    const run = runTrain({
      ...(await workspace({}, {})),
      backend: 'kubernetes',
      logger: createMemoryLogger(),
      signal: new AbortController().signal,
      env: { PATH: process.env.PATH, HOME: home },
    });
    // tracking.uri is unreachable: an MLflow request would have failed with another message.
    await expect(run).rejects.toBeInstanceOf(OptionError);
    await expect(run).rejects.toThrow(
      /^--kubeconfig: expected a kubeconfig for the Kubernetes cluster, found none: KUBECONFIG is unset and there is no ~\/\.kube\/config; [^\n]*$/,
    );
  });

  it('names the missing file KUBECONFIG points at', async () => {
    await expect(
      runTrain({
        ...(await workspace({}, {})),
        backend: 'kubernetes',
        logger: createMemoryLogger(),
        signal: new AbortController().signal,
        env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: '/nonexistent' },
      }),
    ).rejects.toThrow('KUBECONFIG: expected a kubeconfig file, found no file at /nonexistent');
  });
});
