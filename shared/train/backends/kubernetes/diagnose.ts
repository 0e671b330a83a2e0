/** The parts of Pod and Job objects that explain why training did not run or did not succeed. */
export interface PodView {
  metadata: {
    name: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: { nodeName?: string; readinessGates?: unknown[] };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

interface ContainerStatus {
  name: string;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: { exitCode: number; reason?: string; message?: string; signal?: number };
  };
}

export interface JobView {
  metadata: { name: string };
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    succeeded?: number;
    failed?: number;
    active?: number;
  };
}

export type PodProblem =
  | { kind: 'unschedulable'; message: string }
  | { kind: 'image'; message: string }
  | { kind: 'preempted'; message: string }
  | { kind: 'node-lost'; node: string }
  | { kind: 'exit'; exitCode: number; reason?: string; container: string }
  | { kind: 'oom'; container: string };

const IMAGE_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
]);

/**
 * A running pod whose node stopped reporting. The kubelet moves Ready and ContainersReady
 * together (no readiness probes or gates are rendered); only the node controller, once a node
 * misses its heartbeats for the grace period, turns Ready false and leaves ContainersReady true
 * (and says NodeNotReady in an event). The containers' states are then the last ones the kubelet
 * sent, so this comes before them.
 */
function nodeLost(pod: PodView): boolean {
  if (pod.status?.phase !== 'Running' || pod.spec?.readinessGates?.length) return false;
  const conditions = pod.status.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  const containersReady = conditions.find((c) => c.type === 'ContainersReady');
  return ready?.status === 'False' && containersReady?.status === 'True';
}

/** What is wrong with one pod right now, if anything. */
export function podProblem(pod: PodView): PodProblem | undefined {
  const status = pod.status ?? {};
  const disruption = status.conditions?.find(
    (c) => c.type === 'DisruptionTarget' && c.status === 'True',
  );
  if (disruption)
    return {
      kind: 'preempted',
      message: `${disruption.reason ?? 'preempted'}${disruption.message ? `: ${disruption.message}` : ''}`,
    };
  if (nodeLost(pod)) return { kind: 'node-lost', node: pod.spec?.nodeName ?? 'its node' };
  const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return { kind: 'unschedulable', message: scheduled.message ?? 'no node fits the pod' };
  }
  for (const container of [
    ...(status.initContainerStatuses ?? []),
    ...(status.containerStatuses ?? []),
  ]) {
    const waiting = container.state?.waiting;
    if (waiting?.reason && IMAGE_REASONS.has(waiting.reason)) {
      return {
        kind: 'image',
        message: `${waiting.reason}: ${waiting.message ?? 'cannot pull the image'}`,
      };
    }
    const terminated = container.state?.terminated;
    if (terminated?.reason === 'OOMKilled') return { kind: 'oom', container: container.name };
    if (terminated && terminated.exitCode !== 0) {
      return {
        kind: 'exit',
        exitCode: terminated.exitCode,
        reason: terminated.reason,
        container: container.name,
      };
    }
  }
  return undefined;
}

export function jobFinished(
  job: JobView,
): { status: 'succeeded' | 'failed'; reason?: string; message?: string } | undefined {
  const conditions = job.status?.conditions ?? [];
  const complete = conditions.find((c) => c.type === 'Complete' && c.status === 'True');
  if (complete) return { status: 'succeeded' };
  const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
  if (failed) return { status: 'failed', reason: failed.reason, message: failed.message };
  return undefined;
}

/** One line saying why a Job failed, from its condition and what its pods went through. */
export function explainFailure(
  job: { reason?: string; message?: string },
  problems: readonly PodProblem[],
  settings: { maxRuntime: string; memory?: string; retries: number },
): { reason: string; exitCode?: number } {
  const exit = [...problems].reverse().find((p) => p.kind === 'exit');
  const oom = problems.find((p) => p.kind === 'oom');
  if (oom)
    return {
      reason: `trainer was OOMKilled: it used more than its memory limit${settings.memory ? ` (${settings.memory})` : ''}`,
      exitCode: 137,
    };
  if (job.reason === 'DeadlineExceeded')
    return { reason: `training exceeded maxRuntime ${settings.maxRuntime} and was stopped` };
  if (exit?.kind === 'exit')
    return { reason: `trainer exited with code ${exit.exitCode}`, exitCode: exit.exitCode };
  // Retries are counted per index (per node), so running out of them fails an index first.
  if (
    job.reason === 'BackoffLimitExceeded' ||
    job.reason === 'FailedIndexes' ||
    job.reason === 'MaxFailedIndexesExceeded'
  )
    return { reason: `pods failed ${settings.retries + 1} times (retries: ${settings.retries})` };
  return {
    reason: `Job failed: ${job.reason ?? 'unknown reason'}${job.message ? ` (${job.message})` : ''}`,
  };
}
