export const id = 193;
export const ids = [193];
export const modules = {

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

/***/ 5193:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BACKENDS: () => (/* binding */ BACKENDS),
/* harmony export */   backendForHandle: () => (/* binding */ backendForHandle),
/* harmony export */   backendOptions: () => (/* binding */ backendOptions),
/* harmony export */   cancelHandle: () => (/* binding */ cancelHandle),
/* harmony export */   cleanupHandle: () => (/* binding */ cleanupHandle),
/* harmony export */   createBackend: () => (/* binding */ createBackend)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7364);
/* harmony import */ var _k8s_kubeconfig_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2666);



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
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`${workspace.file}: expected a kubernetes section (namespace, serviceAccount) for --backend kubernetes, found none.`);
            }
            if (settings.multiNode) {
                logger.warning(`${workspace.file}: kubernetes.multiNode is deprecated: write "workload: ${settings.workload}" in its place.`);
            }
            if (!settings.checkpoints) {
                logger.debug('No kubernetes.checkpoints.claimName: checkpoints live in the pod and do not survive a preemption.');
            }
            // A run without a kubeconfig fails here in one line, before an MLflow run is created for it.
            if (!request.offline)
                (0,_k8s_kubeconfig_js__WEBPACK_IMPORTED_MODULE_2__/* .kubeconfigSource */ .X)(request.kubeconfig, request.env);
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
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .OptionError */ .eR('backend', `expected one of ${BACKENDS.join(', ')}, found "${request.name}"`);
    }
}
/** Builds a backend for new runs; it loads its clients only when first used (never by `plan`). */
async function createBackend(options) {
    switch (options.backend) {
        case 'local': {
            const { createLocalBackend } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(489)]).then(__webpack_require__.bind(__webpack_require__, 4489));
            return createLocalBackend(options);
        }
        case 'kubernetes': {
            const { createKubernetesBackend } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(620)]).then(__webpack_require__.bind(__webpack_require__, 620));
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
            const { createLocalBackend } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(489)]).then(__webpack_require__.bind(__webpack_require__, 4489));
            return createLocalBackend({ env: context.env });
        }
        case 'kubernetes': {
            const { kubernetesOperations } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(620)]).then(__webpack_require__.bind(__webpack_require__, 620));
            return kubernetesOperations({
                kubeconfig: handle.kubeconfig ? node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(handle.kubeconfig) : undefined,
                context: handle.context,
                namespace: handle.namespace,
                env: context.env,
                logger: context.logger,
            });
        }
        default:
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`expected a handle of one of the backends ${BACKENDS.join(', ')}, found backend "${handle.backend}"`);
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


/***/ })

};
