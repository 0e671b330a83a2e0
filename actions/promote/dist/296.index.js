export const id = 296;
export const ids = [296];
export const modules = {

/***/ 1296:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  gateTableText: () => (/* reexport */ gateTableText),
  promoteSummaryMarkdown: () => (/* reexport */ promoteSummaryMarkdown),
  runPromote: () => (/* reexport */ runPromote)
});

// UNUSED EXPORTS: ALIASES, LeaseHeldError, LeaseLostError, PROMOTE_STAGES, PromotionError, ServingError, acquireLease, createServingControl, createServingStrategy, evaluateGates, formatValue, gateTableMarkdown, higherIsBetter, localServing, localServingControl, localServingDir, mlflowRegistry, promote, readLocalServing, resolveCandidate, rollback, selectServedProject, servingOptions, servingStatus, servingStatusText, stopServing

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/util/retry.ts
var retry = __webpack_require__(4589);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var classic_schemas = __webpack_require__(2857);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/api.js
var api = __webpack_require__(3759);
;// CONCATENATED MODULE: ./node_modules/zod/v4/classic/coerce.js


function string(params) {
    return core._coercedString(schemas.ZodString, params);
}
function number(params) {
    return api/* _coercedNumber */.qG(classic_schemas/* ZodNumber */.rSt, params);
}
function coerce_boolean(params) {
    return core._coercedBoolean(schemas.ZodBoolean, params);
}
function bigint(params) {
    return core._coercedBigint(schemas.ZodBigInt, params);
}
function date(params) {
    return core._coercedDate(schemas.ZodDate, params);
}

;// CONCATENATED MODULE: ./shared/mlflow/schema.ts

// The parts of MLflow's REST responses that MLEnv reads; unknown fields pass through untouched.
const runTagSchema = classic_schemas/* object */.Ikc({ key: classic_schemas/* string */.YjP(), value: classic_schemas/* string */.YjP().optional().default('') });
const metricSchema = classic_schemas/* object */.Ikc({
    key: classic_schemas/* string */.YjP(),
    value: classic_schemas/* number */.aig(),
    timestamp: number().optional(),
    step: number().optional().default(0),
});
const runInfoSchema = classic_schemas/* object */.Ikc({
    run_id: classic_schemas/* string */.YjP(),
    experiment_id: classic_schemas/* string */.YjP(),
    run_name: classic_schemas/* string */.YjP().optional(),
    status: classic_schemas/* string */.YjP().optional(),
    artifact_uri: classic_schemas/* string */.YjP().optional(),
    lifecycle_stage: classic_schemas/* string */.YjP().optional(),
});
const runSchema = classic_schemas/* object */.Ikc({
    info: runInfoSchema,
    data: classic_schemas/* object */.Ikc({
        metrics: classic_schemas/* array */.YOg(metricSchema).optional().default([]),
        params: classic_schemas/* array */.YOg(runTagSchema).optional().default([]),
        tags: classic_schemas/* array */.YOg(runTagSchema).optional().default([]),
    })
        .optional()
        .default({ metrics: [], params: [], tags: [] }),
    outputs: classic_schemas/* object */.Ikc({
        model_outputs: classic_schemas/* array */.YOg(classic_schemas/* object */.Ikc({ model_id: classic_schemas/* string */.YjP(), step: number().optional() }))
            .optional(),
    })
        .optional(),
});
const runResponseSchema = classic_schemas/* object */.Ikc({ run: runSchema });
const experimentResponseSchema = classic_schemas/* object */.Ikc({
    experiment: classic_schemas/* object */.Ikc({ experiment_id: classic_schemas/* string */.YjP(), name: classic_schemas/* string */.YjP() }),
});
const createExperimentResponseSchema = classic_schemas/* object */.Ikc({ experiment_id: classic_schemas/* string */.YjP() });
const searchRunsResponseSchema = classic_schemas/* object */.Ikc({
    runs: classic_schemas/* array */.YOg(runSchema).optional().default([]),
    next_page_token: classic_schemas/* string */.YjP().optional(),
});
const searchExperimentsResponseSchema = classic_schemas/* object */.Ikc({
    experiments: classic_schemas/* array */.YOg(classic_schemas/* object */.Ikc({ experiment_id: classic_schemas/* string */.YjP(), name: classic_schemas/* string */.YjP() }))
        .optional()
        .default([]),
    next_page_token: classic_schemas/* string */.YjP().optional(),
});
const metricHistoryResponseSchema = classic_schemas/* object */.Ikc({
    metrics: classic_schemas/* array */.YOg(metricSchema).optional().default([]),
    next_page_token: classic_schemas/* string */.YjP().optional(),
});
const loggedModelSchema = classic_schemas/* object */.Ikc({
    info: classic_schemas/* object */.Ikc({
        model_id: classic_schemas/* string */.YjP(),
        name: classic_schemas/* string */.YjP().optional(),
        artifact_uri: classic_schemas/* string */.YjP().optional(),
        source_run_id: classic_schemas/* string */.YjP().optional(),
        creation_timestamp_ms: number().optional(),
    }),
});
const searchLoggedModelsResponseSchema = classic_schemas/* object */.Ikc({
    models: classic_schemas/* array */.YOg(loggedModelSchema).optional().default([]),
});
const modelVersionSchema = classic_schemas/* object */.Ikc({
    name: classic_schemas/* string */.YjP(),
    version: classic_schemas/* string */.YjP(),
    source: classic_schemas/* string */.YjP().optional(),
    run_id: classic_schemas/* string */.YjP().optional(),
    status: classic_schemas/* string */.YjP().optional(),
    tags: classic_schemas/* array */.YOg(runTagSchema).optional().default([]),
    aliases: classic_schemas/* array */.YOg(classic_schemas/* string */.YjP()).optional().default([]),
});
const modelVersionResponseSchema = classic_schemas/* object */.Ikc({ model_version: modelVersionSchema });
const searchModelVersionsResponseSchema = classic_schemas/* object */.Ikc({
    model_versions: classic_schemas/* array */.YOg(modelVersionSchema).optional().default([]),
    next_page_token: classic_schemas/* string */.YjP().optional(),
});
const registeredModelSchema = classic_schemas/* object */.Ikc({
    name: classic_schemas/* string */.YjP(),
    tags: classic_schemas/* array */.YOg(runTagSchema).optional().default([]),
    aliases: classic_schemas/* array */.YOg(classic_schemas/* object */.Ikc({ alias: classic_schemas/* string */.YjP(), version: classic_schemas/* string */.YjP() }))
        .optional()
        .default([]),
});
const registeredModelResponseSchema = classic_schemas/* object */.Ikc({ registered_model: registeredModelSchema });
const errorResponseSchema = classic_schemas/* object */.Ikc({
    error_code: classic_schemas/* string */.YjP().optional(),
    message: classic_schemas/* string */.YjP().optional(),
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

;// CONCATENATED MODULE: ./shared/promote/schema.ts

/** The aliases a promotion moves, in the registered model of `promote.model`. */
const ALIASES = {
    candidate: 'candidate',
    champion: 'champion',
    previousChampion: 'previous-champion',
};
/** Registered-model tag that holds the promotion lease. */
const LEASE_TAG = 'mlenv.promote.lease';
/** Model-version tag naming the commit a version was trained from (set by `mlenv train`). */
const COMMIT_TAG = 'mlenv.git.commit';
const leaseSchema = classic_schemas/* object */.Ikc({
    /** Who holds it, for people: "alice@laptop pid 4242" or a workflow run URL. */
    holder: classic_schemas/* string */.YjP(),
    /** Random per acquisition: what "still mine" is checked against. */
    token: classic_schemas/* string */.YjP(),
    host: classic_schemas/* string */.YjP(),
    pid: classic_schemas/* number */.aig(),
    acquiredAt: classic_schemas/* string */.YjP(),
    expiresAt: classic_schemas/* string */.YjP(),
    /** What the holder is doing, so that whoever takes over a dead holder's lease can finish it. */
    operation: classic_schemas/* object */.Ikc({
        kind: classic_schemas/* enum */.k5n(['promote', 'rollback']),
        from: classic_schemas/* string */.YjP().optional(),
        to: classic_schemas/* string */.YjP(),
    })
        .optional(),
});
/** One `mlflow models serve` process of the local serving target. */
const localServerSchema = classic_schemas/* object */.Ikc({
    pid: classic_schemas/* number */.aig(),
    port: classic_schemas/* number */.aig(),
    url: classic_schemas/* string */.YjP(),
    model: classic_schemas/* string */.YjP(),
    version: classic_schemas/* string */.YjP(),
    modelUri: classic_schemas/* string */.YjP(),
    startedAt: classic_schemas/* string */.YjP(),
    logFile: classic_schemas/* string */.YjP(),
});
/**
 * The serving address file of a local serving name: which server answers (`current`) and, while a
 * promotion is between its switch and its end, the server it replaced (`previous`), kept running
 * so the promotion can switch back.
 */
const localServingRecordSchema = classic_schemas/* object */.Ikc({
    serving: classic_schemas/* string */.YjP(),
    current: localServerSchema,
    previous: localServerSchema.optional(),
    updatedAt: classic_schemas/* string */.YjP(),
});
/** The part of an MLmodel file that says where the input example is. */
const mlmodelSchema = classic_schemas/* object */.Ikc({
    saved_input_example_info: classic_schemas/* object */.Ikc({
        artifact_path: classic_schemas/* string */.YjP().optional(),
        serving_input_path: classic_schemas/* string */.YjP().optional(),
        type: classic_schemas/* string */.YjP().optional(),
        pandas_orient: classic_schemas/* string */.YjP().optional(),
    })
        .optional()
        .nullable(),
});

;// CONCATENATED MODULE: ./shared/promote/aliases.ts


function mlflowRegistry(client) {
    return {
        uri: client.uri,
        getVersion: (model, version) => client.getModelVersion(model, version).catch((error) => {
            if (error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST')
                return undefined;
            throw error;
        }),
        versionByAlias: (model, alias) => client.getModelVersionByAlias(model, alias),
        setAlias: (model, alias, version) => client.setRegisteredModelAlias(model, alias, version),
        deleteAlias: (model, alias) => client.deleteRegisteredModelAlias(model, alias),
        versionsByTag: async (model, key, value) => newestFirst(await client.searchModelVersions(`name = ${quote(model)} and tags.\`${key}\` = ${quote(value)}`)),
        versionsByRun: async (model, runId) => newestFirst(await client.searchModelVersions(`name = ${quote(model)} and run_id = ${quote(runId)}`)),
        runMetrics: async (runId) => latestMetrics(await client.getRun(runId)),
        modelTags: async (model) => {
            const registered = await client.getRegisteredModel(model);
            return registered
                ? Object.fromEntries(registered.tags.map((t) => [t.key, t.value]))
                : undefined;
        },
        setModelTag: (model, key, value) => client.setRegisteredModelTag(model, key, value),
        deleteModelTag: (model, key) => client.deleteRegisteredModelTag(model, key),
        versionArtifact: (model, version, path) => client.modelVersionArtifact(model, version, path),
    };
}
/** Highest version number first: version numbers are strings in MLflow's API. */
function newestFirst(versions) {
    return [...versions].sort((a, b) => Number(b.version) - Number(a.version));
}
// MLflow's filter grammar: single-quoted strings, a quote inside doubled is not supported, so
// names with quotes cannot be searched at all; registered model names and commits never have one.
function quote(value) {
    if (value.includes("'"))
        throw new Error(`Cannot search MLflow for a value with a quote: ${value}`);
    return `'${value}'`;
}

;// CONCATENATED MODULE: ./shared/promote/candidate.ts


/**
 * Finds the model version to promote. A commit resolves to the newest version carrying the
 * `mlenv.git.commit` tag that `mlenv train --register` sets, so the merge that trained a model
 * promotes exactly that model.
 */
async function resolveCandidate(registry, model, ref) {
    let version;
    let chosenBy;
    if ('version' in ref) {
        chosenBy = `version ${ref.version}`;
        if (!/^\d+$/.test(ref.version))
            throw new errors/* ConfigurationError */.j1(`--model-version ${ref.version}: expected a model version number such as 3`);
        version = await registry.getVersion(model, ref.version);
    }
    else if ('runId' in ref) {
        chosenBy = `run ${ref.runId}`;
        version = (await registry.versionsByRun(model, ref.runId))[0];
    }
    else {
        chosenBy = `commit ${ref.commit.slice(0, 12)}`;
        version = (await registry.versionsByTag(model, COMMIT_TAG, ref.commit))[0];
    }
    if (!version) {
        throw new errors/* ConfigurationError */.j1(`No version of registered model ${model} in ${registry.uri} for ${chosenBy}. ` +
            ('commit' in ref
                ? 'Versions are registered by `mlenv train` on the main branch (or --register); pass --model-version or --run-id to pick another.'
                : 'Check the number with the MLflow UI or `mlflow models`, or register the run first.'));
    }
    if (version.status && version.status !== 'READY') {
        throw new errors/* ConfigurationError */.j1(`${model} version ${version.version} is ${version.status}, not READY: it cannot be served yet.`);
    }
    return {
        model,
        version: version.version,
        runId: version.run_id || undefined,
        source: version.source,
        commit: commitOf(version),
        chosenBy,
        aliases: version.aliases,
    };
}
/** The commit a version was trained from, as `mlenv train --register` tagged it. */
function commitOf(version) {
    return version.tags.find((tag) => tag.key === COMMIT_TAG)?.value || undefined;
}

;// CONCATENATED MODULE: ./shared/promote/gates.ts
// Tokens of a metric name (split at anything but letters and digits) that make it an error
// measure. Any other metric is a score, where higher is better.
const LOWER_IS_BETTER_TOKENS = new Set([
    'loss',
    'error',
    'err',
    'mse',
    'rmse',
    'mae',
    'mape',
    'perplexity',
    'ppl',
    'wer',
    'cer',
    'latency',
]);
/**
 * Whether a larger value of `metric` is better. Lower is better when the name contains "loss" or
 * "error" anywhere (val_loss, trainLoss, error_rate) or has a token that is a usual error measure
 * (mse, rmse, mae, mape, perplexity, ppl, wer, cer, err, latency); higher is better otherwise
 * (auc, accuracy, f1, precision...). A gate's `direction` overrides this.
 */
function higherIsBetter(metric, direction) {
    if (direction)
        return direction === 'higher';
    const lower = metric.toLowerCase();
    if (lower.includes('loss') || lower.includes('error'))
        return false;
    return !lower.split(/[^a-z0-9]+/).some((token) => LOWER_IS_BETTER_TOKENS.has(token));
}
// Metrics read back from MLflow are doubles; an equal metric must meet `maxRegression: 0`.
const EPSILON = 1e-12;
/**
 * Evaluates every rule of every gate. Absolute rules (min, max) compare the candidate's metric
 * with a bound. Relative rules compare it with the current champion's, in the metric's own units
 * and in its better direction: `maxRegression: 0.05` lets the candidate be at most 0.05 worse,
 * `minImprovement: 0.01` needs it at least 0.01 better. With no champion (a first promotion) or a
 * champion that never logged the metric, relative rules pass, with a note saying why.
 * `championMetrics` undefined means there is no champion.
 */
function evaluateGates(gates, candidateMetrics, championMetrics) {
    const rows = [];
    for (const gate of gates) {
        const higher = higherIsBetter(gate.metric, gate.direction);
        const candidate = finite(candidateMetrics[gate.metric]);
        const champion = championMetrics ? finite(championMetrics[gate.metric]) : undefined;
        const base = { metric: gate.metric, candidate, champion };
        const missing = `the candidate's run has no ${gate.metric}`;
        if (gate.min !== undefined) {
            rows.push({
                ...base,
                rule: 'min',
                description: `≥ ${gate.min}`,
                pass: candidate !== undefined && candidate >= gate.min - EPSILON,
                note: candidate === undefined ? missing : undefined,
            });
        }
        if (gate.max !== undefined) {
            rows.push({
                ...base,
                rule: 'max',
                description: `≤ ${gate.max}`,
                pass: candidate !== undefined && candidate <= gate.max + EPSILON,
                note: candidate === undefined ? missing : undefined,
            });
        }
        const direction = higher ? 'higher is better' : 'lower is better';
        const relative = (rule, limit) => {
            const description = rule === 'maxRegression'
                ? `at most ${limit} worse than champion (${direction})`
                : `at least ${limit} better than champion (${direction})`;
            const row = { ...base, rule, description };
            if (candidate === undefined)
                return { ...row, pass: false, note: missing };
            if (!championMetrics)
                return { ...row, pass: true, note: 'no champion yet' };
            if (champion === undefined)
                return { ...row, pass: true, note: `the champion's run has no ${gate.metric}` };
            const improvement = higher ? candidate - champion : champion - candidate;
            const pass = rule === 'maxRegression' ? -improvement <= limit + EPSILON : improvement >= limit - EPSILON;
            return { ...row, pass };
        };
        if (gate.maxRegression !== undefined)
            rows.push(relative('maxRegression', gate.maxRegression));
        if (gate.minImprovement !== undefined)
            rows.push(relative('minImprovement', gate.minImprovement));
    }
    return { passed: rows.every((row) => row.pass), rows };
}
function finite(value) {
    return value !== undefined && Number.isFinite(value) ? value : undefined;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./shared/util/sleep.ts
var util_sleep = __webpack_require__(8464);
;// CONCATENATED MODULE: ./shared/process/daemon.ts




/** A free TCP port on loopback, chosen by the OS. */
function freePort() {
    return new Promise((resolve, reject) => {
        const server = (0,external_node_net_.createServer)();
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
        const server = (0,external_node_net_.createServer)();
        server.unref();
        server.once('error', (error) => error.code === 'EADDRINUSE' ? resolve(false) : reject(error));
        server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
}
function daemon_isAlive(pid) {
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
    const fd = (0,external_node_fs_.openSync)(options.logFile, 'a');
    try {
        const child = (0,external_node_child_process_.spawn)(command, args, {
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
        (0,external_node_fs_.closeSync)(fd);
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
async function daemon_stopProcessGroup(pid, graceMs = 10_000) {
    signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (daemon_isAlive(pid) && Date.now() < deadline)
        await (0,util_sleep/* sleep */.yy)(100);
    if (daemon_isAlive(pid))
        signalGroup(pid, 'SIGKILL');
}
function tailOfFile(file, lines = 20) {
    try {
        return (0,external_node_fs_.readFileSync)(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    }
    catch {
        return '(no log)';
    }
}

;// CONCATENATED MODULE: ./shared/promote/lease.ts






/** Another promotion of the same model holds the lease. */
class LeaseHeldError extends errors/* ExternalError */.yA {
    model;
    lease;
    name = 'LeaseHeldError';
    constructor(model, lease) {
        super(`Another promotion of ${model} is in progress (${lease.holder}, since ${lease.acquiredAt}, lease expires ${lease.expiresAt}). ` +
            `Retry when it is done; if it died, its lease expires on its own, or remove the registered-model tag ${LEASE_TAG}.`);
        this.model = model;
        this.lease = lease;
    }
}
/** The lease was taken over by someone else while this promotion held it (it had expired). */
class LeaseLostError extends errors/* ExternalError */.yA {
    name = 'LeaseLostError';
}
async function acquireLease(options) {
    const { registry, model } = options;
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? util_sleep/* sleep */.yy;
    const ttlMs = options.ttlMs ?? 15 * 60_000;
    const settleMs = options.settleMs ?? 1_000;
    const deadline = now() + (options.waitMs ?? 0);
    const token = (0,external_node_crypto_.randomUUID)();
    const host = external_node_os_default().hostname();
    const holder = options.holder ?? `${safeUser()}@${host} pid ${process.pid}`;
    const acquiredAt = new Date(now()).toISOString();
    const make = (operation) => ({
        holder,
        token,
        host,
        pid: process.pid,
        acquiredAt,
        expiresAt: new Date(now() + ttlMs).toISOString(),
        ...(operation ? { operation } : {}),
    });
    let lease = make();
    for (;;) {
        const existing = await readLease(registry, model, options.logger);
        if (existing && existing.token !== token && !isStale(existing, now())) {
            if (now() < deadline) {
                options.logger?.info(`Waiting for the promotion lease of ${model} (${existing.holder})`);
                await sleep(Math.min(5_000, Math.max(0, deadline - now())));
                continue;
            }
            throw new LeaseHeldError(model, existing);
        }
        const tookOver = existing && existing.token !== token ? existing : undefined;
        lease = make(lease.operation);
        await registry.setModelTag(model, LEASE_TAG, JSON.stringify(lease));
        await sleep(settleMs);
        const confirmed = await readLease(registry, model, options.logger);
        if (confirmed?.token === token) {
            if (tookOver)
                options.logger?.warning(`Took over the promotion lease of ${model} from ${tookOver.holder}, which ${new Date(tookOver.expiresAt).getTime() < now() ? 'expired' : 'is no longer running'}.`);
            return held(tookOver);
        }
        // Someone wrote after us: they hold it now. Loop, which waits or reports them.
        options.logger?.debug(`Lost the race for the promotion lease of ${model}`);
        if (!confirmed)
            continue;
        if (now() >= deadline)
            throw new LeaseHeldError(model, confirmed);
    }
    function held(tookOver) {
        return {
            get lease() {
                return lease;
            },
            tookOver,
            async renew(operation) {
                const current = await readLease(registry, model, options.logger);
                if (current?.token !== token) {
                    throw new LeaseLostError(`The promotion lease of ${model} was taken over by ${current?.holder ?? 'nobody (it was removed)'} while this promotion held it; stopping before changing anything else.`);
                }
                lease = make(operation ?? lease.operation);
                await registry.setModelTag(model, LEASE_TAG, JSON.stringify(lease));
            },
            async release() {
                const current = await readLease(registry, model, options.logger);
                if (current?.token === token)
                    await registry.deleteModelTag(model, LEASE_TAG);
            },
        };
    }
}
async function readLease(registry, model, logger) {
    const tags = await registry.modelTags(model);
    if (!tags)
        throw new Error(`Registered model ${model} does not exist in ${registry.uri}`);
    const raw = tags[LEASE_TAG];
    if (raw === undefined)
        return undefined;
    const parsed = leaseSchema.safeParse(lease_safeJson(raw));
    if (parsed.success)
        return parsed.data;
    // Someone edited the tag by hand: treat it as expired, so it never blocks promotions forever.
    logger?.warning(`Ignoring the malformed ${LEASE_TAG} tag of ${model}: ${raw.slice(0, 200)}`);
    return { ...placeholderLease, holder: `unreadable tag ${raw.slice(0, 60)}` };
}
const placeholderLease = {
    holder: '',
    token: '',
    host: '',
    pid: 0,
    acquiredAt: new Date(0).toISOString(),
    expiresAt: new Date(0).toISOString(),
};
/** Expired, or held by a process of this host that no longer exists (a crashed promotion). */
function isStale(lease, nowMs) {
    const expires = new Date(lease.expiresAt).getTime();
    if (!Number.isFinite(expires) || expires <= nowMs)
        return true;
    return lease.host === external_node_os_default().hostname() && lease.pid > 0 && !daemon_isAlive(lease.pid);
}
function lease_safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function safeUser() {
    try {
        return external_node_os_default().userInfo().username;
    }
    catch {
        return process.env.USER ?? 'unknown';
    }
}

;// CONCATENATED MODULE: ./shared/promote/promote.ts





/** Steps of a promotion, in order, as `onStage` reports them. */
const PROMOTE_STAGES = (/* unused pure expression or super */ null && ([
    'resolve',
    'gates',
    'lease',
    'candidate',
    'deploy',
    'champion',
    'commit',
    'done',
]));
/** A promotion that failed after its gates; `message` says what state it left. */
class PromotionError extends errors/* ExternalError */.yA {
    stage;
    gates;
    name = 'PromotionError';
    constructor(message, stage, gates, options) {
        super(message, options);
        this.stage = stage;
        this.gates = gates;
    }
}
/**
 * `mlenv promote`: candidate → gates against the champion → lease → `candidate` alias → serving
 * deploy and health check → `previous-champion`, then `champion` → release of the old deployment.
 *
 * Guarantees: a failed gate changes nothing; a failure at any step leaves the previous champion
 * serving and the `champion` alias where it was (aliases this promotion moved are put back); the
 * `champion` alias moves only once serving is healthy; promoting the champion again is a no-op
 * that says so; and the order makes a re-run after a crash between any two steps converge:
 * `previous-champion` is always set from the current champion just before `champion` moves, and a
 * deployment already serving the candidate is reused.
 */
async function promote(options) {
    const { model, registry, logger } = options;
    const stage = stageReporter(options);
    stage('resolve', {});
    const candidate = await resolveCandidate(registry, model, options.candidate);
    let champion = await registry.versionByAlias(model, ALIASES.champion);
    logger.info(`Candidate: ${model} version ${candidate.version} (${candidate.chosenBy}); champion: ${champion ? `version ${champion.version}` : 'none'}`);
    if (champion?.version === candidate.version)
        return alreadyChampion(options, candidate);
    const newer = await supersededBy(options, candidate, champion);
    if (newer)
        return superseded(options, candidate, newer);
    stage('gates', { version: candidate.version, champion: champion?.version });
    let gates = await evaluate(options, candidate, champion);
    if (!gates.passed)
        return refused(options, candidate, champion, gates);
    stage('lease', { version: candidate.version });
    const lease = await takeLease(options);
    try {
        // Re-read under the lease: another promotion may have moved the champion since the gates.
        const current = await registry.versionByAlias(model, ALIASES.champion);
        if (current?.version !== champion?.version) {
            logger.info(`The champion changed to ${current ? `version ${current.version}` : 'none'} meanwhile; evaluating the gates again`);
            champion = current;
            if (champion?.version === candidate.version)
                return alreadyChampion(options, candidate, lease);
            // The usual way to lose this race: a later merge's promotion went first.
            const newer = await supersededBy(options, candidate, champion);
            if (newer)
                return superseded(options, candidate, newer);
            gates = await evaluate(options, candidate, champion);
            if (!gates.passed)
                return refused(options, candidate, champion, gates);
        }
        await lease.renew({ kind: 'promote', from: champion?.version, to: candidate.version });
        const url = await rollOut(options, lease, {
            version: candidate.version,
            champion: champion?.version,
            gates,
        });
        return {
            outcome: 'promoted',
            model,
            version: candidate.version,
            candidate,
            previousChampion: champion?.version,
            gates,
            url,
            message: `Promoted ${model} version ${candidate.version} to champion, serving at ${url}${champion ? `; version ${champion.version} is previous-champion` : ''}.`,
        };
    }
    finally {
        await release(lease, logger);
    }
}
/**
 * `mlenv promote --rollback`: serves `previous-champion` again, then swaps the aliases (it becomes
 * `champion`, the current champion `previous-champion`). No gates: it was a champion before. A
 * rollback interrupted between its alias moves is finished by the next one, from the intent kept
 * in the lease.
 */
async function rollback(options) {
    const { model, registry, logger } = options;
    const stage = stageReporter(options);
    stage('lease', {});
    const lease = await takeLease(options);
    try {
        stage('resolve', {});
        const interrupted = lease.tookOver?.operation;
        let from;
        let to;
        if (interrupted?.kind === 'rollback') {
            logger.warning(`Finishing an interrupted rollback of ${model} from version ${interrupted.from ?? '(none)'} to ${interrupted.to}`);
            from = interrupted.from;
            to = interrupted.to;
        }
        else {
            const [champion, previous] = await Promise.all([
                registry.versionByAlias(model, ALIASES.champion),
                registry.versionByAlias(model, ALIASES.previousChampion),
            ]);
            if (!previous)
                throw new errors/* ConfigurationError */.j1(`${model} has no ${ALIASES.previousChampion} alias: there is nothing to roll back to.`);
            if (previous.version === champion?.version)
                throw new errors/* ConfigurationError */.j1(`${model}: ${ALIASES.previousChampion} is version ${previous.version}, already the champion: there is nothing to roll back to.`);
            from = champion?.version;
            to = previous.version;
        }
        logger.info(`Rolling ${model} back from version ${from ?? '(none)'} to version ${to}`);
        await lease.renew({ kind: 'rollback', from, to });
        const url = await rollOut(options, lease, { version: to, champion: from });
        return {
            outcome: 'rolled-back',
            model,
            version: to,
            previousChampion: from,
            url,
            message: `Rolled ${model} back to version ${to}, serving at ${url}${from ? `; version ${from} is previous-champion` : ''}.`,
        };
    }
    finally {
        await release(lease, logger);
    }
}
/**
 * The steps that change things, under the lease. `champion` is the version that is champion now
 * (it becomes previous-champion), undefined when there is none or it must stay as it is.
 */
async function rollOut(options, lease, plan) {
    const { model, registry, serving, logger } = options;
    const stage = stageReporter(options);
    const { version, gates } = plan;
    const before = {
        candidate: (await registry.versionByAlias(model, ALIASES.candidate))?.version,
        previousChampion: (await registry.versionByAlias(model, ALIASES.previousChampion))?.version,
    };
    const keeps = plan.champion
        ? `version ${plan.champion} is still the champion and keeps serving`
        : 'the champion alias is unchanged';
    if (options.deployment) {
        const commit = await registry
            .getVersion(model, version)
            .then((v) => v?.tags.find((t) => t.key === COMMIT_TAG)?.value)
            .catch(() => undefined);
        await hook(logger, () => options.deployment?.start({ model, version, environment: options.servingName, commit }));
    }
    const fail = async (at, error, state) => {
        await hook(logger, () => options.deployment?.finish('failure', {
            description: `${at} failed: ${(0,errors/* errorMessage */.gJ)(error)}`,
        }));
        return new PromotionError(`Promotion of ${model} version ${version} failed at ${at}: ${(0,errors/* errorMessage */.gJ)(error)}\n${state}`, at, gates, { cause: error });
    };
    stage('candidate', { version });
    try {
        await registry.setAlias(model, ALIASES.candidate, version);
    }
    catch (error) {
        throw await fail('candidate', error, `Nothing changed: ${keeps}.`);
    }
    stage('deploy', { version });
    let url;
    try {
        // The server loads whatever `candidate` names when it starts: under the lease, this version.
        ({ url } = await serving.deploy({
            model,
            version,
            modelUri: `models:/${model}@${ALIASES.candidate}`,
        }));
    }
    catch (error) {
        const restored = await restoreAliases(registry, model, before, logger);
        throw await fail('deploy', error, `${capitalize(keeps)}; ${restored}.`);
    }
    stage('champion', { version, previous: plan.champion });
    try {
        // Someone could have moved `candidate` by hand while the server was loading it.
        const loaded = await registry.versionByAlias(model, ALIASES.candidate);
        if (loaded?.version !== version)
            throw new Error(`the ${ALIASES.candidate} alias moved to ${loaded ? `version ${loaded.version}` : 'nothing'} while version ${version} was deployed`);
        await lease.renew();
        if (plan.champion && plan.champion !== version)
            await registry.setAlias(model, ALIASES.previousChampion, plan.champion);
        await registry.setAlias(model, ALIASES.champion, version);
    }
    catch (error) {
        if (error instanceof LeaseLostError) {
            // Undoing now could clobber the promotion that holds the model: leave it to that one.
            throw await fail('champion', error, `Stopped before moving champion; serving and aliases are left to the promotion that holds the lease.`);
        }
        // A request can fail after MLflow applied it: what counts is where `champion` is now.
        const moved = await registry
            .versionByAlias(model, ALIASES.champion)
            .then((v) => v?.version === version)
            .catch(() => false);
        if (!moved) {
            await serving
                .rollback()
                .catch((e) => logger.error(`Could not switch serving back: ${(0,errors/* errorMessage */.gJ)(e)}`));
            const restored = await restoreAliases(registry, model, before, logger);
            throw await fail('champion', error, `Serving switched back: ${keeps}; ${restored}.`);
        }
        logger.warning(`${(0,errors/* errorMessage */.gJ)(error)}; but champion already names version ${version}`);
    }
    stage('commit', { version });
    await serving
        .commit()
        .catch((error) => logger.warning(`Version ${version} is champion and serving, but the previous deployment could not be removed: ${(0,errors/* errorMessage */.gJ)(error)}. The next promotion removes it.`));
    await hook(logger, () => options.deployment?.finish('success', {
        url,
        description: `${model} version ${version} serving at ${url}`,
    }));
    stage('done', { version, url });
    logger.info(`${model} version ${version} is champion, serving at ${url}`);
    return url;
}
/**
 * The champion when it was trained from a later commit that already contains the candidate's:
 * promoting the candidate would take serving back in history.
 */
async function supersededBy(options, candidate, champion) {
    const championCommit = champion ? commitOf(champion) : undefined;
    if (!champion || !championCommit || !candidate.commit || !options.isAncestor)
        return undefined;
    if (championCommit === candidate.commit)
        return undefined;
    const older = await options.isAncestor(candidate.commit, championCommit);
    if (older === undefined)
        options.logger.info(`Cannot tell whether the champion's commit ${championCommit.slice(0, 12)} is newer than the candidate's ${candidate.commit.slice(0, 12)} (not in this checkout's history): going on.`);
    return older ? { version: champion.version, commit: championCommit } : undefined;
}
function superseded(options, candidate, champion) {
    const message = `${options.model} version ${candidate.version} (commit ${candidate.commit?.slice(0, 12)}) is older than the champion, version ${champion.version} (commit ${champion.commit.slice(0, 12)}), which already includes its commit: nothing to promote.`;
    options.logger.info(message);
    return {
        outcome: 'superseded',
        model: options.model,
        version: candidate.version,
        candidate,
        previousChampion: champion.version,
        message,
    };
}
/** The candidate is the champion: nothing to do, unless an earlier promotion left work behind. */
async function alreadyChampion(options, candidate, heldLease) {
    const { model, serving, logger } = options;
    const base = {
        outcome: 'already-champion',
        model,
        version: candidate.version,
        candidate,
    };
    const status = await serving.status();
    if (status.deployed &&
        status.healthy &&
        status.model === model &&
        status.version === candidate.version) {
        if (status.previousVersion) {
            // A promotion stopped between moving the champion and releasing the old deployment.
            const lease = heldLease ??
                (await takeLease({ ...options, lease: { ...options.lease, waitMs: 0 } }).catch((error) => {
                    if (error instanceof LeaseHeldError)
                        return undefined;
                    throw error;
                }));
            if (lease) {
                await serving.commit();
                if (!heldLease)
                    await release(lease, logger);
            }
        }
        const message = `${model} version ${candidate.version} is already the champion, serving at ${status.url}: nothing to do.`;
        logger.info(message);
        return { ...base, url: status.url, message };
    }
    // Champion, but not what serves: a crash between deploy and champion cannot cause this (the
    // champion moves after serving is healthy), so serving was stopped or its server died. Serve it.
    logger.warning(`${model} version ${candidate.version} is already the champion but is not served (${status.detail ?? `serving shows version ${status.version}`}): deploying it again.`);
    const lease = heldLease ?? (await takeLease(options));
    try {
        await lease.renew({ kind: 'promote', to: candidate.version });
        const url = await rollOut(options, lease, { version: candidate.version });
        return {
            ...base,
            url,
            message: `${model} version ${candidate.version} was already the champion; serving it again at ${url}.`,
        };
    }
    finally {
        if (!heldLease)
            await release(lease, logger);
    }
}
function refused(options, candidate, champion, gates) {
    const failed = gates.rows.filter((r) => !r.pass).map((r) => `${r.metric} ${r.description}`);
    const message = `${options.model} version ${candidate.version} failed ${failed.length === 1 ? 'a gate' : `${failed.length} gates`} (${failed.join('; ')}): nothing changed${champion ? `, version ${champion.version} stays champion` : ''}.`;
    options.logger.error(message);
    return {
        outcome: 'refused',
        model: options.model,
        version: candidate.version,
        candidate,
        previousChampion: champion?.version,
        gates,
        message,
    };
}
async function evaluate(options, candidate, champion) {
    const { registry } = options;
    const [candidateMetrics, championMetrics] = await Promise.all([
        candidate.runId ? registry.runMetrics(candidate.runId) : Promise.resolve({}),
        champion ? (champion.run_id ? registry.runMetrics(champion.run_id) : {}) : undefined,
    ]);
    return evaluateGates(options.gates, candidateMetrics, championMetrics);
}
function takeLease(options) {
    return acquireLease({
        ...options.lease,
        registry: options.registry,
        model: options.model,
        logger: options.logger,
    });
}
async function release(lease, logger) {
    await lease
        .release()
        .catch((error) => logger.warning(`Could not release the promotion lease (it expires on its own): ${(0,errors/* errorMessage */.gJ)(error)}`));
}
/** Puts `candidate` and `previous-champion` back where they were before this promotion. */
async function restoreAliases(registry, model, before, logger) {
    try {
        for (const [alias, version] of [
            [ALIASES.candidate, before.candidate],
            [ALIASES.previousChampion, before.previousChampion],
        ]) {
            if (version)
                await registry.setAlias(model, alias, version);
            else
                await registry.deleteAlias(model, alias);
        }
        return 'the aliases are as they were';
    }
    catch (error) {
        logger.error(`Could not put the aliases back: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return `the ${ALIASES.candidate} alias may still name the failed version (${(0,errors/* errorMessage */.gJ)(error)})`;
    }
}
async function hook(logger, call) {
    try {
        await call();
    }
    catch (error) {
        logger.warning(`Could not record the deployment: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
function stageReporter(options) {
    return (stage, details) => {
        options.logger.debug(`promote: ${stage}`);
        options.onStage?.(stage, details);
    };
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

;// CONCATENATED MODULE: ./shared/promote/report.ts
const HEADER = ['metric', 'candidate', 'champion', 'rule', 'result'];
/** The gate table as GitHub-flavoured markdown, for a job summary or a pull request comment. */
function gateTableMarkdown(gates) {
    if (gates.rows.length === 0)
        return '_No gates configured (promote.gates is empty)._\n';
    const lines = [
        `| ${HEADER.join(' | ')} |`,
        '| --- | ---: | ---: | --- | --- |',
        ...gates.rows.map((row) => {
            const cells = cellsOf(row);
            return `| \`${escapeCell(cells[0])}\` | ${cells[1]} | ${cells[2]} | ${escapeCell(cells[3])} | ${row.pass ? '✅ pass' : '❌ fail'} |`;
        }),
    ];
    return `${lines.join('\n')}\n`;
}
/** The gate table for a terminal: aligned columns, FAIL in capitals so it stands out uncoloured. */
function gateTableText(gates) {
    if (gates.rows.length === 0)
        return 'No gates configured (promote.gates is empty).\n';
    const rows = [
        [...HEADER],
        ...gates.rows.map((row) => [...cellsOf(row).slice(0, 4), row.pass ? 'pass' : 'FAIL']),
    ];
    const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    const align = (cells) => cells
        .map((cell, i) => i === 1 || i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    return `${rows.map(align).join('\n')}\n`;
}
/** A job summary of a promotion: outcome, then the gate table when gates were evaluated. */
function promoteSummaryMarkdown(result) {
    const title = {
        promoted: `✅ ${result.model} version ${result.version} promoted to champion`,
        'already-champion': `☑️ ${result.model} version ${result.version} is already the champion`,
        superseded: `⏭️ ${result.model} version ${result.version} is older than the champion`,
        refused: `❌ ${result.model} version ${result.version} refused by its gates`,
        'rolled-back': `↩️ ${result.model} rolled back to version ${result.version}`,
    };
    const parts = [`### ${title[result.outcome]}`, '', result.message, ''];
    if (result.url)
        parts.push(`Serving at ${result.url}`, '');
    if (result.gates)
        parts.push(gateTableMarkdown(result.gates));
    return `${parts.join('\n').trimEnd()}\n`;
}
/** `mlenv serve status`, one line per serving name. */
function servingStatusText(status) {
    if (!status.deployed)
        return `${status.serving} (${status.strategy}): not deployed`;
    const health = status.healthy ? 'healthy' : `UNHEALTHY (${status.detail ?? 'no answer'})`;
    const pending = status.previousVersion
        ? `; version ${status.previousVersion} still kept by an unfinished promotion`
        : '';
    return `${status.serving} (${status.strategy}): ${status.model} version ${status.version} at ${status.url}, ${health}, since ${status.startedAt}${pending}`;
}
function cellsOf(row) {
    return [
        row.metric,
        formatValue(row.candidate),
        formatValue(row.champion),
        row.note ? `${row.description} (${row.note})` : row.description,
    ];
}
/** Four significant digits: enough to see a 0.05 regression, short enough for a table. */
function formatValue(value) {
    if (value === undefined)
        return '—';
    if (Number.isInteger(value))
        return String(value);
    return String(Number(value.toPrecision(4)));
}
function escapeCell(text) {
    return text.replace(/\|/g, '\\|');
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
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

// EXTERNAL MODULE: ./shared/github/event.ts
var github_event = __webpack_require__(6131);
// EXTERNAL MODULE: ./shared/util/workflow-run-url.ts
var workflow_run_url = __webpack_require__(742);
;// CONCATENATED MODULE: ./shared/train/context.ts




/** Where this run comes from: the GitHub Actions environment when present, else the local git checkout. */
async function detectRunContext(cwd, env = process.env) {
    if (env.GITHUB_ACTIONS === 'true') {
        const pr = (0,github_event/* readEvent */.j)(env).payload.pull_request;
        return {
            commit: pr?.head.sha ?? env.GITHUB_SHA,
            branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME,
            prNumber: pr?.number ? String(pr.number) : undefined,
            workflowRunUrl: (0,workflow_run_url/* workflowRunUrl */.C)(env),
            actor: env.GITHUB_ACTOR,
        };
    }
    const read = (args) => git(cwd, args).then((s) => s.trim() || undefined, () => undefined);
    const [commit, branch] = await Promise.all([
        read(['rev-parse', 'HEAD']),
        read(['rev-parse', '--abbrev-ref', 'HEAD']),
    ]);
    return { commit, branch: branch === 'HEAD' ? undefined : branch, actor: env.USER ?? context_safeUser() };
}
function context_safeUser() {
    try {
        return external_node_os_default().userInfo().username;
    }
    catch {
        return undefined;
    }
}

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
const serverStateSchema = classic_schemas/* object */.Ikc({
    pid: classic_schemas/* number */.aig(),
    port: classic_schemas/* number */.aig(),
    uri: classic_schemas/* string */.YjP(),
    startedAt: classic_schemas/* string */.YjP(),
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
    if (!state || !daemon_isAlive(state.pid))
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
        await daemon_stopProcessGroup(running.pid);
    }
    if (!(0,external_node_fs_.existsSync)(options.environment.mlflow)) {
        throw new errors/* ConfigurationError */.j1(`The workspace environment has no mlflow (looked for ${options.environment.mlflow}); add mlflow to environment.requirements.`);
    }
    const dir = embeddedDir(workspaceRoot);
    const portFile = embeddedPortFile(workspaceRoot);
    await (0,promises_.mkdir)(external_node_path_default().join(dir, 'artifacts'), { recursive: true });
    const remembered = await rememberedPort(workspaceRoot);
    const port = options.port ?? remembered ?? (await freePort());
    const free = await isPortFree(port).catch((error) => {
        throw new errors/* ExternalError */.yA(`The embedded MLflow server cannot listen on 127.0.0.1:${port}: ${error.message}`);
    });
    if (!free) {
        // Another `mlenv` may be starting this very server: it wrote server.json at spawn.
        const state = await readState(workspaceRoot);
        const starting = state?.port === port &&
            daemon_isAlive(state.pid) &&
            Date.now() - Date.parse(state.startedAt) < timeoutMs;
        if (starting)
            return awaitHealthy(state, dir, timeoutMs);
        if (state?.port === port && daemon_isAlive(state.pid))
            throw new errors/* ExternalError */.yA(`The embedded MLflow server (pid ${state.pid}) holds port ${port} but does not answer ${state.uri}/health (log ${external_node_path_default().join(dir, 'server.log')}). Stop it with \`mlenv mlflow stop\` and run \`mlenv mlflow ui\` again.`);
        throw new errors/* ExternalError */.yA(`Port ${port} of the embedded MLflow server (${options.port === undefined ? `remembered in ${portFile}` : 'from --port'}) is taken by another program, which is not this workspace's server. Stop that program (\`ss -ltnp 'sport = :${port}'\` names it) and run \`mlenv mlflow ui\` again, or move the server with \`mlenv mlflow ui --port <free port>\` (a trainer still running against the old address then loses its run).`);
    }
    if (port !== remembered)
        await (0,promises_.writeFile)(portFile, `${port}\n`);
    const uri = `http://127.0.0.1:${port}`;
    const logFile = external_node_path_default().join(dir, 'server.log');
    logger.info(`Starting the embedded MLflow server at ${uri} (data in ${dir})`);
    const server = embeddedServerCommand(options.environment.python, dir, port);
    const pid = spawnDetached(server.command, server.args, {
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
    while (Date.now() < deadline && daemon_isAlive(state.pid)) {
        if (await healthy(state.uri))
            return state;
        await (0,util_sleep/* sleep */.yy)(200);
    }
    await daemon_stopProcessGroup(state.pid, 2_000);
    await (0,promises_.rm)(external_node_path_default().join(dir, 'server.json'), { force: true });
    throw new errors/* ExternalError */.yA(`The embedded MLflow server did not start at ${state.uri} (log ${logFile}):\n${tailOfFile(logFile)}`);
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

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./shared/promote/serving/input-example.ts


/**
 * The body of a `POST /invocations` request made from a model's logged input example, or
 * undefined when the model logged none. MLflow (2.15+) also saves the example already in the
 * scoring server's JSON shape (`serving_input_path`); older models have only the raw example, which
 * is wrapped here the way MLflow wraps it: `{"inputs": ...}` for tensors and JSON objects,
 * `{"dataframe_split": ...}` for data frames.
 */
async function invocationBody(mlmodelText, readArtifact) {
    const parsed = mlmodelSchema.safeParse((0,dist/* parse */.qg)(mlmodelText));
    const info = parsed.success ? parsed.data.saved_input_example_info : undefined;
    if (!info)
        return undefined;
    if (info.serving_input_path)
        return readArtifact(info.serving_input_path);
    if (!info.artifact_path)
        return undefined;
    const example = JSON.parse(await readArtifact(info.artifact_path));
    if (info.type === 'dataframe') {
        const split = info.pandas_orient === 'split' || isObject(example) ? example : { data: example };
        return JSON.stringify({ dataframe_split: split });
    }
    // An example logged with inference params is already {"inputs": ..., "params": ...}.
    if (isObject(example) && 'inputs' in example)
        return JSON.stringify(example);
    return JSON.stringify({ inputs: example });
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// EXTERNAL MODULE: ./shared/promote/serving/strategy.ts
var strategy = __webpack_require__(673);
;// CONCATENATED MODULE: ./shared/promote/serving/local.ts








function localServingDir(workspaceRoot, servingName) {
    return external_node_path_default().join(workspaceRoot, '.mlenv', 'serving', servingName);
}
/** Status and stop of a local serving name: they read and stop what its record names. */
function local_localServingControl(place) {
    return {
        name: 'local',
        status: () => localServingStatus(place.workspaceRoot, place.servingName),
        stop: () => stopLocalServing(place.workspaceRoot, place.servingName, place.logger),
    };
}
function localServing(options) {
    const { servingName, logger } = options;
    const dir = localServingDir(options.workspaceRoot, servingName);
    // Whether this process's last deploy started the current server (rather than reusing it), so
    // that rollback removes only what this promotion added.
    let startedByLastDeploy = false;
    return {
        ...local_localServingControl(options),
        async deploy(target) {
            startedByLastDeploy = false;
            await (0,promises_.mkdir)(dir, { recursive: true });
            await stopAbandonedStart(dir, logger);
            const record = await readRecord(dir);
            const body = await predictionBody(options.registry, target, logger);
            if (record &&
                record.current.model === target.model &&
                record.current.version === target.version &&
                daemon_isAlive(record.current.pid)) {
                const problem = await checkServer(record.current.url, body);
                if (!problem) {
                    logger.info(`${target.model} version ${target.version} already serves at ${record.current.url}`);
                    return { url: record.current.url, reused: true };
                }
                logger.warning(`The server of version ${target.version} is unhealthy (${problem}); starting a new one`);
            }
            const server = await startServer(options, dir, target);
            await writeJson(external_node_path_default().join(dir, 'starting.json'), server);
            logger.info(`Starting ${target.modelUri} (version ${target.version}) at ${server.url} (pid ${server.pid}, log ${server.logFile})`);
            const started = Date.now();
            const problem = await waitReady(server, body, options.readyTimeoutMs ?? 300_000);
            if (problem) {
                await daemon_stopProcessGroup(server.pid, 5_000);
                await (0,promises_.rm)(external_node_path_default().join(dir, 'starting.json'), { force: true });
                throw new strategy/* ServingError */.v(`${target.model} version ${target.version} did not become healthy at ${server.url}: ${problem}. ` +
                    `${record ? `Version ${record.current.version} keeps serving at ${record.current.url}.` : 'Nothing was serving before.'}\n` +
                    `Last lines of ${server.logFile}:\n${tailOfFile(server.logFile, 15)}`);
            }
            logger.info(`Version ${target.version} answered a prediction on its input example after ${Math.round((Date.now() - started) / 1000)}s`);
            // Switch: the serving address names the new server. The one it replaces keeps running as
            // `previous` until the promotion commits, so a later failure can switch back at once.
            const previous = record && daemon_isAlive(record.current.pid) ? record.current : undefined;
            if (record?.previous && record.previous.pid !== previous?.pid) {
                // Kept by a promotion that never finished; what served before this deploy is `current`.
                await stopServer(record.previous, logger);
            }
            await writeRecord(dir, {
                serving: servingName,
                current: server,
                ...(previous ? { previous } : {}),
                updatedAt: new Date().toISOString(),
            });
            await (0,promises_.rm)(external_node_path_default().join(dir, 'starting.json'), { force: true });
            startedByLastDeploy = true;
            return { url: server.url, reused: false };
        },
        async commit() {
            const record = await readRecord(dir);
            if (!record?.previous)
                return;
            await stopServer(record.previous, logger);
            await writeRecord(dir, {
                serving: servingName,
                current: record.current,
                updatedAt: new Date().toISOString(),
            });
        },
        async rollback() {
            const record = await readRecord(dir);
            if (!record)
                return;
            if (record.previous && daemon_isAlive(record.previous.pid)) {
                logger.info(`Switching ${servingName} back to version ${record.previous.version} at ${record.previous.url}`);
                await writeRecord(dir, {
                    serving: servingName,
                    current: record.previous,
                    updatedAt: new Date().toISOString(),
                });
                await stopServer(record.current, logger);
            }
            else if (startedByLastDeploy) {
                // Nothing served before this promotion's deploy: back to nothing.
                await (0,promises_.rm)(external_node_path_default().join(dir, 'server.json'), { force: true });
                await stopServer(record.current, logger);
            }
            startedByLastDeploy = false;
        },
    };
}
/** `mlenv serve status` for a local serving name: the record, and whether its server answers. */
async function localServingStatus(workspaceRoot, servingName) {
    const record = await readRecord(localServingDir(workspaceRoot, servingName));
    const base = { serving: servingName, strategy: 'local' };
    if (!record)
        return { ...base, deployed: false, healthy: false, detail: 'nothing deployed' };
    const { current } = record;
    const alive = daemon_isAlive(current.pid);
    const problem = alive ? await checkServer(current.url, undefined) : `pid ${current.pid} exited`;
    return {
        ...base,
        deployed: true,
        healthy: !problem,
        url: current.url,
        model: current.model,
        version: current.version,
        startedAt: current.startedAt,
        previousVersion: record.previous?.version,
        detail: problem,
    };
}
/** `mlenv serve stop`: stops every server of the serving name and removes its record. */
async function stopLocalServing(workspaceRoot, servingName, logger) {
    const dir = localServingDir(workspaceRoot, servingName);
    const record = await readRecord(dir);
    const starting = await readServer(external_node_path_default().join(dir, 'starting.json'));
    const servers = [record?.current, record?.previous, starting].filter((s) => s !== undefined && daemon_isAlive(s.pid));
    // The address goes first: nobody is sent to a server that is being stopped.
    await (0,promises_.rm)(external_node_path_default().join(dir, 'server.json'), { force: true });
    await (0,promises_.rm)(external_node_path_default().join(dir, 'starting.json'), { force: true });
    for (const server of servers)
        await stopServer(server, logger);
    return servers.length > 0;
}
async function startServer(options, dir, target) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logFile = external_node_path_default().join(dir, `server-v${target.version}-${port}.log`);
    const env = {
        ...process.env,
        // `mlflow models serve --env-manager local` execs `uvicorn` by name: it must be this
        // environment's, not one that happens to be on the user's PATH.
        PATH: [options.bin, process.env.PATH ?? ''].join((external_node_path_default()).delimiter),
        MLFLOW_TRACKING_URI: options.tracking.uri,
        ...MLFLOW_NO_TELEMETRY,
    };
    if (options.tracking.token)
        env.MLFLOW_TRACKING_TOKEN = options.tracking.token;
    const pid = spawnDetached(options.mlflow, [
        'models',
        'serve',
        '--model-uri',
        target.modelUri,
        '--env-manager',
        'local',
        ...mlflowLoopbackArgs(port),
    ], { cwd: dir, env, logFile });
    return {
        pid,
        port,
        url,
        model: target.model,
        version: target.version,
        modelUri: target.modelUri,
        startedAt: new Date().toISOString(),
        logFile,
    };
}
/** The request body of the health prediction, from the version's logged input example. */
async function predictionBody(registry, target, logger) {
    const read = (file) => registry.versionArtifact(target.model, target.version, file);
    const body = await invocationBody(await read('MLmodel'), read);
    if (!body)
        logger.warning(`${target.model} version ${target.version} logged no input example: the health check can only ask /ping. Log the model with input_example= to have every promotion make a real prediction.`);
    return body;
}
/** Waits for /ping, then makes the prediction; the problem found, or undefined when healthy. */
async function waitReady(server, body, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (!daemon_isAlive(server.pid))
            return 'the server exited';
        if ((await ping(server.url)) === undefined)
            break;
        if (Date.now() >= deadline)
            return `no answer to /ping within ${Math.round(timeoutMs / 1000)}s`;
        await (0,util_sleep/* sleep */.yy)(500);
    }
    return body === undefined ? undefined : predict(server.url, body);
}
/** Liveness and, when there is an example, a prediction; the problem, or undefined. */
async function checkServer(url, body) {
    return (await ping(url)) ?? (body === undefined ? undefined : predict(url, body));
}
async function ping(url) {
    try {
        const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2_000) });
        return response.ok ? undefined : `/ping answered ${response.status}`;
    }
    catch (error) {
        return `/ping failed: ${reason(error)}`;
    }
}
async function predict(url, body) {
    try {
        const response = await fetch(`${url}/invocations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(60_000),
        });
        const text = await response.text();
        if (!response.ok)
            return `the prediction on the input example answered ${response.status}: ${scoringError(text)}`;
        const parsed = local_safeJson(text);
        if (typeof parsed !== 'object' || parsed === null || !('predictions' in parsed))
            return `the prediction on the input example answered without predictions: ${text.slice(0, 300)}`;
        return undefined;
    }
    catch (error) {
        return `the prediction on the input example failed: ${reason(error)}`;
    }
}
/**
 * MLflow's scoring server answers a failed prediction with its generic message and the whole
 * traceback; the traceback's last line is the model's own error, which is what people need.
 */
function scoringError(text) {
    const body = local_safeJson(text);
    if (typeof body !== 'object' || body === null)
        return text.slice(0, 500);
    const { message, stack_trace: trace } = body;
    const last = typeof trace === 'string'
        ? trace
            .trimEnd()
            .split('\n')
            .filter((line) => line.trim())
            .at(-1)
            ?.trim()
        : undefined;
    return [typeof message === 'string' ? message : text.slice(0, 300), last]
        .filter(Boolean)
        .join(' ');
}
async function stopServer(server, logger) {
    if (!daemon_isAlive(server.pid))
        return;
    logger?.info(`Stopping version ${server.version} at ${server.url} (pid ${server.pid})`);
    await daemon_stopProcessGroup(server.pid, 10_000);
}
/** A server whose starter died before switching to it or stopping it. */
async function stopAbandonedStart(dir, logger) {
    const file = external_node_path_default().join(dir, 'starting.json');
    const server = await readServer(file);
    if (server && daemon_isAlive(server.pid)) {
        logger.warning(`Stopping version ${server.version} at ${server.url}, left starting by an interrupted promotion`);
        await daemon_stopProcessGroup(server.pid, 5_000);
    }
    await (0,promises_.rm)(file, { force: true });
}
async function readLocalServing(workspaceRoot, servingName) {
    return readRecord(localServingDir(workspaceRoot, servingName));
}
async function readRecord(dir) {
    const parsed = localServingRecordSchema.safeParse(await (0,promises_.readFile)(external_node_path_default().join(dir, 'server.json'), 'utf8').then(local_safeJson, () => undefined));
    return parsed.success ? parsed.data : undefined;
}
async function readServer(file) {
    const parsed = localServerSchema.safeParse(await (0,promises_.readFile)(file, 'utf8').then(local_safeJson, () => undefined));
    return parsed.success ? parsed.data : undefined;
}
function writeRecord(dir, record) {
    return writeJson(external_node_path_default().join(dir, 'server.json'), record);
}
/** Written whole or not at all: a reader never sees half an address. */
async function writeJson(file, value) {
    const tmp = `${file}.${process.pid}.tmp`;
    await (0,promises_.writeFile)(tmp, `${JSON.stringify(value, null, 2)}\n`);
    await (0,promises_.rename)(tmp, file);
}
function local_safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function reason(error) {
    if (error instanceof Error)
        return error.cause instanceof Error ? error.cause.message : error.message;
    return String(error);
}

;// CONCATENATED MODULE: ./shared/promote/serving/index.ts




/**
 * The one place the serving options are read from the workspace (`serving.*`) and the project's
 * serving name; what is missing for the target is a configuration error here, before any
 * service is contacted.
 */
function serving_servingOptions(workspace, servingName, adapter) {
    const serving = workspace.config.serving;
    switch (serving.target) {
        case 'local':
            return {
                target: 'local',
                servingName,
                workspaceRoot: workspace.root,
                logger: adapter.logger,
            };
        case 'kserve':
            if (!serving.namespace)
                throw new errors/* ConfigurationError */.j1('serving.namespace: expected the Kubernetes namespace of the InferenceServices for target kserve, found none.');
            return {
                target: 'kserve',
                servingName,
                namespace: serving.namespace,
                kubeconfig: adapter.kubeconfig,
                canarySteps: serving.canarySteps,
                logger: adapter.logger,
            };
    }
}
/** Status and stop of a serving name, which need neither MLflow nor the environment. */
async function serving_createServingControl(options) {
    switch (options.target) {
        case 'local':
            return localServingControl(options);
        case 'kserve': {
            const { kserveServingControl } = await __webpack_require__.e(/* import() */ 642).then(__webpack_require__.bind(__webpack_require__, 8642));
            return kserveServingControl({ ...options, client: await kubeClient(options) });
        }
    }
}
/** The strategy a promotion deploys with, for the workspace's `serving.target`. */
async function createServingStrategy(options) {
    switch (options.target) {
        case 'local':
            return localServing({
                workspaceRoot: options.workspaceRoot,
                servingName: options.servingName,
                bin: options.environment.bin,
                mlflow: options.environment.mlflow,
                tracking: options.tracking,
                registry: options.registry,
                logger: options.logger,
                readyTimeoutMs: options.readyTimeoutMs,
            });
        case 'kserve': {
            const { kserveServing } = await __webpack_require__.e(/* import() */ 642).then(__webpack_require__.bind(__webpack_require__, 8642));
            return kserveServing({
                client: await kubeClient(options),
                namespace: options.namespace,
                servingName: options.servingName,
                storageUri: (target) => modelStorageUri(options, target.model, target.version),
                canarySteps: options.canarySteps,
                readyTimeoutMs: options.readyTimeoutMs,
                logger: options.logger,
            });
        }
    }
}
// Loaded only on the kserve path: the Kubernetes client is heavy.
async function kubeClient(options) {
    const { createKubeClient } = await __webpack_require__.e(/* import() */ 629).then(__webpack_require__.bind(__webpack_require__, 3629));
    return createKubeClient({
        kubeconfig: options.kubeconfig,
        namespace: options.namespace,
        logger: options.logger,
    });
}
/**
 * Where KServe's storage initializer fetches a version: the artifact location of the logged model
 * the version points at (`models:/m-...` in MLflow 3), else the version's source. It must be a
 * store the cluster reads (s3://, gs://, ...), which is how production tracking servers keep
 * artifacts.
 */
async function modelStorageUri(options, model, version) {
    const found = await options.registry.getVersion(model, version);
    const source = found?.source;
    if (!source)
        throw new errors/* ConfigurationError */.j1(`${model} version ${version} has no source to serve.`);
    const loggedModel = /^models:\/(m-[0-9a-f]+)$/.exec(source)?.[1];
    if (!loggedModel)
        return source;
    const response = await fetch(`${options.tracking.uri.replace(/\/$/, '')}/api/2.0/mlflow/logged-models/${loggedModel}`, {
        headers: options.tracking.token ? { authorization: `Bearer ${options.tracking.token}` } : {},
        signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok)
        throw new Error(`MLflow answered ${response.status} for logged model ${loggedModel}`);
    const body = (await response.json());
    const location = body.model?.info?.artifact_uri;
    if (!location)
        throw new Error(`MLflow gave no artifact location for logged model ${loggedModel}`);
    return location;
}

;// CONCATENATED MODULE: ./shared/promote/run-promote.ts









async function runPromote(request) {
    const { workspace, project, logger } = request;
    const env = request.env ?? process.env;
    const config = requirePromote(project);
    // First: a serving section that does not fit its target fails before any service is contacted.
    const where = serving_servingOptions(workspace, config.serving.name, {
        kubeconfig: request.kubeconfig,
        logger,
    });
    let environment;
    const getEnvironment = () => {
        environment ??= resolveEnvironment(workspace, { venv: request.venv, logger });
        return environment;
    };
    const mlflow = await resolveTracking({
        workspace,
        environment: getEnvironment,
        uri: request.trackingUri,
        retryBudgetMs: request.mlflowRetryBudgetMs,
        logger,
        env,
    });
    const registry = mlflowRegistry(mlflow);
    const needs = {
        registry,
        tracking: { uri: mlflow.uri, token: env.MLFLOW_TRACKING_TOKEN },
        readyTimeoutMs: request.readyTimeoutMs,
    };
    const serving = await createServingStrategy(
    // Only the local target runs the environment's `mlflow models serve`.
    where.target === 'local'
        ? { ...where, ...needs, environment: await getEnvironment() }
        : { ...where, ...needs });
    const common = {
        model: config.model,
        servingName: config.serving.name,
        registry,
        serving,
        logger,
        lease: { holder: request.holder, waitMs: request.leaseWaitMs },
        deployment: request.deployment,
        onStage: request.onStage,
    };
    if (request.rollback) {
        if (request.version || request.runId || request.commit)
            throw new errors/* ConfigurationError */.j1('--rollback takes no candidate: it serves the previous-champion alias again.');
        return rollback(common);
    }
    return promote({
        ...common,
        gates: config.gates,
        candidate: await candidateRef(request, env),
        isAncestor: (older, newer) => isAncestor(request.workspace.root, older, newer),
    });
}
/** `mlenv serve status` for a project's serving name. */
async function servingStatus(workspace, project, options) {
    const config = requirePromote(project);
    return (await createServingControl(servingOptions(workspace, config.serving.name, options))).status();
}
/** `mlenv serve stop`: false when nothing was running. Aliases are not touched. */
async function stopServing(workspace, project, options) {
    const config = requirePromote(project);
    return (await createServingControl(servingOptions(workspace, config.serving.name, options))).stop();
}
async function candidateRef(request, env) {
    const given = [request.version, request.runId, request.commit].filter((v) => v !== undefined);
    if (given.length > 1)
        throw new errors/* ConfigurationError */.j1('Pass at most one of --model-version, --run-id and --commit.');
    if (request.version !== undefined)
        return { version: request.version };
    if (request.runId !== undefined)
        return { runId: request.runId };
    if (request.commit !== undefined)
        return { commit: request.commit };
    const { commit } = await detectRunContext(request.workspace.root, env);
    if (!commit)
        throw new errors/* ConfigurationError */.j1('Cannot tell which version to promote: not in a git checkout and no --model-version, --run-id or --commit given.');
    return { commit };
}
function requirePromote(project) {
    if (!project.config.promote) {
        throw new errors/* ConfigurationError */.j1(`${external_node_path_default().relative(process.cwd(), project.file) || project.file}: expected a promote section (model, gates, serving), found none.`);
    }
    return project.config.promote;
}

// EXTERNAL MODULE: ./shared/config/select-project.ts
var select_project = __webpack_require__(3889);
;// CONCATENATED MODULE: ./shared/promote/served-project.ts


/**
 * The project `mlenv serve status|stop` acts on: the one named, else the one around `cwd`, else
 * the only project with a promote section (a workspace's libraries serve nothing, so they do not
 * make the choice ambiguous).
 */
function selectServedProject(workspace, wanted, cwd = process.cwd()) {
    if (wanted)
        return selectProject(workspace, wanted, cwd);
    const around = projectAround(workspace, cwd);
    if (around)
        return around;
    const served = workspace.projects.filter((project) => project.config.promote);
    if (served.length === 1 && served[0])
        return served[0];
    if (served.length === 0) {
        const names = workspace.projects.map((p) => p.name).join(', ') || 'no projects';
        throw new ConfigurationError(`Nothing to serve: expected a project with a promote section (model, gates, serving), found none in the workspace (${names}).`);
    }
    throw new ConfigurationError(`Which project? Several serve a model: ${served.map((p) => p.name).join(', ')}. Name one, or run inside its directory.`);
}

;// CONCATENATED MODULE: ./shared/promote/index.ts











/***/ }),

/***/ 673:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ ServingError)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);

/** A deployment did not become healthy, or could not be switched to. */
class ServingError extends _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ExternalError */ .yA {
    name = 'ServingError';
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
