export const id = 985;
export const ids = [985];
export const modules = {

/***/ 7985:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mlflowRegistry: () => (/* binding */ mlflowRegistry)
/* harmony export */ });
/* unused harmony export newestFirst */
/* harmony import */ var _mlflow_client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4155);
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
