export const id = 537;
export const ids = [537];
export const modules = {

/***/ 2537:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ parseImageRef),
/* harmony export */   Vz: () => (/* binding */ usesPlainHttp),
/* harmony export */   Xb: () => (/* binding */ DOCKER_HUB),
/* harmony export */   kL: () => (/* binding */ formatImageRef),
/* harmony export */   nz: () => (/* binding */ apiHost),
/* harmony export */   registryOf: () => (/* binding */ registryOf)
/* harmony export */ });
/* unused harmony export hostName */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7364);


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
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`image ${JSON.stringify(text)}: expected <repository>:<tag>, found no tag`);
    const name = text.slice(0, colon);
    const tag = text.slice(colon + 1);
    if (!TAG.test(tag))
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`image ${JSON.stringify(text)}: expected a tag of letters, digits, "_", "." and "-" (at most 128), found ${JSON.stringify(tag)}`);
    const registry = registryOf(name);
    const parts = name.split('/');
    const path = registry === DOCKER_HUB && parts[0] !== DOCKER_HUB ? parts : parts.slice(1);
    if (registry === DOCKER_HUB && path.length === 1)
        path.unshift('library');
    if (path.length === 0 || !path.every((p) => PATH_COMPONENT.test(p)))
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`image ${JSON.stringify(text)}: expected a repository of lower-case words separated by "/", such as ghcr.io/acme/mlenv-runtime`);
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
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host);
    if (family === 4)
        return host.startsWith('127.');
    return family === 6 && host === '::1';
}


/***/ })

};
