export const id = 211;
export const ids = [211,978];
export const modules = {

/***/ 9978:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KubeError: () => (/* binding */ KubeError),
/* harmony export */   createKubeClient: () => (/* binding */ createKubeClient),
/* harmony export */   resourcePath: () => (/* binding */ resourcePath)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7364);



/** An error answered by the API server, with its HTTP status and Status reason. */
class KubeError extends _errors_index_js__WEBPACK_IMPORTED_MODULE_2__/* .ExternalError */ .yA {
    status;
    reason;
    details;
    name = 'KubeError';
    constructor(message, status, reason, details) {
        super(message);
        this.status = status;
        this.reason = reason;
        this.details = details;
    }
}
// Errors of a connection that may work on the next try: refused while the API server restarts,
// reset by a load balancer, a DNS hiccup.
const TRANSIENT_NETWORK = new Set([
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EPIPE',
]);
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH']);
const DEFAULT_RETRY_BUDGET_MS = 30_000;
/**
 * Whether a failed request may be sent again. A POST is repeated only when the server cannot have
 * acted on it: the connection was refused, or it answered 429 (priority and fairness) or 503.
 */
function retryable(method, failure) {
    const idempotent = IDEMPOTENT.has(method.toUpperCase());
    if (failure.status !== undefined)
        return (TRANSIENT_STATUS.has(failure.status) && (idempotent || [429, 503].includes(failure.status)));
    return (TRANSIENT_NETWORK.has(failure.code ?? '') && (idempotent || failure.code === 'ECONNREFUSED'));
}
function backoffMs(attempt) {
    return Math.min(8_000, 250 * 2 ** attempt);
}
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(new Error('aborted'));
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
        }, { once: true });
    });
}
async function createKubeClient(options = {}) {
    const { KubeConfig } = await Promise.all(/* import() */[__webpack_require__.e(243), __webpack_require__.e(991)]).then(__webpack_require__.bind(__webpack_require__, 1991));
    const config = new KubeConfig();
    if (options.kubeconfig)
        config.loadFromFile(options.kubeconfig);
    else
        config.loadFromDefault();
    if (options.context)
        config.setCurrentContext(options.context);
    const cluster = config.getCurrentCluster();
    if (!cluster)
        throw new KubeError(`No Kubernetes cluster in the kubeconfig${options.context ? ` for context ${options.context}` : ''}`, 0);
    const contextNamespace = config.getContextObject(config.getCurrentContext())?.namespace;
    const namespace = options.namespace ?? contextNamespace ?? 'default';
    const server = cluster.server.replace(/\/+$/, '');
    const stats = { requests: 0, watches: 0 };
    async function open(method, path, options) {
        const url = new URL(server + path);
        for (const [k, v] of Object.entries(options.query ?? {}))
            if (v !== undefined)
                url.searchParams.set(k, String(v));
        const requestOptions = {
            method,
            hostname: url.hostname,
            port: url.port,
            path: url.pathname + url.search,
            headers: { accept: options.accept ?? 'application/json' },
        };
        await config.applyToHTTPSOptions(requestOptions);
        const body = options.body === undefined ? undefined : JSON.stringify(options.body);
        if (body !== undefined) {
            requestOptions.headers = {
                ...requestOptions.headers,
                'content-type': options.contentType ?? 'application/json',
                'content-length': Buffer.byteLength(body),
            };
        }
        const transport = url.protocol === 'https:' ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default());
        return new Promise((resolve, reject) => {
            const req = transport.request(requestOptions, resolve);
            req.on('error', reject);
            const abort = () => req.destroy(new Error('aborted'));
            options.signal?.addEventListener('abort', abort, { once: true });
            req.on('close', () => options.signal?.removeEventListener('abort', abort));
            req.end(body);
        });
    }
    async function readAll(response) {
        const chunks = [];
        for await (const chunk of response)
            chunks.push(chunk);
        return Buffer.concat(chunks).toString('utf8');
    }
    function fail(method, path, status, text) {
        let parsed = {};
        try {
            parsed = JSON.parse(text);
        }
        catch {
            // Not a Status object.
        }
        throw new KubeError(`${method} ${path}: ${status} ${parsed.message ?? text.slice(0, 300)}`, status, parsed.reason, parsed.details);
    }
    async function streamBody(method, path, query, signal, onLine) {
        const response = await open(method, path, { query, signal });
        if ((response.statusCode ?? 0) >= 300)
            fail(method, path, response.statusCode ?? 0, await readAll(response));
        let pending = '';
        try {
            for await (const chunk of response) {
                pending += chunk.toString('utf8');
                const lines = pending.split('\n');
                pending = lines.pop() ?? '';
                for (const line of lines)
                    if (line)
                        onLine(line);
            }
        }
        catch (error) {
            if (!signal.aborted)
                throw error;
        }
        if (pending)
            onLine(pending);
    }
    const retryBudgetMs = options.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS;
    async function request(method, path, requestOptions = {}) {
        const started = Date.now();
        for (let attempt = 1;; attempt++) {
            stats.requests++;
            let failure;
            try {
                const response = await open(method, path, requestOptions);
                const text = await readAll(response);
                const status = response.statusCode ?? 0;
                if (status < 300)
                    return (text ? JSON.parse(text) : undefined);
                const retryAfter = Number(response.headers['retry-after']);
                failure = {
                    status,
                    text,
                    retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
                };
            }
            catch (error) {
                if (requestOptions.signal?.aborted)
                    throw error;
                const code = error.code;
                failure = { code, text: error instanceof Error ? error.message : String(error) };
                if (!retryable(method, failure))
                    throw new KubeError(`${method} ${path}: the Kubernetes API server ${server} could not be reached: ${failure.text}`, 0, code);
            }
            if (!retryable(method, failure))
                fail(method, path, failure.status ?? 0, failure.text);
            const elapsed = Date.now() - started;
            const delay = failure.retryAfterMs ?? backoffMs(attempt);
            if (elapsed + delay > retryBudgetMs) {
                const what = failure.status !== undefined
                    ? `answered ${failure.status} ${failure.text.slice(0, 200)}`
                    : `could not be reached (${failure.text})`;
                throw new KubeError(`${method} ${path}: the Kubernetes API server ${server} ${what}; gave up after ${attempt} attempt${attempt === 1 ? '' : 's'} in ${(elapsed / 1000).toFixed(1)} s (retry budget ${retryBudgetMs / 1000} s)`, failure.status ?? 0, failure.code);
            }
            options.logger?.debug(`${method} ${path}: ${failure.status ?? failure.code}; retrying in ${delay} ms`);
            await sleep(delay, requestOptions.signal);
        }
    }
    return {
        server,
        namespace,
        stats,
        request,
        async watch(path, query, onEvent, signal) {
            stats.watches++;
            await streamBody('GET', path, { ...query, watch: true, allowWatchBookmarks: true }, signal, (line) => onEvent(JSON.parse(line)));
        },
        async streamLines(path, query, onLine, signal) {
            stats.requests++;
            await streamBody('GET', path, query, signal, onLine);
        },
        async serves(group, version, plural) {
            try {
                const list = await request('GET', `/apis/${group}/${version}`);
                return (list.resources ?? []).some((r) => r.name === plural);
            }
            catch (error) {
                if (error instanceof KubeError && error.status === 404)
                    return false;
                throw error;
            }
        },
    };
}
/** The REST path of a namespaced resource collection or object. */
function resourcePath(apiVersion, plural, namespace, name) {
    const prefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    return `${prefix}/namespaces/${namespace}/${plural}${name ? `/${name}` : ''}`;
}


/***/ }),

/***/ 9211:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createKubernetesBackend: () => (/* binding */ createKubernetesBackend),
  deleteSubmitted: () => (/* binding */ deleteSubmitted),
  podAttempt: () => (/* binding */ podAttempt)
});

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./shared/k8s/client.ts
var k8s_client = __webpack_require__(9978);
;// CONCATENATED MODULE: ./shared/k8s/watch.ts

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
            if (error instanceof k8s_client.KubeError && error.status === 410) {
                resourceVersion = undefined;
                continue;
            }
            if (error instanceof k8s_client.KubeError &&
                (error.status === 401 || error.status === 403 || error.status === 404))
                throw error;
            failures++;
            const delay = Math.min(5_000, 200 * 2 ** Math.min(failures, 5));
            logger?.debug(`watch ${path} interrupted (${error.message}); reconnecting in ${delay} ms`);
            await new Promise((resolve) => setTimeout(resolve, delay));
        }
    }
}

// EXTERNAL MODULE: ./shared/train/log-buffer.ts
var log_buffer = __webpack_require__(3616);
;// CONCATENATED MODULE: ./shared/train/backends/kubernetes/diagnose.ts
const IMAGE_REASONS = new Set([
    'ErrImagePull',
    'ImagePullBackOff',
    'InvalidImageName',
    'ErrImageNeverPull',
]);
/** What is wrong with one pod right now, if anything. */
function podProblem(pod) {
    const status = pod.status ?? {};
    const disruption = status.conditions?.find((c) => c.type === 'DisruptionTarget' && c.status === 'True');
    if (disruption)
        return {
            kind: 'preempted',
            message: `${disruption.reason ?? 'preempted'}${disruption.message ? `: ${disruption.message}` : ''}`,
        };
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

// EXTERNAL MODULE: ./shared/train/job.ts
var train_job = __webpack_require__(8768);
// EXTERNAL MODULE: ./shared/train/launcher-config.ts
var launcher_config = __webpack_require__(2222);
;// CONCATENATED MODULE: ./shared/train/backends/kubernetes/render.ts



const LABELS = {
    managedBy: 'app.kubernetes.io/managed-by',
    project: 'mlenv.dev/project',
    runId: 'mlenv.dev/mlflow-run-id',
    workflowRun: 'mlenv.dev/workflow-run-id',
};
const WORKSPACE = '/workspace';
const TRAINER = 'trainer';
const RENDEZVOUS_PORT = 29500;
const LAUNCHER_DIR = '/mlenv/launcher';
/** The replicated job and container that Kubeflow Trainer's torch runtimes name for each node. */
const TRAINJOB_NODE = 'node';
/**
 * With a backoff limit per index (GA since 1.33), the Job controller writes each pod's count of
 * earlier failures of its index into these annotations; the attempt number is derived from them so
 * a retried pod knows it is a retry without MLEnv being there.
 */
const FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
const IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';
// A constant script: the trainer's argv follows as "$@", never as text inside the script.
const ATTEMPT_SCRIPT = 'MLENV_ATTEMPT=$(( ${MLENV_POD_FAILURES:-0} + ${MLENV_POD_IGNORED_FAILURES:-0} + 1 )); export MLENV_ATTEMPT; exec "$@"';
/** Deterministic object name: the same run and attempt always render the same name. */
function jobName(job) {
    return (0,train_job/* dnsLabel */.UG)([job.project, job.runId.slice(0, 12), `a${job.attempt}`], 52);
}
/**
 * Every object of a run, in submission order; the last one is the workload the launcher follows,
 * and the ones before it (launcher config, secret, rendezvous service) are owned by it.
 */
function renderManifests(job, cluster, multiNode) {
    const name = jobName(job);
    const meta = metadata(job, cluster, name);
    const support = [];
    const launcherConfig = renderLauncherConfig(job, meta);
    if (launcherConfig)
        support.push(launcherConfig);
    const secret = renderSecret(job, meta);
    if (secret)
        support.push(secret);
    if (job.train.nodes > 1 && multiNode === 'TrainJob')
        return [...support, renderTrainJob(job, cluster, meta)];
    if (job.train.nodes > 1)
        return [...support, ...renderIndexedJob(job, cluster, meta)];
    return [...support, renderJob(job, cluster, meta)];
}
function metadata(job, cluster, name) {
    const labels = {
        [LABELS.managedBy]: 'mlenv',
        [LABELS.project]: (0,train_job/* dnsLabel */.UG)([job.project]),
        [LABELS.runId]: job.runId.slice(0, 63),
    };
    const runId = cluster.workflowRunUrl?.match(/\/actions\/runs\/(\d+)/)?.[1];
    if (runId)
        labels[LABELS.workflowRun] = runId;
    const annotations = {
        'mlenv.dev/mlflow-tracking-uri': job.trackingUri,
        'mlenv.dev/run-name': job.runName,
    };
    if (cluster.workflowRunUrl)
        annotations['mlenv.dev/workflow-run-url'] = cluster.workflowRunUrl;
    if (cluster.source)
        annotations['mlenv.dev/git-commit'] = cluster.source.commit;
    return { name, namespace: cluster.namespace, labels, annotations };
}
function podMetadata(meta, cluster) {
    // MLEnv's own labels win: watching the run's pods depends on them.
    return {
        labels: { ...cluster.podLabels, ...meta.labels },
        ...(cluster.podAnnotations && Object.keys(cluster.podAnnotations).length > 0
            ? { annotations: cluster.podAnnotations }
            : {}),
    };
}
/** The DeepSpeed or Accelerate config generated from mlenv.yaml, mounted into every pod. */
function renderLauncherConfig(job, meta) {
    const file = launcherConfigFile(job);
    if (!file)
        return undefined;
    const content = job.train.distributed === 'accelerate'
        ? (0,dist/* stringify */.As)((0,launcher_config/* accelerateConfig */.s)(job.train))
        : `${JSON.stringify((0,launcher_config/* deepspeedConfig */.c)(job.train), null, 2)}\n`;
    return {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { ...meta, name: `${meta.name}-launcher` },
        data: { [file.key]: content },
    };
}
function launcherConfigFile(job) {
    if (job.train.distributed === 'accelerate')
        return { key: 'accelerate.yaml', env: 'MLENV_ACCELERATE_CONFIG' };
    if (job.train.distributed === 'deepspeed')
        return { key: 'deepspeed.json', env: 'MLENV_DEEPSPEED_CONFIG' };
    return undefined;
}
/** Credentials reach the pods through a Secret, so they never appear in the workload's spec. */
function renderSecret(job, meta) {
    if (Object.keys(job.secretEnv).length === 0)
        return undefined;
    return {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { ...meta, name: secretName(meta.name) },
        type: 'Opaque',
        stringData: { ...job.secretEnv },
    };
}
function secretName(name) {
    return `${name}-env`;
}
function containerEnv(job, name, extra = []) {
    // PATH belongs to the image; the local launcher's PATH means nothing in a pod.
    const plain = Object.entries({
        ...job.env,
        MLENV_OUTPUT_DIR: '/mlenv/outputs',
        MLENV_CHECKPOINT_DIR: '/mlenv/checkpoints',
    })
        .filter(([key]) => key !== 'PATH' && !(key in job.secretEnv))
        .map(([key, value]) => ({ name: key, value }));
    const secret = Object.keys(job.secretEnv).map((key) => ({
        name: key,
        valueFrom: { secretKeyRef: { name: secretName(name), key } },
    }));
    const attempt = [
        { name: 'MLENV_POD_FAILURES', annotation: FAILURE_COUNT },
        { name: 'MLENV_POD_IGNORED_FAILURES', annotation: IGNORED_FAILURE_COUNT },
    ].map(({ name: key, annotation }) => ({
        name: key,
        valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${annotation}']` } },
    }));
    const config = launcherConfigFile(job);
    const launcher = config ? [{ name: config.env, value: `${LAUNCHER_DIR}/${config.key}` }] : [];
    return [...plain, ...secret, ...attempt, ...launcher, ...extra];
}
function resources(job, cluster) {
    const { gpus, cpu, memory } = job.train.resources;
    const requests = {};
    const limits = {};
    if (cpu)
        requests.cpu = cpu;
    if (memory) {
        requests.memory = memory;
        limits.memory = memory;
    }
    if (gpus > 0) {
        requests[cluster.gpuResource] = String(gpus);
        limits[cluster.gpuResource] = String(gpus);
    }
    return { requests, limits };
}
/** Volumes, mounts, init containers and tolerations shared by every way of running pods. */
function podParts(job, cluster, name) {
    // With a claim, each run gets its own folder in it, the same for every retry of the run.
    const volumes = [
        cluster.checkpointClaim
            ? { name: 'checkpoints', persistentVolumeClaim: { claimName: cluster.checkpointClaim } }
            : { name: 'checkpoints', emptyDir: {} },
    ];
    const mounts = [
        {
            name: 'checkpoints',
            mountPath: '/mlenv/checkpoints',
            ...(cluster.checkpointClaim ? { subPath: `${(0,train_job/* dnsLabel */.UG)([job.project])}/${job.runName}` } : {}),
        },
    ];
    if (launcherConfigFile(job)) {
        volumes.push({ name: 'launcher', configMap: { name: `${name}-launcher` } });
        mounts.push({ name: 'launcher', mountPath: LAUNCHER_DIR, readOnly: true });
    }
    const initContainers = [];
    if (cluster.source) {
        volumes.push({ name: 'source', emptyDir: {} });
        mounts.push({ name: 'source', mountPath: WORKSPACE });
        initContainers.push({
            name: 'source',
            image: cluster.image,
            // A constant script; the URL and commit arrive as environment variables, never as text.
            command: [
                'sh',
                '-c',
                'git init -q "$DEST" && git -C "$DEST" fetch -q --depth 1 "$GIT_URL" "$GIT_COMMIT" && git -C "$DEST" checkout -q FETCH_HEAD',
            ],
            env: [
                { name: 'DEST', value: WORKSPACE },
                { name: 'GIT_URL', value: cluster.source.gitUrl },
                { name: 'GIT_COMMIT', value: cluster.source.commit },
            ],
            volumeMounts: [{ name: 'source', mountPath: WORKSPACE }],
        });
    }
    const tolerations = job.train.resources.gpus > 0
        ? [{ key: cluster.gpuResource, operator: 'Exists', effect: 'NoSchedule' }]
        : [];
    return { volumes, mounts, initContainers, tolerations };
}
function podSpec(job, cluster, name, command) {
    const parts = podParts(job, cluster, name);
    return {
        restartPolicy: 'Never',
        ...(cluster.serviceAccount ? { serviceAccountName: cluster.serviceAccount } : {}),
        automountServiceAccountToken: false,
        ...(parts.tolerations.length > 0 ? { tolerations: parts.tolerations } : {}),
        ...(parts.initContainers.length > 0 ? { initContainers: parts.initContainers } : {}),
        containers: [
            {
                name: TRAINER,
                image: cluster.image,
                workingDir: `${WORKSPACE}/${cluster.projectDir}`,
                command: withAttempt(command),
                env: containerEnv(job, name),
                resources: resources(job, cluster),
                volumeMounts: parts.mounts,
            },
        ],
        volumes: parts.volumes,
    };
}
function withAttempt(command) {
    return ['sh', '-c', ATTEMPT_SCRIPT, 'mlenv-trainer', ...command];
}
function jobSpec(job, cluster) {
    return {
        backoffLimit: job.train.retries,
        // Retries counted per index make the controller annotate each pod with its index's earlier
        // failures (MLENV_ATTEMPT); any index out of retries fails the whole run.
        backoffLimitPerIndex: job.train.retries,
        maxFailedIndexes: 0,
        activeDeadlineSeconds: Math.ceil((0,train_job/* parseDuration */.E9)(job.train.maxRuntime) / 1000),
        ttlSecondsAfterFinished: cluster.ttlSeconds ?? 86_400,
        // Preemption and node loss are not the trainer's fault: they never count against retries.
        // A non-zero exit of the trainer is a code failure: retrying would fail the same way.
        podFailurePolicy: {
            rules: [
                { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
                {
                    action: 'FailJob',
                    onExitCodes: { containerName: TRAINER, operator: 'NotIn', values: [0] },
                },
            ],
        },
    };
}
/**
 * One node is an indexed Job of one completion: indexed, so that the controller counts each
 * retry of the pod in its annotations (MLENV_ATTEMPT).
 */
function renderJob(job, cluster, meta) {
    return {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta,
        spec: {
            ...jobSpec(job, cluster),
            completionMode: 'Indexed',
            completions: 1,
            parallelism: 1,
            template: {
                metadata: podMetadata(meta, cluster),
                spec: podSpec(job, cluster, meta.name, nodeCommand(job, { nodes: 1 })),
            },
        },
    };
}
/**
 * The argv each node runs. DeepSpeed runs under torchrun on a cluster (deepspeed.initialize reads
 * torchrun's variables); its own launcher needs ssh between pods.
 */
function nodeCommand(job, rdzv) {
    const { train, command } = job;
    const procs = train.procsPerNode;
    if (train.distributed === 'none')
        return command;
    if (train.distributed === 'accelerate') {
        const script = isPython(command[0]) ? command.slice(1) : ['--no_python', ...command];
        const multi = rdzv.nodes > 1
            ? [
                `--machine_rank=${rdzv.nodeRank}`,
                `--main_process_ip=${rdzv.masterAddr}`,
                `--main_process_port=${rdzv.masterPort}`,
            ]
            : [];
        return [
            'accelerate',
            'launch',
            `--config_file=${LAUNCHER_DIR}/accelerate.yaml`,
            `--num_machines=${rdzv.nodes}`,
            `--num_processes=${rdzv.nodes * procs}`,
            ...multi,
            ...script,
        ];
    }
    const script = isPython(command[0]) ? command.slice(1) : ['--no-python', ...command];
    if (rdzv.fromEnvironment)
        return ['torchrun', ...script];
    if (rdzv.nodes === 1) {
        if (procs === 1)
            return command;
        return ['torchrun', '--standalone', '--nnodes=1', `--nproc-per-node=${procs}`, ...script];
    }
    return [
        'torchrun',
        `--nnodes=${rdzv.nodes}`,
        `--nproc-per-node=${procs}`,
        `--node-rank=${rdzv.nodeRank}`,
        `--master-addr=${rdzv.masterAddr}`,
        `--master-port=${rdzv.masterPort}`,
        ...script,
    ];
}
function isPython(program) {
    return program !== undefined && /^python(\d+(\.\d+)?)?$/.test(program);
}
function renderIndexedJob(job, cluster, meta) {
    const name = meta.name;
    const nodes = job.train.nodes;
    const command = nodeCommand(job, {
        nodes,
        nodeRank: '$(JOB_COMPLETION_INDEX)',
        masterAddr: `${name}-0.${name}`,
        masterPort: String(RENDEZVOUS_PORT),
    });
    const spec = podSpec(job, cluster, name, command);
    return [
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: meta,
            spec: {
                clusterIP: 'None',
                selector: { 'batch.kubernetes.io/job-name': name },
                ports: [{ name: 'rendezvous', port: RENDEZVOUS_PORT }],
                publishNotReadyAddresses: true,
            },
        },
        {
            apiVersion: 'batch/v1',
            kind: 'Job',
            metadata: meta,
            spec: {
                ...jobSpec(job, cluster),
                completionMode: 'Indexed',
                completions: nodes,
                parallelism: nodes,
                template: { metadata: podMetadata(meta, cluster), spec: { ...spec, subdomain: name } },
            },
        },
    ];
}
/**
 * A Kubeflow TrainJob: the runtime owns the pod template, so what MLEnv adds to every pod (labels,
 * annotations, tolerations, volumes, the code checkout) goes in as a runtime patch of its own.
 */
function renderTrainJob(job, cluster, meta) {
    const parts = podParts(job, cluster, meta.name);
    const command = nodeCommand(job, {
        nodes: job.train.nodes,
        nodeRank: '$(PET_NODE_RANK)',
        masterAddr: '$(PET_MASTER_ADDR)',
        masterPort: '$(PET_MASTER_PORT)',
        fromEnvironment: job.train.distributed !== 'accelerate',
    });
    const podTemplateSpec = {
        ...(cluster.serviceAccount ? { serviceAccountName: cluster.serviceAccount } : {}),
        ...(parts.tolerations.length > 0 ? { tolerations: parts.tolerations } : {}),
        ...(parts.initContainers.length > 0 ? { initContainers: parts.initContainers } : {}),
        containers: [{ name: TRAINJOB_NODE, volumeMounts: parts.mounts }],
        volumes: parts.volumes,
    };
    return {
        apiVersion: 'trainer.kubeflow.org/v1alpha1',
        kind: 'TrainJob',
        metadata: meta,
        spec: {
            runtimeRef: { name: cluster.trainerRuntime ?? 'torch-distributed' },
            activeDeadlineSeconds: Math.ceil((0,train_job/* parseDuration */.E9)(job.train.maxRuntime) / 1000),
            trainer: {
                image: cluster.image,
                command: withAttempt(command),
                env: containerEnv(job, meta.name),
                numNodes: job.train.nodes,
                numProcPerNode: job.train.procsPerNode,
                resourcesPerNode: resources(job, cluster),
            },
            runtimePatches: [
                {
                    manager: 'mlenv.dev/launcher',
                    trainingRuntimeSpec: {
                        template: {
                            spec: {
                                replicatedJobs: [
                                    {
                                        name: TRAINJOB_NODE,
                                        template: {
                                            spec: {
                                                template: {
                                                    metadata: podMetadata(meta, cluster),
                                                    spec: podTemplateSpec,
                                                },
                                            },
                                        },
                                    },
                                ],
                            },
                        },
                    },
                },
            ],
        },
    };
}
/** The plural REST name of each kind MLEnv submits. */
const PLURALS = {
    Job: 'jobs',
    Service: 'services',
    TrainJob: 'trainjobs',
    ConfigMap: 'configmaps',
    Secret: 'secrets',
};

;// CONCATENATED MODULE: ./shared/train/backends/kubernetes/index.ts






/** Renders the run as Kubernetes objects, submits them, and follows them to the end by watching. */
function createKubernetesBackend(options) {
    const { client, cluster } = options;
    const multiNodeKind = async (job) => {
        if (options.multiNode && options.multiNode !== 'auto')
            return options.multiNode;
        const served = job.train.nodes > 1 && (await client.serves('trainer.kubeflow.org', 'v1alpha1', 'trainjobs'));
        return served ? 'TrainJob' : 'IndexedJob';
    };
    return {
        name: 'kubernetes',
        async describe(job) {
            const manifests = renderManifests(job, cluster, await multiNodeKind(job));
            return manifests.map((m) => `---\n${(0,dist/* stringify */.As)(redactSecret(m))}`).join('');
        },
        async run(job, logger, signal) {
            const manifests = renderManifests(job, cluster, await multiNodeKind(job));
            const log = new log_buffer/* LogBuffer */.b(job.secrets);
            if (options.serverDryRun) {
                for (const manifest of manifests)
                    await create(client, manifest, true);
                const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ');
                logger.info(`The API server accepted ${names} (server-side dry run: nothing was created).`);
                return { status: 'succeeded', logTail: [], log: '' };
            }
            const submitted = [];
            try {
                let created;
                for (const manifest of manifests) {
                    created = await create(client, manifest, false, job.runId);
                    submitted.push({
                        apiVersion: manifest.apiVersion,
                        kind: manifest.kind,
                        namespace: cluster.namespace,
                        name: manifest.metadata.name,
                    });
                }
                options.onSubmitted?.(submitted);
                const main = manifests[manifests.length - 1];
                await adoptSupportObjects(client, submitted.slice(0, -1), created);
                logger.info(`Submitted ${submitted.map((s) => `${s.kind}/${s.name}`).join(', ')} in namespace ${cluster.namespace}`);
                const outcome = await follow(client, main, job, options, logger, log, signal);
                if (outcome.status === 'cancelled' && options.onCancel === 'detach') {
                    logger.info(`Detached: ${main.kind}/${main.metadata.name} keeps running.`);
                    return outcome;
                }
                if (outcome.status !== 'succeeded' &&
                    (outcome.status === 'cancelled' || outcome.deleteAfter)) {
                    await deleteSubmitted(client, submitted, logger);
                }
                return outcome;
            }
            catch (error) {
                // Never leave an orphan behind a failure of our own.
                await deleteSubmitted(client, submitted, logger).catch(() => undefined);
                throw error;
            }
        },
    };
}
/** A Secret as --dry-run shows it: which keys, never their values. */
function redactSecret(manifest) {
    if (manifest.kind !== 'Secret')
        return manifest;
    const data = manifest.stringData ?? {};
    return {
        ...manifest,
        stringData: Object.fromEntries(Object.keys(data).map((key) => [key, '***'])),
    };
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
        await client.request('PATCH', (0,k8s_client.resourcePath)(object.apiVersion, pluralOf(object.kind), object.namespace, object.name), {
            body: { metadata: { ownerReferences } },
            contentType: 'application/merge-patch+json',
            query: { fieldManager: 'mlenv' },
        });
    }
}
function pluralOf(kind) {
    return PLURALS[kind] ?? `${kind.toLowerCase()}s`;
}
async function create(client, manifest, dryRun, runId) {
    const plural = pluralOf(manifest.kind);
    const path = (0,k8s_client.resourcePath)(manifest.apiVersion, plural, manifest.metadata.namespace ?? client.namespace);
    try {
        return await client.request('POST', path, {
            body: manifest,
            query: {
                fieldValidation: 'Strict',
                fieldManager: 'mlenv',
                ...(dryRun ? { dryRun: 'All' } : {}),
            },
        });
    }
    catch (error) {
        // Names are deterministic per run and attempt: after a restart the object may already be ours.
        if (error instanceof k8s_client.KubeError && error.status === 409 && runId) {
            const existing = await client.request('GET', `${path}/${manifest.metadata.name}`);
            if (existing.metadata.labels?.[LABELS.runId] === runId.slice(0, 63))
                return existing;
        }
        throw error;
    }
}
async function deleteSubmitted(client, objects, logger) {
    for (const object of [...objects].reverse()) {
        const path = (0,k8s_client.resourcePath)(object.apiVersion, pluralOf(object.kind), object.namespace, object.name);
        try {
            await client.request('DELETE', path, { query: { propagationPolicy: 'Background' } });
            logger.info(`Deleted ${object.kind}/${object.name}`);
        }
        catch (error) {
            if (!(error instanceof k8s_client.KubeError && error.status === 404))
                throw error;
        }
    }
}
async function follow(client, main, job, options, logger, log, signal) {
    const namespace = options.cluster.namespace;
    const name = main.metadata.name;
    const pendingTimeoutMs = options.pendingTimeoutMs ?? 10 * 60_000;
    const stop = new AbortController();
    const cancel = () => stop.abort();
    signal.addEventListener('abort', cancel, { once: true });
    const problems = new Map();
    const streaming = new Set();
    const pendingSince = new Map();
    let early;
    const podIndex = new Map();
    let attempts = 1;
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
                    deleteAfter: true,
                });
            }
        }
    }, Math.min(1_000, pendingTimeoutMs));
    const podsWatch = watchUntil({
        client,
        path: `/api/v1/namespaces/${namespace}/pods`,
        query: { labelSelector: `${LABELS.runId}=${job.runId.slice(0, 63)}` },
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
            if (problem?.kind === 'preempted' && previous?.kind !== 'preempted') {
                logger.warning(`Pod ${podName} was preempted (${problem.message}); the Job retries it, resuming from its checkpoint.`);
            }
            const phase = pod.status?.phase;
            if ((phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') &&
                !streaming.has(podName) &&
                problem?.kind !== 'preempted') {
                streaming.add(podName);
                const prefix = podIndex.size > 1 || job.train.nodes > 1 ? `[pod ${podIndex.get(podName)}] ` : '';
                void streamLogs(client, namespace, podName, prefix, log, logger, stop.signal);
            }
            return false;
        },
    });
    let finished;
    const jobPath = main.kind === 'TrainJob'
        ? `/apis/trainer.kubeflow.org/v1alpha1/namespaces/${namespace}/trainjobs`
        : `/apis/batch/v1/namespaces/${namespace}/jobs`;
    const jobWatch = watchUntil({
        client,
        path: jobPath,
        query: { fieldSelector: `metadata.name=${name}` },
        signal: stop.signal,
        logger,
        handle(object, type) {
            if (type === 'DELETED') {
                finishEarly({
                    status: 'failed',
                    reason: `${main.kind}/${name} was deleted by someone else`,
                    logTail: log.tail(),
                    log: log.text(),
                });
                return true;
            }
            finished = jobFinished(object);
            if (finished)
                stop.abort();
            return finished !== undefined;
        },
    });
    try {
        await jobWatch;
        stop.abort();
        await podsWatch;
    }
    finally {
        clearInterval(pendingTimer);
        signal.removeEventListener('abort', cancel);
    }
    if (signal.aborted)
        return {
            status: 'cancelled',
            reason: 'cancelled',
            logTail: log.tail(),
            log: log.text(),
            attempts,
        };
    if (early)
        return { ...early, attempts };
    const result = finished;
    const preemptions = [...problems.values()].filter((p) => p.kind === 'preempted').length;
    if (preemptions > 0)
        logger.info(`${preemptions} pod(s) preempted and retried.`);
    if (result.status === 'succeeded')
        return { status: 'succeeded', exitCode: 0, logTail: log.tail(), log: log.text(), attempts };
    const explained = explainFailure(result, [...problems.values()], {
        maxRuntime: job.train.maxRuntime,
        memory: job.train.resources.memory,
        retries: job.train.retries,
    });
    return { status: 'failed', ...explained, logTail: log.tail(), log: log.text(), attempts };
}
/** Which start of the trainer a pod is, from the Job controller's failure counts of its index. */
function podAttempt(pod) {
    const annotations = pod.metadata.annotations ?? {};
    const count = (key) => {
        const value = Number.parseInt(annotations[key] ?? '0', 10);
        return Number.isFinite(value) && value > 0 ? value : 0;
    };
    return 1 + count(FAILURE_COUNT) + count(IGNORED_FAILURE_COUNT);
}
async function streamLogs(client, namespace, pod, prefix, log, logger, signal) {
    try {
        await client.streamLines(`/api/v1/namespaces/${namespace}/pods/${pod}/log`, { container: 'trainer', follow: true }, (line) => logger.info(log.push(`${prefix}${line}`)), signal);
    }
    catch (error) {
        // Logs are a convenience: a node that does not serve them must not fail the run.
        logger.debug(`No logs from pod ${pod}: ${error.message}`);
    }
}


/***/ }),

/***/ 2222:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ deepspeedConfig),
/* harmony export */   s: () => (/* binding */ accelerateConfig)
/* harmony export */ });
/**
 * Launcher configs generated from `nodes`, `procsPerNode` and `precision`, so a project never
 * keeps its own copy that drifts from mlenv.yaml.
 */
function accelerateConfig(train, machineRank = 0) {
    const processes = train.nodes * train.procsPerNode;
    const gpu = train.resources.gpus > 0;
    return {
        compute_environment: 'LOCAL_MACHINE',
        distributed_type: processes === 1 ? 'NO' : gpu ? 'MULTI_GPU' : 'MULTI_CPU',
        num_machines: train.nodes,
        num_processes: processes,
        machine_rank: machineRank,
        mixed_precision: train.precision === 'fp32' ? 'no' : train.precision,
        use_cpu: !gpu,
        main_training_function: 'main',
    };
}
/**
 * A DeepSpeed config with precision and ZeRO stage 2. Batch sizes belong to the trainer: it passes
 * this file (MLENV_DEEPSPEED_CONFIG) to deepspeed.initialize with its own batch settings.
 */
function deepspeedConfig(train) {
    return {
        bf16: { enabled: train.precision === 'bf16' },
        fp16: { enabled: train.precision === 'fp16', loss_scale: 0, initial_scale_power: 16 },
        zero_optimization: { stage: 2, overlap_comm: true, contiguous_gradients: true },
        gradient_clipping: 1.0,
        steps_per_print: 100,
        wall_clock_breakdown: false,
    };
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
