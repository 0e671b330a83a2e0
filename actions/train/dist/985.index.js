export const id = 985;
export const ids = [985];
export const modules = {

/***/ 7570:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ci: () => (/* binding */ isPortFree),
/* harmony export */   VK: () => (/* binding */ stopProcessGroup),
/* harmony export */   W3: () => (/* binding */ spawnDetached),
/* harmony export */   _n: () => (/* binding */ isAlive),
/* harmony export */   i8: () => (/* binding */ signalGroup),
/* harmony export */   ov: () => (/* binding */ freePort),
/* harmony export */   wN: () => (/* binding */ tailOfFile),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_2__);



/** A free TCP port on loopback, chosen by the OS. */
function freePort() {
    return new Promise((resolve, reject) => {
        const server = (0,node_net__WEBPACK_IMPORTED_MODULE_2__.createServer)();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => typeof address === 'object' && address
                ? resolve(address.port)
                : reject(new Error('no port')));
        });
    });
}
/** Whether a server could listen on this loopback port now (nothing else listens there). */
function isPortFree(port) {
    return new Promise((resolve, reject) => {
        const server = (0,node_net__WEBPACK_IMPORTED_MODULE_2__.createServer)();
        server.unref();
        server.once('error', (error) => error.code === 'EADDRINUSE' ? resolve(false) : reject(error));
        server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
/** Starts a process that outlives this one (own session, output to a log file). */
function spawnDetached(command, args, options) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(options.logFile, 'a');
    try {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, {
            cwd: options.cwd,
            env: options.env,
            detached: true,
            stdio: ['ignore', fd, fd],
        });
        child.unref();
        if (!child.pid)
            throw new Error(`could not start ${command}`);
        return child.pid;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
    }
}
/** Signals a process and everything in its process group; a process already gone is fine. */
function signalGroup(pid, sig) {
    try {
        process.kill(-pid, sig);
    }
    catch {
        try {
            process.kill(pid, sig);
        }
        catch {
            // Already gone.
        }
    }
}
async function stopProcessGroup(pid, graceMs = 10_000) {
    signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline)
        await sleep(100);
    if (isAlive(pid))
        signalGroup(pid, 'SIGKILL');
}
function tailOfFile(file, lines = 20) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    }
    catch {
        return '(no log)';
    }
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}


/***/ }),

/***/ 9985:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runTrain: () => (/* binding */ runTrain)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
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
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
;// CONCATENATED MODULE: ./shared/environment/torch-backend.ts






const execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** Where uv's `--torch-backend cpu` takes the PyTorch packages from (compiled into uv). */
const PYTORCH_CPU_INDEX = 'https://download.pytorch.org/whl/cpu';
/** The probe's own limits: one try, a short HTTP timeout, and a hard stop for the process. */
const PROBE_HTTP_TIMEOUT_S = 5;
const PROBE_PROCESS_TIMEOUT_MS = 30_000;
/** Records in the lock's header which uv torch backend resolved it, so installs use the same. */
const BACKEND_LINE = '#    mlenv-torch-backend: ';
/**
 * Whether a lock should try PyTorch's CPU wheels. Only a `cpu` workspace that leaves torch to
 * PyPI: an explicit pytorchIndex is the user's choice, and a workspace with its own indexUrl (a
 * company mirror) must not have torch fetched from outside it behind its back.
 */
function torch_backend_torchBackendPlan(environment) {
    if (environment.cuda !== 'cpu' || environment.pytorchIndex)
        return { probe: false };
    if (environment.indexUrl)
        return { probe: false, mirror: environment.indexUrl };
    return { probe: true };
}
/**
 * The torch backend a lock was made with, from its header; undefined for a plain lock. The value
 * reaches uv's argv and a Dockerfile's RUN line, so only a backend name is accepted.
 */
function lockTorchBackend(lock, file = 'the lock') {
    const lines = lock.split('\n');
    const at = lines.findIndex((l) => l.startsWith(BACKEND_LINE));
    if (at === -1)
        return undefined;
    const backend = lines[at].slice(BACKEND_LINE.length).trim();
    if (!/^[a-z][a-z0-9.]*$/.test(backend))
        throw new errors/* ConfigurationError */.j1(`${file}:${at + 1}: expected a uv torch backend such as "cpu" after "${BACKEND_LINE.slice(1).trim()}", found "${backend}"`);
    return backend;
}
/** The header line recording the backend (the lock hash covers it, so images differ too). */
function torch_backend_torchBackendLine(backend) {
    return `${BACKEND_LINE}${backend}`;
}
function torch_backend_isTorchBackendLine(line) {
    return line.startsWith(BACKEND_LINE);
}
/** uv's options for installing a lock: its recorded backend, or none. */
function torchBackendArguments(lock, file) {
    const backend = lockTorchBackend(lock, file);
    return backend ? ['--torch-backend', backend] : [];
}
/**
 * What PyPI's torch costs a `cpu` lock: undefined when the lock has no torch or its torch brings
 * no CUDA packages (resolved on macOS, say), where falling back costs nothing worth a warning.
 */
function torch_backend_cudaCost(pins) {
    const torch = pins.get('torch');
    const packages = [...pins.keys()].filter((name) => /^(nvidia|cuda)-/.test(name)).length;
    return torch && packages > 0 ? { torch, packages } : undefined;
}
function costText(cost) {
    return `${cost.packages} CUDA packages (nvidia-*, cuda-*; several GB) this cpu environment will not use`;
}
/** The one line a `cpu` lock logs when PyTorch's CPU index did not answer the probe. */
function torch_backend_unreachableWarning(reason, cost) {
    return `PyTorch's CPU index ${PYTORCH_CPU_INDEX} is not reachable (${reason}): locked PyPI's torch ${cost.torch}, which pulls ${costText(cost)}`;
}
/** The one line a `cpu` lock logs when its own indexUrl served a CUDA torch. */
function torch_backend_mirrorWarning(indexUrl, cost) {
    return `environment.indexUrl ${indexUrl} served torch ${cost.torch}, which pulls ${costText(cost)}: set environment.pytorchIndex to its copy of ${PYTORCH_CPU_INDEX} for CPU-only wheels`;
}
/** The most telling line of a failed uv run: its innermost `cause:`, else its first line. */
function uvFailureReason(stderr) {
    const lines = stderr
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    const causes = lines.filter((line) => line.startsWith('cause:'));
    const last = causes.at(-1) ?? lines[0] ?? 'no output';
    return last.replace(/^(cause|error):\s*/, '');
}
/**
 * Whether uv can resolve torch from PyPI's CPU index right now: uv itself asks, so its proxy,
 * certificate and credential settings count exactly as they will for the lock. One try with a
 * short timeout, so an unreachable index costs seconds, not uv's retries.
 */
async function torch_backend_probeCpuTorchBackend(uv, python) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mlenv-torch-probe-'));
    try {
        const input = path.join(dir, 'probe.in');
        await writeFile(input, 'torch\n');
        await execFileAsync(uv, [
            'pip',
            'compile',
            '--quiet',
            '--no-header',
            '--no-annotate',
            '--no-deps',
            '--torch-backend',
            'cpu',
            '--python-version',
            python,
            input,
        ], {
            timeout: PROBE_PROCESS_TIMEOUT_MS,
            maxBuffer: 4 * 1024 * 1024,
            env: {
                ...process.env,
                UV_HTTP_RETRIES: '0',
                UV_HTTP_TIMEOUT: String(PROBE_HTTP_TIMEOUT_S),
            },
        });
        return { ok: true };
    }
    catch (error) {
        const e = error;
        if (e.killed)
            return { ok: false, reason: `no answer in ${PROBE_PROCESS_TIMEOUT_MS / 1000}s` };
        return { ok: false, reason: uvFailureReason(e.stderr || e.message) };
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./shared/environment/index.ts









const environment_execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** The uv release MLEnv bootstraps when none is on PATH. */
const UV_VERSION = '0.13.9';
const COMPLETE = '.mlenv-complete';
function environmentAt(venv, lockHash) {
    const bin = external_node_path_default().join(venv, 'bin');
    return {
        venv,
        bin,
        python: external_node_path_default().join(bin, 'python'),
        mlflow: external_node_path_default().join(bin, 'mlflow'),
        lockHash,
    };
}
async function lockHash(workspace) {
    const { environment } = workspace.config;
    const lock = await (0,promises_.readFile)(external_node_path_default().join(workspace.root, environment.lock), 'utf8').catch(() => {
        throw new errors/* ConfigurationError */.j1(`${environment.lock}: expected the environment lock, found no file. Run \`mlenv env lock\` and commit it.`);
    });
    return (0,external_node_crypto_.createHash)('sha256')
        .update(`${environment.python}\0${environment.cuda}\0${lock}`)
        .digest('hex')
        .slice(0, 12);
}
/** Whether the environment of the current lock has been built (and so is a cache hit). */
async function environmentBuilt(workspace) {
    if (process.env.MLENV_VENV)
        return true;
    const venv = path.join(workspace.root, '.mlenv', 'venvs', await lockHash(workspace));
    return existsSync(path.join(venv, COMPLETE));
}
/**
 * The workspace's one Python environment: an explicit venv (--venv or MLENV_VENV), else the one
 * built from the lock under .mlenv/venvs/<lock hash>, created with uv when missing.
 */
async function resolveEnvironment(workspace, options) {
    const explicit = options.venv ?? process.env.MLENV_VENV;
    if (explicit) {
        const env = environmentAt(external_node_path_default().resolve(explicit));
        if (!(0,external_node_fs_.existsSync)(env.python)) {
            throw new errors/* ConfigurationError */.j1(`--venv ${explicit}: expected a virtual environment, found no ${env.python}`);
        }
        return env;
    }
    const hash = await lockHash(workspace);
    const env = environmentAt(external_node_path_default().join(workspace.root, '.mlenv', 'venvs', hash), hash);
    if ((0,external_node_fs_.existsSync)(external_node_path_default().join(env.venv, COMPLETE))) {
        options.logger.debug(`Reusing environment ${env.venv}`);
        return env;
    }
    if (options.create === false) {
        throw new errors/* ConfigurationError */.j1(`No environment built from ${workspace.config.environment.lock} yet: run \`mlenv setup\`.`);
    }
    await buildEnvironment(workspace, env, options.logger);
    return env;
}
async function buildEnvironment(workspace, env, logger) {
    const { environment } = workspace.config;
    const uv = await findUv(logger);
    const started = Date.now();
    logger.info(`Creating the workspace environment from ${environment.lock} (Python ${environment.python}) in ${env.venv}`);
    // The lock's header says which torch backend resolved it: its +cpu wheels are only there.
    const lockText = await (0,promises_.readFile)(external_node_path_default().join(workspace.root, environment.lock), 'utf8');
    await (0,promises_.rm)(env.venv, { recursive: true, force: true });
    // Relocatable: a venv restored from a CI cache into another checkout path still runs.
    await run(uv, ['venv', '--quiet', '--relocatable', '--python', environment.python, env.venv], logger);
    await run(uv, [
        'pip',
        'sync',
        '--quiet',
        ...indexArguments(environment),
        ...torchBackendArguments(lockText, environment.lock),
        '--python',
        env.python,
        external_node_path_default().join(workspace.root, environment.lock),
    ], logger);
    await (0,promises_.writeFile)(external_node_path_default().join(env.venv, COMPLETE), `${environment.lock}\n`);
    logger.info(`Environment ready in ${Math.round((Date.now() - started) / 1000)}s`);
}
/** uv from MLENV_UV or PATH, else a pinned copy installed from PyPI into the user cache. */
async function findUv(logger) {
    if (process.env.MLENV_UV)
        return process.env.MLENV_UV;
    const onPath = await environment_execFileAsync('uv', ['--version']).then(() => 'uv', () => undefined);
    if (onPath)
        return onPath;
    const tools = external_node_path_default().join(process.env.XDG_CACHE_HOME ?? external_node_path_default().join(external_node_os_default().homedir(), '.cache'), 'mlenv', `uv-${UV_VERSION}`);
    const uv = external_node_path_default().join(tools, 'bin', 'uv');
    if ((0,external_node_fs_.existsSync)(external_node_path_default().join(tools, COMPLETE)))
        return uv;
    logger.info(`Installing uv ${UV_VERSION} from PyPI into ${tools}`);
    await (0,promises_.rm)(tools, { recursive: true, force: true });
    await (0,promises_.mkdir)(external_node_path_default().dirname(tools), { recursive: true });
    await run('python3', ['-m', 'venv', tools], logger);
    await run(external_node_path_default().join(tools, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `uv==${UV_VERSION}`], logger);
    await (0,promises_.writeFile)(external_node_path_default().join(tools, COMPLETE), '');
    return uv;
}
async function run(command, args, logger, cwd) {
    logger.debug(`$ ${cwd ? `(in ${cwd}) ` : ''}${command} ${args.join(' ')}`);
    try {
        // Compiled bytecode at install time: otherwise every trainer process compiles torch anew
        // wherever PYTHONDONTWRITEBYTECODE is set, which costs tens of seconds per process.
        await environment_execFileAsync(command, args, {
            cwd,
            maxBuffer: 64 * 1024 * 1024,
            env: { ...process.env, UV_COMPILE_BYTECODE: '1' },
        });
    }
    catch (error) {
        const e = error;
        throw new Error(`${external_node_path_default().basename(command)} ${args.slice(0, 2).join(' ')} failed: ${(e.stderr || e.message).trim().split('\n').slice(-15).join('\n')}`);
    }
}
/**
 * Resolves environment.requirements into environment.lock with uv: every package pinned, with
 * hashes, for the workspace's Python. The header records the command, so the lock explains itself.
 * A `cpu` workspace on PyPI takes the PyTorch packages from PyTorch's CPU index (uv's
 * `--torch-backend cpu`) when that answers, and PyPI's CUDA build with one warning when not.
 */
async function lockEnvironment(workspace, logger) {
    const { environment } = workspace.config;
    const uv = await findUv(logger);
    const lock = path.join(workspace.root, environment.lock);
    await mkdir(path.dirname(lock), { recursive: true });
    const plan = torchBackendPlan(environment);
    let backend;
    let unreachable;
    if (plan.probe) {
        const probe = await probeCpuTorchBackend(uv, environment.python);
        if (probe.ok)
            backend = 'cpu';
        else
            unreachable = probe.reason;
        logger.debug(probe.ok
            ? "PyTorch's CPU index answers: locking with uv --torch-backend cpu"
            : `PyTorch's CPU index does not answer: ${probe.reason}`);
    }
    await run(uv, [
        'pip',
        'compile',
        '--quiet',
        '--generate-hashes',
        '--python-version',
        environment.python,
        ...indexArguments(environment),
        ...(backend ? ['--torch-backend', backend] : []),
        '--custom-compile-command',
        'mlenv env lock',
        '--output-file',
        environment.lock,
        environment.requirements,
    ], logger, workspace.root);
    const text = await readFile(lock, 'utf8');
    await writeFile(lock, stampLock(text, await lockInputsHash(workspace), backend));
    const cost = backend ? undefined : cudaCost(parseLockPins(text));
    if (cost && unreachable !== undefined)
        logger.warning(unreachableWarning(unreachable, cost));
    if (cost && !plan.probe && plan.mirror)
        logger.warning(mirrorWarning(plan.mirror, cost));
    return lock;
}
/** The package indexes of the environment: the main one (PyPI when unset), then the extras. */
function environmentIndexes(environment) {
    return {
        indexUrl: environment.indexUrl,
        extraIndexUrls: [
            ...(environment.extraIndexUrls ?? []),
            ...(environment.pytorchIndex ? [environment.pytorchIndex] : []),
        ],
    };
}
/** uv's index options for the environment: the same for resolving the lock and installing it. */
function indexArguments(environment) {
    const { indexUrl, extraIndexUrls } = environmentIndexes(environment);
    return [
        ...(indexUrl ? ['--index-url', indexUrl] : []),
        ...extraIndexUrls.flatMap((url) => ['--extra-index-url', url]),
    ];
}
const STAMP = '#    mlenv-inputs: sha256=';
/**
 * What the lock was resolved from: the requirements, Python, CUDA variant and index. A lock whose
 * stamp differs from the workspace's is stale: someone edited the requirements without locking.
 */
async function lockInputsHash(workspace) {
    const { environment } = workspace.config;
    const requirements = await readFile(path.join(workspace.root, environment.requirements), 'utf8').catch(() => {
        throw new ConfigurationError(`${environment.requirements}: expected the environment requirements, found no file.`);
    });
    return createHash('sha256')
        .update([
        environment.python,
        environment.cuda,
        environment.pytorchIndex ?? '',
        requirements,
        // Only when set, so that locks made before these settings existed stay current.
        ...(environment.indexUrl ? [`index=${environment.indexUrl}`] : []),
        ...(environment.extraIndexUrls ?? []).map((url) => `extra=${url}`),
    ].join('\0'))
        .digest('hex')
        .slice(0, 16);
}
/**
 * The lock with mlenv's header lines: the inputs stamp, and the torch backend when one resolved
 * it. The backend is a record of how, not an input: a lock made with PyTorch's CPU index stays
 * current when that index is unreachable later, and installs keep using the backend it names.
 */
function stampLock(text, stamp, torchBackend) {
    const lines = text
        .split('\n')
        .filter((line) => !line.startsWith(STAMP) && !isTorchBackendLine(line));
    // After uv's own header comment, so the file still reads as uv wrote it.
    const at = lines.findIndex((line) => !line.startsWith('#'));
    lines.splice(at === -1 ? lines.length : at, 0, `${STAMP}${stamp}`, ...(torchBackend ? [torchBackendLine(torchBackend)] : []));
    return lines.join('\n');
}
/** `mlenv env check`: the lock exists, was made from the current requirements, and covers them. */
async function checkLock(workspace) {
    const { environment } = workspace.config;
    const problems = [];
    const text = await readFile(path.join(workspace.root, environment.lock), 'utf8').catch(() => undefined);
    if (text === undefined) {
        return {
            ok: false,
            problems: [`${environment.lock}: expected the environment lock, found no file`],
            pins: new Map(),
        };
    }
    const pins = parseLockPins(text);
    const expected = await lockInputsHash(workspace);
    const stamp = text
        .split('\n')
        .find((line) => line.startsWith(STAMP))
        ?.slice(STAMP.length)
        .trim();
    if (stamp !== expected) {
        problems.push(stamp
            ? `${environment.lock}: stale: made from other inputs (sha256=${stamp}) than ${environment.requirements}, python ${environment.python}, cuda ${environment.cuda} (sha256=${expected})`
            : `${environment.lock}: expected a "${STAMP.trim()}" line written by mlenv env lock, found none`);
    }
    const requirements = await readFile(path.join(workspace.root, environment.requirements), 'utf8');
    for (const [index, line] of requirements.split('\n').entries()) {
        const name = requirementName(line);
        if (name && !pins.has(name))
            problems.push(`${environment.requirements}:${index + 1}: expected ${name} in ${environment.lock}, found it missing`);
    }
    return { ok: problems.length === 0, problems, pins };
}
/** `name==version` lines of a uv/pip-compile lock, by normalized name. */
function parseLockPins(text) {
    const pins = new Map();
    for (const match of text.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)/gm))
        pins.set(normalizeName(match[1]), match[2]);
    return pins;
}
/** The package a PEP 508 requirement line names, normalized; undefined for comments and options. */
function requirementName(line) {
    const text = line.replace(/#.*/, '').trim();
    if (!text || text.startsWith('-'))
        return undefined;
    const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text)?.[1];
    return name ? normalizeName(name) : undefined;
}
/** PEP 503: case, "-", "_" and "." do not distinguish package names. */
function normalizeName(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}

;// CONCATENATED MODULE: ./shared/git/git.ts



const git_execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** Runs git with an argv list (never a shell string) and returns stdout. */
async function git(cwd, args) {
    try {
        const { stdout } = await git_execFileAsync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 });
        return stdout;
    }
    catch (error) {
        const e = error;
        throw new GitError(`git ${args.join(' ')} failed in ${cwd}: ${(e.stderr || e.message).trim()}`);
    }
}
class GitError extends errors/* ExternalError */.yA {
    name = 'GitError';
}
async function gitSucceeds(cwd, args) {
    return git(cwd, args).then(() => true, () => false);
}
/**
 * Whether `older` is an ancestor of `newer` in this repository's history; undefined when either
 * commit is not in it (a shallow clone) or this is no git checkout.
 */
async function isAncestor(cwd, older, newer) {
    for (const ref of [older, newer]) {
        if (!/^[0-9a-f]{7,64}$/i.test(ref))
            return undefined;
        if (!(await gitSucceeds(cwd, ['cat-file', '-e', `${ref}^{commit}`])))
            return undefined;
    }
    return gitSucceeds(cwd, ['merge-base', '--is-ancestor', older, newer]);
}
/**
 * Files changed between the merge base of `base` and `head`, and `head` (`git diff base...head`).
 * In shallow CI clones the merge base may be missing: history is fetched deeper until it is found.
 */
async function changedFiles(cwd, base, head, logger) {
    assertRevision(base);
    assertRevision(head);
    const args = ['diff', '--name-status', '-z', '--find-renames', '--no-color', `${base}...${head}`];
    // The diff runs beside the merge-base check (one process's latency instead of two); its output
    // is used only when the merge base was there. Otherwise, once it has ended, history is fetched
    // deeper and the diff runs again.
    const diff = git(cwd, args);
    diff.catch(() => undefined);
    if (await hasMergeBase(cwd, base, head))
        return parseNameStatus(await diff);
    await diff.catch(() => undefined);
    await fetchMergeBase(cwd, base, head, logger);
    return parseNameStatus(await git(cwd, args));
}
/**
 * Refs come from inputs and event payloads: one starting with `-` would be read by git as an
 * option (`--output=FILE` makes `git diff` write a file), so it is refused before any git runs.
 */
function assertRevision(ref) {
    if (ref.startsWith('-'))
        throw new ConfigurationError(`expected a commit or ref to diff, found ${JSON.stringify(ref.slice(0, 200))} (a ref cannot start with "-")`);
}
function hasMergeBase(cwd, base, head) {
    return gitSucceeds(cwd, ['merge-base', base, head]);
}
/** Parses `git diff --name-status -z` output; NUL separation keeps odd file names intact. */
function parseNameStatus(out) {
    const fields = out.split('\0');
    const files = [];
    for (let i = 0; i < fields.length;) {
        const code = fields[i++];
        if (!code)
            continue;
        const status = code.charAt(0);
        if (status === 'R' || status === 'C') {
            const oldPath = fields[i++] ?? '';
            const path = fields[i++] ?? '';
            files.push({ status, path, oldPath });
        }
        else {
            files.push({ status, path: fields[i++] ?? '' });
        }
    }
    return files;
}
const DEEPEN_STEPS = (/* unused pure expression or super */ null && ([50, 200, 1000]));
/** Called when the merge base is missing: fails unless the clone is shallow, then fetches deeper. */
async function fetchMergeBase(cwd, base, head, logger) {
    const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
    if (!shallow) {
        throw new GitError(`No common history between ${base} and ${head}: is the base a commit of this repository?`);
    }
    // Local names such as origin/main mean nothing to the remote; commit ids do.
    const commits = await Promise.all([base, head].map(async (ref) => (await git(cwd, ['rev-parse', '--verify', `${ref}^{commit}`])).trim()));
    for (const depth of DEEPEN_STEPS) {
        logger?.debug(`Shallow clone: fetching ${depth} more commits to find the merge base of ${base} and ${head}`);
        await git(cwd, ['fetch', '--no-tags', `--deepen=${depth}`, 'origin', ...commits]);
        if (await hasMergeBase(cwd, base, head))
            return;
    }
    logger?.debug('Fetching the whole history to find the merge base');
    await git(cwd, ['fetch', '--no-tags', '--unshallow', 'origin']);
    if (!(await hasMergeBase(cwd, base, head))) {
        throw new GitError(`No common history between ${base} and ${head}, even with the whole history fetched`);
    }
}

;// CONCATENATED MODULE: ./shared/train/backends/index.ts

const BACKENDS = ['local', 'kubernetes'];
/** Builds the named backend; each lives in its own folder and loads its clients only when chosen. */
async function createBackend(request) {
    switch (request.name) {
        case 'local': {
            const { createLocalBackend } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(352)]).then(__webpack_require__.bind(__webpack_require__, 4352));
            return createLocalBackend({ env: request.env });
        }
        case 'kubernetes':
            return kubernetesBackend(request);
        default:
            throw new errors/* ConfigurationError */.j1(`--backend: expected one of ${BACKENDS.join(', ')}, found "${request.name}"`);
    }
}
async function kubernetesBackend(request) {
    const settings = request.workspace.config.kubernetes;
    if (!settings) {
        throw new errors/* ConfigurationError */.j1(`${request.workspace.file}: expected a kubernetes section (namespace, serviceAccount) for --backend kubernetes, found none.`);
    }
    const [{ createKubeClient }, { createKubernetesBackend }] = await Promise.all([
        __webpack_require__.e(/* import() */ 978).then(__webpack_require__.bind(__webpack_require__, 9978)),
        Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(211)]).then(__webpack_require__.bind(__webpack_require__, 9211)),
    ]);
    const options = request.kubernetes ?? {};
    const client = await createKubeClient({
        kubeconfig: options.kubeconfig,
        context: settings.context,
        namespace: settings.namespace,
        logger: request.logger,
    });
    const { environment } = request.workspace.config;
    if (!settings.checkpoints) {
        request.logger.debug('No kubernetes.checkpoints.claimName: checkpoints live in the pod and do not survive a preemption.');
    }
    const commit = request.context.commit;
    return createKubernetesBackend({
        client,
        cluster: {
            namespace: settings.namespace,
            serviceAccount: settings.serviceAccount,
            gpuResource: settings.gpuResource,
            image: `${environment.image}:${request.lockHash ?? 'latest'}`,
            source: options.gitUrl && commit ? { gitUrl: options.gitUrl, commit } : undefined,
            projectDir: request.projectDir,
            workflowRunUrl: request.context.workflowRunUrl,
            podAnnotations: settings.podAnnotations,
            podLabels: settings.podLabels,
            checkpointClaim: settings.checkpoints?.claimName,
        },
        multiNode: settings.multiNode,
        pendingTimeoutMs: options.pendingTimeoutMs,
        onCancel: options.onCancel,
        serverDryRun: options.serverDryRun,
        onSubmitted: options.onSubmitted,
    });
}

;// CONCATENATED MODULE: ./shared/github/event.ts

function readEvent(env = process.env) {
    const file = env.GITHUB_EVENT_PATH;
    let payload = {};
    if (file) {
        try {
            payload = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        }
        catch {
            payload = {};
        }
    }
    return { eventName: env.GITHUB_EVENT_NAME ?? '', sha: env.GITHUB_SHA, payload };
}

;// CONCATENATED MODULE: ./shared/train/context.ts



/** Where this run comes from: the GitHub Actions environment when present, else the local git checkout. */
async function detectRunContext(cwd, env = process.env) {
    if (env.GITHUB_ACTIONS === 'true') {
        const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
            ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
            : undefined;
        const pr = readEvent(env).payload.pull_request;
        return {
            commit: pr?.head.sha ?? env.GITHUB_SHA,
            branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME,
            prNumber: pr?.number ? String(pr.number) : undefined,
            workflowRunUrl: runUrl,
            actor: env.GITHUB_ACTOR,
        };
    }
    const read = (args) => git(cwd, args).then((s) => s.trim() || undefined, () => undefined);
    const [commit, branch] = await Promise.all([
        read(['rev-parse', 'HEAD']),
        read(['rev-parse', '--abbrev-ref', 'HEAD']),
    ]);
    return { commit, branch: branch === 'HEAD' ? undefined : branch, actor: env.USER ?? safeUser() };
}
function safeUser() {
    try {
        return external_node_os_default().userInfo().username;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./shared/train/job.ts
var train_job = __webpack_require__(8768);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var classic_schemas = __webpack_require__(2857);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/api.js
var api = __webpack_require__(3759);
;// CONCATENATED MODULE: ./node_modules/zod/v4/classic/coerce.js


function string(params) {
    return core._coercedString(schemas.ZodString, params);
}
function number(params) {
    return api/* _coercedNumber */.qG(classic_schemas/* ZodNumber */.rSt, params);
}
function coerce_boolean(params) {
    return core._coercedBoolean(schemas.ZodBoolean, params);
}
function bigint(params) {
    return core._coercedBigint(schemas.ZodBigInt, params);
}
function date(params) {
    return core._coercedDate(schemas.ZodDate, params);
}

;// CONCATENATED MODULE: ./shared/mlflow/schema.ts

// The parts of MLflow's REST responses that MLEnv reads; unknown fields pass through untouched.
const runTagSchema = classic_schemas/* object */.Ikc({ key: classic_schemas/* string */.YjP(), value: classic_schemas/* string */.YjP().optional().default('') });
const metricSchema = classic_schemas/* object */.Ikc({
    key: classic_schemas/* string */.YjP(),
    value: classic_schemas/* number */.aig(),
    timestamp: number().optional(),
    step: number().optional().default(0),
});
const runInfoSchema = classic_schemas/* object */.Ikc({
    run_id: classic_schemas/* string */.YjP(),
    experiment_id: classic_schemas/* string */.YjP(),
    run_name: classic_schemas/* string */.YjP().optional(),
    status: classic_schemas/* string */.YjP().optional(),
    artifact_uri: classic_schemas/* string */.YjP().optional(),
    lifecycle_stage: classic_schemas/* string */.YjP().optional(),
});
const runSchema = classic_schemas/* object */.Ikc({
    info: runInfoSchema,
    data: classic_schemas/* object */.Ikc({
        metrics: classic_schemas/* array */.YOg(metricSchema).optional().default([]),
        params: classic_schemas/* array */.YOg(runTagSchema).optional().default([]),
        tags: classic_schemas/* array */.YOg(runTagSchema).optional().default([]),
    })
        .optional()
        .default({ metrics: [], params: [], tags: [] }),
    outputs: classic_schemas/* object */.Ikc({
        model_outputs: classic_schemas/* array */.YOg(classic_schemas/* object */.Ikc({ model_id: classic_schemas/* string */.YjP(), step: number().optional() }))
            .optional(),
    })
        .optional(),
});
const runResponseSchema = classic_schemas/* object */.Ikc({ run: runSchema });
const experimentResponseSchema = classic_schemas/* object */.Ikc({
    experiment: classic_schemas/* object */.Ikc({ experiment_id: classic_schemas/* string */.YjP(), name: classic_schemas/* string */.YjP() }),
});
const createExperimentResponseSchema = classic_schemas/* object */.Ikc({ experiment_id: classic_schemas/* string */.YjP() });
const metricHistoryResponseSchema = classic_schemas/* object */.Ikc({
    metrics: classic_schemas/* array */.YOg(metricSchema).optional().default([]),
    next_page_token: classic_schemas/* string */.YjP().optional(),
});
const loggedModelSchema = classic_schemas/* object */.Ikc({
    info: classic_schemas/* object */.Ikc({
        model_id: classic_schemas/* string */.YjP(),
        name: classic_schemas/* string */.YjP().optional(),
        artifact_uri: classic_schemas/* string */.YjP().optional(),
        source_run_id: classic_schemas/* string */.YjP().optional(),
        creation_timestamp_ms: number().optional(),
    }),
});
const searchLoggedModelsResponseSchema = classic_schemas/* object */.Ikc({
    models: classic_schemas/* array */.YOg(loggedModelSchema).optional().default([]),
});
const modelVersionSchema = classic_schemas/* object */.Ikc({
    name: classic_schemas/* string */.YjP(),
    version: classic_schemas/* string */.YjP(),
    source: classic_schemas/* string */.YjP().optional(),
    run_id: classic_schemas/* string */.YjP().optional(),
    status: classic_schemas/* string */.YjP().optional(),
    tags: classic_schemas/* array */.YOg(runTagSchema).optional().default([]),
    aliases: classic_schemas/* array */.YOg(classic_schemas/* string */.YjP()).optional().default([]),
});
const modelVersionResponseSchema = classic_schemas/* object */.Ikc({ model_version: modelVersionSchema });
const searchModelVersionsResponseSchema = classic_schemas/* object */.Ikc({
    model_versions: classic_schemas/* array */.YOg(modelVersionSchema).optional().default([]),
    next_page_token: classic_schemas/* string */.YjP().optional(),
});
const registeredModelSchema = classic_schemas/* object */.Ikc({
    name: classic_schemas/* string */.YjP(),
    tags: classic_schemas/* array */.YOg(runTagSchema).optional().default([]),
    aliases: classic_schemas/* array */.YOg(classic_schemas/* object */.Ikc({ alias: classic_schemas/* string */.YjP(), version: classic_schemas/* string */.YjP() }))
        .optional()
        .default([]),
});
const registeredModelResponseSchema = classic_schemas/* object */.Ikc({ registered_model: registeredModelSchema });
const errorResponseSchema = classic_schemas/* object */.Ikc({
    error_code: classic_schemas/* string */.YjP().optional(),
    message: classic_schemas/* string */.YjP().optional(),
});

;// CONCATENATED MODULE: ./shared/mlflow/client.ts


/** A request that MLflow answered with an error; `code` is MLflow's error_code. */
class MlflowError extends errors/* ExternalError */.yA {
    status;
    code;
    name = 'MlflowError';
    constructor(message, status, code) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
/** MLflow could not be reached at all within the retry budget. */
class MlflowUnreachableError extends errors/* ExternalError */.yA {
    name = 'MlflowUnreachableError';
}
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/**
 * A narrow client for the MLflow REST API: only what MLEnv uses. Transient failures (network,
 * 5xx, 429) are retried with backoff inside a time budget; then the error names the server.
 */
class MlflowClient {
    uri;
    #token;
    #logger;
    #budgetMs;
    #fetch;
    constructor(options) {
        this.uri = options.uri.replace(/\/+$/, '');
        if (options.token)
            (0,errors/* checkToken */.SK)(options.token, 'MLflow token');
        this.#token = options.token;
        this.#logger = options.logger;
        this.#budgetMs = options.retryBudgetMs ?? 30_000;
        this.#fetch = options.fetch ?? fetch;
    }
    runUrl(experimentId, runId) {
        return `${this.uri}/#/experiments/${experimentId}/runs/${runId}`;
    }
    async getOrCreateExperiment(name) {
        try {
            const found = await this.#call('GET', 'experiments/get-by-name', experimentResponseSchema, {
                query: { experiment_name: name },
            });
            return found.experiment.experiment_id;
        }
        catch (error) {
            if (!(error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST'))
                throw error;
        }
        try {
            return (await this.#call('POST', 'experiments/create', createExperimentResponseSchema, {
                body: { name },
            })).experiment_id;
        }
        catch (error) {
            // Two runs starting at once may both try to create it; the loser reads the winner's.
            if (error instanceof MlflowError && error.code === 'RESOURCE_ALREADY_EXISTS') {
                return (await this.#call('GET', 'experiments/get-by-name', experimentResponseSchema, {
                    query: { experiment_name: name },
                })).experiment.experiment_id;
            }
            throw error;
        }
    }
    async createRun(experimentId, runName, tags) {
        const body = {
            experiment_id: experimentId,
            run_name: runName,
            start_time: Date.now(),
            tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
        };
        return (await this.#call('POST', 'runs/create', runResponseSchema, { body })).run;
    }
    async getRun(runId) {
        return (await this.#call('GET', 'runs/get', runResponseSchema, { query: { run_id: runId } }))
            .run;
    }
    async setTags(runId, tags) {
        const body = {
            run_id: runId,
            tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
        };
        await this.#call('POST', 'runs/log-batch', null, { body });
    }
    async setRunStatus(runId, status) {
        const body = { run_id: runId, status };
        if (status !== 'RUNNING' && status !== 'SCHEDULED')
            body.end_time = Date.now();
        await this.#call('POST', 'runs/update', null, { body });
    }
    async metricHistory(runId, key) {
        const metrics = [];
        let pageToken;
        do {
            const query = {
                run_id: runId,
                metric_key: key,
                max_results: '25000',
            };
            if (pageToken)
                query.page_token = pageToken;
            const page = await this.#call('GET', 'metrics/get-history', metricHistoryResponseSchema, {
                query,
            });
            metrics.push(...page.metrics);
            pageToken = page.next_page_token || undefined;
        } while (pageToken);
        return metrics.sort((a, b) => a.step - b.step);
    }
    /** Models logged by a run (MLflow 3 logged models), newest first. */
    async loggedModels(experimentId, runId) {
        const body = {
            experiment_ids: [experimentId],
            filter: `source_run_id = '${runId}'`,
            max_results: 50,
        };
        const { models } = await this.#call('POST', 'logged-models/search', searchLoggedModelsResponseSchema, { body });
        return models.sort((a, b) => (b.info.creation_timestamp_ms ?? 0) - (a.info.creation_timestamp_ms ?? 0));
    }
    async createRegisteredModel(name) {
        try {
            await this.#call('POST', 'registered-models/create', null, { body: { name } });
        }
        catch (error) {
            if (!(error instanceof MlflowError && error.code === 'RESOURCE_ALREADY_EXISTS'))
                throw error;
        }
    }
    async createModelVersion(options) {
        const body = {
            name: options.name,
            source: options.source,
            run_id: options.runId,
            model_id: options.modelId,
            tags: Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value })),
        };
        return (await this.#call('POST', 'model-versions/create', modelVersionResponseSchema, { body }))
            .model_version;
    }
    async uploadArtifact(artifactUri, relativePath, content) {
        // Only the proxied artifact store (`mlflow server --serve-artifacts`) is reachable over HTTP.
        const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(artifactUri);
        if (!match)
            throw new MlflowError(`Cannot upload to artifact store ${artifactUri}: only mlflow-artifacts:/ is supported`, 0);
        const target = `${this.uri}/api/2.0/mlflow-artifacts/artifacts/${match[1]}/${relativePath}`;
        await this.#send('PUT', target, typeof content === 'string' ? new TextEncoder().encode(content) : content, 'application/octet-stream');
    }
    /** The registered model with its tags and aliases; undefined when no such model exists. */
    async getRegisteredModel(name) {
        try {
            return (await this.#call('GET', 'registered-models/get', registeredModelResponseSchema, {
                query: { name },
            })).registered_model;
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            throw error;
        }
    }
    async getModelVersion(name, version) {
        return (await this.#call('GET', 'model-versions/get', modelVersionResponseSchema, {
            query: { name, version },
        })).model_version;
    }
    /** The version an alias points at; undefined when the alias (or the model) does not exist. */
    async getModelVersionByAlias(name, alias) {
        try {
            return (await this.#call('GET', 'registered-models/alias', modelVersionResponseSchema, {
                query: { name, alias },
            })).model_version;
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            // MLflow answers a missing alias of an existing model with INVALID_PARAMETER_VALUE.
            if (error instanceof MlflowError &&
                error.code === 'INVALID_PARAMETER_VALUE' &&
                /alias \S+ not found/i.test(error.message))
                return undefined;
            throw error;
        }
    }
    async setRegisteredModelAlias(name, alias, version) {
        await this.#call('POST', 'registered-models/alias', null, { body: { name, alias, version } });
    }
    /** Removes an alias; one that is already gone is fine (a retried request may find it so). */
    async deleteRegisteredModelAlias(name, alias) {
        try {
            await this.#call('DELETE', 'registered-models/alias', null, { body: { name, alias } });
        }
        catch (error) {
            if (!isNotFound(error))
                throw error;
        }
    }
    /** Model versions matching an MLflow search filter, e.g. `name = 'fraud' and run_id = '...'`. */
    async searchModelVersions(filter) {
        const versions = [];
        let pageToken;
        do {
            const query = { filter, max_results: '1000' };
            if (pageToken)
                query.page_token = pageToken;
            const page = await this.#call('GET', 'model-versions/search', searchModelVersionsResponseSchema, { query });
            versions.push(...page.model_versions);
            pageToken = page.next_page_token || undefined;
        } while (pageToken);
        return versions;
    }
    async setRegisteredModelTag(name, key, value) {
        await this.#call('POST', 'registered-models/set-tag', null, { body: { name, key, value } });
    }
    async deleteRegisteredModelTag(name, key) {
        try {
            await this.#call('DELETE', 'registered-models/delete-tag', null, { body: { name, key } });
        }
        catch (error) {
            if (!isNotFound(error))
                throw error;
        }
    }
    /**
     * A file of a model version's artifacts (such as `MLmodel`), read through the tracking server,
     * so it works for every artifact store the server can read.
     */
    async modelVersionArtifact(name, version, artifactPath) {
        const url = new URL(`${this.uri}/model-versions/get-artifact`);
        url.searchParams.set('name', name);
        url.searchParams.set('version', version);
        url.searchParams.set('path', artifactPath);
        return this.#send('GET', url.toString(), undefined, 'application/json');
    }
    async #call(method, endpoint, schema, options = {}) {
        const url = new URL(`${this.uri}/api/2.0/mlflow/${endpoint}`);
        for (const [k, v] of Object.entries(options.query ?? {}))
            url.searchParams.set(k, v);
        const text = await this.#send(method, url.toString(), options.body === undefined ? undefined : JSON.stringify(options.body), 'application/json');
        if (schema === null)
            return undefined;
        const parsed = schema.safeParse(text ? JSON.parse(text) : {});
        if (!parsed.success) {
            throw new MlflowError(`MLflow at ${this.uri} answered ${endpoint} with an unexpected body: ${text.slice(0, 300)}`, 200);
        }
        return parsed.data;
    }
    async #send(method, url, body, contentType) {
        const deadline = Date.now() + this.#budgetMs;
        let attempt = 0;
        for (;;) {
            attempt++;
            let response;
            try {
                response = await this.#fetch(url, {
                    method,
                    headers: {
                        'content-type': contentType,
                        ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}),
                    },
                    body,
                    signal: AbortSignal.timeout(Math.max(1_000, Math.min(30_000, deadline - Date.now()))),
                });
            }
            catch (error) {
                const reason = error instanceof Error
                    ? error.cause instanceof Error
                        ? error.cause.message
                        : error.message
                    : String(error);
                if (Date.now() + backoff(attempt) < deadline) {
                    this.#logger?.debug(`MLflow at ${this.uri} unreachable (${reason}); retry ${attempt}`);
                    await sleep(backoff(attempt));
                    continue;
                }
                throw new MlflowUnreachableError(`MLflow tracking server ${this.uri} is unreachable after ${attempt} attempt(s) in ${Math.round(this.#budgetMs / 1000)}s: ${reason}`);
            }
            const text = await response.text();
            if (response.ok)
                return text;
            if (RETRYABLE_STATUS.has(response.status) && Date.now() + backoff(attempt) < deadline) {
                this.#logger?.debug(`MLflow at ${this.uri} answered ${response.status}; retry ${attempt}`);
                await sleep(retryAfter(response) ?? backoff(attempt));
                continue;
            }
            const parsed = errorResponseSchema.safeParse(safeJson(text));
            const detail = parsed.success ? (parsed.data.message ?? text) : text;
            throw new MlflowError(`MLflow at ${this.uri} answered ${method} ${new URL(url).pathname} with ${response.status}: ${detail.slice(0, 500)}`, response.status, parsed.success ? parsed.data.error_code : undefined);
        }
    }
}
function isNotFound(error) {
    return error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST';
}
function backoff(attempt) {
    return Math.min(8_000, 250 * 2 ** (attempt - 1));
}
function retryAfter(response) {
    const value = response.headers.get('retry-after');
    const seconds = value ? Number(value) : Number.NaN;
    return Number.isFinite(seconds) ? Math.min(30_000, seconds * 1000) : undefined;
}
function safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return {};
    }
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
/** The last value of every metric of a run. */
function latestMetrics(run) {
    const latest = {};
    for (const m of run.data.metrics) {
        const previous = latest[m.key];
        const timestamp = m.timestamp ?? 0;
        if (!previous ||
            m.step > previous.step ||
            (m.step === previous.step && timestamp >= previous.timestamp)) {
            latest[m.key] = { value: m.value, step: m.step, timestamp };
        }
    }
    return Object.fromEntries(Object.entries(latest).map(([k, v]) => [k, v.value]));
}

;// CONCATENATED MODULE: ./shared/train/launch.ts




/**
 * One training run, whatever the backend: create the MLflow run first (so the trainer's plain
 * `mlflow.start_run()` logs into it), run the job, keep its log, then read back what it logged.
 */
async function launchTraining(options) {
    const { project, backend, mlflow, context, logger } = options;
    requireTrain(project);
    const started = Date.now();
    const experimentId = await mlflow.getOrCreateExperiment(project.name);
    const runName = (0,train_job/* makeRunName */.vY)(project.name, context);
    const run = await mlflow.createRun(experimentId, runName, runTags(options, runName));
    const runId = run.info.run_id;
    const runUrl = mlflow.runUrl(experimentId, runId);
    logger.info(`MLflow run ${runName}: ${runUrl}`);
    const job = buildJob(options, { runId, runName, experimentId, trackingUri: mlflow.uri });
    logger.startGroup(`Training ${project.name} on ${backend.name}`);
    let outcome;
    try {
        outcome = await backend.run(job, logger, options.signal);
    }
    finally {
        logger.endGroup();
    }
    const finalStatus = outcome.status === 'succeeded'
        ? 'FINISHED'
        : outcome.status === 'cancelled'
            ? 'KILLED'
            : 'FAILED';
    // These requests are independent; sent together, they keep the launcher's overhead small.
    const [, , models] = await Promise.all([
        mlflow
            .uploadArtifact(run.info.artifact_uri ?? '', 'mlenv/train.log', outcome.log)
            .catch((error) => logger.warning(`Could not keep the training log in MLflow: ${error.message}`)),
        mlflow.setRunStatus(runId, finalStatus),
        mlflow.loggedModels(experimentId, runId),
        (outcome.attempts ?? 1) > 1
            ? mlflow.setTags(runId, { 'mlenv.attempt': String(outcome.attempts) })
            : undefined,
    ]);
    const metrics = latestMetrics(await mlflow.getRun(runId));
    const history = Object.fromEntries(await Promise.all(Object.keys(metrics).map(async (key) => [
        key,
        (await mlflow.metricHistory(runId, key)).map((m) => ({ step: m.step, value: m.value })),
    ])));
    const modelId = models[0]?.info.model_id;
    const result = {
        status: outcome.status,
        project: project.name,
        backend: backend.name,
        runId,
        runName,
        runUrl,
        experimentId,
        durationMs: Date.now() - started,
        metrics,
        history,
        modelUri: modelId ? `models:/${modelId}` : undefined,
        exitCode: outcome.exitCode,
        attempts: outcome.attempts ?? 1,
        reason: outcome.reason,
        logTail: outcome.logTail,
        log: outcome.log,
    };
    if (options.register && outcome.status === 'succeeded') {
        try {
            result.registered = await register(options, result, modelId);
        }
        catch (error) {
            if (!(error instanceof errors/* ConfigurationError */.j1))
                throw error;
            result.registerError = error.message;
        }
    }
    return result;
}
function requireTrain(project) {
    if (!project.config.train) {
        throw new errors/* ConfigurationError */.j1(`${external_node_path_default().relative(process.cwd(), project.file) || project.file}: expected a train section, found none.`);
    }
    return project.config.train;
}
/** The job a backend runs; also what --dry-run shows, with placeholder run identifiers. */
function buildJob(options, run) {
    const { workspace, project } = options;
    const train = requireTrain(project);
    const params = { ...train.params, ...options.paramOverrides };
    const runDir = external_node_path_default().join(workspace.root, '.mlenv', 'runs', run.runName);
    const base = {
        ...run,
        project: project.name,
        projectDir: external_node_path_default().join(workspace.root, project.dir),
        attempt: 1,
        train,
        outputDir: external_node_path_default().join(runDir, 'outputs'),
        checkpointDir: external_node_path_default().join(runDir, 'checkpoints'),
    };
    const env = (0,train_job/* trainerEnv */.Hv)(base, params);
    if (options.pathPrefix?.length)
        env.PATH = [...options.pathPrefix, process.env.PATH ?? ''].join((external_node_path_default()).delimiter);
    return {
        ...base,
        command: (0,train_job/* trainerCommand */.ht)(train, options.paramOverrides),
        env,
        secretEnv: { ...options.secretEnv },
        secrets: Object.values(options.secretEnv ?? {}),
    };
}
async function register(options, result, modelId) {
    const name = options.project.config.promote?.model;
    if (!name) {
        options.logger.warning(`Not registering: ${options.project.name} has no promote.model.`);
        return undefined;
    }
    if ((!modelId || !result.modelUri) && options.register === 'if-logged') {
        options.logger.warning(`Not registering ${name}: run ${result.runId} logged no model (registration is on by default on ${options.context.branch ?? 'main'}; pass --register, or register: true to mlenv/train, to require it).`);
        return undefined;
    }
    if (!modelId || !result.modelUri) {
        throw new errors/* ConfigurationError */.j1(`Cannot register ${name}: run ${result.runId} logged no model. Log it with mlflow.pytorch.log_model in the trainer.`);
    }
    await options.mlflow.createRegisteredModel(name);
    const version = await options.mlflow.createModelVersion({
        name,
        source: result.modelUri,
        runId: result.runId,
        modelId,
        tags: options.context.commit ? { 'mlenv.git.commit': options.context.commit } : {},
    });
    options.logger.info(`Registered ${name} version ${version.version}`);
    return { name, version: version.version };
}
function runTags(options, runName) {
    const { context } = options;
    const tags = {
        'mlflow.runName': runName,
        'mlenv.project': options.project.name,
        'mlenv.backend': options.backend.name,
        'mlenv.attempt': '1',
    };
    const optional = {
        'mlflow.source.git.commit': context.commit,
        'mlenv.git.commit': context.commit,
        'mlenv.git.branch': context.branch,
        'mlenv.pr': context.prNumber,
        'mlenv.workflow_run_url': context.workflowRunUrl,
        'mlenv.actor': context.actor,
        'mlenv.environment.lock_hash': options.lockHash,
        'mlenv.image': options.image,
    };
    for (const [key, value] of Object.entries(optional))
        if (value)
            tags[key] = value;
    return tags;
}

// EXTERNAL MODULE: ./shared/process/daemon.ts
var daemon = __webpack_require__(7570);
;// CONCATENATED MODULE: ./shared/mlflow/server-command.ts


/**
 * `mlflow server` as MLflow's own CLI runs it on loopback: SQLite and proxied artifacts under
 * `dir`. The test bed's server, and the baseline of bench/mlflow-embedded.ts. It starts about ten
 * processes (the CLI parent, uvicorn, MLflow's job runner and its huey consumers), each importing
 * all of MLflow: about 2 GiB resident.
 */
function mlflowServerCommand(dir, port) {
    return {
        args: [
            'server',
            '--backend-store-uri',
            `sqlite:///${path.join(dir, 'mlflow.db')}`,
            '--serve-artifacts',
            '--artifacts-destination',
            path.join(dir, 'artifacts'),
            '--host',
            '127.0.0.1',
            '--port',
            String(port),
            '--workers',
            '1',
            // Clients that were busy (a blocked event loop, a long trainer step) reuse idle keep-alive
            // connections late; uvicorn's 5 s default then closes them under the request.
            '--uvicorn-opts',
            '--timeout-keep-alive 120',
            // MLflow's host-header check (a DNS-rebinding guard) must accept the loopback names
            // clients use, with and without the port.
            '--allowed-hosts',
            allowedHosts(port),
        ],
        env: { MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true' },
    };
}
// What `mlflow server` does, in one process: create or check the schema first (so a database
// from a newer MLflow fails the start, in the log, not every later request), then serve MLflow's
// ASGI app (REST API, proxied artifacts, UI) with uvicorn in this process. uvicorn is imported
// first: MLflow installs its host-header guard only when it sees an ASGI server loaded. The
// cyclic garbage collector is off while MLflow imports, and what the imports created (modules,
// classes: millions of objects that live as long as the process) is then frozen out of its
// scans: otherwise it rescans them over and over, about a tenth of the start's CPU time.
const SERVE_SCRIPT = `# mlenv: the embedded MLflow tracking server
import gc
gc.disable()
import os, sys
host, port = sys.argv[1], int(sys.argv[2])
import uvicorn
from mlflow.server import handlers
handlers.initialize_backend_stores(
    os.environ["_MLFLOW_SERVER_FILE_STORE"],
    os.environ["_MLFLOW_SERVER_REGISTRY_STORE"],
    os.environ["_MLFLOW_SERVER_ARTIFACT_ROOT"],
)
from mlflow.server.fastapi_app import app
gc.freeze()
gc.enable()
log_config = os.path.join(os.path.dirname(handlers.__file__), "uvicorn_log_config.yaml")
uvicorn.run(
    app, host=host, port=port, timeout_keep_alive=120,
    **({"log_config": log_config} if os.path.exists(log_config) else {}),
)
`;
/**
 * The embedded server: the same tracking server as `mlflowServerCommand` (SQLite, artifacts
 * proxied as `mlflow-artifacts:/`, the UI), as ONE Python process without MLflow's job runner,
 * which only GenAI features (scorers, judges, trace rollups) use. The settings travel in the
 * environment variables `mlflow server` itself hands its uvicorn workers (mlflow/server/constants.py).
 */
function embeddedServerCommand(python, dir, port) {
    const store = `sqlite:///${external_node_path_default().join(dir, 'mlflow.db')}`;
    return {
        command: python,
        args: ['-c', SERVE_SCRIPT, '127.0.0.1', String(port)],
        env: {
            _MLFLOW_SERVER_FILE_STORE: store,
            _MLFLOW_SERVER_REGISTRY_STORE: store,
            _MLFLOW_SERVER_ARTIFACT_ROOT: 'mlflow-artifacts:/',
            _MLFLOW_SERVER_SERVE_ARTIFACTS: 'true',
            _MLFLOW_SERVER_ARTIFACT_DESTINATION: external_node_path_default().join(dir, 'artifacts'),
            _MLFLOW_SGI_NAME: 'uvicorn',
            _MLFLOW_SERVER_BOOT_ID: (0,external_node_crypto_.randomUUID)().replaceAll('-', ''),
            _MLFLOW_IN_JOB_EXECUTOR: 'false',
            MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false',
            MLFLOW_ENABLE_WORKSPACES: 'false',
            MLFLOW_SERVER_ALLOWED_HOSTS: allowedHosts(port),
            MLFLOW_DISABLE_TELEMETRY: 'true',
            DO_NOT_TRACK: 'true',
            // uv installs without bytecode; the first start compiles MLflow (seconds) and must be able
            // to keep the result, or every later start pays it again.
            PYTHONDONTWRITEBYTECODE: undefined,
        },
    };
}
function allowedHosts(port) {
    return `127.0.0.1:${port},localhost:${port},127.0.0.1,localhost`;
}

;// CONCATENATED MODULE: ./shared/mlflow/embedded.ts







/**
 * The embedded MLflow server used when the workspace names no tracking URI: SQLite and artifacts
 * under the workspace's .mlenv/, started once and reused across runs. Its port is chosen once per
 * workspace and kept in .mlenv/mlflow/port, so a server started again (after a crash, a kill or
 * `mlenv mlflow stop`) answers where running trainers keep retrying: MLflow's client retries for
 * about 4 minutes before it gives up on a run.
 */
const serverStateSchema = classic_schemas/* object */.Ikc({
    pid: classic_schemas/* number */.aig(),
    port: classic_schemas/* number */.aig(),
    uri: classic_schemas/* string */.YjP(),
    startedAt: classic_schemas/* string */.YjP(),
});
function embeddedDir(workspaceRoot) {
    return external_node_path_default().join(workspaceRoot, '.mlenv', 'mlflow');
}
function embeddedPortFile(workspaceRoot) {
    return external_node_path_default().join(embeddedDir(workspaceRoot), 'port');
}
/** The port this workspace's server uses, once one was chosen. */
async function rememberedPort(workspaceRoot) {
    const file = embeddedPortFile(workspaceRoot);
    const text = await (0,promises_.readFile)(file, 'utf8').catch((error) => {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    });
    if (text === undefined)
        return undefined;
    const port = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || port < 1 || port > 65535)
        throw new errors/* ConfigurationError */.j1(`${file}:1: expected the embedded MLflow server's TCP port (1-65535), found ${JSON.stringify(text.trim())}. Delete the file to have a new port chosen.`);
    return port;
}
async function readState(workspaceRoot) {
    const file = external_node_path_default().join(embeddedDir(workspaceRoot), 'server.json');
    const state = serverStateSchema.safeParse(await (0,promises_.readFile)(file, 'utf8').then(JSON.parse, () => undefined));
    return state.success ? state.data : undefined;
}
async function embeddedStatus(workspaceRoot) {
    const state = await readState(workspaceRoot);
    if (!state || !(0,daemon/* isAlive */._n)(state.pid))
        return undefined;
    return (await healthy(state.uri)) ? state : undefined;
}
async function ensureEmbeddedMlflow(options) {
    const { workspaceRoot, logger } = options;
    const timeoutMs = options.startTimeoutMs ?? 180_000;
    const running = await embeddedStatus(workspaceRoot);
    if (running && (options.port === undefined || options.port === running.port)) {
        // A server started before ports were remembered keeps its port from now on.
        if ((await rememberedPort(workspaceRoot)) !== running.port)
            await (0,promises_.writeFile)(embeddedPortFile(workspaceRoot), `${running.port}\n`);
        return running;
    }
    if (running) {
        logger.info(`Moving the embedded MLflow server from port ${running.port} to ${options.port}`);
        await (0,daemon/* stopProcessGroup */.VK)(running.pid);
    }
    if (!(0,external_node_fs_.existsSync)(options.environment.mlflow)) {
        throw new errors/* ConfigurationError */.j1(`The workspace environment has no mlflow (looked for ${options.environment.mlflow}); add mlflow to environment.requirements.`);
    }
    const dir = embeddedDir(workspaceRoot);
    const portFile = embeddedPortFile(workspaceRoot);
    await (0,promises_.mkdir)(external_node_path_default().join(dir, 'artifacts'), { recursive: true });
    const remembered = await rememberedPort(workspaceRoot);
    const port = options.port ?? remembered ?? (await (0,daemon/* freePort */.ov)());
    const free = await (0,daemon/* isPortFree */.Ci)(port).catch((error) => {
        throw new errors/* ExternalError */.yA(`The embedded MLflow server cannot listen on 127.0.0.1:${port}: ${error.message}`);
    });
    if (!free) {
        // Another `mlenv` may be starting this very server: it wrote server.json at spawn.
        const state = await readState(workspaceRoot);
        const starting = state?.port === port &&
            (0,daemon/* isAlive */._n)(state.pid) &&
            Date.now() - Date.parse(state.startedAt) < timeoutMs;
        if (starting)
            return awaitHealthy(state, dir, timeoutMs);
        if (state?.port === port && (0,daemon/* isAlive */._n)(state.pid))
            throw new errors/* ExternalError */.yA(`The embedded MLflow server (pid ${state.pid}) holds port ${port} but does not answer ${state.uri}/health (log ${external_node_path_default().join(dir, 'server.log')}). Stop it with \`mlenv mlflow stop\` and run \`mlenv mlflow ui\` again.`);
        throw new errors/* ExternalError */.yA(`Port ${port} of the embedded MLflow server (${options.port === undefined ? `remembered in ${portFile}` : 'from --port'}) is taken by another program, which is not this workspace's server. Stop that program (\`ss -ltnp 'sport = :${port}'\` names it) and run \`mlenv mlflow ui\` again, or move the server with \`mlenv mlflow ui --port <free port>\` (a trainer still running against the old address then loses its run).`);
    }
    if (port !== remembered)
        await (0,promises_.writeFile)(portFile, `${port}\n`);
    const uri = `http://127.0.0.1:${port}`;
    const logFile = external_node_path_default().join(dir, 'server.log');
    logger.info(`Starting the embedded MLflow server at ${uri} (data in ${dir})`);
    const server = embeddedServerCommand(options.environment.python, dir, port);
    const pid = (0,daemon/* spawnDetached */.W3)(server.command, server.args, {
        cwd: dir,
        env: { ...process.env, ...server.env },
        logFile,
    });
    const state = { pid, port, uri, startedAt: new Date().toISOString() };
    await (0,promises_.writeFile)(external_node_path_default().join(dir, 'server.json'), `${JSON.stringify(state, null, 2)}\n`);
    return awaitHealthy(state, dir, timeoutMs);
}
async function awaitHealthy(state, dir, timeoutMs) {
    const logFile = external_node_path_default().join(dir, 'server.log');
    // The first start creates the SQLite schema, which takes a while on a small machine.
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && (0,daemon/* isAlive */._n)(state.pid)) {
        if (await healthy(state.uri))
            return state;
        await (0,daemon/* sleep */.yy)(200);
    }
    await (0,daemon/* stopProcessGroup */.VK)(state.pid, 2_000);
    await (0,promises_.rm)(external_node_path_default().join(dir, 'server.json'), { force: true });
    throw new errors/* ExternalError */.yA(`The embedded MLflow server did not start at ${state.uri} (log ${logFile}):\n${(0,daemon/* tailOfFile */.wN)(logFile)}`);
}
/** Stops the server; its data and its port stay, so the next start answers at the same address. */
async function stopEmbeddedMlflow(workspaceRoot) {
    const state = await readState(workspaceRoot);
    await rm(path.join(embeddedDir(workspaceRoot), 'server.json'), { force: true });
    if (!state || !isAlive(state.pid))
        return false;
    await stopProcessGroup(state.pid);
    return true;
}
async function healthy(uri) {
    try {
        const response = await fetch(`${uri}/health`, { signal: AbortSignal.timeout(2_000) });
        return response.ok;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./shared/train/tracking.ts


/** The MLflow credentials MLflow's own client reads, which the trainer needs too. */
const TRACKING_CREDENTIALS = [
    'MLFLOW_TRACKING_TOKEN',
    'MLFLOW_TRACKING_USERNAME',
    'MLFLOW_TRACKING_PASSWORD',
];
function trackingCredentials(env) {
    const found = {};
    for (const name of TRACKING_CREDENTIALS) {
        const value = env[name];
        if (value)
            found[name] = value;
    }
    return found;
}
/**
 * The MLflow server for a run: an explicit URI, else the workspace's tracking.uri, else the
 * embedded server, started on demand and reused.
 */
async function resolveTracking(options) {
    const env = options.env ?? process.env;
    const token = env.MLFLOW_TRACKING_TOKEN;
    for (const secret of Object.values(trackingCredentials(env)))
        options.logger.mask(secret);
    const configured = options.uri ?? options.workspace.config.tracking.uri;
    if (configured)
        return new MlflowClient({
            uri: configured,
            token,
            logger: options.logger,
            retryBudgetMs: options.retryBudgetMs,
        });
    const server = await ensureEmbeddedMlflow({
        workspaceRoot: options.workspace.root,
        environment: await options.environment(),
        logger: options.logger,
    });
    return new MlflowClient({ uri: server.uri, logger: options.logger });
}

;// CONCATENATED MODULE: ./shared/train/run-train.ts








async function runTrain(request) {
    const { workspace, project, logger } = request;
    const env = request.env ?? process.env;
    const context = await detectRunContext(workspace.root, env);
    const local = request.backend === 'local';
    // Only a local run needs the Python environment here; the cluster gets the image of the lock.
    const environment = local && !request.dryRun
        ? await resolveEnvironment(workspace, { venv: request.venv, logger })
        : undefined;
    const hash = local ? environment?.lockHash : await lockHash(workspace);
    const trackingUri = request.trackingUri ?? workspace.config.tracking.uri;
    const backend = await createBackend({
        name: request.backend,
        workspace,
        projectDir: project.dir,
        context,
        lockHash: hash,
        logger,
        env,
        kubernetes: {
            kubeconfig: request.kubeconfig,
            pendingTimeoutMs: request.pendingTimeoutMs,
            onCancel: request.onCancel,
            serverDryRun: request.serverDryRun,
            gitUrl: await gitUrl(workspace.root, env),
            onSubmitted: request.onSubmitted,
        },
    });
    if (request.dryRun || request.serverDryRun) {
        const job = buildJob(
        // Credentials included, so the plan shows the Secret they would travel in (values hidden).
        { workspace, project, paramOverrides: request.params, secretEnv: trackingCredentials(env) }, placeholderRun(project, context, trackingUri));
        if (request.dryRun)
            return { kind: 'dry-run', plan: await backend.describe(job) };
        await backend.run(job, logger, request.signal);
        return { kind: 'server-dry-run' };
    }
    if (!local && !trackingUri) {
        throw new errors/* ConfigurationError */.j1(`${workspace.file}: tracking.uri: expected an MLflow server the cluster can reach for --backend kubernetes, found none (the embedded server listens on this machine only).`);
    }
    const mlflow = await resolveTracking({
        workspace,
        environment: async () => environment ?? resolveEnvironment(workspace, { venv: request.venv, logger }),
        uri: request.trackingUri,
        retryBudgetMs: request.mlflowRetryBudgetMs,
        logger,
        env,
    });
    const result = await launchTraining({
        workspace,
        project,
        backend,
        mlflow,
        context,
        pathPrefix: environment ? [environment.bin] : [],
        paramOverrides: request.params,
        register: request.register ?? (isMainBranch(context) ? 'if-logged' : false),
        lockHash: hash,
        image: local ? undefined : `${workspace.config.environment.image}:${hash}`,
        secretEnv: trackingCredentials(env),
        logger,
        signal: request.signal,
    });
    return { kind: 'run', result };
}
function isMainBranch(context) {
    return context.branch === 'main' || context.branch === 'master';
}
function placeholderRun(project, context, trackingUri) {
    return {
        runId: 'dry-run',
        runName: (0,train_job/* makeRunName */.vY)(project.name, context),
        experimentId: 'dry-run',
        trackingUri: trackingUri ?? 'http://127.0.0.1:5000',
    };
}
async function gitUrl(root, env) {
    if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY)
        return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}.git`;
    return git(root, ['remote', 'get-url', 'origin']).then((url) => url.trim() || undefined, () => undefined);
}


/***/ })

};
