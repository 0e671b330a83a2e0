export const id = 155;
export const ids = [155];
export const modules = {

/***/ 4155:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MlflowClient: () => (/* binding */ MlflowClient),
  mF: () => (/* binding */ MlflowError),
  wT: () => (/* binding */ MlflowUnreachableError),
  RD: () => (/* binding */ latestMetrics)
});

// UNUSED EXPORTS: MAX_PARAMS_PER_BATCH, MAX_PARAM_VALUE_LENGTH

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
        return retry(attempt, {
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


/***/ }),

/***/ 8464:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* unused harmony exports pollUntil, waitUntil */
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
