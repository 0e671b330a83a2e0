export const id = 535;
export const ids = [535];
export const modules = {

/***/ 535:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   buildxArgv: () => (/* binding */ buildxArgv),
/* harmony export */   createBuildxBuilder: () => (/* binding */ createBuildxBuilder)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _build_args_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5162);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9171);






// Docker's BuildKit, through the engine the machine already runs (GitHub's hosted runners, a
// developer's Docker Desktop). buildx builds and pushes in one step, so the push time is part of
// the build's; the digest comes from its metadata file.
/**
 * `--push` for a registry with TLS; for a plain-HTTP one the image exporter is told so itself
 * (`registry.insecure`), which BuildKit needs in addition to the engine's insecure-registries.
 */
function outputFlags(plan) {
    if (!plan.push)
        return ['--load'];
    if (plan.plainHttp.includes(plan.registry))
        return ['--output', `type=image,name=${plan.image},push=true,registry.insecure=true`];
    return ['--push'];
}
function buildxArgv(plan, metadataFile) {
    return [
        'docker',
        'buildx',
        'build',
        '--progress',
        'plain',
        '--file',
        plan.dockerfile,
        '--tag',
        plan.image,
        ...(0,_build_args_js__WEBPACK_IMPORTED_MODULE_4__/* .buildArgFlags */ .eE)(plan.buildArgs),
        ...(0,_build_args_js__WEBPACK_IMPORTED_MODULE_4__/* .caBundleFlags */ .Qf)(plan),
        ...outputFlags(plan),
        '--metadata-file',
        metadataFile,
        plan.context,
    ];
}
function createBuildxBuilder() {
    return {
        name: 'buildx',
        async build(plan, logger) {
            const scratch = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(node_os__WEBPACK_IMPORTED_MODULE_1___default().tmpdir(), 'mlenv-buildx-'));
            try {
                if (plan.credentials && plan.push) {
                    // As docker/login-action does: BuildKit pushes with the engine's stored login. The
                    // password goes on stdin, never in argv.
                    logger.info(`docker login ${plan.registry} with ${plan.credentials.source}`);
                    const login = await (0,_command_js__WEBPACK_IMPORTED_MODULE_5__/* .runCommand */ .d)([
                        'docker',
                        'login',
                        plan.registry,
                        '--username',
                        plan.credentials.username,
                        '--password-stdin',
                    ], logger, { input: plan.credentials.password, echo: 'debug' });
                    if (login.exitCode !== 0)
                        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .ExternalError */ .yA(`docker login ${plan.registry} with ${plan.credentials.source} failed:\n${login.tail}`);
                }
                const metadataFile = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(scratch, 'metadata.json');
                const argv = buildxArgv(plan, metadataFile);
                logger.debug(`$ ${argv.join(' ')}`);
                const started = performance.now();
                const outcome = await (0,_command_js__WEBPACK_IMPORTED_MODULE_5__/* .runCommand */ .d)(argv, logger);
                if (outcome.exitCode !== 0)
                    throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .ExternalError */ .yA(`docker buildx build failed (exit ${outcome.exitCode}); its last lines:\n${outcome.tail}`);
                const buildSeconds = (performance.now() - started) / 1000;
                const metadata = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(metadataFile, 'utf8').catch(() => '{}'));
                return {
                    buildSeconds,
                    pushInBuild: plan.push,
                    digest: metadata['containerimage.digest'],
                };
            }
            finally {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(scratch, { recursive: true, force: true });
            }
        },
    };
}


/***/ })

};
