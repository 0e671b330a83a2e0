export const id = 336;
export const ids = [336];
export const modules = {

/***/ 5162:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CH: () => (/* binding */ buildArgs),
/* harmony export */   Qf: () => (/* binding */ caBundleFlags),
/* harmony export */   eE: () => (/* binding */ buildArgFlags)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7364);
/* harmony import */ var _dockerfiles_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7066);



// A name as Docker reads it: registry, path, then a tag and/or a digest.
const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$/;
/**
 * The build arguments of one build: only those the user set, so that the Dockerfile's defaults
 * (the published images, uv's own Python) stand otherwise. Values reach the builder's argv, never
 * a shell, but a malformed one would only fail deep in the build: each is checked here.
 */
function buildArgs(choices) {
    const args = {};
    for (const [option, key, value] of [
        ['base-image', _dockerfiles_js__WEBPACK_IMPORTED_MODULE_2__/* .BUILD_ARGS */ .Lr.base, choices.baseImage],
        ['uv-image', _dockerfiles_js__WEBPACK_IMPORTED_MODULE_2__/* .BUILD_ARGS */ .Lr.uv, choices.uvImage],
    ]) {
        if (value === undefined || value === '')
            continue;
        if (!IMAGE.test(value) || !/[:@]/.test(value.slice(value.lastIndexOf('/') + 1)))
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .OptionError */ .eR(option, `expected an image with a tag or digest, such as 10.1.0.1:5000/debian:bookworm-slim, found ${JSON.stringify(value)}`);
        args[key] = value;
    }
    const python = choices.python;
    if (python !== undefined && python !== '' && python !== 'managed') {
        if (!node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.isAbsolute(python) || /\s/.test(python))
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .OptionError */ .eR('python', `expected "managed" or the absolute path of a Python in the base image, such as /usr/bin/python3.11, found ${JSON.stringify(python)}`);
        args[_dockerfiles_js__WEBPACK_IMPORTED_MODULE_2__/* .BUILD_ARGS */ .Lr.python] = python;
    }
    return args;
}
/** `--build-arg KEY=VALUE` pairs, in a stable order, as buildx and buildah both take them. */
function buildArgFlags(args) {
    return Object.keys(args)
        .sort()
        .flatMap((key) => ['--build-arg', `${key}=${args[key]}`]);
}
/** `--secret` for the CA bundle, the same flag in buildx and buildah. */
function caBundleFlags(plan) {
    return plan.caBundle ? ['--secret', `id=${_dockerfiles_js__WEBPACK_IMPORTED_MODULE_2__/* .CA_BUNDLE_SECRET */ .HM},src=${plan.caBundle}`] : [];
}


/***/ }),

/***/ 9171:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ MissingProgramError),
/* harmony export */   d: () => (/* binding */ runCommand)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);

const TAIL_LINES = 40;
/** The error of a program that is not there, told apart from one that failed. */
class MissingProgramError extends Error {
    program;
    constructor(program) {
        super(`${program}: not found on PATH`);
        this.program = program;
        this.name = 'MissingProgramError';
    }
}
function runCommand(argv, logger, options = {}) {
    const [program, ...args] = argv;
    if (!program)
        return Promise.reject(new Error('runCommand: empty argv'));
    const echo = options.echo ?? 'info';
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(program, args, {
            env: options.env ?? process.env,
            cwd: options.cwd,
            stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        });
        // Our own timer rather than spawn's: that one outlives a program that never started.
        const timer = options.timeoutMs
            ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
            : undefined;
        const tail = [];
        let stdout = '';
        const partial = { stdout: '', stderr: '' };
        const lineReader = (from) => (chunk) => {
            const text = chunk.toString('utf8');
            if (from === 'stdout' && options.capture)
                stdout += text;
            const lines = (partial[from] + text).split(/\r?\n/);
            partial[from] = lines.pop() ?? '';
            for (const line of lines)
                emit(line);
        };
        const emit = (line) => {
            tail.push(line);
            if (tail.length > TAIL_LINES)
                tail.shift();
            if (echo === 'info')
                logger.info(line);
            else if (echo === 'debug')
                logger.debug(line);
        };
        child.stdout?.on('data', lineReader('stdout'));
        child.stderr?.on('data', lineReader('stderr'));
        if (options.input !== undefined)
            child.stdin?.end(options.input);
        child.on('error', (error) => {
            clearTimeout(timer);
            reject(error.code === 'ENOENT' ? new MissingProgramError(program) : error);
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            for (const rest of [partial.stdout, partial.stderr])
                if (rest)
                    emit(rest);
            resolve({
                exitCode: code ?? (signal ? 128 : 1),
                tail: [...tail, ...(signal ? [`(${program} ended by ${signal})`] : [])].join('\n'),
                stdout,
            });
        });
    });
}


/***/ }),

/***/ 1336:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildRuntimeImage: () => (/* reexport */ buildRuntimeImage)
});

// UNUSED EXPORTS: BUILDERS, BUILD_STATUS, buildArgFlags, buildArgs, formatSize, runtimeImageRef

// EXTERNAL MODULE: ./shared/images/build/build-args.ts
var build_args = __webpack_require__(5162);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./shared/environment/index.ts
var environment = __webpack_require__(7352);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/images/dockerfiles.ts
var dockerfiles = __webpack_require__(7066);
// EXTERNAL MODULE: ./shared/images/build/command.ts
var command = __webpack_require__(9171);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./shared/images/build/registry/image-ref.ts


const DOCKER_HUB = 'docker.io';
/** Where Docker Hub's registry API answers; docker.io itself only redirects. */
const DOCKER_HUB_API = 'registry-1.docker.io';
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+([._-][a-z0-9]+)*$/;
/**
 * Docker's rule: the first component names a registry when it has a dot or a port, or is
 * `localhost`; otherwise the name is on Docker Hub, where a one-word name is an official image.
 */
function parseImageRef(text) {
    const slash = text.lastIndexOf('/');
    const colon = text.lastIndexOf(':');
    if (colon <= slash)
        throw new errors/* ConfigurationError */.j1(`image ${JSON.stringify(text)}: expected <repository>:<tag>, found no tag`);
    const name = text.slice(0, colon);
    const tag = text.slice(colon + 1);
    if (!TAG.test(tag))
        throw new errors/* ConfigurationError */.j1(`image ${JSON.stringify(text)}: expected a tag of letters, digits, "_", "." and "-" (at most 128), found ${JSON.stringify(tag)}`);
    const registry = registryOf(name);
    const parts = name.split('/');
    const path = registry === DOCKER_HUB && parts[0] !== DOCKER_HUB ? parts : parts.slice(1);
    if (registry === DOCKER_HUB && path.length === 1)
        path.unshift('library');
    if (path.length === 0 || !path.every((p) => PATH_COMPONENT.test(p)))
        throw new errors/* ConfigurationError */.j1(`image ${JSON.stringify(text)}: expected a repository of lower-case words separated by "/", such as ghcr.io/acme/mlenv-runtime`);
    return { registry, repository: path.join('/'), tag };
}
/** The registry of any image name, tagged, by digest or bare (`debian` is Docker Hub's). */
function registryOf(name) {
    const parts = name.split('/');
    const first = parts[0] ?? '';
    return parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')
        ? first
        : DOCKER_HUB;
}
function formatImageRef(ref) {
    return `${ref.registry}/${ref.repository}:${ref.tag}`;
}
/** The host the registry API is reached at: Docker Hub's is not docker.io. */
function apiHost(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}
/** The host without its port, `[::1]` as `::1`. */
function hostName(registry) {
    if (registry.startsWith('['))
        return registry.slice(1, registry.indexOf(']'));
    const colon = registry.lastIndexOf(':');
    return colon === -1 ? registry : registry.slice(0, colon);
}
/**
 * Plain HTTP where the user said so (`--insecure-registry`, host or host:port), and on loopback,
 * which Docker's daemon also treats as insecure by default: nothing on the machine's own loopback
 * can be intercepted on the way. Any other registry is HTTPS with verified certificates.
 */
function usesPlainHttp(registry, insecure) {
    const host = hostName(registry);
    if (insecure.some((entry) => entry === registry || entry === host))
        return true;
    if (host === 'localhost')
        return true;
    const family = (0,external_node_net_.isIP)(host);
    if (family === 4)
        return host.startsWith('127.');
    return family === 6 && host === '::1';
}

;// CONCATENATED MODULE: ./shared/images/build/registry/credentials.ts






// Docker Hub's credentials are stored under its old index URL; any key may carry a scheme and a
// path (`https://ghcr.io/v1/`), which Docker ignores when it looks a registry up.
const HUB_KEYS = [
    'https://index.docker.io/v1/',
    'index.docker.io',
    DOCKER_HUB,
    'registry-1.docker.io',
];
function keyHost(key) {
    return key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}
function lookup(map, registry) {
    if (!map)
        return undefined;
    const wanted = registry === DOCKER_HUB ? HUB_KEYS.map(keyHost) : [registry];
    return Object.entries(map).find(([key]) => wanted.includes(keyHost(key)));
}
/**
 * The files a `docker login`, `buildah login` or `podman login` writes: REGISTRY_AUTH_FILE, the
 * containers auth.json under XDG_RUNTIME_DIR, then Docker's (DOCKER_CONFIG or ~/.docker).
 */
function authFiles(sources = {}) {
    const env = sources.env ?? process.env;
    const home = sources.home ?? external_node_os_default().homedir();
    return [
        ...(env.REGISTRY_AUTH_FILE ? [env.REGISTRY_AUTH_FILE] : []),
        ...(env.XDG_RUNTIME_DIR ? [external_node_path_default().join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json')] : []),
        external_node_path_default().join(env.DOCKER_CONFIG ?? external_node_path_default().join(home, '.docker'), 'config.json'),
    ];
}
/**
 * The credentials for a registry: REGISTRY_USERNAME and REGISTRY_PASSWORD when both are set (they
 * are for the image's registry), else the first login file that knows the registry, through its
 * credential helper where it names one. Undefined when none does: the registry is asked
 * anonymously. The values are masked in the logger as soon as they are read.
 */
async function findCredentials(registry, logger, sources = {}) {
    const env = sources.env ?? process.env;
    const { REGISTRY_USERNAME: username, REGISTRY_PASSWORD: password } = env;
    if (username && password) {
        logger.mask(password);
        return { username, password, source: 'REGISTRY_USERNAME and REGISTRY_PASSWORD' };
    }
    if (username || password)
        throw new errors/* ConfigurationError */.j1(`expected both REGISTRY_USERNAME and REGISTRY_PASSWORD for ${registry}, found only ${username ? 'REGISTRY_USERNAME' : 'REGISTRY_PASSWORD'}`);
    for (const file of authFiles(sources)) {
        const config = await readAuthConfig(file);
        if (!config)
            continue;
        const helper = lookup(config.credHelpers, registry)?.[1];
        if (helper)
            return fromHelper(helper, registry, file, logger);
        const entry = lookup(config.auths, registry);
        if (entry) {
            const found = fromEntry(entry[1], `${file} (auths.${entry[0]})`);
            if (found) {
                logger.mask(found.password);
                return found;
            }
        }
        if (config.credsStore) {
            const stored = await fromHelper(config.credsStore, registry, file, logger);
            if (stored)
                return stored;
        }
    }
    return undefined;
}
async function readAuthConfig(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch {
        return undefined;
    }
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`${file}: expected the JSON of a registry login file, found text that does not parse (${error.message})`);
    }
}
function fromEntry(entry, source) {
    if (entry.username && entry.password)
        return { username: entry.username, password: entry.password, source };
    if (!entry.auth)
        return undefined;
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
        throw new errors/* ConfigurationError */.j1(`${source}: expected "auth" to be base64 of <user>:<password>, found something else (not shown)`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source };
}
/** `docker-credential-<helper> get`, the registry on stdin, `{Username, Secret}` on stdout. */
async function fromHelper(helper, registry, file, logger) {
    const program = `docker-credential-${helper}`;
    const server = registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry;
    let outcome;
    try {
        outcome = await (0,command/* runCommand */.d)([program, 'get'], logger, {
            input: server,
            echo: 'none',
            capture: true,
            timeoutMs: 30_000,
        });
    }
    catch (error) {
        if (error instanceof command/* MissingProgramError */.V)
            throw new errors/* ConfigurationError */.j1(`${file} names the credential helper "${helper}" for ${registry}: expected ${program} on PATH, found none`);
        throw error;
    }
    // "credentials not found" is a plain answer, not a failure: ask anonymously.
    if (outcome.exitCode !== 0)
        return undefined;
    let answer;
    try {
        answer = JSON.parse(outcome.stdout);
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`${program} get: expected JSON with Username and Secret for ${registry}, found output that does not parse (not shown)`);
    }
    if (!answer.Username || !answer.Secret)
        return undefined;
    logger.mask(answer.Secret);
    return { username: answer.Username, password: answer.Secret, source: `${program} (${file})` };
}

;// CONCATENATED MODULE: ./shared/images/build/registry/www-authenticate.ts
/**
 * The challenges of a `WWW-Authenticate` header (RFC 9110 section 11.6.1): several may share one
 * header, separated by commas like their parameters, and a quoted value may hold commas and
 * escaped quotes. Registries send `Bearer` (the token flow of the distribution spec) or `Basic`.
 */
function parseWwwAuthenticate(header) {
    const challenges = [];
    let i = 0;
    const skip = (pattern) => {
        while (i < header.length && pattern.test(header.charAt(i)))
            i++;
    };
    const token = () => {
        const start = i;
        skip(/[!#$%&'*+.^_`|~\w-]/);
        return header.slice(start, i);
    };
    while (i < header.length) {
        skip(/[\s,]/);
        const scheme = token();
        if (!scheme) {
            i++;
            continue;
        }
        const challenge = { scheme: scheme.toLowerCase(), params: {} };
        challenges.push(challenge);
        for (;;) {
            const before = i;
            skip(/[\s,]/);
            const name = token();
            skip(/\s/);
            if (!name || header.charAt(i) !== '=') {
                // Not a parameter: the next challenge's scheme starts here.
                i = before;
                break;
            }
            i++;
            skip(/\s/);
            challenge.params[name.toLowerCase()] = header.charAt(i) === '"' ? quoted() : bare();
        }
    }
    return challenges;
    // Registries quote every value; an unquoted one is taken up to the next comma.
    function bare() {
        const start = i;
        skip(/[^\s,]/);
        return header.slice(start, i);
    }
    function quoted() {
        let value = '';
        i++;
        while (i < header.length && header.charAt(i) !== '"') {
            if (header.charAt(i) === '\\' && i + 1 < header.length)
                i++;
            value += header.charAt(i);
            i++;
        }
        i++;
        return value;
    }
}

;// CONCATENATED MODULE: ./shared/images/build/registry/registry-client.ts



// Just enough of the OCI distribution API to ask whether a tag exists and what it holds: HEAD and
// GET of a manifest, with the token flow registries put in front of them (ghcr.io and Docker Hub
// always do, anonymous pulls included). Nothing is pushed from here; the builders push.
/** Every manifest form a tag may point at: OCI and Docker v2, single-platform and lists. */
const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
];
const LIST_TYPES = [MANIFEST_TYPES[0], MANIFEST_TYPES[2]];
const GOARCH = { x64: 'amd64', arm64: 'arm64', arm: 'arm' };
function createRegistryClient(registry, options) {
    const insecure = options.insecure ?? [];
    const plain = usesPlainHttp(registry, insecure);
    const baseUrl = `${plain ? 'http' : 'https'}://${apiHost(registry)}/v2/`;
    const doFetch = options.fetch ?? fetch;
    const timeoutMs = options.timeoutMs ?? 15_000;
    const { logger, credentials } = options;
    // One token per scope, as the registry granted it, for the rest of this run.
    const tokens = new Map();
    async function send(url, init) {
        try {
            return await doFetch(url, {
                ...init,
                redirect: 'follow',
                signal: AbortSignal.timeout(timeoutMs),
            });
        }
        catch (error) {
            const cause = error.cause;
            const why = cause?.code ?? cause?.message ?? error.message;
            const hint = !plain && /SSL|TLS|EPROTO|ERR_SSL|wrong version/i.test(`${why} ${cause?.message ?? ''}`)
                ? ` If ${registry} speaks plain HTTP, say so with --insecure-registry ${registry}.`
                : '';
            throw new errors/* ExternalError */.yA(`registry ${registry}: expected an answer from ${new URL(url).origin}, found ${why}.${hint}`);
        }
    }
    /** Credentials go only where they cannot be read on the way: HTTPS, or a plain-HTTP host the user named. */
    function basicFor(url) {
        if (!credentials)
            return undefined;
        const target = new URL(url);
        if (target.protocol !== 'https:' && !usesPlainHttp(target.host, insecure)) {
            logger.warning(`registry ${registry}: not sending ${credentials.source} to ${target.origin} over plain HTTP`);
            return undefined;
        }
        return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    async function token(challenge, repository) {
        const realm = challenge.params.realm;
        if (!realm || !URL.canParse(realm))
            throw new errors/* ExternalError */.yA(`registry ${registry}: expected a Bearer challenge with a realm URL, found ${JSON.stringify(challenge.params)}`);
        const scope = challenge.params.scope ?? `repository:${repository}:pull`;
        const cached = tokens.get(scope);
        if (cached)
            return cached;
        const url = new URL(realm);
        if (challenge.params.service)
            url.searchParams.set('service', challenge.params.service);
        url.searchParams.set('scope', scope);
        const authorization = basicFor(url.href);
        const response = await send(url.href, {
            headers: authorization ? { authorization } : {},
        });
        if (!response.ok) {
            logger.debug(`registry ${registry}: the token service answered ${response.status}`);
            return undefined;
        }
        const body = (await response.json());
        const granted = body.token ?? body.access_token;
        if (granted) {
            logger.mask(granted);
            tokens.set(scope, granted);
        }
        return granted;
    }
    /** A request, answered once more with the authorization the registry's challenge asks for. */
    async function request(method, path, repository) {
        const url = `${baseUrl}${path}`;
        const headers = { accept: MANIFEST_TYPES.join(', ') };
        const scope = `repository:${repository}:pull`;
        const known = tokens.get(scope);
        let response = await send(url, {
            method,
            headers: known ? { ...headers, authorization: `Bearer ${known}` } : headers,
        });
        if (response.status !== 401)
            return response;
        const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '');
        const bearer = challenges.find((c) => c.scheme === 'bearer');
        let authorization;
        if (bearer) {
            const granted = await token(bearer, repository);
            if (granted)
                authorization = `Bearer ${granted}`;
        }
        else if (challenges.some((c) => c.scheme === 'basic')) {
            authorization = basicFor(url);
        }
        if (!authorization)
            return response;
        response = await send(url, { method, headers: { ...headers, authorization } });
        return response;
    }
    function refused(response) {
        return {
            state: 'refused',
            status: response.status,
            detail: credentials
                ? `${response.status} with the credentials from ${credentials.source}`
                : `${response.status} without credentials (set REGISTRY_USERNAME and REGISTRY_PASSWORD, or log in with docker or buildah)`,
        };
    }
    async function manifest(repository, reference) {
        const response = await request('GET', `${repository}/manifests/${reference}`, repository);
        if (!response.ok)
            throw new errors/* ExternalError */.yA(`registry ${registry}: expected the manifest ${repository}@${reference}, found ${response.status} ${response.statusText}`);
        return [(await response.json()), response];
    }
    return {
        baseUrl,
        async tagState(ref) {
            const response = await request('HEAD', `${ref.repository}/manifests/${ref.tag}`, ref.repository);
            if (response.ok)
                return {
                    state: 'present',
                    digest: response.headers.get('docker-content-digest') ?? undefined,
                };
            if (response.status === 404)
                return { state: 'missing' };
            if (response.status === 401 || response.status === 403)
                return refused(response);
            throw new errors/* ExternalError */.yA(`registry ${registry}: expected 200 or 404 for ${formatImageRef(ref)}, found ${response.status} ${response.statusText}`);
        },
        async describe(ref) {
            const [top, response] = await manifest(ref.repository, ref.tag);
            const mediaType = top.mediaType ?? response.headers.get('content-type') ?? '';
            const digest = response.headers.get('docker-content-digest') ?? '';
            let image = top;
            if (LIST_TYPES.includes(mediaType)) {
                const wanted = GOARCH[process.arch] ?? process.arch;
                const entries = (top.manifests ?? []).filter((m) => m.platform?.os !== 'unknown');
                const chosen = entries.find((m) => m.platform?.os === 'linux' && m.platform.architecture === wanted) ??
                    entries[0];
                if (!chosen)
                    throw new errors/* ConfigurationError */.j1(`${formatImageRef(ref)}: expected an image index with a platform image, found none`);
                [image] = await manifest(ref.repository, chosen.digest);
            }
            const layers = image.layers ?? [];
            const size = (image.config?.size ?? 0) + layers.reduce((sum, l) => sum + (l.size ?? 0), 0);
            return { digest, mediaType, size, layers: layers.length };
        },
    };
}

;// CONCATENATED MODULE: ./shared/images/build/build-runtime-image.ts











const BUILD_STATUS = (/* unused pure expression or super */ null && (['exists', 'built', 'would-build']));
const round = (s) => Math.round(s * 1000) / 1000;
const seconds = (since) => round((performance.now() - since) / 1000);
/**
 * The trust the build's uv downloads need: what `--ca-bundle` names, else what uv on this machine
 * reads (SSL_CERT_FILE), so that a build behind a TLS-intercepting proxy reaches the index exactly
 * when uv here does. `none` builds with uv's own roots.
 */
function resolveCaBundle(option, env) {
    if (option === 'none')
        return undefined;
    const file = option || env.SSL_CERT_FILE;
    if (!file)
        return undefined;
    const from = option ? '--ca-bundle' : 'SSL_CERT_FILE';
    const fail = (detail) => option
        ? new errors/* OptionError */.eR('ca-bundle', detail)
        : new errors/* ConfigurationError */.j1(`SSL_CERT_FILE (the CA bundle the build uses unless --ca-bundle says otherwise): ${detail}`);
    const absolute = external_node_path_default().resolve(file);
    // buildx and buildah both read `id=...,src=...` as comma-separated fields.
    if (absolute.includes(','))
        throw fail(`expected a file path without a comma, found ${JSON.stringify(file)}`);
    let size;
    try {
        size = (0,external_node_fs_.statSync)(absolute).size;
    }
    catch {
        throw fail(`expected a CA bundle file, found nothing at ${absolute}`);
    }
    if (size === 0)
        throw fail(`expected a CA bundle, found an empty file ${absolute}`);
    return { file: absolute, from };
}
function runtimeImageRef(workspace, hash) {
    return `${workspace.config.environment.image}:${hash}`;
}
function formatSize(bytes) {
    if (bytes < 1024 * 1024)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    if (bytes < 1024 ** 3)
        return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
    return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
/** The registries of the images a build pulls: the user's BASE_IMAGE and UV_IMAGE, else the defaults. */
function pulledRegistries(args, defaults) {
    return [
        ...new Set([args[dockerfiles/* BUILD_ARGS */.Lr.base] ?? defaults.base, args[dockerfiles/* BUILD_ARGS */.Lr.uv] ?? defaults.uv].map(registryOf)),
    ];
}
async function buildRuntimeImage(options) {
    const started = performance.now();
    const { workspace, logger } = options;
    const push = options.push ?? true;
    const env = options.env ?? process.env;
    const insecure = options.insecureRegistries ?? [];
    const args = (0,build_args/* buildArgs */.CH)(options);
    const hash = await (0,environment/* lockHash */.Ug)(workspace);
    const image = runtimeImageRef(workspace, hash);
    const ref = parseImageRef(image);
    const credentials = await findCredentials(ref.registry, logger, { env });
    logger.debug(credentials
        ? `registry ${ref.registry}: credentials from ${credentials.source}`
        : `registry ${ref.registry}: no credentials, asking anonymously`);
    const client = createRegistryClient(ref.registry, { insecure, credentials, logger });
    const state = await checkTag(client, ref, image, push, logger);
    const check = seconds(started);
    if (state.state === 'present') {
        logger.info(`${image} is in the registry${state.digest ? ` (${state.digest})` : ''}: nothing to build (checked in ${check.toFixed(2)} s)`);
        return {
            image,
            status: 'exists',
            pushed: false,
            buildArgs: args,
            digest: state.digest,
            seconds: { check, total: seconds(started) },
        };
    }
    if (state.state === 'refused') {
        if (credentials)
            throw new errors/* ConfigurationError */.j1(`registry ${ref.registry}: expected it to answer for ${image}, found ${state.detail}`);
        logger.warning(`registry ${ref.registry} would not say whether ${image} exists (${state.detail}): building it`);
    }
    else {
        logger.info(`${image} is not in the registry: building it`);
    }
    const [{ chooseBuilder, probeBuilders }, { baseImage, renderImages, IMAGE_FILES, uvImage }] = await Promise.all([__webpack_require__.e(/* import() */ 546).then(__webpack_require__.bind(__webpack_require__, 546)), Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 7561))]);
    const found = await (options.probeBuilders ?? probeBuilders)(logger);
    const choice = chooseBuilder(found, options.builder);
    logger.info(`Builder: ${choice.name}, because ${choice.reason}`);
    const pullRegistries = pulledRegistries(args, {
        base: baseImage(workspace.config.environment.cuda),
        uv: uvImage(environment/* UV_VERSION */.t0),
    });
    const plainHttp = [...new Set([ref.registry, ...pullRegistries])].filter((r) => usesPlainHttp(r, insecure));
    const rendered = await renderImages(workspace);
    const dockerfileText = rendered.files[IMAGE_FILES.runtime] ?? '';
    const caBundle = resolveCaBundle(options.caBundle, env);
    if (caBundle)
        logger.info(`CA bundle for the build's downloads: ${caBundle.file} (${caBundle.from})`);
    const plan = {
        caBundle: caBundle?.file,
        dockerfile: `<${IMAGE_FILES.runtime} as rendered now>`,
        context: workspace.root,
        image,
        buildArgs: args,
        push,
        pullRegistries,
        plainHttp,
        credentials,
        registry: ref.registry,
    };
    if (options.dryRun) {
        const commands = await planCommands(choice.name, plan, options);
        logger.info('Dry run: would render the Dockerfile from the workspace and run:');
        for (const argv of commands)
            logger.info(`  ${argv.join(' ')}`);
        return {
            image,
            status: 'would-build',
            pushed: false,
            builder: choice,
            buildArgs: args,
            seconds: { check, total: seconds(started) },
            commands,
        };
    }
    const scratch = await (0,promises_.mkdtemp)(external_node_path_default().join(external_node_os_default().tmpdir(), 'mlenv-image-'));
    try {
        plan.dockerfile = external_node_path_default().join(scratch, 'Dockerfile');
        await (0,promises_.writeFile)(plan.dockerfile, dockerfileText);
        const builder = options.builders?.[choice.name] ?? (await createBuilder(choice.name, options));
        logger.info(`Building ${image} from ${workspace.config.environment.lock} with ${choice.name}${Object.keys(args).length
            ? ` (${(0,build_args/* buildArgFlags */.eE)(args)
                .filter((_, i) => i % 2)
                .join(', ')})`
            : ''}`);
        const outcome = await builder.build(plan, logger);
        const result = {
            image,
            status: 'built',
            pushed: push,
            builder: choice,
            buildArgs: args,
            digest: outcome.digest,
            seconds: {
                check,
                build: round(outcome.buildSeconds),
                ...(outcome.pushSeconds !== undefined ? { push: round(outcome.pushSeconds) } : {}),
                total: 0,
            },
        };
        if (push)
            await verifyPushed(client, ref, image, outcome, result, logger);
        result.seconds.total = seconds(started);
        logger.info(summary(result, outcome));
        return result;
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
}
async function checkTag(client, ref, image, push, logger) {
    try {
        return await client.tagState(ref);
    }
    catch (error) {
        // Without a push the registry is not needed: a local build goes on without it.
        if (push || !(error instanceof errors/* ExternalError */.yA))
            throw error;
        logger.warning(`could not check ${image} in the registry (${(0,errors/* errorMessage */.gJ)(error)}): building it`);
        return { state: 'missing' };
    }
}
async function verifyPushed(client, ref, image, outcome, result, logger) {
    const started = performance.now();
    const after = await client.tagState(ref);
    if (after.state === 'missing')
        throw new errors/* ExternalError */.yA(`${image}: the ${result.builder?.name} push ended without an error, but the registry has no such tag`);
    if (after.state === 'refused') {
        logger.warning(`${image} was pushed, but the registry would not show it (${after.detail})`);
        result.seconds.verify = seconds(started);
        return;
    }
    const description = await client.describe(ref);
    result.digest = description.digest || after.digest || outcome.digest;
    result.size = description.size;
    result.seconds.verify = seconds(started);
}
function summary(result, outcome) {
    const s = result.seconds;
    const parts = [`build ${s.build?.toFixed(1)} s`];
    if (s.push !== undefined)
        parts.push(`push ${s.push.toFixed(1)} s`);
    if (outcome.pushInBuild)
        parts.push('push included');
    if (s.verify !== undefined)
        parts.push(`verify ${s.verify.toFixed(2)} s`);
    const where = result.pushed ? 'Built and pushed' : 'Built (not pushed)';
    const digest = result.digest ? `; digest ${result.digest}` : '';
    const size = result.size !== undefined ? `, ${formatSize(result.size)} compressed` : '';
    return `${where} ${result.image} with ${result.builder?.name} in ${s.total.toFixed(1)} s (${parts.join(', ')})${digest}${size}`;
}
async function createBuilder(name, options) {
    if (name === 'buildx')
        return (await __webpack_require__.e(/* import() */ 535).then(__webpack_require__.bind(__webpack_require__, 535))).createBuildxBuilder();
    return (await __webpack_require__.e(/* import() */ 858).then(__webpack_require__.bind(__webpack_require__, 8858))).createBuildahBuilder({
        root: options.buildahRoot,
    });
}
/** What a dry run shows: the builder's own argv, with placeholders for files made at build time. */
async function planCommands(name, plan, options) {
    if (name === 'buildx') {
        const { buildxArgv } = await __webpack_require__.e(/* import() */ 535).then(__webpack_require__.bind(__webpack_require__, 535));
        return [buildxArgv(plan, '<metadata file>')];
    }
    const { buildahBuildArgv, buildahPushArgv, buildahStorage, defaultBuildahRoot } = await __webpack_require__.e(/* import() */ 858).then(__webpack_require__.bind(__webpack_require__, 8858));
    const storage = buildahStorage(options.buildahRoot ?? defaultBuildahRoot(), options.logger);
    const auth = plan.credentials ? '<auth file>' : undefined;
    return [
        buildahBuildArgv(plan, storage, auth),
        ...(plan.push ? [buildahPushArgv(plan, storage, '<digest file>', auth)] : []),
    ];
}

;// CONCATENATED MODULE: ./shared/images/build/index.ts
// `mlenv images build` and the images-build action: the runtime image of the lock, built and
// pushed when its tag is not in the registry yet. Only the tag check is loaded with this module;
// the builders come in when a build is needed.





/***/ })

};
