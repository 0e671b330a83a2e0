export const id = 615;
export const ids = [615];
export const modules = {

/***/ 9978:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FD: () => (/* binding */ createKubeClient),
/* harmony export */   a3: () => (/* binding */ KubeError),
/* harmony export */   oU: () => (/* binding */ resourcePath)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _util_retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4589);
/* harmony import */ var _kubeconfig_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2666);






/** An error answered by the API server, with its HTTP status and Status reason. */
class KubeError extends _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .ExternalError */ .yA {
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
    const source = (0,_kubeconfig_js__WEBPACK_IMPORTED_MODULE_5__/* .kubeconfigSource */ .X)(options.kubeconfig, options.env);
    const { KubeConfig } = await Promise.all(/* import() */[__webpack_require__.e(243), __webpack_require__.e(991)]).then(__webpack_require__.bind(__webpack_require__, 1991));
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
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${file}: expected a kubeconfig, found a file that does not load (${error.message.split('\n')[0]})`);
            }
            // The first file's current-context wins, as with kubectl.
            if (part !== config)
                config.mergeConfig(part, true);
        }
    }
    if (options.context) {
        if (!config.getContextObject(options.context)) {
            const known = config.getContexts().map((c) => c.name);
            const where = 'files' in source ? source.files.join((node_path__WEBPACK_IMPORTED_MODULE_2___default().delimiter)) : 'the pod kubeconfig';
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${where}: expected a context named "${options.context}", found ${known.length > 0 ? `only ${known.join(', ')}` : 'no context'}`);
        }
        config.setCurrentContext(options.context);
    }
    const cluster = config.getCurrentCluster();
    if (!cluster)
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`expected a cluster for the kubeconfig context "${config.getCurrentContext()}", found none`);
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
        return (0,_util_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .retry */ .L)(attempt, {
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


/***/ }),

/***/ 2666:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ kubeconfigSource)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);




const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
/**
 * The kubeconfig a client would load, in kubectl's order: the kubeconfig option, KUBECONFIG (a
 * list; files that do not exist are skipped, as kubectl does), ~/.kube/config, then the pod's
 * service account. A named file that is missing, or no kubeconfig at all, is a configuration
 * error in one line, rather than a stack trace or a silent fallback to http://localhost:8080.
 */
function kubeconfigSource(explicit, env = process.env) {
    if (explicit) {
        const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(explicit);
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file))
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .OptionError */ .eR('kubeconfig', `expected a kubeconfig file, found no file at ${file}`);
        return { files: [file] };
    }
    if (env.KUBECONFIG) {
        const named = env.KUBECONFIG.split((node_path__WEBPACK_IMPORTED_MODULE_2___default().delimiter)).filter(Boolean);
        const files = named.map((file) => node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(file)).filter((file) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file));
        if (files.length === 0)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`KUBECONFIG: expected a kubeconfig file, found no file at ${named.join((node_path__WEBPACK_IMPORTED_MODULE_2___default().delimiter))}`);
        return { files };
    }
    const home = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(env.HOME || node_os__WEBPACK_IMPORTED_MODULE_1___default().homedir(), '.kube', 'config');
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(home))
        return { files: [home] };
    if (env.KUBERNETES_SERVICE_HOST && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(SERVICE_ACCOUNT_TOKEN))
        return { inCluster: true };
    throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .OptionError */ .eR('kubeconfig', 'expected a kubeconfig for the Kubernetes cluster, found none: KUBECONFIG is unset and there is no ~/.kube/config; name one with this option or KUBECONFIG');
}


/***/ }),

/***/ 7570:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ci: () => (/* binding */ isPortFree),
/* harmony export */   VK: () => (/* binding */ stopProcessGroup),
/* harmony export */   W3: () => (/* binding */ spawnDetached),
/* harmony export */   _n: () => (/* binding */ isAlive),
/* harmony export */   i8: () => (/* binding */ signalGroup),
/* harmony export */   ov: () => (/* binding */ freePort),
/* harmony export */   wN: () => (/* binding */ tailOfFile)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _util_sleep_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8464);




/** A free TCP port on loopback, chosen by the OS. */
function freePort() {
    return new Promise((resolve, reject) => {
        const server = (0,node_net__WEBPACK_IMPORTED_MODULE_2__.createServer)();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => typeof address === 'object' && address
                ? resolve(address.port)
                : reject(new Error('no port')));
        });
    });
}
/** Whether a server could listen on this loopback port now (nothing else listens there). */
function isPortFree(port) {
    return new Promise((resolve, reject) => {
        const server = (0,node_net__WEBPACK_IMPORTED_MODULE_2__.createServer)();
        server.unref();
        server.once('error', (error) => error.code === 'EADDRINUSE' ? resolve(false) : reject(error));
        server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
/** Starts a process that outlives this one (own session, output to a log file). */
function spawnDetached(command, args, options) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(options.logFile, 'a');
    try {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, {
            cwd: options.cwd,
            env: options.env,
            detached: true,
            stdio: ['ignore', fd, fd],
        });
        child.unref();
        if (!child.pid)
            throw new Error(`could not start ${command}`);
        return child.pid;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
    }
}
/** Signals a process and everything in its process group; a process already gone is fine. */
function signalGroup(pid, sig) {
    try {
        process.kill(-pid, sig);
    }
    catch {
        try {
            process.kill(pid, sig);
        }
        catch {
            // Already gone.
        }
    }
}
async function stopProcessGroup(pid, graceMs = 10_000) {
    signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline)
        await (0,_util_sleep_js__WEBPACK_IMPORTED_MODULE_3__/* .sleep */ .yy)(100);
    if (isAlive(pid))
        signalGroup(pid, 'SIGKILL');
}
function tailOfFile(file, lines = 20) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    }
    catch {
        return '(no log)';
    }
}


/***/ }),

/***/ 8324:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I9: () => (/* binding */ processIdentity),
/* harmony export */   Ol: () => (/* binding */ isProcessGroupAlive),
/* harmony export */   RD: () => (/* binding */ readProcessStartTime),
/* harmony export */   vk: () => (/* binding */ thisHost),
/* harmony export */   xk: () => (/* binding */ isSameProcessAlive)
/* harmony export */ });
/* unused harmony export parseProcStat */
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

/***/ 3769:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GW: () => (/* binding */ KINDS),
/* harmony export */   VF: () => (/* binding */ isKind),
/* harmony export */   WI: () => (/* binding */ kindPath),
/* harmony export */   dW: () => (/* binding */ groupVersionOf)
/* harmony export */ });
/* harmony import */ var _k8s_client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9978);

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
    return (0,_k8s_client_js__WEBPACK_IMPORTED_MODULE_0__/* .resourcePath */ .oU)(apiVersion, plural, namespace, name);
}
/** The group, version and plural a discovery request asks about. */
function groupVersionOf(kind) {
    const { apiVersion, plural } = KINDS[kind];
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return { group: group ?? '', version: version ?? apiVersion, plural };
}


/***/ }),

/***/ 4738:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  em: () => (/* binding */ CODE_CONTAINER),
  jh: () => (/* binding */ FAILURE_COUNT),
  sP: () => (/* binding */ IGNORED_FAILURE_COUNT),
  kg: () => (/* binding */ LABELS),
  Ei: () => (/* binding */ nodeCommand),
  fp: () => (/* binding */ redactSecrets),
  hO: () => (/* binding */ renderManifests)
});

// UNUSED EXPORTS: jobName

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
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
// EXTERNAL MODULE: ./shared/train/backends/kubernetes/kinds.ts
var kinds = __webpack_require__(3769);
;// CONCATENATED MODULE: ./shared/train/backends/kubernetes/render.ts








const LABELS = {
    managedBy: 'app.kubernetes.io/managed-by',
    project: 'mlenv.dev/project',
    runId: 'mlenv.dev/mlflow-run-id',
    workflowRun: 'mlenv.dev/workflow-run-id',
};
const WORKSPACE = '/workspace';
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
    return { apiVersion: kinds/* KINDS */.GW[kind].apiVersion, kind, metadata };
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
        mounts.push({ name: CODE_CONTAINER, mountPath: WORKSPACE });
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
            { name: CODE_ENV.dest, value: WORKSPACE },
            { name: CODE_ENV.gitUrl, value: code.url },
            { name: CODE_ENV.gitCommit, value: code.commit },
            ...credentials,
        ],
        volumeMounts: [{ name: CODE_CONTAINER, mountPath: WORKSPACE }],
    };
}
/** What the trainer's container reads to fetch the working tree itself (MLflow's are there). */
function workingTreeEnv(cluster) {
    const code = cluster.code;
    if (code?.kind !== 'working-tree')
        return [];
    return [
        { name: CODE_ENV.dest, value: WORKSPACE },
        { name: CODE_ENV.artifact, value: code.artifact },
        { name: CODE_ENV.sha256, value: code.archive.sha256 },
        { name: 'MLENV_WORKDIR', value: external_node_path_default().posix.join(WORKSPACE, cluster.projectDir) },
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
        return WORKSPACE;
    // A git checkout holds the whole repository; the workspace may be a folder of it.
    const prefix = cluster.code?.kind === 'git' ? cluster.code.prefix : '';
    return external_node_path_default().posix.join(WORKSPACE, prefix, cluster.projectDir);
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


/***/ }),

/***/ 2024:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ launcherArgv)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);

/**
 * The argv that runs the trainer on this machine. With several processes, torchrun starts them
 * (gloo on CPU); its `--tee` prefixes each line with the rank so interleaved output stays readable.
 */
function launcherArgv(job, configs = {}) {
    const { command, train } = job;
    const processes = train.nodes * train.procsPerNode;
    if (train.distributed === 'none' || (processes === 1 && train.distributed !== 'torchrun'))
        return [...command];
    if (train.distributed === 'torchrun') {
        const torchrun = ['--standalone', '--nnodes=1', `--nproc-per-node=${processes}`, '--tee=3'];
        return isPython(command[0])
            ? [command[0], '-m', 'torch.distributed.run', ...torchrun, ...command.slice(1)]
            : ['torchrun', ...torchrun, '--no-python', ...command];
    }
    if (train.distributed === 'accelerate') {
        const mixed = train.precision === 'fp32' ? 'no' : train.precision;
        const script = isPython(command[0]) ? command.slice(1) : command;
        return [
            'accelerate',
            'launch',
            ...(configs.accelerate ? [`--config_file=${configs.accelerate}`] : []),
            `--num_processes=${processes}`,
            '--num_machines=1',
            `--mixed_precision=${mixed}`,
            ...(isPython(command[0]) ? [] : ['--no_python']),
            ...script,
        ];
    }
    // deepspeed
    const script = isPython(command[0]) ? command.slice(1) : command;
    return [
        'deepspeed',
        `--num_gpus=${processes}`,
        ...(isPython(command[0]) ? [] : ['--no_python']),
        ...script,
    ];
}
function isPython(program) {
    return program !== undefined && /^python(\d+(\.\d+)?)?$/.test(node_path__WEBPACK_IMPORTED_MODULE_0___default().basename(program));
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

/***/ 6615:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runTrain: () => (/* binding */ runTrain)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
;// CONCATENATED MODULE: ./shared/environment/torch-backend.ts






const execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** Where uv's `--torch-backend cpu` takes the PyTorch packages from (compiled into uv). */
const PYTORCH_CPU_INDEX = 'https://download.pytorch.org/whl/cpu';
/** The probe's own limits: one try, a short HTTP timeout, and a hard stop for the process. */
const PROBE_HTTP_TIMEOUT_S = 5;
const PROBE_PROCESS_TIMEOUT_MS = 30_000;
/** Records in the lock's header which uv torch backend resolved it, so installs use the same. */
const BACKEND_LINE = '#    mlenv-torch-backend: ';
/**
 * Whether a lock should try PyTorch's CPU wheels. Only a `cpu` workspace that leaves torch to
 * PyPI: an explicit pytorchIndex is the user's choice, and a workspace with its own indexUrl (a
 * company mirror) must not have torch fetched from outside it behind its back.
 */
function torch_backend_torchBackendPlan(environment) {
    if (environment.cuda !== 'cpu' || environment.pytorchIndex)
        return { probe: false };
    if (environment.indexUrl)
        return { probe: false, mirror: environment.indexUrl };
    return { probe: true };
}
/**
 * The torch backend a lock was made with, from its header; undefined for a plain lock. The value
 * reaches uv's argv and a Dockerfile's RUN line, so only a backend name is accepted.
 */
function lockTorchBackend(lock, file = 'the lock') {
    const lines = lock.split('\n');
    const at = lines.findIndex((l) => l.startsWith(BACKEND_LINE));
    if (at === -1)
        return undefined;
    const backend = lines[at].slice(BACKEND_LINE.length).trim();
    if (!/^[a-z][a-z0-9.]*$/.test(backend))
        throw new errors/* ConfigurationError */.j1(`${file}:${at + 1}: expected a uv torch backend such as "cpu" after "${BACKEND_LINE.slice(1).trim()}", found "${backend}"`);
    return backend;
}
/** The header line recording the backend (the lock hash covers it, so images differ too). */
function torch_backend_torchBackendLine(backend) {
    return `${BACKEND_LINE}${backend}`;
}
function torch_backend_isTorchBackendLine(line) {
    return line.startsWith(BACKEND_LINE);
}
/** uv's options for installing a lock: its recorded backend, or none. */
function torchBackendArguments(lock, file) {
    const backend = lockTorchBackend(lock, file);
    return backend ? ['--torch-backend', backend] : [];
}
/**
 * What PyPI's torch costs a `cpu` lock: undefined when the lock has no torch or its torch brings
 * no CUDA packages (resolved on macOS, say), where falling back costs nothing worth a warning.
 */
function torch_backend_cudaCost(pins) {
    const torch = pins.get('torch');
    const packages = [...pins.keys()].filter((name) => /^(nvidia|cuda)-/.test(name)).length;
    return torch && packages > 0 ? { torch, packages } : undefined;
}
function costText(cost) {
    return `${cost.packages} CUDA packages (nvidia-*, cuda-*; several GB) this cpu environment will not use`;
}
/** The one line a `cpu` lock logs when PyTorch's CPU index did not answer the probe. */
function torch_backend_unreachableWarning(reason, cost) {
    return `PyTorch's CPU index ${PYTORCH_CPU_INDEX} is not reachable (${reason}): locked PyPI's torch ${cost.torch}, which pulls ${costText(cost)}`;
}
/** The one line a `cpu` lock logs when its own indexUrl served a CUDA torch. */
function torch_backend_mirrorWarning(indexUrl, cost) {
    return `environment.indexUrl ${indexUrl} served torch ${cost.torch}, which pulls ${costText(cost)}: set environment.pytorchIndex to its copy of ${PYTORCH_CPU_INDEX} for CPU-only wheels`;
}
/** The most telling line of a failed uv run: its innermost `cause:`, else its first line. */
function uvFailureReason(stderr) {
    const lines = stderr
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    const causes = lines.filter((line) => line.startsWith('cause:'));
    const last = causes.at(-1) ?? lines[0] ?? 'no output';
    return last.replace(/^(cause|error):\s*/, '');
}
/**
 * Whether uv can resolve torch from PyPI's CPU index right now: uv itself asks, so its proxy,
 * certificate and credential settings count exactly as they will for the lock. One try with a
 * short timeout, so an unreachable index costs seconds, not uv's retries.
 */
async function torch_backend_probeCpuTorchBackend(uv, python) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mlenv-torch-probe-'));
    try {
        const input = path.join(dir, 'probe.in');
        await writeFile(input, 'torch\n');
        await execFileAsync(uv, [
            'pip',
            'compile',
            '--quiet',
            '--no-header',
            '--no-annotate',
            '--no-deps',
            '--torch-backend',
            'cpu',
            '--python-version',
            python,
            input,
        ], {
            timeout: PROBE_PROCESS_TIMEOUT_MS,
            maxBuffer: 4 * 1024 * 1024,
            env: {
                ...process.env,
                UV_HTTP_RETRIES: '0',
                UV_HTTP_TIMEOUT: String(PROBE_HTTP_TIMEOUT_S),
            },
        });
        return { ok: true };
    }
    catch (error) {
        const e = error;
        if (e.killed)
            return { ok: false, reason: `no answer in ${PROBE_PROCESS_TIMEOUT_MS / 1000}s` };
        return { ok: false, reason: uvFailureReason(e.stderr || e.message) };
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./shared/environment/index.ts









const environment_execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** The uv release MLEnv bootstraps when none is on PATH. */
const UV_VERSION = '0.13.9';
const COMPLETE = '.mlenv-complete';
function environmentAt(venv, lockHash) {
    const bin = external_node_path_default().join(venv, 'bin');
    return {
        venv,
        bin,
        python: external_node_path_default().join(bin, 'python'),
        mlflow: external_node_path_default().join(bin, 'mlflow'),
        lockHash,
    };
}
async function lockHash(workspace) {
    const { environment } = workspace.config;
    const lock = await (0,promises_.readFile)(external_node_path_default().join(workspace.root, environment.lock), 'utf8').catch(() => {
        throw new errors/* ConfigurationError */.j1(`${environment.lock}: expected the environment lock, found no file. Run \`mlenv env lock\` and commit it.`);
    });
    return (0,external_node_crypto_.createHash)('sha256')
        .update(`${environment.python}\0${environment.cuda}\0${lock}`)
        .digest('hex')
        .slice(0, 12);
}
/** Whether the environment of the current lock has been built (and so is a cache hit). */
async function environmentBuilt(workspace) {
    if (process.env.MLENV_VENV)
        return true;
    const venv = path.join(workspace.root, '.mlenv', 'venvs', await lockHash(workspace));
    return existsSync(path.join(venv, COMPLETE));
}
/**
 * The workspace's one Python environment: an explicit venv (--venv or MLENV_VENV), else the one
 * built from the lock under .mlenv/venvs/<lock hash>, created with uv when missing.
 */
async function resolveEnvironment(workspace, options) {
    const explicit = options.venv ?? process.env.MLENV_VENV;
    if (explicit) {
        const env = environmentAt(external_node_path_default().resolve(explicit));
        if (!(0,external_node_fs_.existsSync)(env.python)) {
            throw new errors/* ConfigurationError */.j1(`--venv ${explicit}: expected a virtual environment, found no ${env.python}`);
        }
        return env;
    }
    const hash = await lockHash(workspace);
    const env = environmentAt(external_node_path_default().join(workspace.root, '.mlenv', 'venvs', hash), hash);
    if ((0,external_node_fs_.existsSync)(external_node_path_default().join(env.venv, COMPLETE))) {
        options.logger.debug(`Reusing environment ${env.venv}`);
        return env;
    }
    if (options.create === false) {
        throw new errors/* ConfigurationError */.j1(`No environment built from ${workspace.config.environment.lock} yet: run \`mlenv setup\`.`);
    }
    await buildEnvironment(workspace, env, options.logger);
    return env;
}
async function buildEnvironment(workspace, env, logger) {
    const { environment } = workspace.config;
    const uv = await findUv(logger);
    const started = Date.now();
    logger.info(`Creating the workspace environment from ${environment.lock} (Python ${environment.python}) in ${env.venv}`);
    // The lock's header says which torch backend resolved it: its +cpu wheels are only there.
    const lockText = await (0,promises_.readFile)(external_node_path_default().join(workspace.root, environment.lock), 'utf8');
    await (0,promises_.rm)(env.venv, { recursive: true, force: true });
    // Relocatable: a venv restored from a CI cache into another checkout path still runs.
    await run(uv, ['venv', '--quiet', '--relocatable', '--python', environment.python, env.venv], logger);
    await run(uv, [
        'pip',
        'sync',
        '--quiet',
        ...indexArguments(environment),
        ...torchBackendArguments(lockText, environment.lock),
        '--python',
        env.python,
        external_node_path_default().join(workspace.root, environment.lock),
    ], logger);
    await (0,promises_.writeFile)(external_node_path_default().join(env.venv, COMPLETE), `${environment.lock}\n`);
    logger.info(`Environment ready in ${Math.round((Date.now() - started) / 1000)}s`);
}
/** uv from MLENV_UV or PATH, else a pinned copy installed from PyPI into the user cache. */
async function findUv(logger) {
    if (process.env.MLENV_UV)
        return process.env.MLENV_UV;
    const onPath = await environment_execFileAsync('uv', ['--version']).then(() => 'uv', () => undefined);
    if (onPath)
        return onPath;
    const tools = external_node_path_default().join(process.env.XDG_CACHE_HOME ?? external_node_path_default().join(external_node_os_default().homedir(), '.cache'), 'mlenv', `uv-${UV_VERSION}`);
    const uv = external_node_path_default().join(tools, 'bin', 'uv');
    if ((0,external_node_fs_.existsSync)(external_node_path_default().join(tools, COMPLETE)))
        return uv;
    logger.info(`Installing uv ${UV_VERSION} from PyPI into ${tools}`);
    await (0,promises_.rm)(tools, { recursive: true, force: true });
    await (0,promises_.mkdir)(external_node_path_default().dirname(tools), { recursive: true });
    await run('python3', ['-m', 'venv', tools], logger);
    await run(external_node_path_default().join(tools, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `uv==${UV_VERSION}`], logger);
    await (0,promises_.writeFile)(external_node_path_default().join(tools, COMPLETE), '');
    return uv;
}
async function run(command, args, logger, cwd) {
    logger.debug(`$ ${cwd ? `(in ${cwd}) ` : ''}${command} ${args.join(' ')}`);
    try {
        // Compiled bytecode at install time: otherwise every trainer process compiles torch anew
        // wherever PYTHONDONTWRITEBYTECODE is set, which costs tens of seconds per process.
        await environment_execFileAsync(command, args, {
            cwd,
            maxBuffer: 64 * 1024 * 1024,
            env: { ...process.env, UV_COMPILE_BYTECODE: '1' },
        });
    }
    catch (error) {
        const e = error;
        throw new Error(`${external_node_path_default().basename(command)} ${args.slice(0, 2).join(' ')} failed: ${(e.stderr || e.message).trim().split('\n').slice(-15).join('\n')}`);
    }
}
/**
 * Resolves environment.requirements into environment.lock with uv: every package pinned, with
 * hashes, for the workspace's Python. The header records the command, so the lock explains itself.
 * A `cpu` workspace on PyPI takes the PyTorch packages from PyTorch's CPU index (uv's
 * `--torch-backend cpu`) when that answers, and PyPI's CUDA build with one warning when not.
 */
async function lockEnvironment(workspace, logger) {
    const { environment } = workspace.config;
    const uv = await findUv(logger);
    const lock = path.join(workspace.root, environment.lock);
    await mkdir(path.dirname(lock), { recursive: true });
    const plan = torchBackendPlan(environment);
    let backend;
    let unreachable;
    if (plan.probe) {
        const probe = await probeCpuTorchBackend(uv, environment.python);
        if (probe.ok)
            backend = 'cpu';
        else
            unreachable = probe.reason;
        logger.debug(probe.ok
            ? "PyTorch's CPU index answers: locking with uv --torch-backend cpu"
            : `PyTorch's CPU index does not answer: ${probe.reason}`);
    }
    await run(uv, [
        'pip',
        'compile',
        '--quiet',
        '--generate-hashes',
        '--python-version',
        environment.python,
        ...indexArguments(environment),
        ...(backend ? ['--torch-backend', backend] : []),
        '--custom-compile-command',
        'mlenv env lock',
        '--output-file',
        environment.lock,
        environment.requirements,
    ], logger, workspace.root);
    const text = await readFile(lock, 'utf8');
    await writeFile(lock, stampLock(text, await lockInputsHash(workspace), backend));
    const cost = backend ? undefined : cudaCost(parseLockPins(text));
    if (cost && unreachable !== undefined)
        logger.warning(unreachableWarning(unreachable, cost));
    if (cost && !plan.probe && plan.mirror)
        logger.warning(mirrorWarning(plan.mirror, cost));
    return lock;
}
/** The package indexes of the environment: the main one (PyPI when unset), then the extras. */
function environmentIndexes(environment) {
    return {
        indexUrl: environment.indexUrl,
        extraIndexUrls: [
            ...(environment.extraIndexUrls ?? []),
            ...(environment.pytorchIndex ? [environment.pytorchIndex] : []),
        ],
    };
}
/** uv's index options for the environment: the same for resolving the lock and installing it. */
function indexArguments(environment) {
    const { indexUrl, extraIndexUrls } = environmentIndexes(environment);
    return [
        ...(indexUrl ? ['--index-url', indexUrl] : []),
        ...extraIndexUrls.flatMap((url) => ['--extra-index-url', url]),
    ];
}
const STAMP = '#    mlenv-inputs: sha256=';
/**
 * What the lock was resolved from: the requirements, Python, CUDA variant and index. A lock whose
 * stamp differs from the workspace's is stale: someone edited the requirements without locking.
 */
async function lockInputsHash(workspace) {
    const { environment } = workspace.config;
    const requirements = await readFile(path.join(workspace.root, environment.requirements), 'utf8').catch(() => {
        throw new ConfigurationError(`${environment.requirements}: expected the environment requirements, found no file.`);
    });
    return createHash('sha256')
        .update([
        environment.python,
        environment.cuda,
        environment.pytorchIndex ?? '',
        requirements,
        // Only when set, so that locks made before these settings existed stay current.
        ...(environment.indexUrl ? [`index=${environment.indexUrl}`] : []),
        ...(environment.extraIndexUrls ?? []).map((url) => `extra=${url}`),
    ].join('\0'))
        .digest('hex')
        .slice(0, 16);
}
/**
 * The lock with mlenv's header lines: the inputs stamp, and the torch backend when one resolved
 * it. The backend is a record of how, not an input: a lock made with PyTorch's CPU index stays
 * current when that index is unreachable later, and installs keep using the backend it names.
 */
function stampLock(text, stamp, torchBackend) {
    const lines = text
        .split('\n')
        .filter((line) => !line.startsWith(STAMP) && !isTorchBackendLine(line));
    // After uv's own header comment, so the file still reads as uv wrote it.
    const at = lines.findIndex((line) => !line.startsWith('#'));
    lines.splice(at === -1 ? lines.length : at, 0, `${STAMP}${stamp}`, ...(torchBackend ? [torchBackendLine(torchBackend)] : []));
    return lines.join('\n');
}
/** `mlenv env check`: the lock exists, was made from the current requirements, and covers them. */
async function checkLock(workspace) {
    const { environment } = workspace.config;
    const problems = [];
    const text = await readFile(path.join(workspace.root, environment.lock), 'utf8').catch(() => undefined);
    if (text === undefined) {
        return {
            ok: false,
            problems: [`${environment.lock}: expected the environment lock, found no file`],
            pins: new Map(),
        };
    }
    const pins = parseLockPins(text);
    const expected = await lockInputsHash(workspace);
    const stamp = text
        .split('\n')
        .find((line) => line.startsWith(STAMP))
        ?.slice(STAMP.length)
        .trim();
    if (stamp !== expected) {
        problems.push(stamp
            ? `${environment.lock}: stale: made from other inputs (sha256=${stamp}) than ${environment.requirements}, python ${environment.python}, cuda ${environment.cuda} (sha256=${expected})`
            : `${environment.lock}: expected a "${STAMP.trim()}" line written by mlenv env lock, found none`);
    }
    const requirements = await readFile(path.join(workspace.root, environment.requirements), 'utf8');
    for (const [index, line] of requirements.split('\n').entries()) {
        const name = requirementName(line);
        if (name && !pins.has(name))
            problems.push(`${environment.requirements}:${index + 1}: expected ${name} in ${environment.lock}, found it missing`);
    }
    return { ok: problems.length === 0, problems, pins };
}
/** `name==version` lines of a uv/pip-compile lock, by normalized name. */
function parseLockPins(text) {
    const pins = new Map();
    for (const match of text.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)/gm))
        pins.set(normalizeName(match[1]), match[2]);
    return pins;
}
/** The package a PEP 508 requirement line names, normalized; undefined for comments and options. */
function requirementName(line) {
    const text = line.replace(/#.*/, '').trim();
    if (!text || text.startsWith('-'))
        return undefined;
    const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text)?.[1];
    return name ? normalizeName(name) : undefined;
}
/** PEP 503: case, "-", "_" and "." do not distinguish package names. */
function normalizeName(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}

// EXTERNAL MODULE: ./shared/k8s/kubeconfig.ts
var kubeconfig = __webpack_require__(2666);
;// CONCATENATED MODULE: ./shared/train/backends/index.ts



// The one file that knows the backend folders. Each is loaded only when chosen (or when a handle
// names it), so a local run never loads the Kubernetes client and a post step loads one backend.
const BACKENDS = ['local', 'kubernetes'];
/** The typed options of the named backend, from the workspace: the one place they are built. */
function backendOptions(request) {
    const { workspace, context, logger } = request;
    switch (request.name) {
        case 'local':
            return { backend: 'local', env: request.env, workflowRunUrl: context.workflowRunUrl };
        case 'kubernetes': {
            const settings = workspace.config.kubernetes;
            if (!settings) {
                throw new errors/* ConfigurationError */.j1(`${workspace.file}: expected a kubernetes section (namespace, serviceAccount) for --backend kubernetes, found none.`);
            }
            if (settings.multiNode) {
                logger.warning(`${workspace.file}: kubernetes.multiNode is deprecated: write "workload: ${settings.workload}" in its place.`);
            }
            if (!settings.checkpoints) {
                logger.debug('No kubernetes.checkpoints.claimName: checkpoints live in the pod and do not survive a preemption.');
            }
            // A run without a kubeconfig fails here in one line, before an MLflow run is created for it.
            if (!request.offline)
                (0,kubeconfig/* kubeconfigSource */.X)(request.kubeconfig, request.env);
            return {
                backend: 'kubernetes',
                kubeconfig: request.kubeconfig,
                context: settings.context,
                namespace: settings.namespace,
                env: request.env,
                logger,
                cluster: {
                    namespace: settings.namespace,
                    serviceAccount: settings.serviceAccount,
                    gpuResource: settings.gpuResource,
                    image: request.image,
                    code: request.code,
                    gitCredentialsSecret: settings.gitCredentials?.secretName,
                    nodeSelector: settings.nodeSelector,
                    tolerations: settings.tolerations,
                    projectDir: request.projectDir,
                    workflowRunUrl: context.workflowRunUrl,
                    podAnnotations: settings.podAnnotations,
                    podLabels: settings.podLabels,
                    checkpointClaim: settings.checkpoints?.claimName,
                },
                workload: settings.workload,
                pendingTimeoutMs: request.pendingTimeoutMs,
            };
        }
        default:
            throw new errors/* OptionError */.eR('backend', `expected one of ${BACKENDS.join(', ')}, found "${request.name}"`);
    }
}
/** Builds a backend for new runs; it loads its clients only when first used (never by `plan`). */
async function createBackend(options) {
    switch (options.backend) {
        case 'local': {
            const { createLocalBackend } = await __webpack_require__.e(/* import() */ 917).then(__webpack_require__.bind(__webpack_require__, 6917));
            return createLocalBackend(options);
        }
        case 'kubernetes': {
            const { createKubernetesBackend } = await __webpack_require__.e(/* import() */ 895).then(__webpack_require__.bind(__webpack_require__, 6895));
            return createKubernetesBackend(options);
        }
    }
}
/**
 * The operations on a handle, from the handle alone: a cluster handle talks to the cluster
 * through its own kubeconfig and context, never the workspace's or the kubeconfig's default.
 */
async function backendForHandle(handle, context) {
    switch (handle.backend) {
        case 'local': {
            const { createLocalBackend } = await __webpack_require__.e(/* import() */ 917).then(__webpack_require__.bind(__webpack_require__, 6917));
            return createLocalBackend({ env: context.env });
        }
        case 'kubernetes': {
            const { kubernetesOperations } = await __webpack_require__.e(/* import() */ 895).then(__webpack_require__.bind(__webpack_require__, 6895));
            return kubernetesOperations({
                kubeconfig: handle.kubeconfig ? external_node_path_default().resolve(handle.kubeconfig) : undefined,
                context: handle.context,
                namespace: handle.namespace,
                env: context.env,
                logger: context.logger,
            });
        }
        default:
            throw new errors/* ConfigurationError */.j1(`expected a handle of one of the backends ${BACKENDS.join(', ')}, found backend "${handle.backend}"`);
    }
}
/** Stops a job by its handle, from any process: the action's post step, `mlenv reap`. */
async function cancelHandle(handle, logger, options = {}) {
    await (await backendForHandle(handle, { logger, env: options.env })).cancel(handle, logger);
}
/** Removes whatever of a job still exists, by its handle, from any process. */
async function cleanupHandle(handle, logger, options = {}) {
    await (await backendForHandle(handle, { logger, env: options.env })).cleanup(handle, logger);
}

;// CONCATENATED MODULE: ./shared/git/git.ts



const git_execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** Runs git with an argv list (never a shell string) and returns stdout. */
async function git(cwd, args) {
    try {
        const { stdout } = await git_execFileAsync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 });
        return stdout;
    }
    catch (error) {
        const e = error;
        throw new GitError(`git ${args.join(' ')} failed in ${cwd}: ${(e.stderr || e.message).trim()}`);
    }
}
class GitError extends errors/* ExternalError */.yA {
    name = 'GitError';
}
async function gitSucceeds(cwd, args) {
    return git(cwd, args).then(() => true, () => false);
}
/**
 * Whether `older` is an ancestor of `newer` in this repository's history; undefined when either
 * commit is not in it (a shallow clone) or this is no git checkout.
 */
async function isAncestor(cwd, older, newer) {
    for (const ref of [older, newer]) {
        if (!/^[0-9a-f]{7,64}$/i.test(ref))
            return undefined;
        if (!(await gitSucceeds(cwd, ['cat-file', '-e', `${ref}^{commit}`])))
            return undefined;
    }
    return gitSucceeds(cwd, ['merge-base', '--is-ancestor', older, newer]);
}
/**
 * Files changed between the merge base of `base` and `head`, and `head` (`git diff base...head`).
 * In shallow CI clones the merge base may be missing: history is fetched deeper until it is found.
 */
async function changedFiles(cwd, base, head, logger) {
    assertRevision(base);
    assertRevision(head);
    const args = ['diff', '--name-status', '-z', '--find-renames', '--no-color', `${base}...${head}`];
    // The diff runs beside the merge-base check (one process's latency instead of two); its output
    // is used only when the merge base was there. Otherwise, once it has ended, history is fetched
    // deeper and the diff runs again.
    const diff = git(cwd, args);
    diff.catch(() => undefined);
    if (await hasMergeBase(cwd, base, head))
        return parseNameStatus(await diff);
    await diff.catch(() => undefined);
    await fetchMergeBase(cwd, base, head, logger);
    return parseNameStatus(await git(cwd, args));
}
/**
 * Refs come from inputs and event payloads: one starting with `-` would be read by git as an
 * option (`--output=FILE` makes `git diff` write a file), so it is refused before any git runs.
 */
function assertRevision(ref) {
    if (ref.startsWith('-'))
        throw new ConfigurationError(`expected a commit or ref to diff, found ${JSON.stringify(ref.slice(0, 200))} (a ref cannot start with "-")`);
}
function hasMergeBase(cwd, base, head) {
    return gitSucceeds(cwd, ['merge-base', base, head]);
}
/** Parses `git diff --name-status -z` output; NUL separation keeps odd file names intact. */
function parseNameStatus(out) {
    const fields = out.split('\0');
    const files = [];
    for (let i = 0; i < fields.length;) {
        const code = fields[i++];
        if (!code)
            continue;
        const status = code.charAt(0);
        if (status === 'R' || status === 'C') {
            const oldPath = fields[i++] ?? '';
            const path = fields[i++] ?? '';
            files.push({ status, path, oldPath });
        }
        else {
            files.push({ status, path: fields[i++] ?? '' });
        }
    }
    return files;
}
const DEEPEN_STEPS = (/* unused pure expression or super */ null && ([50, 200, 1000]));
/** Called when the merge base is missing: fails unless the clone is shallow, then fetches deeper. */
async function fetchMergeBase(cwd, base, head, logger) {
    const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
    if (!shallow) {
        throw new GitError(`No common history between ${base} and ${head}: is the base a commit of this repository?`);
    }
    // Local names such as origin/main mean nothing to the remote; commit ids do.
    const commits = await Promise.all([base, head].map(async (ref) => (await git(cwd, ['rev-parse', '--verify', `${ref}^{commit}`])).trim()));
    for (const depth of DEEPEN_STEPS) {
        logger?.debug(`Shallow clone: fetching ${depth} more commits to find the merge base of ${base} and ${head}`);
        await git(cwd, ['fetch', '--no-tags', `--deepen=${depth}`, 'origin', ...commits]);
        if (await hasMergeBase(cwd, base, head))
            return;
    }
    logger?.debug('Fetching the whole history to find the merge base');
    await git(cwd, ['fetch', '--no-tags', '--unshallow', 'origin']);
    if (!(await hasMergeBase(cwd, base, head))) {
        throw new GitError(`No common history between ${base} and ${head}, even with the whole history fetched`);
    }
}

// EXTERNAL MODULE: ./shared/util/quantity.ts
var quantity = __webpack_require__(8854);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
;// CONCATENATED MODULE: ./shared/train/code/pack.ts








/**
 * Files extract with this time: fixed, so the archive is deterministic, and not the epoch, which
 * ZIP-based tools (wheels, `shutil.make_archive`) in a trainer cannot represent.
 */
const MTIME = new Date('1980-01-01T00:00:00Z');
/** MLEnv's own state (local runs' outputs and checkpoints, the embedded MLflow): never code. */
const OWN_STATE = '.mlenv/';
const BIGGEST_SHOWN = 5;
/**
 * Packs the files of the working tree under `root` that git would see: tracked ones as they are on
 * disk now (uncommitted changes included), and untracked ones that .gitignore, .git/info/exclude
 * and core.excludesFile do not ignore. Paths in the archive are relative to `root`.
 */
async function packWorkingTree(root, options) {
    const listed = await git(root, [
        'ls-files',
        '--cached',
        '--others',
        '--exclude-standard',
        '-z',
    ]).catch((error) => {
        throw new errors/* ConfigurationError */.j1(`Cannot package the working tree ${root}: expected a git repository, found none (${error.message}).`);
    });
    // A conflicted file is listed once per stage; sorted by bytes, so the order is the same anywhere.
    const paths = [...new Set(listed.split('\0').filter(Boolean))]
        .filter((p) => !p.startsWith(OWN_STATE))
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const entries = [];
    const skipped = [];
    for (const name of paths) {
        const full = external_node_path_default().join(root, name);
        const stat = await (0,promises_.lstat)(full).catch(() => undefined);
        // Deleted in the working tree but still in the index: the tree as it is has no such file.
        if (!stat)
            continue;
        if (stat.isSymbolicLink()) {
            entries.push({ name, size: 0, mode: 0o777, link: await (0,promises_.readlink)(full) });
        }
        else if (stat.isFile()) {
            entries.push({ name, size: stat.size, mode: stat.mode & 0o111 ? 0o755 : 0o644 });
        }
        else if (stat.isDirectory()) {
            skipped.push({
                path: name.replace(/\/$/, ''),
                reason: 'a submodule or nested git repository: its files are not packed',
            });
        }
    }
    const bytes = entries.reduce((sum, e) => sum + e.size, 0);
    if (bytes > options.maxBytes)
        throw tooBig(root, entries, bytes, options);
    const tar = (0,tar_stream.pack)();
    const chunks = [];
    tar.on('data', (chunk) => {
        chunks.push(chunk);
    });
    const ended = new Promise((resolve, reject) => {
        tar.on('end', resolve);
        tar.on('error', reject);
    });
    for (const entry of entries) {
        const header = { name: entry.name, mode: entry.mode, mtime: MTIME, uid: 0, gid: 0 };
        const content = entry.link === undefined ? await (0,promises_.readFile)(external_node_path_default().join(root, entry.name)) : null;
        await new Promise((resolve, reject) => {
            const done = (error) => (error ? reject(error) : resolve());
            if (content === null)
                tar.entry({ ...header, type: 'symlink', linkname: entry.link, uname: '', gname: '' }, done);
            else
                tar.entry({ ...header, type: 'file', size: content.length, uname: '', gname: '' }, content, done);
        });
    }
    tar.finalize();
    await ended;
    const data = (0,external_node_zlib_.gzipSync)(Buffer.concat(chunks), { level: 9 });
    // The gzip header's OS byte is whatever zlib was built for; fixed, the bytes match everywhere.
    data[9] = 3;
    return {
        data,
        sha256: (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex'),
        files: entries.length,
        bytes,
        skipped,
    };
}
function tooBig(root, entries, bytes, options) {
    const biggest = [...entries]
        .sort((a, b) => b.size - a.size || a.name.localeCompare(b.name))
        .slice(0, BIGGEST_SHOWN)
        .map((e) => `${e.name} (${(0,quantity/* formatBytes */.z)(e.size)})`)
        .join(', ');
    const setting = options.limitSetting ? ` (${options.limitSetting})` : '';
    return new errors/* ConfigurationError */.j1(`The working tree of ${root} is too big to ship to the cluster: expected at most ${(0,quantity/* formatBytes */.z)(options.maxBytes)}${setting}, found ${(0,quantity/* formatBytes */.z)(bytes)} in ${entries.length} files. The biggest: ${biggest}. Ignore data and outputs in .gitignore, or commit and push so the pods fetch the code by git, or raise the limit.`);
}

;// CONCATENATED MODULE: ./shared/train/code/source.ts




/** Where the run's archive of the working tree is kept, under the MLflow run's artifacts. */
const CODE_ARTIFACT = 'code/workspace.tar.gz';
/** The one line the CLI, the action and `--dry-run` print: which code the pods run, and why. */
function describeCode(code) {
    switch (code.kind) {
        case 'git':
            return `code: git ${code.url}@${code.commit}, because ${code.reason}`;
        case 'working-tree': {
            const { files, bytes } = code.archive;
            return `code: working tree (${files} files, ${(0,quantity/* formatBytes */.z)(bytes)}) as MLflow artifact ${code.artifact}, because ${code.reason}`;
        }
        case 'image':
            return `code: the image's own /workspace (nothing fetched), because ${code.reason}`;
    }
}
/**
 * Chooses how the pods get the code. `auto`: by git when the pods can fetch exactly what the
 * launcher sees (a clean tree whose commit is on the remote; in GitHub Actions, the event's commit
 * of the workflow's repository), else the working tree, packed and kept with the MLflow run.
 */
async function resolveCodeSource(options) {
    const { root, context, settings, env } = options;
    const ci = env.GITHUB_ACTIONS === 'true';
    const state = await inspectTree(root, context.commit);
    const remote = ci ? ciRemote(env) : state.repository ? await originRemote(root) : undefined;
    const workingTree = async (reason) => ({
        code: {
            kind: 'working-tree',
            archive: await packWorkingTree(root, {
                maxBytes: (0,quantity/* parseQuantity */.L)(settings.maxSize),
                limitSetting: `kubernetes.code.maxSize: ${settings.maxSize}`,
            }),
            artifact: CODE_ARTIFACT,
            reason,
        },
        warnings: [],
    });
    if (settings.source === 'working-tree')
        return workingTree('kubernetes.code.source is working-tree');
    const commit = context.commit;
    const gitProblem = !remote?.url
        ? (remote?.problem ?? 'the repository has no origin remote')
        : !commit
            ? 'there is no commit'
            : !state.repository && !ci
                ? `${root} is not a git repository`
                : ci
                    ? undefined
                    : !state.pushedOn
                        ? `commit ${commit.slice(0, 12)} is on no branch of origin (not pushed)`
                        : undefined;
    const dirty = state.dirty.length > 0 ? dirtyReason(state.dirty) : undefined;
    if (settings.source === 'git') {
        if (gitProblem || !remote?.url || !commit)
            throw new errors/* ConfigurationError */.j1(`kubernetes.code.source is git: expected a commit the cluster can fetch, found that ${gitProblem}. Push the commit, or set kubernetes.code.source to auto or working-tree.`);
        return {
            code: gitSource(remote.url, commit, state.prefix, 'kubernetes.code.source is git'),
            warnings: dirty
                ? [
                    `kubernetes.code.source is git: ${dirty}, and the pods run commit ${commit.slice(0, 12)} without them.`,
                ]
                : [],
        };
    }
    if (!state.repository && !ci)
        return { code: { kind: 'image', reason: `${root} is not a git repository` }, warnings: [] };
    if (dirty)
        return workingTree(dirty);
    if (gitProblem || !remote?.url || !commit)
        return workingTree(gitProblem ?? 'there is no commit');
    const why = ci
        ? `this GitHub Actions run is of commit ${commit.slice(0, 12)} of ${remote.url}`
        : `the tree is clean and commit ${commit.slice(0, 12)} is on ${state.pushedOn}`;
    return {
        code: gitSource(remote.url, commit, state.prefix, remote.note ? `${why} (${remote.note})` : why),
        warnings: [],
    };
}
function gitSource(url, commit, prefix, reason) {
    return { kind: 'git', url, commit, prefix, reason };
}
function dirtyReason(dirty) {
    const shown = dirty.slice(0, 3).join(', ');
    const more = dirty.length > 3 ? ` and ${dirty.length - 3} more` : '';
    return `${dirty.length} ${dirty.length === 1 ? 'file has' : 'files have'} uncommitted changes (${shown}${more})`;
}
async function inspectTree(root, commit) {
    const prefix = await git(root, ['rev-parse', '--show-prefix']).then((out) => out.trim(), () => undefined);
    if (prefix === undefined)
        return { repository: false, prefix: '', dirty: [] };
    const [status, containing] = await Promise.all([
        git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.']).catch(() => ''),
        commit && /^[0-9a-f]{7,64}$/i.test(commit)
            ? git(root, [
                'for-each-ref',
                '--contains',
                commit,
                '--format=%(refname:short)',
                'refs/remotes/origin',
            ]).catch(() => '')
            : Promise.resolve(''),
    ]);
    return {
        repository: true,
        prefix,
        // git status names paths from the repository root; MLEnv's state is the workspace's.
        dirty: parseStatus(status).filter((p) => !p.startsWith(`${prefix}.mlenv/`)),
        pushedOn: containing
            .split('\n')
            .find((ref) => ref && ref !== 'origin/HEAD' && ref !== 'origin'),
    };
}
/** Paths of `git status --porcelain -z`, relative to the repository root; renames name the new path. */
function parseStatus(text) {
    const fields = text.split('\0');
    const paths = [];
    for (let i = 0; i < fields.length; i++) {
        const field = fields[i];
        if (field.length < 4)
            continue;
        paths.push(field.slice(3));
        // A rename or copy is followed by the path it came from.
        if (field[0] === 'R' || field[0] === 'C')
            i++;
    }
    return paths;
}
function ciRemote(env) {
    if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY)
        return { url: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}.git` };
    return { problem: 'GITHUB_SERVER_URL or GITHUB_REPOSITORY is not set' };
}
async function originRemote(root) {
    const url = await git(root, ['remote', 'get-url', 'origin']).then((out) => out.trim(), () => '');
    if (!url)
        return { problem: 'the repository has no origin remote' };
    return podRemote(url);
}
/**
 * The origin as the pods can fetch it: without credentials in it (they travel in a Secret), and
 * over HTTPS for an ssh remote (a pod has no ssh key). A local path is out of their reach.
 */
function podRemote(url) {
    const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(url);
    if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
        return {
            url: `https://${scp[1]}/${scp[2]}`,
            note: 'origin is an ssh remote: the pods fetch over HTTPS',
        };
    }
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return { problem: `origin is ${url}, a local path the cluster cannot reach` };
    }
    if (parsed.protocol === 'file:')
        return { problem: `origin is ${url}, a local path the cluster cannot reach` };
    if (parsed.protocol === 'ssh:' || parsed.protocol === 'git+ssh:') {
        return {
            url: `https://${parsed.hostname}${parsed.pathname}`,
            note: 'origin is an ssh remote: the pods fetch over HTTPS',
        };
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:' && parsed.protocol !== 'git:')
        return { problem: `origin is ${url}, which the pods' git cannot fetch` };
    parsed.username = '';
    parsed.password = '';
    return { url: parsed.toString() };
}

;// CONCATENATED MODULE: ./shared/github/event.ts

function readEvent(env = process.env) {
    const file = env.GITHUB_EVENT_PATH;
    let payload = {};
    if (file) {
        try {
            payload = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        }
        catch {
            payload = {};
        }
    }
    return { eventName: env.GITHUB_EVENT_NAME ?? '', sha: env.GITHUB_SHA, payload };
}

;// CONCATENATED MODULE: ./shared/util/workflow-run-url.ts
/**
 * The page of the GitHub Actions run this process is part of, from the variables the runner
 * sets; undefined outside a workflow run.
 */
function workflowRunUrl(env = process.env) {
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
    return GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
        ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
        : undefined;
}

;// CONCATENATED MODULE: ./shared/train/context.ts




/** Where this run comes from: the GitHub Actions environment when present, else the local git checkout. */
async function detectRunContext(cwd, env = process.env) {
    if (env.GITHUB_ACTIONS === 'true') {
        const pr = readEvent(env).payload.pull_request;
        return {
            commit: pr?.head.sha ?? env.GITHUB_SHA,
            branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME,
            prNumber: pr?.number ? String(pr.number) : undefined,
            workflowRunUrl: workflowRunUrl(env),
            actor: env.GITHUB_ACTOR,
        };
    }
    const read = (args) => git(cwd, args).then((s) => s.trim() || undefined, () => undefined);
    const [commit, branch] = await Promise.all([
        read(['rev-parse', 'HEAD']),
        read(['rev-parse', '--abbrev-ref', 'HEAD']),
    ]);
    return { commit, branch: branch === 'HEAD' ? undefined : branch, actor: env.USER ?? safeUser() };
}
function safeUser() {
    try {
        return external_node_os_default().userInfo().username;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./shared/train/job.ts
var train_job = __webpack_require__(8768);
// EXTERNAL MODULE: ./shared/util/retry.ts
var retry = __webpack_require__(4589);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/coerce.js
var coerce = __webpack_require__(9567);
;// CONCATENATED MODULE: ./shared/mlflow/schema.ts

// The parts of MLflow's REST responses that MLEnv reads; unknown fields pass through untouched.
const runTagSchema = schemas/* object */.Ikc({ key: schemas/* string */.YjP(), value: schemas/* string */.YjP().optional().default('') });
const metricSchema = schemas/* object */.Ikc({
    key: schemas/* string */.YjP(),
    value: schemas/* number */.aig(),
    timestamp: coerce/* number */.ai().optional(),
    step: coerce/* number */.ai().optional().default(0),
});
const runInfoSchema = schemas/* object */.Ikc({
    run_id: schemas/* string */.YjP(),
    experiment_id: schemas/* string */.YjP(),
    run_name: schemas/* string */.YjP().optional(),
    status: schemas/* string */.YjP().optional(),
    artifact_uri: schemas/* string */.YjP().optional(),
    lifecycle_stage: schemas/* string */.YjP().optional(),
});
const runSchema = schemas/* object */.Ikc({
    info: runInfoSchema,
    data: schemas/* object */.Ikc({
        metrics: schemas/* array */.YOg(metricSchema).optional().default([]),
        params: schemas/* array */.YOg(runTagSchema).optional().default([]),
        tags: schemas/* array */.YOg(runTagSchema).optional().default([]),
    })
        .optional()
        .default({ metrics: [], params: [], tags: [] }),
    outputs: schemas/* object */.Ikc({
        model_outputs: schemas/* array */.YOg(schemas/* object */.Ikc({ model_id: schemas/* string */.YjP(), step: coerce/* number */.ai().optional() }))
            .optional(),
    })
        .optional(),
});
const runResponseSchema = schemas/* object */.Ikc({ run: runSchema });
const experimentResponseSchema = schemas/* object */.Ikc({
    experiment: schemas/* object */.Ikc({ experiment_id: schemas/* string */.YjP(), name: schemas/* string */.YjP() }),
});
const createExperimentResponseSchema = schemas/* object */.Ikc({ experiment_id: schemas/* string */.YjP() });
const searchRunsResponseSchema = schemas/* object */.Ikc({
    runs: schemas/* array */.YOg(runSchema).optional().default([]),
    next_page_token: schemas/* string */.YjP().optional(),
});
const searchExperimentsResponseSchema = schemas/* object */.Ikc({
    experiments: schemas/* array */.YOg(schemas/* object */.Ikc({ experiment_id: schemas/* string */.YjP(), name: schemas/* string */.YjP() }))
        .optional()
        .default([]),
    next_page_token: schemas/* string */.YjP().optional(),
});
const metricHistoryResponseSchema = schemas/* object */.Ikc({
    metrics: schemas/* array */.YOg(metricSchema).optional().default([]),
    next_page_token: schemas/* string */.YjP().optional(),
});
const loggedModelSchema = schemas/* object */.Ikc({
    info: schemas/* object */.Ikc({
        model_id: schemas/* string */.YjP(),
        name: schemas/* string */.YjP().optional(),
        artifact_uri: schemas/* string */.YjP().optional(),
        source_run_id: schemas/* string */.YjP().optional(),
        creation_timestamp_ms: coerce/* number */.ai().optional(),
    }),
});
const searchLoggedModelsResponseSchema = schemas/* object */.Ikc({
    models: schemas/* array */.YOg(loggedModelSchema).optional().default([]),
});
const modelVersionSchema = schemas/* object */.Ikc({
    name: schemas/* string */.YjP(),
    version: schemas/* string */.YjP(),
    source: schemas/* string */.YjP().optional(),
    run_id: schemas/* string */.YjP().optional(),
    status: schemas/* string */.YjP().optional(),
    tags: schemas/* array */.YOg(runTagSchema).optional().default([]),
    aliases: schemas/* array */.YOg(schemas/* string */.YjP()).optional().default([]),
});
const modelVersionResponseSchema = schemas/* object */.Ikc({ model_version: modelVersionSchema });
const searchModelVersionsResponseSchema = schemas/* object */.Ikc({
    model_versions: schemas/* array */.YOg(modelVersionSchema).optional().default([]),
    next_page_token: schemas/* string */.YjP().optional(),
});
const registeredModelSchema = schemas/* object */.Ikc({
    name: schemas/* string */.YjP(),
    tags: schemas/* array */.YOg(runTagSchema).optional().default([]),
    aliases: schemas/* array */.YOg(schemas/* object */.Ikc({ alias: schemas/* string */.YjP(), version: schemas/* string */.YjP() }))
        .optional()
        .default([]),
});
const registeredModelResponseSchema = schemas/* object */.Ikc({ registered_model: registeredModelSchema });
const errorResponseSchema = schemas/* object */.Ikc({
    error_code: schemas/* string */.YjP().optional(),
    message: schemas/* string */.YjP().optional(),
});

;// CONCATENATED MODULE: ./shared/mlflow/client.ts



/** A request that MLflow answered with an error; `code` is MLflow's error_code. */
class MlflowError extends errors/* ExternalError */.yA {
    status;
    code;
    name = 'MlflowError';
    constructor(message, status, code) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
/** MLflow could not be reached at all within the retry budget. */
class MlflowUnreachableError extends errors/* ExternalError */.yA {
    name = 'MlflowUnreachableError';
}
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/**
 * A narrow client for the MLflow REST API: only what MLEnv uses. Transient failures (network,
 * 5xx, 429) are retried with backoff inside a time budget; then the error names the server.
 */
class MlflowClient {
    uri;
    #token;
    #logger;
    #budgetMs;
    #fetch;
    constructor(options) {
        this.uri = options.uri.replace(/\/+$/, '');
        if (options.token)
            (0,errors/* checkToken */.SK)(options.token, 'MLflow token');
        this.#token = options.token;
        this.#logger = options.logger;
        this.#budgetMs = options.retryBudgetMs ?? 30_000;
        this.#fetch = options.fetch ?? fetch;
    }
    runUrl(experimentId, runId) {
        return `${this.uri}/#/experiments/${experimentId}/runs/${runId}`;
    }
    async getOrCreateExperiment(name) {
        try {
            const found = await this.#call('GET', 'experiments/get-by-name', experimentResponseSchema, {
                query: { experiment_name: name },
            });
            return found.experiment.experiment_id;
        }
        catch (error) {
            if (!(error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST'))
                throw error;
        }
        try {
            return (await this.#call('POST', 'experiments/create', createExperimentResponseSchema, {
                body: { name },
            })).experiment_id;
        }
        catch (error) {
            // Two runs starting at once may both try to create it; the loser reads the winner's.
            if (error instanceof MlflowError && error.code === 'RESOURCE_ALREADY_EXISTS') {
                return (await this.#call('GET', 'experiments/get-by-name', experimentResponseSchema, {
                    query: { experiment_name: name },
                })).experiment.experiment_id;
            }
            throw error;
        }
    }
    async createRun(experimentId, runName, tags) {
        const body = {
            experiment_id: experimentId,
            run_name: runName,
            start_time: Date.now(),
            tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
        };
        return (await this.#call('POST', 'runs/create', runResponseSchema, { body })).run;
    }
    async getRun(runId) {
        return (await this.#call('GET', 'runs/get', runResponseSchema, { query: { run_id: runId } }))
            .run;
    }
    /** The experiment of that name, or undefined: unlike getOrCreateExperiment, creates nothing. */
    async findExperiment(name) {
        try {
            const found = await this.#call('GET', 'experiments/get-by-name', experimentResponseSchema, {
                query: { experiment_name: name },
            });
            return found.experiment.experiment_id;
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            throw error;
        }
    }
    /** Every active experiment, by id and name. */
    async searchExperiments() {
        const experiments = [];
        let pageToken;
        do {
            const body = { max_results: 1000, view_type: 'ACTIVE_ONLY' };
            if (pageToken)
                body.page_token = pageToken;
            const page = await this.#call('POST', 'experiments/search', searchExperimentsResponseSchema, {
                body,
            });
            experiments.push(...page.experiments);
            pageToken = page.next_page_token || undefined;
        } while (pageToken);
        return experiments;
    }
    /**
     * Active runs of the experiments that match an MLflow search filter, e.g.
     * `attributes.status = 'RUNNING'`; one request per 1000 runs.
     */
    async searchRuns(experimentIds, filter) {
        const runs = [];
        let pageToken;
        do {
            const body = {
                experiment_ids: experimentIds,
                filter,
                run_view_type: 'ACTIVE_ONLY',
                max_results: 1000,
            };
            if (pageToken)
                body.page_token = pageToken;
            const page = await this.#call('POST', 'runs/search', searchRunsResponseSchema, { body });
            runs.push(...page.runs);
            pageToken = page.next_page_token || undefined;
        } while (pageToken);
        return runs;
    }
    async setTags(runId, tags) {
        const body = {
            run_id: runId,
            tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
        };
        await this.#call('POST', 'runs/log-batch', null, { body });
    }
    /**
     * Logs params with `runs/log-batch`, in requests of at most MLflow's 100 params, values cut to
     * its 6000 characters (MLflow refuses longer ones). A param already logged with the same value
     * is accepted again; MLflow refuses to change one (INVALID_PARAMETER_VALUE).
     */
    async logParams(runId, params) {
        const entries = Object.entries(params).map(([key, value]) => ({
            key,
            value: fitParamValue(key, value, this.#logger),
        }));
        for (let start = 0; start < entries.length; start += MAX_PARAMS_PER_BATCH) {
            const body = { run_id: runId, params: entries.slice(start, start + MAX_PARAMS_PER_BATCH) };
            await this.#call('POST', 'runs/log-batch', null, { body });
        }
    }
    async setRunStatus(runId, status) {
        const body = { run_id: runId, status };
        if (status !== 'RUNNING' && status !== 'SCHEDULED')
            body.end_time = Date.now();
        await this.#call('POST', 'runs/update', null, { body });
    }
    async metricHistory(runId, key) {
        const metrics = [];
        let pageToken;
        do {
            const query = {
                run_id: runId,
                metric_key: key,
                max_results: '25000',
            };
            if (pageToken)
                query.page_token = pageToken;
            const page = await this.#call('GET', 'metrics/get-history', metricHistoryResponseSchema, {
                query,
            });
            metrics.push(...page.metrics);
            pageToken = page.next_page_token || undefined;
        } while (pageToken);
        return metrics.sort((a, b) => a.step - b.step);
    }
    /** Models logged by a run (MLflow 3 logged models), newest first. */
    async loggedModels(experimentId, runId) {
        const body = {
            experiment_ids: [experimentId],
            filter: `source_run_id = '${runId}'`,
            max_results: 50,
        };
        const { models } = await this.#call('POST', 'logged-models/search', searchLoggedModelsResponseSchema, { body });
        return models.sort((a, b) => (b.info.creation_timestamp_ms ?? 0) - (a.info.creation_timestamp_ms ?? 0));
    }
    async createRegisteredModel(name) {
        try {
            await this.#call('POST', 'registered-models/create', null, { body: { name } });
        }
        catch (error) {
            if (!(error instanceof MlflowError && error.code === 'RESOURCE_ALREADY_EXISTS'))
                throw error;
        }
    }
    async createModelVersion(options) {
        const body = {
            name: options.name,
            source: options.source,
            run_id: options.runId,
            model_id: options.modelId,
            tags: Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value })),
        };
        return (await this.#call('POST', 'model-versions/create', modelVersionResponseSchema, { body }))
            .model_version;
    }
    async uploadArtifact(artifactUri, relativePath, content) {
        // Only the proxied artifact store (`mlflow server --serve-artifacts`) is reachable over HTTP.
        const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(artifactUri);
        if (!match)
            throw new MlflowError(`Cannot upload to artifact store ${artifactUri}: only mlflow-artifacts:/ is supported`, 0);
        const target = `${this.uri}/api/2.0/mlflow-artifacts/artifacts/${match[1]}/${relativePath}`;
        await this.#send('PUT', target, typeof content === 'string' ? new TextEncoder().encode(content) : content, 'application/octet-stream');
    }
    /** The registered model with its tags and aliases; undefined when no such model exists. */
    async getRegisteredModel(name) {
        try {
            return (await this.#call('GET', 'registered-models/get', registeredModelResponseSchema, {
                query: { name },
            })).registered_model;
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            throw error;
        }
    }
    async getModelVersion(name, version) {
        return (await this.#call('GET', 'model-versions/get', modelVersionResponseSchema, {
            query: { name, version },
        })).model_version;
    }
    /** The version an alias points at; undefined when the alias (or the model) does not exist. */
    async getModelVersionByAlias(name, alias) {
        try {
            return (await this.#call('GET', 'registered-models/alias', modelVersionResponseSchema, {
                query: { name, alias },
            })).model_version;
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            // MLflow answers a missing alias of an existing model with INVALID_PARAMETER_VALUE.
            if (error instanceof MlflowError &&
                error.code === 'INVALID_PARAMETER_VALUE' &&
                /alias \S+ not found/i.test(error.message))
                return undefined;
            throw error;
        }
    }
    async setRegisteredModelAlias(name, alias, version) {
        await this.#call('POST', 'registered-models/alias', null, { body: { name, alias, version } });
    }
    /** Removes an alias; one that is already gone is fine (a retried request may find it so). */
    async deleteRegisteredModelAlias(name, alias) {
        try {
            await this.#call('DELETE', 'registered-models/alias', null, { body: { name, alias } });
        }
        catch (error) {
            if (!isNotFound(error))
                throw error;
        }
    }
    /** Model versions matching an MLflow search filter, e.g. `name = 'fraud' and run_id = '...'`. */
    async searchModelVersions(filter) {
        const versions = [];
        let pageToken;
        do {
            const query = { filter, max_results: '1000' };
            if (pageToken)
                query.page_token = pageToken;
            const page = await this.#call('GET', 'model-versions/search', searchModelVersionsResponseSchema, { query });
            versions.push(...page.model_versions);
            pageToken = page.next_page_token || undefined;
        } while (pageToken);
        return versions;
    }
    async setRegisteredModelTag(name, key, value) {
        await this.#call('POST', 'registered-models/set-tag', null, { body: { name, key, value } });
    }
    async deleteRegisteredModelTag(name, key) {
        try {
            await this.#call('DELETE', 'registered-models/delete-tag', null, { body: { name, key } });
        }
        catch (error) {
            if (!isNotFound(error))
                throw error;
        }
    }
    /**
     * A file of a model version's artifacts (such as `MLmodel`), read through the tracking server,
     * so it works for every artifact store the server can read.
     */
    async modelVersionArtifact(name, version, artifactPath) {
        const url = new URL(`${this.uri}/model-versions/get-artifact`);
        url.searchParams.set('name', name);
        url.searchParams.set('version', version);
        url.searchParams.set('path', artifactPath);
        return this.#send('GET', url.toString(), undefined, 'application/json');
    }
    async #call(method, endpoint, schema, options = {}) {
        const url = new URL(`${this.uri}/api/2.0/mlflow/${endpoint}`);
        for (const [k, v] of Object.entries(options.query ?? {}))
            url.searchParams.set(k, v);
        const text = await this.#send(method, url.toString(), options.body === undefined ? undefined : JSON.stringify(options.body), 'application/json');
        if (schema === null)
            return undefined;
        const parsed = schema.safeParse(text ? JSON.parse(text) : {});
        if (!parsed.success) {
            throw new MlflowError(`MLflow at ${this.uri} answered ${endpoint} with an unexpected body: ${text.slice(0, 300)}`, 200);
        }
        return parsed.data;
    }
    async #send(method, url, body, contentType) {
        const attempt = async ({ remainingMs }) => {
            let response;
            let text;
            try {
                response = await this.#fetch(url, {
                    method,
                    headers: {
                        'content-type': contentType,
                        ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}),
                    },
                    body,
                    signal: AbortSignal.timeout(Math.max(1_000, Math.min(30_000, remainingMs))),
                });
                text = await response.text();
            }
            catch (error) {
                throw new NoAnswer(error);
            }
            if (response.ok)
                return text;
            if (RETRYABLE_STATUS.has(response.status))
                throw new BusyAnswer(response.status, text, retryAfter(response));
            throw this.#answerError(method, url, response.status, text);
        };
        return (0,retry/* retry */.L)(attempt, {
            budgetMs: this.#budgetMs,
            retryable: (error) => error instanceof NoAnswer ||
                (error instanceof BusyAnswer &&
                    (error.retryAfterMs === undefined || { afterMs: error.retryAfterMs })),
            onRetry: ({ error, attempt: failed }) => this.#logger?.debug(error instanceof BusyAnswer
                ? `MLflow at ${this.uri} answered ${error.status}; retry ${failed}`
                : `MLflow at ${this.uri} unreachable (${error.message}); retry ${failed}`),
            giveUp: ({ error, attempt: attempts }) => {
                if (error instanceof BusyAnswer)
                    return this.#answerError(method, url, error.status, error.text);
                if (error instanceof NoAnswer)
                    return new MlflowUnreachableError(`MLflow tracking server ${this.uri} is unreachable after ${attempts} attempt(s) in ${Math.round(this.#budgetMs / 1000)}s: ${error.message}`);
                return error;
            },
        });
    }
    #answerError(method, url, status, text) {
        const parsed = errorResponseSchema.safeParse(safeJson(text));
        const detail = parsed.success ? (parsed.data.message ?? text) : text;
        return new MlflowError(`MLflow at ${this.uri} answered ${method} ${new URL(url).pathname} with ${status}: ${detail.slice(0, 500)}`, status, parsed.success ? parsed.data.error_code : undefined);
    }
}
/** No answer at all (refused, reset, timed out); the message is the cause's. */
class NoAnswer extends Error {
    constructor(error) {
        // fetch wraps the socket's error as its cause: "fetch failed" alone says nothing. Read by
        // shape, not instanceof: undici's errors may come from another realm (a test's VM).
        const failure = error;
        const message = failure?.cause?.message ?? failure?.message;
        super(typeof message === 'string' ? message : String(error));
    }
}
/** An answer that may be different on the next try: 429 or a 5xx. */
class BusyAnswer extends Error {
    status;
    text;
    retryAfterMs;
    constructor(status, text, retryAfterMs) {
        super(`answered ${status}`);
        this.status = status;
        this.text = text;
        this.retryAfterMs = retryAfterMs;
    }
}
/** MLflow's limits on `runs/log-batch` (mlflow/utils/validation.py). */
const MAX_PARAMS_PER_BATCH = 100;
const MAX_PARAM_VALUE_LENGTH = 6000;
/**
 * A value MLflow accepts: its first 6000 characters (code points, as Python counts them), as
 * MLflow's own client cuts it (MLFLOW_TRUNCATE_LONG_VALUES).
 */
function fitParamValue(key, value, logger) {
    if (value.length <= MAX_PARAM_VALUE_LENGTH)
        return value;
    const chars = Array.from(value);
    if (chars.length <= MAX_PARAM_VALUE_LENGTH)
        return value;
    logger?.warning(`MLflow param ${key} has ${chars.length} characters; logged cut to MLflow's limit of ${MAX_PARAM_VALUE_LENGTH}`);
    return chars.slice(0, MAX_PARAM_VALUE_LENGTH).join('');
}
function isNotFound(error) {
    return error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST';
}
function retryAfter(response) {
    const value = response.headers.get('retry-after');
    const seconds = value ? Number(value) : Number.NaN;
    return Number.isFinite(seconds) ? Math.min(30_000, seconds * 1000) : undefined;
}
function safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return {};
    }
}
/** The last value of every metric of a run. */
function latestMetrics(run) {
    const latest = {};
    for (const m of run.data.metrics) {
        const previous = latest[m.key];
        const timestamp = m.timestamp ?? 0;
        if (!previous ||
            m.step > previous.step ||
            (m.step === previous.step && timestamp >= previous.timestamp)) {
            latest[m.key] = { value: m.value, step: m.step, timestamp };
        }
    }
    return Object.fromEntries(Object.entries(latest).map(([k, v]) => [k, v.value]));
}

;// CONCATENATED MODULE: ./shared/train/handle.ts

/** The MLflow run tag that holds the run's handle (JSON), set by the launcher at submission. */
const HANDLE_TAG = 'mlenv.handle';
// A handle comes back from outside (an MLflow tag, the action's state): checked before use.
const identitySchema = schemas/* object */.Ikc({
    host: schemas/* string */.YjP(),
    pid: schemas/* number */.aig().int().positive(),
    startTime: schemas/* string */.YjP().nullable(),
});
const handleBaseSchema = schemas/* object */.Ikc({
    runId: schemas/* string */.YjP(),
    submittedAt: schemas/* string */.YjP(),
    launcher: identitySchema,
    workflowRunUrl: schemas/* string */.YjP().optional(),
});
const handleSchema = schemas/* discriminatedUnion */.gMt('backend', [
    handleBaseSchema.extend({
        backend: schemas/* literal */.euz('local'),
        trainer: schemas/* object */.Ikc({ pid: schemas/* number */.aig().int().positive(), startTime: schemas/* string */.YjP().nullable() }),
    }),
    handleBaseSchema.extend({
        backend: schemas/* literal */.euz('kubernetes'),
        kubeconfig: schemas/* string */.YjP().optional(),
        context: schemas/* string */.YjP().optional(),
        namespace: schemas/* string */.YjP(),
        objects: schemas/* array */.YOg(schemas/* object */.Ikc({
            apiVersion: schemas/* string */.YjP(),
            kind: schemas/* string */.YjP(),
            namespace: schemas/* string */.YjP(),
            name: schemas/* string */.YjP(),
        })),
    }),
]);
/** A handle from its tag value; throws a message that says what is wrong with it. */
function parseHandle(text) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        throw new Error(`not JSON: ${text.slice(0, 80)}`);
    }
    const parsed = handleSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`not a handle: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid'}`);
    }
    return parsed.data;
}

// EXTERNAL MODULE: ./shared/train/backends/kubernetes/render.ts + 2 modules
var render = __webpack_require__(4738);
// EXTERNAL MODULE: ./shared/train/backends/local/launcher-argv.ts
var launcher_argv = __webpack_require__(2024);
;// CONCATENATED MODULE: ./shared/train/run-params.ts



/**
 * Names of the params the launcher adds beside `train.params`. The `mlenv.` prefix keeps them
 * apart from any trainer option (a `train.params` key is an option name, so never holds a dot in
 * practice), and matches the `mlenv.*` tags of the same run.
 */
const RUN_PARAM_KEYS = {
    precision: 'mlenv.precision',
    worldSize: 'mlenv.world_size',
    launcher: 'mlenv.launcher',
};
/**
 * The MLflow params of a run, logged by the launcher once, when it creates the run: the params
 * the trainer gets (`train.params` with the overrides, under their own names, as `--key value`
 * passes them), the precision asked for, the world size and the program that starts the trainer
 * (python, torchrun, accelerate, deepspeed, or the command's own program). A trainer therefore
 * logs none of these itself, and a retried attempt in the same run cannot log different values.
 *
 * `backend` decides how the launcher is resolved: on a cluster DeepSpeed runs under torchrun.
 */
function runStartParams(job, backend = 'local') {
    const { train } = job;
    const params = {};
    for (const [key, value] of Object.entries(trainerParams(job)))
        params[key] = String(value);
    params[RUN_PARAM_KEYS.precision] = train.precision;
    params[RUN_PARAM_KEYS.worldSize] = String(train.nodes * train.procsPerNode);
    params[RUN_PARAM_KEYS.launcher] = launcherName(backend === 'kubernetes' ? (0,render/* nodeCommand */.Ei)(job, { nodes: train.nodes }) : (0,launcher_argv/* launcherArgv */.F)(job));
    return params;
}
/** What the trainer was given: MLENV_PARAMS, which holds train.params with the overrides. */
function trainerParams(job) {
    const given = job.env.MLENV_PARAMS;
    if (given === undefined)
        return job.train.params;
    const parsed = JSON.parse(given);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error(`MLENV_PARAMS is not a JSON object: ${given.slice(0, 200)}`);
    return parsed;
}
/** The program an argv starts, naming `python -m torch.distributed.run` as torchrun. */
function launcherName(argv) {
    const program = external_node_path_default().basename(argv[0] ?? '');
    if (/^python(\d+(\.\d+)?)?$/.test(program))
        return argv[1] === '-m' && argv[2] === 'torch.distributed.run' ? 'torchrun' : 'python';
    return program;
}

;// CONCATENATED MODULE: ./shared/train/launch.ts






/** The working tree goes to the run's artifacts before any pod can ask for it. */
async function shipCode(mlflow, artifactUri, code) {
    if (code?.kind === 'working-tree')
        await mlflow.uploadArtifact(artifactUri, code.artifact, code.archive.data);
}
/**
 * One training run, whatever the backend: create the MLflow run first (so the trainer's plain
 * `mlflow.start_run()` logs into it), submit the job and keep its handle on the run, follow it to
 * its end (cancelling or detaching when the caller aborts), keep its log, then read back what it
 * logged.
 */
async function launchTraining(options) {
    const { project, backend, mlflow, context, logger } = options;
    requireTrain(project);
    const started = Date.now();
    const experimentId = await mlflow.getOrCreateExperiment(project.name);
    const runName = (0,train_job/* makeRunName */.vY)(project.name, context);
    const run = await mlflow.createRun(experimentId, runName, runTags(options, runName));
    const runId = run.info.run_id;
    const runUrl = mlflow.runUrl(experimentId, runId);
    logger.info(`MLflow run ${runName}: ${runUrl}`);
    const job = buildJob(options, { runId, runName, experimentId, trackingUri: mlflow.uri });
    let handle;
    let outcome;
    logger.startGroup(`Training ${project.name} on ${backend.name}`);
    try {
        // The launcher logs what the run was started with, so trainers need not (nor de-duplicate it).
        await Promise.all([
            mlflow.logParams(runId, runStartParams(job, backend.name)),
            shipCode(mlflow, run.info.artifact_uri ?? '', options.code),
        ]);
        handle = await backend.submit(job, logger);
        options.onSubmitted?.(handle);
        await mlflow.setTags(runId, { [HANDLE_TAG]: JSON.stringify(handle) });
        outcome = await followToEnd(backend, handle, options);
    }
    catch (error) {
        // A failure of the launcher's own (the cluster refused the job, MLflow went away) still
        // ends the run, rather than leave it RUNNING.
        await mlflow.setRunStatus(runId, 'FAILED').catch(() => undefined);
        throw error;
    }
    finally {
        logger.endGroup();
    }
    const finalStatus = outcome.status === 'succeeded'
        ? 'FINISHED'
        : outcome.status === 'cancelled'
            ? 'KILLED'
            : 'FAILED';
    // These requests are independent; sent together, they keep the launcher's overhead small.
    const [, , models] = await Promise.all([
        mlflow
            .uploadArtifact(run.info.artifact_uri ?? '', 'mlenv/train.log', outcome.log)
            .catch((error) => logger.warning(`Could not keep the training log in MLflow: ${error.message}`)),
        mlflow.setRunStatus(runId, finalStatus),
        mlflow.loggedModels(experimentId, runId),
        (outcome.attempts ?? 1) > 1
            ? mlflow.setTags(runId, { 'mlenv.attempt': String(outcome.attempts) })
            : undefined,
    ]);
    const metrics = latestMetrics(await mlflow.getRun(runId));
    const history = Object.fromEntries(await Promise.all(Object.keys(metrics).map(async (key) => [
        key,
        (await mlflow.metricHistory(runId, key)).map((m) => ({ step: m.step, value: m.value })),
    ])));
    const modelId = models[0]?.info.model_id;
    const result = {
        status: outcome.status,
        project: project.name,
        backend: backend.name,
        runId,
        runName,
        runUrl,
        experimentId,
        durationMs: Date.now() - started,
        metrics,
        history,
        modelUri: modelId ? `models:/${modelId}` : undefined,
        exitCode: outcome.exitCode,
        attempts: outcome.attempts ?? 1,
        reason: outcome.reason,
        logTail: outcome.logTail,
        log: outcome.log,
        handle,
    };
    if (options.register && outcome.status === 'succeeded') {
        try {
            result.registered = await register(options, result, modelId);
        }
        catch (error) {
            if (!(error instanceof errors/* ConfigurationError */.j1))
                throw error;
            result.registerError = error.message;
        }
    }
    return result;
}
/**
 * Follows the job to its end. When the caller aborts, `delete` cancels the job and keeps following
 * until it has stopped (so its last lines are kept), `detach` stops following and leaves it
 * running. A job that failed yet still holds resources, or a failure while following, is cleaned up.
 */
async function followToEnd(backend, handle, options) {
    const { logger, signal } = options;
    const following = new AbortController();
    let cancelling;
    let cancelFailure;
    const onAbort = () => {
        if (options.onCancel === 'detach') {
            logger.info(`Detached: ${describeHandle(handle)} keeps running.`);
            following.abort();
            return;
        }
        cancelling = backend.cancel(handle, logger).catch((error) => {
            cancelFailure = error;
            following.abort();
        });
    };
    if (signal.aborted)
        onAbort();
    else
        signal.addEventListener('abort', onAbort, { once: true });
    try {
        const outcome = await backend.follow(handle, logger, following.signal);
        await cancelling;
        if (cancelFailure)
            throw cancelFailure;
        if (outcome.cleanUp)
            await backend.cleanup(handle, logger);
        return outcome;
    }
    catch (error) {
        // Never leave a job running behind a failure of our own.
        if (options.onCancel !== 'detach' || !signal.aborted)
            await backend.cleanup(handle, logger).catch(() => undefined);
        throw error;
    }
    finally {
        signal.removeEventListener('abort', onAbort);
    }
}
/** The job in a few words, for messages: `Job/fraud-0123-a1`, `trainer process 4242`. */
function describeHandle(handle) {
    if (handle.backend === 'local')
        return `trainer process ${handle.trainer.pid}`;
    const workload = handle.objects[handle.objects.length - 1];
    return workload ? `${workload.kind}/${workload.name}` : `the run ${handle.runId}`;
}
function requireTrain(project) {
    if (!project.config.train) {
        throw new errors/* ConfigurationError */.j1(`${external_node_path_default().relative(process.cwd(), project.file) || project.file}: expected a train section, found none.`);
    }
    return project.config.train;
}
/** The job a backend runs; also what --dry-run shows, with placeholder run identifiers. */
function buildJob(options, run) {
    const { workspace, project } = options;
    const train = requireTrain(project);
    const params = { ...train.params, ...options.paramOverrides };
    const runDir = external_node_path_default().join(workspace.root, '.mlenv', 'runs', run.runName);
    const base = {
        ...run,
        project: project.name,
        projectDir: external_node_path_default().join(workspace.root, project.dir),
        attempt: 1,
        train,
        outputDir: external_node_path_default().join(runDir, 'outputs'),
        checkpointDir: external_node_path_default().join(runDir, 'checkpoints'),
    };
    const env = (0,train_job/* trainerEnv */.Hv)(base, params);
    if (options.pathPrefix?.length)
        env.PATH = [...options.pathPrefix, process.env.PATH ?? ''].join((external_node_path_default()).delimiter);
    return {
        ...base,
        command: (0,train_job/* trainerCommand */.ht)(train, options.paramOverrides),
        env,
        secretEnv: { ...options.secretEnv },
        secrets: Object.values(options.secretEnv ?? {}),
    };
}
async function register(options, result, modelId) {
    const name = options.project.config.promote?.model;
    if (!name) {
        options.logger.warning(`Not registering: ${options.project.name} has no promote.model.`);
        return undefined;
    }
    if ((!modelId || !result.modelUri) && options.register === 'if-logged') {
        options.logger.warning(`Not registering ${name}: run ${result.runId} logged no model (registration is on by default on ${options.context.branch ?? 'main'}; pass --register, or register: true to mlenv/train, to require it).`);
        return undefined;
    }
    if (!modelId || !result.modelUri) {
        throw new errors/* ConfigurationError */.j1(`Cannot register ${name}: run ${result.runId} logged no model. Log it with mlflow.pytorch.log_model in the trainer.`);
    }
    await options.mlflow.createRegisteredModel(name);
    const version = await options.mlflow.createModelVersion({
        name,
        source: result.modelUri,
        runId: result.runId,
        modelId,
        tags: options.context.commit ? { 'mlenv.git.commit': options.context.commit } : {},
    });
    options.logger.info(`Registered ${name} version ${version.version}`);
    return { name, version: version.version };
}
function runTags(options, runName) {
    const { context } = options;
    const tags = {
        'mlflow.runName': runName,
        'mlenv.project': options.project.name,
        'mlenv.backend': options.backend.name,
        'mlenv.attempt': '1',
    };
    const optional = {
        'mlflow.source.git.commit': context.commit,
        'mlenv.git.commit': context.commit,
        'mlenv.git.branch': context.branch,
        'mlenv.pr': context.prNumber,
        'mlenv.workflow_run_url': context.workflowRunUrl,
        'mlenv.actor': context.actor,
        'mlenv.environment.lock_hash': options.lockHash,
        'mlenv.image': options.image,
        // Known before the run exists: set with its other tags, not by a request of their own.
        'mlenv.code.source': options.code?.kind,
        'mlenv.code.sha256': options.code?.kind === 'working-tree' ? options.code.archive.sha256 : undefined,
    };
    for (const [key, value] of Object.entries(optional))
        if (value)
            tags[key] = value;
    return tags;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./shared/train/plan.ts

/**
 * A plan as `--dry-run` prints it: the local command line, or the manifests as YAML documents
 * (ready for `kubectl apply -f -`), with what the plan depends on as comments above.
 */
function formatPlan(plan) {
    const notes = plan.notes.map((note) => `# ${note}\n`).join('');
    if (plan.backend === 'kubernetes')
        return notes + plan.manifests.map((manifest) => `---\n${(0,dist/* stringify */.As)(manifest)}`).join('');
    return `${notes}cd ${plan.cwd} && ${plan.argv.map(shellQuoteForDisplay).join(' ')}`;
}
function shellQuoteForDisplay(arg) {
    return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

// EXTERNAL MODULE: ./shared/process/identity.ts
var identity = __webpack_require__(8324);
;// CONCATENATED MODULE: ./shared/train/reap.ts



/** Why `mlenv reap` ended a run. */
const REAP_REASON_TAG = 'mlenv.reap.reason';
function launcherState(launcher, host = (0,identity/* thisHost */.vk)()) {
    if (launcher.host !== host)
        return 'elsewhere';
    return (0,identity/* isSameProcessAlive */.xk)(launcher) ? 'alive' : 'dead';
}
/** Workflow run statuses in which a job of it may still run (or is about to). */
const LIVE_WORKFLOW_STATUSES = new Set(['in_progress', 'queued', 'requested', 'pending']);
function workflowFromStatus(status, conclusion) {
    const s = status ?? 'unknown';
    return LIVE_WORKFLOW_STATUSES.has(s)
        ? { state: 'active', status: s }
        : { state: 'ended', status: s, conclusion };
}
function describeLauncher(handle) {
    return `launcher pid ${handle.launcher.pid} on host ${handle.launcher.host}`;
}
function describeWorkload(handle) {
    if (handle.backend === 'local')
        return `the trainer (pid ${handle.trainer.pid})`;
    const workload = handle.objects.at(-1);
    return workload ? `${workload.kind} ${handle.namespace}/${workload.name}` : 'the job';
}
function describeJob(handle, job) {
    const what = describeWorkload(handle);
    switch (job.state) {
        case 'running':
            return `${what} was still running`;
        case 'succeeded':
            return `${what} had succeeded`;
        case 'failed':
            return `${what} had failed: ${job.reason}`;
        case 'gone':
            return `${what} no longer exists`;
        case 'unknown':
            return `${what} could not be checked (${job.reason})`;
        case 'unchecked':
            return `${what} could not be checked from here`;
    }
}
/**
 * What to do with a RUNNING run, from what was observed. The rules, in order:
 * 1. A launcher alive on this host owns its run: spared, whatever else is seen.
 * 2. A workflow run that is no longer in progress has no launcher left: the run ends FAILED and
 *    whatever still runs is deleted (a job nobody follows any more).
 * 3. A local launcher of this host that is gone leaves an orphan trainer at most: it is stopped,
 *    and the run ends (FINISHED only if the backend saw the trainer succeed).
 * 4. A cluster job outlives its launcher on purpose (`--on-cancel detach`, a closed laptop): it is
 *    judged by the job alone. Gone: FAILED. Finished: FAILED, or FINISHED when it succeeded (its
 *    metrics and model are in the run already; only the launcher's final status was missing), and
 *    its objects are removed. Still running, or unknown: spared, to be reaped once it ends.
 * 5. Anything that could not be checked: spared.
 */
function decide(handle, observed) {
    const { launcher, job, workflow } = observed;
    if (launcher === 'alive')
        return { action: 'spare', reason: `${describeLauncher(handle)} is alive` };
    const exists = job.state === 'running' || job.state === 'succeeded' || job.state === 'failed';
    if (workflow.state === 'ended') {
        const ended = `workflow run ${handle.workflowRunUrl ?? '(unnamed)'} is ${workflow.status}${workflow.conclusion ? ` (${workflow.conclusion})` : ''}`;
        // A local trainer of another host cannot be stopped from here; the run still ends.
        const canClean = !(handle.backend === 'local' && launcher === 'elsewhere');
        const cleanup = canClean && (exists || job.state === 'unknown');
        return {
            action: 'end',
            status: 'FAILED',
            reason: `${ended}; ${describeJob(handle, job)}${cleanup ? ' and was deleted' : ''}`,
            cleanup,
        };
    }
    if (handle.backend === 'local') {
        if (launcher === 'elsewhere') {
            return {
                action: 'spare',
                reason: `${describeLauncher(handle)} cannot be checked from this host`,
            };
        }
        // launcher === 'dead'
        if (job.state === 'unknown') {
            return {
                action: 'spare',
                reason: `${describeLauncher(handle)} is gone, but ${describeJob(handle, job)}`,
            };
        }
        const orphan = job.state === 'running';
        return {
            action: 'end',
            status: job.state === 'succeeded' ? 'FINISHED' : 'FAILED',
            reason: `${describeLauncher(handle)} is gone; ${describeJob(handle, job)}${orphan ? ' and was stopped' : ''}`,
            // Cleanup is idempotent; it also catches a trainer that starts children as it dies.
            cleanup: true,
        };
    }
    const who = launcher === 'dead' ? `${describeLauncher(handle)} is gone` : describeLauncher(handle);
    switch (job.state) {
        case 'gone':
            return {
                action: 'end',
                status: 'FAILED',
                reason: `${who}; ${describeJob(handle, job)}`,
                cleanup: true,
            };
        case 'succeeded':
        case 'failed':
            return {
                action: 'end',
                status: job.state === 'succeeded' ? 'FINISHED' : 'FAILED',
                reason: `${who}; ${describeJob(handle, job)}`,
                cleanup: true,
            };
        default:
            return { action: 'spare', reason: `${who}; ${describeJob(handle, job)}` };
    }
}
const RUNNING_WITH_HANDLE = `attributes.status = 'RUNNING' and tags.\`${HANDLE_TAG}\` LIKE '%'`;
const DEFAULT_CHECK_TIMEOUT_MS = 20_000;
// Few RUNNING runs exist at once; a small bound keeps a large backlog from flooding the cluster.
const CONCURRENCY = 8;
/**
 * Ends the RUNNING runs whose launcher is gone (see `decide`) and returns what it did with each
 * run that has a handle. Cheap when nothing is stale: one search request (plus the experiment's
 * lookup for a project), and no other request for runs whose launcher is alive on this host.
 */
async function reapRuns(options) {
    const { mlflow, logger } = options;
    const experimentIds = await resolveExperiments(options);
    if (experimentIds.length === 0)
        return [];
    const runs = [];
    // MLflow's search takes a list of experiments; bounded so that the request stays small.
    for (let i = 0; i < experimentIds.length; i += 100) {
        runs.push(...(await mlflow.searchRuns(experimentIds.slice(i, i + 100), RUNNING_WITH_HANDLE)));
    }
    const github = lazyGithub(options);
    const entries = [];
    for (let i = 0; i < runs.length; i += CONCURRENCY) {
        const batch = runs.slice(i, i + CONCURRENCY);
        entries.push(...(await Promise.all(batch.map((run) => reapOne(run, options, github)))));
    }
    for (const entry of entries) {
        if (entry.action === 'unreadable' || entry.action === 'error')
            logger.warning(formatEntry(entry));
        else
            logger.info(formatEntry(entry));
    }
    return entries;
}
async function resolveExperiments(options) {
    const { scope, mlflow } = options;
    if ('experimentIds' in scope)
        return [...scope.experimentIds];
    if ('project' in scope) {
        const id = await mlflow.findExperiment(scope.project);
        return id ? [id] : [];
    }
    return (await mlflow.searchExperiments()).map((e) => e.experiment_id);
}
async function reapOne(run, options, github) {
    const base = {
        runId: run.info.run_id,
        experimentId: run.info.experiment_id,
        runName: run.info.run_name,
    };
    const tag = run.data.tags.find((t) => t.key === HANDLE_TAG)?.value ?? '';
    let handle;
    try {
        handle = parseHandle(tag);
    }
    catch (error) {
        return { ...base, action: 'unreadable', reason: `tag ${HANDLE_TAG} is ${(0,errors/* errorMessage */.gJ)(error)}` };
    }
    try {
        const launcher = launcherState(handle.launcher);
        // The common case costs nothing more: a live launcher decides alone.
        if (launcher === 'alive') {
            const decision = decide(handle, {
                launcher,
                job: { state: 'unchecked' },
                workflow: { state: 'none' },
            });
            return { ...base, action: 'spared', reason: decision.reason };
        }
        const timeoutMs = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
        // Made once, and only when asked: a local handle of another host needs none.
        let made;
        const backend = () => {
            made ??= options.backendFor(handle);
            return made;
        };
        const [job, workflow] = await Promise.all([
            handle.backend === 'local' && launcher === 'elsewhere'
                ? { state: 'unchecked' }
                : observeJob(backend, handle, timeoutMs),
            observeWorkflow(handle, github, timeoutMs),
        ]);
        const decision = decide(handle, { launcher, job, workflow });
        if (decision.action === 'spare')
            return { ...base, action: 'spared', reason: decision.reason };
        if (options.dryRun) {
            return {
                ...base,
                action: 'ended',
                status: decision.status,
                reason: decision.reason,
                cleanedUp: false,
                dryRun: true,
            };
        }
        if (decision.cleanup) {
            try {
                await (await backend()).cleanup(handle, options.logger);
            }
            catch (error) {
                return {
                    ...base,
                    action: 'error',
                    reason: `${decision.reason}, but its cleanup failed (${(0,errors/* errorMessage */.gJ)(error)}); the run stays RUNNING`,
                };
            }
        }
        // The reason first: a run that ended without one would read as an ordinary failure.
        await options.mlflow.setTags(base.runId, { [REAP_REASON_TAG]: decision.reason });
        await options.mlflow.setRunStatus(base.runId, decision.status);
        return {
            ...base,
            action: 'ended',
            status: decision.status,
            reason: decision.reason,
            cleanedUp: decision.cleanup,
            dryRun: false,
        };
    }
    catch (error) {
        return { ...base, action: 'error', reason: (0,errors/* errorMessage */.gJ)(error) };
    }
}
async function observeJob(backend, handle, timeoutMs) {
    try {
        return await withTimeout((async () => (await backend()).inspect(handle))(), timeoutMs);
    }
    catch (error) {
        return { state: 'unknown', reason: (0,errors/* errorMessage */.gJ)(error) };
    }
}
/** owner, repo and run id of a workflow run page (`…/{owner}/{repo}/actions/runs/{id}[/attempts/n]`). */
function parseWorkflowRunUrl(url) {
    const match = /^https?:\/\/[^/]+\/(?:.*\/)?([^/]+)\/([^/]+)\/actions\/runs\/(\d+)(?:\/|$)/.exec(url);
    if (!match?.[1] || !match[2] || !match[3])
        return undefined;
    return { owner: match[1], repo: match[2], runId: Number(match[3]) };
}
async function observeWorkflow(handle, github, timeoutMs) {
    if (!handle.workflowRunUrl)
        return { state: 'none' };
    const target = parseWorkflowRunUrl(handle.workflowRunUrl);
    if (!target)
        return { state: 'unknown', reason: `not a workflow run URL: ${handle.workflowRunUrl}` };
    try {
        const octokit = await github();
        if (!octokit)
            return { state: 'unknown', reason: 'no GITHUB_TOKEN to ask GitHub' };
        const { data } = await withTimeout(octokit.rest.actions.getWorkflowRun({
            owner: target.owner,
            repo: target.repo,
            run_id: target.runId,
        }), timeoutMs);
        return workflowFromStatus(data.status, data.conclusion);
    }
    catch (error) {
        // A 404 is a run this token cannot see as much as a deleted one: unknown, never ended.
        return { state: 'unknown', reason: (0,errors/* errorMessage */.gJ)(error) };
    }
}
function lazyGithub(options) {
    let client;
    return () => {
        if (options.github)
            return Promise.resolve(options.github);
        client ??= (async () => {
            const env = options.env ?? process.env;
            const token = env.GITHUB_TOKEN;
            if (!token)
                return undefined;
            const { createGithubClient } = await __webpack_require__.e(/* import() */ 317).then(__webpack_require__.bind(__webpack_require__, 6317));
            // Reap runs before training: a rate limit is waited out by nobody, the answer is unknown.
            return createGithubClient({
                token,
                logger: options.logger,
                env,
                retries: 1,
                rateLimitBudgetMs: 0,
            });
        })();
        return client;
    };
}
function withTimeout(promise, ms) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
/** One line per run, as reap logs it. */
function formatEntry(entry) {
    const run = `run ${entry.runName ?? entry.runId} (${entry.runId})`;
    switch (entry.action) {
        case 'spared':
            return `reap: ${run} spared: ${entry.reason}`;
        case 'ended':
            return `reap: ${run} ${entry.dryRun ? 'would be ended' : 'ended'} ${entry.status}: ${entry.reason}`;
        case 'unreadable':
            return `reap: ${run} left alone: ${entry.reason}`;
        case 'error':
            return `reap: ${run} not reaped: ${entry.reason}`;
    }
}

// EXTERNAL MODULE: ./shared/process/daemon.ts
var daemon = __webpack_require__(7570);
// EXTERNAL MODULE: ./shared/util/sleep.ts
var sleep = __webpack_require__(8464);
;// CONCATENATED MODULE: ./shared/mlflow/server-command.ts


/** Where an MLflow server (tracking or model) listens: loopback only, one worker. */
function mlflowLoopbackArgs(port) {
    return ['--host', '127.0.0.1', '--port', String(port), '--workers', '1'];
}
/** What every MLflow process MLEnv starts runs with: no usage telemetry leaves the machine. */
const MLFLOW_NO_TELEMETRY = { MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true' };
/**
 * `mlflow server` as MLflow's own CLI runs it on loopback: SQLite and proxied artifacts under
 * `dir`. The test bed's server, and the baseline of bench/mlflow-embedded.ts. It starts about ten
 * processes (the CLI parent, uvicorn, MLflow's job runner and its huey consumers), each importing
 * all of MLflow: about 2 GiB resident.
 */
function mlflowServerCommand(dir, port) {
    return {
        args: [
            'server',
            '--backend-store-uri',
            `sqlite:///${path.join(dir, 'mlflow.db')}`,
            '--serve-artifacts',
            '--artifacts-destination',
            path.join(dir, 'artifacts'),
            ...mlflowLoopbackArgs(port),
            // Clients that were busy (a blocked event loop, a long trainer step) reuse idle keep-alive
            // connections late; uvicorn's 5 s default then closes them under the request.
            '--uvicorn-opts',
            '--timeout-keep-alive 120',
            // MLflow's host-header check (a DNS-rebinding guard) must accept the loopback names
            // clients use, with and without the port.
            '--allowed-hosts',
            allowedHosts(port),
        ],
        env: { ...MLFLOW_NO_TELEMETRY },
    };
}
// What `mlflow server` does, in one process: create or check the schema first (so a database
// from a newer MLflow fails the start, in the log, not every later request), then serve MLflow's
// ASGI app (REST API, proxied artifacts, UI) with uvicorn in this process. uvicorn is imported
// first: MLflow installs its host-header guard only when it sees an ASGI server loaded. The
// cyclic garbage collector is off while MLflow imports, and what the imports created (modules,
// classes: millions of objects that live as long as the process) is then frozen out of its
// scans: otherwise it rescans them over and over, about a tenth of the start's CPU time.
const SERVE_SCRIPT = `# mlenv: the embedded MLflow tracking server
import gc
gc.disable()
import os, sys
host, port = sys.argv[1], int(sys.argv[2])
import uvicorn
from mlflow.server import handlers
handlers.initialize_backend_stores(
    os.environ["_MLFLOW_SERVER_FILE_STORE"],
    os.environ["_MLFLOW_SERVER_REGISTRY_STORE"],
    os.environ["_MLFLOW_SERVER_ARTIFACT_ROOT"],
)
from mlflow.server.fastapi_app import app
gc.freeze()
gc.enable()
log_config = os.path.join(os.path.dirname(handlers.__file__), "uvicorn_log_config.yaml")
uvicorn.run(
    app, host=host, port=port, timeout_keep_alive=120,
    **({"log_config": log_config} if os.path.exists(log_config) else {}),
)
`;
/**
 * The embedded server: the same tracking server as `mlflowServerCommand` (SQLite, artifacts
 * proxied as `mlflow-artifacts:/`, the UI), as ONE Python process without MLflow's job runner,
 * which only GenAI features (scorers, judges, trace rollups) use. The settings travel in the
 * environment variables `mlflow server` itself hands its uvicorn workers (mlflow/server/constants.py).
 * `host` is loopback unless the caller serves other network namespaces too (the test bed's pods
 * reach it on their bridge's gateway address).
 */
function embeddedServerCommand(python, dir, port, host = '127.0.0.1') {
    const store = `sqlite:///${external_node_path_default().join(dir, 'mlflow.db')}`;
    return {
        command: python,
        args: ['-c', SERVE_SCRIPT, host, String(port)],
        env: {
            _MLFLOW_SERVER_FILE_STORE: store,
            _MLFLOW_SERVER_REGISTRY_STORE: store,
            _MLFLOW_SERVER_ARTIFACT_ROOT: 'mlflow-artifacts:/',
            _MLFLOW_SERVER_SERVE_ARTIFACTS: 'true',
            _MLFLOW_SERVER_ARTIFACT_DESTINATION: external_node_path_default().join(dir, 'artifacts'),
            _MLFLOW_SGI_NAME: 'uvicorn',
            _MLFLOW_SERVER_BOOT_ID: (0,external_node_crypto_.randomUUID)().replaceAll('-', ''),
            _MLFLOW_IN_JOB_EXECUTOR: 'false',
            MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false',
            MLFLOW_ENABLE_WORKSPACES: 'false',
            MLFLOW_SERVER_ALLOWED_HOSTS: allowedHosts(port, host),
            ...MLFLOW_NO_TELEMETRY,
            // uv installs without bytecode; the first start compiles MLflow (seconds) and must be able
            // to keep the result, or every later start pays it again.
            PYTHONDONTWRITEBYTECODE: undefined,
        },
    };
}
function allowedHosts(port, host = '127.0.0.1') {
    const loopback = `127.0.0.1:${port},localhost:${port},127.0.0.1,localhost`;
    return host === '127.0.0.1' ? loopback : `${host}:${port},${host},${loopback}`;
}

;// CONCATENATED MODULE: ./shared/mlflow/embedded.ts








/**
 * The embedded MLflow server used when the workspace names no tracking URI: SQLite and artifacts
 * under the workspace's .mlenv/, started once and reused across runs. Its port is chosen once per
 * workspace and kept in .mlenv/mlflow/port, so a server started again (after a crash, a kill or
 * `mlenv mlflow stop`) answers where running trainers keep retrying: MLflow's client retries for
 * about 4 minutes before it gives up on a run.
 */
const serverStateSchema = schemas/* object */.Ikc({
    pid: schemas/* number */.aig(),
    port: schemas/* number */.aig(),
    uri: schemas/* string */.YjP(),
    startedAt: schemas/* string */.YjP(),
});
function embeddedDir(workspaceRoot) {
    return external_node_path_default().join(workspaceRoot, '.mlenv', 'mlflow');
}
function embeddedPortFile(workspaceRoot) {
    return external_node_path_default().join(embeddedDir(workspaceRoot), 'port');
}
/** The port this workspace's server uses, once one was chosen. */
async function rememberedPort(workspaceRoot) {
    const file = embeddedPortFile(workspaceRoot);
    const text = await (0,promises_.readFile)(file, 'utf8').catch((error) => {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    });
    if (text === undefined)
        return undefined;
    const port = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || port < 1 || port > 65535)
        throw new errors/* ConfigurationError */.j1(`${file}:1: expected the embedded MLflow server's TCP port (1-65535), found ${JSON.stringify(text.trim())}. Delete the file to have a new port chosen.`);
    return port;
}
async function readState(workspaceRoot) {
    const file = external_node_path_default().join(embeddedDir(workspaceRoot), 'server.json');
    const state = serverStateSchema.safeParse(await (0,promises_.readFile)(file, 'utf8').then(JSON.parse, () => undefined));
    return state.success ? state.data : undefined;
}
async function embeddedStatus(workspaceRoot) {
    const state = await readState(workspaceRoot);
    if (!state || !(0,daemon/* isAlive */._n)(state.pid))
        return undefined;
    return (await healthy(state.uri)) ? state : undefined;
}
async function ensureEmbeddedMlflow(options) {
    const { workspaceRoot, logger } = options;
    const timeoutMs = options.startTimeoutMs ?? 180_000;
    const running = await embeddedStatus(workspaceRoot);
    if (running && (options.port === undefined || options.port === running.port)) {
        // A server started before ports were remembered keeps its port from now on.
        if ((await rememberedPort(workspaceRoot)) !== running.port)
            await (0,promises_.writeFile)(embeddedPortFile(workspaceRoot), `${running.port}\n`);
        return running;
    }
    if (running) {
        logger.info(`Moving the embedded MLflow server from port ${running.port} to ${options.port}`);
        await (0,daemon/* stopProcessGroup */.VK)(running.pid);
    }
    if (!(0,external_node_fs_.existsSync)(options.environment.mlflow)) {
        throw new errors/* ConfigurationError */.j1(`The workspace environment has no mlflow (looked for ${options.environment.mlflow}); add mlflow to environment.requirements.`);
    }
    const dir = embeddedDir(workspaceRoot);
    const portFile = embeddedPortFile(workspaceRoot);
    await (0,promises_.mkdir)(external_node_path_default().join(dir, 'artifacts'), { recursive: true });
    const remembered = await rememberedPort(workspaceRoot);
    const port = options.port ?? remembered ?? (await (0,daemon/* freePort */.ov)());
    const free = await (0,daemon/* isPortFree */.Ci)(port).catch((error) => {
        throw new errors/* ExternalError */.yA(`The embedded MLflow server cannot listen on 127.0.0.1:${port}: ${error.message}`);
    });
    if (!free) {
        // Another `mlenv` may be starting this very server: it wrote server.json at spawn.
        const state = await readState(workspaceRoot);
        const starting = state?.port === port &&
            (0,daemon/* isAlive */._n)(state.pid) &&
            Date.now() - Date.parse(state.startedAt) < timeoutMs;
        if (starting)
            return awaitHealthy(state, dir, timeoutMs);
        if (state?.port === port && (0,daemon/* isAlive */._n)(state.pid))
            throw new errors/* ExternalError */.yA(`The embedded MLflow server (pid ${state.pid}) holds port ${port} but does not answer ${state.uri}/health (log ${external_node_path_default().join(dir, 'server.log')}). Stop it with \`mlenv mlflow stop\` and run \`mlenv mlflow ui\` again.`);
        throw new errors/* ExternalError */.yA(`Port ${port} of the embedded MLflow server (${options.port === undefined ? `remembered in ${portFile}` : 'from --port'}) is taken by another program, which is not this workspace's server. Stop that program (\`ss -ltnp 'sport = :${port}'\` names it) and run \`mlenv mlflow ui\` again, or move the server with \`mlenv mlflow ui --port <free port>\` (a trainer still running against the old address then loses its run).`);
    }
    if (port !== remembered)
        await (0,promises_.writeFile)(portFile, `${port}\n`);
    const uri = `http://127.0.0.1:${port}`;
    const logFile = external_node_path_default().join(dir, 'server.log');
    logger.info(`Starting the embedded MLflow server at ${uri} (data in ${dir})`);
    const server = embeddedServerCommand(options.environment.python, dir, port);
    const pid = (0,daemon/* spawnDetached */.W3)(server.command, server.args, {
        cwd: dir,
        env: { ...process.env, ...server.env },
        logFile,
    });
    const state = { pid, port, uri, startedAt: new Date().toISOString() };
    await (0,promises_.writeFile)(external_node_path_default().join(dir, 'server.json'), `${JSON.stringify(state, null, 2)}\n`);
    return awaitHealthy(state, dir, timeoutMs);
}
async function awaitHealthy(state, dir, timeoutMs) {
    const logFile = external_node_path_default().join(dir, 'server.log');
    // The first start creates the SQLite schema, which takes a while on a small machine.
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && (0,daemon/* isAlive */._n)(state.pid)) {
        if (await healthy(state.uri))
            return state;
        await (0,sleep/* sleep */.yy)(200);
    }
    await (0,daemon/* stopProcessGroup */.VK)(state.pid, 2_000);
    await (0,promises_.rm)(external_node_path_default().join(dir, 'server.json'), { force: true });
    throw new errors/* ExternalError */.yA(`The embedded MLflow server did not start at ${state.uri} (log ${logFile}):\n${(0,daemon/* tailOfFile */.wN)(logFile)}`);
}
/** Stops the server; its data and its port stay, so the next start answers at the same address. */
async function stopEmbeddedMlflow(workspaceRoot) {
    const state = await readState(workspaceRoot);
    await rm(path.join(embeddedDir(workspaceRoot), 'server.json'), { force: true });
    if (!state || !isAlive(state.pid))
        return false;
    await stopProcessGroup(state.pid);
    return true;
}
async function healthy(uri) {
    try {
        const response = await fetch(`${uri}/health`, { signal: AbortSignal.timeout(2_000) });
        return response.ok;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./shared/train/tracking.ts


/** The MLflow credentials MLflow's own client reads, which the trainer needs too. */
const TRACKING_CREDENTIALS = [
    'MLFLOW_TRACKING_TOKEN',
    'MLFLOW_TRACKING_USERNAME',
    'MLFLOW_TRACKING_PASSWORD',
];
function trackingCredentials(env) {
    const found = {};
    for (const name of TRACKING_CREDENTIALS) {
        const value = env[name];
        if (value)
            found[name] = value;
    }
    return found;
}
/**
 * The MLflow server for a run: an explicit URI, else the workspace's tracking.uri, else the
 * embedded server, started on demand and reused.
 */
async function resolveTracking(options) {
    const env = options.env ?? process.env;
    const token = env.MLFLOW_TRACKING_TOKEN;
    for (const secret of Object.values(trackingCredentials(env)))
        options.logger.mask(secret);
    const configured = options.uri ?? options.workspace.config.tracking.uri;
    if (configured)
        return new MlflowClient({
            uri: configured,
            token,
            logger: options.logger,
            retryBudgetMs: options.retryBudgetMs,
        });
    const server = await ensureEmbeddedMlflow({
        workspaceRoot: options.workspace.root,
        environment: await options.environment(),
        logger: options.logger,
    });
    return new MlflowClient({ uri: server.uri, logger: options.logger });
}

;// CONCATENATED MODULE: ./shared/train/run-train.ts










async function runTrain(request) {
    const { workspace, project, logger } = request;
    const env = request.env ?? process.env;
    const context = await detectRunContext(workspace.root, env);
    const local = request.backend === 'local';
    // Only a local run needs the Python environment here; the cluster gets the image of the lock.
    const environment = local && !request.dryRun && !request.serverDryRun
        ? await resolveEnvironment(workspace, { venv: request.venv, logger })
        : undefined;
    const hash = local ? environment?.lockHash : await lockHash(workspace);
    // Computed once: the pods run this image, and the MLflow run is tagged with it.
    const image = `${workspace.config.environment.image}:${hash ?? 'latest'}`;
    const trackingUri = request.trackingUri ?? workspace.config.tracking.uri;
    const code = request.backend === 'kubernetes' ? await clusterCode(request, env, context) : undefined;
    const backend = await createBackend(backendOptions({
        name: request.backend,
        workspace,
        projectDir: project.dir,
        context,
        image,
        kubeconfig: request.kubeconfig,
        pendingTimeoutMs: request.pendingTimeoutMs,
        code,
        env,
        offline: request.dryRun,
        logger,
    }));
    if (request.dryRun || request.serverDryRun) {
        const job = buildJob(
        // Credentials included, so the plan shows the Secret they would travel in (values hidden).
        { workspace, project, paramOverrides: request.params, secretEnv: trackingCredentials(env) }, placeholderRun(project, context, trackingUri));
        if (request.dryRun) {
            const plan = await backend.plan(job);
            return { kind: 'dry-run', plan, text: formatPlan(plan) };
        }
        await backend.validate(job, logger);
        return { kind: 'server-dry-run' };
    }
    if (!local && !trackingUri) {
        throw new errors/* ConfigurationError */.j1(`${workspace.file}: tracking.uri: expected an MLflow server the cluster can reach for --backend kubernetes, found none (the embedded server listens on this machine only).`);
    }
    const mlflow = await resolveTracking({
        workspace,
        environment: async () => environment ?? resolveEnvironment(workspace, { venv: request.venv, logger }),
        uri: trackingUri,
        retryBudgetMs: request.mlflowRetryBudgetMs,
        logger,
        env,
    });
    // Runs of this project whose launcher died (SIGKILL, a lost runner) would stay RUNNING forever;
    // ending them costs one or two requests when there are none. It never fails this run.
    await reapRuns({
        mlflow,
        scope: { project: project.name },
        logger,
        env,
        backendFor: (handle) => backendForHandle(handle, { logger, env }),
        // A cluster or GitHub that does not answer soon leaves those runs for `mlenv reap`.
        checkTimeoutMs: 5_000,
    }).catch((error) => logger.warning(`Could not check for abandoned runs: ${(0,errors/* errorMessage */.gJ)(error)}`));
    const result = await launchTraining({
        workspace,
        project,
        backend,
        mlflow,
        context,
        pathPrefix: environment ? [environment.bin] : [],
        paramOverrides: request.params,
        register: request.register ?? (isMainBranch(context) ? 'if-logged' : false),
        lockHash: hash,
        image: local ? undefined : image,
        secretEnv: trackingCredentials(env),
        code,
        onCancel: request.onCancel,
        onSubmitted: request.onSubmitted,
        logger,
        signal: request.signal,
    });
    return { kind: 'run', result };
}
function isMainBranch(context) {
    return context.branch === 'main' || context.branch === 'master';
}
function placeholderRun(project, context, trackingUri) {
    return {
        runId: 'dry-run',
        runName: (0,train_job/* makeRunName */.vY)(project.name, context),
        experimentId: 'dry-run',
        trackingUri: trackingUri ?? 'http://127.0.0.1:5000',
    };
}
/**
 * How the pods get the code, said in one line before anything is submitted: by git when they can
 * fetch exactly this tree, else the working tree packed for the run's MLflow artifacts.
 */
async function clusterCode(request, env, context) {
    const settings = request.workspace.config.kubernetes?.code;
    // No kubernetes section: backendOptions says so in its own words.
    if (!settings)
        return undefined;
    const { code, warnings } = await resolveCodeSource({
        root: request.workspace.root,
        context,
        settings,
        env,
    });
    for (const warning of warnings)
        request.logger.warning(warning);
    for (const skipped of code.kind === 'working-tree' ? code.archive.skipped : [])
        request.logger.warning(`Not shipped to the cluster: ${skipped.path} (${skipped.reason}).`);
    request.logger.info(describeCode(code));
    return code;
}


/***/ }),

/***/ 8854:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ parseQuantity),
/* harmony export */   z: () => (/* binding */ formatBytes)
/* harmony export */ });
// Kubernetes quantities ("100Mi", "1G", "512k", "0.5Gi") as numbers, for sizes written in
// mlenv.yaml the way the rest of a cluster's settings are.
const SUFFIXES = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    Pi: 1024 ** 5,
    Ei: 1024 ** 6,
};
const QUANTITY = /^(\d+(?:\.\d+)?)(m|k|Ki|Mi|Gi|Ti|Pi|Ei|M|G|T|P|E)?$/;
/** The value of a quantity; NaN for text that is not one. */
function parseQuantity(text) {
    const match = QUANTITY.exec(text.trim());
    if (!match)
        return Number.NaN;
    return Number(match[1]) * SUFFIXES[(match[2] ?? '')];
}
/** Bytes for people: "812 B", "3.4 KiB", "12.0 MiB", "1.20 GiB". */
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    if (bytes < 1024 ** 2)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    if (bytes < 1024 ** 3)
        return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
    return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}


/***/ }),

/***/ 4589:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ backoffDelay),
/* harmony export */   L: () => (/* binding */ retry)
/* harmony export */ });
/* harmony import */ var _sleep_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8464);

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
            await (0,_sleep_js__WEBPACK_IMPORTED_MODULE_0__/* .sleep */ .yy)(delayMs, options.signal);
        }
    }
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
