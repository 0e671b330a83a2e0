import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { loadWorkspace } from '../../shared/config/workspace.js';
import { lockEnvironment, resolveEnvironment } from '../../shared/environment/index.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { loadTestbed } from '../testbed/testbed.js';
import {
  type ActRepo,
  type ActRun,
  createActRepo,
  keepActLog,
  localActionArgs,
  runAct,
} from './act.js';
import { copyCheckProjects, writeCheckWorkspace } from './check-workspace.js';

// The composite actions mlenv/ci (setup, check) and mlenv/gpu-ci (setup, doctor, gpu-test) as a
// workflow uses them, `mlenv/<action>@v1`, which act maps to this checkout's actions/ (their
// action.yml and committed dist/). One act run, one job per scenario: a clean project passes, a
// broken one fails with its annotations, an unknown one fails in setup before anything is
// checked; on this runner without an NVIDIA driver, the GPU tests are skipped with their reason
// when a GPU is not required and fail when it is. The environment comes from the same lock as
// ci-actions.test.ts (so from the machine's uv cache), built once before act and handed to every
// job as MLENV_VENV (as the lifecycle test does with the test bed's), rather than built per job.
const bed = loadTestbed();
const WORKFLOW = 'composites';
let scratch: ActRepo;
let lockHash: string;
let venv: string;
let run: ActRun;

interface JobResult {
  outcome: string;
  outputs: Record<string, string>;
}

function result(job: string): JobResult {
  return JSON.parse(readFileSync(path.join(scratch.results, `${job}.json`), 'utf8')) as JobResult;
}

/** The lines act printed for one job. */
function jobLog(job: string): string {
  const prefix = new RegExp(`^\\[${WORKFLOW}/${job}\\s*\\]`);
  return run.log
    .split('\n')
    .filter((line) => prefix.test(line))
    .join('\n');
}

/** A job that runs one composite action, then records its outcome and outputs, whatever happened. */
function job(uses: string, inputs: Record<string, string>) {
  return {
    'runs-on': 'ubuntu-latest',
    steps: [
      // act copies the repository into the job's own folder, .gitignore'd files left out.
      { uses: 'actions/checkout@v5' },
      { id: 'leg', uses, with: inputs },
      {
        name: 'record',
        if: 'always()',
        env: { OUTCOME: '${{ steps.leg.outcome }}', OUTPUTS: '${{ toJSON(steps.leg.outputs) }}' },
        run: 'jq -n --arg outcome "$OUTCOME" --argjson outputs "$OUTPUTS" \'$ARGS.named\' > "$RESULTS/$GITHUB_JOB.json"',
      },
    ],
  };
}

beforeAll(async () => {
  // The GPU scenarios are those of a GPU runner that shows no GPU: no NVIDIA driver here.
  const smi = spawnSync('nvidia-smi', ['-L']);
  if (!smi.error)
    throw new Error('nvidia-smi runs on this machine: these tests expect a runner without GPUs');
  scratch = createActRepo('composite');
  const { repo, git } = scratch;
  writeCheckWorkspace(repo, ['clean', 'broken']);
  copyCheckProjects(repo, ['clean', 'broken']);
  const logger = createMemoryLogger();
  await lockEnvironment(await loadWorkspace(repo), logger);
  const environment = await resolveEnvironment(await loadWorkspace(repo), { logger });
  lockHash = environment.lockHash ?? '';
  venv = environment.venv;
  // Values reach the jobs as inputs and through env, never spliced into a script.
  scratch.write(
    `.github/workflows/${WORKFLOW}.yml`,
    stringify({
      name: WORKFLOW,
      on: 'push',
      permissions: { contents: 'read' },
      jobs: {
        'ci-clean': job('mlenv/ci@v1', { project: 'clean' }),
        'ci-broken': job('mlenv/ci@v1', { project: 'broken' }),
        'ci-unknown': job('mlenv/ci@v1', { project: 'nowhere' }),
        'gpu-optional': job('mlenv/gpu-ci@v1', { project: 'broken', 'require-gpu': 'false' }),
        'gpu-required': job('mlenv/gpu-ci@v1', { project: 'broken' }),
      },
    }),
  );
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'workspace');

  run = await runAct({
    act: bed.tools.act,
    cwd: repo,
    event: 'push',
    workflow: `.github/workflows/${WORKFLOW}.yml`,
    home: scratch.home,
    timeoutMs: 600_000,
    env: {
      RESULTS: scratch.results,
      MLENV_VENV: venv,
      MLENV_UV: bed.tools.uv,
      UV_CACHE_DIR: process.env.UV_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'uv'),
    },
    args: localActionArgs(),
  });
  keepActLog(WORKFLOW, run);
}, 900_000);

afterAll(() => scratch?.remove());

describe('mlenv/ci under act', () => {
  it('passes a clean project, with the outputs of check and setup', () => {
    const { outcome, outputs } = result('ci-clean');
    expect(outcome).toBe('success');
    expect(outputs.ok).toBe('true');
    expect(JSON.parse(outputs.results ?? '')).toEqual([
      { name: 'clean', lint: 0, format: 0, passed: 2, failed: 0, skipped: 0 },
    ]);
    expect(outputs['lock-hash']).toBe(lockHash);
    expect(venv).toBe(path.join(scratch.repo, '.mlenv/venvs', lockHash));
    expect(outputs.venv).toBe(venv);
    expect(outputs.python).toBe(path.join(venv, 'bin/python'));
    // Built before act: setup found it, and check ran in it.
    expect(outputs['cache-hit']).toBe('true');
    const log = jobLog('ci-clean');
    expect(log).toContain(`Environment: cache hit, reusing the given ${venv}`);
    expect(log).not.toContain('::error');
    expect(log).toContain('Job succeeded');
  });

  it('fails a broken project with each finding as an annotation at its file and line', () => {
    const { outcome, outputs } = result('ci-broken');
    expect(outcome).toBe('failure');
    expect(outputs.ok).toBe('false');
    expect(JSON.parse(outputs.results ?? '')).toEqual([
      { name: 'broken', lint: 1, format: 1, passed: 2, failed: 1, skipped: 1 },
    ]);
    const log = jobLog('ci-broken');
    expect(log).toMatch(/::error title=ruff F401,file=projects\/broken\/calc\.py,line=1,col=8::/);
    expect(log).toMatch(/::error title=ruff format,file=projects\/broken\/messy\.py,line=5/);
    expect(log).toMatch(
      /::error title=pytest test_sub,file=projects\/broken\/tests\/test_calc\.py,line=10/,
    );
    expect(log).toContain('check: broken did not pass');
    expect(log).toContain('Job failed');
  });

  it('fails in setup on an unknown project and checks nothing', () => {
    const { outcome, outputs } = result('ci-unknown');
    expect(outcome).toBe('failure');
    const log = jobLog('ci-unknown');
    expect(log).toContain(
      '::error::setup: Project "nowhere": expected one of broken, clean, found no such project.',
    );
    // check never ran: no result, and its outputs are empty.
    expect(log).not.toContain('mlenv/check@v1');
    expect(outputs.ok).toBe('');
    expect(outputs.results).toBe('');
  });
});

describe('mlenv/gpu-ci under act, on a runner without GPUs', () => {
  it('skips the GPU tests with the reason when no GPU is required', () => {
    const { outcome, outputs } = result('gpu-optional');
    expect(outcome).toBe('success');
    expect(outputs).toMatchObject({
      status: 'skipped',
      reason:
        'no GPU visible (nvidia-smi not found (no NVIDIA driver on this machine)); skipped because require-gpu is false',
      passed: '0',
      failed: '0',
      skipped: '0',
      gpus: '[]',
      // A CPU environment needs no GPU: the doctor says there is none, and passes.
      verdict: 'pass',
      'lock-hash': lockHash,
    });
    const log = jobLog('gpu-optional');
    expect(log).toContain('no NVIDIA GPU visible on this machine: nvidia-smi not found');
    expect(log).not.toMatch(/collected \d+ item/);
    expect(log).toContain('Job succeeded');
  });

  it('fails when a GPU is required, and still passes up status and reason', () => {
    const { outcome, outputs } = result('gpu-required');
    expect(outcome).toBe('failure');
    expect(outputs.status).toBe('failed');
    expect(outputs.reason).toMatch(
      /^no GPU visible on this machine: nvidia-smi not found .*set require-gpu: false to skip them\)$/,
    );
    expect(outputs.verdict).toBe('pass');
    const log = jobLog('gpu-required');
    expect(log).toContain('gpu-test: broken failed: no GPU visible on this machine');
    expect(log).toContain('Job failed');
    // Failed jobs fail the run.
    expect(run.status).not.toBe(0);
  });
});
