import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace } from '../../shared/config/workspace.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { MlflowClient } from '../../shared/mlflow/client.js';
import { runTrain } from '../../shared/train/run-train.js';
import { loadTestbed } from '../testbed/testbed.js';
import { initRepository, projectYaml, writeWorkspace } from './workspace-fixture.js';

// Registration is on by default on main; an unchanged trainer that logs no model (a plain
// pytorch/examples script) must still pass there, unless registration was asked for explicitly.
const bed = loadTestbed();
const mlflow = new MlflowClient({ uri: bed.mlflow.uri });
const repoRoot = path.resolve(import.meta.dirname, '../..');
const MODEL = `no-model-${process.pid}`;
let root: string;

// Outside a GitHub runner, the run's branch comes from the checkout (main), not from the job.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_')),
);

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-register-'));
  writeWorkspace(
    root,
    { tracking: { uri: bed.mlflow.uri } },
    {
      'projects/plain/mlenv.yaml': projectYaml('plain', {
        train: { command: ['python', 'train.py'] },
        promote: { model: MODEL, serving: { name: 'plain' } },
      }),
      'projects/plain/train.py': 'print("trained, and logged no model", flush=True)\n',
    },
  );
  initRepository(root, 'main');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function train(register: boolean | undefined) {
  const workspace = await loadWorkspace(root);
  const project = workspace.projects[0];
  if (!project) throw new Error('no project');
  const logger = createMemoryLogger();
  const outcome = await runTrain({
    workspace,
    project,
    backend: 'local',
    venv: bed.python.venv,
    register,
    logger,
    signal: new AbortController().signal,
    env,
  });
  if (outcome.kind !== 'run') throw new Error(`expected a run, got ${outcome.kind}`);
  return { result: outcome.result, logger };
}

function mlenv(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'),
        path.join(repoRoot, 'cli/src/index.ts'),
        ...args,
      ],
      { cwd: root, env: { ...env, NODE_OPTIONS: '' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        resolve({ code: typeof code === 'number' ? code : -1, output: stdout + stderr });
      },
    );
  });
}

const warningOf = (runId: string) =>
  `Not registering ${MODEL}: run ${runId} logged no model (registration is on by default on main; pass --register, or register: true to mlenv/train, to require it).`;

describe('registration by default on main', () => {
  it('succeeds with one warning when the trainer logged no model', async () => {
    const { result, logger } = await train(undefined);
    const { status, registered, registerError } = result;
    expect({ status, registered, registerError }).toEqual({ status: 'succeeded' });
    expect(logger.lines.filter((line) => line.startsWith('warning:'))).toEqual([
      `warning: ${warningOf(result.runId)}`,
    ]);
    expect((await mlflow.getRun(result.runId)).info.status).toBe('FINISHED');
    expect(await mlflow.searchModelVersions(`name='${MODEL}'`)).toEqual([]);
  });

  it('fails registration as before when it was asked for explicitly', async () => {
    const { result } = await train(true);
    expect(result.status).toBe('succeeded');
    expect(result.registerError).toBe(
      `Cannot register ${MODEL}: run ${result.runId} logged no model. Log it with mlflow.pytorch.log_model in the trainer.`,
    );
  });

  it('mlenv train exits 0 with the warning, and 1 with --register', async () => {
    const common = ['train', 'plain', '--venv', bed.python.venv, '--tracking-uri', bed.mlflow.uri];
    const byDefault = await mlenv(common);
    const runId = /run (\w+) logged no model/.exec(byDefault.output)?.[1] ?? '';
    expect({ code: byDefault.code, warnings: byDefault.output.match(/^warning: .*$/gm) }).toEqual({
      code: 0,
      warnings: [`warning: ${warningOf(runId)}`],
    });
    expect(byDefault.output).not.toContain('Cannot register');

    const required = await mlenv([...common, '--register']);
    expect(required.code).toBe(1);
    expect(required.output).toMatch(
      new RegExp(`Cannot register ${MODEL}: run \\w+ logged no model`),
    );

    const off = await mlenv([...common, '--no-register']);
    expect(off.code).toBe(0);
    expect(off.output).not.toMatch(/Not registering|Cannot register/);
  });
});
