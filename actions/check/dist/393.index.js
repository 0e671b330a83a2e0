export const id = 393;
export const ids = [393];
export const modules = {

/***/ 2393:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkWorkspace: () => (/* binding */ checkWorkspace)
/* harmony export */ });
/* harmony import */ var _environment_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8345);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7364);
/* harmony import */ var _index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4105);



/** `mlenv check` and the check action: lint, format and unit tests in the shared environment. */
async function checkWorkspace(options) {
    const { workspace } = options;
    const projects = options.projects.length > 0 ? options.projects : workspace.projects;
    if (projects.length === 0)
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`${workspace.file}: expected at least one project, found none.`);
    return (0,_index_js__WEBPACK_IMPORTED_MODULE_2__/* .runCheck */ .k_)({
        projects: projects.map((project) => ({
            name: project.name,
            dir: project.dir,
            unitTests: project.config.tests.unit,
            check: project.config.check,
        })),
        workspaceRoot: workspace.root,
        bin: options.environment.bin,
        // Only an environment built from the lock has a hash: else it is the --venv given.
        environmentSource: options.environment.lockHash
            ? workspace.config.environment.lock
            : `the environment ${options.environment.venv}`,
        indexArgs: (0,_environment_index_js__WEBPACK_IMPORTED_MODULE_0__/* .indexArguments */ .t4)(workspace.config.environment),
        logger: options.logger,
        signal: options.signal,
    });
}


/***/ })

};
