export const id = 978;
export const ids = [978];
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


/** An error answered by the API server, with its HTTP status and Status reason. */
class KubeError extends Error {
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
async function createKubeClient(options = {}) {
    const { KubeConfig } = await __webpack_require__.e(/* import() */ 991).then(__webpack_require__.bind(__webpack_require__, 1991));
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
    async function request(method, path, options = {}) {
        stats.requests++;
        const response = await open(method, path, options);
        const text = await readAll(response);
        const status = response.statusCode ?? 0;
        if (status >= 300)
            fail(method, path, status, text);
        return (text ? JSON.parse(text) : undefined);
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


/***/ })

};
