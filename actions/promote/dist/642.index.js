export const id = 642;
export const ids = [642,978];
export const modules = {

/***/ 9978:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ KubeError),
/* harmony export */   createKubeClient: () => (/* binding */ createKubeClient)
/* harmony export */ });
/* unused harmony export resourcePath */
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

/***/ 8642:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kserveServing: () => (/* binding */ kserveServing)
});

// UNUSED EXPORTS: KSERVE_ANNOTATIONS, inferenceService

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
            if (error instanceof k8s_client/* KubeError */.a && error.status === 410) {
                resourceVersion = undefined;
                continue;
            }
            if (error instanceof k8s_client/* KubeError */.a &&
                (error.status === 401 || error.status === 403 || error.status === 404))
                throw error;
            failures++;
            const delay = Math.min(5_000, 200 * 2 ** Math.min(failures, 5));
            logger?.debug(`watch ${path} interrupted (${error.message}); reconnecting in ${delay} ms`);
            await new Promise((resolve) => setTimeout(resolve, delay));
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
    const collection = `${GROUP_PATH}/namespaces/${namespace}/inferenceservices`;
    const itemPath = `${collection}/${servingName}`;
    const healthCheck = options.healthCheck ?? v2ModelReady;
    async function get() {
        try {
            return await client.request('GET', itemPath);
        }
        catch (error) {
            if (error instanceof k8s_client/* KubeError */.a && error.status === 404)
                return undefined;
            throw error;
        }
    }
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
    function previousOf(isvc) {
        const text = isvc?.metadata.annotations?.[KSERVE_ANNOTATIONS.previous];
        return text ? JSON.parse(text) : undefined;
    }
    return {
        name: 'kserve',
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
