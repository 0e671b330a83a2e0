export const id = 985;
export const ids = [985,269];
export const modules = {

/***/ 7269:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MlflowClient: () => (/* binding */ MlflowClient),
  mF: () => (/* binding */ MlflowError),
  wT: () => (/* binding */ MlflowUnreachableError),
  RD: () => (/* binding */ latestMetrics)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
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
    async setTags(runId, tags) {
        const body = {
            run_id: runId,
            tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
        };
        await this.#call('POST', 'runs/log-batch', null, { body });
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
        const deadline = Date.now() + this.#budgetMs;
        let attempt = 0;
        for (;;) {
            attempt++;
            let response;
            try {
                response = await this.#fetch(url, {
                    method,
                    headers: {
                        'content-type': contentType,
                        ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}),
                    },
                    body,
                    signal: AbortSignal.timeout(Math.max(1_000, Math.min(30_000, deadline - Date.now()))),
                });
            }
            catch (error) {
                const reason = error instanceof Error
                    ? error.cause instanceof Error
                        ? error.cause.message
                        : error.message
                    : String(error);
                if (Date.now() + backoff(attempt) < deadline) {
                    this.#logger?.debug(`MLflow at ${this.uri} unreachable (${reason}); retry ${attempt}`);
                    await sleep(backoff(attempt));
                    continue;
                }
                throw new MlflowUnreachableError(`MLflow tracking server ${this.uri} is unreachable after ${attempt} attempt(s) in ${Math.round(this.#budgetMs / 1000)}s: ${reason}`);
            }
            const text = await response.text();
            if (response.ok)
                return text;
            if (RETRYABLE_STATUS.has(response.status) && Date.now() + backoff(attempt) < deadline) {
                this.#logger?.debug(`MLflow at ${this.uri} answered ${response.status}; retry ${attempt}`);
                await sleep(retryAfter(response) ?? backoff(attempt));
                continue;
            }
            const parsed = errorResponseSchema.safeParse(safeJson(text));
            const detail = parsed.success ? (parsed.data.message ?? text) : text;
            throw new MlflowError(`MLflow at ${this.uri} answered ${method} ${new URL(url).pathname} with ${response.status}: ${detail.slice(0, 500)}`, response.status, parsed.success ? parsed.data.error_code : undefined);
        }
    }
}
function isNotFound(error) {
    return error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST';
}
function backoff(attempt) {
    return Math.min(8_000, 250 * 2 ** (attempt - 1));
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
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
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

/***/ 7985:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mlflowRegistry: () => (/* binding */ mlflowRegistry)
/* harmony export */ });
/* unused harmony export newestFirst */
/* harmony import */ var _mlflow_client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7269);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(890);


function mlflowRegistry(client) {
    return {
        uri: client.uri,
        getVersion: (model, version) => client.getModelVersion(model, version).catch((error) => {
            if (error instanceof _mlflow_client_js__WEBPACK_IMPORTED_MODULE_0__/* .MlflowError */ .mF && error.code === 'RESOURCE_DOES_NOT_EXIST')
                return undefined;
            throw error;
        }),
        versionByAlias: (model, alias) => client.getModelVersionByAlias(model, alias),
        setAlias: (model, alias, version) => client.setRegisteredModelAlias(model, alias, version),
        deleteAlias: (model, alias) => client.deleteRegisteredModelAlias(model, alias),
        versionsByTag: async (model, key, value) => newestFirst(await client.searchModelVersions(`name = ${quote(model)} and tags.\`${key}\` = ${quote(value)}`)),
        versionsByRun: async (model, runId) => newestFirst(await client.searchModelVersions(`name = ${quote(model)} and run_id = ${quote(runId)}`)),
        runMetrics: async (runId) => (0,_mlflow_client_js__WEBPACK_IMPORTED_MODULE_0__/* .latestMetrics */ .RD)(await client.getRun(runId)),
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


/***/ }),

/***/ 890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rY: () => (/* binding */ ALIASES)
/* harmony export */ });
/* unused harmony exports LEASE_TAG, COMMIT_TAG, leaseSchema, localServerSchema, localServingRecordSchema, mlmodelSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);

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
const leaseSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    /** Who holds it, for people: "alice@laptop pid 4242" or a workflow run URL. */
    holder: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    /** Random per acquisition: what "still mine" is checked against. */
    token: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    host: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    pid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    acquiredAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    expiresAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    /** What the holder is doing, so that whoever takes over a dead holder's lease can finish it. */
    operation: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        kind: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['promote', 'rollback']),
        from: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        to: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    })
        .optional(),
});
/** One `mlflow models serve` process of the local serving target. */
const localServerSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    pid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    port: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    model: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    version: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    modelUri: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    startedAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    logFile: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
});
/**
 * The serving address file of a local serving name: which server answers (`current`) and, while a
 * promotion is between its switch and its end, the server it replaced (`previous`), kept running
 * so the promotion can switch back.
 */
const localServingRecordSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    serving: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    current: localServerSchema,
    previous: localServerSchema.optional(),
    updatedAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
});
/** The part of an MLmodel file that says where the input example is. */
const mlmodelSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    saved_input_example_info: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        artifact_path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        serving_input_path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        pandas_orient: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    })
        .optional()
        .nullable(),
});


/***/ })

};
