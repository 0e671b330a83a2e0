import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { trainSchema } from '../../../config/schema.js';
import { createMemoryLogger } from '../../../logger/index.js';
import { isProcessGroupAlive } from '../../../process/identity.js';
import type { LocalHandle } from '../../backend.js';
import type { TrainingJob } from '../../job.js';
import { createLocalBackend } from './index.js';

// The local backend with real child processes: small Node scripts stand in for trainers (one
// that prints and exits, one that ignores SIGTERM), so these run without Python.
let dir: string;
const started: LocalHandle[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlenv-local-backend-'));
});

afterEach(() => {
  // Whatever a failed case left running goes with it.
  for (const handle of started.splice(0)) {
    try {
      process.kill(-handle.trainer.pid, 'SIGKILL');
    } catch {}
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function job(script: string, train: Record<string, unknown> = {}): TrainingJob {
  const runDir = path.join(dir, `run-${started.length}-${Date.now()}`);
  return {
    project: 'p',
    projectDir: dir,
    runId: `run-${Date.now()}`,
    runName: 'run-1',
    experimentId: '0',
    trackingUri: 'http://127.0.0.1:1',
    attempt: 1,
    train: trainSchema.parse({ command: [process.execPath], ...train }),
    command: [process.execPath, '-e', script],
    env: { MLENV_RUN_NAME: 'run-1' },
    outputDir: path.join(runDir, 'outputs'),
    checkpointDir: path.join(runDir, 'checkpoints'),
    secretEnv: { MLFLOW_TRACKING_TOKEN: 'local-secret-4242' },
    secrets: ['local-secret-4242'],
  };
}

describe('local backend', () => {
  it('plans the command, its environment with secrets hidden and its config file, writing nothing', async () => {
    const planned = job('0', { distributed: 'accelerate', procsPerNode: 2 });
    const plan = await createLocalBackend().plan(planned);
    if (plan.backend !== 'local') throw new Error('expected a local plan');
    expect(plan.cwd).toBe(dir);
    expect(plan.argv.slice(0, 2)).toEqual(['accelerate', 'launch']);
    expect(plan.env).toMatchObject({ MLENV_RUN_NAME: 'run-1', MLFLOW_TRACKING_TOKEN: '***' });
    const config = path.join(path.dirname(planned.outputDir), 'launcher', 'accelerate.yaml');
    expect(plan.env.MLENV_ACCELERATE_CONFIG).toBe(config);
    expect(plan.files.map((f) => f.path)).toEqual([config]);
    expect(plan.files[0]?.content).toContain('num_processes: 2');
    expect(existsSync(path.dirname(planned.outputDir))).toBe(false);
  });

  it('submits, streams the output from its first line with secrets hidden, and reports the exit', async () => {
    const backend = createLocalBackend();
    const handle = await backend.submit(
      job(
        'console.log("first"); console.log("token", process.env.MLFLOW_TRACKING_TOKEN); process.exit(3)',
      ),
      createMemoryLogger(),
    );
    started.push(handle);
    expect(handle).toMatchObject({
      backend: 'local',
      launcher: { pid: process.pid },
      trainer: { pid: expect.any(Number) },
    });
    // Followed only once the trainer has ended: the lines it printed before are not lost.
    while ((await backend.inspect(handle)).state === 'running')
      await new Promise((resolve) => setTimeout(resolve, 20));
    const logger = createMemoryLogger();
    const outcome = await backend.follow(handle, logger, new AbortController().signal);
    expect(logger.lines).toEqual(['first', 'token ***']);
    expect(outcome).toMatchObject({
      status: 'failed',
      exitCode: 3,
      reason: 'trainer exited with code 3',
    });
    expect(await backend.inspect(handle)).toEqual({
      state: 'failed',
      reason: 'trainer exited with code 3',
    });
  });

  it('cancels a trainer that ignores SIGTERM: SIGKILL after the grace, and the outcome is cancelled', async () => {
    const backend = createLocalBackend({ killGraceMs: 300 });
    const handle = await backend.submit(
      job(
        'process.on("SIGTERM", () => console.log("ignoring SIGTERM")); setInterval(() => {}, 1000); console.log("up")',
      ),
      createMemoryLogger(),
    );
    started.push(handle);
    const logger = createMemoryLogger();
    const following = backend.follow(handle, logger, new AbortController().signal);
    while (!logger.lines.includes('up')) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await backend.inspect(handle)).toEqual({ state: 'running' });
    await backend.cancel(handle, logger);
    expect(isProcessGroupAlive(handle.trainer.pid)).toBe(false);
    const outcome = await following;
    expect(outcome.status).toBe('cancelled');
    expect(logger.lines).toContain('ignoring SIGTERM');
    // Cleaning up what is gone already finds nothing to do.
    await backend.cleanup(handle, logger);
    expect(logger.lines.filter((l) => l.startsWith('Stopping'))).toEqual([]);
  });

  it('fails to submit a command that does not exist, saying which', async () => {
    const missing = { ...job('0'), command: [path.join(dir, 'no-such-trainer')] };
    await expect(createLocalBackend().submit(missing, createMemoryLogger())).rejects.toThrow(
      `could not start ${path.join(dir, 'no-such-trainer')}: spawn ${path.join(dir, 'no-such-trainer')} ENOENT`,
    );
  });
});
