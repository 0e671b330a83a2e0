import type { KubeClient, KubeObject } from '../../../k8s/client.js';
import { watchUntil } from '../../../k8s/watch.js';
import type { Logger } from '../../../logger/index.js';
import { TRAIN_OPTIONS } from '../../../options/train.js';
import type { KubernetesHandle } from '../../backend.js';
import type { JobOutcome } from '../../job.js';
import type { LogBuffer } from '../../log-buffer.js';
import {
  explainFailure,
  type JobView,
  jobFinished,
  type PodProblem,
  type PodView,
  podProblem,
} from './diagnose.js';
import { kindPath } from './kinds.js';
import { getObject, workloadOf } from './objects.js';
import { CODE_CONTAINER, FAILURE_COUNT, IGNORED_FAILURE_COUNT, LABELS } from './render.js';

// Callers that name no timeout (a handle followed later, the bench) get the option's default.
export const DEFAULT_PENDING_TIMEOUT_MS = TRAIN_OPTIONS['pending-timeout'].default * 1000;

/** The parts of a Job or TrainJob that say how to explain its failure and label its logs. */
interface WorkloadView extends JobView {
  spec?: {
    activeDeadlineSeconds?: number;
    backoffLimit?: number;
    completions?: number;
    template?: { spec?: { containers?: { resources?: { limits?: Record<string, string> } }[] } };
    trainer?: { numNodes?: number; resourcesPerNode?: { limits?: Record<string, string> } };
  };
}

/** What the workload itself says about the run: every process can follow it the same way. */
function workloadSettings(object: WorkloadView) {
  const spec = object.spec ?? {};
  const deadline = spec.activeDeadlineSeconds;
  return {
    nodes: spec.trainer?.numNodes ?? spec.completions ?? 1,
    maxRuntime: deadline ? asDuration(deadline) : 'unset',
    memory:
      spec.trainer?.resourcesPerNode?.limits?.memory ??
      spec.template?.spec?.containers?.[0]?.resources?.limits?.memory,
    retries: spec.backoffLimit ?? 0,
  };
}

/** A number of seconds as maxRuntime is written: 5400 becomes "1h30m". */
function asDuration(seconds: number): string {
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || seconds === 0 ? `${s}s` : ''}`;
}

export interface FollowContext {
  logger: Logger;
  signal: AbortSignal;
  log: LogBuffer;
  pendingTimeoutMs: number;
  /** Whether this process cancelled the run: its workload's deletion is then no surprise. */
  cancelledHere(): boolean;
}

/**
 * Watches the run's pods (logs, pending problems, preemptions) and its workload (the end) until
 * the workload finishes, is deleted, a pod stays pending too long, or the signal aborts.
 */
export async function followWorkload(
  client: KubeClient,
  handle: KubernetesHandle,
  context: FollowContext,
): Promise<JobOutcome> {
  const { logger, signal, log, pendingTimeoutMs } = context;
  const workload = workloadOf(handle);
  const namespace = workload.namespace;
  const name = workload.name;
  let attempts = 1;
  const cancelled = (): JobOutcome => ({
    status: 'cancelled',
    reason: 'cancelled',
    logTail: log.tail(),
    log: log.text(),
    attempts,
  });
  const deleted = (): JobOutcome =>
    context.cancelledHere()
      ? cancelled()
      : {
          status: 'failed',
          reason: `${workload.kind}/${name} was deleted by someone else`,
          logTail: log.tail(),
          log: log.text(),
        };

  // Read once up front: how many nodes (log prefixes) and what to say should it fail.
  const initial = await getObject<KubeObject & WorkloadView>(client, workload);
  if (!initial) return deleted();
  let latest: WorkloadView = initial;
  const nodes = workloadSettings(initial).nodes;

  const stop = new AbortController();
  // A pod first seen already ended has its log read whole, not followed; a Job that finishes
  // meanwhile waits for those reads (bounded), or a trainer that exits at once would lose its
  // lines to the race. Followed streams are not waited for: a real kubelet ends them with the
  // container, before the Job completes, and kwok's may never end.
  const logsStop = new AbortController();
  const wholeReads: Promise<void>[] = [];
  const onAbort = () => {
    stop.abort();
    logsStop.abort();
  };
  signal.addEventListener('abort', onAbort, { once: true });

  const problems = new Map<string, PodProblem>();
  const streaming = new Set<string>();
  const pendingSince = new Map<string, number>();
  let early: JobOutcome | undefined;
  const podIndex = new Map<string, number>();

  const finishEarly = (outcome: JobOutcome) => {
    early ??= outcome;
    stop.abort();
  };

  const pendingTimer = setInterval(
    () => {
      for (const [pod, since] of pendingSince) {
        const problem = problems.get(pod);
        if (Date.now() - since < pendingTimeoutMs || !problem) continue;
        if (problem.kind === 'unschedulable' || problem.kind === 'image') {
          const what =
            problem.kind === 'unschedulable' ? 'unschedulable' : 'unable to pull its image';
          finishEarly({
            status: 'failed',
            reason: `pod ${pod} was ${what} for ${Math.round(pendingTimeoutMs / 1000)}s: ${problem.message}`,
            logTail: log.tail(),
            log: log.text(),
            cleanUp: true,
          });
        }
      }
    },
    Math.min(1_000, pendingTimeoutMs),
  );

  const podsWatch = watchUntil<KubeObject & PodView>({
    client,
    path: kindPath('Pod', namespace),
    query: { labelSelector: `${LABELS.runId}=${handle.runId.slice(0, 63)}` },
    signal: stop.signal,
    logger,
    handle(pod) {
      const podName = pod.metadata.name;
      if (!podIndex.has(podName)) podIndex.set(podName, podIndex.size);
      attempts = Math.max(attempts, podAttempt(pod));
      const problem = podProblem(pod);
      const previous = problems.get(podName);
      if (problem) problems.set(podName, problem);
      else problems.delete(podName);
      if (problem && (problem.kind === 'unschedulable' || problem.kind === 'image')) {
        if (!pendingSince.has(podName)) pendingSince.set(podName, Date.now());
        if (!previous || !('message' in previous) || previous.message !== problem.message)
          logger.info(`Pod ${podName}: ${problem.message}`);
      } else {
        pendingSince.delete(podName);
      }
      if (problem?.kind === 'node-lost') {
        // Nothing comes back from that node until it does: no log, no exit, no retry (the Job
        // replaces a pod only once it is known to have ended), so waiting would only hold the
        // other nodes' pods at the rendezvous. The run fails now, saying which node.
        logger.warning(
          `Pod ${podName}: its node ${problem.node} stopped responding (the node controller marked the pod not ready).`,
        );
        finishEarly({
          status: 'failed',
          reason: `pod ${podName} was lost with its node ${problem.node}, which stopped responding: the run cannot go on without it; pods there end when the node returns or is removed`,
          logTail: log.tail(),
          log: log.text(),
          cleanUp: true,
        });
        return true;
      }
      if (problem?.kind === 'preempted' && previous?.kind !== 'preempted') {
        logger.warning(
          `Pod ${podName} was preempted (${problem.message}); the Job retries it, resuming from its checkpoint.`,
        );
      }
      const phase = pod.status?.phase;
      // A pod first seen already preempted still has its log until it is gone: what it printed
      // says how far that attempt came.
      if (
        (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') &&
        !streaming.has(podName)
      ) {
        streaming.add(podName);
        const prefix = podIndex.size > 1 || nodes > 1 ? `[pod ${podIndex.get(podName)}] ` : '';
        const follow = phase === 'Running';
        const read = streamLogs(client, namespace, pod, prefix, log, logger, {
          follow,
          signal: logsStop.signal,
        });
        if (!follow) wholeReads.push(read);
      }
      return false;
    },
  });

  let finished: ReturnType<typeof jobFinished>;
  const workloadWatch = watchUntil<KubeObject & WorkloadView>({
    client,
    path: kindPath(workload.kind, namespace),
    query: { fieldSelector: `metadata.name=${name}` },
    signal: stop.signal,
    logger,
    handle(object, type) {
      if (type === 'DELETED') {
        finishEarly(deleted());
        return true;
      }
      latest = object;
      finished = jobFinished(object);
      if (finished) stop.abort();
      return finished !== undefined;
    },
  });

  try {
    await workloadWatch;
    stop.abort();
    await podsWatch;
    if (finished && !early) await drained(wholeReads, LOG_DRAIN_MS);
  } finally {
    logsStop.abort();
    clearInterval(pendingTimer);
    signal.removeEventListener('abort', onAbort);
  }

  if (signal.aborted || context.cancelledHere()) return cancelled();
  if (early) return { ...early, attempts };
  const result = finished as NonNullable<typeof finished>;
  const preemptions = [...problems.values()].filter((p) => p.kind === 'preempted').length;
  if (preemptions > 0) logger.info(`${preemptions} pod(s) preempted and retried.`);
  if (result.status === 'succeeded')
    return { status: 'succeeded', exitCode: 0, logTail: log.tail(), log: log.text(), attempts };
  const explained = explainFailure(result, [...problems.values()], workloadSettings(latest));
  return { status: 'failed', ...explained, logTail: log.tail(), log: log.text(), attempts };
}

/** How long a finished Job waits for the logs of pods first seen already ended. */
const LOG_DRAIN_MS = 10_000;

async function drained(streams: readonly Promise<void>[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.allSettled(streams), timeout]);
  clearTimeout(timer);
}

/** Which start of the trainer a pod is, from the Job controller's failure counts of its index. */
export function podAttempt(pod: KubeObject): number {
  const annotations = pod.metadata.annotations ?? {};
  const count = (key: string) => {
    const value = Number.parseInt(annotations[key] ?? '0', 10);
    return Number.isFinite(value) && value > 0 ? value : 0;
  };
  return 1 + count(FAILURE_COUNT) + count(IGNORED_FAILURE_COUNT);
}

interface PodContainers {
  spec?: {
    nodeName?: string;
    readinessGates?: unknown[];
    initContainers?: { name: string }[];
    containers?: { name: string }[];
  };
}

/**
 * The code checkout's lines (it has finished once the pod runs: they say which code, or why it
 * could not be fetched), then the trainer's, followed. The trainer is the pod's first container,
 * whatever the workload names it.
 */
async function streamLogs(
  client: KubeClient,
  namespace: string,
  pod: KubeObject & PodContainers,
  prefix: string,
  log: LogBuffer,
  logger: Logger,
  { follow, signal }: { follow: boolean; signal: AbortSignal },
): Promise<void> {
  const path = `${kindPath('Pod', namespace, pod.metadata.name)}/log`;
  const print = (line: string) => logger.info(log.push(`${prefix}${line}`));
  const init = (pod.spec?.initContainers ?? []).filter((c) => c.name === CODE_CONTAINER);
  const trainer = pod.spec?.containers?.[0]?.name;
  try {
    for (const container of init)
      await client.streamLines(path, { container: container.name }, print, signal);
    if (trainer) await client.streamLines(path, { container: trainer, follow }, print, signal);
  } catch (error) {
    // Logs are a convenience: a node that does not serve them must not fail the run.
    logger.debug(`No logs from pod ${pod.metadata.name}: ${(error as Error).message}`);
  }
}
