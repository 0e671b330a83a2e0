export const id = 927;
export const ids = [927];
export const modules = {

/***/ 2718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ watchUntil)
/* harmony export */ });
/* harmony import */ var _util_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4589);
/* harmony import */ var _util_sleep_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6228);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9978);



/**
 * Lists, then watches from the list's resourceVersion until `handle` returns true or the signal
 * aborts. A dropped connection (an API server restart, say) resumes from the last version seen,
 * with backoff; 410 Gone means that version is too old, so it lists again. No polling.
 */
async function watchUntil(options) {
    const { client, path, query, handle, signal, logger } = options;
    let resourceVersion;
    let failures = 0;
    while (!signal.aborted) {
        try {
            if (!resourceVersion) {
                const list = await client.request('GET', path, { query, signal });
                for (const item of list.items)
                    if (handle(item, 'ADDED'))
                        return;
                resourceVersion = list.metadata.resourceVersion;
            }
            const stop = new AbortController();
            const onAbort = () => stop.abort();
            signal.addEventListener('abort', onAbort, { once: true });
            let done = false;
            let gone = false;
            try {
                await client.watch(path, { ...query, resourceVersion, timeoutSeconds: 300 }, (event) => {
                    if (done || gone)
                        return;
                    if (event.type === 'ERROR') {
                        const status = event.object;
                        if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone')
                            gone = true;
                        stop.abort();
                        return;
                    }
                    const object = event.object;
                    resourceVersion = object.metadata.resourceVersion ?? resourceVersion;
                    if (event.type === 'BOOKMARK')
                        return;
                    if (handle(object, event.type)) {
                        done = true;
                        stop.abort();
                    }
                }, stop.signal);
            }
            finally {
                signal.removeEventListener('abort', onAbort);
            }
            if (done)
                return;
            if (gone) {
                logger?.debug(`watch ${path}: resourceVersion expired, listing again`);
                resourceVersion = undefined;
            }
            failures = 0;
        }
        catch (error) {
            if (signal.aborted)
                return;
            if (error instanceof _client_js__WEBPACK_IMPORTED_MODULE_2__/* .KubeError */ .a && error.status === 410) {
                resourceVersion = undefined;
                continue;
            }
            if (error instanceof _client_js__WEBPACK_IMPORTED_MODULE_2__/* .KubeError */ .a &&
                (error.status === 401 || error.status === 403 || error.status === 404))
                throw error;
            failures++;
            const delay = (0,_util_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .backoffDelay */ .E)(failures, { initialDelayMs: 400, maxDelayMs: 5_000 });
            logger?.debug(`watch ${path} interrupted (${error.message}); reconnecting in ${delay} ms`);
            // An abort during the pause ends the loop: the watch is no longer wanted.
            await (0,_util_sleep_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy)(delay, signal).catch(() => undefined);
        }
    }
}


/***/ }),

/***/ 7927:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createKubernetesBackend: () => (/* binding */ createKubernetesBackend),
  kubernetesOperations: () => (/* binding */ kubernetesOperations)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./shared/k8s/client.ts
var k8s_client = __webpack_require__(9978);
// EXTERNAL MODULE: ./shared/process/identity.ts
var identity = __webpack_require__(8324);
// EXTERNAL MODULE: ./shared/util/sleep.ts + 1 modules
var sleep = __webpack_require__(6228);
// EXTERNAL MODULE: ./shared/train/log-buffer.ts
var log_buffer = __webpack_require__(3616);
;// CONCATENATED MODULE: ./shared/train/backends/kubernetes/diagnose.ts
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
function nodeLost(pod) {
    if (pod.status?.phase !== 'Running' || pod.spec?.readinessGates?.length)
        return false;
    const conditions = pod.status.conditions ?? [];
    const ready = conditions.find((c) => c.type === 'Ready');
    const containersReady = conditions.find((c) => c.type === 'ContainersReady');
    return ready?.status === 'False' && containersReady?.status === 'True';
}
/** What is wrong with one pod right now, if anything. */
function podProblem(pod) {
    const status = pod.status ?? {};
    const disruption = status.conditions?.find((c) => c.type === 'DisruptionTarget' && c.status === 'True');
    if (disruption)
        return {
            kind: 'preempted',
            message: `${disruption.reason ?? 'preempted'}${disruption.message ? `: ${disruption.message}` : ''}`,
        };
    if (nodeLost(pod))
        return { kind: 'node-lost', node: pod.spec?.nodeName ?? 'its node' };
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
        if (terminated?.reason === 'OOMKilled')
            return { kind: 'oom', container: container.name };
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
function jobFinished(job) {
    const conditions = job.status?.conditions ?? [];
    const complete = conditions.find((c) => c.type === 'Complete' && c.status === 'True');
    if (complete)
        return { status: 'succeeded' };
    const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
    if (failed)
        return { status: 'failed', reason: failed.reason, message: failed.message };
    return undefined;
}
/** One line saying why a Job failed, from its condition and what its pods went through. */
function explainFailure(job, problems, settings) {
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
    if (job.reason === 'BackoffLimitExceeded' ||
        job.reason === 'FailedIndexes' ||
        job.reason === 'MaxFailedIndexesExceeded')
        return { reason: `pods failed ${settings.retries + 1} times (retries: ${settings.retries})` };
    return {
        reason: `Job failed: ${job.reason ?? 'unknown reason'}${job.message ? ` (${job.message})` : ''}`,
    };
}

// EXTERNAL MODULE: ./shared/k8s/watch.ts
var watch = __webpack_require__(2718);
// EXTERNAL MODULE: ./shared/options/train.ts
var train = __webpack_require__(3729);
// EXTERNAL MODULE: ./shared/train/backends/kubernetes/kinds.ts
var kinds = __webpack_require__(3769);
;// CONCATENATED MODULE: ./shared/train/backends/kubernetes/objects.ts


// A handle names its objects by reference (apiVersion, kind, namespace, name); these turn a
// reference into a request, whichever process holds the handle.
/** The object a run is followed by: the last of the handle's, a Job or a TrainJob. */
function workloadOf(handle) {
    const workload = handle.objects[handle.objects.length - 1];
    if (!workload || !(0,kinds/* isKind */.VF)(workload.kind))
        throw new Error(`internal: a Kubernetes handle without a workload (run ${handle.runId})`);
    return workload;
}
/** The reference a handle keeps of a manifest it submitted. */
function refOf(manifest) {
    return {
        apiVersion: manifest.apiVersion,
        kind: manifest.kind,
        namespace: manifest.metadata.namespace,
        name: manifest.metadata.name,
    };
}
/** The REST path of a referenced object. */
function pathOf(ref) {
    if (!(0,kinds/* isKind */.VF)(ref.kind))
        throw new Error(`internal: MLEnv does not manage ${ref.kind} objects`);
    return (0,kinds/* kindPath */.WI)(ref.kind, ref.namespace, ref.name);
}
/** The object as the API server has it now; undefined once it is gone. */
async function getObject(client, ref) {
    try {
        return await client.request('GET', pathOf(ref));
    }
    catch (error) {
        if (error instanceof k8s_client/* KubeError */.a && error.status === 404)
            return undefined;
        throw error;
    }
}

// EXTERNAL MODULE: ./shared/train/backends/kubernetes/render.ts + 1 modules
var render = __webpack_require__(5337);
;// CONCATENATED MODULE: ./shared/train/backends/kubernetes/follow.ts






// Callers that name no timeout (a handle followed later, the bench) get the option's default.
const DEFAULT_PENDING_TIMEOUT_MS = train/* TRAIN_OPTIONS */.S['pending-timeout'].default * 1000;
/** What the workload itself says about the run: every process can follow it the same way. */
function workloadSettings(object) {
    const spec = object.spec ?? {};
    const deadline = spec.activeDeadlineSeconds;
    return {
        nodes: spec.trainer?.numNodes ?? spec.completions ?? 1,
        maxRuntime: deadline ? asDuration(deadline) : 'unset',
        memory: spec.trainer?.resourcesPerNode?.limits?.memory ??
            spec.template?.spec?.containers?.[0]?.resources?.limits?.memory,
        retries: spec.backoffLimit ?? 0,
    };
}
/** A number of seconds as maxRuntime is written: 5400 becomes "1h30m". */
function asDuration(seconds) {
    const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
    return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || seconds === 0 ? `${s}s` : ''}`;
}
/**
 * Watches the run's pods (logs, pending problems, preemptions) and its workload (the end) until
 * the workload finishes, is deleted, a pod stays pending too long, or the signal aborts.
 */
async function followWorkload(client, handle, context) {
    const { logger, signal, log, pendingTimeoutMs } = context;
    const workload = workloadOf(handle);
    const namespace = workload.namespace;
    const name = workload.name;
    let attempts = 1;
    const cancelled = () => ({
        status: 'cancelled',
        reason: 'cancelled',
        logTail: log.tail(),
        log: log.text(),
        attempts,
    });
    const deleted = () => context.cancelledHere()
        ? cancelled()
        : {
            status: 'failed',
            reason: `${workload.kind}/${name} was deleted by someone else`,
            logTail: log.tail(),
            log: log.text(),
        };
    // Read once up front: how many nodes (log prefixes) and what to say should it fail.
    const initial = await getObject(client, workload);
    if (!initial)
        return deleted();
    let latest = initial;
    const nodes = workloadSettings(initial).nodes;
    const stop = new AbortController();
    // A pod first seen already ended has its log read whole, not followed; a Job that finishes
    // meanwhile waits for those reads (bounded), or a trainer that exits at once would lose its
    // lines to the race. Followed streams are not waited for: a real kubelet ends them with the
    // container, before the Job completes, and kwok's may never end.
    const logsStop = new AbortController();
    const wholeReads = [];
    const onAbort = () => {
        stop.abort();
        logsStop.abort();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const problems = new Map();
    const streaming = new Set();
    const pendingSince = new Map();
    let early;
    const podIndex = new Map();
    const finishEarly = (outcome) => {
        early ??= outcome;
        stop.abort();
    };
    const pendingTimer = setInterval(() => {
        for (const [pod, since] of pendingSince) {
            const problem = problems.get(pod);
            if (Date.now() - since < pendingTimeoutMs || !problem)
                continue;
            if (problem.kind === 'unschedulable' || problem.kind === 'image') {
                const what = problem.kind === 'unschedulable' ? 'unschedulable' : 'unable to pull its image';
                finishEarly({
                    status: 'failed',
                    reason: `pod ${pod} was ${what} for ${Math.round(pendingTimeoutMs / 1000)}s: ${problem.message}`,
                    logTail: log.tail(),
                    log: log.text(),
                    cleanUp: true,
                });
            }
        }
    }, Math.min(1_000, pendingTimeoutMs));
    const podsWatch = (0,watch/* watchUntil */.m)({
        client,
        path: (0,kinds/* kindPath */.WI)('Pod', namespace),
        query: { labelSelector: `${render/* LABELS */.kg.runId}=${handle.runId.slice(0, 63)}` },
        signal: stop.signal,
        logger,
        handle(pod) {
            const podName = pod.metadata.name;
            if (!podIndex.has(podName))
                podIndex.set(podName, podIndex.size);
            attempts = Math.max(attempts, podAttempt(pod));
            const problem = podProblem(pod);
            const previous = problems.get(podName);
            if (problem)
                problems.set(podName, problem);
            else
                problems.delete(podName);
            if (problem && (problem.kind === 'unschedulable' || problem.kind === 'image')) {
                if (!pendingSince.has(podName))
                    pendingSince.set(podName, Date.now());
                if (!previous || !('message' in previous) || previous.message !== problem.message)
                    logger.info(`Pod ${podName}: ${problem.message}`);
            }
            else {
                pendingSince.delete(podName);
            }
            if (problem?.kind === 'node-lost') {
                // Nothing comes back from that node until it does: no log, no exit, no retry (the Job
                // replaces a pod only once it is known to have ended), so waiting would only hold the
                // other nodes' pods at the rendezvous. The run fails now, saying which node.
                logger.warning(`Pod ${podName}: its node ${problem.node} stopped responding (the node controller marked the pod not ready).`);
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
                logger.warning(`Pod ${podName} was preempted (${problem.message}); the Job retries it, resuming from its checkpoint.`);
            }
            const phase = pod.status?.phase;
            // A pod first seen already preempted still has its log until it is gone: what it printed
            // says how far that attempt came.
            if ((phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') &&
                !streaming.has(podName)) {
                streaming.add(podName);
                const prefix = podIndex.size > 1 || nodes > 1 ? `[pod ${podIndex.get(podName)}] ` : '';
                const follow = phase === 'Running';
                const read = streamLogs(client, namespace, pod, prefix, log, logger, {
                    follow,
                    signal: logsStop.signal,
                });
                if (!follow)
                    wholeReads.push(read);
            }
            return false;
        },
    });
    let finished;
    const workloadWatch = (0,watch/* watchUntil */.m)({
        client,
        path: (0,kinds/* kindPath */.WI)(workload.kind, namespace),
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
            if (finished)
                stop.abort();
            return finished !== undefined;
        },
    });
    try {
        await workloadWatch;
        stop.abort();
        await podsWatch;
        if (finished && !early)
            await drained(wholeReads, LOG_DRAIN_MS);
    }
    finally {
        logsStop.abort();
        clearInterval(pendingTimer);
        signal.removeEventListener('abort', onAbort);
    }
    if (signal.aborted || context.cancelledHere())
        return cancelled();
    if (early)
        return { ...early, attempts };
    const result = finished;
    const preemptions = [...problems.values()].filter((p) => p.kind === 'preempted').length;
    if (preemptions > 0)
        logger.info(`${preemptions} pod(s) preempted and retried.`);
    if (result.status === 'succeeded')
        return { status: 'succeeded', exitCode: 0, logTail: log.tail(), log: log.text(), attempts };
    const explained = explainFailure(result, [...problems.values()], workloadSettings(latest));
    return { status: 'failed', ...explained, logTail: log.tail(), log: log.text(), attempts };
}
/** How long a finished Job waits for the logs of pods first seen already ended. */
const LOG_DRAIN_MS = 10_000;
async function drained(streams, timeoutMs) {
    let timer;
    const timeout = new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled(streams), timeout]);
    clearTimeout(timer);
}
/** Which start of the trainer a pod is, from the Job controller's failure counts of its index. */
function podAttempt(pod) {
    const annotations = pod.metadata.annotations ?? {};
    const count = (key) => {
        const value = Number.parseInt(annotations[key] ?? '0', 10);
        return Number.isFinite(value) && value > 0 ? value : 0;
    };
    return 1 + count(render/* FAILURE_COUNT */.jh) + count(render/* IGNORED_FAILURE_COUNT */.sP);
}
/**
 * The code checkout's lines (it has finished once the pod runs: they say which code, or why it
 * could not be fetched), then the trainer's, followed. The trainer is the pod's first container,
 * whatever the workload names it.
 */
async function streamLogs(client, namespace, pod, prefix, log, logger, { follow, signal }) {
    const path = `${(0,kinds/* kindPath */.WI)('Pod', namespace, pod.metadata.name)}/log`;
    const print = (line) => logger.info(log.push(`${prefix}${line}`));
    const init = (pod.spec?.initContainers ?? []).filter((c) => c.name === render/* CODE_CONTAINER */.em);
    const trainer = pod.spec?.containers?.[0]?.name;
    try {
        for (const container of init)
            await client.streamLines(path, { container: container.name }, print, signal);
        if (trainer)
            await client.streamLines(path, { container: trainer, follow }, print, signal);
    }
    catch (error) {
        // Logs are a convenience: a node that does not serve them must not fail the run.
        logger.debug(`No logs from pod ${pod.metadata.name}: ${error.message}`);
    }
}

;// CONCATENATED MODULE: ./shared/train/backends/kubernetes/index.ts










/** How long `cancel` waits for the deleted workload to be gone from the API server. */
const CANCEL_WAIT_MS = 30_000;
const TRAINJOB_NOTE = 'kubernetes.workload is auto: a cluster serving trainer.kubeflow.org would get a TrainJob in place of the indexed Job and its Service (set kubernetes.workload to job or trainjob to fix the choice)';
/** Renders the run as Kubernetes objects, submits them, and follows them to the end by watching. */
function createKubernetesBackend(options) {
    const operations = kubernetesOperations(options);
    const { cluster } = options;
    /** What `auto` means on this cluster: asked only when it matters (several nodes). */
    const workloadFor = async (job, client) => {
        if (options.workload !== 'auto')
            return options.workload;
        if (job.train.nodes <= 1)
            return 'job';
        const { group, version, plural } = (0,kinds/* groupVersionOf */.dW)('TrainJob');
        return (await client.serves(group, version, plural)) ? 'trainjob' : 'job';
    };
    return {
        ...operations,
        async plan(job) {
            // Offline: `auto` renders the indexed Job, and says what a cluster could change.
            const workload = options.workload === 'auto' ? 'job' : options.workload;
            const notes = options.workload === 'auto' && job.train.nodes > 1 ? [TRAINJOB_NOTE] : [];
            const manifests = (0,render/* renderManifests */.hO)(job, cluster, workload).map(render/* redactSecrets */.fp);
            return { backend: 'kubernetes', manifests, notes };
        },
        async validate(job, logger) {
            const client = await operations.client();
            const manifests = (0,render/* renderManifests */.hO)(job, cluster, await workloadFor(job, client));
            const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ');
            const runtime = manifests.find((m) => m.kind === 'TrainingRuntime');
            if (!runtime) {
                for (const manifest of manifests)
                    await create(client, manifest, { dryRun: true });
                logger.info(`The API server accepted ${names} (server-side dry run: nothing was created).`);
                return;
            }
            // The Trainer's webhook looks a TrainJob's runtime up, so a dry-run runtime cannot stand in
            // for it: the runtime (inert: no pods, no jobs) is created under a name of the check's own,
            // the TrainJob dry-run against it, and the runtime deleted again whatever happened.
            const checkName = `${runtime.metadata.name.slice(0, 50)}-check-${(0,external_node_crypto_.randomBytes)(3).toString('hex')}`;
            const checked = manifests.map((m) => {
                if (m.kind === 'TrainingRuntime')
                    return { ...m, metadata: { ...m.metadata, name: checkName } };
                if (m.kind === 'TrainJob')
                    return {
                        ...m,
                        spec: { ...m.spec, runtimeRef: { ...m.spec.runtimeRef, name: checkName } },
                    };
                return m;
            });
            const checkRuntime = checked.find((m) => m.kind === 'TrainingRuntime');
            await create(client, checkRuntime, {});
            try {
                for (const manifest of checked)
                    if (manifest !== checkRuntime)
                        await create(client, manifest, { dryRun: true });
            }
            finally {
                await deleteObjects(client, [refOf(checkRuntime)], logger);
            }
            logger.info(`The API server accepted ${names} (server-side dry run; the TrainingRuntime was created as ${checkName} for the TrainJob's webhook to find, and deleted again).`);
        },
        async submit(job, logger) {
            const client = await operations.client();
            const manifests = (0,render/* renderManifests */.hO)(job, cluster, await workloadFor(job, client));
            const created = [];
            try {
                let owner;
                for (const manifest of manifests) {
                    owner = await create(client, manifest, { runId: job.runId });
                    created.push(refOf(manifest));
                }
                await adoptSupportObjects(client, created.slice(0, -1), owner);
            }
            catch (error) {
                // Never leave an orphan behind a failure of our own.
                await deleteObjects(client, created, logger).catch(() => undefined);
                throw error;
            }
            const handle = {
                backend: 'kubernetes',
                runId: job.runId,
                submittedAt: new Date().toISOString(),
                launcher: (0,identity/* processIdentity */.I9)(),
                ...(cluster.workflowRunUrl ? { workflowRunUrl: cluster.workflowRunUrl } : {}),
                ...(client.kubeconfig ? { kubeconfig: client.kubeconfig } : {}),
                context: client.context,
                namespace: cluster.namespace,
                objects: created,
            };
            operations.remember(handle, job.secrets);
            logger.info(`Submitted ${created.map((s) => `${s.kind}/${s.name}`).join(', ')} in namespace ${cluster.namespace}`);
            return handle;
        },
    };
}
/**
 * Follow, inspect, cancel and clean up by handle alone: what a backend rebuilt from a handle in
 * another process (the action's post step, `mlenv reap`) can do.
 */
function kubernetesOperations(options) {
    let connecting;
    const client = () => {
        connecting ??= (0,k8s_client.createKubeClient)({
            kubeconfig: options.kubeconfig,
            context: options.context,
            namespace: options.namespace,
            env: options.env,
            logger: options.logger,
        });
        return connecting;
    };
    // Per workload this instance submitted, follows or cancelled: several runs are followed at once.
    const secrets = new Map();
    const cancelled = new Set();
    const following = new Map();
    return {
        name: 'kubernetes',
        client,
        remember(handle, values) {
            secrets.set(keyOf(handle), values);
        },
        async follow(handle, logger, signal) {
            const key = keyOf(handle);
            // `cancel` ends the following too: a workload deleted before its watch began sends no event.
            const stop = new AbortController();
            const onAbort = () => stop.abort();
            if (signal.aborted)
                stop.abort();
            signal.addEventListener('abort', onAbort, { once: true });
            following.set(key, stop);
            try {
                return await followWorkload(await client(), handle, {
                    logger,
                    signal: stop.signal,
                    log: new log_buffer/* LogBuffer */.b(secrets.get(key) ?? []),
                    pendingTimeoutMs: options.pendingTimeoutMs ?? DEFAULT_PENDING_TIMEOUT_MS,
                    cancelledHere: () => cancelled.has(key),
                });
            }
            finally {
                signal.removeEventListener('abort', onAbort);
                if (following.get(key) === stop)
                    following.delete(key);
            }
        },
        async inspect(handle) {
            const workload = workloadOf(handle);
            const object = await getObject(await client(), workload);
            if (!object)
                return { state: 'gone' };
            const finished = jobFinished(object);
            if (!finished)
                return { state: 'running' };
            if (finished.status === 'succeeded')
                return { state: 'succeeded' };
            const reason = `${workload.kind}/${workload.name} failed: ${finished.reason ?? 'unknown reason'}${finished.message ? ` (${finished.message})` : ''}`;
            return { state: 'failed', reason };
        },
        async cancel(handle, logger) {
            const key = keyOf(handle);
            cancelled.add(key);
            const kube = await client();
            await deleteObjects(kube, handle.objects, logger);
            // Background propagation removes the workload at once and its pods after it.
            const workload = workloadOf(handle);
            const deadline = Date.now() + CANCEL_WAIT_MS;
            while ((await getObject(kube, workload)) && Date.now() < deadline)
                await (0,sleep/* sleep */.yy)(200);
            following.get(key)?.abort();
        },
        async cleanup(handle, logger) {
            await deleteObjects(await client(), handle.objects, logger);
        },
    };
}
function keyOf(handle) {
    const workload = workloadOf(handle);
    return `${handle.context ?? ''}/${workload.namespace}/${workload.kind}/${workload.name}`;
}
/**
 * The config, Secret and Service of a run belong to its workload, so Kubernetes' garbage collector
 * removes them with it (after its TTL, or when it is deleted), even when MLEnv is not there.
 */
async function adoptSupportObjects(client, objects, owner) {
    const uid = owner.metadata.uid;
    if (!uid)
        return;
    const ownerReferences = [
        {
            apiVersion: owner.apiVersion,
            kind: owner.kind,
            name: owner.metadata.name,
            uid,
            blockOwnerDeletion: false,
        },
    ];
    for (const object of objects) {
        await client.request('PATCH', pathOf(object), {
            body: { metadata: { ownerReferences } },
            contentType: 'application/merge-patch+json',
            query: { fieldManager: 'mlenv' },
        });
    }
}
async function create(client, manifest, options) {
    const collection = (0,kinds/* kindPath */.WI)(manifest.kind, manifest.metadata.namespace);
    try {
        return await client.request('POST', collection, {
            body: manifest,
            query: {
                fieldValidation: 'Strict',
                fieldManager: 'mlenv',
                ...(options.dryRun ? { dryRun: 'All' } : {}),
            },
        });
    }
    catch (error) {
        // Names are deterministic per run and attempt: after a restart the object may already be ours.
        if (error instanceof k8s_client/* KubeError */.a && error.status === 409 && options.runId) {
            const existing = await client.request('GET', `${collection}/${manifest.metadata.name}`);
            if (existing.metadata.labels?.[render/* LABELS */.kg.runId] === options.runId.slice(0, 63))
                return existing;
        }
        throw error;
    }
}
/** Deletes the objects, the workload first; one already gone is fine. */
async function deleteObjects(client, objects, logger) {
    for (const object of [...objects].reverse()) {
        try {
            await client.request('DELETE', pathOf(object), {
                query: { propagationPolicy: 'Background' },
            });
            logger.info(`Deleted ${object.kind}/${object.name}`);
        }
        catch (error) {
            if (!(error instanceof k8s_client/* KubeError */.a && error.status === 404))
                throw error;
        }
    }
}


/***/ }),

/***/ 3616:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ LogBuffer),
/* harmony export */   s: () => (/* binding */ lineSplitter)
/* harmony export */ });
/**
 * Keeps the whole log (up to a cap) and its last lines, for artifacts and failure messages.
 * Secrets are replaced before a line is kept, so neither the artifact nor a message can leak one.
 */
class LogBuffer {
    maxBytes;
    tailLines;
    #chunks = [];
    #size = 0;
    #truncated = false;
    #tail = [];
    #secrets;
    constructor(secrets = [], maxBytes = 20 * 1024 * 1024, tailLines = 30) {
        this.maxBytes = maxBytes;
        this.tailLines = tailLines;
        this.#secrets = secrets.filter((s) => s.length >= 4);
    }
    /** Adds a line and returns it with secrets hidden. */
    push(raw) {
        let line = raw;
        for (const secret of this.#secrets)
            line = line.split(secret).join('***');
        this.#tail.push(line);
        if (this.#tail.length > this.tailLines)
            this.#tail.shift();
        if (this.#size + line.length + 1 > this.maxBytes) {
            this.#truncated = true;
            return line;
        }
        this.#chunks.push(line);
        this.#size += line.length + 1;
        return line;
    }
    tail() {
        return [...this.#tail];
    }
    text() {
        const body = this.#chunks.join('\n');
        return this.#truncated ? `${body}\n[log truncated at ${this.maxBytes} bytes]\n` : `${body}\n`;
    }
}
/** Splits a byte stream into lines, handing each complete line over as it arrives. */
function lineSplitter(onLine) {
    let pending = '';
    return {
        write(chunk) {
            pending += chunk.toString();
            const lines = pending.split(/\r?\n/);
            pending = lines.pop() ?? '';
            for (const line of lines)
                onLine(line);
        },
        end() {
            if (pending)
                onLine(pending);
            pending = '';
        },
    };
}


/***/ })

};
