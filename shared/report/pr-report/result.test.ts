import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createMemoryLogger } from '../../logger/index.js';
import { recordStageResult } from './record.js';
import {
  type RecordedStep,
  readStageResults,
  stageResultFromStep,
  writeStageResult,
} from './result.js';
import { checkResult, gpuTestResult, SHA, smokeTrainResult } from './test-fixtures.js';

function step(overrides: Partial<RecordedStep>): RecordedStep {
  return {
    stage: 'check',
    project: 'fraud',
    outcome: 'success',
    outputs: {},
    sha: SHA,
    ...overrides,
  };
}

describe('stageResultFromStep', () => {
  it('reads the check action: its project row of results', () => {
    const results = JSON.stringify([
      { name: 'other', lint: 9, format: 9, passed: 0, failed: 9, skipped: 0 },
      { name: 'fraud', lint: 2, format: 1, passed: 40, failed: 3, skipped: 1 },
    ]);
    expect(
      stageResultFromStep(step({ outcome: 'failure', outputs: { ok: 'false', results } })),
    ).toEqual({
      version: 1,
      stage: 'check',
      project: 'fraud',
      status: 'failed',
      lint: 2,
      unformatted: 1,
      tests: { passed: 40, failed: 3, skipped: 1 },
      sha: SHA,
    });
    expect(stageResultFromStep(step({ outputs: { results } })).status).toBe('passed');
  });

  it('says why a leg has nothing to show: an earlier step failed, a cancel, a crash', () => {
    expect(stageResultFromStep(step({ outcome: 'skipped', jobStatus: 'failure' }))).toMatchObject({
      status: 'failed',
      reason: 'did not run: an earlier step of the job failed (see the job log)',
    });
    expect(
      stageResultFromStep(step({ stage: 'gpu-test', outcome: 'skipped', jobStatus: 'cancelled' })),
    ).toMatchObject({ status: 'cancelled', reason: 'the job was cancelled before the step ran' });
    expect(stageResultFromStep(step({ stage: 'smoke-train', outcome: 'failure' }))).toMatchObject({
      status: 'failed',
      reason: 'the step failed before it reported a result (see the job log)',
    });
    expect(stageResultFromStep(step({ outcome: 'cancelled' })).status).toBe('cancelled');
  });

  it('shows a project without a train section as not trained, not as a failure', () => {
    expect(
      stageResultFromStep(
        step({ stage: 'smoke-train', outcome: 'skipped', jobStatus: 'success', trains: false }),
      ),
    ).toMatchObject({
      status: 'skipped',
      reason: 'the project has no train section: it is only checked',
    });
    // A training project whose train step never ran still failed.
    expect(
      stageResultFromStep(
        step({ stage: 'smoke-train', outcome: 'skipped', jobStatus: 'failure', trains: true }),
      ),
    ).toMatchObject({ status: 'failed' });
  });

  it('reads the gpu-test action: counts, GPUs, and a refusal as a skip with its reason', () => {
    const outputs = {
      status: 'failed',
      passed: '10',
      failed: '2',
      skipped: '1',
      gpus: JSON.stringify([{ index: '0' }, { index: '1' }]),
    };
    expect(stageResultFromStep(step({ stage: 'gpu-test', outcome: 'failure', outputs }))).toEqual({
      version: 1,
      stage: 'gpu-test',
      project: 'fraud',
      status: 'failed',
      tests: { passed: 10, failed: 2, skipped: 1 },
      gpus: 2,
      sha: SHA,
    });
    const refused = stageResultFromStep(
      step({ stage: 'gpu-test', outcome: 'failure', outputs: { status: 'refused', gpus: '[]' } }),
    );
    expect(refused).toMatchObject({
      status: 'skipped',
      reason: "refused: the fork's latest commit carries no valid approval label",
    });
    const skipped = stageResultFromStep(
      step({
        stage: 'gpu-test',
        outputs: { status: 'skipped', reason: 'no GPU tests to run: unit: no test marked gpu' },
      }),
    );
    expect(skipped).toMatchObject({
      status: 'skipped',
      reason: 'no GPU tests to run: unit: no test marked gpu',
    });
  });

  it('reads the train action: the run, its finite metrics, the model and the server', () => {
    const outputs = {
      'run-id': 'a1b2c3d4e5f60718',
      'run-url': 'http://mlflow.internal:5000/#/experiments/1/runs/a1b2',
      status: 'succeeded',
      metrics: JSON.stringify({ val_auc: 0.71, val_loss: 0.52, epoch: 1, note: 'x' }),
      'model-uri': 'models:/m-1',
    };
    expect(
      stageResultFromStep(
        step({
          stage: 'smoke-train',
          outputs,
          model: 'fraud-detector',
          trackingUri: 'http://mlflow.internal:5000',
        }),
      ),
    ).toEqual({ ...smokeTrainResult(), runUrl: undefined });
    const failed = stageResultFromStep(
      step({ stage: 'smoke-train', outcome: 'failure', outputs: { ...outputs, status: 'failed' } }),
    );
    expect(failed.status).toBe('failed');
    const broken = stageResultFromStep(
      step({ stage: 'smoke-train', outcome: 'failure', outputs: { ...outputs, metrics: '{' } }),
    );
    expect(broken).toMatchObject({
      status: 'failed',
      reason: 'the training finished, then the train step failed (see the job log)',
      metrics: {},
    });
  });
});

describe('result files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mlenv-pr-results-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one file per leg and reads them back, from artifact folders too, in order', async () => {
    await writeStageResult(dir, smokeTrainResult());
    await writeStageResult(path.join(dir, 'mlenv-pr-result-check-fraud'), checkResult());
    await writeStageResult(
      path.join(dir, 'mlenv-pr-result-gpu-test-alpha'),
      gpuTestResult({ project: 'alpha' }),
    );
    expect(await readFile(path.join(dir, 'smoke-train--fraud.json'), 'utf8')).toContain(
      '"stage": "smoke-train"',
    );
    expect(await readStageResults(dir)).toEqual({
      results: [gpuTestResult({ project: 'alpha' }), checkResult(), smokeTrainResult()],
      problems: [],
    });
  });

  it('skips and names a file that is not a result, keeping the others', async () => {
    await writeStageResult(dir, checkResult());
    await writeFile(path.join(dir, 'broken.json'), '{');
    await writeFile(path.join(dir, 'other.json'), JSON.stringify({ ...checkResult(), version: 2 }));
    await mkdir(path.join(dir, 'again'));
    await writeFile(path.join(dir, 'again', 'x.json'), JSON.stringify(checkResult()));
    await writeFile(path.join(dir, 'notes.txt'), 'not json');
    const read = await readStageResults(dir);
    expect(read.results).toEqual([checkResult()]);
    expect(read.problems).toEqual([
      // JSON.parse's own words, which vary between Node versions.
      expect.stringMatching(/^broken\.json: .*JSON/),
      'check--fraud.json: a second result for check of fraud; ignored',
      'other.json: not a version 1 result: version: Invalid input: expected 1',
    ]);
  });

  it("counts a result in an artifact's folder only for that artifact's leg", async () => {
    // The smoke run's code dropped a GPU test result into its own artifact.
    await writeStageResult(path.join(dir, 'mlenv-pr-result-smoke-train-fraud'), smokeTrainResult());
    await writeStageResult(path.join(dir, 'mlenv-pr-result-smoke-train-fraud'), gpuTestResult());
    await writeStageResult(path.join(dir, 'mlenv-pr-result-check-vision'), checkResult());
    const read = await readStageResults(dir);
    expect(read.results).toEqual([smokeTrainResult()]);
    expect(read.problems).toEqual([
      'mlenv-pr-result-check-vision/check--fraud.json: a result of check for fraud in the artifact mlenv-pr-result-check-vision; ignored',
      'mlenv-pr-result-smoke-train-fraud/gpu-test--fraud.json: a result of gpu-test for fraud in the artifact mlenv-pr-result-smoke-train-fraud; ignored',
    ]);
  });

  it('finds no results in a folder that was never made (nothing uploaded)', async () => {
    expect(await readStageResults(path.join(dir, 'none'))).toEqual({ results: [], problems: [] });
  });

  it('refuses to write an invalid result', async () => {
    await expect(writeStageResult(dir, checkResult({ project: '../etc' }))).rejects.toThrow();
  });
});

describe('recordStageResult', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mlenv-pr-record-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function workspace(tracking: string): Promise<string> {
    const root = path.join(dir, 'ws');
    await mkdir(path.join(root, 'projects/fraud'), { recursive: true });
    await mkdir(path.join(root, 'environment'), { recursive: true });
    await writeFile(path.join(root, 'environment/requirements.in'), 'torch\n');
    await writeFile(
      path.join(root, 'mlenv.yaml'),
      `apiVersion: mlenv/v1\nkind: Workspace\nprojects: ["projects/*"]\nenvironment:\n  python: "3.11"\n  cuda: cpu\n  requirements: environment/requirements.in\n  lock: environment/requirements.lock\n  image: ghcr.io/acme/rt\n${tracking}`,
    );
    await writeFile(
      path.join(root, 'projects/fraud/mlenv.yaml'),
      'apiVersion: mlenv/v1\nkind: Project\nname: fraud\npromote:\n  model: fraud-detector\n  gates: [{ metric: val_auc, min: 0.5 }]\n  serving: { name: fraud }\n',
    );
    return root;
  }

  it("records a smoke run with the project's model and the workspace's tracking server", async () => {
    const root = await workspace('tracking:\n  uri: http://mlflow.internal:5000\n');
    const logger = createMemoryLogger();
    const { file, result } = await recordStageResult({
      dir: path.join(dir, 'out'),
      step: step({ stage: 'smoke-train', outputs: { status: 'succeeded', 'run-id': 'r1' } }),
      workspace: root,
      logger,
    });
    expect(path.basename(file)).toBe('smoke-train--fraud.json');
    expect(result).toMatchObject({
      model: 'fraud-detector',
      trackingUri: 'http://mlflow.internal:5000',
    });
    const given = await recordStageResult({
      dir: path.join(dir, 'out'),
      step: step({ stage: 'smoke-train', outputs: { status: 'succeeded' } }),
      workspace: root,
      trackingUri: 'https://other:5000',
      logger,
    });
    expect(given.result).toMatchObject({ trackingUri: 'https://other:5000' });
  });

  it('still records when the workspace cannot be read', async () => {
    const logger = createMemoryLogger();
    const { result } = await recordStageResult({
      dir,
      step: step({ stage: 'smoke-train', outcome: 'failure' }),
      workspace: path.join(dir, 'nowhere'),
      logger,
    });
    expect(result).toMatchObject({ status: 'failed', model: undefined });
    expect(
      logger.lines.some((l) => l.includes("could not read the workspace for fraud's model")),
    ).toBe(true);
  });
});
