export const id = 620;
export const ids = [620];
export const modules = {

/***/ 8324:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I9: () => (/* binding */ processIdentity),
/* harmony export */   Ol: () => (/* binding */ isProcessGroupAlive),
/* harmony export */   RD: () => (/* binding */ readProcessStartTime)
/* harmony export */ });
/* unused harmony exports parseProcStat, thisHost, isSameProcessAlive */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);


/** Fields 3.. of /proc/<pid>/stat; the command name (field 2) may hold spaces and ")". */
function parseProcStat(text) {
    const close = text.lastIndexOf(')');
    if (close < 0)
        return null;
    const fields = text
        .slice(close + 1)
        .trim()
        .split(/\s+/);
    const state = fields[0];
    const startTime = fields[22 - 3];
    if (!state || !startTime || !/^\d+$/.test(startTime))
        return null;
    return { state, startTime };
}
function procStat(pid) {
    try {
        return parseProcStat((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/stat`, 'utf8'));
    }
    catch {
        return null;
    }
}
/** The start time of a process in clock ticks since boot, or null (no such process, no /proc). */
function readProcessStartTime(pid) {
    return procStat(pid)?.startTime ?? null;
}
/** This machine's name as identities record it. */
function thisHost() {
    return (0,node_os__WEBPACK_IMPORTED_MODULE_1__.hostname)();
}
/** The identity of a process of this machine (default: this one). */
function processIdentity(pid = process.pid) {
    return { host: thisHost(), pid, startTime: readProcessStartTime(pid) };
}
const HAS_PROC = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)('/proc/self/stat');
/**
 * Whether the process still runs on this machine: same pid, same start time (when one was
 * recorded), and not a zombie. Says nothing about processes of other hosts; callers check the host.
 */
function isSameProcessAlive(target) {
    if (HAS_PROC) {
        const stat = procStat(target.pid);
        if (!stat)
            return false;
        // A SIGKILLed child stays a zombie until its parent reaps it, yet runs nothing.
        if (stat.state === 'Z' || stat.state === 'X')
            return false;
        return target.startTime === null || stat.startTime === target.startTime;
    }
    try {
        process.kill(target.pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
/**
 * Whether a process group still has a member that runs: kill(-pgid, 0) alone succeeds while only
 * zombies are left, so where /proc exists the members are looked at.
 */
function isProcessGroupAlive(pgid) {
    try {
        process.kill(-pgid, 0);
    }
    catch (error) {
        return error.code === 'EPERM';
    }
    if (!HAS_PROC)
        return true;
    let entries;
    try {
        entries = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)('/proc').filter((name) => /^\d+$/.test(name));
    }
    catch {
        return true;
    }
    for (const entry of entries) {
        let text;
        try {
            text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${entry}/stat`, 'utf8');
        }
        catch {
            continue;
        }
        const fields = text
            .slice(text.lastIndexOf(')') + 1)
            .trim()
            .split(/\s+/);
        // fields[0] is field 3 (state), fields[2] field 5 (process group).
        if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X')
            return true;
    }
    return false;
}


/***/ }),

/***/ 620:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createKubernetesBackend: () => (/* binding */ createKubernetesBackend),
  kubernetesOperations: () => (/* binding */ kubernetesOperations)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/util/sleep.ts
var sleep = __webpack_require__(8464);
;// CONCATENATED MODULE: ./shared/util/retry.ts

/** The pause after a failed attempt (from 1): doubling from the first, capped, jittered. */
function backoffDelay(attempt, options = {}) {
    const { initialDelayMs = 250, maxDelayMs = 8_000, jitter = 0.2, random = Math.random } = options;
    const nominal = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
    return Math.round(nominal * (1 - Math.min(1, Math.max(0, jitter)) * random()));
}
/** Runs `attempt` until it succeeds, a failure is not retryable, or attempts or budget run out. */
async function retry(attempt, options) {
    const budgetMs = options.budgetMs ?? Number.POSITIVE_INFINITY;
    const attempts = options.attempts ?? Number.POSITIVE_INFINITY;
    if (budgetMs === Number.POSITIVE_INFINITY && attempts === Number.POSITIVE_INFINITY)
        throw new Error('retry: give a time budget or a number of attempts');
    const started = Date.now();
    for (let number = 1;; number++) {
        try {
            return await attempt({ number, remainingMs: budgetMs - (Date.now() - started) });
        }
        catch (error) {
            if (options.signal?.aborted)
                throw error;
            const elapsedMs = Date.now() - started;
            const giveUp = (exhausted) => {
                throw options.giveUp
                    ? options.giveUp({ error, attempt: number, elapsedMs, exhausted })
                    : error;
            };
            const verdict = options.retryable(error);
            if (verdict === false)
                giveUp(false);
            const delayMs = typeof verdict === 'object' ? verdict.afterMs : backoffDelay(number, options);
            if (number >= attempts || elapsedMs + delayMs > budgetMs)
                giveUp(true);
            options.onRetry?.({ error, attempt: number, delayMs, elapsedMs });
            await (0,sleep/* sleep */.yy)(delayMs, options.signal);
        }
    }
}

// EXTERNAL MODULE: ./shared/k8s/kubeconfig.ts
var kubeconfig = __webpack_require__(2666);
;// CONCATENATED MODULE: ./shared/k8s/client.ts






/** An error answered by the API server, with its HTTP status and Status reason. */
class KubeError extends errors/* ExternalError */.yA {
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
/** One failed attempt of a request: an answer of 300 or more, or no answer at all (`code`). */
class RequestFailure extends Error {
    text;
    status;
    code;
    retryAfterMs;
    constructor(text, status, code, retryAfterMs) {
        super(text);
        this.text = text;
        this.status = status;
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }
}
async function createKubeClient(options = {}) {
    const source = (0,kubeconfig/* kubeconfigSource */.X)(options.kubeconfig, options.env);
    const { KubeConfig } = await __webpack_require__.e(/* import() */ 172).then(__webpack_require__.bind(__webpack_require__, 2172));
    const config = new KubeConfig();
    if ('inCluster' in source)
        config.loadFromCluster();
    else {
        for (const [index, file] of source.files.entries()) {
            const part = index === 0 ? config : new KubeConfig();
            try {
                part.loadFromFile(file);
            }
            catch (error) {
                throw new errors/* ConfigurationError */.j1(`${file}: expected a kubeconfig, found a file that does not load (${error.message.split('\n')[0]})`);
            }
            // The first file's current-context wins, as with kubectl.
            if (part !== config)
                config.mergeConfig(part, true);
        }
    }
    if (options.context) {
        if (!config.getContextObject(options.context)) {
            const known = config.getContexts().map((c) => c.name);
            const where = 'files' in source ? source.files.join((external_node_path_default()).delimiter) : 'the pod kubeconfig';
            throw new errors/* ConfigurationError */.j1(`${where}: expected a context named "${options.context}", found ${known.length > 0 ? `only ${known.join(', ')}` : 'no context'}`);
        }
        config.setCurrentContext(options.context);
    }
    const cluster = config.getCurrentCluster();
    if (!cluster)
        throw new errors/* ConfigurationError */.j1(`expected a cluster for the kubeconfig context "${config.getCurrentContext()}", found none`);
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
        const transport = url.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
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
        throw statusError(method, path, status, text);
    }
    function statusError(method, path, status, text) {
        let parsed = {};
        try {
            parsed = JSON.parse(text);
        }
        catch {
            // Not a Status object.
        }
        return new KubeError(`${method} ${path}: ${status} ${parsed.message ?? text.slice(0, 300)}`, status, parsed.reason, parsed.details);
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
        const attempt = async () => {
            stats.requests++;
            let response;
            let text;
            try {
                response = await open(method, path, requestOptions);
                text = await readAll(response);
            }
            catch (error) {
                if (requestOptions.signal?.aborted)
                    throw error;
                const message = error instanceof Error ? error.message : String(error);
                throw new RequestFailure(message, undefined, error.code);
            }
            const status = response.statusCode ?? 0;
            if (status >= 300) {
                const retryAfter = Number(response.headers['retry-after']);
                throw new RequestFailure(text, status, undefined, Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined);
            }
            try {
                return (text ? JSON.parse(text) : undefined);
            }
            catch (error) {
                throw new KubeError(`${method} ${path}: the Kubernetes API server ${server} answered ${status} with a body that is not JSON (${error.message})`, status);
            }
        };
        return retry(attempt, {
            budgetMs: retryBudgetMs,
            initialDelayMs: 500,
            signal: requestOptions.signal,
            retryable: (error) => error instanceof RequestFailure &&
                retryable(method, error) &&
                (error.retryAfterMs === undefined || { afterMs: error.retryAfterMs }),
            onRetry: ({ error, delayMs }) => {
                const failure = error;
                options.logger?.debug(`${method} ${path}: ${failure.status ?? failure.code}; retrying in ${delayMs} ms`);
            },
            giveUp: ({ error, attempt: attempts, elapsedMs, exhausted }) => {
                if (!(error instanceof RequestFailure))
                    return error;
                if (!exhausted)
                    return error.status !== undefined
                        ? statusError(method, path, error.status, error.text)
                        : new KubeError(`${method} ${path}: the Kubernetes API server ${server} could not be reached: ${error.text}`, 0, error.code);
                const what = error.status !== undefined
                    ? `answered ${error.status} ${error.text.slice(0, 200)}`
                    : `could not be reached (${error.text})`;
                return new KubeError(`${method} ${path}: the Kubernetes API server ${server} ${what}; gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${(elapsedMs / 1000).toFixed(1)} s (retry budget ${retryBudgetMs / 1000} s)`, error.status ?? 0, error.code);
            },
        });
    }
    return {
        server,
        namespace,
        context: config.getCurrentContext(),
        kubeconfig: 'files' in source && source.files.length === 1 ? source.files[0] : undefined,
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

// EXTERNAL MODULE: ./shared/process/identity.ts
var identity = __webpack_require__(8324);
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
            if (error instanceof KubeError && error.status === 410) {
                resourceVersion = undefined;
                continue;
            }
            if (error instanceof KubeError &&
                (error.status === 401 || error.status === 403 || error.status === 404))
                throw error;
            failures++;
            const delay = backoffDelay(failures, { initialDelayMs: 400, maxDelayMs: 5_000 });
            logger?.debug(`watch ${path} interrupted (${error.message}); reconnecting in ${delay} ms`);
            // An abort during the pause ends the loop: the watch is no longer wanted.
            await (0,sleep/* sleep */.yy)(delay, signal).catch(() => undefined);
        }
    }
}

// EXTERNAL MODULE: ./shared/options/option.ts
var options_option = __webpack_require__(4174);
;// CONCATENATED MODULE: ./shared/options/common.ts

// Options that several use cases share, declared here once; a table that words one differently
// spreads it with its own description (`{ ...PROJECT, defaultText: ... }`).
/**
 * The action's workspace input, searched upward from. The CLI has none per command: the global
 * `-w, --workspace` (GLOBAL_OPTIONS) names the workspace root itself.
 */
const WORKSPACE = (0,options_option/* text */.Qq)({
    description: 'directory inside the workspace; mlenv.yaml with kind Workspace is searched upward from it',
    default: '.',
    adapters: ['action'],
});
/** The `[project]` argument of the CLI, the `project` input of an action. */
const PROJECT = (0,options_option/* text */.Qq)({
    description: 'project name or directory',
    defaultText: 'the project around the current directory, else the only project of the workspace',
    cli: { positional: true },
});
const TRACKING_URI = (0,options_option/* text */.Qq)({
    description: 'MLflow tracking server',
    defaultText: 'tracking.uri of the workspace, else the embedded server',
    cli: { placeholder: '<uri>' },
});
/** The CLI reads MLFLOW_TRACKING_TOKEN from the environment instead, as MLflow's client does. */
const TRACKING_TOKEN = (0,options_option/* secret */.rJ)({
    description: 'token for the MLflow server, if it needs one',
    adapters: ['action'],
});
const GITHUB_API_URL = (0,options_option/* text */.Qq)({
    description: 'GitHub REST API root',
    adapters: ['action'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression, verbatim.
    action: { default: '${{ github.api_url }}' },
});
/** The workflow's own token by default; the CLI reads GITHUB_TOKEN where it needs one. */
function githubToken(description) {
    return secret({
        description,
        adapters: ['action'],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression, verbatim.
        action: { default: '${{ github.token }}' },
    });
}
/** `--json`: stdout carries the JSON document alone. An action sets outputs instead. */
function jsonOutput(description = 'print the result as JSON') {
    return (0,options_option/* flag */.Jt)({ description, adapters: ['cli'] });
}

;// CONCATENATED MODULE: ./shared/options/train.ts


// The registry in shared/train/backends is the source of the names; this list is checked against
// it by type here and by value in options.test.ts, and kept apart so that reading the train
// action's inputs loads no backend code.
const BACKEND_NAMES = ['local', 'kubernetes'];
/** `mlenv train` and the train action. */
const TRAIN_OPTIONS = {
    project: PROJECT,
    workspace: WORKSPACE,
    backend: (0,options_option/* choice */.Yq)(BACKEND_NAMES, {
        description: 'where to train: local or kubernetes',
        default: 'local',
        cli: { short: 'b', placeholder: '<name>' },
    }),
    params: (0,options_option/* assignments */.TT)({
        description: 'override train.params values',
        default: {},
        cli: { name: 'param', short: 'p', placeholder: '<key=value>' },
    }),
    register: (0,options_option/* flag */.Jt)({
        description: 'register the logged model as a new version of promote.model',
        defaultText: 'on the main branch, register a logged model and only warn when there is none',
        details: 'True fails the step when the run logged no model.',
        cli: {
            description: 'register the logged model as a new version of promote.model, failing without one',
            negated: 'do not register',
        },
    }),
    'tracking-uri': TRACKING_URI,
    'tracking-token': TRACKING_TOKEN,
    kubeconfig: (0,options_option/* text */.Qq)({
        description: 'kubeconfig for the kubernetes backend',
        defaultText: 'KUBECONFIG or ~/.kube/config',
        cli: { placeholder: '<file>' },
    }),
    venv: (0,options_option/* text */.Qq)({
        description: 'Python environment for local runs',
        defaultText: 'the workspace environment built from the lock',
        cli: { placeholder: '<dir>' },
    }),
    'pending-timeout': (0,options_option/* seconds */.YA)({
        description: 'seconds a pod may stay unschedulable before the run fails',
        default: 600,
        cli: { placeholder: '<seconds>' },
    }),
    'on-cancel': (0,options_option/* choice */.Yq)(['delete', 'detach'], {
        description: 'when the run is cancelled (Ctrl-C, SIGTERM, a cancelled workflow): delete the cluster job, or detach and leave it running',
        default: 'delete',
        cli: { placeholder: '<what>' },
    }),
    'dry-run': (0,options_option/* flag */.Jt)({
        description: 'print what would run (the command, or the manifests) and create nothing',
        default: false,
    }),
    'server-dry-run': (0,options_option/* flag */.Jt)({
        description: 'have the API server validate the manifests, creating nothing',
        default: false,
    }),
    json: jsonOutput(),
};

;// CONCATENATED MODULE: ./shared/train/backends/kubernetes/kinds.ts

/**
 * Every kind a run creates, watches or deletes, with its API version and REST plural: the one
 * place they are written. Manifests, handles and request paths all read them from here.
 */
const KINDS = {
    ConfigMap: { apiVersion: 'v1', plural: 'configmaps' },
    Secret: { apiVersion: 'v1', plural: 'secrets' },
    Service: { apiVersion: 'v1', plural: 'services' },
    Pod: { apiVersion: 'v1', plural: 'pods' },
    Job: { apiVersion: 'batch/v1', plural: 'jobs' },
    TrainJob: { apiVersion: 'trainer.kubeflow.org/v1alpha1', plural: 'trainjobs' },
    TrainingRuntime: { apiVersion: 'trainer.kubeflow.org/v1alpha1', plural: 'trainingruntimes' },
};
function isKind(kind) {
    return Object.hasOwn(KINDS, kind);
}
/** The REST path of a kind's collection in a namespace, or of one object when named. */
function kindPath(kind, namespace, name) {
    const { apiVersion, plural } = KINDS[kind];
    return resourcePath(apiVersion, plural, namespace, name);
}
/** The group, version and plural a discovery request asks about. */
function groupVersionOf(kind) {
    const { apiVersion, plural } = KINDS[kind];
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return { group: group ?? '', version: version ?? apiVersion, plural };
}

;// CONCATENATED MODULE: ./shared/train/backends/kubernetes/objects.ts


// A handle names its objects by reference (apiVersion, kind, namespace, name); these turn a
// reference into a request, whichever process holds the handle.
/** The object a run is followed by: the last of the handle's, a Job or a TrainJob. */
function workloadOf(handle) {
    const workload = handle.objects[handle.objects.length - 1];
    if (!workload || !isKind(workload.kind))
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
    if (!isKind(ref.kind))
        throw new Error(`internal: MLEnv does not manage ${ref.kind} objects`);
    return kindPath(ref.kind, ref.namespace, ref.name);
}
/** The object as the API server has it now; undefined once it is gone. */
async function getObject(client, ref) {
    try {
        return await client.request('GET', pathOf(ref));
    }
    catch (error) {
        if (error instanceof KubeError && error.status === 404)
            return undefined;
        throw error;
    }
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./shared/images/dockerfiles.ts
/**
 * The build arguments of every rendered Dockerfile. Their defaults build the image as published;
 * a build that cannot reach the public registries or GitHub (an air-gapped CI, the test bed)
 * names copies it can reach, and a Python the base image already has.
 */
/** The runtime image's own user: pods give its group their volumes (fsGroup). */
const RUNTIME_USER = { uid: 10001, gid: 10001 };
/**
 * The build secret that carries the CA bundle of a TLS-intercepting proxy (a company's, or this
 * sandbox's) to uv inside the build: without it a build behind such a proxy cannot reach the
 * package index, while uv on the same machine can (it reads SSL_CERT_FILE).
 */
const CA_BUNDLE_SECRET = 'mlenv-ca-bundle';
const CA_BUNDLE_PATH = (/* unused pure expression or super */ null && (`/run/secrets/${CA_BUNDLE_SECRET}`));
const BUILD_ARGS = {
    base: 'BASE_IMAGE',
    uv: 'UV_IMAGE',
    python: 'MLENV_PYTHON',
};
/** The uv image of a uv release, UV_IMAGE's default. */
function uvImage(uvVersion) {
    return `ghcr.io/astral-sh/uv:${uvVersion}`;
}
// The environment lives outside any home directory so that every user of the image (the runtime
// user, the runner user, a cluster's arbitrary UID) reads the same files, and none can change them.
const PREFIX = '/opt/mlenv';
const VENV = (/* unused pure expression or super */ null && (`${PREFIX}/venv`));
const LOCK = (/* unused pure expression or super */ null && (`${PREFIX}/requirements.lock`));
function header(title, repository, inputs, command) {
    const { manifest } = inputs;
    return [
        `# ${title}`,
        `# Generated by MLEnv from mlenv.yaml and ${inputs.lock}; do not edit: render it`,
        '# again after the lock changes (the image tag is the lock hash). Build it with the workspace',
        ...(command
            ? [`# root as the context (\`${command}\` builds and pushes it when the tag is missing):`]
            : ['# root as the context:']),
        `#   docker build -f <this file> -t ${repository}:${manifest.tag} <workspace root>`,
        '# The build arguments name copies of the public images, and a Python the base already has,',
        '# for a build that cannot reach ghcr.io, Docker Hub or GitHub; their defaults build the image',
        '# as published.',
        '',
        `ARG ${BUILD_ARGS.base}=${inputs.base}`,
        `ARG ${BUILD_ARGS.uv}=${uvImage(inputs.uvVersion)}`,
        '',
        // A named stage, so the pinned uv version appears once and COPY --from stays short.
        `FROM \${${BUILD_ARGS.uv}} AS uv`,
        '',
        `FROM \${${BUILD_ARGS.base}}`,
        '',
    ];
}
function labels(inputs, title) {
    const { manifest } = inputs;
    return [
        `LABEL org.opencontainers.image.title="${title}" \\`,
        `      mlenv.lock-hash="${manifest.lockHash}" \\`,
        `      mlenv.python="${manifest.python}" \\`,
        `      mlenv.cuda="${manifest.cuda}" \\`,
        `      mlenv.uv="${inputs.uvVersion}"`,
        '',
    ];
}
/** Installs the packages the base lacks: a base built without network access brings its own. */
function aptInstall(packages) {
    const names = packages.join(' ');
    return [
        // A build-time ARG, not ENV: containers keep the normal frontend.
        'ARG DEBIAN_FRONTEND=noninteractive',
        `RUN dpkg -s ${names} >/dev/null 2>&1 \\`,
        '    || { apt-get update \\',
        `         && apt-get install -y --no-install-recommends ${names} \\`,
        '         && rm -rf /var/lib/apt/lists/*; }',
        '',
    ];
}
/**
 * uv installs the Python build its pinned release knows for the version, so the same uv and the
 * same "3.11" always give the same interpreter, then syncs the venv to exactly the lock's hashes.
 * MLENV_PYTHON names an interpreter of that version the base already has instead (Debian 12's
 * /usr/bin/python3.11), for a build that cannot download Python from GitHub.
 */
function environment(inputs, extraEnv = []) {
    const { python } = inputs.manifest;
    const wanted = python.split('.').slice(0, 2).join(', ');
    const arg = BUILD_ARGS.python;
    return [
        'COPY --from=uv /uv /uvx /usr/local/bin/',
        '',
        ...extraEnv,
        `ENV UV_PYTHON_INSTALL_DIR=${PREFIX}/python \\`,
        // Never a system Python the base image may carry: only the one installed below.
        '    UV_PYTHON_PREFERENCE=only-managed \\',
        // Compiled at install: otherwise every process compiles torch again (see shared/environment).
        '    UV_COMPILE_BYTECODE=1 \\',
        '    PYTHONUNBUFFERED=1 \\',
        // mlenv inside the image uses this environment instead of building one.
        `    MLENV_VENV=${VENV} \\`,
        `    VIRTUAL_ENV=${VENV} \\`,
        `    PATH=${VENV}/bin:$PATH`,
        '',
        `COPY ${JSON.stringify([inputs.lock, LOCK])}`,
        '',
        ...indexArgs(inputs.indexes),
        `ARG ${arg}=`,
        // A build secret, not a COPY: the bundle stays out of every layer and out of the cache key.
        `RUN --mount=type=secret,id=${CA_BUNDLE_SECRET} \\`,
        `    if [ -s ${CA_BUNDLE_PATH} ]; then export SSL_CERT_FILE=${CA_BUNDLE_PATH}; fi \\`,
        `    && if [ -z "$${arg}" ]; then \\`,
        `      uv python install --no-cache ${python} \\`,
        `      && uv venv --no-cache --python ${python} ${VENV}; \\`,
        '    else \\',
        `      "$${arg}" -c 'import sys; assert sys.version_info[:2] == (${wanted}), f"${arg} is Python {sys.version.split()[0]}, expected ${python}"' \\`,
        // The base's own interpreter, on purpose: the preference above would refuse it.
        '      && export UV_PYTHON_PREFERENCE=only-system \\',
        `      && uv venv --no-cache --python "$${arg}" ${VENV}; \\`,
        '    fi \\',
        // The same backend as the lock: its +cpu torch is only on PyTorch's index.
        `    && uv pip sync --no-cache --require-hashes${inputs.torchBackend ? ` --torch-backend ${inputs.torchBackend}` : ''} --python ${VENV}/bin/python ${LOCK}`,
        '',
    ];
}
/**
 * The lock's package indexes as the variables uv reads (uv's own names for --default-index and
 * --index, the same indexes `mlenv setup` passes as --index-url and --extra-index-url): without
 * them a lock resolved from a company mirror would be installed from PyPI. Build arguments, so a
 * build that reaches the index at another address can say so.
 */
function indexArgs(indexes) {
    const lines = [];
    if (indexes?.indexUrl)
        lines.push(`ARG UV_DEFAULT_INDEX=${indexes.indexUrl}`);
    if (indexes?.extraIndexUrls.length)
        lines.push(`ARG UV_INDEX="${indexes.extraIndexUrls.join(' ')}"`);
    return lines;
}
/** The image that runs training and serving (locally, on Kubernetes, in KServe). */
function runtimeDockerfile(inputs) {
    const title = `MLEnv runtime image for training and serving: Python ${inputs.manifest.python}, locked environment.`;
    return [
        ...header(title, inputs.manifest.image, inputs, 'mlenv images build'),
        ...labels(inputs, 'mlenv-runtime'),
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        '',
        // git: on Kubernetes the pod's init container fetches the project's commit with this image.
        ...aptInstall(['ca-certificates', 'git']),
        ...environment(inputs),
        // A numeric UID: Kubernetes can only verify runAsNonRoot for a numeric USER. 10001 stays clear
        // of the "ubuntu" user (1000) that the CUDA images carry.
        `RUN useradd --create-home --uid ${RUNTIME_USER.uid} --user-group --shell /bin/bash mlenv`,
        'WORKDIR /home/mlenv',
        `USER ${RUNTIME_USER.uid}:${RUNTIME_USER.gid}`,
        '',
    ].join('\n');
}
/**
 * A self-hosted GitHub Actions runner for GPU jobs, with the same Python and locked environment as
 * the runtime image, so a GPU test in CI runs what training runs.
 */
function gpuRunnerDockerfile(inputs) {
    const title = `Self-hosted GitHub Actions runner for GPU jobs: Python ${inputs.manifest.python}, locked environment.`;
    return [
        ...header(title, inputs.manifest.gpuRunnerImage, inputs),
        ...labels(inputs, 'mlenv-gpu-runner'),
        // The runner image ends as its "runner" user; installing needs root, and sudo is not used.
        'USER root',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        '',
        // git: actions/checkout falls back to a REST download without it, and `mlenv affected` diffs.
        ...aptInstall(['ca-certificates', 'git']),
        ...environment(inputs, [
            // The NVIDIA container runtime mounts the host driver when these are set; the Kubernetes
            // device plugin replaces NVIDIA_VISIBLE_DEVICES with the GPUs the pod was given. CUDA's
            // user-space libraries come with the locked framework wheels.
            'ENV NVIDIA_VISIBLE_DEVICES=all \\',
            '    NVIDIA_DRIVER_CAPABILITIES=compute,utility',
            '',
        ]),
        'USER runner',
        '',
    ].join('\n');
}

// EXTERNAL MODULE: ./shared/util/duration.ts
var duration = __webpack_require__(8515);
;// CONCATENATED MODULE: ./shared/train/code/init-scripts.ts
// The scripts that put the code into a training pod's workspace: the git checkout runs in the
// pod's `source` init container, the working-tree download in the trainer's own container before
// the trainer. Both are constants: every variable part (URL, commit, artifact, token) arrives in the
// environment, so no input ever becomes script text, and a token never appears in a manifest
// or in an argv (it is read from the environment by the script itself).
/** The environment both scripts read, beside MLflow's own variables. */
const CODE_ENV = {
    dest: 'MLENV_CODE_DEST',
    artifact: 'MLENV_CODE_ARTIFACT',
    sha256: 'MLENV_CODE_SHA256',
    gitUrl: 'GIT_URL',
    gitCommit: 'GIT_COMMIT',
    gitUsername: 'GIT_USERNAME',
    gitPassword: 'GIT_PASSWORD',
};
/**
 * Fetches one commit by git. With GIT_PASSWORD set (from a Secret), git asks a credential helper
 * that is a shell function reading the environment, so the token is neither stored in the
 * checkout's config nor passed on a command line. The workspace volume belongs to root while the
 * image runs as its own user: safe.directory, given on the command line, lets git use it.
 */
const GIT_FETCH_SCRIPT = [
    'set -eu',
    'git init -q "$MLENV_CODE_DEST"',
    "helper=''",
    'if [ -n "${GIT_PASSWORD:-}" ]; then',
    `  helper='!f() { test "$1" = get || exit 0; echo "username=\${GIT_USERNAME:-x-access-token}"; echo "password=\${GIT_PASSWORD}"; }; f'`,
    'fi',
    'if ! git -c safe.directory="$MLENV_CODE_DEST" -c credential.helper= -c credential.helper="$helper" -C "$MLENV_CODE_DEST" fetch -q --depth 1 "$GIT_URL" "$GIT_COMMIT"; then',
    '  if [ -n "${GIT_PASSWORD:-}" ]; then hint="the token in kubernetes.gitCredentials\' Secret may lack read access to it"; else hint="a private repository needs kubernetes.gitCredentials.secretName, a Secret with a read token"; fi',
    '  echo "mlenv code: cannot fetch commit $GIT_COMMIT from $GIT_URL: $hint" >&2',
    '  exit 1',
    'fi',
    'git -c safe.directory="$MLENV_CODE_DEST" -C "$MLENV_CODE_DEST" checkout -q FETCH_HEAD',
    'echo "mlenv code: $GIT_URL at $GIT_COMMIT checked out into $MLENV_CODE_DEST"',
].join('\n');
/**
 * Downloads the run's working-tree archive through the tracking server's artifact proxy, checks
 * its sha256 and unpacks it. Python's standard library only (the runtime image has Python but no
 * promise of curl), with MLflow's own credential variables, as the trainer gets them.
 */
const FETCH_ARTIFACT_SCRIPT = String.raw `import base64, hashlib, io, json, os, re, sys, tarfile, time
import urllib.error, urllib.parse, urllib.request


def fail(message):
    sys.stderr.write("mlenv code: " + message + "\n")
    sys.exit(1)


env = os.environ
uri = env["MLFLOW_TRACKING_URI"].rstrip("/")
run_id = env["MLFLOW_RUN_ID"]
artifact = env["MLENV_CODE_ARTIFACT"]
expected = env["MLENV_CODE_SHA256"]
dest = env["MLENV_CODE_DEST"]
headers = {}
if env.get("MLFLOW_TRACKING_TOKEN"):
    headers["Authorization"] = "Bearer " + env["MLFLOW_TRACKING_TOKEN"]
elif env.get("MLFLOW_TRACKING_USERNAME"):
    pair = env["MLFLOW_TRACKING_USERNAME"] + ":" + env.get("MLFLOW_TRACKING_PASSWORD", "")
    headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()


def get(url):
    # Transient failures (a restarting server, a proxy) are retried; others fail at once.
    for attempt in range(6):
        try:
            request = urllib.request.Request(url, headers=headers)
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code not in (429, 500, 502, 503, 504) or attempt == 5:
                body = error.read()[:300].decode("utf-8", "replace")
                fail("GET %s answered HTTP %d: %s" % (url, error.code, body))
        except OSError as error:
            if attempt == 5:
                fail("cannot reach %s: %s" % (url, error))
        time.sleep(2 ** attempt)


query = urllib.parse.urlencode({"run_id": run_id})
run = json.loads(get(uri + "/api/2.0/mlflow/runs/get?" + query))
root = run["run"]["info"].get("artifact_uri") or ""
match = re.match(r"^mlflow-artifacts:(?://[^/]*)?/(.*)$", root)
if not match:
    fail("run %s keeps its artifacts in %s, expected mlflow-artifacts:/ (mlflow server --serve-artifacts)" % (run_id, root))
path = urllib.parse.quote(match.group(1).rstrip("/") + "/" + artifact)
data = get(uri + "/api/2.0/mlflow-artifacts/artifacts/" + path)
digest = hashlib.sha256(data).hexdigest()
if digest != expected:
    fail("%s of run %s has sha256 %s, expected %s" % (artifact, run_id, digest, expected))
os.makedirs(dest, exist_ok=True)
with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
    members = archive.getmembers()
    if hasattr(tarfile, "data_filter"):
        archive.extractall(dest, filter="data")
    else:
        # Pythons before the extraction filters: the same refusals, by hand.
        base = os.path.realpath(dest)
        for member in members:
            target = os.path.realpath(os.path.join(base, member.name))
            inside = target.startswith(base + os.sep)
            if member.issym():
                link = os.path.realpath(os.path.join(os.path.dirname(target), member.linkname))
                inside = inside and (link == base or link.startswith(base + os.sep))
            if not inside or not (member.isfile() or member.issym()):
                fail("refusing %s of %s: expected files and links inside %s" % (member.name, artifact, dest))
        archive.extractall(dest)
print("mlenv code: %d files of %s (sha256 %s) unpacked into %s" % (len(members), artifact, digest[:12], dest))
`;

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
const render_WORKSPACE = '/workspace';
const TRAINER = 'trainer';
/** The init container that puts the code into /workspace. */
const CODE_CONTAINER = 'source';
const RENDEZVOUS_PORT = 29500;
const LAUNCHER_DIR = '/mlenv/launcher';
/** The replicated job and container that Kubeflow Trainer's torch runtimes name for each node. */
const TRAINJOB_NODE = 'node';
/** The label by which the Trainer finds the replicated job its trainer settings go to. */
const TRAINER_ANCESTOR = 'trainer.kubeflow.org/trainjob-ancestor-step';
/**
 * With a backoff limit per index (GA since 1.33), the Job controller writes each pod's count of
 * earlier failures of its index into these annotations; the attempt number is derived from them so
 * a retried pod knows it is a retry without MLEnv being there.
 */
const FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
const IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';
// A constant script: the trainer's argv follows as "$@", never as text inside the script.
const ATTEMPT_SCRIPT = 'MLENV_ATTEMPT=$(( ${MLENV_POD_FAILURES:-0} + ${MLENV_POD_IGNORED_FAILURES:-0} + 1 )); export MLENV_ATTEMPT; exec "$@"';
/**
 * With the working tree: $1 is the fetch script, run in the trainer's own container before the
 * trainer. An init container would cost a second container start, about a second per pod here
 * (bench/pod-first-log.ts), and it would need nothing the trainer lacks (MLflow's credentials).
 */
const FETCH_THEN_ATTEMPT_SCRIPT = `python3 -c "$1" || exit; shift; cd "$MLENV_WORKDIR" || exit; ${ATTEMPT_SCRIPT}`;
/** Deterministic object name: the same run and attempt always render the same name. */
function jobName(job) {
    return (0,train_job/* dnsLabel */.UG)([job.project, job.runId.slice(0, 12), `a${job.attempt}`], 52);
}
/** The head of a manifest of the table's kind: apiVersion, kind and metadata. */
function manifest(kind, metadata) {
    return { apiVersion: KINDS[kind].apiVersion, kind, metadata };
}
/**
 * Every object of a run, in submission order; the last one is the workload the launcher follows,
 * and the ones before it (launcher config, secret, rendezvous service) are owned by it. A single
 * node is always a Job; `workload` decides how several nodes run.
 */
function renderManifests(job, cluster, workload) {
    const name = jobName(job);
    const meta = metadata(job, cluster, name);
    const support = [];
    const launcherConfig = renderLauncherConfig(job, meta);
    if (launcherConfig)
        support.push(launcherConfig);
    const secret = renderSecret(job, meta);
    if (secret)
        support.push(secret);
    if (job.train.nodes > 1 && workload === 'trainjob') {
        const { runtime, trainJob } = renderTrainJob(job, cluster, meta);
        return [...support, runtime, trainJob];
    }
    if (job.train.nodes > 1) {
        const { service, indexed } = renderIndexedJob(job, cluster, meta);
        return [...support, service, indexed];
    }
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
    if (cluster.code)
        annotations['mlenv.dev/code-source'] = cluster.code.kind;
    if (cluster.code?.kind === 'git')
        annotations['mlenv.dev/git-commit'] = cluster.code.commit;
    if (cluster.code?.kind === 'working-tree')
        annotations['mlenv.dev/code-sha256'] = cluster.code.archive.sha256;
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
        ...manifest('ConfigMap', { ...meta, name: `${meta.name}-launcher` }),
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
        ...manifest('Secret', { ...meta, name: secretName(meta.name) }),
        type: 'Opaque',
        stringData: { ...job.secretEnv },
    };
}
function secretName(name) {
    return `${name}-env`;
}
function containerEnv(job, name) {
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
    return [...plain, ...secret, ...attempt, ...launcher];
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
        // The image's user cannot create folders under / : MLENV_OUTPUT_DIR needs a volume of its own.
        { name: 'outputs', emptyDir: {} },
    ];
    const mounts = [
        {
            name: 'checkpoints',
            mountPath: '/mlenv/checkpoints',
            ...(cluster.checkpointClaim ? { subPath: `${(0,train_job/* dnsLabel */.UG)([job.project])}/${job.runName}` } : {}),
        },
        { name: 'outputs', mountPath: '/mlenv/outputs' },
    ];
    if (launcherConfigFile(job)) {
        volumes.push({ name: 'launcher', configMap: { name: `${name}-launcher` } });
        mounts.push({ name: 'launcher', mountPath: LAUNCHER_DIR, readOnly: true });
    }
    const initContainers = [];
    if (cluster.code && cluster.code.kind !== 'image') {
        volumes.push({ name: CODE_CONTAINER, emptyDir: {} });
        mounts.push({ name: CODE_CONTAINER, mountPath: render_WORKSPACE });
    }
    const checkout = gitInitContainer(cluster);
    if (checkout)
        initContainers.push(checkout);
    const tolerations = [
        ...(job.train.resources.gpus > 0
            ? [{ key: cluster.gpuResource, operator: 'Exists', effect: 'NoSchedule' }]
            : []),
        ...(cluster.tolerations ?? []),
    ];
    const nodeSelector = cluster.nodeSelector ?? {};
    // "nodes: N" means N machines: the pods of a run spread one per node, as torchrun's node ranks
    // assume (where the run's nodeSelector leaves fewer nodes, they share).
    const topologySpreadConstraints = job.train.nodes > 1
        ? [
            {
                maxSkew: 1,
                topologyKey: 'kubernetes.io/hostname',
                whenUnsatisfiable: 'DoNotSchedule',
                labelSelector: { matchLabels: { [LABELS.runId]: job.runId.slice(0, 63) } },
            },
        ]
        : [];
    return { volumes, mounts, initContainers, tolerations, nodeSelector, topologySpreadConstraints };
}
/**
 * The `source` init container that checks the commit out into /workspace. It is a container of
 * its own so that a repository token (a Secret of the user's) reaches it and never the trainer.
 * The script is a constant; every variable part is in the environment, the token only as a
 * reference to its Secret.
 */
function gitInitContainer(cluster) {
    const code = cluster.code;
    if (code?.kind !== 'git')
        return undefined;
    const secret = cluster.gitCredentialsSecret;
    const credentials = secret
        ? [
            {
                name: CODE_ENV.gitUsername,
                valueFrom: { secretKeyRef: { name: secret, key: 'username', optional: true } },
            },
            {
                name: CODE_ENV.gitPassword,
                valueFrom: { secretKeyRef: { name: secret, key: 'password' } },
            },
        ]
        : [];
    return {
        name: CODE_CONTAINER,
        image: cluster.image,
        command: ['sh', '-c', GIT_FETCH_SCRIPT],
        env: [
            { name: CODE_ENV.dest, value: render_WORKSPACE },
            { name: CODE_ENV.gitUrl, value: code.url },
            { name: CODE_ENV.gitCommit, value: code.commit },
            ...credentials,
        ],
        volumeMounts: [{ name: CODE_CONTAINER, mountPath: render_WORKSPACE }],
    };
}
/** What the trainer's container reads to fetch the working tree itself (MLflow's are there). */
function workingTreeEnv(cluster) {
    const code = cluster.code;
    if (code?.kind !== 'working-tree')
        return [];
    return [
        { name: CODE_ENV.dest, value: render_WORKSPACE },
        { name: CODE_ENV.artifact, value: code.artifact },
        { name: CODE_ENV.sha256, value: code.archive.sha256 },
        { name: 'MLENV_WORKDIR', value: external_node_path_default().posix.join(render_WORKSPACE, cluster.projectDir) },
    ];
}
/** The trainer's argv behind the wrapper that sets MLENV_ATTEMPT (and fetches a working tree). */
function trainerCommand(cluster, command) {
    if (cluster.code?.kind === 'working-tree')
        return [
            'sh',
            '-c',
            FETCH_THEN_ATTEMPT_SCRIPT,
            'mlenv-trainer',
            FETCH_ARTIFACT_SCRIPT,
            ...command,
        ];
    return ['sh', '-c', ATTEMPT_SCRIPT, 'mlenv-trainer', ...command];
}
/** The trainer's working directory: the project inside the workspace, wherever the code came from. */
function workingDir(cluster) {
    // The project's folder is made by the unpacking: the wrapper changes into it (MLENV_WORKDIR).
    if (cluster.code?.kind === 'working-tree')
        return render_WORKSPACE;
    // A git checkout holds the whole repository; the workspace may be a folder of it.
    const prefix = cluster.code?.kind === 'git' ? cluster.code.prefix : '';
    return external_node_path_default().posix.join(render_WORKSPACE, prefix, cluster.projectDir);
}
function podSpec(job, cluster, name, command) {
    const parts = podParts(job, cluster, name);
    return {
        restartPolicy: 'Never',
        ...(cluster.serviceAccount ? { serviceAccountName: cluster.serviceAccount } : {}),
        automountServiceAccountToken: false,
        // The image runs as its own user: volumes that support it (a checkpoint claim on a CSI
        // driver) are made writable for its group, changing ownership only when the root differs.
        securityContext: { fsGroup: RUNTIME_USER.gid, fsGroupChangePolicy: 'OnRootMismatch' },
        ...(Object.keys(parts.nodeSelector).length > 0 ? { nodeSelector: parts.nodeSelector } : {}),
        ...(parts.tolerations.length > 0 ? { tolerations: parts.tolerations } : {}),
        ...(parts.topologySpreadConstraints.length > 0
            ? { topologySpreadConstraints: parts.topologySpreadConstraints }
            : {}),
        ...(parts.initContainers.length > 0 ? { initContainers: parts.initContainers } : {}),
        containers: [
            {
                name: TRAINER,
                image: cluster.image,
                workingDir: workingDir(cluster),
                command: trainerCommand(cluster, command),
                env: [...containerEnv(job, name), ...workingTreeEnv(cluster)],
                resources: resources(job, cluster),
                volumeMounts: parts.mounts,
            },
        ],
        volumes: parts.volumes,
    };
}
function jobSpec(job, cluster, completions, template, container = TRAINER) {
    return {
        backoffLimit: job.train.retries,
        // Retries counted per index make the controller annotate each pod with its index's earlier
        // failures (MLENV_ATTEMPT); any index out of retries fails the whole run.
        backoffLimitPerIndex: job.train.retries,
        maxFailedIndexes: 0,
        activeDeadlineSeconds: Math.ceil((0,duration/* parseDuration */.E)(job.train.maxRuntime) / 1000),
        ttlSecondsAfterFinished: cluster.ttlSeconds ?? 86_400,
        // Preemption and node loss are not the trainer's fault: they never count against retries.
        // A non-zero exit of the trainer is a code failure: retrying would fail the same way.
        podFailurePolicy: {
            rules: [
                { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
                {
                    action: 'FailJob',
                    onExitCodes: { containerName: container, operator: 'NotIn', values: [0] },
                },
            ],
        },
        completionMode: 'Indexed',
        completions,
        parallelism: completions,
        template,
    };
}
/**
 * One node is an indexed Job of one completion: indexed, so that the controller counts each
 * retry of the pod in its annotations (MLENV_ATTEMPT).
 */
function renderJob(job, cluster, meta) {
    return {
        ...manifest('Job', meta),
        spec: jobSpec(job, cluster, 1, {
            metadata: podMetadata(meta, cluster),
            spec: podSpec(job, cluster, meta.name, nodeCommand(job, { nodes: 1 })),
        }),
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
    // The variables Kubeflow Trainer gives a TrainJob's nodes (and torchrun reads), so a trainer
    // sees the same rendezvous on both paths.
    const [trainer] = spec.containers;
    trainer?.env?.push({ name: 'PET_NNODES', value: String(nodes) }, { name: 'PET_NPROC_PER_NODE', value: String(job.train.procsPerNode) }, {
        name: 'PET_NODE_RANK',
        valueFrom: {
            fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
        },
    }, { name: 'PET_MASTER_ADDR', value: `${name}-0.${name}` }, { name: 'PET_MASTER_PORT', value: String(RENDEZVOUS_PORT) });
    return {
        service: {
            ...manifest('Service', meta),
            spec: {
                clusterIP: 'None',
                selector: { 'batch.kubernetes.io/job-name': name },
                ports: [{ name: 'rendezvous', port: RENDEZVOUS_PORT }],
                publishNotReadyAddresses: true,
            },
        },
        indexed: {
            ...manifest('Job', meta),
            spec: jobSpec(job, cluster, nodes, {
                metadata: podMetadata(meta, cluster),
                spec: { ...spec, subdomain: name },
            }),
        },
    };
}
/**
 * A Kubeflow TrainJob over a TrainingRuntime of the run's own, which holds the same pod and Job
 * template as the indexed Job (code checkout, volumes, retries per index, failure policy): the
 * Trainer sets the node count and the PET_* rendezvous variables, and the JobSet's headless
 * Service gives the nodes their names.
 */
function renderTrainJob(job, cluster, meta) {
    const command = nodeCommand(job, {
        nodes: job.train.nodes,
        nodeRank: '$(PET_NODE_RANK)',
        masterAddr: '$(PET_MASTER_ADDR)',
        masterPort: '$(PET_MASTER_PORT)',
        fromEnvironment: job.train.distributed !== 'accelerate',
    });
    const pod = podSpec(job, cluster, meta.name, command);
    // The Trainer looks for the container named "node" of the trainer step; the failure policy's
    // exit-code rule names the same container.
    const [trainer, ...others] = pod.containers;
    const containers = [{ ...trainer, name: TRAINJOB_NODE }, ...others];
    // The JobSet's Job lives as long as the TrainJob; a TTL of its own would remove it under the
    // JobSet, which owns that decision.
    const { ttlSecondsAfterFinished: _, ...template } = jobSpec(job, cluster, job.train.nodes, { metadata: podMetadata(meta, cluster), spec: { ...pod, containers } }, TRAINJOB_NODE);
    return {
        runtime: {
            ...manifest('TrainingRuntime', meta),
            spec: {
                mlPolicy: { numNodes: job.train.nodes, torch: {} },
                template: {
                    spec: {
                        replicatedJobs: [
                            {
                                name: TRAINJOB_NODE,
                                template: {
                                    metadata: { labels: { [TRAINER_ANCESTOR]: 'trainer' } },
                                    spec: template,
                                },
                            },
                        ],
                    },
                },
            },
        },
        trainJob: {
            ...manifest('TrainJob', meta),
            spec: {
                runtimeRef: { apiGroup: 'trainer.kubeflow.org', kind: 'TrainingRuntime', name: meta.name },
                activeDeadlineSeconds: Math.ceil((0,duration/* parseDuration */.E)(job.train.maxRuntime) / 1000),
                trainer: {
                    image: cluster.image,
                    // The Trainer sets the node container's command and env from these.
                    command: trainerCommand(cluster, command),
                    env: [...containerEnv(job, meta.name), ...workingTreeEnv(cluster)],
                    numNodes: job.train.nodes,
                    numProcPerNode: job.train.procsPerNode,
                    resourcesPerNode: resources(job, cluster),
                },
            },
        },
    };
}
/** A Secret as a plan shows it: which keys, never their values. */
function redactSecrets(manifest) {
    if (manifest.kind !== 'Secret')
        return manifest;
    const data = manifest.stringData ?? {};
    return { ...manifest, stringData: Object.fromEntries(Object.keys(data).map((k) => [k, '***'])) };
}

;// CONCATENATED MODULE: ./shared/train/backends/kubernetes/follow.ts






// Callers that name no timeout (a handle followed later, the bench) get the option's default.
const DEFAULT_PENDING_TIMEOUT_MS = TRAIN_OPTIONS['pending-timeout'].default * 1000;
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
    const podsWatch = watchUntil({
        client,
        path: kindPath('Pod', namespace),
        query: { labelSelector: `${LABELS.runId}=${handle.runId.slice(0, 63)}` },
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
    const workloadWatch = watchUntil({
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
    return 1 + count(FAILURE_COUNT) + count(IGNORED_FAILURE_COUNT);
}
/**
 * The code checkout's lines (it has finished once the pod runs: they say which code, or why it
 * could not be fetched), then the trainer's, followed. The trainer is the pod's first container,
 * whatever the workload names it.
 */
async function streamLogs(client, namespace, pod, prefix, log, logger, { follow, signal }) {
    const path = `${kindPath('Pod', namespace, pod.metadata.name)}/log`;
    const print = (line) => logger.info(log.push(`${prefix}${line}`));
    const init = (pod.spec?.initContainers ?? []).filter((c) => c.name === CODE_CONTAINER);
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
        const { group, version, plural } = groupVersionOf('TrainJob');
        return (await client.serves(group, version, plural)) ? 'trainjob' : 'job';
    };
    return {
        ...operations,
        async plan(job) {
            // Offline: `auto` renders the indexed Job, and says what a cluster could change.
            const workload = options.workload === 'auto' ? 'job' : options.workload;
            const notes = options.workload === 'auto' && job.train.nodes > 1 ? [TRAINJOB_NOTE] : [];
            const manifests = renderManifests(job, cluster, workload).map(redactSecrets);
            return { backend: 'kubernetes', manifests, notes };
        },
        async validate(job, logger) {
            const client = await operations.client();
            const manifests = renderManifests(job, cluster, await workloadFor(job, client));
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
            const manifests = renderManifests(job, cluster, await workloadFor(job, client));
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
        connecting ??= createKubeClient({
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
    const collection = kindPath(manifest.kind, manifest.metadata.namespace);
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
        if (error instanceof KubeError && error.status === 409 && options.runId) {
            const existing = await client.request('GET', `${collection}/${manifest.metadata.name}`);
            if (existing.metadata.labels?.[LABELS.runId] === options.runId.slice(0, 63))
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
            if (!(error instanceof KubeError && error.status === 404))
                throw error;
        }
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


/***/ }),

/***/ 8464:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g3: () => (/* binding */ pollUntil),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* unused harmony export waitUntil */
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);

/**
 * Resolves after `ms`; rejects with the signal's reason as soon as it aborts (at once when it
 * already has), so a cancelled wait ends with the same error as the cancelled work.
 */
async function sleep(ms, signal) {
    try {
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(ms, undefined, signal ? { signal } : undefined);
    }
    catch (error) {
        throw signal?.aborted ? signal.reason : error;
    }
}
/** Probes until it holds or the time is up; says which, never throws for the timeout. */
async function pollUntil(probe, options = {}) {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    while (!(await probe())) {
        if (Date.now() > deadline)
            return false;
        await sleep(options.intervalMs ?? 100);
    }
    return true;
}
/** As pollUntil, but a timeout is an error naming what was awaited. */
async function waitUntil(what, probe, options = {}) {
    if (!(await pollUntil(probe, options)))
        throw new Error(`timed out after ${(options.timeoutMs ?? 30_000) / 1000} s waiting for ${what}`);
}


/***/ })

};
