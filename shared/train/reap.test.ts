import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { processIdentity } from '../process/identity.js';
import type { KubernetesHandle, LocalHandle } from './backend.js';
import { parseHandle } from './handle.js';
import {
  decide,
  formatEntry,
  launcherState,
  type ObservedJob,
  type ObservedWorkflow,
  parseWorkflowRunUrl,
  workflowFromStatus,
} from './reap.js';

const launcher = { host: 'runner-1', pid: 123, startTime: '456' };
const WORKFLOW = 'https://github.com/acme/ml/actions/runs/987';

const local: LocalHandle = {
  backend: 'local',
  runId: 'r1',
  submittedAt: '2025-01-01T00:00:00Z',
  launcher,
  trainer: { pid: 124, startTime: '457' },
  workflowRunUrl: WORKFLOW,
};

const cluster: KubernetesHandle = {
  backend: 'kubernetes',
  runId: 'r2',
  submittedAt: '2025-01-01T00:00:00Z',
  launcher,
  context: 'ci',
  namespace: 'ml-training',
  objects: [
    { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ml-training', name: 'fraud-abc-env' },
    { apiVersion: 'batch/v1', kind: 'Job', namespace: 'ml-training', name: 'fraud-abc' },
  ],
  workflowRunUrl: WORKFLOW,
};

const none: ObservedWorkflow = { state: 'none' };
const active: ObservedWorkflow = { state: 'active', status: 'in_progress' };
const ended: ObservedWorkflow = { state: 'ended', status: 'completed', conclusion: 'cancelled' };
const running: ObservedJob = { state: 'running' };
const unknown: ObservedJob = { state: 'unknown', reason: 'connect ECONNREFUSED' };

describe('decide', () => {
  it('spares a run whose launcher is alive, whatever its job and workflow run look like', () => {
    for (const job of [running, { state: 'gone' } as const, unknown]) {
      for (const workflow of [none, active, ended]) {
        expect(decide(local, { launcher: 'alive', job, workflow })).toEqual({
          action: 'spare',
          reason: 'launcher pid 123 on host runner-1 is alive',
        });
        expect(decide(cluster, { launcher: 'alive', job, workflow }).action).toBe('spare');
      }
    }
  });

  it('ends the run of a dead local launcher and stops its orphan trainer', () => {
    expect(decide(local, { launcher: 'dead', job: running, workflow: none })).toEqual({
      action: 'end',
      status: 'FAILED',
      reason:
        'launcher pid 123 on host runner-1 is gone; the trainer (pid 124) was still running and was stopped',
      cleanup: true,
    });
    expect(decide(local, { launcher: 'dead', job: { state: 'gone' }, workflow: active })).toEqual({
      action: 'end',
      status: 'FAILED',
      reason: 'launcher pid 123 on host runner-1 is gone; the trainer (pid 124) no longer exists',
      cleanup: true,
    });
  });

  it('ends a dead local launcher FINISHED only when the backend saw the trainer succeed', () => {
    const decision = decide(local, {
      launcher: 'dead',
      job: { state: 'succeeded' },
      workflow: none,
    });
    expect(decision).toMatchObject({ action: 'end', status: 'FINISHED' });
  });

  it('spares a dead local launcher whose trainer could not be checked', () => {
    expect(decide(local, { launcher: 'dead', job: unknown, workflow: none }).action).toBe('spare');
  });

  it('spares a local run of another host unless its workflow run has ended', () => {
    const unchecked: ObservedJob = { state: 'unchecked' };
    for (const workflow of [none, active, { state: 'unknown', reason: 'no token' } as const]) {
      expect(decide(local, { launcher: 'elsewhere', job: unchecked, workflow })).toEqual({
        action: 'spare',
        reason: 'launcher pid 123 on host runner-1 cannot be checked from this host',
      });
    }
    // Its trainer lives on the other host: nothing to clean up from here.
    expect(decide(local, { launcher: 'elsewhere', job: unchecked, workflow: ended })).toEqual({
      action: 'end',
      status: 'FAILED',
      reason: `workflow run ${WORKFLOW} is completed (cancelled); the trainer (pid 124) could not be checked from here`,
      cleanup: false,
    });
  });

  it('ends a cluster run whose Job is gone, from any host', () => {
    for (const launcher of ['dead', 'elsewhere'] as const) {
      const decision = decide(cluster, { launcher, job: { state: 'gone' }, workflow: active });
      expect(decision).toMatchObject({ action: 'end', status: 'FAILED', cleanup: true });
      expect(decision.reason).toContain('Job ml-training/fraud-abc no longer exists');
    }
  });

  it('ends a cluster run whose Job finished: FINISHED when it succeeded, FAILED with why not', () => {
    expect(
      decide(cluster, { launcher: 'dead', job: { state: 'succeeded' }, workflow: none }),
    ).toEqual({
      action: 'end',
      status: 'FINISHED',
      reason: 'launcher pid 123 on host runner-1 is gone; Job ml-training/fraud-abc had succeeded',
      cleanup: true,
    });
    expect(
      decide(cluster, {
        launcher: 'elsewhere',
        job: { state: 'failed', reason: 'BackoffLimitExceeded' },
        workflow: active,
      }),
    ).toEqual({
      action: 'end',
      status: 'FAILED',
      reason:
        'launcher pid 123 on host runner-1; Job ml-training/fraud-abc had failed: BackoffLimitExceeded',
      cleanup: true,
    });
  });

  it('spares a cluster Job that still runs without its launcher (detached) or cannot be seen', () => {
    for (const launcher of ['dead', 'elsewhere'] as const) {
      for (const job of [running, unknown]) {
        for (const workflow of [none, active, { state: 'unknown', reason: 'x' } as const]) {
          expect(decide(cluster, { launcher, job, workflow }).action).toBe('spare');
        }
      }
    }
  });

  it('deletes what still runs once the workflow run that launched it has ended', () => {
    expect(decide(cluster, { launcher: 'elsewhere', job: running, workflow: ended })).toEqual({
      action: 'end',
      status: 'FAILED',
      reason: `workflow run ${WORKFLOW} is completed (cancelled); Job ml-training/fraud-abc was still running and was deleted`,
      cleanup: true,
    });
    // Even a Job that succeeded: the launcher that would have collected it is gone with the run.
    expect(
      decide(cluster, { launcher: 'dead', job: { state: 'succeeded' }, workflow: ended }),
    ).toMatchObject({ action: 'end', status: 'FAILED', cleanup: true });
    // A Job that cannot be seen is still deleted (cleanup is idempotent; a failure keeps the run).
    expect(decide(cluster, { launcher: 'elsewhere', job: unknown, workflow: ended })).toMatchObject(
      {
        action: 'end',
        cleanup: true,
      },
    );
    expect(
      decide(cluster, { launcher: 'elsewhere', job: { state: 'gone' }, workflow: ended }),
    ).toMatchObject({ action: 'end', cleanup: false });
  });
});

describe('workflow run status', () => {
  it('counts a run as ended only outside the statuses in which a job of it may run', () => {
    for (const status of ['in_progress', 'queued', 'requested', 'pending']) {
      expect(workflowFromStatus(status, null)).toEqual({ state: 'active', status });
    }
    expect(workflowFromStatus('completed', 'failure')).toEqual({
      state: 'ended',
      status: 'completed',
      conclusion: 'failure',
    });
    expect(workflowFromStatus('waiting', null).state).toBe('ended');
  });

  it('reads owner, repository and run id from a run page, with or without an attempt', () => {
    expect(parseWorkflowRunUrl(WORKFLOW)).toEqual({ owner: 'acme', repo: 'ml', runId: 987 });
    expect(
      parseWorkflowRunUrl('https://ghe.example.com/acme/ml/actions/runs/5/attempts/2'),
    ).toEqual({ owner: 'acme', repo: 'ml', runId: 5 });
    expect(parseWorkflowRunUrl('https://github.com/acme/ml/pull/3')).toBeUndefined();
  });
});

describe('handles and launchers', () => {
  it('reads a handle tag and says what is wrong with one that is not', () => {
    expect(parseHandle(JSON.stringify(cluster))).toEqual(cluster);
    expect(parseHandle(JSON.stringify(local))).toEqual(local);
    expect(() => parseHandle('{"backend":')).toThrow(/^not JSON/);
    expect(() => parseHandle(JSON.stringify({ ...local, launcher: { host: 'h' } }))).toThrow(
      /^not a handle: launcher\.pid/,
    );
    expect(() => parseHandle(JSON.stringify({ ...local, backend: 'ray' }))).toThrow(
      /^not a handle: backend/,
    );
  });

  it('checks only launchers of this host: alive, dead, or elsewhere', () => {
    const me = processIdentity();
    expect(launcherState(me)).toBe('alive');
    const finished = spawnSync('true').pid ?? 0;
    expect(launcherState({ ...me, pid: finished, startTime: null })).toBe('dead');
    // A reused pid: same number, another start time.
    expect(launcherState({ ...me, startTime: '1' })).toBe('dead');
    expect(launcherState({ ...me, host: `${me.host}-other` })).toBe('elsewhere');
  });

  it('logs every decision in one line', () => {
    const base = { runId: 'abc', experimentId: '1', runName: 'fraud-main-1' };
    const lines = [
      formatEntry({ ...base, action: 'spared', reason: 'launcher pid 1 on host h is alive' }),
      formatEntry({
        ...base,
        action: 'ended',
        status: 'FAILED',
        reason: 'launcher pid 1 on host h is gone',
        cleanedUp: true,
        dryRun: true,
      }),
      formatEntry({ ...base, action: 'unreadable', reason: 'tag mlenv.handle is not JSON' }),
    ];
    expect(lines).toEqual([
      'reap: run fraud-main-1 (abc) spared: launcher pid 1 on host h is alive',
      'reap: run fraud-main-1 (abc) would be ended FAILED: launcher pid 1 on host h is gone',
      'reap: run fraud-main-1 (abc) left alone: tag mlenv.handle is not JSON',
    ]);
  });
});
