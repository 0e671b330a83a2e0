export const id = 629;
export const ids = [629];
export const modules = {

/***/ 3629:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  a: () => (/* binding */ KubeError),
  createKubeClient: () => (/* binding */ createKubeClient)
});

// UNUSED EXPORTS: resourcePath

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
// EXTERNAL MODULE: ./shared/util/retry.ts
var retry = __webpack_require__(4589);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./shared/k8s/kubeconfig.ts




const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
/**
 * The kubeconfig a client would load, in kubectl's order: the kubeconfig option, KUBECONFIG (a
 * list; files that do not exist are skipped, as kubectl does), ~/.kube/config, then the pod's
 * service account. A named file that is missing, or no kubeconfig at all, is a configuration
 * error in one line, rather than a stack trace or a silent fallback to http://localhost:8080.
 */
function kubeconfigSource(explicit, env = process.env) {
    if (explicit) {
        const file = external_node_path_default().resolve(explicit);
        if (!(0,external_node_fs_.existsSync)(file))
            throw new errors/* OptionError */.eR('kubeconfig', `expected a kubeconfig file, found no file at ${file}`);
        return { files: [file] };
    }
    if (env.KUBECONFIG) {
        const named = env.KUBECONFIG.split((external_node_path_default()).delimiter).filter(Boolean);
        const files = named.map((file) => external_node_path_default().resolve(file)).filter((file) => (0,external_node_fs_.existsSync)(file));
        if (files.length === 0)
            throw new errors/* ConfigurationError */.j1(`KUBECONFIG: expected a kubeconfig file, found no file at ${named.join((external_node_path_default()).delimiter)}`);
        return { files };
    }
    const home = external_node_path_default().join(env.HOME || external_node_os_default().homedir(), '.kube', 'config');
    if ((0,external_node_fs_.existsSync)(home))
        return { files: [home] };
    if (env.KUBERNETES_SERVICE_HOST && (0,external_node_fs_.existsSync)(SERVICE_ACCOUNT_TOKEN))
        return { inCluster: true };
    throw new errors/* OptionError */.eR('kubeconfig', 'expected a kubeconfig for the Kubernetes cluster, found none: KUBECONFIG is unset and there is no ~/.kube/config; name one with this option or KUBECONFIG');
}

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
    const source = kubeconfigSource(options.kubeconfig, options.env);
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
        return (0,retry/* retry */.L)(attempt, {
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


/***/ })

};
