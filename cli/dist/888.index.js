export const id = 888;
export const ids = [888];
export const modules = {

/***/ 2718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ watchUntil)
/* harmony export */ });
/* harmony import */ var _util_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4589);
/* harmony import */ var _util_sleep_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6228);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9978);



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
            if (error instanceof _client_js__WEBPACK_IMPORTED_MODULE_2__/* .KubeError */ .a && error.status === 410) {
                resourceVersion = undefined;
                continue;
            }
            if (error instanceof _client_js__WEBPACK_IMPORTED_MODULE_2__/* .KubeError */ .a &&
                (error.status === 401 || error.status === 403 || error.status === 404))
                throw error;
            failures++;
            const delay = (0,_util_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .backoffDelay */ .E)(failures, { initialDelayMs: 400, maxDelayMs: 5_000 });
            logger?.debug(`watch ${path} interrupted (${error.message}); reconnecting in ${delay} ms`);
            // An abort during the pause ends the loop: the watch is no longer wanted.
            await (0,_util_sleep_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy)(delay, signal).catch(() => undefined);
        }
    }
}


/***/ }),

/***/ 4888:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   kserveServing: () => (/* binding */ kserveServing),
/* harmony export */   kserveServingControl: () => (/* binding */ kserveServingControl)
/* harmony export */ });
/* unused harmony exports KSERVE_ANNOTATIONS, inferenceService */
/* harmony import */ var _k8s_client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9978);
/* harmony import */ var _k8s_watch_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2718);
/* harmony import */ var _strategy_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(673);



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
                if (error instanceof _k8s_client_js__WEBPACK_IMPORTED_MODULE_0__/* .KubeError */ .a && error.status === 404)
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
            await (0,_k8s_watch_js__WEBPACK_IMPORTED_MODULE_1__/* .watchUntil */ .m)({
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
            throw new _strategy_js__WEBPACK_IMPORTED_MODULE_2__/* .ServingError */ .v(`InferenceService ${namespace}/${servingName} did not become Ready for ${what} within ${Math.round(timeoutMs / 1000)}s${failure ? ` (${failure})` : ''}`);
        try {
            await healthCheck(url, servingName);
        }
        catch (error) {
            throw new _strategy_js__WEBPACK_IMPORTED_MODULE_2__/* .ServingError */ .v(`InferenceService ${namespace}/${servingName} is Ready but unhealthy for ${what}: ${error.message}`);
        }
        return url;
    }
    async function restore(previous) {
        if (!previous) {
            // Nothing served before this promotion: remove what it created.
            await client.request('DELETE', itemPath).catch((error) => {
                if (!(error instanceof _k8s_client_js__WEBPACK_IMPORTED_MODULE_0__/* .KubeError */ .a && error.status === 404))
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
