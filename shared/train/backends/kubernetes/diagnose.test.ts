import { describe, expect, it } from '@jest/globals';
import { explainFailure, jobFinished, podProblem } from './diagnose.js';

const pod = (status: object) => ({ metadata: { name: 'p' }, status });

describe('podProblem', () => {
  it('reports the scheduler message of an unschedulable pod', () => {
    const message = '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.';
    expect(
      podProblem(
        pod({
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
        }),
      ),
    ).toEqual({
      kind: 'unschedulable',
      message,
    });
  });

  it('reports image pull errors', () => {
    const status = {
      containerStatuses: [
        {
          name: 'trainer',
          state: {
            waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x:1"' },
          },
        },
      ],
    };
    expect(podProblem(pod(status))).toEqual({
      kind: 'image',
      message: 'ImagePullBackOff: Back-off pulling image "x:1"',
    });
  });

  it('reports OOMKilled before the exit code', () => {
    const status = {
      containerStatuses: [
        { name: 'trainer', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } },
      ],
    };
    expect(podProblem(pod(status))).toEqual({ kind: 'oom', container: 'trainer' });
  });

  it('reports a non-zero exit code', () => {
    const status = {
      phase: 'Failed',
      containerStatuses: [
        { name: 'trainer', state: { terminated: { exitCode: 3, reason: 'Error' } } },
      ],
    };
    expect(podProblem(pod(status))).toEqual({
      kind: 'exit',
      exitCode: 3,
      reason: 'Error',
      container: 'trainer',
    });
  });

  it('reports preemption', () => {
    const status = {
      phase: 'Failed',
      conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }],
    };
    expect(podProblem(pod(status))?.kind).toBe('preempted');
  });

  it('reports a running pod whose node stopped reporting: Ready false while ContainersReady stays true', () => {
    const running = { name: 'node', state: { running: {} } };
    const lost = {
      metadata: { name: 'p' },
      spec: { nodeName: 'gpu-7' },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'ContainersReady', status: 'True' },
        ],
        containerStatuses: [running],
      },
    };
    expect(podProblem(lost)).toEqual({ kind: 'node-lost', node: 'gpu-7' });
    // What the kubelet itself reports for a container that stopped, and a pod with a readiness
    // gate (whose Ready the kubelet sets apart from its containers): no node loss.
    const stopped = {
      ...lost,
      status: {
        ...lost.status,
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'ContainersReady', status: 'False' },
        ],
      },
    };
    expect(podProblem(stopped)).toBeUndefined();
    expect(
      podProblem({ ...lost, spec: { nodeName: 'gpu-7', readinessGates: [{}] } }),
    ).toBeUndefined();
  });

  it('finds nothing wrong with a running pod', () => {
    expect(
      podProblem(
        pod({ phase: 'Running', containerStatuses: [{ name: 'trainer', state: { running: {} } }] }),
      ),
    ).toBeUndefined();
  });
});

describe('jobFinished and explainFailure', () => {
  const settings = { maxRuntime: '30m', memory: '4Gi', retries: 2 };

  it('reads Complete and Failed conditions', () => {
    expect(
      jobFinished({
        metadata: { name: 'j' },
        status: { conditions: [{ type: 'Complete', status: 'True' }] },
      }),
    ).toEqual({ status: 'succeeded' });
    expect(
      jobFinished({
        metadata: { name: 'j' },
        status: { conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded' }] },
      }),
    ).toEqual({
      status: 'failed',
      reason: 'DeadlineExceeded',
      message: undefined,
    });
    expect(jobFinished({ metadata: { name: 'j' }, status: { active: 1 } })).toBeUndefined();
  });

  it('explains each kind of failure in one line', () => {
    expect(
      explainFailure(
        { reason: 'PodFailurePolicy' },
        [{ kind: 'exit', exitCode: 3, container: 'trainer' }],
        settings,
      ),
    ).toEqual({
      reason: 'trainer exited with code 3',
      exitCode: 3,
    });
    expect(
      explainFailure(
        { reason: 'PodFailurePolicy' },
        [{ kind: 'oom', container: 'trainer' }],
        settings,
      ).reason,
    ).toBe('trainer was OOMKilled: it used more than its memory limit (4Gi)');
    expect(explainFailure({ reason: 'DeadlineExceeded' }, [], settings).reason).toBe(
      'training exceeded maxRuntime 30m and was stopped',
    );
    expect(explainFailure({ reason: 'BackoffLimitExceeded' }, [], settings).reason).toBe(
      'pods failed 3 times (retries: 2)',
    );
  });
});
