export const id = 307;
export const ids = [307,345];
export const modules = {

/***/ 8345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  d4: () => (/* binding */ findUv),
  resolveEnvironment: () => (/* binding */ resolveEnvironment)
});

// UNUSED EXPORTS: UV_VERSION, checkLock, environmentAt, environmentBuilt, environmentIndexes, indexArguments, lockEnvironment, lockHash, lockInputsHash, normalizeName, parseLockPins, requirementName, stampLock

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


/***/ }),

/***/ 2307:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  gpuTestSummaryMarkdown: () => (/* reexport */ gpuTestSummaryMarkdown),
  runGpuTests: () => (/* reexport */ runGpuTests)
});

// UNUSED EXPORTS: CUDA_MAJOR_MIN_DRIVER, CUDA_MIN_DRIVER, DEFAULT_APPROVAL_LABEL, DEFAULT_GPU_LOCK_DIR, DEFAULT_GPU_LOCK_TIMEOUT_MS, DOCTOR_CHECKS, GPU_SAMPLE_QUERY, GPU_TEST_MARKER, GPU_TEST_STAGES, GPU_TEST_STATUSES, GpuLockTimeoutError, NVIDIA_SMI_FIELDS, NVIDIA_SMI_HEADER, NVIDIA_SMI_QUERY, SUPERVISOR_SCRIPT, TORCH_PROBE_SCRIPT, VERDICTS, acquireGpus, checkDriverCuda, checkEcc, checkTorch, collectPytestNodeIds, compareVersions, createCommandRunner, decideGpuTestsAllowed, doctorMarkdown, formatDoctorReport, formatGpuTestForTerminal, gpuDeviceId, gpuLockFile, junitFileFor, listVisibleGpus, parseCollectedNodeIds, parseCudaVersion, parseCudaVisibleDevices, parseDriverVersion, parseGpuQuery, parseGpuSamples, parseLockTimeout, parseTorchProbe, probeTorch, pytestCollectArgv, releaseOnExit, restrictToVisible, runDoctor, runShardedPytest, runWorkspaceDoctor, shardArgv, shardTests, spawnProcess, spawnSupervised, startGpuSampler, supervisedPython, worstVerdict

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./shared/gpu/command-runner.ts

function command_runner_createCommandRunner(options = {}) {
    // A wedged GPU can make nvidia-smi hang for minutes; the doctor must still answer.
    const timeout = options.timeoutMs ?? 60_000;
    return (argv) => new Promise((resolve, reject) => {
        const [program, ...args] = argv;
        if (!program) {
            reject(new Error('empty command'));
            return;
        }
        (0,external_node_child_process_.execFile)(program, args, { timeout, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
            if (!error) {
                resolve({ exitCode: 0, stdout, stderr });
                return;
            }
            const code = error.code;
            if (code === 'ENOENT') {
                reject(error);
                return;
            }
            const killed = error.killed;
            resolve({
                exitCode: typeof code === 'number' ? code : 1,
                stdout,
                stderr: killed ? `${stderr}\n${program} timed out after ${timeout} ms` : stderr,
            });
        });
    });
}

;// CONCATENATED MODULE: ./shared/gpu/cuda-drivers.ts
// Which NVIDIA driver runs which CUDA toolkit: data from NVIDIA's release notes, and the version
// comparison it is read with.
/**
 * NVIDIA's minimum Linux x86_64 driver for each CUDA toolkit's GA release (CUDA Toolkit release
 * notes, "CUDA Toolkit and Corresponding Driver Versions").
 */
const cuda_drivers_CUDA_MIN_DRIVER = {
    '13.0': '580.65.06',
    '12.9': '575.51.03',
    '12.8': '570.26',
    '12.6': '560.28.03',
    '12.5': '555.42.02',
    '12.4': '550.54.14',
    '12.3': '545.23.06',
    '12.2': '535.54.03',
    '12.1': '530.30.02',
    '12.0': '525.60.13',
    '11.8': '520.61.05',
};
/**
 * The oldest driver of each CUDA major that runs any toolkit of that major through minor-version
 * compatibility (same release notes, "CUDA Minor Version Compatibility"), minus PTX JIT and
 * features the older driver lacks.
 */
const cuda_drivers_CUDA_MAJOR_MIN_DRIVER = {
    '13': '580',
    '12': '525.60.13',
    '11': '450.80.02',
};
function cuda_drivers_compareVersions(a, b) {
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (diff !== 0)
            return Math.sign(diff);
    }
    return 0;
}

// EXTERNAL MODULE: ./shared/environment/index.ts + 1 modules
var environment = __webpack_require__(8345);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
;// CONCATENATED MODULE: ./shared/gpu/doctor-checks.ts


// The doctor's checks: each judges one thing it was told about the machine, without running
// anything, so each is tested on its own inputs.
const VERDICTS = (/* unused pure expression or super */ null && (['pass', 'warn', 'fail']));
const doctor_checks_DOCTOR_CHECKS = {
    gpusVisible: 'gpus-visible',
    driverCuda: 'driver-cuda',
    ecc: 'ecc',
    torch: 'torch',
};
function doctor_checks_worstVerdict(verdicts) {
    let worst = 'pass';
    for (const v of verdicts)
        if (VERDICTS.indexOf(v) > VERDICTS.indexOf(worst))
            worst = v;
    return worst;
}
function doctor_checks_isCpu(environmentCuda) {
    return environmentCuda.trim().toLowerCase() === 'cpu';
}
/** Whether a driver runs an environment built for `cuda`, from NVIDIA's table and the header. */
function doctor_checks_checkDriverCuda(environmentCuda, driverVersion, driverCuda) {
    const title = 'driver supports the CUDA version';
    const result = (verdict, message) => ({
        id: doctor_checks_DOCTOR_CHECKS.driverCuda,
        title,
        verdict,
        message,
    });
    if (doctor_checks_isCpu(environmentCuda)) {
        return result('pass', 'the environment is CPU-only (cuda: cpu): no CUDA driver needed');
    }
    const cuda = environmentCuda.trim();
    const major = cuda.split('.')[0] ?? '';
    const supports = driverCuda ? ` (the driver supports up to CUDA ${driverCuda})` : '';
    const verdicts = [];
    const minimum = CUDA_MIN_DRIVER[cuda];
    const majorMinimum = CUDA_MAJOR_MIN_DRIVER[major];
    let tableVerdict = null;
    if (driverVersion && minimum) {
        if (compareVersions(driverVersion, minimum) >= 0)
            tableVerdict = 'pass';
        else if (majorMinimum && compareVersions(driverVersion, majorMinimum) >= 0)
            tableVerdict = 'warn';
        else
            tableVerdict = 'fail';
        verdicts.push(tableVerdict);
    }
    let headerVerdict = null;
    if (driverCuda) {
        if (compareVersions(driverCuda, cuda) >= 0)
            headerVerdict = 'pass';
        else if (driverCuda.split('.')[0] === major)
            headerVerdict = 'warn';
        else
            headerVerdict = 'fail';
        verdicts.push(headerVerdict);
    }
    if (verdicts.length === 0) {
        return result('warn', `cannot tell whether driver ${driverVersion ?? '(unknown)'} runs CUDA ${cuda}: no minimum driver is known for it and nvidia-smi did not print its CUDA version`);
    }
    const verdict = doctor_checks_worstVerdict(verdicts);
    const driver = `driver ${driverVersion ?? '(unknown version)'}`;
    const needs = minimum ? ` (CUDA ${cuda} needs ≥ ${minimum})` : '';
    if (verdict === 'pass')
        return result('pass', `${driver} supports CUDA ${cuda}${supports}`);
    if (verdict === 'warn') {
        return result('warn', `${driver} is older than CUDA ${cuda} needs${needs}${supports}; it runs through CUDA minor-version compatibility, without PTX JIT or newer features: upgrade the driver`);
    }
    const majorNeeds = majorMinimum ? `: CUDA ${major}.x needs at least ${majorMinimum}` : '';
    return result('fail', `${driver} cannot run CUDA ${cuda}${majorNeeds}${supports}; install a newer driver or use an older CUDA variant`);
}
function doctor_checks_checkEcc(gpus) {
    const check = (verdict, message) => ({
        id: doctor_checks_DOCTOR_CHECKS.ecc,
        title: 'no uncorrected ECC errors',
        verdict,
        message,
    });
    const bad = gpus.filter((g) => (g.eccUncorrectedVolatile ?? 0) > 0);
    if (bad.length > 0) {
        const which = bad
            .map((g) => `GPU ${g.index} (${g.uuid || g.name}) has ${plural(g.eccUncorrectedVolatile ?? 0, 'uncorrected ECC error')}`)
            .join('; ');
        return check('fail', `${which} since the driver loaded: its memory is unreliable; drain the machine and reset or replace the GPU`);
    }
    const unreported = gpus.filter((g) => g.eccUncorrectedVolatile === null).map((g) => g.index);
    if (unreported.length === gpus.length) {
        return check('pass', 'no GPU reports ECC counters (ECC is off or not supported)');
    }
    const note = unreported.length > 0
        ? ` (GPU ${unreported.join(', ')} does not report ECC: off or not supported)`
        : '';
    return check('pass', `no uncorrected ECC errors on ${plural(gpus.length - unreported.length, 'GPU')}${note}`);
}
function visibleDeviceCount(env) {
    const value = env.CUDA_VISIBLE_DEVICES;
    if (value === undefined)
        return null;
    return value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '').length;
}
/** What torch in the environment sees against what nvidia-smi sees; a probe that failed fails. */
function doctor_checks_checkTorch(probe, gpuCount, environmentCuda, env = {}) {
    const check = (verdict, message) => ({
        id: doctor_checks_DOCTOR_CHECKS.torch,
        title: 'torch sees the GPUs',
        verdict,
        message,
    });
    if ('error' in probe)
        return check('fail', probe.error);
    const torch = `torch ${probe.torchVersion}`;
    if (doctor_checks_isCpu(environmentCuda)) {
        return check('pass', `the environment is CPU-only (cuda: cpu): ${torch} ${probe.torchCuda ? `(CUDA ${probe.torchCuda})` : '(CPU build)'} is not expected to use the GPUs`);
    }
    if (!probe.torchCuda) {
        return check('fail', `${torch} is a CPU build, but the environment declares CUDA ${environmentCuda}: the lock resolved the wrong wheel`);
    }
    const visible = visibleDeviceCount(env);
    if (!probe.cudaAvailable) {
        if (visible === 0) {
            return check('fail', `${torch} sees no GPU: CUDA_VISIBLE_DEVICES is empty`);
        }
        return check('fail', `${torch} (CUDA ${probe.torchCuda}) cannot use CUDA on this machine although nvidia-smi sees ${plural(gpuCount, 'GPU')}: check the driver and the container's GPU access`);
    }
    const expected = visible === null ? gpuCount : Math.min(visible, gpuCount);
    const mismatchCuda = compareVersions(probe.torchCuda.split('.').slice(0, 2).join('.'), environmentCuda) !== 0
        ? `; it was built for CUDA ${probe.torchCuda}, the environment declares ${environmentCuda}`
        : '';
    if (probe.deviceCount !== expected) {
        const restricted = visible === null
            ? ''
            : ` (CUDA_VISIBLE_DEVICES=${env.CUDA_VISIBLE_DEVICES} allows ${visible})`;
        return check('fail', `${torch} sees ${plural(probe.deviceCount, 'GPU')}, nvidia-smi sees ${gpuCount}${restricted}`);
    }
    const of = visible !== null && expected < gpuCount
        ? ` of ${gpuCount} (CUDA_VISIBLE_DEVICES=${env.CUDA_VISIBLE_DEVICES})`
        : '';
    return check(mismatchCuda ? 'warn' : 'pass', `${torch} (CUDA ${probe.torchCuda}) sees ${plural(probe.deviceCount, 'GPU')}${of}${mismatchCuda}`);
}

;// CONCATENATED MODULE: ./shared/gpu/nvidia-smi.ts
/** The fields asked of nvidia-smi, in the order its CSV answers them. */
const NVIDIA_SMI_FIELDS = [
    'index',
    'uuid',
    'name',
    'memory.total',
    'memory.used',
    'driver_version',
    'utilization.gpu',
    'ecc.errors.uncorrected.volatile.total',
    'temperature.gpu',
    'pci.bus_id',
];
const nvidia_smi_NVIDIA_SMI_QUERY = [
    'nvidia-smi',
    `--query-gpu=${NVIDIA_SMI_FIELDS.join(',')}`,
    '--format=csv,noheader,nounits',
];
/** Plain `nvidia-smi`: only its header says which CUDA version the driver supports. */
const nvidia_smi_NVIDIA_SMI_HEADER = (/* unused pure expression or super */ null && (['nvidia-smi']));
// nvidia-smi writes these (with the brackets) for fields a GPU or driver does not expose.
const UNAVAILABLE = /^\[.*\]$|^N\/A$/i;
function nvidia_smi_text(value) {
    return value === '' || UNAVAILABLE.test(value) ? null : value;
}
function numberOrNull(value, field, line) {
    const raw = nvidia_smi_text(value);
    if (raw === null)
        return null;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed)) {
        throw new Error(`nvidia-smi reported ${field} "${raw}", not a number, in: ${line}`);
    }
    return parsed;
}
/**
 * Parses the CSV of `NVIDIA_SMI_QUERY`. Throws on a line that is not a GPU record, because a
 * driver error printed to stdout must not read as "zero GPUs".
 */
function nvidia_smi_parseGpuQuery(csv) {
    const gpus = [];
    for (const line of csv.split(/\r?\n/)) {
        if (line.trim() === '')
            continue;
        let cells = line.split(',').map((cell) => cell.trim());
        const expected = NVIDIA_SMI_FIELDS.length;
        // Only the product name is free text; a comma in it must not shift the other fields.
        if (cells.length > expected) {
            const extra = cells.length - expected;
            cells = [
                ...cells.slice(0, 2),
                cells.slice(2, 3 + extra).join(', '),
                ...cells.slice(3 + extra),
            ];
        }
        if (cells.length !== expected) {
            throw new Error(`nvidia-smi printed a line with ${cells.length} fields where ${expected} were expected: ${line.trim()}`);
        }
        const [index, uuid, name, total, used, driver, util, ecc, temp, bus] = cells;
        const gpuIndex = numberOrNull(index, 'index', line);
        if (gpuIndex === null || !Number.isInteger(gpuIndex)) {
            throw new Error(`nvidia-smi printed a GPU without an index: ${line.trim()}`);
        }
        gpus.push({
            index: gpuIndex,
            uuid: nvidia_smi_text(uuid) ?? '',
            name: nvidia_smi_text(name) ?? 'unknown GPU',
            memoryTotalMiB: numberOrNull(total, 'memory.total', line),
            memoryUsedMiB: numberOrNull(used, 'memory.used', line),
            driverVersion: nvidia_smi_text(driver),
            utilizationPercent: numberOrNull(util, 'utilization.gpu', line),
            eccUncorrectedVolatile: numberOrNull(ecc, 'ecc.errors.uncorrected.volatile.total', line),
            temperatureC: numberOrNull(temp, 'temperature.gpu', line),
            pciBusId: nvidia_smi_text(bus),
        });
    }
    return gpus;
}
/** The highest CUDA version the driver supports, from plain `nvidia-smi` ("CUDA Version: 13.0"). */
function nvidia_smi_parseCudaVersion(header) {
    return /CUDA Version\s*:\s*(\d+\.\d+)/.exec(header)?.[1] ?? null;
}
/** The driver version from plain `nvidia-smi` ("Driver Version: 580.159.04"). */
function nvidia_smi_parseDriverVersion(header) {
    return /Driver Version\s*:\s*(\d+(?:\.\d+)+)/.exec(header)?.[1] ?? null;
}

;// CONCATENATED MODULE: ./shared/gpu/torch-probe.ts

/** Printed by the environment's Python: one JSON line that `parseTorchProbe` reads. */
const TORCH_PROBE_SCRIPT = [
    'import json',
    'try:',
    '    import torch',
    'except Exception as e:',
    '    print(json.dumps({"error": type(e).__name__ + ": " + str(e)}))',
    '    raise SystemExit(0)',
    'print(json.dumps({"torch": torch.__version__, "cuda": torch.version.cuda,',
    '    "available": torch.cuda.is_available(), "count": torch.cuda.device_count()}))',
].join('\n');
function parseTorchProbe(stdout) {
    const line = stdout
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.trim().startsWith('{'));
    if (!line)
        return { error: `no JSON in the probe's output: ${firstNonEmptyLine(stdout) || '(empty)'}` };
    let data;
    try {
        data = JSON.parse(line);
    }
    catch {
        return { error: `unreadable probe output: ${line.trim()}` };
    }
    const record = (data ?? {});
    if (typeof record.error === 'string')
        return { error: record.error };
    if (typeof record.torch !== 'string' ||
        typeof record.available !== 'boolean' ||
        typeof record.count !== 'number') {
        return { error: `unexpected probe output: ${line.trim()}` };
    }
    return {
        torchVersion: record.torch,
        torchCuda: typeof record.cuda === 'string' ? record.cuda : null,
        cudaAvailable: record.available,
        deviceCount: record.count,
    };
}
/**
 * Runs the probe with the environment's Python: what torch says, or in one line why it could
 * not say (torch missing or broken, the Python itself missing).
 */
async function torch_probe_probeTorch(run, python) {
    try {
        const result = await run([...python, '-c', TORCH_PROBE_SCRIPT]);
        const probe = parseTorchProbe(result.stdout);
        if (!('error' in probe))
            return probe;
        const detail = result.exitCode !== 0 ? firstNonEmptyLine(result.stderr) || probe.error : probe.error;
        return { error: `cannot import torch with ${python.join(' ')}: ${detail}` };
    }
    catch (error) {
        if (error?.code !== 'ENOENT')
            throw error;
        return { error: `the environment's Python was not found: ${python[0]}` };
    }
}

;// CONCATENATED MODULE: ./shared/gpu/doctor.ts







function isMissing(error) {
    return error?.code === 'ENOENT';
}
function noGpuReport(environmentCuda, reason, verdictIfCuda, verdictIfCpu) {
    const cpu = isCpu(environmentCuda);
    const verdict = cpu ? verdictIfCpu : verdictIfCuda;
    const suffix = cpu ? ' (the environment is CPU-only, so GPU checks do not apply)' : '';
    return {
        verdict,
        environmentCuda,
        driverVersion: null,
        driverCuda: null,
        gpus: [],
        torch: null,
        checks: [
            {
                id: DOCTOR_CHECKS.gpusVisible,
                title: 'GPUs visible',
                verdict,
                message: `${reason}${suffix}`,
            },
        ],
    };
}
/**
 * Checks this machine's GPUs against the environment. Without a usable GPU the report holds one
 * plain verdict rather than a cascade of failures that all say the same thing.
 */
async function runDoctor(options) {
    const run = options.run ?? createCommandRunner();
    const environmentCuda = options.environmentCuda;
    const env = options.env ?? process.env;
    let query;
    try {
        query = await run(NVIDIA_SMI_QUERY);
    }
    catch (error) {
        if (isMissing(error)) {
            return noGpuReport(environmentCuda, 'no NVIDIA GPU visible on this machine: nvidia-smi not found', 'fail', 'pass');
        }
        throw error;
    }
    const output = `${query.stdout}\n${query.stderr}`;
    if (/No devices were found/i.test(output)) {
        return noGpuReport(environmentCuda, 'no NVIDIA GPU visible on this machine: nvidia-smi found no devices', 'fail', 'pass');
    }
    if (query.exitCode !== 0) {
        return noGpuReport(environmentCuda, `no NVIDIA GPU usable on this machine: nvidia-smi exited with ${query.exitCode}: ${firstNonEmptyLine(output) || '(no output)'}`, 'fail', 'warn');
    }
    let gpus;
    try {
        gpus = parseGpuQuery(query.stdout);
    }
    catch (error) {
        return noGpuReport(environmentCuda, `cannot read nvidia-smi's answer: ${error.message}`, 'fail', 'warn');
    }
    if (gpus.length === 0) {
        return noGpuReport(environmentCuda, 'no NVIDIA GPU visible on this machine: nvidia-smi lists no GPUs', 'fail', 'pass');
    }
    let driverCuda = null;
    let headerDriver = null;
    try {
        const header = await run(NVIDIA_SMI_HEADER);
        if (header.exitCode === 0) {
            driverCuda = parseCudaVersion(header.stdout);
            headerDriver = parseDriverVersion(header.stdout);
        }
    }
    catch (error) {
        if (!isMissing(error))
            throw error;
    }
    const driverVersion = gpus.find((g) => g.driverVersion)?.driverVersion ?? headerDriver;
    const names = [...new Set(gpus.map((g) => g.name))].join(', ');
    const checks = [
        {
            id: DOCTOR_CHECKS.gpusVisible,
            title: 'GPUs visible',
            verdict: 'pass',
            message: `${plural(gpus.length, 'GPU')} visible: ${names}`,
        },
        checkDriverCuda(environmentCuda, driverVersion, driverCuda),
        checkEcc(gpus),
    ];
    let torch = null;
    if (options.pythonCommand && options.pythonCommand.length > 0) {
        const probe = await probeTorch(run, options.pythonCommand);
        if (!('error' in probe))
            torch = probe;
        checks.push(checkTorch(probe, gpus.length, environmentCuda, env));
    }
    return {
        verdict: worstVerdict(checks.map((c) => c.verdict)),
        environmentCuda,
        driverVersion,
        driverCuda,
        gpus,
        torch,
        checks,
    };
}
/**
 * The doctor as `mlenv doctor` and the doctor action run it: against the workspace
 * environment's CUDA (else CPU-only), probing torch with the environment's Python when it has
 * been built. An environment not built yet skips the torch check with a note; it never builds one.
 */
async function runWorkspaceDoctor(options) {
    const { workspace, logger } = options;
    const environmentCuda = options.cuda ?? workspace?.config.environment.cuda ?? 'cpu';
    const notes = [];
    let pythonCommand;
    if (workspace) {
        try {
            pythonCommand = [(await resolveEnvironment(workspace, { logger, create: false })).python];
        }
        catch (error) {
            if (!isConfigurationError(error))
                throw error;
            notes.push(`torch check skipped: ${errorMessage(error)}`);
        }
    }
    else {
        notes.push('torch check skipped: no workspace here, so no environment to probe');
    }
    const report = await runDoctor({
        environmentCuda,
        pythonCommand,
        run: options.run,
        env: options.env,
    });
    return { report, notes };
}

;// CONCATENATED MODULE: ./shared/gpu/doctor-report.ts

// The doctor's report for a terminal and for a job summary.
function memory(gpu) {
    if (gpu.memoryTotalMiB === null)
        return 'memory n/a';
    const used = gpu.memoryUsedMiB === null ? '?' : String(gpu.memoryUsedMiB);
    return `${used} / ${gpu.memoryTotalMiB} MiB`;
}
function orNa(value, unit = '') {
    return value === null ? 'n/a' : `${value}${unit}`;
}
function formatDoctorReport(report) {
    const lines = [
        `GPU doctor: ${report.verdict.toUpperCase()} (environment cuda: ${report.environmentCuda})`,
    ];
    if (report.gpus.length > 0) {
        lines.push(`driver ${report.driverVersion ?? 'unknown'}${report.driverCuda ? `, supports CUDA ${report.driverCuda}` : ''}`);
        for (const g of report.gpus) {
            lines.push(`  GPU ${g.index}  ${g.name}  ${memory(g)}  util ${orNa(g.utilizationPercent, '%')}  ECC ${orNa(g.eccUncorrectedVolatile)}  ${orNa(g.temperatureC, '°C')}  ${g.pciBusId ?? ''}`.trimEnd());
        }
    }
    if (report.torch) {
        lines.push(`torch ${report.torch.torchVersion}, CUDA ${report.torch.torchCuda ?? 'none'}, ${plural(report.torch.deviceCount, 'device')}`);
    }
    for (const c of report.checks)
        lines.push(`${c.verdict.padEnd(4)}  ${c.title}: ${c.message}`);
    return lines.join('\n');
}
const MARK = { pass: '✅', warn: '⚠️', fail: '❌' };
/** The report as GitHub-flavoured Markdown, for a job summary. */
function doctorMarkdown(report) {
    const out = [
        `### GPU doctor: ${MARK[report.verdict]} ${report.verdict}`,
        '',
        `Environment CUDA: \`${cell(report.environmentCuda)}\`${report.driverVersion ? ` · driver \`${report.driverVersion}\`` : ''}${report.driverCuda ? ` (supports CUDA ${report.driverCuda})` : ''}${report.torch ? ` · torch \`${report.torch.torchVersion}\`` : ''}`,
        '',
    ];
    if (report.gpus.length > 0) {
        out.push('| GPU | model | memory used / total | utilisation | uncorrected ECC | temp |');
        out.push('| --: | ----- | ------------------- | ----------: | --------------: | ---: |');
        for (const g of report.gpus) {
            out.push(`| ${g.index} | ${cell(g.name)} | ${memory(g)} | ${orNa(g.utilizationPercent, '%')} | ${orNa(g.eccUncorrectedVolatile)} | ${orNa(g.temperatureC, ' °C')} |`);
        }
        out.push('');
    }
    out.push('| check | verdict | detail |', '| ----- | ------- | ------ |');
    for (const c of report.checks) {
        out.push(`| ${cell(c.title)} | ${MARK[c.verdict]} ${c.verdict} | ${cell(c.message)} |`);
    }
    return `${out.join('\n')}\n`;
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
// EXTERNAL MODULE: ./shared/options/gpu-test.ts + 1 modules
var gpu_test = __webpack_require__(8677);
// EXTERNAL MODULE: ./shared/util/duration.ts
var duration = __webpack_require__(8515);
;// CONCATENATED MODULE: ./shared/gpu/gpu-test-options.ts


// The gpu-test options' defaults, as the option table (shared/options/gpu-test.ts) declares
// them, for the core's callers that pass none.
/** The label a maintainer puts on a fork's pull request to let its GPU tests run. */
const DEFAULT_APPROVAL_LABEL = gpu_test/* GPU_TEST_OPTIONS */.Z['approval-label'].default;
const DEFAULT_GPU_LOCK_DIR = gpu_test/* GPU_TEST_OPTIONS */.Z['lock-dir'].default;
const DEFAULT_GPU_LOCK_TIMEOUT_MS = gpu_test/* GPU_TEST_OPTIONS */.Z['lock-timeout'].default;
/** Parses "30m", "1h30m", "90s", or a plain number of seconds, for --lock-timeout. */
function parseLockTimeout(text) {
    return parseDuration(text, { plainSeconds: true, what: 'lock timeout' });
}

;// CONCATENATED MODULE: ./shared/gpu/fork-safety.ts



const repo = schemas/* object */.Ikc({ full_name: schemas/* string */.YjP() }).nullish();
const pullRequestPayload = schemas/* object */.Ikc({
    action: schemas/* string */.YjP().optional(),
    label: schemas/* object */.Ikc({ name: schemas/* string */.YjP() }).nullish(),
    pull_request: schemas/* object */.Ikc({
        number: schemas/* number */.aig(),
        head: schemas/* object */.Ikc({ sha: schemas/* string */.YjP(), repo }),
        base: schemas/* object */.Ikc({ repo }),
    }),
});
function fork_safety_short(sha) {
    return sha.slice(0, 7);
}
/**
 * Whether this workflow run may run GPU tests. GPU runners are self-hosted and long-lived, so
 * code from a fork runs there only after a maintainer has reviewed the exact commit; the
 * approval label, applied after that review, is the record of it, and any later push voids it.
 */
function decideGpuTestsAllowed(input) {
    const label = input.approvalLabel ?? DEFAULT_APPROVAL_LABEL;
    const raw = (input.payload ?? {});
    const isPullRequestEvent = input.eventName.startsWith('pull_request') || raw.pull_request !== undefined;
    if (!isPullRequestEvent) {
        return { allowed: true, reason: `${input.eventName || 'this'} event runs trusted code` };
    }
    const parsed = pullRequestPayload.safeParse(input.payload);
    if (!parsed.success) {
        return {
            allowed: false,
            reason: `the ${input.eventName} event payload lacks the pull request's head and base repositories; refusing to run GPU tests on code of unknown origin`,
        };
    }
    const event = parsed.data;
    const pr = event.pull_request;
    const head = pr.head.repo?.full_name;
    const base = pr.base.repo?.full_name;
    if (head !== undefined && base !== undefined && head === base) {
        return {
            allowed: true,
            reason: `pull request #${pr.number} comes from a branch of ${base}`,
        };
    }
    // A deleted fork leaves head.repo null: still someone else's code.
    const from = head ? `fork ${head}` : 'a deleted fork';
    if (input.eventName === 'pull_request_target') {
        return {
            allowed: false,
            reason: `pull_request_target would run code from ${from} with this repository's secrets and write token; run GPU tests from a pull_request workflow gated on label ${label}`,
        };
    }
    const payloadSha = pr.head.sha;
    const currentSha = input.current?.headSha ?? payloadSha;
    const ask = (sha) => `a maintainer must apply label ${label} after reviewing commit ${fork_safety_short(sha)}`;
    if (input.eventName !== 'pull_request') {
        return {
            allowed: false,
            reason: `pull request #${pr.number} from ${from} triggered ${input.eventName}, which cannot carry the approval; GPU tests run on the pull_request "labeled" event: ${ask(currentSha)}`,
        };
    }
    if (event.action !== 'labeled' || event.label?.name !== label) {
        const what = event.action === 'labeled'
            ? `label ${event.label?.name ?? '(none)'} is not the approval label`
            : `the event is "${event.action ?? 'unknown'}", not the approval label being applied`;
        return {
            allowed: false,
            reason: `pull request #${pr.number} comes from ${from} and ${what}: ${ask(currentSha)}`,
        };
    }
    if (!input.current) {
        return {
            allowed: false,
            reason: `pull request #${pr.number} from ${from}: its current head and labels were not fetched, so the approval of commit ${fork_safety_short(payloadSha)} cannot be confirmed`,
        };
    }
    if (input.current.headSha !== payloadSha) {
        return {
            allowed: false,
            reason: `pull request #${pr.number} from ${from} got commit ${fork_safety_short(input.current.headSha)} after label ${label} approved ${fork_safety_short(payloadSha)}: a maintainer must remove and re-apply label ${label} after reviewing commit ${fork_safety_short(input.current.headSha)}`,
        };
    }
    if (!input.current.labels.includes(label)) {
        return {
            allowed: false,
            reason: `label ${label} has since been removed from pull request #${pr.number} from ${from}: ${ask(payloadSha)}`,
        };
    }
    return {
        allowed: true,
        reason: `a maintainer applied label ${label} to pull request #${pr.number} from ${from} at commit ${fork_safety_short(payloadSha)}, still its head`,
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./shared/process/identity.ts


/** Fields 3.. of /proc/<pid>/stat; the command name (field 2) may hold spaces and ")". */
function parseProcStat(text) {
    const close = text.lastIndexOf(')');
    if (close < 0)
        return null;
    const fields = text
        .slice(close + 1)
        .trim()
        .split(/\s+/);
    const state = fields[0];
    const startTime = fields[22 - 3];
    if (!state || !startTime || !/^\d+$/.test(startTime))
        return null;
    return { state, startTime };
}
function procStat(pid) {
    try {
        return parseProcStat((0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8'));
    }
    catch {
        return null;
    }
}
/** The start time of a process in clock ticks since boot, or null (no such process, no /proc). */
function readProcessStartTime(pid) {
    return procStat(pid)?.startTime ?? null;
}
/** This machine's name as identities record it. */
function thisHost() {
    return hostname();
}
/** The identity of a process of this machine (default: this one). */
function processIdentity(pid = process.pid) {
    return { host: thisHost(), pid, startTime: readProcessStartTime(pid) };
}
const HAS_PROC = (0,external_node_fs_.existsSync)('/proc/self/stat');
/**
 * Whether the process still runs on this machine: same pid, same start time (when one was
 * recorded), and not a zombie. Says nothing about processes of other hosts; callers check the host.
 */
function isSameProcessAlive(target) {
    if (HAS_PROC) {
        const stat = procStat(target.pid);
        if (!stat)
            return false;
        // A SIGKILLed child stays a zombie until its parent reaps it, yet runs nothing.
        if (stat.state === 'Z' || stat.state === 'X')
            return false;
        return target.startTime === null || stat.startTime === target.startTime;
    }
    try {
        process.kill(target.pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
/**
 * Whether a process group still has a member that runs: kill(-pgid, 0) alone succeeds while only
 * zombies are left, so where /proc exists the members are looked at.
 */
function isProcessGroupAlive(pgid) {
    try {
        process.kill(-pgid, 0);
    }
    catch (error) {
        return error.code === 'EPERM';
    }
    if (!HAS_PROC)
        return true;
    let entries;
    try {
        entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    }
    catch {
        return true;
    }
    for (const entry of entries) {
        let text;
        try {
            text = readFileSync(`/proc/${entry}/stat`, 'utf8');
        }
        catch {
            continue;
        }
        const fields = text
            .slice(text.lastIndexOf(')') + 1)
            .trim()
            .split(/\s+/);
        // fields[0] is field 3 (state), fields[2] field 5 (process group).
        if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X')
            return true;
    }
    return false;
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./shared/util/sleep.ts

/**
 * Resolves after `ms`; rejects with the signal's reason as soon as it aborts (at once when it
 * already has), so a cancelled wait ends with the same error as the cancelled work.
 */
async function sleep(ms, signal) {
    try {
        await (0,promises_.setTimeout)(ms, undefined, signal ? { signal } : undefined);
    }
    catch (error) {
        throw signal?.aborted ? signal.reason : error;
    }
}
/** Probes until it holds or the time is up; says which, never throws for the timeout. */
async function pollUntil(probe, options = {}) {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    while (!(await probe())) {
        if (Date.now() > deadline)
            return false;
        await sleep(options.intervalMs ?? 100);
    }
    return true;
}
/** As pollUntil, but a timeout is an error naming what was awaited. */
async function waitUntil(what, probe, options = {}) {
    if (!(await pollUntil(probe, options)))
        throw new Error(`timed out after ${(options.timeoutMs ?? 30_000) / 1000} s waiting for ${what}`);
}

;// CONCATENATED MODULE: ./shared/gpu/gpu-lock.ts







class GpuLockTimeoutError extends errors/* ExternalError */.yA {
    holders;
    constructor(message, holders) {
        super(message);
        this.name = 'GpuLockTimeoutError';
        this.holders = holders;
    }
}
// A lock or mutex file is written right after its exclusive create; empty for longer than this
// means its writer died in between.
const UNWRITTEN_GRACE_MS = 2_000;
function readLock(file) {
    let raw;
    let mtimeMs;
    try {
        raw = (0,external_node_fs_.readFileSync)(file, 'utf8');
        mtimeMs = (0,external_node_fs_.statSync)(file).mtimeMs;
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return { kind: 'absent' };
        throw error;
    }
    try {
        const holder = JSON.parse(raw);
        if (typeof holder.pid !== 'number' || typeof holder.token !== 'string')
            throw new Error();
        // A lock from another host (a shared lock directory) cannot be checked here, so it is
        // never reclaimed from here.
        const stale = holder.host === (0,external_node_os_.hostname)() && !isSameProcessAlive(holder);
        return { kind: 'held', holder, stale };
    }
    catch {
        return { kind: 'unwritten', stale: Date.now() - mtimeMs > UNWRITTEN_GRACE_MS };
    }
}
function tokenOf(state) {
    return state.kind === 'held' ? state.holder.token : null;
}
function newHolder(device, label) {
    return {
        device,
        pid: process.pid,
        startTime: readProcessStartTime(process.pid),
        host: (0,external_node_os_.hostname)(),
        label,
        acquiredAt: new Date().toISOString(),
        token: (0,external_node_crypto_.randomUUID)(),
    };
}
/** Creates `file` only if it does not exist (O_CREAT|O_EXCL); false when it does. */
function createExclusive(file, content) {
    try {
        (0,external_node_fs_.writeFileSync)(file, content, { flag: 'wx' });
        return true;
    }
    catch (error) {
        if (error.code === 'EEXIST')
            return false;
        throw error;
    }
}
function unlinkIfExists(file) {
    try {
        (0,external_node_fs_.unlinkSync)(file);
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
    }
}
function gpuLockFile(lockDir, device) {
    return external_node_path_default().join(lockDir, `gpu-${encodeURIComponent(device)}.lock`);
}
function mutexFile(lockDir) {
    return external_node_path_default().join(lockDir, '.mutex');
}
/**
 * Moves a stale file aside and deletes it, unless it turns out to be a newer live one that a
 * faster process put there after we looked (then it goes back).
 */
function reclaim(file, seen) {
    const aside = `${file}.stale-${process.pid}-${(0,external_node_crypto_.randomUUID)()}`;
    try {
        (0,external_node_fs_.renameSync)(file, aside);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return;
        throw error;
    }
    const moved = readLock(aside);
    if (tokenOf(moved) !== tokenOf(seen)) {
        try {
            (0,external_node_fs_.linkSync)(aside, file);
        }
        catch {
            // Someone else created it meanwhile; theirs stands.
        }
    }
    unlinkIfExists(aside);
}
/**
 * Runs `critical` while holding the lock directory's mutex. Every GPU lock is created or
 * reclaimed under it, so two waiters that both find the same dead holder cannot both take its
 * GPU. It is held for a few file operations only.
 */
async function withMutex(lockDir, deadline, signal, critical) {
    const file = mutexFile(lockDir);
    const mine = newHolder('mutex', 'mutex');
    for (;;) {
        if (createExclusive(file, JSON.stringify(mine))) {
            try {
                return critical();
            }
            finally {
                if (tokenOf(readLock(file)) === mine.token)
                    unlinkIfExists(file);
            }
        }
        const state = readLock(file);
        if (state.kind !== 'absent' && state.stale) {
            reclaim(file, state);
            continue;
        }
        if (Date.now() > deadline) {
            const who = state.kind === 'held' ? ` by pid ${state.holder.pid}` : '';
            throw new GpuLockTimeoutError(`timed out waiting for the GPU lock directory ${lockDir}: its mutex ${file} is held${who}`, []);
        }
        await sleep(5 + Math.floor(Math.random() * 20), signal);
    }
}
function describeHolder(holder) {
    return `pid ${holder.pid} (job "${holder.label}" on ${holder.host}, since ${holder.acquiredAt})`;
}
function describeHoldings(holdings) {
    return holdings
        .map((h) => `GPU ${h.device} ${h.holder ? `is held by ${describeHolder(h.holder)}` : 'is free'}`)
        .join('; ');
}
function validate(options) {
    const { count, devices } = options;
    if (!Number.isInteger(count) || count < 1) {
        throw new errors/* ConfigurationError */.j1(`the number of GPUs to lock must be a whole number ≥ 1, not ${count}`);
    }
    if (devices.some((d) => d.trim() === '')) {
        throw new errors/* ConfigurationError */.j1(`a GPU index is empty in [${devices.join(', ')}]`);
    }
    if (new Set(devices).size !== devices.length) {
        throw new errors/* ConfigurationError */.j1(`GPU indices repeat in [${devices.join(', ')}]`);
    }
    if (count > devices.length) {
        throw new errors/* ConfigurationError */.j1(`${count} GPUs asked for, but this machine offers ${devices.length} (${devices.join(', ') || 'none'})`);
    }
}
function tryAcquire(options, label) {
    const holdings = [];
    const free = [];
    for (const device of options.devices) {
        const file = gpuLockFile(options.lockDir, device);
        const state = readLock(file);
        if (state.kind === 'absent' || state.stale) {
            free.push(device);
            holdings.push({ device, holder: null });
        }
        else {
            holdings.push({ device, holder: state.kind === 'held' ? state.holder : null });
        }
    }
    // All or nothing: holding some GPUs while waiting for more deadlocks two jobs that each
    // want two of them.
    if (free.length < options.count)
        return { acquired: false, holdings };
    const held = new Map();
    for (const device of free.slice(0, options.count)) {
        const file = gpuLockFile(options.lockDir, device);
        const state = readLock(file);
        if (state.kind !== 'absent') {
            if (!state.stale) {
                releaseHeld(options.lockDir, held);
                return { acquired: false, holdings };
            }
            reclaim(file, state);
        }
        const holder = newHolder(device, label);
        if (!createExclusive(file, JSON.stringify(holder))) {
            releaseHeld(options.lockDir, held);
            return { acquired: false, holdings };
        }
        held.set(device, holder);
    }
    return { acquired: true, held };
}
function releaseHeld(lockDir, held) {
    for (const [device, holder] of held) {
        const file = gpuLockFile(lockDir, device);
        if (tokenOf(readLock(file)) === holder.token)
            unlinkIfExists(file);
    }
}
/**
 * Locks `count` of `devices` for this process, waiting until that many are free at once. A lock
 * whose process has died (even by SIGKILL) is reclaimed by the next job that looks.
 */
async function acquireGpus(options) {
    validate(options);
    const pollMs = options.pollMs ?? 1_000;
    const label = options.label ?? `pid ${process.pid}`;
    const deadline = Date.now() + Math.max(0, options.timeoutMs);
    (0,external_node_fs_.mkdirSync)(options.lockDir, { recursive: true });
    let announced = false;
    for (;;) {
        options.signal?.throwIfAborted();
        const attempt = await withMutex(options.lockDir, deadline, options.signal, () => tryAcquire(options, label));
        if (attempt.acquired) {
            const indices = [...attempt.held.keys()];
            let released = false;
            return {
                indices,
                cudaVisibleDevices: indices.join(','),
                release() {
                    if (released)
                        return;
                    released = true;
                    releaseHeld(options.lockDir, attempt.held);
                },
            };
        }
        const busy = describeHoldings(attempt.holdings);
        if (Date.now() >= deadline) {
            throw new GpuLockTimeoutError(`timed out after ${options.timeoutMs} ms waiting for ${options.count} free GPU${options.count === 1 ? '' : 's'} in ${options.lockDir}: ${busy}`, attempt.holdings);
        }
        if (!announced) {
            options.logger?.info(`waiting for ${options.count} free GPU(s): ${busy}`);
            announced = true;
        }
        await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())), options.signal);
    }
}
const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/**
 * Releases the lease when this process exits or is interrupted, then lets the signal end the
 * process as it would have. SIGKILL cannot be caught: the next job reclaims those locks instead.
 * Returns a function that removes the handlers (and does not release).
 */
function releaseOnExit(lease) {
    const onExit = () => lease.release();
    const onSignal = (signal) => {
        lease.release();
        unregister();
        // Re-raise only when nobody else handles it, so the exit status still says "killed by".
        if (process.listenerCount(signal) === 0)
            process.kill(process.pid, signal);
    };
    function unregister() {
        process.off('exit', onExit);
        for (const signal of EXIT_SIGNALS)
            process.off(signal, onSignal);
    }
    process.on('exit', onExit);
    for (const signal of EXIT_SIGNALS)
        process.on(signal, onSignal);
    return unregister;
}

;// CONCATENATED MODULE: ./shared/util/text.ts
// Small pieces of wording shared by the reports.
/** `1 GPU`, `2 GPUs`; `many` for a plural that is not the word and an s. */
function text_plural(n, word, many = `${word}s`) {
    return `${n} ${n === 1 ? word : many}`;
}
/** The first line of a text that says anything, trimmed: the gist of a tool's output. */
function text_firstNonEmptyLine(text) {
    return (text
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '') ?? '');
}
/** Text made safe for one cell of a Markdown table: no pipe ends the cell, no newline the row. */
function markdownCell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

;// CONCATENATED MODULE: ./shared/gpu/visible-gpus.ts


/**
 * The name a GPU is locked and exposed under: its UUID where nvidia-smi gives one. A UUID is the
 * same in every container and for every CUDA_DEVICE_ORDER, while an index is not (CUDA numbers
 * the fastest GPU first, nvidia-smi by PCI bus), so CUDA_VISIBLE_DEVICES=<uuid> always selects
 * the GPU that was locked.
 */
function gpuDeviceId(gpu) {
    return gpu.uuid !== '' ? gpu.uuid : String(gpu.index);
}
/**
 * The entries of CUDA_VISIBLE_DEVICES, or null when it is unset. CUDA ignores everything from the
 * first entry it cannot read; "-1" is the usual way to hide all GPUs.
 */
function parseCudaVisibleDevices(value) {
    if (value === undefined)
        return null;
    const entries = [];
    for (const raw of value.split(',')) {
        const entry = raw.trim();
        if (entry === '' || /^-\d+$/.test(entry))
            break;
        entries.push(entry);
    }
    return entries;
}
function matches(gpu, entry) {
    if (/^\d+$/.test(entry))
        return gpu.index === Number(entry);
    // CUDA accepts any unique prefix of a UUID ("GPU-4c2f9a1e").
    return gpu.uuid !== '' && entry.startsWith('GPU-') && gpu.uuid.startsWith(entry);
}
/**
 * Narrows nvidia-smi's GPUs (it ignores CUDA_VISIBLE_DEVICES) to those CUDA_VISIBLE_DEVICES lets
 * CUDA use, in its order. Index entries are read as nvidia-smi (PCI bus) indices.
 */
function restrictToVisible(gpus, cudaVisibleDevices) {
    const entries = parseCudaVisibleDevices(cudaVisibleDevices);
    if (entries === null)
        return [...gpus];
    const chosen = [];
    for (const entry of entries) {
        const gpu = gpus.find((g) => matches(g, entry));
        if (gpu && !chosen.includes(gpu))
            chosen.push(gpu);
    }
    return chosen;
}
/** The GPUs this process may use, or why there are none, in words for a log line. */
async function listVisibleGpus(run, env = process.env) {
    let query;
    try {
        query = await run(nvidia_smi_NVIDIA_SMI_QUERY);
    }
    catch (error) {
        if (error.code === 'ENOENT') {
            return { gpus: [], reason: 'nvidia-smi not found (no NVIDIA driver on this machine)' };
        }
        throw error;
    }
    const output = `${query.stdout}\n${query.stderr}`;
    if (/No devices were found/i.test(output)) {
        return { gpus: [], reason: 'nvidia-smi found no devices' };
    }
    if (query.exitCode !== 0) {
        return {
            gpus: [],
            reason: `nvidia-smi exited with ${query.exitCode}: ${text_firstNonEmptyLine(output) || '(no output)'}`,
        };
    }
    let all;
    try {
        all = nvidia_smi_parseGpuQuery(query.stdout);
    }
    catch (error) {
        return { gpus: [], reason: `cannot read nvidia-smi's answer: ${error.message}` };
    }
    if (all.length === 0)
        return { gpus: [], reason: 'nvidia-smi lists no GPUs' };
    const visible = restrictToVisible(all, env.CUDA_VISIBLE_DEVICES);
    if (visible.length === 0) {
        return {
            gpus: [],
            reason: `CUDA_VISIBLE_DEVICES=${JSON.stringify(env.CUDA_VISIBLE_DEVICES)} hides all ${all.length} GPU(s) nvidia-smi lists (${all.map((g) => g.index).join(', ')})`,
        };
    }
    return { gpus: visible };
}

;// CONCATENATED MODULE: ./shared/gpu/gpu-sampler.ts


const GPU_SAMPLE_FIELDS = ['index', 'uuid', 'memory.used', 'utilization.gpu'];
const GPU_SAMPLE_QUERY = [
    'nvidia-smi',
    `--query-gpu=${GPU_SAMPLE_FIELDS.join(',')}`,
    '--format=csv,noheader,nounits',
];
function gpu_sampler_numberOrNull(text) {
    const value = (text ?? '').trim();
    if (value === '' || /^\[.*\]$|^N\/A$/i.test(value))
        return null;
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
}
/** Lines of `GPU_SAMPLE_QUERY`; lines that are not GPU records are dropped, not fatal. */
function parseGpuSamples(csv) {
    const samples = [];
    for (const line of csv.split(/\r?\n/)) {
        const cells = line.split(',').map((c) => c.trim());
        if (cells.length !== GPU_SAMPLE_FIELDS.length)
            continue;
        const index = gpu_sampler_numberOrNull(cells[0]);
        if (index === null || !Number.isInteger(index))
            continue;
        samples.push({
            index,
            uuid: cells[1] ?? '',
            memoryUsedMiB: gpu_sampler_numberOrNull(cells[2]),
            utilizationPercent: gpu_sampler_numberOrNull(cells[3]),
        });
    }
    return samples;
}
/**
 * Samples memory and utilisation of `gpus` about every `intervalMs` until stopped. One sample at
 * a time: a slow nvidia-smi delays the next sample rather than piling up processes.
 */
function startGpuSampler(options) {
    const intervalMs = options.intervalMs ?? 1_000;
    const byId = new Map(options.gpus.map((gpu) => [
        gpuDeviceId(gpu),
        { gpu, peak: null, max: null, sum: 0, utilSamples: 0, samples: 0 },
    ]));
    let stopped = false;
    // Stopping cuts the pause between samples short.
    const stopping = new AbortController();
    let warned = false;
    const record = (sample) => {
        const acc = byId.get(gpuDeviceId(sample));
        if (!acc)
            return;
        acc.samples++;
        if (sample.memoryUsedMiB !== null) {
            acc.peak = Math.max(acc.peak ?? 0, sample.memoryUsedMiB);
        }
        if (sample.utilizationPercent !== null) {
            acc.max = Math.max(acc.max ?? 0, sample.utilizationPercent);
            acc.sum += sample.utilizationPercent;
            acc.utilSamples++;
        }
    };
    const loop = (async () => {
        while (!stopped) {
            try {
                const result = await options.run(GPU_SAMPLE_QUERY);
                if (result.exitCode === 0)
                    for (const s of parseGpuSamples(result.stdout))
                        record(s);
                else
                    throw new Error(`exit ${result.exitCode}: ${result.stderr.trim()}`);
            }
            catch (error) {
                // Usage figures are a report, not a verdict: a failed sample never fails the tests.
                if (!warned) {
                    options.logger?.debug(`sampling GPU usage failed: ${error.message}`);
                    warned = true;
                }
            }
            if (stopped)
                break;
            await sleep(intervalMs, stopping.signal).catch(() => undefined);
        }
    })();
    return {
        async stop() {
            stopped = true;
            stopping.abort();
            await loop;
            return [...byId.values()].map((acc) => ({
                index: acc.gpu.index,
                uuid: acc.gpu.uuid,
                name: acc.gpu.name,
                memoryTotalMiB: acc.gpu.memoryTotalMiB,
                peakMemoryUsedMiB: acc.peak,
                maxUtilizationPercent: acc.max,
                meanUtilizationPercent: acc.utilSamples > 0 ? Math.round((acc.sum / acc.utilSamples) * 10) / 10 : null,
                samples: acc.samples,
            }));
        },
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./shared/check/tool.ts




/**
 * Runs a tool to completion and hands back its exit code: ruff and pytest report findings through
 * non-zero codes, so a non-zero exit is data here, not an error.
 */
function tool_runTool(command, args, options) {
    options.logger.debug(`$ (in ${options.cwd}) ${command} ${args.join(' ')}`);
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(command, args, {
            cwd: options.cwd,
            env: options.env ?? process.env,
            signal: options.signal,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const stdout = [];
        const stderr = [];
        child.stdout.on('data', (chunk) => stdout.push(chunk));
        child.stderr.on('data', (chunk) => stderr.push(chunk));
        child.on('error', reject);
        child.on('close', (code, sig) => {
            const out = Buffer.concat(stdout).toString('utf8');
            const err = Buffer.concat(stderr).toString('utf8');
            if (code === null) {
                reject(new Error(`${external_node_path_default().basename(command)} was stopped by ${sig}: ${tool_tail(err)}`));
            }
            else {
                resolve({ code, stdout: out, stderr: err });
            }
        });
    });
}
function tool_tail(text, lines = 15) {
    return text.trim().split('\n').slice(-lines).join('\n');
}
/** A tool of the workspace environment; its absence is a gap in the workspace's requirements. */
function tool_toolIn(bin, name) {
    const file = path.join(bin, name);
    if (!existsSync(file)) {
        throw new ConfigurationError(`${file}: expected ${name} in the workspace environment, found none. Add ${name} to environment.requirements and run \`mlenv env lock\`.`);
    }
    return file;
}
/** A path relative to the workspace root with forward slashes, as annotations want it. */
function tool_workspaceRelative(workspaceRoot, file) {
    return external_node_path_default().relative(workspaceRoot, external_node_path_default().resolve(workspaceRoot, file)).split((external_node_path_default()).sep).join('/');
}

;// CONCATENATED MODULE: ./shared/check/managed-tools.ts







/**
 * The ruff and pytest MLEnv runs when the workspace's lock has none: the versions the workspace
 * template pins, so a new workspace and one without the tools check alike.
 */
const MANAGED_RUFF_VERSION = '0.17.6';
const MANAGED_PYTEST_VERSION = '9.2.0';
const COMPLETE = '.mlenv-complete';
/**
 * Hides itself and appends the pinned pytest's directory to sys.path after the environment's
 * site-packages (PYTHONPATH would put it before them), so that pytest's own dependencies never
 * shadow the team's locked versions (packaging, pygments) and their code is tested against the
 * lock. It is found through PYTHONPATH, ahead of any sitecustomize of the environment's, which
 * it then runs in its place.
 */
const SITECUSTOMIZE = `# Written by MLEnv: its pinned pytest, importable after the environment's own packages.
import importlib.machinery
import importlib.util
import os
import site
import sys

_shim = os.path.dirname(os.path.abspath(__file__))
site.addsitedir(os.path.join(os.path.dirname(_shim), "site"))
sys.path[:] = [p for p in sys.path if not (p and os.path.abspath(p) == _shim)]
_spec = importlib.machinery.PathFinder.find_spec("sitecustomize", sys.path)
if _spec is not None and _spec.loader is not None:
    _module = importlib.util.module_from_spec(_spec)
    sys.modules[__name__] = _module
    _spec.loader.exec_module(_module)
`;
/** Where MLEnv keeps the tools it manages: ~/.cache/mlenv/tools, or under XDG_CACHE_HOME. */
function managedToolsDir(env = process.env) {
    return external_node_path_default().join(env.XDG_CACHE_HOME || external_node_path_default().join(external_node_os_default().homedir(), '.cache'), 'mlenv', 'tools');
}
function checkTools(options) {
    let ruff;
    let pytest;
    return {
        ruff: () => {
            ruff ??= resolveRuff(options);
            return ruff;
        },
        pytest: () => {
            pytest ??= resolvePytest(options, process.env);
            return pytest;
        },
    };
}
/** The one line a run says about a managed tool: which, why, and where when it installs it. */
function announce(options, tool, version, dir) {
    const source = options.source ?? `the environment ${external_node_path_default().dirname(options.bin)}`;
    const installing = (0,external_node_fs_.existsSync)(external_node_path_default().join(dir, COMPLETE)) ? '' : `; installing it into ${dir}`;
    options.logger.info(`Using MLEnv's pinned ${tool} ${version} (${source} has none; add ${tool} to environment.requirements to pin your own)${installing}`);
}
/** The environment's ruff, else MLEnv's pinned one. */
async function resolveRuff(options) {
    const own = path.join(options.bin, 'ruff');
    if (existsSync(own))
        return own;
    const python = path.join(options.bin, 'python');
    const name = `ruff-${MANAGED_RUFF_VERSION}`;
    announce(options, 'ruff', MANAGED_RUFF_VERSION, path.join(managedToolsDir(), name));
    const dir = await installOnce(name, `ruff==${MANAGED_RUFF_VERSION}`, {
        ...options,
        python: existsSync(python) ? python : undefined,
    });
    return path.join(dir, 'site', 'bin', 'ruff');
}
/**
 * The environment's Python with its own pytest, else with MLEnv's pinned pytest importable after
 * the environment's packages: tests must import the team's code and its dependencies, so pytest
 * cannot run from a venv of its own. `baseEnv` is the environment the tests will get (its
 * PYTHONPATH is kept, after MLEnv's entry).
 */
async function resolvePytest(options, baseEnv) {
    const python = options.python ?? environmentPython(options.bin);
    // One start of Python for both: pytest's dependencies differ by version (tomli before 3.11).
    const probe = await tool_runTool(python, [
        '-c',
        'import importlib.util, sys; print(sys.implementation.name + "%d.%d" % sys.version_info[:2], importlib.util.find_spec("pytest") is not None)',
    ], { cwd: external_node_os_default().tmpdir(), env: baseEnv, logger: options.logger, signal: options.signal }).catch((error) => {
        if (error.code !== 'ENOENT')
            throw error;
        throw new errors/* ConfigurationError */.j1(`${python}: expected the Python of the workspace environment, found no such program`);
    });
    const [tag = '', own] = probe.stdout.trim().split(' ');
    if (probe.code !== 0 || !/^[a-z]+\d+\.\d+$/.test(tag)) {
        throw new Error(`${python} did not say its version: ${tool_tail(`${probe.stdout}\n${probe.stderr}`)}`);
    }
    if (own === 'True')
        return { python, env: {} };
    const name = `pytest-${MANAGED_PYTEST_VERSION}-${tag}`;
    announce(options, 'pytest', MANAGED_PYTEST_VERSION, external_node_path_default().join(managedToolsDir(), name));
    const dir = await installOnce(name, `pytest==${MANAGED_PYTEST_VERSION}`, {
        ...options,
        python,
        files: { 'shim/sitecustomize.py': SITECUSTOMIZE },
    });
    const shim = external_node_path_default().join(dir, 'shim');
    const rest = baseEnv.PYTHONPATH;
    return { python, env: { PYTHONPATH: rest ? `${shim}${(external_node_path_default()).delimiter}${rest}` : shim } };
}
function environmentPython(bin) {
    const python = external_node_path_default().join(bin, 'python');
    if (!(0,external_node_fs_.existsSync)(python)) {
        throw new errors/* ConfigurationError */.j1(`${python}: expected the Python of the workspace environment, found none. Run \`mlenv setup\` to build the environment, or give --venv a virtual environment.`);
    }
    return python;
}
/**
 * `requirement` installed with uv into <tools>/<name>/site, once: built in a temporary sibling
 * and renamed into place complete, so a process that stops half-way leaves nothing a later one
 * would use, and two processes installing at once both end with the same whole copy.
 */
async function installOnce(name, requirement, options) {
    const tools = managedToolsDir();
    const dir = external_node_path_default().join(tools, name);
    if ((0,external_node_fs_.existsSync)(external_node_path_default().join(dir, COMPLETE)))
        return dir;
    const uv = await (0,environment/* findUv */.d4)(options.logger);
    await (0,external_node_fs_promises_.mkdir)(tools, { recursive: true });
    const tmp = await (0,external_node_fs_promises_.mkdtemp)(external_node_path_default().join(tools, `.${name}.tmp-`));
    try {
        const result = await tool_runTool(uv, [
            'pip',
            'install',
            '--quiet',
            '--target',
            external_node_path_default().join(tmp, 'site'),
            ...(options.python ? ['--python', options.python] : []),
            ...(options.indexArgs ?? []),
            requirement,
        ], { cwd: tmp, logger: options.logger, signal: options.signal });
        if (result.code !== 0) {
            const tool = requirement.split('==')[0];
            throw new errors/* ExternalError */.yA(`Could not install MLEnv's pinned ${requirement} with uv: is the package index reachable? ` +
                `Make it reachable, or add ${tool} to environment.requirements and run \`mlenv env lock\` so the environment has its own.\n` +
                `uv said: ${tool_tail(result.stderr, 8)}`);
        }
        for (const [file, text] of Object.entries(options.files ?? {})) {
            await (0,external_node_fs_promises_.mkdir)(external_node_path_default().dirname(external_node_path_default().join(tmp, file)), { recursive: true });
            await (0,external_node_fs_promises_.writeFile)(external_node_path_default().join(tmp, file), text);
        }
        await (0,external_node_fs_promises_.writeFile)(external_node_path_default().join(tmp, COMPLETE), `${requirement}\n`);
        await moveIntoPlace(tmp, dir);
    }
    finally {
        await (0,external_node_fs_promises_.rm)(tmp, { recursive: true, force: true });
    }
    return dir;
}
async function moveIntoPlace(tmp, dir) {
    try {
        await (0,external_node_fs_promises_.rename)(tmp, dir);
    }
    catch (error) {
        // Another process finished the same install first: its copy is as good as ours.
        if ((0,external_node_fs_.existsSync)(external_node_path_default().join(dir, COMPLETE)))
            return;
        // Not one of ours (those are renamed in whole): clear it and take the place.
        const code = error.code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST')
            throw error;
        await (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true });
        await (0,external_node_fs_promises_.rename)(tmp, dir).catch((again) => {
            if (!(0,external_node_fs_.existsSync)(external_node_path_default().join(dir, COMPLETE)))
                throw again;
        });
    }
}

// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/xmlparser/XMLParser.js + 28 modules
var XMLParser = __webpack_require__(8879);
;// CONCATENATED MODULE: ./shared/check/pytest.ts






/** pytest's exit code when it collected no tests: not a failure for a project without tests. */
const PYTEST_NO_TESTS = 5;
const parser = new XMLParser/* default */.A({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    // pytest escapes newlines inside attributes as &#10;.
    htmlEntities: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
});
function emptySummary() {
    return { passed: 0, failed: 0, skipped: 0, errors: 0, durationS: 0 };
}
/**
 * Results from pytest's xunit1 JUnit XML. xunit1 keeps each test's file and definition line,
 * which xunit2 drops; the file is relative to pytest's rootdir, the project directory here.
 */
function parseJunitXml(xml, where) {
    const doc = parser.parse(xml);
    const suites = doc.testsuites?.testsuite ?? doc.testsuite ?? [];
    const projectAbs = external_node_path_default().resolve(where.workspaceRoot, where.projectDir);
    const summary = emptySummary();
    const results = [];
    for (const suite of suites) {
        summary.durationS += Number(suite.time ?? 0);
        for (const testcase of suite.testcase ?? []) {
            const result = testResult(testcase, projectAbs, where.workspaceRoot);
            results.push(result);
            if (result.outcome === 'error')
                summary.errors++;
            else
                summary[result.outcome]++;
        }
    }
    summary.durationS = round(summary.durationS);
    return { summary, results };
}
function testResult(testcase, projectAbs, workspaceRoot) {
    const classname = testcase.classname ?? '';
    const name = testcase.name ?? '';
    // Only xunit2 lacks `file`; pytest then names the module in classname.
    const file = testcase.file ?? `${classname.split('.').join('/')}.py`;
    const [outcome, detail] = outcomeOf(testcase);
    const line = testcase.line === undefined ? 0 : Number(testcase.line) + 1;
    const result = {
        nodeId: nodeIdOf(file, classname, name),
        file: tool_workspaceRelative(workspaceRoot, external_node_path_default().join(projectAbs, file)),
        line,
        outcome,
        durationS: Number(testcase.time ?? 0),
    };
    if (detail) {
        const message = typeof detail === 'string' ? undefined : detail.message;
        const details = typeof detail === 'string' ? detail : detail['#text'];
        if (message)
            result.message = message;
        if (details)
            result.details = details.trimEnd();
        if (outcome === 'failed' || outcome === 'error') {
            result.failureLine = lineInFile(details ?? '', file, projectAbs) ?? Math.max(line, 1);
        }
    }
    return result;
}
function outcomeOf(testcase) {
    if (testcase.failure !== undefined)
        return ['failed', testcase.failure];
    if (testcase.error !== undefined)
        return ['error', testcase.error];
    if (testcase.skipped !== undefined)
        return ['skipped', testcase.skipped];
    return ['passed', undefined];
}
/** pytest's node id from xunit1's file and dotted classname ("tests.test_x.TestY"). */
function nodeIdOf(file, classname, name) {
    // A module that failed to import is reported under its own dotted name, with no classname.
    if (!classname)
        return file;
    const module = file.replace(/\.py$/, '').split('/').join('.');
    const classes = classname === module || classname.startsWith(`${module}.`)
        ? classname.slice(module.length).split('.').filter(Boolean)
        : [];
    return [file, ...classes, name].join('::');
}
/**
 * The deepest traceback entry in the test's own file (`tests/test_x.py:12: AssertionError`):
 * where the failing assertion or the call that raised is written.
 */
function lineInFile(traceback, file, projectAbs) {
    const target = external_node_path_default().resolve(projectAbs, file);
    let found;
    for (const match of traceback.matchAll(/^(\S[^\n]*?\.py):(\d+):/gm)) {
        const [, where, line] = match;
        if (where && line && external_node_path_default().resolve(projectAbs, where) === target)
            found = Number(line);
    }
    return found;
}
/** pytest on a project's unit tests, GPU tests excluded, results read from JUnit XML. */
async function runPytest(options) {
    const projectAbs = path.resolve(options.workspaceRoot, options.projectDir);
    const unitTests = options.unitTests ?? 'tests';
    if (!existsSync(path.join(projectAbs, unitTests))) {
        options.logger.warning(`${workspaceRelative(options.workspaceRoot, path.join(projectAbs, unitTests))}: no unit test directory; no tests run`);
        return { summary: emptySummary(), results: [] };
    }
    const { python, env } = options.pytest ? await options.pytest() : environmentPytest(options.bin);
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'mlenv-pytest-'));
    const junit = path.join(tmp, 'junit.xml');
    try {
        // `python -m pytest` puts the project directory on sys.path, so tests import the project's
        // modules without it being an installed package.
        const result = await runTool(python, [
            '-m',
            'pytest',
            unitTests,
            '-m',
            'not gpu',
            `--junitxml=${junit}`,
            ...pytestReportArgs(projectAbs),
            '-q',
        ], {
            cwd: projectAbs,
            logger: options.logger,
            signal: options.signal,
            env: { ...process.env, ...env },
        });
        const xml = await readFile(junit, 'utf8').catch(() => undefined);
        const run = xml
            ? parseJunitXml(xml, { workspaceRoot: options.workspaceRoot, projectDir: projectAbs })
            : { summary: emptySummary(), results: [] };
        // 0 passed, 1 failures, 2 interrupted (collection errors, reported as testcases), 5 no tests.
        const known = result.code <= 2 || result.code === PYTEST_NO_TESTS;
        if (!known || (result.code !== 0 && result.code !== PYTEST_NO_TESTS && !hasProblem(run))) {
            return {
                ...run,
                runError: `pytest exited with code ${result.code}: ${tail(`${result.stdout}\n${result.stderr}`)}`,
            };
        }
        return run;
    }
    finally {
        await rm(tmp, { recursive: true, force: true });
    }
}
function environmentPytest(bin) {
    toolIn(bin, 'pytest');
    return { python: toolIn(bin, 'python'), env: {} };
}
function hasProblem(run) {
    return run.summary.failed + run.summary.errors > 0;
}
function round(seconds) {
    return Math.round(seconds * 1000) / 1000;
}
/**
 * What every pytest run MLEnv reads the results of needs: xunit1 JUnit XML (it keeps each test's
 * file and line), node ids relative to the project wherever its ini files are, and no
 * --last-failed cache littering the checkout.
 */
function pytestReportArgs(projectAbs) {
    return [
        '-o',
        'junit_family=xunit1',
        `--rootdir=${projectAbs}`,
        '-p',
        'no:cacheprovider',
        '--color=no',
    ];
}

;// CONCATENATED MODULE: ./shared/gpu/spawn.ts

// Collected node ids of a large suite run to megabytes; past this only the tail matters.
const MAX_CAPTURE = 64 * 1024 * 1024;
const spawnProcess = (argv, request) => spawnCollecting(argv, request, {
    stop(child) {
        child.kill('SIGTERM');
        // pytest may sit in a CUDA call that ignores SIGTERM; do not wait forever.
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        timer.unref();
        return timer;
    },
});
/** Starts argv (no shell), streams its lines, keeps the tail of its output, resolves on exit. */
function spawnCollecting(argv, request, hooks) {
    return new Promise((resolve, reject) => {
        const [program, ...args] = argv;
        if (!program) {
            reject(new Error('empty command'));
            return;
        }
        const child = (0,external_node_child_process_.spawn)(program, args, {
            cwd: request.cwd,
            env: request.env,
            stdio: ['ignore', 'pipe', 'pipe'],
            detached: hooks.detached ?? false,
        });
        const captured = { stdout: '', stderr: '' };
        const partial = { stdout: '', stderr: '' };
        const take = (stream) => (chunk) => {
            const text = chunk.toString('utf8');
            captured[stream] = (captured[stream] + text).slice(-MAX_CAPTURE);
            if (!request.onLine)
                return;
            const lines = (partial[stream] + text).split('\n');
            partial[stream] = lines.pop() ?? '';
            for (const line of lines)
                request.onLine(line.replace(/\r$/, ''), stream);
        };
        child.stdout?.on('data', take('stdout'));
        child.stderr?.on('data', take('stderr'));
        let killTimer;
        const onAbort = () => {
            killTimer = hooks.stop(child);
        };
        if (request.signal?.aborted)
            onAbort();
        else
            request.signal?.addEventListener('abort', onAbort, { once: true });
        child.on('error', (error) => {
            request.signal?.removeEventListener('abort', onAbort);
            reject(error);
        });
        child.on('close', (exitCode, signal) => {
            request.signal?.removeEventListener('abort', onAbort);
            if (killTimer)
                clearTimeout(killTimer);
            hooks.afterExit?.(child);
            for (const stream of ['stdout', 'stderr']) {
                if (request.onLine && partial[stream] !== '')
                    request.onLine(partial[stream], stream);
            }
            resolve({ exitCode, signal, ...captured });
        });
    });
}

;// CONCATENATED MODULE: ./shared/gpu/supervise.ts

/**
 * Run by the environment's Python in front of pytest (`python -c SUPERVISOR_SCRIPT -m pytest
 * ...`). A test process must not outlive the job that locked its GPU: the lock of a SIGKILLed
 * job is taken over by the next job, which would then share the GPU with the orphans (pytest,
 * and the torchrun and trainer processes it started). So the supervisor asks Linux to send it
 * SIGTERM when its parent dies (PR_SET_PDEATHSIG) and then kills its whole process group, which
 * it leads (the caller starts it in a new session), pytest's descendants included.
 */
const SUPERVISOR_SCRIPT = [
    'import ctypes, os, signal, subprocess, sys, time',
    'child = None',
    'def stop(signum, frame):',
    '    signal.signal(signal.SIGTERM, signal.SIG_IGN)',
    '    os.killpg(0, signal.SIGTERM)',
    '    deadline = time.monotonic() + float(os.environ.get("MLENV_STOP_GRACE_S", "10"))',
    '    while child is not None and time.monotonic() < deadline:',
    '        try:',
    '            if os.waitpid(child.pid, os.WNOHANG)[0]: break',
    '        except ChildProcessError:',
    '            break',
    '        time.sleep(0.05)',
    '    os.killpg(0, signal.SIGKILL)',
    'signal.signal(signal.SIGTERM, stop)',
    'signal.signal(signal.SIGINT, stop)',
    'signal.signal(signal.SIGHUP, stop)',
    'try:',
    '    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG',
    'except Exception:',
    '    pass  # not Linux: the caller still stops the group when it can',
    'if os.getppid() != int(os.environ.get("MLENV_SUPERVISOR_PARENT", os.getppid())):',
    '    stop(signal.SIGTERM, None)  # the parent died before prctl took effect',
    'child = subprocess.Popen([sys.executable, *sys.argv[1:]])',
    'sys.exit(child.wait())',
].join('\n');
/** An argv for messages: the supervisor's script is long and says nothing to the reader. */
function describeArgv(argv) {
    return argv
        .filter((arg, i) => !(arg === '-c' && argv[i + 1] === SUPERVISOR_SCRIPT))
        .map((arg) => (arg === SUPERVISOR_SCRIPT ? '<mlenv supervisor>' : arg))
        .join(' ');
}
/** The Python argv prefix that runs a module (`-m pytest ...`) under the supervisor. */
function supervisedPython(python) {
    return [python, '-c', SUPERVISOR_SCRIPT];
}
// Only the group: after the leader exited, its pid alone may already belong to someone else.
function killGroup(pid, sig) {
    try {
        process.kill(-pid, sig);
    }
    catch {
        // The group is gone: nothing left to stop.
    }
}
/**
 * Starts argv in a new session (its own process group) and resolves when it exits. Cancelling
 * sends SIGTERM to the leader (the supervisor stops its group), then SIGKILL to the group; after
 * the leader exits, whatever it left behind in the group is killed too.
 */
const spawnSupervised = (argv, request) => spawnCollecting(argv, { ...request, env: { ...request.env, MLENV_SUPERVISOR_PARENT: String(process.pid) } }, {
    detached: true,
    stop(child) {
        if (child.pid === undefined)
            return undefined;
        const pid = child.pid;
        child.kill('SIGTERM');
        // A CUDA call can ignore SIGTERM for a long time; the job is cancelled, so do not wait.
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 15_000);
        timer.unref();
        return timer;
    },
    afterExit(child) {
        if (child.pid !== undefined)
            killGroup(child.pid, 'SIGKILL');
    },
});

;// CONCATENATED MODULE: ./shared/gpu/shard.ts





function fileOf(nodeId) {
    const cut = nodeId.indexOf('::');
    return cut < 0 ? nodeId : nodeId.slice(0, cut);
}
/** Longest first onto the least-loaded shard: within 4/3 of the best balance, and stable. */
function longestFirst(chunks, shardCount) {
    const sorted = [...chunks].sort((a, b) => b.weight - a.weight || a.order - b.order);
    const shards = Array.from({ length: shardCount }, () => ({ ids: [], load: 0 }));
    for (const chunk of sorted) {
        let target = shards[0];
        for (const shard of shards)
            if (shard.load < target.load)
                target = shard;
        target.ids.push(...chunk.ids);
        target.load += chunk.weight;
    }
    return shards;
}
function makespan(shards) {
    return Math.max(0, ...shards.map((s) => s.load));
}
/** Cuts files heavier than `cap` into consecutive runs of at most `cap` (or one test). */
function cutFiles(files, cap, weightOf) {
    const chunks = [];
    const push = (ids, weight) => chunks.push({ ids, weight, order: chunks.length });
    for (const file of files) {
        if (file.weight <= cap) {
            push(file.ids, file.weight);
            continue;
        }
        let current = [];
        let weight = 0;
        for (const id of file.ids) {
            const w = weightOf(id);
            if (current.length > 0 && weight + w > cap) {
                push(current, weight);
                current = [];
                weight = 0;
            }
            current.push(id);
            weight += w;
        }
        if (current.length > 0)
            push(current, weight);
    }
    return chunks;
}
/**
 * Splits pytest node ids into `shardCount` lists, one per GPU. Deterministic: the same input
 * always gives the same shards, so a rerun lands each test on the same GPU index. Tests of one
 * file stay together (module fixtures are set up once) unless whole files cannot be balanced;
 * then the heavy files are cut into consecutive runs.
 */
function shardTests(nodeIds, shardCount, options = {}) {
    if (!Number.isInteger(shardCount) || shardCount < 1) {
        throw new errors/* ConfigurationError */.j1(`tests need at least one GPU to shard across, not ${shardCount}`);
    }
    const ids = [...new Set(nodeIds)];
    const position = new Map(ids.map((id, i) => [id, i]));
    const known = ids
        .map((id) => options.durations?.[id])
        .filter((d) => typeof d === 'number' && Number.isFinite(d) && d >= 0);
    const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
    const weightOf = (id) => {
        const d = options.durations?.[id];
        return typeof d === 'number' && Number.isFinite(d) && d >= 0 ? d : fallback;
    };
    const files = new Map();
    for (const id of ids) {
        const file = fileOf(id);
        const list = files.get(file);
        if (list)
            list.push(id);
        else
            files.set(file, [id]);
    }
    const whole = [...files.values()].map((list, order) => ({
        ids: list,
        weight: list.reduce((sum, id) => sum + weightOf(id), 0),
        order,
    }));
    let shards = longestFirst(whole, shardCount);
    // Whole files are cut only when they miss the best possible finish (a fair share of the
    // total, or the slowest single test) and cutting them finishes sooner.
    const total = whole.reduce((sum, c) => sum + c.weight, 0);
    const slowest = ids.reduce((max, id) => Math.max(max, weightOf(id)), 0);
    const fair = options.durations ? total / shardCount : Math.ceil(total / shardCount);
    const bound = Math.max(fair, slowest);
    if (makespan(shards) > bound) {
        const cut = longestFirst(cutFiles(whole, bound, weightOf), shardCount);
        if (makespan(cut) < makespan(shards))
            shards = cut;
    }
    return shards.map((s) => [...s.ids].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0)));
}
function pytestCollectArgv(python, markers, args = []) {
    return [
        ...python,
        '-m',
        'pytest',
        '--collect-only',
        '-q',
        ...(markers !== undefined ? ['-m', markers] : []),
        ...args,
    ];
}
/**
 * Node ids from `pytest --collect-only -q`: one per line, up to the blank line before the
 * warnings and the "N tests collected" summary.
 */
function parseCollectedNodeIds(stdout) {
    const ids = [];
    for (const raw of stdout.split('\n')) {
        const line = raw.replace(/\r$/, '');
        if (line.startsWith('='))
            break;
        if (line.trim() === '') {
            if (ids.length > 0)
                break;
            continue;
        }
        if (!line.startsWith(' ') && line.includes('::'))
            ids.push(line);
    }
    return ids;
}
// pytest's exit code when nothing was collected (or everything was deselected).
const shard_PYTEST_NO_TESTS = 5;
function shard_tail(text, lines = 15) {
    return text.trimEnd().split('\n').slice(-lines).join('\n');
}
async function collectPytestNodeIds(options) {
    const argv = pytestCollectArgv(options.python, options.markers, options.args);
    const result = await (options.spawn ?? spawnProcess)(argv, {
        cwd: options.projectDir,
        env: options.env ?? process.env,
        signal: options.signal,
    });
    if (result.exitCode === shard_PYTEST_NO_TESTS)
        return [];
    if (result.exitCode !== 0) {
        throw new Error(`collecting tests with ${describeArgv(argv)} in ${options.projectDir} failed (exit ${result.exitCode ?? result.signal}):\n${shard_tail(`${result.stdout}\n${result.stderr}`)}`);
    }
    return parseCollectedNodeIds(result.stdout);
}
function junitFileFor(junitDir, gpuIndex) {
    return external_node_path_default().join(junitDir, `gpu-${gpuIndex.replace(/[^A-Za-z0-9._-]/g, '_')}.xml`);
}
function shardArgv(python, junitFile, nodeIds, pytestArgs = []) {
    return [...python, '-m', 'pytest', `--junitxml=${junitFile}`, ...pytestArgs, ...nodeIds];
}
/**
 * Runs the tests as one pytest process per GPU, all at once, each seeing only its GPU as
 * device 0 through CUDA_VISIBLE_DEVICES and writing its own JUnit XML.
 */
async function runShardedPytest(options) {
    const { logger } = options;
    if (options.gpuIndices.length === 0) {
        throw new errors/* ConfigurationError */.j1('no GPU to run the tests on: the GPU list is empty');
    }
    if (options.nodeIds === undefined && options.markers === undefined) {
        throw new errors/* ConfigurationError */.j1('name the tests to run: node ids or a marker expression');
    }
    const spawner = options.spawn ?? spawnProcess;
    const env = options.env ?? process.env;
    const nodeIds = options.nodeIds ??
        (await collectPytestNodeIds({
            python: options.python,
            projectDir: options.projectDir,
            markers: options.markers,
            env,
            signal: options.signal,
            spawn: spawner,
        }));
    if (nodeIds.length === 0) {
        // A GPU job that ran nothing must not look like one that passed.
        logger.warning(`no tests to run on the GPUs${options.markers ? ` (marker expression "${options.markers}")` : ''}`);
        return {
            shards: options.gpuIndices.map((gpuIndex) => ({
                gpuIndex,
                nodeIds: [],
                exitCode: null,
                signal: null,
                junitFile: null,
                argv: [],
            })),
            exitCode: shard_PYTEST_NO_TESTS,
        };
    }
    const shards = shardTests(nodeIds, options.gpuIndices.length, options);
    (0,external_node_fs_.mkdirSync)(options.junitDir, { recursive: true });
    logger.info(`running ${nodeIds.length} test(s) on GPU ${options.gpuIndices.join(', ')}: ${shards.map((s) => s.length).join(' / ')} per GPU`);
    const results = await Promise.all(options.gpuIndices.map(async (gpuIndex, i) => {
        const ids = shards[i] ?? [];
        if (ids.length === 0) {
            return { gpuIndex, nodeIds: [], exitCode: null, signal: null, junitFile: null, argv: [] };
        }
        const junitFile = junitFileFor(options.junitDir, gpuIndex);
        const argv = shardArgv(options.python, junitFile, ids, options.pytestArgs);
        const result = await spawner(argv, {
            cwd: options.projectDir,
            env: { ...env, CUDA_VISIBLE_DEVICES: gpuIndex },
            signal: options.signal,
            onLine: (line) => logger.info(`[gpu ${gpuIndex}] ${line}`),
        });
        const outcome = result.exitCode === 0 ? 'passed' : `failed (${result.exitCode ?? result.signal})`;
        logger.info(`GPU ${gpuIndex}: ${ids.length} test(s) ${outcome}`);
        return {
            gpuIndex,
            nodeIds: ids,
            exitCode: result.exitCode,
            signal: result.signal,
            junitFile,
            argv,
        };
    }));
    const failed = results.find((r) => r.junitFile !== null && r.exitCode !== 0);
    return { shards: results, exitCode: failed ? (failed.exitCode ?? 1) : 0 };
}

;// CONCATENATED MODULE: ./shared/gpu/gpu-test.ts















const GPU_TEST_MARKER = 'gpu';
const GPU_TEST_STATUSES = (/* unused pure expression or super */ null && (['passed', 'failed', 'refused', 'skipped']));
const GPU_TEST_STAGES = (/* unused pure expression or super */ null && (['unit', 'integration']));
function seconds(ms) {
    return Math.round(ms / 100) / 10;
}
function gpu_test_emptySummary() {
    return { passed: 0, failed: 0, skipped: 0, errors: 0, durationS: 0 };
}
function addSummary(into, more) {
    into.passed += more.passed;
    into.failed += more.failed;
    into.skipped += more.skipped;
    into.errors += more.errors;
    into.durationS = Math.round((into.durationS + more.durationS) * 1000) / 1000;
}
function gpu_test_tail(text, lines = 15) {
    return text.trimEnd().split('\n').slice(-lines).join('\n');
}
function relativeTo(from, to) {
    return external_node_path_default().relative(from, to).split((external_node_path_default()).sep).join('/');
}
function defaultLabel(env, project) {
    if (env.GITHUB_RUN_ID) {
        return `${env.GITHUB_REPOSITORY ?? ''} run ${env.GITHUB_RUN_ID} job ${env.GITHUB_JOB ?? ''} (${project})`;
    }
    return `mlenv gpu-test ${project}`;
}
function indexOf(ctx, device) {
    const gpu = ctx.held.get(device);
    return gpu ? String(gpu.index) : device;
}
function readJunit(ctx, file) {
    if (!file || !(0,external_node_fs_.existsSync)(file))
        return null;
    return parseJunitXml((0,external_node_fs_.readFileSync)(file, 'utf8'), {
        workspaceRoot: ctx.options.workspace.root,
        projectDir: ctx.projectAbs,
    });
}
/** A stage that has not run yet, and `done`, which stamps how long it took and returns it. */
function startStage(name, paths) {
    const started = Date.now();
    const stage = {
        name,
        paths,
        ran: false,
        summary: gpu_test_emptySummary(),
        shards: [],
        ok: true,
        durationS: 0,
    };
    const done = () => {
        stage.durationS = seconds(Date.now() - started);
        return stage;
    };
    return { stage, done };
}
/** The gpu-marked unit tests, one pytest per held GPU, each seeing only its GPU. */
async function unitStage(ctx) {
    const { options, projectAbs } = ctx;
    const unit = options.project.config.tests.unit;
    const integration = options.project.config.tests.integration;
    const { stage, done } = startStage('unit', [unit]);
    if (!(0,external_node_fs_.existsSync)(external_node_path_default().join(projectAbs, unit))) {
        stage.note = `no unit test directory ${unit}`;
        return { stage: done(), tests: [] };
    }
    // Integration tests often live under the unit test directory; they run in their own stage.
    const ignore = integration && (0,external_node_fs_.existsSync)(external_node_path_default().join(projectAbs, integration))
        ? ['--ignore', external_node_path_default().join(projectAbs, integration)]
        : [];
    let nodeIds;
    try {
        nodeIds = await collectPytestNodeIds({
            python: ctx.python,
            projectDir: projectAbs,
            markers: GPU_TEST_MARKER,
            args: [unit, ...ignore, `--rootdir=${projectAbs}`, '-p', 'no:cacheprovider'],
            env: ctx.env,
            signal: options.signal,
            spawn: spawnSupervised,
        });
    }
    catch (error) {
        options.signal?.throwIfAborted();
        stage.error = error.message;
        stage.ok = false;
        return { stage: done(), tests: [] };
    }
    if (nodeIds.length === 0) {
        stage.note = `no tests marked @pytest.mark.${GPU_TEST_MARKER} in ${unit}`;
        return { stage: done(), tests: [] };
    }
    const outputs = new Map();
    const result = await runShardedPytest({
        python: ctx.python,
        projectDir: projectAbs,
        gpuIndices: ctx.lease.indices,
        nodeIds,
        junitDir: external_node_path_default().join(ctx.junitDir, 'unit'),
        env: { ...ctx.env, MLENV_GPU_COUNT: '1' },
        pytestArgs: pytestReportArgs(projectAbs),
        logger: options.logger,
        signal: options.signal,
        spawn: async (argv, request) => {
            const spawned = await spawnSupervised(argv, request);
            outputs.set(request.env.CUDA_VISIBLE_DEVICES ?? '', spawned);
            return spawned;
        },
    });
    options.signal?.throwIfAborted();
    stage.ran = true;
    const tests = [];
    const problems = [];
    for (const shard of result.shards) {
        const gpu = indexOf(ctx, shard.gpuIndex);
        stage.shards.push({
            gpu,
            device: shard.gpuIndex,
            tests: shard.nodeIds.length,
            exitCode: shard.exitCode,
            signal: shard.signal,
        });
        if (shard.junitFile === null)
            continue;
        const run = readJunit(ctx, shard.junitFile);
        if (run) {
            addSummary(stage.summary, run.summary);
            for (const t of run.results)
                tests.push({ ...t, stage: 'unit', gpus: gpu });
        }
        const reportedFailure = run !== null && run.summary.failed + run.summary.errors > 0;
        if (shard.exitCode !== 0 && !reportedFailure) {
            // Killed (out of memory, a CUDA fault) or crashed before reporting a failing test.
            const output = outputs.get(shard.gpuIndex);
            const how = shard.exitCode === null
                ? `was killed by ${shard.signal}`
                : `exited with code ${shard.exitCode}`;
            problems.push(`pytest on GPU ${gpu} ${how}${run ? ' without reporting a failing test' : ' before writing its JUnit report'}${output ? `:\n${gpu_test_tail(`${output.stdout}\n${output.stderr}`)}` : ''}`);
        }
    }
    if (problems.length > 0)
        stage.error = problems.join('\n');
    stage.ok =
        result.exitCode === 0 &&
            problems.length === 0 &&
            stage.summary.failed + stage.summary.errors === 0;
    return { stage: done(), tests };
}
// pytest's exit code when it collected nothing.
const gpu_test_PYTEST_NO_TESTS = 5;
/** The trainer integration tests: one pytest with every held GPU visible (DDP across them). */
async function integrationStage(ctx) {
    const { options, projectAbs } = ctx;
    const integration = options.project.config.tests.integration;
    const { stage, done } = startStage('integration', integration ? [integration] : []);
    if (!integration) {
        stage.note = 'the project sets no tests.integration';
        return { stage: done(), tests: [] };
    }
    if (!(0,external_node_fs_.existsSync)(external_node_path_default().join(projectAbs, integration))) {
        stage.ok = false;
        stage.error = `tests.integration is ${integration}, but ${relativeTo(options.workspace.root, external_node_path_default().join(projectAbs, integration))} does not exist`;
        return { stage: done(), tests: [] };
    }
    const junit = external_node_path_default().join(ctx.junitDir, 'integration.xml');
    const gpus = [...ctx.held.values()].map((g) => g.index).join(',');
    const argv = [
        ...ctx.python,
        '-m',
        'pytest',
        integration,
        `--junitxml=${junit}`,
        ...pytestReportArgs(projectAbs),
    ];
    options.logger.info(`running the integration tests in ${integration} with GPU ${gpus} visible (CUDA_VISIBLE_DEVICES=${ctx.lease.cudaVisibleDevices})`);
    const spawned = await spawnSupervised(argv, {
        cwd: projectAbs,
        env: {
            ...ctx.env,
            CUDA_VISIBLE_DEVICES: ctx.lease.cudaVisibleDevices,
            MLENV_GPU_COUNT: String(ctx.lease.indices.length),
        },
        signal: options.signal,
        onLine: (line) => options.logger.info(`[integration] ${line}`),
    });
    options.signal?.throwIfAborted();
    const run = readJunit(ctx, junit);
    const tests = (run?.results ?? []).map((t) => ({
        ...t,
        stage: 'integration',
        gpus,
    }));
    if (run)
        addSummary(stage.summary, run.summary);
    if (spawned.exitCode === gpu_test_PYTEST_NO_TESTS && tests.length === 0) {
        stage.note = `no tests in ${integration}`;
        return { stage: done(), tests };
    }
    stage.ran = true;
    const reported = stage.summary.failed + stage.summary.errors > 0;
    if (spawned.exitCode !== 0 && !reported) {
        const how = spawned.exitCode === null
            ? `was killed by ${spawned.signal}`
            : `exited with code ${spawned.exitCode}`;
        stage.error = `pytest ${how}${run ? ' without reporting a failing test' : ' before writing its JUnit report'}:\n${gpu_test_tail(`${spawned.stdout}\n${spawned.stderr}`)}`;
    }
    stage.ok = spawned.exitCode === 0 && !reported;
    return { stage: done(), tests };
}
function countLine(summary) {
    const parts = [`${summary.passed} passed`, `${summary.failed + summary.errors} failed`];
    if (summary.skipped > 0)
        parts.push(`${summary.skipped} skipped`);
    return parts.join(', ');
}
/**
 * GPU tests of one project on a (possibly shared) GPU machine: refuses untrusted fork code,
 * locks GPUs, runs the gpu-marked unit tests one pytest per GPU and then the trainer integration
 * tests across all of them, and samples GPU memory and utilisation meanwhile. Test failures,
 * refusals and missing GPUs are results; only user mistakes (bad options) and cancellation throw.
 */
async function runGpuTests(options) {
    const started = Date.now();
    const { logger, project } = options;
    const env = options.env ?? process.env;
    const result = (status, reason, extra = {}) => ({
        status,
        reason,
        project: project.name,
        gpus: [],
        cudaVisibleDevices: null,
        stages: [],
        tests: [],
        usage: [],
        durationS: seconds(Date.now() - started),
        ...extra,
    });
    // Decided before anything of the pull request's code runs, collection included.
    const decision = decideGpuTestsAllowed({
        eventName: options.event.name,
        payload: options.event.payload,
        approvalLabel: options.approvalLabel,
        current: options.currentPull,
    });
    if (!decision.allowed) {
        logger.error(`GPU tests refused: ${decision.reason}`);
        return result('refused', decision.reason);
    }
    logger.info(`GPU tests allowed: ${decision.reason}`);
    const run = options.run ?? command_runner_createCommandRunner();
    const visible = await listVisibleGpus(run, env);
    if (visible.gpus.length === 0) {
        const why = 'reason' in visible ? visible.reason : 'none';
        if (options.requireGpu === false) {
            const reason = `no GPU visible (${why}); skipped because require-gpu is false`;
            logger.warning(reason);
            return result('skipped', reason);
        }
        const reason = `no GPU visible on this machine: ${why}. GPU tests need a runner with an NVIDIA GPU (or set require-gpu: false to skip them)`;
        logger.error(reason);
        return result('failed', reason);
    }
    const count = options.gpus ?? visible.gpus.length;
    if (!Number.isInteger(count) || count < 1) {
        throw new errors/* ConfigurationError */.j1(`gpus: expected a whole number ≥ 1, found ${options.gpus}`);
    }
    if (count > visible.gpus.length) {
        throw new errors/* ConfigurationError */.j1(`gpus: ${count} GPUs asked for, but ${visible.gpus.length} are visible here (${visible.gpus.map((g) => `${g.index}: ${g.name}`).join(', ')})`);
    }
    // Before any GPU is held: installing MLEnv's pytest, when the environment has none, needs none.
    const pytest = await resolvePytest({
        bin: options.environment.bin,
        python: options.environment.python,
        source: `the environment of ${options.environment.python}`,
        logger,
        signal: options.signal,
    }, env);
    const byDevice = new Map(visible.gpus.map((g) => [gpuDeviceId(g), g]));
    const lockDir = options.lockDir ?? DEFAULT_GPU_LOCK_DIR;
    const timeoutMs = options.lockTimeoutMs ?? DEFAULT_GPU_LOCK_TIMEOUT_MS;
    let lease;
    try {
        lease = await acquireGpus({
            count,
            devices: [...byDevice.keys()],
            lockDir,
            timeoutMs,
            label: options.label ?? defaultLabel(env, project.name),
            logger,
            signal: options.signal,
        });
    }
    catch (error) {
        if (error instanceof GpuLockTimeoutError) {
            logger.error(error.message);
            return result('failed', error.message);
        }
        throw error;
    }
    // From here on the lock is released on every way out: return, throw, SIGINT/SIGTERM/SIGHUP;
    // after a SIGKILL the next job finds this process dead and takes the GPUs over.
    const unregister = releaseOnExit(lease);
    const junitDir = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'mlenv-gpu-test-'));
    try {
        const held = new Map(lease.indices.map((d) => [d, byDevice.get(d)]));
        const gpus = [...held.values()];
        logger.info(`holding GPU ${gpus.map((g) => `${g.index} (${g.name})`).join(', ')} in ${lockDir}`);
        const ctx = {
            options,
            projectAbs: external_node_path_default().resolve(options.workspace.root, project.dir),
            python: supervisedPython(options.environment.python),
            // CUDA numbers GPUs fastest first unless told otherwise; the report uses nvidia-smi's order.
            env: { ...env, ...pytest.env, CUDA_DEVICE_ORDER: 'PCI_BUS_ID' },
            junitDir,
            lease,
            held,
        };
        const sampler = startGpuSampler({
            run,
            gpus,
            intervalMs: options.sampleIntervalMs,
            logger,
        });
        let unit;
        let integration;
        let usage = [];
        try {
            logger.startGroup(`GPU unit tests (@pytest.mark.${GPU_TEST_MARKER}) of ${project.name}`);
            try {
                unit = await unitStage(ctx);
            }
            finally {
                logger.endGroup();
            }
            // Run even after unit failures: one GPU job reports every failure, since a rerun waits
            // for a GPU again.
            logger.startGroup(`GPU integration tests of ${project.name}`);
            try {
                integration = await integrationStage(ctx);
            }
            finally {
                logger.endGroup();
            }
        }
        finally {
            usage = await sampler.stop();
        }
        const stages = [unit.stage, integration.stage];
        const tests = [...unit.tests, ...integration.tests];
        const extra = { gpus, cudaVisibleDevices: lease.cudaVisibleDevices, stages, tests, usage };
        const failing = stages.filter((s) => !s.ok);
        if (failing.length > 0) {
            const what = failing
                .map((s) => s.error && s.summary.failed + s.summary.errors === 0
                ? `${s.name}: ${s.error.split('\n')[0]}`
                : `${s.name}: ${countLine(s.summary)}`)
                .join('; ');
            return result('failed', `GPU tests failed (${what})`, extra);
        }
        if (stages.every((s) => !s.ran)) {
            const reason = `no GPU tests to run: ${stages
                .map((s) => s.note)
                .filter(Boolean)
                .join('; ')}`;
            logger.warning(reason);
            return result('skipped', reason, extra);
        }
        const total = gpu_test_emptySummary();
        for (const s of stages)
            addSummary(total, s.summary);
        return result('passed', `GPU tests passed on ${gpus.length} GPU${gpus.length === 1 ? '' : 's'} (${countLine(total)})`, extra);
    }
    finally {
        lease.release();
        unregister();
        (0,external_node_fs_.rmSync)(junitDir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./shared/check/report.ts

/** One error annotation per finding, at the workspace-relative file and line it is about. */
function reportAnnotations(result, logger) {
    for (const project of result.projects) {
        for (const d of project.lint) {
            logger.error(`${d.message}${d.fixable ? ' (fixable with `ruff check --fix`)' : ''}`, {
                file: d.file,
                line: d.line,
                column: d.column,
                title: `ruff ${d.code}`,
            });
        }
        for (const f of project.format) {
            logger.error(`${f.file} would be reformatted: run \`ruff format ${f.file}\``, {
                file: f.file,
                line: f.line,
                title: 'ruff format',
            });
        }
        for (const t of project.failures) {
            logger.error(t.message ?? `${t.nodeId} ${t.outcome}`, {
                file: t.file,
                line: t.failureLine ?? Math.max(t.line, 1),
                title: `pytest ${testName(t)}`,
            });
        }
        if (project.testRunError)
            logger.error(`${project.name}: ${project.testRunError}`);
    }
}
/** The test's name within its file: "test_x", "TestY::test_x[1]", or the file for import errors. */
function testName(test) {
    return test.nodeId.split('::').slice(1).join('::') || test.nodeId;
}
function failureLine(t) {
    return t.failureLine ?? Math.max(t.line, 1);
}
function firstLine(text) {
    return (text ?? '').split('\n')[0]?.trim() ?? '';
}
function report_formatDuration(seconds) {
    if (seconds < 60)
        return `${seconds.toFixed(1)}s`;
    const minutes = Math.floor(seconds / 60);
    return `${minutes}m${Math.round(seconds - minutes * 60)}s`;
}
function testCounts(project) {
    const { passed, failed, skipped, errors, durationS } = project.tests;
    const parts = [`${passed} passed`, `${failed} failed`];
    if (errors > 0)
        parts.push(plural(errors, 'error'));
    parts.push(`${skipped} skipped`);
    return `${parts.join(', ')} in ${report_formatDuration(durationS)}`;
}
function problemCounts(projects) {
    const sum = (f) => projects.reduce((n, p) => n + f(p), 0);
    const parts = [];
    const lint = sum((p) => p.lint.length);
    const format = sum((p) => p.format.length);
    const failing = sum((p) => p.failures.length);
    const broken = sum((p) => (p.testRunError ? 1 : 0));
    if (lint)
        parts.push(plural(lint, 'lint finding'));
    if (format)
        parts.push(plural(format, 'file to format', 'files to format'));
    if (failing)
        parts.push(plural(failing, 'failing test'));
    if (broken)
        parts.push(plural(broken, 'pytest run that failed', 'pytest runs that failed'));
    return parts.join(', ');
}
/** file:line: message lines grouped per project, then one line with the verdict. */
function formatCheckForTerminal(result) {
    const lines = [];
    for (const project of result.projects) {
        const problems = problemCounts([project]);
        lines.push(`${project.name} (${project.dir}): ${project.ok ? 'ok' : problems}`);
        for (const d of project.lint) {
            lines.push(`  ${d.file}:${d.line}:${d.column}: ${d.code} ${d.message}${d.fixable ? ' [*]' : ''}`);
        }
        for (const f of project.format) {
            lines.push(`  ${f.file}:${f.line}: would be reformatted by ruff format`);
        }
        for (const t of project.failures) {
            const label = t.outcome === 'error' ? 'ERROR' : 'FAILED';
            lines.push(`  ${t.file}:${failureLine(t)}: ${label} ${t.nodeId}: ${firstLine(t.message)}`);
        }
        if (project.testRunError)
            lines.push(`  ${project.testRunError.split('\n').join('\n  ')}`);
        lines.push(`  tests: ${testCounts(project)}`);
    }
    const total = result.projects.length;
    const passed = result.projects.reduce((n, p) => n + p.tests.passed, 0);
    const duration = report_formatDuration(result.durationS);
    if (result.ok) {
        lines.push(`check passed: ${plural(total, 'project')}, ${plural(passed, 'test')} passed in ${duration}`);
    }
    else {
        const failing = result.projects.filter((p) => !p.ok);
        lines.push(`check failed: ${failing.length} of ${plural(total, 'project')} (${problemCounts(failing)}) in ${duration}`);
    }
    return `${lines.join('\n')}\n`;
}
function report_cell(ok, count) {
    return ok ? '✅' : `❌ ${count}`;
}
/** A fence longer than any backtick run in the text, so tracebacks cannot end the block early. */
function fenced(text) {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}text\n${text}\n${fence}`;
}
function inline(text) {
    return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}
/** One table row per project, then the details of every project that failed. */
function checkSummaryMarkdown(result) {
    const out = [
        `## mlenv check ${result.ok ? 'passed' : 'failed'}`,
        '',
        '| project | lint | format | passed | failed | skipped | duration |',
        '| --- | --- | --- | ---: | ---: | ---: | ---: |',
    ];
    for (const p of result.projects) {
        const failed = p.tests.failed + p.tests.errors + (p.testRunError ? 1 : 0);
        out.push(`| ${p.ok ? '✅' : '❌'} ${p.name} | ${report_cell(p.lint.length === 0, p.lint.length)} | ${report_cell(p.format.length === 0, p.format.length)} | ${p.tests.passed} | ${failed} | ${p.tests.skipped} | ${report_formatDuration(p.durationS)} |`);
    }
    for (const p of result.projects.filter((project) => !project.ok)) {
        out.push('', `### ❌ ${p.name} (\`${p.dir}\`)`);
        if (p.lint.length > 0) {
            out.push('', '**ruff check**', '');
            for (const d of p.lint) {
                out.push(`- \`${d.file}:${d.line}:${d.column}\` ${d.code}: ${inline(d.message)}`);
            }
        }
        if (p.format.length > 0) {
            out.push('', '**ruff format** (run `ruff format` on these files)', '');
            for (const f of p.format)
                out.push(`- \`${f.file}:${f.line}\``);
        }
        if (p.failures.length > 0 || p.testRunError) {
            out.push('', '**pytest**', '');
            for (const t of p.failures) {
                out.push(`- \`${t.file}:${failureLine(t)}\` ${t.outcome} \`${t.nodeId}\`: ${inline(firstLine(t.message))}`);
                if (t.details) {
                    out.push('', '<details><summary>traceback</summary>', '', fenced(t.details), '', '</details>', '');
                }
            }
            if (p.testRunError)
                out.push('', fenced(p.testRunError));
        }
    }
    return `${out.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./shared/gpu/gpu-test-report.ts


const gpu_test_report_MARK = {
    passed: '✅',
    failed: '❌',
    refused: '⛔',
    skipped: '⏭️',
};
const OUTCOME_MARK = {
    passed: '✅',
    failed: '❌',
    error: '💥',
    skipped: '⏭️',
};
// A job summary is limited to 1 MiB; a suite of thousands of tests lists its failures only.
const MAX_ROWS = 300;
function gpu_test_report_firstLine(text) {
    return (text ?? '').split('\n')[0]?.trim() ?? '';
}
/** A fence longer than any backtick run in the text, so tracebacks cannot end the block early. */
function gpu_test_report_fenced(text) {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}text\n${text}\n${fence}`;
}
function mib(value) {
    return value === null ? 'n/a' : `${value} MiB`;
}
function percent(value) {
    return value === null ? 'n/a' : `${value}%`;
}
function peak(u) {
    if (u.peakMemoryUsedMiB === null)
        return 'n/a';
    return u.memoryTotalMiB === null
        ? mib(u.peakMemoryUsedMiB)
        : `${u.peakMemoryUsedMiB} / ${u.memoryTotalMiB} MiB`;
}
function counts(stage) {
    const s = stage.summary;
    const parts = [`${s.passed} passed`, `${s.failed} failed`];
    if (s.errors > 0)
        parts.push(`${s.errors} errors`);
    parts.push(`${s.skipped} skipped`);
    return parts.join(', ');
}
function stageState(stage) {
    if (!stage.ok)
        return '❌';
    return stage.ran ? '✅' : '—';
}
function isProblem(t) {
    return t.outcome === 'failed' || t.outcome === 'error';
}
/** The result as GitHub-flavoured Markdown for the job summary. */
function gpuTestSummaryMarkdown(result) {
    const out = [
        `## GPU tests of ${result.project}: ${gpu_test_report_MARK[result.status]} ${result.status}`,
        '',
        markdownCell(result.reason),
        '',
    ];
    if (result.gpus.length > 0) {
        out.push(`GPUs held: ${result.gpus.map((g) => `${g.index} (${markdownCell(g.name)})`).join(', ')} · duration ${report_formatDuration(result.durationS)}`, '');
    }
    if (result.usage.length > 0) {
        out.push('| GPU | model | peak memory used | max utilisation | mean utilisation | samples |', '| --: | ----- | ---------------: | --------------: | ---------------: | ------: |');
        for (const u of result.usage) {
            out.push(`| ${u.index} | ${markdownCell(u.name)} | ${peak(u)} | ${percent(u.maxUtilizationPercent)} | ${percent(u.meanUtilizationPercent)} | ${u.samples} |`);
        }
        out.push('');
    }
    if (result.stages.length > 0) {
        out.push('| stage | tests | result | duration |', '| ----- | ----- | ------ | -------: |');
        for (const s of result.stages) {
            const detail = s.ran ? counts(s) : (s.note ?? (s.error ? gpu_test_report_firstLine(s.error) : ''));
            const shards = s.shards.length > 0
                ? ` (${s.shards.map((sh) => `GPU ${sh.gpu}: ${sh.tests}`).join(', ')})`
                : '';
            out.push(`| ${s.name} | \`${markdownCell(s.paths.join(' ') || '—')}\`${shards} | ${stageState(s)} ${markdownCell(detail)} | ${report_formatDuration(s.durationS)} |`);
        }
        out.push('');
    }
    if (result.tests.length > 0) {
        const problems = result.tests.filter(isProblem);
        const rows = result.tests.length <= MAX_ROWS ? result.tests : problems.slice(0, MAX_ROWS);
        out.push('| test | stage | GPU | outcome | duration |', '| ---- | ----- | --: | ------- | -------: |');
        for (const t of rows) {
            out.push(`| \`${markdownCell(t.nodeId)}\` | ${t.stage} | ${t.gpus} | ${OUTCOME_MARK[t.outcome]} ${t.outcome} | ${report_formatDuration(t.durationS)} |`);
        }
        if (rows.length < result.tests.length) {
            out.push('', `${result.tests.length - rows.length} more tests passed or were skipped.`);
        }
        out.push('');
        for (const t of problems) {
            if (!t.details)
                continue;
            out.push(`<details><summary>${markdownCell(t.nodeId)}: ${markdownCell(gpu_test_report_firstLine(t.message))}</summary>`, '', gpu_test_report_fenced(t.details), '', '</details>', '');
        }
    }
    for (const s of result.stages) {
        if (s.error)
            out.push(`**${s.name}**`, '', gpu_test_report_fenced(s.error), '');
    }
    return `${out.join('\n').trimEnd()}\n`;
}
/** Plain text for a terminal: the verdict, GPUs and usage, stages, failing tests. */
function formatGpuTestForTerminal(result) {
    const lines = [];
    for (const u of result.usage) {
        lines.push(`GPU ${u.index} ${u.name}: peak memory ${peak(u)}, utilisation max ${percent(u.maxUtilizationPercent)} mean ${percent(u.meanUtilizationPercent)}`);
    }
    for (const s of result.stages) {
        const what = s.ran ? counts(s) : (s.note ?? 'not run');
        const shards = s.shards.length > 0
            ? ` [${s.shards.map((sh) => `GPU ${sh.gpu}: ${sh.tests}`).join(', ')}]`
            : '';
        lines.push(`${s.name} (${s.paths.join(' ') || '—'}): ${what}${shards} in ${formatDuration(s.durationS)}`);
        if (s.error)
            lines.push(`  ${s.error.split('\n').join('\n  ')}`);
    }
    for (const t of result.tests.filter(isProblem)) {
        const line = t.failureLine ?? Math.max(t.line, 1);
        lines.push(`  ${t.file}:${line}: ${t.outcome === 'error' ? 'ERROR' : 'FAILED'} ${t.nodeId} (GPU ${t.gpus}): ${gpu_test_report_firstLine(t.message)}`);
    }
    lines.push(`GPU tests of ${result.project} ${result.status}: ${result.reason}`);
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./shared/gpu/index.ts


















/***/ })

};
