export const id = 546;
export const ids = [546];
export const modules = {

/***/ 546:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   chooseBuilder: () => (/* binding */ chooseBuilder),
/* harmony export */   probeBuilders: () => (/* binding */ probeBuilders)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9171);


const INSTALL = 'Install buildah (Debian and Ubuntu: apt-get install buildah; it needs no daemon), or Docker with the buildx plugin and a running engine.';
/**
 * buildx when a Docker engine answers and has the plugin: it is what the machine already uses,
 * with its cache and logins. buildah otherwise: it builds without a daemon. `--builder` overrides,
 * and then a missing piece is an error rather than a fallback.
 */
function chooseBuilder(found, requested) {
    const dockerReady = found.docker.ok && found.buildx.ok;
    const dockerWhy = !found.docker.ok
        ? `no Docker engine answers (docker info: ${found.docker.detail})`
        : `Docker answers but has no buildx plugin (${found.buildx.detail})`;
    if (requested === 'buildx') {
        if (!dockerReady)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`--builder buildx: expected a Docker engine that answers docker info, with the buildx plugin; found ${dockerWhy}. Start the engine, or install docker-buildx-plugin, or use --builder buildah.`);
        return {
            name: 'buildx',
            reason: `--builder buildx (${found.docker.detail}, ${found.buildx.detail})`,
        };
    }
    if (requested === 'buildah') {
        if (!found.buildah.ok)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`--builder buildah: expected buildah on PATH, found ${found.buildah.detail}. Install it (Debian and Ubuntu: apt-get install buildah).`);
        return { name: 'buildah', reason: `--builder buildah (${found.buildah.detail})` };
    }
    if (dockerReady)
        return {
            name: 'buildx',
            reason: `a Docker engine answers (${found.docker.detail}) with ${found.buildx.detail}`,
        };
    if (found.buildah.ok)
        return { name: 'buildah', reason: `${dockerWhy}; ${found.buildah.detail} builds without one` };
    throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`No image builder: expected a Docker engine with buildx or buildah on PATH; found ${dockerWhy}, and no buildah (${found.buildah.detail}). ${INSTALL}`);
}
async function probe(argv, logger, name) {
    try {
        const outcome = await (0,_command_js__WEBPACK_IMPORTED_MODULE_1__/* .runCommand */ .d)(argv, logger, {
            echo: 'debug',
            capture: true,
            timeoutMs: 15_000,
        });
        const out = outcome.stdout.trim();
        // An engine that does not answer can still leave `docker info` printing the client's part.
        if (outcome.exitCode === 0 && out)
            return { ok: true, detail: name(out) };
        const last = outcome.tail.split('\n').filter(Boolean).at(-1) ?? `exit ${outcome.exitCode}`;
        return { ok: false, detail: last.trim() };
    }
    catch (error) {
        if (error instanceof _command_js__WEBPACK_IMPORTED_MODULE_1__/* .MissingProgramError */ .V)
            return { ok: false, detail: `${argv[0]} not found` };
        throw error;
    }
}
/** Asks the machine, all three at once: a few hundred milliseconds, only on the way to a build. */
async function probeBuilders(logger) {
    const [docker, buildx, buildah] = await Promise.all([
        probe(['docker', 'info', '--format', '{{.ServerVersion}}'], logger, (v) => `Docker ${v}`),
        probe(['docker', 'buildx', 'version'], logger, (v) => v.split(/\s+/).slice(0, 2).join(' ')),
        probe(['buildah', '--version'], logger, (v) => {
            const version = /version\s+(\S+)/.exec(v)?.[1];
            return version ? `buildah ${version}` : v;
        }),
    ]);
    return { docker, buildx, buildah };
}


/***/ })

};
