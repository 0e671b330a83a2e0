import { beforeAll, describe, expect, it } from '@jest/globals';
import { trainSchema } from '../../shared/config/schema.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { MlflowClient, MlflowError } from '../../shared/mlflow/client.js';
import { trainerCommand, trainerEnv } from '../../shared/train/job.js';
import { runStartParams } from '../../shared/train/run-params.js';
import { loadTestbed } from '../testbed/testbed.js';

// MlflowClient.logParams against the test bed's MLflow server: its limits on runs/log-batch
// (100 params a request, values of 6000 characters) and the params the launcher logs for a run.
const bed = loadTestbed();
const logger = createMemoryLogger();
const mlflow = new MlflowClient({ uri: bed.mlflow.uri, logger });
let experimentId: string;

beforeAll(async () => {
  experimentId = await mlflow.getOrCreateExperiment(`log-params-${process.pid}-${Date.now()}`);
});

async function newRun(name: string): Promise<string> {
  return (await mlflow.createRun(experimentId, name, {})).info.run_id;
}

async function paramsOf(runId: string): Promise<Record<string, string>> {
  const run = await mlflow.getRun(runId);
  return Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
}

describe('MlflowClient.logParams', () => {
  it('logs more params than MLflow takes in one request', async () => {
    const runId = await newRun('many');
    // 250: three requests, the last one partial.
    const params = Object.fromEntries(
      Array.from({ length: 250 }, (_, i) => [`p${String(i).padStart(3, '0')}`, `v${i}`]),
    );
    await mlflow.logParams(runId, params);
    expect(await paramsOf(runId)).toEqual(params);
  });

  it("keeps the first 6000 characters of a longer value, counted as MLflow's Python counts them", async () => {
    const runId = await newRun('long');
    // Characters outside the BMP are two UTF-16 units in JavaScript and one character to MLflow.
    const long = `${'😀'.repeat(5999)}ab`;
    await mlflow.logParams(runId, { long, short: 'x' });
    expect(await paramsOf(runId)).toEqual({ long: `${'😀'.repeat(5999)}a`, short: 'x' });
    expect(logger.lines).toContain(
      "warning: MLflow param long has 6001 characters; logged cut to MLflow's limit of 6000",
    );
  });

  it('accepts the same params again, and MLflow refuses to change one', async () => {
    const runId = await newRun('again');
    await mlflow.logParams(runId, { epochs: '3' });
    await mlflow.logParams(runId, { epochs: '3' });
    const error = await mlflow.logParams(runId, { epochs: '4' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowError);
    expect((error as MlflowError).code).toBe('INVALID_PARAMETER_VALUE');
    expect(await paramsOf(runId)).toEqual({ epochs: '3' });
  });

  it('accepts no params', async () => {
    const runId = await newRun('none');
    await mlflow.logParams(runId, {});
    expect(await paramsOf(runId)).toEqual({});
  });

  it("records the launcher's params of a torchrun job with overrides", async () => {
    const runId = await newRun('job');
    const train = trainSchema.parse({
      command: ['python', 'train.py'],
      params: { epochs: 3, lr: 0.05, 'batch-size': 64 },
      distributed: 'torchrun',
      procsPerNode: 2,
      precision: 'bf16',
    });
    const overrides = { epochs: 1 };
    const job = {
      train,
      command: trainerCommand(train, overrides),
      env: trainerEnv(
        {
          project: 'fraud',
          projectDir: '/ws/projects/fraud',
          runId,
          runName: 'job',
          experimentId,
          trackingUri: bed.mlflow.uri,
          attempt: 1,
          train,
          outputDir: '/tmp/out',
          checkpointDir: '/tmp/ckpt',
        },
        { ...train.params, ...overrides },
      ),
    };
    await mlflow.logParams(runId, runStartParams(job));
    expect(await paramsOf(runId)).toEqual({
      epochs: '1',
      lr: '0.05',
      'batch-size': '64',
      'mlenv.precision': 'bf16',
      'mlenv.world_size': '2',
      'mlenv.launcher': 'torchrun',
    });
  });
});
