export const id = 596;
export const ids = [596];
export const modules = {

/***/ 9596:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   findDeployment: () => (/* binding */ findDeployment),
/* harmony export */   recordDeployment: () => (/* binding */ recordDeployment)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);

// GitHub refuses longer deployment and status descriptions.
const MAX_DESCRIPTION = 140;
function shortDescription(text) {
    return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}
function assertSha(sha) {
    if (!/^[0-9a-f]{40}$/.test(sha)) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`a deployment is recorded for a commit: expected a full 40-character sha, found "${sha}"`);
    }
}
/**
 * Records a deployment of a commit to an environment on GitHub, so that the repository's
 * Environments page shows what serves where. The commit is already merged: auto-merge is off
 * and no commit status is required, which would otherwise block it (409).
 */
async function recordDeployment(options) {
    const { octokit, owner, repo, ref, environment, logger } = options;
    assertSha(ref);
    const { data, status } = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref,
        environment,
        description: shortDescription(options.description),
        payload: options.payload ?? {},
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        production_environment: true,
    });
    if (!('id' in data)) {
        // 202: GitHub merged the default branch instead of deploying, which auto_merge: false rules out.
        throw new Error(`GitHub did not create the deployment (${status}): ${data.message ?? ''}`);
    }
    logger.info(`Recorded deployment ${data.id} of ${ref.slice(0, 7)} to ${environment}`);
    return handle(options, data.id, environment);
}
/**
 * The newest deployment of a commit to an environment, if any: a re-run of the same workflow
 * reuses it instead of recording a second one.
 */
async function findDeployment(options) {
    const { octokit, owner, repo, sha, environment, logger } = options;
    assertSha(sha);
    const { data } = await octokit.rest.repos.listDeployments({
        owner,
        repo,
        sha,
        environment,
        per_page: 1,
    });
    const [newest] = data;
    if (!newest)
        return undefined;
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
        owner,
        repo,
        deployment_id: newest.id,
        per_page: 1,
    });
    const state = statuses[0]?.state;
    logger.info(`Reusing deployment ${newest.id} of ${sha.slice(0, 7)} to ${environment}${state ? ` (${state})` : ''}`);
    return handle({ octokit, owner, repo, logger }, newest.id, environment, state);
}
function handle(target, id, environment, state) {
    const { octokit, owner, repo, logger } = target;
    const deployment = {
        id,
        state,
        async setStatus(next, details = {}) {
            await octokit.rest.repos.createDeploymentStatus({
                owner,
                repo,
                deployment_id: id,
                state: next,
                ...(details.environmentUrl ? { environment_url: details.environmentUrl } : {}),
                ...(details.logUrl ? { log_url: details.logUrl } : {}),
                ...(details.description ? { description: shortDescription(details.description) } : {}),
            });
            deployment.state = next;
            const where = details.environmentUrl ? ` at ${details.environmentUrl}` : '';
            logger.info(`Deployment ${id} to ${environment}: ${next}${where}`);
        },
    };
    return deployment;
}


/***/ })

};
