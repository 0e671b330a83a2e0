export const id = 317;
export const ids = [317];
export const modules = {

/***/ 6317:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGithubClient: () => (/* binding */ createGithubClient)
/* harmony export */ });
/* unused harmony export GithubRateLimitError */
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);

/** A request still rate limited after the time budget for waiting was spent. */
class GithubRateLimitError extends _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ExternalError */ .yA {
    status;
    waitedMs;
    budgetMs;
    name = 'GithubRateLimitError';
    constructor(message, status, waitedMs, budgetMs, options) {
        super(message, options);
        this.status = status;
        this.waitedMs = waitedMs;
        this.budgetMs = budgetMs;
    }
}
const DEFAULT_API = 'https://api.github.com';
const DEFAULT_RETRIES = 3;
const DEFAULT_BUDGET_MS = 120_000;
// Past this many rate-limit retries of one request something else is wrong, budget or not.
const MAX_RATE_LIMIT_RETRIES = 10;
/** `GET /repos/acme/ml`: hooks see the route template, so fill in its parameters. */
function describeRequest(options) {
    const url = (options.url ?? '')
        .replace(/^https?:\/\/[^/]+/, '')
        .replace(/\{(\w+)\}/g, (whole, name) => options[name] === undefined ? whole : encodeURIComponent(String(options[name])));
    return `${options.method ?? 'GET'} ${url}`;
}
/**
 * An Octokit that survives GitHub's transient failures: 5xx answers are retried a bounded
 * number of times, rate limits (primary and secondary) are waited out within a time budget,
 * and every wait is logged. Octokit and its plugins load only here, on the paths that talk to
 * GitHub.
 */
async function createGithubClient(options) {
    const { logger } = options;
    if (!options.token) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1('a GitHub token is required: pass `github-token` (GITHUB_TOKEN in workflows) or set GITHUB_TOKEN');
    }
    logger.mask(options.token);
    (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .checkToken */ .SK)(options.token, 'GitHub token');
    const env = options.env ?? process.env;
    const baseUrl = (options.baseUrl ?? env.GITHUB_API_URL ?? DEFAULT_API).replace(/\/+$/, '');
    const retries = options.retries ?? DEFAULT_RETRIES;
    const budgetMs = options.rateLimitBudgetMs ?? DEFAULT_BUDGET_MS;
    const [{ Octokit }, { retry }, { throttling }] = await Promise.all([
        __webpack_require__.e(/* import() */ 988).then(__webpack_require__.bind(__webpack_require__, 9988)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(735)]).then(__webpack_require__.bind(__webpack_require__, 9735)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 6856)),
    ]);
    // Time spent waiting per request; the options object is the same across its retries.
    const waited = new WeakMap();
    const exhausted = new WeakSet();
    const onLimit = (kind) => (retryAfter, requestOptions, _octokit, retryCount) => {
        const spent = waited.get(requestOptions) ?? 0;
        const waitMs = retryAfter * 1000;
        const what = describeRequest(requestOptions);
        if (spent + waitMs > budgetMs || retryCount >= MAX_RATE_LIMIT_RETRIES) {
            exhausted.add(requestOptions);
            logger.warning(`GitHub ${kind} on ${what}: not waiting another ${retryAfter} s (waited ${Math.round(spent / 1000)} s of a ${Math.round(budgetMs / 1000)} s budget)`);
            return false;
        }
        waited.set(requestOptions, spent + waitMs);
        logger.warning(`GitHub ${kind} on ${what}: waiting ${retryAfter} s before retry ${retryCount + 1}`);
        return true;
    };
    // Runs innermost, on every attempt: logs the retries plugin-retry is about to make, and turns
    // a bare 429 with Retry-After (from a proxy, or an unlabelled limit) into the primary-limit
    // shape the throttling plugin waits out, so that Retry-After is honoured whatever the wording.
    const attempts = (octokit) => {
        octokit.hook.error('request', (error, requestOptions) => {
            const e = error;
            const status = e.status ?? 0;
            const headers = e.response?.headers;
            if (status >= 500) {
                const attempt = requestOptions.request?.retryCount ?? 0;
                if (attempt < retries) {
                    const delay = (attempt + 1) ** 2;
                    logger.warning(`GitHub answered ${status} to ${describeRequest(requestOptions)}; retry ${attempt + 1} of ${retries} in ${delay} s`);
                }
            }
            else if (status === 429 &&
                headers?.['retry-after'] &&
                headers['x-ratelimit-remaining'] !== '0' &&
                !/\bsecondary rate\b/i.test(e.message ?? '')) {
                headers['x-ratelimit-remaining'] = '0';
                headers['x-ratelimit-reset'] = String(Math.ceil(Date.now() / 1000) + Number(headers['retry-after']));
            }
            throw error;
        });
        return {};
    };
    // Hooks of earlier plugins run inside later ones: `attempts` sees every attempt before
    // plugin-retry decides, and both run inside the throttling plugin. (The cast: `attempts` needs
    // only the hook, not the full Octokit type a plugin is declared with.)
    const Client = Octokit.plugin(attempts, retry, throttling);
    const octokit = new Client({
        auth: options.token,
        baseUrl,
        userAgent: options.userAgent ?? 'mlenv',
        // Octokit's own log (one line per request) goes to debug. Only the message is passed on:
        // the extra arguments some plugins log (the request options) carry the Authorization header.
        log: {
            debug: (m) => logger.debug(m),
            info: (m) => logger.debug(m),
            warn: (m) => logger.warning(m),
            error: (m) => logger.debug(m),
        },
        // 429 is the throttling plugin's: plugin-retry would otherwise retry it too, ignoring
        // Retry-After. 403 stays out of plugin-retry for the same reason (secondary limits).
        retry: { retries, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
        throttle: {
            onRateLimit: onLimit('rate limit'),
            onSecondaryRateLimit: onLimit('secondary rate limit'),
        },
    });
    // Outermost: turns the errors that need no stack into clear ones.
    octokit.hook.wrap('request', async (request, requestOptions) => {
        // Octokit hands every call the same `request` defaults object, on which the retry and
        // throttling plugins count attempts: without a copy, one failed call shortens every later one.
        requestOptions.request = { ...requestOptions.request };
        try {
            return await request(requestOptions);
        }
        catch (error) {
            const e = error;
            const what = describeRequest(requestOptions);
            if (exhausted.has(requestOptions)) {
                const spent = waited.get(requestOptions) ?? 0;
                throw new GithubRateLimitError(`GitHub kept rate limiting ${what} (status ${e.status}); gave up after waiting ${Math.round(spent / 1000)} s of a ${Math.round(budgetMs / 1000)} s budget: ${e.message ?? ''}`, e.status ?? 0, spent, budgetMs, { cause: error });
            }
            if (e.status === 401) {
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`GitHub rejected the token for ${what} (401 ${e.message ?? 'Bad credentials'}): check that the token is set and has not expired`);
            }
            throw error;
        }
    });
    return octokit;
}


/***/ })

};
