export const id = 858;
export const ids = [858];
export const modules = {

/***/ 8858:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   buildahBuildArgv: () => (/* binding */ buildahBuildArgv),
/* harmony export */   buildahPushArgv: () => (/* binding */ buildahPushArgv),
/* harmony export */   buildahStorage: () => (/* binding */ buildahStorage),
/* harmony export */   chooseStorageDriver: () => (/* binding */ chooseStorageDriver),
/* harmony export */   createBuildahBuilder: () => (/* binding */ createBuildahBuilder),
/* harmony export */   defaultBuildahRoot: () => (/* binding */ defaultBuildahRoot),
/* harmony export */   storageFlags: () => (/* binding */ storageFlags)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7364);
/* harmony import */ var _build_args_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5162);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9171);








const OVERLAYFS_MAGIC = 0x794c7630;
/** ~/.cache/mlenv/buildah unless the caller names a folder (`--buildah-root`). */
function defaultBuildahRoot(home = node_os__WEBPACK_IMPORTED_MODULE_3___default().homedir()) {
    return node_path__WEBPACK_IMPORTED_MODULE_4___default().join(home, '.cache', 'mlenv', 'buildah');
}
/**
 * overlay where the kernel has it and the storage folder is not itself on overlayfs (inside a
 * container it usually is, and overlay cannot stack on overlay), else vfs: slower and bigger (a
 * full copy per layer) but works everywhere. Each driver keeps its own folder: containers-storage
 * refuses to open a store made by another driver.
 */
function chooseStorageDriver(probe) {
    const kernelHasOverlay = /^\s*(nodev\s+)?overlay\s*$/m.test(probe.kernelFilesystems);
    if (!kernelHasOverlay)
        return { driver: 'vfs', why: 'the kernel lists no overlay filesystem' };
    if (probe.folderFsType === OVERLAYFS_MAGIC)
        return { driver: 'vfs', why: 'the storage folder is on overlayfs, where overlay cannot stack' };
    return { driver: 'overlay', why: 'the kernel supports overlay' };
}
function realPathOf(folder) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync)(folder);
    }
    catch {
        return node_path__WEBPACK_IMPORTED_MODULE_4___default().resolve(folder);
    }
}
function fsTypeOf(folder) {
    let dir = folder;
    while (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(dir) && node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(dir) !== dir)
        dir = node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(dir);
    try {
        return Number((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statfsSync)(dir).type);
    }
    catch {
        return undefined;
    }
}
function buildahStorage(base, logger, runBase = defaultRunBase()) {
    let kernelFilesystems = '';
    try {
        kernelFilesystems = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)('/proc/filesystems', 'utf8');
    }
    catch {
        // Not Linux, or no /proc: vfs, and buildah says what else is wrong.
    }
    const { driver, why } = chooseStorageDriver({
        kernelFilesystems,
        folderFsType: fsTypeOf(base),
    });
    logger.debug(`buildah storage driver ${driver}: ${why}`);
    const root = node_path__WEBPACK_IMPORTED_MODULE_4___default().join(base, driver);
    // One run root per store: two stores sharing one would share their lock and mount records, and
    // one store reached by two paths (a symlinked cache) must not get two.
    const id = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(realPathOf(root)).digest('hex').slice(0, 12);
    return { driver, root, runroot: node_path__WEBPACK_IMPORTED_MODULE_4___default().join(runBase, `${id}-${driver}`) };
}
/** /run is emptied at boot, which is what a run root needs; a user without it gets its own. */
function defaultRunBase() {
    const uid = process.getuid?.() ?? 0;
    if (process.env.XDG_RUNTIME_DIR)
        return node_path__WEBPACK_IMPORTED_MODULE_4___default().join(process.env.XDG_RUNTIME_DIR, 'mlenv-buildah');
    if (uid === 0)
        return '/run/mlenv-buildah';
    return node_path__WEBPACK_IMPORTED_MODULE_4___default().join(node_os__WEBPACK_IMPORTED_MODULE_3___default().tmpdir(), `mlenv-buildah-run-${uid}`);
}
/** buildah's global flags that open this store. */
function storageFlags(storage) {
    return ['--root', storage.root, '--runroot', storage.runroot, '--storage-driver', storage.driver];
}
/**
 * TLS verification off only where the step talks to a plain-HTTP registry: the build to those it
 * pulls from, the push to the image's. buildah's switch covers every pull of the build, so it is
 * set only when one of them needs it.
 */
function tlsFlags(plan, pulling) {
    const talksTo = pulling ? plan.pullRegistries : [plan.registry];
    return talksTo.some((r) => plan.plainHttp.includes(r)) ? ['--tls-verify=false'] : [];
}
function buildahBuildArgv(plan, storage, authFile) {
    return [
        'buildah',
        ...storageFlags(storage),
        'build',
        '--isolation',
        'chroot',
        '--layers',
        // buildah 1.28 otherwise keeps the working container of a stage that is only copied from
        // (the uv stage), still mounted, after every successful build.
        '--force-rm',
        // Docker's image format keeps SHELL (pipefail) for images built FROM this one; OCI's has no
        // field for it, and buildah warns at every step.
        '--format',
        'docker',
        '--file',
        plan.dockerfile,
        '--tag',
        plan.image,
        ...(0,_build_args_js__WEBPACK_IMPORTED_MODULE_6__/* .buildArgFlags */ .eE)(plan.buildArgs),
        ...(0,_build_args_js__WEBPACK_IMPORTED_MODULE_6__/* .caBundleFlags */ .Qf)(plan),
        ...tlsFlags(plan, true),
        ...(authFile ? ['--authfile', authFile] : []),
        plan.context,
    ];
}
function buildahPushArgv(plan, storage, digestFile, authFile) {
    return [
        'buildah',
        ...storageFlags(storage),
        'push',
        ...tlsFlags(plan, false),
        ...(authFile ? ['--authfile', authFile] : []),
        '--digestfile',
        digestFile,
        plan.image,
        `docker://${plan.image}`,
    ];
}
/** An auth file for this build alone, so a password never appears in an argv (`ps` shows those). */
async function writeAuthFile(dir, registry, credentials) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_4___default().join(dir, 'auth.json');
    const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(file, JSON.stringify({ auths: { [registry]: { auth } } }), { mode: 0o600 });
    return file;
}
async function step(argv, what, logger) {
    const started = performance.now();
    logger.debug(`$ ${argv.join(' ')}`);
    const outcome = await (0,_command_js__WEBPACK_IMPORTED_MODULE_7__/* .runCommand */ .d)(argv, logger);
    if (outcome.exitCode !== 0)
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_5__/* .ExternalError */ .yA(`buildah ${what} failed (exit ${outcome.exitCode}); its last lines:\n${outcome.tail}`);
    return (performance.now() - started) / 1000;
}
function createBuildahBuilder(options = {}) {
    return {
        name: 'buildah',
        async build(plan, logger) {
            const storage = buildahStorage(options.root ?? defaultBuildahRoot(), logger);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(storage.root, { recursive: true });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(storage.runroot, { recursive: true });
            const scratch = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_4___default().join(node_os__WEBPACK_IMPORTED_MODULE_3___default().tmpdir(), 'mlenv-buildah-'));
            try {
                const authFile = plan.credentials
                    ? await writeAuthFile(scratch, plan.registry, plan.credentials)
                    : undefined;
                logger.info(`buildah: storage ${storage.root} (${storage.driver})`);
                const buildSeconds = await step(buildahBuildArgv(plan, storage, authFile), 'build', logger);
                if (!plan.push)
                    return { buildSeconds };
                const digestFile = node_path__WEBPACK_IMPORTED_MODULE_4___default().join(scratch, 'digest');
                const pushSeconds = await step(buildahPushArgv(plan, storage, digestFile, authFile), 'push', logger);
                const digest = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(digestFile, 'utf8').catch(() => '')).trim() || undefined;
                return { buildSeconds, pushSeconds, digest };
            }
            finally {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(scratch, { recursive: true, force: true });
            }
        },
    };
}


/***/ })

};
