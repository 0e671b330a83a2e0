import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { trainSchema } from '../config/schema.js';
import { createMemoryLogger } from '../logger/index.js';
import { createLocalBackend } from './backends/local/index.js';
import type { TrainingJob } from './job.js';
import { accelerateConfig, deepspeedConfig } from './launcher-config.js';

describe('launcher configs', () => {
  it('derives the Accelerate config from nodes, processes and precision', () => {
    const train = trainSchema.parse({
      command: ['python', 'train.py'],
      nodes: 2,
      procsPerNode: 4,
      distributed: 'accelerate',
      precision: 'bf16',
      resources: { gpus: 4 },
    });
    expect(accelerateConfig(train, 1)).toMatchObject({
      distributed_type: 'MULTI_GPU',
      num_machines: 2,
      num_processes: 8,
      machine_rank: 1,
      mixed_precision: 'bf16',
      use_cpu: false,
    });
  });

  it('turns on the DeepSpeed precision that mlenv.yaml asks for', () => {
    const train = trainSchema.parse({
      command: ['python', 'train.py'],
      distributed: 'deepspeed',
      precision: 'fp16',
      procsPerNode: 2,
    });
    const config = deepspeedConfig(train) as {
      fp16: { enabled: boolean };
      bf16: { enabled: boolean };
      zero_optimization: { stage: number };
    };
    expect(config.fp16.enabled).toBe(true);
    expect(config.bf16.enabled).toBe(false);
    expect(config.zero_optimization.stage).toBe(2);
  });

  it('the local backend writes the Accelerate config and hands it to accelerate launch', async () => {
    // A stand-in for the accelerate CLI that prints what it was given: this checks the wiring,
    // not Accelerate itself.
    const dir = mkdtempSync(path.join(tmpdir(), 'mlenv-accelerate-'));
    try {
      const bin = path.join(dir, 'bin');
      const fake = path.join(bin, 'accelerate');
      mkdirSync(bin);
      writeFileSync(
        fake,
        '#!/bin/sh\necho "args: $*"\nfor a in "$@"; do case "$a" in --config_file=*) cat "${a#--config_file=}";; esac; done\n',
      );
      chmodSync(fake, 0o755);
      const train = trainSchema.parse({
        command: ['python', 'train.py'],
        distributed: 'accelerate',
        procsPerNode: 2,
        precision: 'bf16',
      });
      const job: TrainingJob = {
        project: 'p',
        projectDir: dir,
        runId: 'r',
        runName: 'run-1',
        experimentId: '0',
        trackingUri: 'http://127.0.0.1:1',
        attempt: 1,
        train,
        command: ['python', 'train.py', '--epochs', '1'],
        env: {},
        outputDir: path.join(dir, 'runs/run-1/outputs'),
        checkpointDir: path.join(dir, 'runs/run-1/checkpoints'),
        secretEnv: {},
        secrets: [],
      };
      const logger = createMemoryLogger();
      const backend = createLocalBackend({
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      });
      const handle = await backend.submit(job, logger);
      const outcome = await backend.follow(handle, logger, new AbortController().signal);
      expect(outcome.status).toBe('succeeded');
      const config = path.join(dir, 'runs/run-1/launcher/accelerate.yaml');
      expect(logger.lines[0]).toBe(
        `args: launch --config_file=${config} --num_processes=2 --num_machines=1 --mixed_precision=bf16 train.py --epochs 1`,
      );
      expect(parse(logger.lines.slice(1).join('\n'))).toMatchObject({
        num_processes: 2,
        mixed_precision: 'bf16',
        distributed_type: 'MULTI_CPU',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
