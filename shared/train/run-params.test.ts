import { describe, expect, it } from '@jest/globals';
import { trainSchema } from '../config/schema.js';
import { type ParamValue, type TrainingJob, trainerCommand, trainerEnv } from './job.js';
import { runStartParams } from './run-params.js';

/** A job as launchTraining builds it: the command and MLENV_PARAMS from the same overrides. */
function job(
  train: Record<string, unknown>,
  overrides: Record<string, ParamValue> = {},
): Pick<TrainingJob, 'command' | 'train' | 'env'> {
  const config = trainSchema.parse({ command: ['python', 'train.py'], ...train });
  const base = {
    project: 'fraud',
    projectDir: '/ws/projects/fraud',
    runId: 'r1',
    runName: 'fraud-1',
    experimentId: '1',
    trackingUri: 'http://127.0.0.1:5000',
    attempt: 1,
    train: config,
    outputDir: '/tmp/out',
    checkpointDir: '/tmp/ckpt',
  };
  return {
    train: config,
    command: trainerCommand(config, overrides),
    env: trainerEnv(base, { ...config.params, ...overrides }),
  };
}

describe('runStartParams', () => {
  it('logs the params the trainer gets, overrides included, with precision, world size and launcher', () => {
    const params = runStartParams(
      job(
        { params: { epochs: 3, lr: 0.05, 'batch-size': 64, shuffle: true }, precision: 'bf16' },
        { epochs: 1, tag: 'nightly' },
      ),
    );
    expect(params).toEqual({
      epochs: '1',
      lr: '0.05',
      'batch-size': '64',
      shuffle: 'true',
      tag: 'nightly',
      'mlenv.precision': 'bf16',
      'mlenv.world_size': '1',
      'mlenv.launcher': 'python',
    });
  });

  it('reads train.params when the job has no MLENV_PARAMS', () => {
    const { train, command } = job({ params: { epochs: 2 } });
    expect(runStartParams({ train, command, env: {} })).toMatchObject({ epochs: '2' });
  });

  it('counts every process of every node in the world size', () => {
    const params = runStartParams(job({ distributed: 'torchrun', nodes: 2, procsPerNode: 4 }));
    expect(params['mlenv.world_size']).toBe('8');
  });

  it.each([
    [{}, 'python'],
    [{ distributed: 'torchrun', procsPerNode: 2 }, 'torchrun'],
    // torchrun asked for explicitly starts even one process.
    [{ distributed: 'torchrun' }, 'torchrun'],
    [{ distributed: 'accelerate', procsPerNode: 2 }, 'accelerate'],
    [{ distributed: 'deepspeed', procsPerNode: 2 }, 'deepspeed'],
    // One process needs no launcher: the command runs as written.
    [{ distributed: 'accelerate' }, 'python'],
  ])('resolves the local launcher of %j as %s', (train, launcher) => {
    expect(runStartParams(job(train))['mlenv.launcher']).toBe(launcher);
  });

  it('names a command that is not python by its program', () => {
    expect(runStartParams(job({ command: ['./venv/bin/python3.12', 'train.py'] }))).toMatchObject({
      'mlenv.launcher': 'python',
    });
    expect(runStartParams(job({ command: ['/usr/bin/bash', 'run.sh'] }))).toMatchObject({
      'mlenv.launcher': 'bash',
    });
  });

  it.each([
    [{ distributed: 'deepspeed', nodes: 2, procsPerNode: 2 }, 'torchrun'],
    [{ distributed: 'torchrun', nodes: 2, procsPerNode: 8 }, 'torchrun'],
    [{ distributed: 'accelerate', nodes: 2 }, 'accelerate'],
    [{ distributed: 'torchrun' }, 'python'],
  ])('resolves the Kubernetes launcher of %j as %s, as the pods run it', (train, launcher) => {
    expect(runStartParams(job(train), 'kubernetes')['mlenv.launcher']).toBe(launcher);
  });

  it('refuses an MLENV_PARAMS that is no JSON object', () => {
    const { train, command } = job({});
    expect(() => runStartParams({ train, command, env: { MLENV_PARAMS: '[1]' } })).toThrow(
      'MLENV_PARAMS is not a JSON object: [1]',
    );
  });
});
