export const id = 642;
export const ids = [642,629];
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


/***/ }),

/***/ 8642:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kserveServing: () => (/* binding */ kserveServing),
  kserveServingControl: () => (/* binding */ kserveServingControl)
});

// UNUSED EXPORTS: KSERVE_ANNOTATIONS, inferenceService

// EXTERNAL MODULE: ./shared/k8s/client.ts + 1 modules
var k8s_client = __webpack_require__(3629);
// EXTERNAL MODULE: ./shared/util/retry.ts
var retry = __webpack_require__(4589);
// EXTERNAL MODULE: ./shared/util/sleep.ts
var sleep = __webpack_require__(8464);
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
            if (error instanceof k8s_client/* KubeError */.a && error.status === 410) {
                resourceVersion = undefined;
                continue;
            }
            if (error instanceof k8s_client/* KubeError */.a &&
                (error.status === 401 || error.status === 403 || error.status === 404))
                throw error;
            failures++;
            const delay = (0,retry/* backoffDelay */.E)(failures, { initialDelayMs: 400, maxDelayMs: 5_000 });
            logger?.debug(`watch ${path} interrupted (${error.message}); reconnecting in ${delay} ms`);
            // An abort during the pause ends the loop: the watch is no longer wanted.
            await (0,sleep/* sleep */.yy)(delay, signal).catch(() => undefined);
        }
    }
}

// EXTERNAL MODULE: ./shared/promote/serving/strategy.ts
var strategy = __webpack_require__(673);
;// CONCATENATED MODULE: ./shared/promote/serving/kserve.ts



const GROUP_PATH = '/apis/serving.kserve.io/v1beta1';
/** Annotations that keep the rollout's state on the InferenceService itself, so a re-run converges. */
const KSERVE_ANNOTATIONS = {
    version: 'mlenv.dev/model-version',
    previous: 'mlenv.dev/previous-model',
};
/** The InferenceService of a serving name: its path, and reading it (undefined when absent). */
function inferenceServiceOf({ client, namespace, servingName }) {
    const collection = `${GROUP_PATH}/namespaces/${namespace}/inferenceservices`;
    const itemPath = `${collection}/${servingName}`;
    return {
        collection,
        itemPath,
        async get() {
            try {
                return await client.request('GET', itemPath);
            }
            catch (error) {
                if (error instanceof k8s_client/* KubeError */.a && error.status === 404)
                    return undefined;
                throw error;
            }
        },
    };
}
/** Status and stop of a kserve serving name: they read and delete its InferenceService. */
function kserveServingControl(place) {
    const { client, servingName } = place;
    const { itemPath, get } = inferenceServiceOf(place);
    return {
        name: 'kserve',
        async status() {
            const isvc = await get();
            if (!isvc)
                return { serving: servingName, strategy: 'kserve', deployed: false, healthy: false };
            const ready = isvc.status?.conditions?.find((c) => c.type === 'Ready');
            return {
                serving: servingName,
                strategy: 'kserve',
                deployed: true,
                healthy: ready?.status === 'True',
                url: isvc.status?.url,
                version: isvc.metadata.annotations?.[KSERVE_ANNOTATIONS.version],
                previousVersion: previousOf(isvc)?.version,
                detail: ready?.message,
            };
        },
        async stop() {
            if (!(await get()))
                return false;
            await client.request('DELETE', itemPath);
            return true;
        },
    };
}
/**
 * The `kserve` serving target: one InferenceService per serving name (`modelFormat: mlflow`,
 * protocol v2). A new version rolls out in canary steps (`canaryTrafficPercent`), each waiting for
 * the Ready condition of the new generation and a healthy answer; on failure the traffic goes back
 * to the previous revision (`canaryTrafficPercent: 0`) and the previous model is restored.
 */
function kserveServing(options) {
    const { client, namespace, servingName, logger } = options;
    const steps = options.canarySteps?.length ? options.canarySteps : [10, 50, 100];
    const timeoutMs = options.readyTimeoutMs ?? 10 * 60_000;
    const { collection, itemPath, get } = inferenceServiceOf(options);
    const healthCheck = options.healthCheck ?? v2ModelReady;
    async function patch(body) {
        return client.request('PATCH', itemPath, {
            body,
            contentType: 'application/merge-patch+json',
            query: { fieldManager: 'mlenv', fieldValidation: 'Strict' },
        });
    }
    /** Waits until the controller reports the given generation Ready, then checks it answers. */
    async function healthy(generation, what) {
        const stop = new AbortController();
        const timer = setTimeout(() => stop.abort(), timeoutMs);
        let url;
        let failure;
        try {
            await watchUntil({
                client,
                path: collection,
                query: { fieldSelector: `metadata.name=${servingName}` },
                signal: stop.signal,
                logger,
                handle(isvc) {
                    const status = isvc.status ?? {};
                    if ((status.observedGeneration ?? 0) < generation)
                        return false;
                    const ready = status.conditions?.find((c) => c.type === 'Ready');
                    if (ready?.status === 'True' && status.url) {
                        url = status.url;
                        return true;
                    }
                    if (ready?.status === 'False' && ready.reason && ready.reason !== 'Unknown')
                        failure = `${ready.reason}${ready.message ? `: ${ready.message}` : ''}`;
                    return false;
                },
            });
        }
        finally {
            clearTimeout(timer);
        }
        if (!url)
            throw new strategy/* ServingError */.v(`InferenceService ${namespace}/${servingName} did not become Ready for ${what} within ${Math.round(timeoutMs / 1000)}s${failure ? ` (${failure})` : ''}`);
        try {
            await healthCheck(url, servingName);
        }
        catch (error) {
            throw new strategy/* ServingError */.v(`InferenceService ${namespace}/${servingName} is Ready but unhealthy for ${what}: ${error.message}`);
        }
        return url;
    }
    async function restore(previous) {
        if (!previous) {
            // Nothing served before this promotion: remove what it created.
            await client.request('DELETE', itemPath).catch((error) => {
                if (!(error instanceof k8s_client/* KubeError */.a && error.status === 404))
                    throw error;
            });
            return;
        }
        // Traffic back to the previous revision first, then the previous model as the spec.
        await patch({ spec: { predictor: { canaryTrafficPercent: 0 } } });
        await patch({
            metadata: {
                annotations: {
                    [KSERVE_ANNOTATIONS.version]: previous.version,
                    [KSERVE_ANNOTATIONS.previous]: null,
                },
            },
            spec: {
                predictor: { canaryTrafficPercent: null, model: { storageUri: previous.storageUri } },
            },
        });
        logger.info(`Restored ${servingName} to version ${previous.version}.`);
    }
    return {
        ...kserveServingControl(options),
        async deploy(target) {
            const storageUri = await options.storageUri(target);
            const existing = await get();
            const servedVersion = existing?.metadata.annotations?.[KSERVE_ANNOTATIONS.version];
            if (existing && servedVersion === target.version && !previousOf(existing)) {
                const url = await healthy(generationOf(existing), `version ${target.version}`);
                return { url, reused: true };
            }
            if (!existing) {
                logger.info(`Creating InferenceService ${namespace}/${servingName} for version ${target.version}`);
                const created = await client.request('POST', collection, {
                    body: inferenceService(servingName, namespace, target, storageUri),
                    query: { fieldManager: 'mlenv', fieldValidation: 'Strict' },
                });
                try {
                    return {
                        url: await healthy(generationOf(created), `version ${target.version}`),
                        reused: false,
                    };
                }
                catch (error) {
                    await restore(undefined);
                    throw error;
                }
            }
            // A re-run after a crash finds the previous model recorded already: keep that one.
            const previous = previousOf(existing) ?? {
                version: servedVersion ?? 'unknown',
                storageUri: String(existing.spec.predictor.model?.storageUri),
            };
            let url = '';
            try {
                for (const percent of steps) {
                    const last = percent >= 100;
                    const updated = await patch({
                        metadata: {
                            annotations: {
                                [KSERVE_ANNOTATIONS.version]: target.version,
                                [KSERVE_ANNOTATIONS.previous]: JSON.stringify(previous),
                            },
                        },
                        spec: {
                            predictor: {
                                canaryTrafficPercent: last ? null : percent,
                                model: { storageUri },
                            },
                        },
                    });
                    logger.info(`${servingName}: version ${target.version} at ${last ? 100 : percent}% of traffic`);
                    url = await healthy(generationOf(updated), `version ${target.version} at ${percent}%`);
                }
            }
            catch (error) {
                logger.warning(`Rolling ${servingName} back to version ${previous.version}: ${error.message}`);
                await restore(previous);
                throw error;
            }
            return { url, reused: false };
        },
        async commit() {
            const isvc = await get();
            if (isvc && previousOf(isvc))
                await patch({ metadata: { annotations: { [KSERVE_ANNOTATIONS.previous]: null } } });
        },
        async rollback() {
            const isvc = await get();
            await restore(previousOf(isvc));
        },
    };
}
function previousOf(isvc) {
    const text = isvc?.metadata.annotations?.[KSERVE_ANNOTATIONS.previous];
    return text ? JSON.parse(text) : undefined;
}
function generationOf(isvc) {
    return Number(isvc.metadata.generation ?? 1);
}
function inferenceService(name, namespace, target, storageUri) {
    return {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: {
            name,
            namespace,
            labels: { 'app.kubernetes.io/managed-by': 'mlenv' },
            annotations: {
                [KSERVE_ANNOTATIONS.version]: target.version,
                'mlenv.dev/model': target.model,
            },
        },
        spec: {
            predictor: {
                model: { modelFormat: { name: 'mlflow' }, protocolVersion: 'v2', storageUri },
            },
        },
    };
}
/** KServe's open inference protocol (v2): the model answers ready once it is loaded. */
async function v2ModelReady(url, model) {
    const response = await fetch(`${url.replace(/\/$/, '')}/v2/models/${model}/ready`, {
        signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok)
        throw new Error(`GET /v2/models/${model}/ready answered ${response.status}`);
}


/***/ })

};
