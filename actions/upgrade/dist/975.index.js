export const id = 975;
export const ids = [975];
export const modules = {

/***/ 8975:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runUpgrade: () => (/* reexport */ runUpgrade),
  upgradeSummaryMarkdown: () => (/* reexport */ upgradeSummaryMarkdown),
  upgradeText: () => (/* reexport */ upgradeText)
});

// UNUSED EXPORTS: DEFAULT_UPGRADE_POLICY, diffLocks, releaseNotes, titleOf, upgradeSchema

;// CONCATENATED MODULE: ./shared/upgrade/report.ts
const OUTCOME_TEXT = {
    created: 'pull request opened',
    updated: 'pull request updated',
    unchanged: 'pull request already up to date',
    blocked: 'not applied: the branch has commits that are not MLEnv’s (commented on the PR)',
    planned: 'planned (dry run: nothing written)',
    skipped: 'not proposed: the group cannot be resolved together (upgrade.onConflict: skip)',
};
function moves(group) {
    const { plan } = group;
    return [
        ...(plan.python ? [`python ${plan.python.from} → ${plan.python.to}`] : []),
        ...(plan.cuda ? [`cuda ${plan.cuda.from} → ${plan.cuda.to}`] : []),
        ...plan.changes.map((c) => `${c.name} ${c.from} → ${c.to} (${c.bump})`),
    ];
}
/** The terminal report: per group what moves and what happened, then the diff on a dry run. */
function upgradeText(result) {
    const lines = [];
    if (result.groups.length === 0)
        lines.push(`Nothing to upgrade: ${result.upToDate.length > 0 ? `${result.upToDate.join(', ')} up to date` : 'no pinned requirements'}.`);
    for (const group of result.groups) {
        const where = group.proposal?.url ? ` ${group.proposal.url}` : '';
        lines.push(`${group.group}: ${OUTCOME_TEXT[group.outcome]}${where}`);
        for (const move of moves(group))
            lines.push(`  ${move}`);
        if (group.conflict)
            lines.push(`  conflict: ${group.conflict.split('\n').join('\n    ')}`);
        for (const note of group.plan.notes)
            lines.push(`  note: ${note}`);
        const lock = group.lockChanges;
        if (lock.changed.length + lock.added.length + lock.removed.length > 0)
            lines.push(`  lock: ${lock.changed.length} changed, ${lock.added.length} added, ${lock.removed.length} removed`);
    }
    for (const held of result.held)
        lines.push(`held: ${held.name}: ${held.reason}`);
    let text = `${lines.join('\n')}\n`;
    if (result.dryRun)
        for (const group of result.groups)
            if (group.diff)
                text += `\n# ${group.group}\n${group.diff}`;
    return text;
}
/** The job summary of the upgrade action. */
function upgradeSummaryMarkdown(result) {
    const parts = ['### MLEnv upgrade', ''];
    if (result.groups.length === 0)
        parts.push('Nothing to upgrade: every group is up to date.', '');
    else {
        parts.push('| group | upgrade | result |', '| --- | --- | --- |');
        for (const group of result.groups) {
            const link = group.proposal?.url
                ? ` [#${group.proposal.pullNumber}](${group.proposal.url})`
                : '';
            parts.push(`| \`${group.group}\` | ${moves(group).join('<br>')} | ${OUTCOME_TEXT[group.outcome]}${link} |`);
        }
        parts.push('');
    }
    if (result.upToDate.length > 0)
        parts.push(`Up to date: ${result.upToDate.join(', ')}.`, '');
    if (result.held.length > 0) {
        parts.push('Held back:', '');
        for (const held of result.held)
            parts.push(`- \`${held.name}\`: ${held.reason}`);
        parts.push('');
    }
    return `${parts.join('\n')}\n`;
}

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
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
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
function torchBackendPlan(environment) {
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
function torchBackendLine(backend) {
    return `${BACKEND_LINE}${backend}`;
}
function isTorchBackendLine(line) {
    return line.startsWith(BACKEND_LINE);
}
/** uv's options for installing a lock: its recorded backend, or none. */
function torch_backend_torchBackendArguments(lock, file) {
    const backend = lockTorchBackend(lock, file);
    return backend ? ['--torch-backend', backend] : [];
}
/**
 * What PyPI's torch costs a `cpu` lock: undefined when the lock has no torch or its torch brings
 * no CUDA packages (resolved on macOS, say), where falling back costs nothing worth a warning.
 */
function cudaCost(pins) {
    const torch = pins.get('torch');
    const packages = [...pins.keys()].filter((name) => /^(nvidia|cuda)-/.test(name)).length;
    return torch && packages > 0 ? { torch, packages } : undefined;
}
function costText(cost) {
    return `${cost.packages} CUDA packages (nvidia-*, cuda-*; several GB) this cpu environment will not use`;
}
/** The one line a `cpu` lock logs when PyTorch's CPU index did not answer the probe. */
function unreachableWarning(reason, cost) {
    return `PyTorch's CPU index ${PYTORCH_CPU_INDEX} is not reachable (${reason}): locked PyPI's torch ${cost.torch}, which pulls ${costText(cost)}`;
}
/** The one line a `cpu` lock logs when its own indexUrl served a CUDA torch. */
function mirrorWarning(indexUrl, cost) {
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
async function probeCpuTorchBackend(uv, python) {
    const dir = await (0,promises_.mkdtemp)(external_node_path_default().join(external_node_os_default().tmpdir(), 'mlenv-torch-probe-'));
    try {
        const input = external_node_path_default().join(dir, 'probe.in');
        await (0,promises_.writeFile)(input, 'torch\n');
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
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./shared/environment/index.ts









const environment_execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** The uv release MLEnv bootstraps when none is on PATH. */
const UV_VERSION = '0.13.9';
const COMPLETE = '.mlenv-complete';
function environmentAt(venv, lockHash) {
    const bin = path.join(venv, 'bin');
    return {
        venv,
        bin,
        python: path.join(bin, 'python'),
        mlflow: path.join(bin, 'mlflow'),
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
        const env = environmentAt(path.resolve(explicit));
        if (!existsSync(env.python)) {
            throw new ConfigurationError(`--venv ${explicit}: expected a virtual environment, found no ${env.python}`);
        }
        return env;
    }
    const hash = await lockHash(workspace);
    const env = environmentAt(path.join(workspace.root, '.mlenv', 'venvs', hash), hash);
    if (existsSync(path.join(env.venv, COMPLETE))) {
        options.logger.debug(`Reusing environment ${env.venv}`);
        return env;
    }
    if (options.create === false) {
        throw new ConfigurationError(`No environment built from ${workspace.config.environment.lock} yet: run \`mlenv setup\`.`);
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
    const lockText = await readFile(path.join(workspace.root, environment.lock), 'utf8');
    await rm(env.venv, { recursive: true, force: true });
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
        path.join(workspace.root, environment.lock),
    ], logger);
    await writeFile(path.join(env.venv, COMPLETE), `${environment.lock}\n`);
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
    const lock = external_node_path_default().join(workspace.root, environment.lock);
    await (0,promises_.mkdir)(external_node_path_default().dirname(lock), { recursive: true });
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
    const text = await (0,promises_.readFile)(lock, 'utf8');
    await (0,promises_.writeFile)(lock, stampLock(text, await lockInputsHash(workspace), backend));
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
    const requirements = await (0,promises_.readFile)(external_node_path_default().join(workspace.root, environment.requirements), 'utf8').catch(() => {
        throw new errors/* ConfigurationError */.j1(`${environment.requirements}: expected the environment requirements, found no file.`);
    });
    return (0,external_node_crypto_.createHash)('sha256')
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

// EXTERNAL MODULE: ./shared/git/git.ts
var git = __webpack_require__(7361);
;// CONCATENATED MODULE: ./shared/images/dockerfiles.ts
/**
 * The build arguments of every rendered Dockerfile. Their defaults build the image as published;
 * a build that cannot reach the public registries or GitHub (an air-gapped CI, the test bed)
 * names copies it can reach, and a Python the base image already has.
 */
/** The runtime image's own user: pods give its group their volumes (fsGroup). */
const RUNTIME_USER = { uid: 10001, gid: 10001 };
/**
 * The build secret that carries the CA bundle of a TLS-intercepting proxy (a company's, or this
 * sandbox's) to uv inside the build: without it a build behind such a proxy cannot reach the
 * package index, while uv on the same machine can (it reads SSL_CERT_FILE).
 */
const CA_BUNDLE_SECRET = 'mlenv-ca-bundle';
const CA_BUNDLE_PATH = `/run/secrets/${CA_BUNDLE_SECRET}`;
const BUILD_ARGS = {
    base: 'BASE_IMAGE',
    uv: 'UV_IMAGE',
    python: 'MLENV_PYTHON',
};
/** The uv image of a uv release, UV_IMAGE's default. */
function uvImage(uvVersion) {
    return `ghcr.io/astral-sh/uv:${uvVersion}`;
}
// The environment lives outside any home directory so that every user of the image (the runtime
// user, the runner user, a cluster's arbitrary UID) reads the same files, and none can change them.
const PREFIX = '/opt/mlenv';
const VENV = `${PREFIX}/venv`;
const LOCK = `${PREFIX}/requirements.lock`;
function header(title, repository, inputs, command) {
    const { manifest } = inputs;
    return [
        `# ${title}`,
        `# Generated by MLEnv from mlenv.yaml and ${inputs.lock}; do not edit: render it`,
        '# again after the lock changes (the image tag is the lock hash). Build it with the workspace',
        ...(command
            ? [`# root as the context (\`${command}\` builds and pushes it when the tag is missing):`]
            : ['# root as the context:']),
        `#   docker build -f <this file> -t ${repository}:${manifest.tag} <workspace root>`,
        '# The build arguments name copies of the public images, and a Python the base already has,',
        '# for a build that cannot reach ghcr.io, Docker Hub or GitHub; their defaults build the image',
        '# as published.',
        '',
        `ARG ${BUILD_ARGS.base}=${inputs.base}`,
        `ARG ${BUILD_ARGS.uv}=${uvImage(inputs.uvVersion)}`,
        '',
        // A named stage, so the pinned uv version appears once and COPY --from stays short.
        `FROM \${${BUILD_ARGS.uv}} AS uv`,
        '',
        `FROM \${${BUILD_ARGS.base}}`,
        '',
    ];
}
function labels(inputs, title) {
    const { manifest } = inputs;
    return [
        `LABEL org.opencontainers.image.title="${title}" \\`,
        `      mlenv.lock-hash="${manifest.lockHash}" \\`,
        `      mlenv.python="${manifest.python}" \\`,
        `      mlenv.cuda="${manifest.cuda}" \\`,
        `      mlenv.uv="${inputs.uvVersion}"`,
        '',
    ];
}
/** Installs the packages the base lacks: a base built without network access brings its own. */
function aptInstall(packages) {
    const names = packages.join(' ');
    return [
        // A build-time ARG, not ENV: containers keep the normal frontend.
        'ARG DEBIAN_FRONTEND=noninteractive',
        `RUN dpkg -s ${names} >/dev/null 2>&1 \\`,
        '    || { apt-get update \\',
        `         && apt-get install -y --no-install-recommends ${names} \\`,
        '         && rm -rf /var/lib/apt/lists/*; }',
        '',
    ];
}
/**
 * uv installs the Python build its pinned release knows for the version, so the same uv and the
 * same "3.11" always give the same interpreter, then syncs the venv to exactly the lock's hashes.
 * MLENV_PYTHON names an interpreter of that version the base already has instead (Debian 12's
 * /usr/bin/python3.11), for a build that cannot download Python from GitHub.
 */
function environment(inputs, extraEnv = []) {
    const { python } = inputs.manifest;
    const wanted = python.split('.').slice(0, 2).join(', ');
    const arg = BUILD_ARGS.python;
    return [
        'COPY --from=uv /uv /uvx /usr/local/bin/',
        '',
        ...extraEnv,
        `ENV UV_PYTHON_INSTALL_DIR=${PREFIX}/python \\`,
        // Never a system Python the base image may carry: only the one installed below.
        '    UV_PYTHON_PREFERENCE=only-managed \\',
        // Compiled at install: otherwise every process compiles torch again (see shared/environment).
        '    UV_COMPILE_BYTECODE=1 \\',
        '    PYTHONUNBUFFERED=1 \\',
        // mlenv inside the image uses this environment instead of building one.
        `    MLENV_VENV=${VENV} \\`,
        `    VIRTUAL_ENV=${VENV} \\`,
        `    PATH=${VENV}/bin:$PATH`,
        '',
        `COPY ${JSON.stringify([inputs.lock, LOCK])}`,
        '',
        ...indexArgs(inputs.indexes),
        `ARG ${arg}=`,
        // A build secret, not a COPY: the bundle stays out of every layer and out of the cache key.
        `RUN --mount=type=secret,id=${CA_BUNDLE_SECRET} \\`,
        `    if [ -s ${CA_BUNDLE_PATH} ]; then export SSL_CERT_FILE=${CA_BUNDLE_PATH}; fi \\`,
        `    && if [ -z "$${arg}" ]; then \\`,
        `      uv python install --no-cache ${python} \\`,
        `      && uv venv --no-cache --python ${python} ${VENV}; \\`,
        '    else \\',
        `      "$${arg}" -c 'import sys; assert sys.version_info[:2] == (${wanted}), f"${arg} is Python {sys.version.split()[0]}, expected ${python}"' \\`,
        // The base's own interpreter, on purpose: the preference above would refuse it.
        '      && export UV_PYTHON_PREFERENCE=only-system \\',
        `      && uv venv --no-cache --python "$${arg}" ${VENV}; \\`,
        '    fi \\',
        // The same backend as the lock: its +cpu torch is only on PyTorch's index.
        `    && uv pip sync --no-cache --require-hashes${inputs.torchBackend ? ` --torch-backend ${inputs.torchBackend}` : ''} --python ${VENV}/bin/python ${LOCK}`,
        '',
    ];
}
/**
 * The lock's package indexes as the variables uv reads (uv's own names for --default-index and
 * --index, the same indexes `mlenv setup` passes as --index-url and --extra-index-url): without
 * them a lock resolved from a company mirror would be installed from PyPI. Build arguments, so a
 * build that reaches the index at another address can say so.
 */
function indexArgs(indexes) {
    const lines = [];
    if (indexes?.indexUrl)
        lines.push(`ARG UV_DEFAULT_INDEX=${indexes.indexUrl}`);
    if (indexes?.extraIndexUrls.length)
        lines.push(`ARG UV_INDEX="${indexes.extraIndexUrls.join(' ')}"`);
    return lines;
}
/** The image that runs training and serving (locally, on Kubernetes, in KServe). */
function runtimeDockerfile(inputs) {
    const title = `MLEnv runtime image for training and serving: Python ${inputs.manifest.python}, locked environment.`;
    return [
        ...header(title, inputs.manifest.image, inputs, 'mlenv images build'),
        ...labels(inputs, 'mlenv-runtime'),
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        '',
        // git: on Kubernetes the pod's init container fetches the project's commit with this image.
        ...aptInstall(['ca-certificates', 'git']),
        ...environment(inputs),
        // A numeric UID: Kubernetes can only verify runAsNonRoot for a numeric USER. 10001 stays clear
        // of the "ubuntu" user (1000) that the CUDA images carry.
        `RUN useradd --create-home --uid ${RUNTIME_USER.uid} --user-group --shell /bin/bash mlenv`,
        'WORKDIR /home/mlenv',
        `USER ${RUNTIME_USER.uid}:${RUNTIME_USER.gid}`,
        '',
    ].join('\n');
}
/**
 * A self-hosted GitHub Actions runner for GPU jobs, with the same Python and locked environment as
 * the runtime image, so a GPU test in CI runs what training runs.
 */
function gpuRunnerDockerfile(inputs) {
    const title = `Self-hosted GitHub Actions runner for GPU jobs: Python ${inputs.manifest.python}, locked environment.`;
    return [
        ...header(title, inputs.manifest.gpuRunnerImage, inputs),
        ...labels(inputs, 'mlenv-gpu-runner'),
        // The runner image ends as its "runner" user; installing needs root, and sudo is not used.
        'USER root',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        '',
        // git: actions/checkout falls back to a REST download without it, and `mlenv affected` diffs.
        ...aptInstall(['ca-certificates', 'git']),
        ...environment(inputs, [
            // The NVIDIA container runtime mounts the host driver when these are set; the Kubernetes
            // device plugin replaces NVIDIA_VISIBLE_DEVICES with the GPUs the pod was given. CUDA's
            // user-space libraries come with the locked framework wheels.
            'ENV NVIDIA_VISIBLE_DEVICES=all \\',
            '    NVIDIA_DRIVER_CAPABILITIES=compute,utility',
            '',
        ]),
        'USER runner',
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./shared/images/lint.ts
/**
 * A few of hadolint's Dockerfile rules (same ids), for the images MLEnv renders: hadolint itself is
 * a Haskell binary that this project's toolchain cannot install. Each rule guards something that
 * bit real images: unpinned bases rebuild differently, leftover apt lists bloat layers, a failing
 * command on the left of a pipe passes silently, and root containers are refused by clusters that
 * enforce runAsNonRoot.
 */
const DOCKERFILE_RULES = {
    DL3002: 'the final stage switches to a non-root USER',
    DL3004: 'no sudo: run as root in the build and switch USER afterwards',
    DL3006: 'base images pinned with a tag or digest',
    DL3007: 'no `latest` tag',
    DL3009: 'apt lists removed in the RUN that installs',
    DL3015: '`apt-get install --no-install-recommends`',
    DL3020: 'COPY, not ADD, for local files',
    DL4006: 'SHELL with `-o pipefail` before a RUN that pipes',
};
/** Instructions with continuation lines joined and comments dropped, as Docker reads them. */
function parseDockerfile(text) {
    const instructions = [];
    let current;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const raw = lines[i] ?? '';
        const trimmed = raw.trim();
        // Comment lines inside a continued instruction are dropped too, as Docker does.
        if (trimmed.startsWith('#') || (trimmed === '' && !current))
            continue;
        const continued = trimmed.endsWith('\\');
        const body = continued ? trimmed.slice(0, -1).trim() : trimmed;
        if (current) {
            current.args = `${current.args} ${body}`.trim();
        }
        else {
            const match = /^(\S+)\s*(.*)$/.exec(body);
            if (!match)
                continue;
            current = { line: i + 1, keyword: (match[1] ?? '').toUpperCase(), args: match[2] ?? '' };
        }
        if (!continued) {
            instructions.push(current);
            current = undefined;
        }
    }
    if (current)
        instructions.push(current);
    return instructions;
}
function withoutQuotes(command) {
    return command.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '""');
}
function isRoot(user) {
    const name = user.split(':')[0]?.trim();
    return name === 'root' || name === '0';
}
function lintDockerfile(text) {
    const problems = [];
    const report = (line, rule, detail) => {
        problems.push({ line, rule, message: `${DOCKERFILE_RULES[rule]}: ${detail}` });
    };
    const stages = new Set();
    // ARGs before the first FROM may name the bases: their defaults are what a plain build uses.
    const globalArgs = new Map();
    let pipefail = false;
    let lastFrom = 0;
    let lastUser;
    for (const ins of parseDockerfile(text)) {
        switch (ins.keyword) {
            case 'ARG': {
                const match = /^(\w+)=(?:"([^"]*)"|(\S+))/.exec(ins.args);
                if (match?.[1] && lastFrom === 0)
                    globalArgs.set(match[1], match[2] ?? match[3] ?? '');
                break;
            }
            case 'FROM': {
                const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
                const image = (words[0] ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced, bare) => globalArgs.get(braced ?? bare ?? '') ?? whole);
                const alias = words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
                const name = image.slice(image.lastIndexOf('/') + 1);
                if (image !== 'scratch' && !stages.has(image.toLowerCase()) && !image.includes('$')) {
                    if (!name.includes(':') && !image.includes('@')) {
                        report(ins.line, 'DL3006', `${image} has no tag`);
                    }
                    else if (name.endsWith(':latest')) {
                        report(ins.line, 'DL3007', image);
                    }
                }
                if (alias)
                    stages.add(alias.toLowerCase());
                // SHELL and USER are per stage.
                pipefail = false;
                lastUser = undefined;
                lastFrom = ins.line;
                break;
            }
            case 'SHELL':
                pipefail = /"-o",\s*"pipefail"|-o pipefail/.test(ins.args);
                break;
            case 'USER':
                lastUser = ins;
                break;
            case 'ADD': {
                const sources = ins.args
                    .split(/\s+/)
                    .filter((w) => !w.startsWith('--'))
                    .slice(0, -1);
                const local = sources.filter((s) => !/^(https?:\/\/|git@)/.test(s) && !/\.tar(\.\w+)?$|\.tgz$/.test(s));
                if (local.length > 0)
                    report(ins.line, 'DL3020', local.join(' '));
                break;
            }
            case 'RUN': {
                const command = withoutQuotes(ins.args);
                if (/(^|[\s;&|(])sudo\s/.test(command))
                    report(ins.line, 'DL3004', 'sudo in RUN');
                if (/apt-get\s+(?:[-\w=]+\s+)*install\b/.test(command)) {
                    if (!command.includes('--no-install-recommends')) {
                        report(ins.line, 'DL3015', 'apt-get install without it');
                    }
                }
                if (/apt-get\s+(?:[-\w=]+\s+)*(install|update)\b/.test(command)) {
                    if (!/rm\s+-(rf|fr)\s+\/var\/lib\/apt\/lists/.test(command)) {
                        report(ins.line, 'DL3009', 'add `&& rm -rf /var/lib/apt/lists/*`');
                    }
                }
                const shellForm = !ins.args.trimStart().startsWith('[');
                if (shellForm && !pipefail && /(^|[^|])\|([^|]|$)/.test(command)) {
                    report(ins.line, 'DL4006', 'a failure left of the pipe would go unnoticed');
                }
                break;
            }
        }
    }
    if (!lastUser) {
        report(lastFrom || 1, 'DL3002', 'the final stage sets no USER, so it runs as root');
    }
    else if (isRoot(lastUser.args)) {
        report(lastUser.line, 'DL3002', `the final stage ends as ${lastUser.args}`);
    }
    return problems;
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
;// CONCATENATED MODULE: ./shared/images/schema.ts

/** runner-images/image.json: which images the rendered Dockerfiles build, for CI and the CLI. */
const imageManifestSchema = schemas/* strictObject */.rej({
    /** The runtime image repository (environment.image). */
    image: schemas/* string */.YjP().min(1),
    /** The tag of both images: the lock hash, so one lock always means one image. */
    tag: schemas/* string */.YjP().regex(/^[0-9a-f]{12}$/),
    lockHash: schemas/* string */.YjP().regex(/^[0-9a-f]{12}$/),
    python: schemas/* string */.YjP().min(1),
    cuda: schemas/* string */.YjP().min(1),
    /** The self-hosted GPU runner image repository, beside the runtime image. */
    gpuRunnerImage: schemas/* string */.YjP().min(1),
});

;// CONCATENATED MODULE: ./shared/images/index.ts









/**
 * The CUDA base image of each CUDA variant (environment.cuda): the last update release of that
 * CUDA minor with cuDNN, runtime flavour, Ubuntu 24.04, as published on Docker Hub. NVIDIA deletes
 * superseded tags (its CUDA container support policy), so a minor's final update is the tag that
 * stays. The framework wheels bring their own CUDA libraries; the base supplies the rest of the
 * CUDA user space and the NVIDIA container runtime's expectations.
 */
const CUDA_BASE_IMAGES = {
    '12.6': 'nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04',
    '12.8': 'nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04',
    '12.9': 'nvidia/cuda:12.9.1-cudnn-runtime-ubuntu24.04',
    '13.0': 'nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04',
};
/** The "cpu" variant: uv brings Python, so a slim Debian without one is enough. */
const CPU_BASE_IMAGE = 'debian:bookworm-slim';
/** ghcr.io/actions/actions-runner, the image actions-runner-controller's scale sets run. */
const ACTIONS_RUNNER_VERSION = '2.335.1';
const IMAGE_FILES = {
    runtime: 'runtime/Dockerfile',
    gpuRunner: 'gpu-runner/Dockerfile',
    manifest: 'image.json',
};
function baseImage(cuda) {
    if (cuda === 'cpu')
        return CPU_BASE_IMAGE;
    const image = CUDA_BASE_IMAGES[cuda];
    if (!image) {
        throw new errors/* ConfigurationError */.j1(`environment.cuda: expected a CUDA variant with a runtime image (${Object.keys(CUDA_BASE_IMAGES).join(', ')}) or "cpu", found "${cuda}"`);
    }
    return image;
}
/**
 * The environment's package indexes, for a Dockerfile's build arguments. A URL with credentials
 * would be kept in the committed Dockerfile and in every image's history, and a quote, `$` or
 * space would change what the Dockerfile means: both are refused.
 */
function dockerfileIndexes(environment) {
    const indexes = environmentIndexes(environment);
    const named = [
        ...(environment.indexUrl ? [['indexUrl', environment.indexUrl]] : []),
        ...(environment.extraIndexUrls ?? []).map((url) => ['extraIndexUrls', url]),
        ...(environment.pytorchIndex ? [['pytorchIndex', environment.pytorchIndex]] : []),
    ];
    for (const [key, url = ''] of named) {
        const parsed = URL.canParse(url) ? new URL(url) : undefined;
        if (parsed && (parsed.username || parsed.password))
            throw new errors/* ConfigurationError */.j1(`environment.${key}: expected a URL without credentials, found a user name or password in it: the rendered Dockerfiles and every image's history would keep them. Give uv the credentials in the build's environment or a netrc file instead.`);
        if (/[\s"'`$\\]/.test(url))
            throw new errors/* ConfigurationError */.j1(`environment.${key}: expected a URL without spaces, quotes, backslashes or "$" (it goes into the rendered Dockerfiles), found ${JSON.stringify(url)}`);
    }
    return indexes;
}
async function renderImages(workspace) {
    const { environment } = workspace.config;
    const hash = await lockHash(workspace);
    const manifest = {
        image: environment.image,
        tag: hash,
        lockHash: hash,
        python: environment.python,
        cuda: environment.cuda,
        gpuRunnerImage: `${environment.image}-gpu-runner`,
    };
    const lockText = await (0,promises_.readFile)(external_node_path_default().join(workspace.root, environment.lock), 'utf8');
    const inputs = {
        manifest,
        lock: environment.lock.split((external_node_path_default()).sep).join('/'),
        base: baseImage(environment.cuda),
        uvVersion: UV_VERSION,
        runnerVersion: ACTIONS_RUNNER_VERSION,
        torchBackend: lockTorchBackend(lockText, environment.lock),
        indexes: dockerfileIndexes(environment),
    };
    return {
        manifest,
        files: {
            [IMAGE_FILES.runtime]: runtimeDockerfile(inputs),
            [IMAGE_FILES.gpuRunner]: gpuRunnerDockerfile({
                ...inputs,
                base: `ghcr.io/actions/actions-runner:${ACTIONS_RUNNER_VERSION}`,
            }),
            [IMAGE_FILES.manifest]: `${JSON.stringify(manifest, null, 2)}\n`,
        },
    };
}
/** Writes the rendered files under outDir (usually `<workspace>/runner-images`). */
async function writeImages(workspace, outDir) {
    const rendered = await renderImages(workspace);
    const written = [];
    for (const [relative, content] of Object.entries(rendered.files)) {
        const file = path.join(outDir, relative);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, content);
        written.push(file);
    }
    return { manifest: rendered.manifest, written };
}
const IMAGE_FILE_STATUS = (/* unused pure expression or super */ null && (['current', 'stale', 'missing']));
/** Which files under outDir differ from what the workspace renders now (a CI check). */
async function checkImages(workspace, outDir) {
    const rendered = await renderImages(workspace);
    const files = [];
    for (const [relative, content] of Object.entries(rendered.files)) {
        const existing = await readFile(path.join(outDir, relative), 'utf8').catch(() => undefined);
        const status = existing === undefined ? 'missing' : existing === content ? 'current' : 'stale';
        files.push({ path: relative, status });
    }
    return {
        ok: files.every((f) => f.status === 'current'),
        manifest: rendered.manifest,
        files,
    };
}

;// CONCATENATED MODULE: ./shared/upgrade/apply/diff.ts
/**
 * A unified diff (as `git diff` prints it) of one file's edit, for `mlenv upgrade --dry-run` and
 * pull request bodies. No diff library is a dependency and the files edited here (requirements,
 * mlenv.yaml) are small, so a longest-common-subsequence over lines is enough.
 */
function renderUnifiedDiff(path, before, after, context = 3) {
    if (before === after)
        return '';
    const a = splitLines(before);
    const b = splitLines(after);
    const ops = diffLines(a, b);
    const hunks = groupHunks(ops, context);
    const out = [`--- a/${path}`, `+++ b/${path}`];
    for (const hunk of hunks) {
        const oldCount = hunk.filter((op) => op.kind !== '+').length;
        const newCount = hunk.filter((op) => op.kind !== '-').length;
        const first = hunk[0];
        const oldStart = oldCount === 0 ? first.oldIndex : first.oldIndex + 1;
        const newStart = newCount === 0 ? first.newIndex : first.newIndex + 1;
        out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
        for (const op of hunk) {
            out.push(`${op.kind}${op.line.text}`);
            if (op.line.noNewline)
                out.push('\\ No newline at end of file');
        }
    }
    return `${out.join('\n')}\n`;
}
function splitLines(text) {
    if (text === '')
        return [];
    const parts = text.split('\n');
    const last = parts.pop();
    const lines = parts.map((t) => ({ text: t, noNewline: false }));
    if (last !== '')
        lines.push({ text: last, noNewline: true });
    return lines;
}
function same(x, y) {
    return x.text === y.text && x.noNewline === y.noNewline;
}
function diffLines(a, b) {
    // Common head and tail first: an upgrade changes a few lines, so the table below stays tiny.
    let head = 0;
    while (head < a.length && head < b.length && same(a[head], b[head]))
        head++;
    let tail = 0;
    while (tail < a.length - head &&
        tail < b.length - head &&
        same(a[a.length - 1 - tail], b[b.length - 1 - tail])) {
        tail++;
    }
    const midA = a.slice(head, a.length - tail);
    const midB = b.slice(head, b.length - tail);
    const n = midA.length;
    const m = midB.length;
    // lcs[i][j]: the longest common subsequence of midA[i..] and midB[j..].
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
        for (let j = m - 1; j >= 0; j--) {
            const row = lcs[i];
            row[j] = same(midA[i], midB[j])
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], row[j + 1]);
        }
    }
    const ops = [];
    let oldIndex = 0;
    let newIndex = 0;
    const push = (kind, line) => {
        ops.push({ kind, line, oldIndex, newIndex });
        if (kind !== '+')
            oldIndex++;
        if (kind !== '-')
            newIndex++;
    };
    for (let k = 0; k < head; k++)
        push(' ', a[k]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && same(midA[i], midB[j])) {
            push(' ', midA[i++]);
            j++;
        }
        else if (j < m &&
            (i >= n ||
                lcs[i][j + 1] > lcs[i + 1][j])) {
            push('+', midB[j++]);
        }
        else {
            push('-', midA[i++]);
        }
    }
    for (let k = a.length - tail; k < a.length; k++)
        push(' ', a[k]);
    return reorderChanges(ops);
}
/** Within each run of changes, removals before additions, as git prints them. */
function reorderChanges(ops) {
    const out = [];
    let k = 0;
    while (k < ops.length) {
        if (ops[k].kind === ' ') {
            out.push(ops[k++]);
            continue;
        }
        const run = [];
        while (k < ops.length && ops[k].kind !== ' ')
            run.push(ops[k++]);
        const start = run[0];
        let oldIndex = start.oldIndex;
        let newIndex = start.newIndex;
        for (const op of [...run.filter((o) => o.kind === '-'), ...run.filter((o) => o.kind === '+')]) {
            out.push({ ...op, oldIndex, newIndex });
            if (op.kind === '-')
                oldIndex++;
            else
                newIndex++;
        }
    }
    return out;
}
function groupHunks(ops, context) {
    const changed = ops.flatMap((op, k) => (op.kind === ' ' ? [] : [k]));
    const hunks = [];
    let start = -1;
    let end = -1;
    for (const k of changed) {
        if (start !== -1 && k - context <= end + context + 1) {
            end = k;
            continue;
        }
        if (start !== -1)
            hunks.push(ops.slice(Math.max(0, start - context), end + context + 1));
        start = k;
        end = k;
    }
    if (start !== -1)
        hunks.push(ops.slice(Math.max(0, start - context), end + context + 1));
    return hunks;
}
function range(start, count) {
    return count === 1 ? `${start}` : `${start},${count}`;
}

// EXTERNAL MODULE: ./shared/upgrade/schema.ts
var schema = __webpack_require__(2446);
;// CONCATENATED MODULE: ./shared/upgrade/apply/requirements.ts


const NAME = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y;
const VERSION = /[A-Za-z0-9.*+!_-]+/y;
const OPERATOR = /(~=|===|==|!=|<=|>=|<|>)/y;
const SPACE = /[ \t]*/y;
/**
 * Parses a pip requirements file (requirements.in): requirements with extras, specifiers and
 * markers, comments, options (`-r`, `--extra-index-url`...) and `\` continuations. Options and
 * direct references (paths, URLs) are not entries: nothing here can upgrade them.
 */
function parseRequirementsFile(text, file) {
    const entries = [];
    const problems = [];
    for (const logical of logicalLines(text)) {
        const body = stripComment(logical.text);
        if (body.trim() === '' || body.trimStart().startsWith('-'))
            continue;
        const parsed = parseRequirementLine(body);
        if (parsed === 'direct')
            continue;
        const at = (index) => {
            const offset = logical.offsets[index] ?? logical.offsets[logical.offsets.length - 1] ?? 0;
            return positionAt(text, offset);
        };
        if (typeof parsed === 'string') {
            problems.push({
                file,
                ...at(body.length - body.trimStart().length),
                path: '',
                expected: `a requirement such as "torch==2.5.1" or an option such as "--extra-index-url URL" (${parsed})`,
                found: JSON.stringify(body.trim()),
            });
            continue;
        }
        const entry = {
            ...at(parsed.nameStart),
            name: (0,schema/* normalizePackageName */.NX)(parsed.rawName),
            rawName: parsed.rawName,
            extras: parsed.extras,
            specifier: parsed.specifier,
        };
        if (parsed.marker)
            entry.marker = parsed.marker;
        if (parsed.pin) {
            entry.pin = parsed.pin.version;
            entry.pinRange = [
                logical.offsets[parsed.pin.start],
                logical.offsets[parsed.pin.end - 1] + 1,
            ];
        }
        entries.push(entry);
    }
    if (problems.length > 0) {
        throw new errors/* ConfigurationError */.j1(`${file}: ${problems.length === 1 ? 'a line is' : `${problems.length} lines are`} not a requirement`, problems);
    }
    return { file, entries };
}
/**
 * Replaces the version of each `name==from` pin with `to`, and nothing else: extras, markers,
 * comments, spacing, line order and line endings stay as written.
 */
function applyToRequirements(text, changes, file = 'requirements') {
    const { entries } = parseRequirementsFile(text, file);
    const edits = [];
    for (const change of changes) {
        const name = (0,schema/* normalizePackageName */.NX)(change.name);
        const matching = entries.filter((e) => e.name === name && e.pin === change.from && e.pinRange);
        if (matching.length === 0) {
            const pins = entries.filter((e) => e.name === name).map((e) => `${e.rawName}${e.specifier}`);
            throw new Error(`${file}: cannot upgrade ${change.name} from ${change.from}: the file pins ${pins.length > 0 ? pins.join(', ') : 'no such package'}`);
        }
        for (const entry of matching)
            edits.push({ range: entry.pinRange ?? [0, 0], to: change.to });
    }
    let out = text;
    for (const edit of edits.sort((a, b) => b.range[0] - a.range[0])) {
        out = out.slice(0, edit.range[0]) + edit.to + out.slice(edit.range[1]);
    }
    return out;
}
function logicalLines(text) {
    const lines = [];
    let current;
    let offset = 0;
    let number = 0;
    for (const raw of text.split('\n')) {
        number++;
        const start = offset;
        offset += raw.length + 1;
        const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        // pip joins a line ending in a backslash with the next, except inside a comment.
        const continued = /(^|[^\\])\\$/.test(content) && !/(^|\s)#/.test(content);
        const kept = continued ? content.slice(0, -1) : content;
        current ??= { line: number, text: '', offsets: [] };
        current.text += kept;
        for (let i = 0; i < kept.length; i++)
            current.offsets.push(start + i);
        if (!continued) {
            lines.push(current);
            current = undefined;
        }
    }
    if (current)
        lines.push(current);
    return lines;
}
/** pip: a "#" at the start of a line or after whitespace starts a comment. */
function stripComment(line) {
    const match = /(^|\s)#/.exec(line);
    return match ? line.slice(0, match.index) : line;
}
function positionAt(text, offset) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
        if (text[i] === '\n') {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: offset - lineStart + 1 };
}
/**
 * One requirement, PEP 508 plus what pip allows after it (per-requirement options such as
 * `--hash`). Returns why it is not one as a string, or 'direct' for a path or URL.
 */
function parseRequirementLine(body) {
    let i = 0;
    const skipSpace = () => {
        SPACE.lastIndex = i;
        SPACE.exec(body);
        i = SPACE.lastIndex;
    };
    const take = (pattern) => {
        pattern.lastIndex = i;
        const match = pattern.exec(body);
        if (!match)
            return undefined;
        i = pattern.lastIndex;
        return match[0];
    };
    skipSpace();
    const rest = body.slice(i);
    if (/^(\.{1,2}\/|\/|~|[A-Za-z][A-Za-z0-9+.-]*:\/\/|\.$)/.test(rest))
        return 'direct';
    const nameStart = i;
    const rawName = take(NAME);
    if (!rawName)
        return 'no package name';
    skipSpace();
    const extras = [];
    if (body[i] === '[') {
        const close = body.indexOf(']', i);
        if (close === -1)
            return 'an unclosed [extras]';
        const list = body
            .slice(i + 1, close)
            .split(',')
            .map((e) => e.trim());
        if (list.some((e) => !/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(e))) {
            return 'extras such as [cuda,vision]';
        }
        extras.push(...list);
        i = close + 1;
        skipSpace();
    }
    if (body[i] === '@')
        return 'direct';
    const clauses = [];
    const parenthesized = body[i] === '(';
    if (parenthesized) {
        i++;
        skipSpace();
    }
    for (;;) {
        const operator = take(OPERATOR);
        if (!operator)
            break;
        skipSpace();
        const start = i;
        const version = take(VERSION);
        if (!version)
            return `a version after ${operator}`;
        clauses.push({ operator, version, start, end: i });
        skipSpace();
        if (body[i] !== ',')
            break;
        i++;
        skipSpace();
    }
    if (parenthesized) {
        if (body[i] !== ')')
            return 'a closing ")" after the version specifier';
        i++;
        skipSpace();
    }
    let marker;
    let tail = body.slice(i);
    // Per-requirement options (--hash, --config-settings) follow the requirement itself.
    const option = /(^|\s)--?[A-Za-z]/.exec(tail);
    if (option)
        tail = tail.slice(0, option.index);
    if (tail.startsWith(';')) {
        marker = tail.slice(1).trim();
        if (marker === '')
            return 'an environment marker after ";"';
    }
    else if (tail.trim() !== '') {
        return `a version specifier such as "==2.5.1", not ${JSON.stringify(tail.trim())}`;
    }
    const specifier = clauses.map((c) => `${c.operator}${c.version}`).join(',');
    const parsed = { nameStart, rawName, extras, specifier };
    if (marker)
        parsed.marker = marker;
    const only = clauses.length === 1 ? clauses[0] : undefined;
    if (only && only.operator === '==' && !only.version.includes('*')) {
        parsed.pin = { version: only.version, start: only.start, end: only.end };
    }
    return parsed;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./shared/upgrade/apply/workspace-yaml.ts


const KEYS = ['python', 'cuda', 'pytorchIndex'];
/**
 * Edits environment.python, environment.cuda and environment.pytorchIndex of a workspace
 * mlenv.yaml in place: only the edited values' characters change, so comments, key order,
 * quoting style, blank lines and line endings stay as the user wrote them. (Re-serialising the
 * yaml Document would reflow flow sequences and comment spacing.)
 */
function applyToWorkspaceYaml(text, edit, file = 'mlenv.yaml') {
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, keepSourceTokens: true });
    if (doc.errors.length > 0) {
        const error = doc.errors[0];
        const pos = error?.linePos?.[0] ?? { line: 1, col: 1 };
        throw new errors/* ConfigurationError */.j1(`${file}:${pos.line}:${pos.col}: expected valid YAML, found ${(error?.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    const environment = (0,dist/* isMap */.jh)(doc.contents) ? doc.contents.get('environment', true) : undefined;
    if (!(0,dist/* isMap */.jh)(environment) || !environment.range) {
        throw new errors/* ConfigurationError */.j1(`${file}: environment: expected a mapping with python, cuda and requirements, found ${environment === undefined ? 'no environment key' : 'something else'}`);
    }
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const edits = [];
    for (const key of KEYS) {
        const value = edit[key];
        if (value === undefined)
            continue;
        const pair = findPair(environment, key);
        if (value === null) {
            if (pair)
                edits.push(removal(text, environment, pair));
            continue;
        }
        const node = pair?.value;
        if (pair && (0,dist/* isScalar */.jn)(node) && node.range) {
            if (node.value === value)
                continue;
            const [start, end] = node.range;
            let rendered = renderScalar(value, node.type, Boolean(environment.flow));
            // An empty value (`pytorchIndex:` or `pytorchIndex: # later`) has an empty range.
            if (start === end) {
                if (text[start - 1] === ':')
                    rendered = ` ${rendered}`;
                if (text[end] === '#')
                    rendered = `${rendered} `;
            }
            edits.push({ start, end, text: rendered });
        }
        else if (pair) {
            const { line } = lineCounter.linePos(pair.key?.range?.[0] ?? environment.range[0]);
            throw new errors/* ConfigurationError */.j1(`${file}:${line}: environment.${key}: expected a string, found a ${(0,dist/* isMap */.jh)(node) ? 'mapping' : 'list or alias'}`);
        }
        else {
            edits.push(insertion(text, environment, key, value, eol));
        }
    }
    let out = text;
    for (const e of edits.sort((a, b) => b.start - a.start)) {
        out = out.slice(0, e.start) + e.text + out.slice(e.end);
    }
    verify(out, edit, file);
    return out;
}
function findPair(map, key) {
    return map.items.find((p) => (0,dist/* isScalar */.jn)(p.key) && p.key.value === key);
}
function renderScalar(value, type, flow) {
    if (type === 'QUOTE_SINGLE')
        return `'${value.replaceAll("'", "''")}'`;
    if (type === 'QUOTE_DOUBLE' || !plainSafe(value, flow))
        return JSON.stringify(value);
    return value;
}
/** Whether YAML reads the value back, unquoted, as the same string ("3.10" reads as 3.1). */
function plainSafe(value, flow) {
    if (value === '' || /[\n\r\t]|: |\s#|^[\s'"&*!|>%@`#?:,[\]{}-]|\s$|:$/.test(value))
        return false;
    if (flow && /[,[\]{}]/.test(value))
        return false;
    try {
        return (0,dist/* parse */.qg)(value) === value;
    }
    catch {
        return false;
    }
}
function lineStart(text, offset) {
    return text.lastIndexOf('\n', offset - 1) + 1;
}
/** The offset just past the end of the line holding `offset` (after its newline). */
function afterLine(text, offset) {
    if (offset > 0 && text[offset - 1] === '\n')
        return offset;
    const newline = text.indexOf('\n', offset);
    return newline === -1 ? text.length : newline + 1;
}
function valueEnd(pair) {
    const value = pair.value;
    const key = pair.key;
    return value?.range?.[1] ?? key.range?.[1] ?? 0;
}
function keyStart(pair) {
    return pair.key.range?.[0] ?? 0;
}
function insertion(text, map, key, value, eol) {
    const last = map.items[map.items.length - 1];
    if (map.flow) {
        const rendered = `${key}: ${renderScalar(value, 'PLAIN', true)}`;
        if (!last) {
            const open = map.range?.[0] ?? 0;
            return { start: open + 1, end: open + 1, text: ` ${rendered} ` };
        }
        const at = valueEnd(last);
        return { start: at, end: at, text: `, ${rendered}` };
    }
    if (!last)
        throw new Error('environment: an empty block mapping has no place for keys');
    const first = map.items[0];
    const indent = text.slice(lineStart(text, keyStart(first)), keyStart(first));
    const at = afterLine(text, valueEnd(last));
    const line = `${indent}${key}: ${renderScalar(value, 'PLAIN', false)}`;
    // A file without a final newline gets one before the new line, and none after it.
    if (at === text.length && !text.endsWith('\n'))
        return { start: at, end: at, text: `${eol}${line}` };
    return { start: at, end: at, text: `${line}${eol}` };
}
function removal(text, map, pair) {
    const index = map.items.indexOf(pair);
    if (map.flow) {
        const previous = map.items[index - 1];
        const next = map.items[index + 1];
        if (previous)
            return { start: valueEnd(previous), end: valueEnd(pair), text: '' };
        if (next)
            return { start: keyStart(pair), end: keyStart(next), text: '' };
        return { start: (map.range?.[0] ?? 0) + 1, end: (map.range?.[1] ?? 1) - 1, text: '' };
    }
    if (map.items.length === 1) {
        throw new Error('environment: removing its only key would leave it empty');
    }
    return { start: lineStart(text, keyStart(pair)), end: afterLine(text, valueEnd(pair)), text: '' };
}
function verify(text, edit, file) {
    const environment = (0,dist/* parse */.qg)(text)
        ?.environment;
    for (const key of KEYS) {
        const want = edit[key];
        if (want === undefined)
            continue;
        const got = environment?.[key];
        if ((want === null && got !== undefined) || (want !== null && got !== want)) {
            throw new Error(`${file}: editing environment.${key} to ${JSON.stringify(want)} produced ${JSON.stringify(got)}`);
        }
    }
}

;// CONCATENATED MODULE: ./shared/upgrade/apply/index.ts




// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./shared/util/sleep.ts

/**
 * Resolves after `ms`; rejects with the signal's reason as soon as it aborts (at once when it
 * already has), so a cancelled wait ends with the same error as the cancelled work.
 */
async function sleep(ms, signal) {
    try {
        await (0,external_node_timers_promises_.setTimeout)(ms, undefined, signal ? { signal } : undefined);
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

;// CONCATENATED MODULE: ./shared/util/retry.ts

/** The pause after a failed attempt (from 1): doubling from the first, capped, jittered. */
function backoffDelay(attempt, options = {}) {
    const { initialDelayMs = 250, maxDelayMs = 8_000, jitter = 0.2, random = Math.random } = options;
    const nominal = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
    return Math.round(nominal * (1 - Math.min(1, Math.max(0, jitter)) * random()));
}
/** Runs `attempt` until it succeeds, a failure is not retryable, or attempts or budget run out. */
async function retry(attempt, options) {
    const budgetMs = options.budgetMs ?? Number.POSITIVE_INFINITY;
    const attempts = options.attempts ?? Number.POSITIVE_INFINITY;
    if (budgetMs === Number.POSITIVE_INFINITY && attempts === Number.POSITIVE_INFINITY)
        throw new Error('retry: give a time budget or a number of attempts');
    const started = Date.now();
    for (let number = 1;; number++) {
        try {
            return await attempt({ number, remainingMs: budgetMs - (Date.now() - started) });
        }
        catch (error) {
            if (options.signal?.aborted)
                throw error;
            const elapsedMs = Date.now() - started;
            const giveUp = (exhausted) => {
                throw options.giveUp
                    ? options.giveUp({ error, attempt: number, elapsedMs, exhausted })
                    : error;
            };
            const verdict = options.retryable(error);
            if (verdict === false)
                giveUp(false);
            const delayMs = typeof verdict === 'object' ? verdict.afterMs : backoffDelay(number, options);
            if (number >= attempts || elapsedMs + delayMs > budgetMs)
                giveUp(true);
            options.onRetry?.({ error, attempt: number, delayMs, elapsedMs });
            await sleep(delayMs, options.signal);
        }
    }
}

;// CONCATENATED MODULE: ./shared/upgrade/index/core-metadata.ts
function parseCoreMetadata(text) {
    const fields = new Map();
    let last;
    for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
        // The headers end at the first empty line; the description body follows.
        if (line === '')
            break;
        if (/^[ \t]/.test(line)) {
            // A folded continuation of the previous field.
            if (last) {
                const values = fields.get(last.key);
                values[last.index] = `${values[last.index]}\n${line.trim()}`;
            }
            continue;
        }
        const colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const key = line.slice(0, colon).trim().toLowerCase();
        const values = fields.get(key) ?? [];
        values.push(line.slice(colon + 1).trim());
        fields.set(key, values);
        last = { key, index: values.length - 1 };
    }
    const first = (key) => fields.get(key)?.[0];
    return {
        fields,
        name: first('name'),
        version: first('version'),
        requiresPython: first('requires-python'),
        requiresDist: [...(fields.get('requires-dist') ?? [])],
    };
}

;// CONCATENATED MODULE: ./shared/upgrade/index/pep440.ts

/**
 * PEP 440 versions and specifiers, following the reference implementation (`packaging`): no npm
 * library implements them, and semver's rules differ (pre-release ordering, post releases,
 * epochs, local versions such as `2.5.1+cu124`).
 */
const PRE_LABELS = ['a', 'b', 'rc'];
// packaging's VERSION_PATTERN: it accepts the spellings PEP 440 normalises (alpha, -post, v1.0).
const VERSION_RE = new RegExp([
    '^\\s*v?',
    '(?:(?<epoch>[0-9]+)!)?',
    '(?<release>[0-9]+(?:\\.[0-9]+)*)',
    '(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?',
    '(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?',
    '(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?',
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?',
    '\\s*$',
].join(''), 'i');
function preLabel(raw) {
    const l = raw.toLowerCase();
    if (l === 'alpha' || l === 'a')
        return 'a';
    if (l === 'beta' || l === 'b')
        return 'b';
    return 'rc';
}
/** The parsed version, or undefined when the text is not PEP 440 (legacy versions exist on indexes). */
function tryParseVersion(text) {
    const m = VERSION_RE.exec(text);
    if (!m?.groups)
        return undefined;
    const g = m.groups;
    const version = {
        epoch: g.epoch ? Number(g.epoch) : 0,
        release: (g.release ?? '0').split('.').map(Number),
    };
    if (g.preL)
        version.pre = { label: preLabel(g.preL), number: g.preN ? Number(g.preN) : 0 };
    if (g.post)
        version.post = Number(g.postN1 ?? g.postN2 ?? 0);
    if (g.dev)
        version.dev = g.devN ? Number(g.devN) : 0;
    if (g.local) {
        version.local = g.local
            .toLowerCase()
            .split(/[-_.]/)
            .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
    }
    return version;
}
function parseVersion(text) {
    const version = tryParseVersion(text);
    if (!version) {
        throw new errors/* ConfigurationError */.j1(`Expected a PEP 440 version (like 2.5.1, 2.7.0rc1 or 2.5.1+cu124), found "${text}"`);
    }
    return version;
}
function asVersion(v) {
    return typeof v === 'string' ? parseVersion(v) : v;
}
/** The canonical spelling: `1.0-ALPHA.1` becomes `1.0a1`, `v2.0-post3` becomes `2.0.post3`. */
function formatVersion(v) {
    let s = v.epoch ? `${v.epoch}!` : '';
    s += v.release.join('.');
    if (v.pre)
        s += `${v.pre.label}${v.pre.number}`;
    if (v.post !== undefined)
        s += `.post${v.post}`;
    if (v.dev !== undefined)
        s += `.dev${v.dev}`;
    if (v.local)
        s += `+${v.local.join('.')}`;
    return s;
}
function normalizeVersion(text) {
    return formatVersion(parseVersion(text));
}
/** The version without its local label: what specifiers without a local label compare. */
function publicVersion(v) {
    const { local: _local, ...rest } = v;
    return rest;
}
/** Epoch and release only: `2.7.0rc1` has base `2.7.0`. */
function baseVersion(v) {
    return { epoch: v.epoch, release: v.release };
}
function isPrerelease(v) {
    const version = asVersion(v);
    return version.pre !== undefined || version.dev !== undefined;
}
function isPostrelease(v) {
    return asVersion(v).post !== undefined;
}
function cmp(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function compareRelease(a, b) {
    // Trailing zeros do not count: 1.0 == 1.0.0.
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
        const c = cmp(a[i] ?? 0, b[i] ?? 0);
        if (c !== 0)
            return c;
    }
    return 0;
}
// packaging's _cmpkey: a dev release of a final sorts before its pre-releases (1.0.dev0 < 1.0a1),
// a final sorts after them, and no post or no dev sorts as their extreme.
function preKey(v) {
    if (!v.pre && v.post === undefined && v.dev !== undefined)
        return [-1, 0];
    if (!v.pre)
        return [PRE_LABELS.length, 0];
    return [PRE_LABELS.indexOf(v.pre.label), v.pre.number];
}
function compareLocal(a, b) {
    if (!a || !b)
        return cmp(a ? 1 : 0, b ? 1 : 0);
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
        const x = a[i];
        const y = b[i];
        // A numeric segment sorts above an alphanumeric one; alphanumerics compare as strings.
        if (typeof x === 'number' && typeof y === 'number') {
            if (x !== y)
                return cmp(x, y);
        }
        else if (typeof x === 'number')
            return 1;
        else if (typeof y === 'number')
            return -1;
        else if (x !== y)
            return x < y ? -1 : 1;
    }
    return cmp(a.length, b.length);
}
function compareVersions(a, b) {
    const x = asVersion(a);
    const y = asVersion(b);
    const [xp, xn] = preKey(x);
    const [yp, yn] = preKey(y);
    return (cmp(x.epoch, y.epoch) ||
        compareRelease(x.release, y.release) ||
        cmp(xp, yp) ||
        cmp(xn, yn) ||
        cmp(x.post ?? -1, y.post ?? -1) ||
        cmp(x.dev ?? Number.POSITIVE_INFINITY, y.dev ?? Number.POSITIVE_INFINITY) ||
        compareLocal(x.local, y.local));
}
/** Oldest to newest; the strings are returned as given. */
function sortVersions(versions) {
    return versions
        .map((text) => ({ text, version: parseVersion(text) }))
        .sort((a, b) => compareVersions(a.version, b.version))
        .map((e) => e.text);
}
/**
 * How big a step an upgrade is: `major` when the first release segment changes (or the epoch),
 * `minor` when the second does, else `patch` (including pre, post and local changes).
 */
function bumpKind(from, to) {
    const a = asVersion(from);
    const b = asVersion(to);
    if (a.epoch !== b.epoch || (a.release[0] ?? 0) !== (b.release[0] ?? 0))
        return 'major';
    if ((a.release[1] ?? 0) !== (b.release[1] ?? 0))
        return 'minor';
    return 'patch';
}
// ---------------------------------------------------------------------------------------------
// Specifiers
const SPECIFIER_OPERATORS = (/* unused pure expression or super */ null && (['~=', '==', '!=', '<=', '>=', '<', '>', '===']));
const SPECIFIER_RE = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([0-9A-Za-z][^\s,;]*)\s*$/;
function parseSpecifier(text, whole) {
    const m = SPECIFIER_RE.exec(text);
    const fail = (why) => {
        throw new errors/* ConfigurationError */.j1(`Expected a PEP 440 version specifier (like ==2.5.1, >=2.4,<2.6, ~=2.5.0 or ==2.4.*), found "${whole}": ${why}`);
    };
    if (!m)
        return fail(`"${text.trim()}" is not an operator followed by a version`);
    const operator = m[1];
    let version = m[2];
    if (operator === '===')
        return { operator, version, wildcard: false };
    let wildcard = false;
    if (version.endsWith('.*')) {
        if (operator !== '==' && operator !== '!=')
            fail(`only == and != take a trailing .*`);
        wildcard = true;
        version = version.slice(0, -2);
    }
    const parsed = tryParseVersion(version);
    if (!parsed)
        return fail(`"${version}" is not a PEP 440 version`);
    if (wildcard &&
        (parsed.pre || parsed.post !== undefined || parsed.dev !== undefined || parsed.local)) {
        fail(`a prefix match (.*) follows release numbers only (==2.4.*)`);
    }
    if (parsed.local && operator !== '==' && operator !== '!=') {
        fail(`only == and != take a local version (+...)`);
    }
    if (operator === '~=' && parsed.release.length < 2) {
        fail(`~= needs at least two release segments (~=2.5, not ~=2)`);
    }
    return { operator, version, wildcard };
}
/** Comma-separated specifiers; an empty string is the set that allows every version. */
function parseSpecifierSet(text) {
    if (text.trim() === '')
        return [];
    return text.split(',').map((part) => parseSpecifier(part, text));
}
function formatSpecifierSet(set) {
    return set.map((s) => `${s.operator}${s.version}${s.wildcard ? '.*' : ''}`).join(',');
}
// packaging's _version_split: release segments, with a pre-release glued to the last one split off.
function versionSplit(v) {
    const parts = [String(v.epoch), ...v.release.map(String)];
    if (v.pre)
        parts.push(`${v.pre.label}${v.pre.number}`);
    if (v.post !== undefined)
        parts.push(`post${v.post}`);
    if (v.dev !== undefined)
        parts.push(`dev${v.dev}`);
    return parts;
}
function releaseCount(parts) {
    let i = 1; // after the epoch
    while (i < parts.length && /^[0-9]+$/.test(parts[i]))
        i++;
    return i - 1;
}
function prefixMatch(candidate, prefix) {
    const spec = versionSplit(prefix);
    const cand = versionSplit(publicVersion(candidate));
    // Only the candidate is padded with zeros, so ==1.0.* matches 1 but ==1.* still matches 1.5.
    const specRel = releaseCount(spec);
    const candRel = releaseCount(cand);
    const padded = candRel >= specRel
        ? cand
        : [
            ...cand.slice(0, candRel + 1),
            ...Array(specRel - candRel).fill('0'),
            ...cand.slice(candRel + 1),
        ];
    const shortened = padded.slice(0, spec.length);
    return shortened.length === spec.length && spec.every((p, i) => p === shortened[i]);
}
function arbitraryEqual(raw, spec) {
    return raw.trim().toLowerCase() === spec.version.toLowerCase();
}
function matches(candidate, spec, raw) {
    if (spec.operator === '===')
        return arbitraryEqual(raw, spec);
    const operand = parseVersion(spec.version);
    switch (spec.operator) {
        case '==':
        case '!=': {
            let equal;
            if (spec.wildcard)
                equal = prefixMatch(candidate, operand);
            else if (operand.local)
                equal = compareVersions(candidate, operand) === 0;
            // Without a local label in the specifier, the candidate's is ignored: ==2.5.1 takes 2.5.1+cu124.
            else
                equal = compareVersions(publicVersion(candidate), operand) === 0;
            return spec.operator === '==' ? equal : !equal;
        }
        case '~=': {
            const prefix = { epoch: operand.epoch, release: operand.release.slice(0, -1) };
            return (compareVersions(publicVersion(candidate), operand) >= 0 && prefixMatch(candidate, prefix));
        }
        case '<=':
            return compareVersions(publicVersion(candidate), operand) <= 0;
        case '>=':
            return compareVersions(publicVersion(candidate), operand) >= 0;
        case '<': {
            if (compareVersions(candidate, operand) >= 0)
                return false;
            // <3.0 must not admit 3.0.0rc1, though it sorts lower.
            if (!isPrerelease(operand) && isPrerelease(candidate)) {
                return compareVersions(baseVersion(candidate), baseVersion(operand)) !== 0;
            }
            return true;
        }
        case '>': {
            if (compareVersions(candidate, operand) <= 0)
                return false;
            // >2.5 must not admit 2.5.post1 or 2.5+local, though they sort higher.
            const sameBase = compareVersions(baseVersion(candidate), baseVersion(operand)) === 0;
            if (!isPostrelease(operand) && isPostrelease(candidate) && sameBase)
                return false;
            if (candidate.local && sameBase)
                return false;
            return true;
        }
    }
}
function mentionsPrerelease(set) {
    return set.some((s) => {
        if (s.operator === '!=' || s.operator === '===')
            return false;
        const v = tryParseVersion(s.version);
        return v !== undefined && isPrerelease(v);
    });
}
function satisfies(version, specifierSet, options = {}) {
    const set = typeof specifierSet === 'string' ? parseSpecifierSet(specifierSet) : specifierSet;
    const raw = typeof version === 'string' ? version : formatVersion(version);
    const candidate = tryParseVersion(raw);
    if (!candidate) {
        // Only arbitrary equality can match a version that is not PEP 440.
        return set.length > 0 && set.every((s) => s.operator === '===' && arbitraryEqual(raw, s));
    }
    const prereleases = options.prereleases ?? mentionsPrerelease(set);
    if (!prereleases && isPrerelease(candidate))
        return false;
    return set.every((s) => matches(candidate, s, raw));
}

;// CONCATENATED MODULE: ./shared/upgrade/index/requirement.ts


/** PEP 503: names compare lowercased, with runs of `-`, `_` and `.` as one `-`. */
function requirement_normalizeName(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}
const NAME_RE = /^([A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]|[A-Za-z0-9])/;
function parseRequirement(line) {
    const text = line.trim();
    const fail = (why) => {
        throw new errors/* ConfigurationError */.j1(`Expected a PEP 508 requirement (like torch==2.5.1 or name[extra]>=1.0; python_version >= "3.9"), found "${line}": ${why}`);
    };
    const nameMatch = NAME_RE.exec(text);
    if (!nameMatch)
        return fail('it does not start with a project name');
    const name = requirement_normalizeName(nameMatch[1]);
    let rest = text.slice(nameMatch[1].length).trimStart();
    const extras = [];
    if (rest.startsWith('[')) {
        const end = rest.indexOf(']');
        if (end < 0)
            fail('the extras list has no closing ]');
        for (const raw of rest.slice(1, end).split(',')) {
            const extra = raw.trim();
            if (extra === '')
                continue;
            if (!NAME_RE.test(extra) || NAME_RE.exec(extra)?.[0] !== extra)
                fail(`"${extra}" is not an extra name`);
            extras.push(requirement_normalizeName(extra));
        }
        rest = rest.slice(end + 1).trimStart();
    }
    if (rest.startsWith('@')) {
        // In a URL requirement the marker needs whitespace before ';', since URLs may hold ';'.
        const body = rest.slice(1).trim();
        const split = /\s+;/.exec(body);
        const url = (split ? body.slice(0, split.index) : body).trim();
        if (url === '')
            fail('@ is not followed by a URL');
        const marker = split ? body.slice(split.index + split[0].length).trim() : undefined;
        if (marker !== undefined)
            checkMarker(marker, fail);
        return { name, extras, specifier: '', url, ...(marker !== undefined ? { marker } : {}) };
    }
    const semi = rest.indexOf(';');
    let spec = (semi >= 0 ? rest.slice(0, semi) : rest).trim();
    const marker = semi >= 0 ? rest.slice(semi + 1).trim() : undefined;
    // Older tools wrote Requires-Dist as `torch (==2.6.0)`.
    if (spec.startsWith('(')) {
        if (!spec.endsWith(')'))
            fail('the version specifier has no closing )');
        spec = spec.slice(1, -1).trim();
    }
    if (spec !== '' && !/^[<>=!~]/.test(spec))
        fail(`"${spec}" is not a version specifier`);
    let specifier = '';
    try {
        specifier = formatSpecifierSet(parseSpecifierSet(spec));
    }
    catch (err) {
        fail(err instanceof Error ? err.message : String(err));
    }
    if (marker !== undefined)
        checkMarker(marker, fail);
    return { name, extras, specifier, ...(marker !== undefined ? { marker } : {}) };
}
function checkMarker(marker, fail) {
    if (marker === '')
        fail('nothing follows ;');
    try {
        parseMarker(marker);
    }
    catch (err) {
        fail(err instanceof Error ? err.message : String(err));
    }
}
/** CPython on Linux x86_64, the platform MLEnv's shared environment targets. */
function linuxMarkerEnvironment(pythonVersion, extra = '') {
    const [major, minor] = pythonVersion.split('.');
    const short = `${major}.${minor ?? '0'}`;
    const full = pythonVersion.split('.').length >= 3 ? pythonVersion : `${short}.0`;
    return {
        python_version: short,
        python_full_version: full,
        implementation_name: 'cpython',
        implementation_version: full,
        platform_python_implementation: 'CPython',
        os_name: 'posix',
        sys_platform: 'linux',
        platform_system: 'Linux',
        platform_machine: 'x86_64',
        platform_release: '',
        platform_version: '',
        extra,
    };
}
const VARIABLES = new Set([
    'python_version',
    'python_full_version',
    'os_name',
    'sys_platform',
    'platform_release',
    'platform_system',
    'platform_version',
    'platform_machine',
    'platform_python_implementation',
    'implementation_name',
    'implementation_version',
    'extra',
]);
// Spellings from PEP 345 that old metadata still carries.
const LEGACY = {
    'os.name': 'os_name',
    'sys.platform': 'sys_platform',
    'platform.version': 'platform_version',
    'platform.machine': 'platform_machine',
    'platform.python_implementation': 'platform_python_implementation',
    python_implementation: 'platform_python_implementation',
};
function tokenize(marker) {
    const tokens = [];
    let i = 0;
    while (i < marker.length) {
        const rest = marker.slice(i);
        const ws = /^\s+/.exec(rest);
        if (ws) {
            i += ws[0].length;
            continue;
        }
        const c = rest[0];
        if (c === '(' || c === ')') {
            tokens.push({ kind: c });
            i++;
            continue;
        }
        if (c === '"' || c === "'") {
            const end = rest.indexOf(c, 1);
            if (end < 0)
                throw new Error(`unterminated string in marker "${marker}"`);
            tokens.push({ kind: 'string', value: rest.slice(1, end) });
            i += end + 1;
            continue;
        }
        const op = /^(===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b)/.exec(rest);
        if (op) {
            tokens.push({ kind: 'op', value: op[0].replace(/\s+/, ' ') });
            i += op[0].length;
            continue;
        }
        const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
        if (word) {
            const w = word[0];
            if (w === 'and' || w === 'or')
                tokens.push({ kind: w });
            else {
                const name = LEGACY[w] ?? w;
                if (!VARIABLES.has(name))
                    throw new Error(`unknown marker variable "${w}"`);
                tokens.push({ kind: 'var', value: name });
            }
            i += w.length;
            continue;
        }
        throw new Error(`unexpected "${c}" in marker "${marker}"`);
    }
    return tokens;
}
function parseMarker(marker) {
    const tokens = tokenize(marker);
    let pos = 0;
    const peek = () => tokens[pos];
    const operand = () => {
        const t = tokens[pos++];
        if (t?.kind === 'var')
            return { var: t.value };
        if (t?.kind === 'string')
            return { value: t.value };
        throw new Error(`expected a marker variable or a quoted string in "${marker}"`);
    };
    const expr = () => {
        if (peek()?.kind === '(') {
            pos++;
            const inner = or();
            if (tokens[pos++]?.kind !== ')')
                throw new Error(`missing ) in marker "${marker}"`);
            return inner;
        }
        const left = operand();
        const op = tokens[pos++];
        if (op?.kind !== 'op')
            throw new Error(`expected a comparison operator in marker "${marker}"`);
        const right = operand();
        return { kind: 'compare', left, op: op.value, right };
    };
    const and = () => {
        let node = expr();
        while (peek()?.kind === 'and') {
            pos++;
            node = { kind: 'and', left: node, right: expr() };
        }
        return node;
    };
    const or = () => {
        let node = and();
        while (peek()?.kind === 'or') {
            pos++;
            node = { kind: 'or', left: node, right: and() };
        }
        return node;
    };
    const tree = or();
    if (pos !== tokens.length)
        throw new Error(`unexpected text after a complete marker in "${marker}"`);
    return tree;
}
function compareMarkerValues(lhs, op, rhs) {
    if (op === 'in')
        return rhs.includes(lhs);
    if (op === 'not in')
        return !rhs.includes(lhs);
    // As in `packaging`: when the right side makes a valid specifier with the operator
    // (python_version >= "3.10", == "3.11.*"), compare as versions; else as text.
    if (tryParseVersion(lhs)) {
        try {
            return satisfies(lhs, `${op}${rhs}`, { prereleases: true });
        }
        catch {
            // Not a specifier (~=3, == "linux"): compared as text below.
        }
    }
    switch (op) {
        case '==':
        case '===':
            return lhs === rhs;
        case '!=':
            return lhs !== rhs;
        case '<':
            return lhs < rhs;
        case '<=':
            return lhs <= rhs;
        case '>':
            return lhs > rhs;
        case '>=':
            return lhs >= rhs;
        default:
            throw new errors/* ConfigurationError */.j1(`Marker operator ${op} cannot compare "${lhs}" with "${rhs}"`);
    }
}
/** Whether a marker holds in an environment; a variable the environment lacks reads as ''. */
function evaluateMarker(marker, environment) {
    const node = typeof marker === 'string' ? parseMarker(marker) : marker;
    if (node.kind !== 'compare') {
        const left = evaluateMarker(node.left, environment);
        return node.kind === 'and'
            ? left && evaluateMarker(node.right, environment)
            : left || evaluateMarker(node.right, environment);
    }
    const isExtra = 'var' in node.left
        ? node.left.var === 'extra'
        : 'var' in node.right && node.right.var === 'extra';
    const value = (side) => {
        const raw = 'var' in side ? (environment[side.var] ?? '') : side.value;
        // PEP 685: extras compare normalized.
        return isExtra ? requirement_normalizeName(raw) : raw;
    };
    return compareMarkerValues(value(node.left), node.op, value(node.right));
}

;// CONCATENATED MODULE: ./shared/upgrade/index/project-page.ts



const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';
const SDIST_EXTENSIONS = ['.tar.gz', '.zip', '.tar.bz2', '.tgz'];
/**
 * Name and version from a wheel (`{name}-{ver}(-{build})?-{py}-{abi}-{plat}.whl`) or an sdist
 * (`{name}-{ver}.tar.gz`) name, or undefined when it is neither or its version is not PEP 440.
 * An sdist name may hold dashes, so `project` (when given) decides where the name ends.
 */
function parseDistributionFilename(filename, project) {
    if (filename.endsWith('.whl')) {
        const parts = filename.slice(0, -4).split('-');
        if (parts.length !== 5 && parts.length !== 6)
            return undefined;
        const [name, ver] = parts;
        const version = tryParseVersion(ver);
        if (!version)
            return undefined;
        const [python, abi, platform] = parts.slice(-3);
        return { kind: 'wheel', name: requirement_normalizeName(name), version, tags: { python, abi, platform } };
    }
    const ext = SDIST_EXTENSIONS.find((e) => filename.toLowerCase().endsWith(e));
    if (!ext)
        return undefined;
    const base = filename.slice(0, -ext.length);
    const wanted = project ? requirement_normalizeName(project) : undefined;
    for (let i = base.indexOf('-'); i > 0; i = base.indexOf('-', i + 1)) {
        const name = requirement_normalizeName(base.slice(0, i));
        if (wanted && name !== wanted)
            continue;
        const version = tryParseVersion(base.slice(i + 1));
        if (version)
            return { kind: 'sdist', name, version };
    }
    return undefined;
}
const metadataFlag = schemas/* union */.KCZ([schemas/* boolean */.zMY(), schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP())]);
const jsonPageSchema = schemas/* object */.Ikc({
    meta: schemas/* object */.Ikc({ 'api-version': schemas/* string */.YjP() }),
    files: schemas/* array */.YOg(schemas/* object */.Ikc({
        filename: schemas/* string */.YjP(),
        url: schemas/* string */.YjP(),
        hashes: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional(),
        'requires-python': schemas/* string */.YjP().nullish(),
        'core-metadata': metadataFlag.optional(),
        'dist-info-metadata': metadataFlag.optional(),
        'data-dist-info-metadata': metadataFlag.optional(),
        yanked: schemas/* union */.KCZ([schemas/* boolean */.zMY(), schemas/* string */.YjP()]).optional(),
        size: schemas/* number */.aig().optional(),
    })),
});
function stripFragment(url) {
    const copy = new URL(url);
    copy.hash = '';
    return copy.toString();
}
function parseJsonPage(text, pageUrl) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        return 'a body that is not JSON';
    }
    const parsed = jsonPageSchema.safeParse(data);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return `JSON without the PEP 691 fields (${issue?.path.join('.') || 'top level'}: ${issue?.message})`;
    }
    const major = parsed.data.meta['api-version'].split('.')[0];
    // PEP 629: a client must not guess at a major version it does not know.
    if (major !== '1')
        return `PEP 691 api-version ${parsed.data.meta['api-version']}`;
    return parsed.data.files.map((f) => {
        const url = new URL(f.url, pageUrl);
        const metadata = f['core-metadata'] ?? f['dist-info-metadata'] ?? f['data-dist-info-metadata'];
        return {
            filename: f.filename,
            url: stripFragment(url),
            ...(f['requires-python'] ? { requiresPython: f['requires-python'] } : {}),
            yanked: f.yanked !== undefined && f.yanked !== false,
            hashes: f.hashes ?? {},
            coreMetadata: metadata ?? false,
            ...(f.size !== undefined ? { size: f.size } : {}),
        };
    });
}
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeHtml(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref) => {
        if (ref[0] === '#') {
            const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
            return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
        }
        return ENTITIES[ref.toLowerCase()] ?? whole;
    });
}
function parseAttributes(text) {
    const attributes = new Map();
    for (const m of text.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
        attributes.set(m[1].toLowerCase(), unescapeHtml(m[2] ?? m[3] ?? m[4] ?? ''));
    }
    return attributes;
}
// `true`, or `sha256=<hex>` (PEP 714 `data-core-metadata`, PEP 658 `data-dist-info-metadata`).
function parseMetadataAttribute(value) {
    if (value === undefined)
        return false;
    const m = /^([a-z0-9_]+)=([0-9a-f]+)$/i.exec(value.trim());
    if (m)
        return { [m[1].toLowerCase()]: m[2].toLowerCase() };
    return value.trim().toLowerCase() !== 'false';
}
function looksLikeHtml(text) {
    return /<!doctype\s+html|<html[\s>]|<a\s/i.test(text);
}
function parseHtmlPage(text, pageUrl) {
    if (!looksLikeHtml(text))
        return 'a body that is neither JSON nor an HTML page';
    const base = /<base\s([^>]*)>/i.exec(text);
    const baseHref = base ? parseAttributes(base[1]).get('href') : undefined;
    const baseUrl = baseHref ? new URL(baseHref, pageUrl).toString() : pageUrl;
    const files = [];
    for (const m of text.matchAll(/<a\s([^>]*)>([\s\S]*?)<\/a\s*>/gi)) {
        const attributes = parseAttributes(m[1]);
        const href = attributes.get('href');
        if (!href)
            continue;
        const url = new URL(href, baseUrl);
        const fromPath = decodeURIComponent(url.pathname.split('/').pop() ?? '');
        const filename = fromPath || unescapeHtml(m[2].trim());
        const hashes = {};
        const fragment = /^#([a-z0-9_]+)=([0-9a-f]+)$/i.exec(url.hash);
        if (fragment)
            hashes[fragment[1].toLowerCase()] = fragment[2].toLowerCase();
        const requiresPython = attributes.get('data-requires-python');
        files.push({
            filename,
            url: stripFragment(url),
            ...(requiresPython ? { requiresPython } : {}),
            yanked: attributes.has('data-yanked'),
            hashes,
            coreMetadata: parseMetadataAttribute(attributes.get('data-core-metadata') ?? attributes.get('data-dist-info-metadata')),
        });
    }
    return files;
}
function describeBody(answer) {
    const type = answer.headers.get('content-type') ?? 'no content type';
    const start = answer.body.toString('utf8', 0, 80).replace(/\s+/g, ' ').trim();
    return `${type} "${start}${answer.body.length > 80 ? '...' : ''}"`;
}
/**
 * The files a project page lists: PEP 691 JSON or PEP 503 HTML, by its content type (or its
 * look, when it has none). A string says what the page was instead, for the message.
 */
function parseProjectPage(answer) {
    const type = (answer.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const text = answer.body.toString('utf8');
    const trimmed = text.trimStart();
    const isJson = type === JSON_TYPE || type === 'application/json' || (type === '' && trimmed.startsWith('{'));
    const result = isJson ? parseJsonPage(text, answer.url) : parseHtmlPage(text, answer.url);
    if (typeof result === 'string') {
        return `expected PEP 691 JSON or PEP 503 HTML, found ${result}: ${describeBody(answer)}`;
    }
    return result;
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./shared/upgrade/index/zip.ts

/**
 * Just enough of a zip reader to take one file out of a wheel: no zip library is among the
 * dependencies, and reading through the central directory lets a caller fetch only the byte
 * ranges it needs (a wheel's METADATA without downloading a 2 GB CUDA build).
 */
class ZipError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ZipError';
    }
}
function bufferSource(buffer) {
    return {
        size: buffer.length,
        read: async (offset, length) => buffer.subarray(offset, offset + length),
    };
}
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
/** The end record may be followed by a comment of up to 64 KiB: the most a reader needs first. */
const ZIP_TAIL_BYTES = EOCD_SIZE + 0xffff;
function u64(buf, at) {
    const value = buf.readBigUInt64LE(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
        throw new ZipError('zip64 field out of range');
    return Number(value);
}
async function readExactly(source, offset, length) {
    if (offset < 0 || offset + length > source.size) {
        throw new ZipError(`bytes ${offset}..${offset + length} lie outside the ${source.size}-byte file`);
    }
    const bytes = await source.read(offset, length);
    if (bytes.length !== length)
        throw new ZipError(`short read at ${offset}: ${bytes.length} of ${length} bytes`);
    return bytes;
}
/** Where the central directory lies and how many entries it holds. */
async function findCentralDirectory(source) {
    const tailLength = Math.min(source.size, ZIP_TAIL_BYTES);
    if (tailLength < EOCD_SIZE)
        throw new ZipError(`not a zip: only ${source.size} bytes`);
    const tailStart = source.size - tailLength;
    const tail = await readExactly(source, tailStart, tailLength);
    let at = -1;
    for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
        if (tail.readUInt32LE(i) === EOCD) {
            at = i;
            break;
        }
    }
    if (at < 0)
        throw new ZipError('not a zip: no end-of-central-directory record');
    let count = tail.readUInt16LE(at + 10);
    let size = tail.readUInt32LE(at + 12);
    let offset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
        const locatorAt = tailStart + at - 20;
        const locator = await readExactly(source, locatorAt, 20);
        if (locator.readUInt32LE(0) !== ZIP64_LOCATOR)
            throw new ZipError('zip64 locator missing');
        const record = await readExactly(source, u64(locator, 8), 56);
        if (record.readUInt32LE(0) !== ZIP64_EOCD)
            throw new ZipError('zip64 end record missing');
        count = u64(record, 32);
        size = u64(record, 40);
        offset = u64(record, 48);
    }
    return { offset, size, count };
}
async function listZipEntries(source) {
    const cd = await findCentralDirectory(source);
    const dir = await readExactly(source, cd.offset, cd.size);
    const entries = [];
    let p = 0;
    for (let n = 0; n < cd.count; n++) {
        if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) {
            throw new ZipError(`central directory entry ${n} is malformed`);
        }
        const nameLength = dir.readUInt16LE(p + 28);
        const extraLength = dir.readUInt16LE(p + 30);
        const commentLength = dir.readUInt16LE(p + 32);
        const entry = {
            name: dir.toString('utf8', p + 46, p + 46 + nameLength),
            method: dir.readUInt16LE(p + 10),
            crc32: dir.readUInt32LE(p + 16),
            compressedSize: dir.readUInt32LE(p + 20),
            uncompressedSize: dir.readUInt32LE(p + 24),
            localHeaderOffset: dir.readUInt32LE(p + 42),
        };
        if (dir.readUInt16LE(p + 8) & 1)
            throw new ZipError(`${entry.name} is encrypted`);
        // Sizes and offset that overflow 32 bits are in the zip64 extra field, in this order.
        let e = p + 46 + nameLength;
        const extraEnd = e + extraLength;
        while (e + 4 <= extraEnd) {
            const id = dir.readUInt16LE(e);
            const len = dir.readUInt16LE(e + 2);
            if (id === 0x0001) {
                let f = e + 4;
                if (entry.uncompressedSize === 0xffffffff) {
                    entry.uncompressedSize = u64(dir, f);
                    f += 8;
                }
                if (entry.compressedSize === 0xffffffff) {
                    entry.compressedSize = u64(dir, f);
                    f += 8;
                }
                if (entry.localHeaderOffset === 0xffffffff)
                    entry.localHeaderOffset = u64(dir, f);
            }
            e += 4 + len;
        }
        entries.push(entry);
        p = extraEnd + commentLength;
    }
    return entries;
}
// Room for the local extra field, whose length only the local header gives.
const LOCAL_EXTRA_GUESS = 256;
async function readZipEntry(source, entry) {
    const nameLength = Buffer.byteLength(entry.name, 'utf8');
    // One read for header and data in the usual case, so a remote wheel costs one request.
    const guess = Math.min(30 + nameLength + LOCAL_EXTRA_GUESS + entry.compressedSize, source.size - entry.localHeaderOffset);
    const chunk = await readExactly(source, entry.localHeaderOffset, Math.max(30, guess));
    if (chunk.readUInt32LE(0) !== LOCAL)
        throw new ZipError(`${entry.name}: local header missing`);
    // The local extra field may differ in length from the central one.
    const skip = 30 + chunk.readUInt16LE(26) + chunk.readUInt16LE(28);
    const raw = skip + entry.compressedSize <= chunk.length
        ? chunk.subarray(skip, skip + entry.compressedSize)
        : await readExactly(source, entry.localHeaderOffset + skip, entry.compressedSize);
    let data;
    if (entry.method === 0)
        data = raw;
    else if (entry.method === 8) {
        try {
            data = (0,external_node_zlib_.inflateRawSync)(raw);
        }
        catch (err) {
            throw new ZipError(`${entry.name}: deflate data is corrupt (${err.message})`);
        }
    }
    else
        throw new ZipError(`${entry.name}: compression method ${entry.method} is not supported`);
    if (data.length !== entry.uncompressedSize || (0,external_node_zlib_.crc32)(data) >>> 0 !== entry.crc32) {
        throw new ZipError(`${entry.name}: size or CRC-32 does not match the central directory`);
    }
    return data;
}
/** The one entry whose name passes the test; throws when none or several do. */
async function readOneZipEntry(source, test, what) {
    const found = (await listZipEntries(source)).filter((e) => test(e.name));
    if (found.length !== 1) {
        throw new ZipError(`expected one ${what}, found ${found.length === 0 ? 'none' : found.map((e) => e.name).join(', ')}`);
    }
    const entry = found[0];
    return { name: entry.name, data: await readZipEntry(source, entry) };
}

;// CONCATENATED MODULE: ./shared/upgrade/index/package-index.ts








/** The index is down, slow or answers garbage: not the user's mistake, and worth a retry later. */
class PackageIndexError extends errors/* ExternalError */.yA {
    constructor(message) {
        super(message);
        this.name = 'PackageIndexError';
    }
}
const ACCEPT = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01';
function normalizeIndexUrl(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`Expected a package index URL like https://pypi.org/simple/, found "${url}"`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new errors/* ConfigurationError */.j1(`Expected an http(s) package index URL like https://pypi.org/simple/, found "${url}"`);
    }
    return parsed.toString().replace(/\/*$/, '/');
}
/** No answer, or a 5xx: worth another try. */
class Unavailable extends Error {
}
const NETWORK_ERRORS = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    UND_ERR_SOCKET: 'connection closed without an answer',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    UND_ERR_CONNECT_TIMEOUT: 'no connection within the connect timeout',
};
function networkReason(err, timeoutMs) {
    const e = err;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        return `no answer within ${timeoutMs / 1000} s`;
    }
    const code = e.cause?.code;
    const what = code ? NETWORK_ERRORS[code] : undefined;
    if (what)
        return `${what} (${code})`;
    return code ?? e.cause?.message ?? e.message ?? String(err);
}
// Linux x86_64 first: that is the platform MLEnv's environment resolves for, and platform wheels
// may declare platform-specific dependencies (torch's CUDA libraries).
function platformRank(file) {
    const tags = parseDistributionFilename(file.filename)?.tags;
    if (!tags)
        return 3;
    if (tags.platform === 'any')
        return 0;
    if (/linux.*x86_64/.test(tags.platform))
        return 1;
    return 2;
}
function verifyHash(data, hashes, what, fail) {
    const available = new Set((0,external_node_crypto_.getHashes)());
    for (const [algorithm, expected] of Object.entries(hashes)) {
        if (!available.has(algorithm))
            continue;
        const actual = (0,external_node_crypto_.createHash)(algorithm).update(data).digest('hex');
        if (actual !== expected.toLowerCase()) {
            fail(`${what} has ${algorithm} ${actual}, the index promised ${expected}`);
        }
    }
}
function createPackageIndex(options) {
    const indexes = [options.indexUrl, ...(options.extraIndexUrls ?? [])].map(normalizeIndexUrl);
    const timeoutMs = options.timeoutMs ?? 30_000;
    const retries = options.retries ?? 2;
    const retryDelayMs = options.retryDelayMs ?? 500;
    const { logger } = options;
    const releaseCache = new Map();
    const requiresCache = new Map();
    // Which index listed a file, for messages about it.
    const fileIndex = new WeakMap();
    const failure = (ctx, reason) => {
        throw new PackageIndexError(`Package index ${ctx.index} failed for project "${ctx.project}": ${reason}`);
    };
    /** One GET, retried on network errors, timeouts and 5xx; any other status is returned. */
    async function get(url, headers, ctx) {
        const attempts = retries + 1;
        const attempt = async () => {
            logger.debug(`GET ${url}${headers.Range ? ` (${headers.Range})` : ''}`);
            let response;
            let body;
            try {
                response = await fetch(url, {
                    headers,
                    redirect: 'follow',
                    signal: AbortSignal.timeout(timeoutMs),
                });
                // The body is read under the same deadline, so a stalled transfer is retried too.
                body = Buffer.from(await response.arrayBuffer());
            }
            catch (err) {
                throw new Unavailable(`${networkReason(err, timeoutMs)} from GET ${url}`);
            }
            if (response.status >= 500)
                throw new Unavailable(`HTTP ${response.status} ${response.statusText} from GET ${url}`);
            return {
                status: response.status,
                statusText: response.statusText,
                url: response.url || url,
                headers: response.headers,
                body,
            };
        };
        return retry(attempt, {
            attempts,
            initialDelayMs: retryDelayMs,
            retryable: (error) => error instanceof Unavailable,
            onRetry: ({ error, attempt: failed, delayMs }) => logger.warning(`${error.message}; retrying in ${delayMs / 1000} s (attempt ${failed + 1} of ${attempts})`),
            giveUp: ({ error, attempt: made }) => {
                if (!(error instanceof Unavailable))
                    return error;
                return new PackageIndexError(`Package index ${ctx.index} failed for project "${ctx.project}": ${error.message} (${made} attempt${made === 1 ? '' : 's'})`);
            },
        });
    }
    /** The files one index lists for a project, or undefined when it does not know the project. */
    async function projectFiles(index, project) {
        const ctx = { index, project };
        const answer = await get(`${index}${project}/`, { Accept: ACCEPT }, ctx);
        if (answer.status === 404 || answer.status === 410)
            return undefined;
        if (answer.status !== 200) {
            return failure(ctx, `HTTP ${answer.status} ${answer.statusText} from GET ${answer.url}`);
        }
        const files = parseProjectPage(answer);
        if (typeof files === 'string')
            return failure(ctx, `${files} (from GET ${answer.url})`);
        return files;
    }
    async function loadReleases(project) {
        const perIndex = await Promise.all(indexes.map((index) => projectFiles(index, project)));
        if (perIndex.every((files) => files === undefined)) {
            throw new PackageIndexError(`No package index knows project "${project}": ${indexes.join(', ')} answered 404`);
        }
        const byVersion = new Map();
        const seen = new Set();
        for (const [i, files] of perIndex.entries()) {
            for (const file of files ?? []) {
                fileIndex.set(file, indexes[i]);
                // The first index to list a file name wins, as with pip's --index-url before extras.
                if (seen.has(file.filename))
                    continue;
                const parsed = parseDistributionFilename(file.filename, project);
                if (!parsed || parsed.name !== project) {
                    logger.debug(`Skipping ${file.filename}: not a ${project} wheel or sdist with a PEP 440 version`);
                    continue;
                }
                seen.add(file.filename);
                const key = formatVersion(parsed.version);
                const entry = byVersion.get(key) ?? { version: parsed.version, files: [] };
                entry.files.push(file);
                byVersion.set(key, entry);
            }
        }
        return [...byVersion.entries()]
            .sort(([, a], [, b]) => compareVersions(a.version, b.version))
            .map(([version, { files }]) => ({ version, yanked: files.every((f) => f.yanked), files }));
    }
    function releases(name) {
        const project = requirement_normalizeName(name);
        let cached = releaseCache.get(project);
        if (!cached) {
            cached = loadReleases(project);
            // A failure is not remembered: the next call asks the index again.
            cached.catch(() => releaseCache.delete(project));
            releaseCache.set(project, cached);
        }
        return cached;
    }
    function indexOf(file) {
        return fileIndex.get(file) ?? indexes[0];
    }
    /** The wheel as random-access bytes: HTTP ranges where the server honours them, else downloaded. */
    async function wheelSource(file, ctx) {
        const headers = { 'Accept-Encoding': 'identity' };
        // The tail holds the zip's end record and, for most wheels, the whole central directory.
        const first = await get(file.url, { ...headers, Range: `bytes=-${ZIP_TAIL_BYTES}` }, ctx);
        if (first.status === 200) {
            verifyHash(first.body, file.hashes, file.filename, (reason) => failure(ctx, reason));
            return bufferSource(first.body);
        }
        const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(first.headers.get('content-range') ?? '');
        if (first.status !== 206 || !range) {
            return failure(ctx, `HTTP ${first.status} ${first.statusText} from GET ${file.url}`);
        }
        const tailStart = Number(range[1]);
        const tail = first.body;
        const size = Number(range[3]);
        const fetchRange = async (offset, length) => {
            const part = await get(file.url, { ...headers, Range: `bytes=${offset}-${offset + length - 1}` }, ctx);
            if (part.status === 200)
                return part.body.subarray(offset, offset + length);
            if (part.status !== 206) {
                return failure(ctx, `HTTP ${part.status} ${part.statusText} from GET ${file.url} (range)`);
            }
            return part.body;
        };
        return {
            size,
            async read(offset, length) {
                const end = offset + length;
                if (length === 0)
                    return Buffer.alloc(0);
                if (offset >= tailStart)
                    return tail.subarray(offset - tailStart, end - tailStart);
                // A central directory that starts before the tail: fetch only the part not yet here.
                if (end > tailStart) {
                    const head = await fetchRange(offset, tailStart - offset);
                    return Buffer.concat([head, tail.subarray(0, end - tailStart)]);
                }
                return fetchRange(offset, length);
            },
        };
    }
    async function metadataFromWheel(file, ctx) {
        const source = await wheelSource(file, ctx);
        try {
            const { data } = await readOneZipEntry(source, (name) => /^[^/]+\.dist-info\/METADATA$/.test(name), '*.dist-info/METADATA');
            return data.toString('utf8');
        }
        catch (err) {
            if (err instanceof ZipError)
                return failure(ctx, `${file.url} is not a readable wheel: ${err.message}`);
            throw err;
        }
    }
    async function loadRequiresDist(project, version) {
        const wanted = tryParseVersion(version);
        const all = await releases(project);
        const release = wanted && all.find((r) => compareVersions(r.version, wanted) === 0);
        if (!release) {
            throw new PackageIndexError(`Project "${project}" has no release ${version} on ${indexes.join(', ')} (found: ${all.map((r) => r.version).join(', ') || 'none'})`);
        }
        const wheels = release.files
            .filter((f) => f.filename.endsWith('.whl'))
            .sort((a, b) => Number(a.yanked) - Number(b.yanked) ||
            Number(b.coreMetadata !== false) - Number(a.coreMetadata !== false) ||
            platformRank(a) - platformRank(b) ||
            (a.size ?? Number.MAX_SAFE_INTEGER) - (b.size ?? Number.MAX_SAFE_INTEGER));
        const file = wheels[0];
        if (!file) {
            throw new PackageIndexError(`Project "${project}" ${release.version} has no wheel on ${indexes.join(', ')} (only ${release.files
                .map((f) => f.filename)
                .join(', ')}): its dependencies are known only after building it`);
        }
        const ctx = { index: indexOf(file), project };
        let text;
        if (file.coreMetadata !== false) {
            const url = `${file.url}.metadata`;
            const answer = await get(url, { Accept: '*/*' }, ctx);
            if (answer.status === 200) {
                if (typeof file.coreMetadata === 'object') {
                    verifyHash(answer.body, file.coreMetadata, url, (reason) => failure(ctx, reason));
                }
                text = answer.body.toString('utf8');
            }
            else if (answer.status === 404) {
                logger.warning(`${url} is advertised but missing (404); reading ${file.filename} instead`);
            }
            else {
                return failure(ctx, `HTTP ${answer.status} ${answer.statusText} from GET ${url}`);
            }
        }
        text ??= await metadataFromWheel(file, ctx);
        const metadata = parseCoreMetadata(text);
        if (!metadata.name || !metadata.version) {
            return failure(ctx, `the core metadata of ${file.filename} has no Name or Version field`);
        }
        return metadata.requiresDist;
    }
    function requiresDist(name, version) {
        const project = requirement_normalizeName(name);
        const key = `${project}==${version}`;
        let cached = requiresCache.get(key);
        if (!cached) {
            cached = loadRequiresDist(project, version);
            cached.catch(() => requiresCache.delete(key));
            requiresCache.set(key, cached);
        }
        return cached;
    }
    return { releases, requiresDist };
}

;// CONCATENATED MODULE: ./shared/upgrade/index/index.ts
// The Python package index side of `mlenv upgrade`: what releases exist and what they require.






;// CONCATENATED MODULE: ./shared/upgrade/plan/python-compat.ts

/**
 * Whether a release has a file the workspace's Python ("3.11") can install: its requires-python
 * admits some 3.11.x and, for a wheel, its Python tag fits. Platforms are left to the resolver.
 * A release the index lists without files cannot be judged and passes.
 */
function releaseAdmitsPython(release, python) {
    const files = release.files.filter((f) => !f.yanked);
    if (files.length === 0)
        return { ok: true };
    const byRequires = files.filter((f) => requiresPythonAdmits(f.requiresPython, python));
    if (byRequires.length === 0) {
        const specs = [...new Set(files.map((f) => f.requiresPython ?? ''))].filter(Boolean);
        return { ok: false, reason: `requires-python ${specs.join(' | ')}` };
    }
    if (byRequires.some((f) => wheelAdmitsPython(f.filename, python)))
        return { ok: true };
    const tags = [...new Set(byRequires.flatMap((f) => wheelPythonTags(f.filename) ?? []))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return { ok: false, reason: `wheels only for ${tags.join(', ')}` };
}
/** Some patch release of `python` satisfies the specifier (">=3.11.4" admits a workspace's 3.11). */
function requiresPythonAdmits(specifier, python) {
    if (!specifier?.trim())
        return true;
    try {
        return [`${python}.0`, `${python}.999`].some((v) => satisfies(v, specifier, { prereleases: true }));
    }
    catch {
        // Malformed metadata (">=3.6.*" exists on PyPI): resolvers ignore it, so do we.
        return true;
    }
}
function wheelPythonTags(filename) {
    if (!filename.endsWith('.whl'))
        return undefined;
    const parts = filename.slice(0, -4).split('-');
    if (parts.length < 5)
        return undefined;
    return parts[parts.length - 3].split('.');
}
/** pip's compatible tags for CPython X.Y: cpXY, abi3 builds for cp3≤Y, py3, and py3≤Y. */
function wheelAdmitsPython(filename, python) {
    const tags = wheelPythonTags(filename);
    if (!tags)
        return true;
    const parts = filename.slice(0, -4).split('-');
    const abis = parts[parts.length - 2].split('.');
    const [major, minorText] = python.split('.');
    const minor = Number(minorText);
    // A free-threaded build (abi cp313t) does not load in the default interpreter.
    const onlyFreeThreaded = abis.every((abi) => /^cp\d+t$/.test(abi));
    return tags.some((tag) => {
        if (tag === `py${major}`)
            return true;
        const match = /^(py|cp)(\d)(\d+)$/.exec(tag);
        if (!match || match[2] !== major)
            return false;
        const tagMinor = Number(match[3]);
        if (match[1] === 'py')
            return tagMinor <= minor;
        if (onlyFreeThreaded)
            return false;
        return tagMinor === minor || (abis.includes('abi3') && tagMinor <= minor);
    });
}

;// CONCATENATED MODULE: ./shared/upgrade/plan/candidates.ts


const BUMP_RANK = { patch: 0, minor: 1, major: 2 };
function splitLocal(version) {
    const plus = version.indexOf('+');
    if (plus === -1)
        return { public: version };
    return { public: version.slice(0, plus), local: version.slice(plus + 1).toLowerCase() };
}
/**
 * The releases of one package by public version, as seen by a pin: a labelled pin (2.5.1+cu128)
 * sees only builds with its label (or, on an index without labels, every release); an unlabelled
 * pin sees unlabelled builds and those of the workspace's CUDA variant.
 */
function releasesForPin(releases, rules) {
    const anyLabelled = releases.some((r) => splitLocal(r.version).local !== undefined);
    const view = new Map();
    for (const release of releases) {
        if (!tryParseVersion(release.version))
            continue;
        const { public: pub, local } = splitLocal(release.version);
        let exact;
        if (rules.label !== undefined) {
            if (local === rules.label)
                exact = true;
            else if (local === undefined && !anyLabelled)
                exact = false;
            else
                continue;
        }
        else if (local === undefined)
            exact = true;
        else if (local === rules.variantLabel)
            exact = false;
        else
            continue;
        const seen = view.get(pub);
        if (seen?.exact && !exact)
            continue;
        const written = rules.label !== undefined ? `${pub}+${rules.label}` : pub;
        view.set(pub, { release, written, exact });
    }
    return new Map([...view].map(([pub, { release, written }]) => [pub, { release, written }]));
}
/**
 * The releases newer than `pin` that an upgrade may propose, newest first: not yanked, not a
 * pre-release (unless the pin is one), at most the allowed bump, within every cap, and with a
 * file for the workspace's Python.
 */
function findCandidates(pin, releases, rules) {
    const current = splitLocal(pin).public;
    const view = releasesForPin(releases, rules);
    const pinIsPre = tryParseVersion(current) ? isPrerelease(current) : false;
    const search = { candidates: [], pythonSkips: [] };
    const currentEntry = [...view].find(([pub]) => safeCompare(pub, current) === 0);
    if (currentEntry) {
        const [pub, { release, written }] = currentEntry;
        search.current = { version: written, indexVersion: release.version, public: pub, release };
    }
    const newer = [...view]
        .filter(([pub]) => safeCompare(pub, current) > 0)
        .sort(([a], [b]) => compareVersions(b, a));
    for (const [pub, { release, written }] of newer) {
        if (release.yanked || (release.files.length > 0 && release.files.every((f) => f.yanked))) {
            continue;
        }
        if (!pinIsPre && isPrerelease(pub))
            continue;
        const bump = bumpKind(current, pub);
        if (BUMP_RANK[bump] > BUMP_RANK[rules.allow]) {
            search.blocked ??= {
                version: pub,
                reason: `${pub} is a ${bump} upgrade; upgrade.allow is ${rules.allow}`,
            };
            continue;
        }
        const cap = rules.caps.find((spec) => !satisfies(pub, spec, { prereleases: true }));
        if (cap !== undefined) {
            search.blocked ??= { version: pub, reason: `${pub} is out; upgrade.hold caps it at ${cap}` };
            continue;
        }
        const python = releaseAdmitsPython(release, rules.python);
        if (!python.ok) {
            if (search.candidates.length === 0) {
                search.pythonSkips.push({
                    version: pub,
                    reason: `no file for Python ${rules.python} (${python.reason})`,
                });
            }
            continue;
        }
        search.candidates.push({
            version: written,
            indexVersion: release.version,
            public: pub,
            release,
        });
    }
    // Only what is newer than the proposal is worth telling.
    const best = search.candidates[0];
    if (best && search.blocked && compareVersions(search.blocked.version, best.public) <= 0) {
        delete search.blocked;
    }
    return search;
}
function safeCompare(a, b) {
    if (!tryParseVersion(a) || !tryParseVersion(b))
        return a === b ? 0 : -1;
    return compareVersions(a, b);
}

;// CONCATENATED MODULE: ./shared/upgrade/plan/groups.ts

function pinnedPackages(requirements) {
    const byName = new Map();
    for (const entry of requirements.entries) {
        byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
    }
    const pins = new Map();
    const unmovable = [];
    for (const [name, entries] of byName) {
        const [entry] = entries;
        if (entries.length > 1) {
            // One line per platform or Python (markers): which pin should move is the user's call.
            if (entries.some((e) => e.pin)) {
                unmovable.push({
                    name,
                    reason: `written on ${entries.length} lines of ${requirements.file} (${entries.map((e) => e.line).join(', ')}): upgrade it by hand`,
                });
            }
        }
        else if (entry?.pin) {
            pins.set(name, entry);
        }
    }
    return { pins, unmovable };
}
function parseHolds(policy) {
    const holds = { held: new Set(), caps: new Map() };
    for (const entry of policy.hold) {
        const hold = (0,schema/* parseHold */.R8)(entry);
        if (!hold)
            continue; // the schema rejected it already
        if (hold.specifier === undefined)
            holds.held.add(hold.name);
        else
            holds.caps.set(hold.name, [...(holds.caps.get(hold.name) ?? []), hold.specifier]);
    }
    return holds;
}
/**
 * The policy's groups, then the torch family's implied group, then one group per other pinned
 * package. The torch family joins the group that lists torch, else the one that moves CUDA (the
 * CUDA variant is a build of torch), else the one named "pytorch".
 */
function resolveGroups(policy, requirements, pins) {
    const order = [...pins.keys()];
    const byRequirementsOrder = (names) => [...new Set(names)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const placed = new Set();
    const groups = policy.groups.map((group) => {
        const listed = group.packages.map(schema/* normalizePackageName */.NX);
        const notes = [];
        for (const name of listed) {
            if (pins.has(name))
                continue;
            const entry = requirements.entries.find((e) => e.name === name);
            notes.push(entry
                ? `${name} is not pinned with == in ${requirements.file}, so the resolver chooses its version`
                : `${name} is not in ${requirements.file}`);
        }
        const members = listed.filter((n) => pins.has(n));
        for (const name of members)
            placed.add(name);
        const resolved = { name: group.name, packages: members, notes };
        if (group.python)
            resolved.python = group.python;
        if (group.cuda)
            resolved.cuda = group.cuda;
        return resolved;
    });
    const family = schema/* TORCH_FAMILY */.SL.filter((name) => pins.has(name) && !placed.has(name));
    if (family.length > 0) {
        const home = groups.find((g) => g.packages.some((n) => schema/* TORCH_FAMILY */.SL.includes(n))) ??
            groups.find((g) => g.cuda !== undefined) ??
            groups.find((g) => g.name === schema/* PYTORCH_GROUP */.K2 && g.python === undefined);
        if (home)
            home.packages = byRequirementsOrder([...home.packages, ...family]);
        else
            groups.push({ name: schema/* PYTORCH_GROUP */.K2, packages: family, notes: [] });
        for (const name of family)
            placed.add(name);
    }
    const taken = new Set(groups.map((g) => g.name));
    for (const name of order) {
        if (placed.has(name))
            continue;
        // Package names may hold capitals and "_"; normalized ones are branch-safe group names.
        const groupName = taken.has(name) ? `${name}-package` : name;
        taken.add(groupName);
        groups.push({ name: groupName, packages: [name], notes: [] });
    }
    for (const group of groups)
        group.packages = byRequirementsOrder(group.packages);
    return groups;
}

;// CONCATENATED MODULE: ./shared/upgrade/plan/variant.ts
/** Where PyTorch publishes one index per CUDA variant: .../whl/cu128, .../whl/cpu. */
const PYTORCH_INDEX_BASE = 'https://download.pytorch.org/whl';
const VARIANT_SEGMENT = /^(cu\d{3}|cpu)$/;
/** The local version label and index path segment of a CUDA variant: "12.8" is cu128, "cpu" cpu. */
function variantLabel(cuda) {
    return cuda === 'cpu' ? 'cpu' : `cu${cuda.replace('.', '')}`;
}
/** Whether a local version label names a CUDA variant (and so moves with environment.cuda). */
function isVariantLabel(label) {
    return VARIANT_SEGMENT.test(label);
}
/**
 * environment.pytorchIndex for another CUDA variant: the cuXYZ/cpu path segment replaced, or
 * PyTorch's index of the variant when there was none (PyPI carries one CUDA build per torch
 * release, so choosing a variant needs the index). A mirror without such a segment stays as is.
 */
function moveIndex(url, cuda) {
    const label = variantLabel(cuda);
    if (url === undefined)
        return { to: `${PYTORCH_INDEX_BASE}/${label}` };
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return { from: url, to: url, note: `environment.pytorchIndex ${url} is not a URL` };
    }
    const segments = parsed.pathname.split('/');
    const at = segments.findLastIndex((s) => VARIANT_SEGMENT.test(s));
    if (at === -1) {
        return {
            from: url,
            to: url,
            note: `environment.pytorchIndex ${url} has no cuXYZ or cpu path segment, so it stays as it is: point it at the ${label} wheels if it serves one variant`,
        };
    }
    segments[at] = label;
    parsed.pathname = segments.join('/');
    // URL keeps a trailing slash the user wrote and adds none.
    const to = parsed.toString();
    return { from: url, to: url.endsWith('/') || !to.endsWith('/') ? to : to.slice(0, -1) };
}

;// CONCATENATED MODULE: ./shared/upgrade/plan/plan-upgrades.ts








const COMPANIONS = ['torchvision', 'torchaudio'];
/**
 * What `mlenv upgrade` proposes: per group, the newest releases the policy allows, with the
 * torch family kept on releases built for each other (read from the index's metadata), the CUDA
 * variant and Python moved when a group asks. Whether the rest resolves together is uv's call.
 */
async function planUpgrades(input) {
    const { requirements, policy } = input;
    const { pins, unmovable } = pinnedPackages(requirements);
    const ctx = {
        input: { ...input, index: memoize(input.index) },
        pins,
        holds: parseHolds(policy),
        held: [...unmovable],
    };
    const plan = { groups: [], upToDate: [], held: ctx.held };
    for (const group of resolveGroups(policy, requirements, pins)) {
        input.logger.debug(`upgrade group ${group.name}: ${[...group.packages, ...(group.python ? [`python ${group.python}`] : []), ...(group.cuda ? [`cuda ${group.cuda}`] : [])].join(', ')}`);
        const result = group.python ? await planPython(ctx, group) : await planPackages(ctx, group);
        if (result.changes.length > 0 || result.python || result.cuda || result.conflict) {
            plan.groups.push(result);
        }
        else {
            for (const note of result.notes)
                input.logger.debug(`${group.name}: ${note}`);
            plan.upToDate.push(group.name);
        }
    }
    return plan;
}
async function planPython(ctx, group) {
    const { environment, index } = ctx.input;
    const to = group.python;
    const result = { group: group.name, changes: [], notes: [...group.notes] };
    if (to === environment.python)
        return result;
    result.python = { from: environment.python, to };
    // Pins stay where they are in this group, so each must already have files for the new Python.
    const missing = [];
    for (const [name, entry] of ctx.pins) {
        const pin = entry.pin;
        const { current } = findCandidates(pin, await index.releases(name), rulesFor(ctx, name, environment, false));
        const release = current?.release;
        if (!release) {
            result.notes.push(`${name} ${pin} is not on the index, so its files for Python ${to} are unchecked`);
            continue;
        }
        const verdict = releaseAdmitsPython(release, to);
        if (!verdict.ok)
            missing.push(`${name} ${pin} (${verdict.reason})`);
    }
    if (missing.length > 0) {
        result.conflict = `no files for Python ${to}: ${missing.join(', ')}; upgrade ${missing.length === 1 ? 'it' : 'them'} first`;
    }
    return result;
}
async function planPackages(ctx, group) {
    const { environment, logger } = ctx.input;
    const result = { group: group.name, changes: [], notes: [...group.notes] };
    const moveCuda = group.cuda !== undefined && group.cuda !== environment.cuda;
    let target = environment;
    let index = ctx.input.index;
    if (moveCuda) {
        const cuda = group.cuda;
        const move = moveIndex(environment.pytorchIndex, cuda);
        result.cuda = { from: environment.cuda, to: cuda };
        if (move.note)
            result.notes.push(move.note);
        if (move.from !== move.to)
            result.cuda.pytorchIndex = { from: move.from, to: move.to };
        target = { python: environment.python, cuda, pytorchIndex: move.to };
        index = ctx.input.indexForVariant ? memoize(ctx.input.indexForVariant(target)) : index;
        logger.debug(`${group.name}: CUDA ${environment.cuda} -> ${cuda}, index ${move.to ?? 'PyPI'}`);
    }
    const searches = new Map();
    const search = async (name) => {
        const cached = searches.get(name);
        if (cached)
            return cached;
        const found = findCandidates(pinOf(ctx, name), await index.releases(name), rulesFor(ctx, name, target, moveCuda));
        if (ctx.holds.held.has(name))
            found.candidates = [];
        searches.set(name, found);
        return found;
    };
    const chosen = new Map();
    const unchecked = [];
    const family = group.packages.includes('torch');
    for (const name of group.packages) {
        if (family && (name === 'torch' || COMPANIONS.includes(name)))
            continue;
        if (!tryParseVersion(splitLocal(pinOf(ctx, name)).public)) {
            unchecked.push(name);
            continue;
        }
        const found = await search(name);
        noteSkips(ctx, result, name, found);
        const best = found.candidates[0];
        if (best)
            chosen.set(name, best);
    }
    if (unchecked.length > 0) {
        result.notes.push(`not PEP 440 versions, left as they are: ${unchecked.join(', ')}`);
    }
    if (family) {
        const members = ['torch', ...COMPANIONS].filter((n) => group.packages.includes(n));
        const odd = members.filter((n) => !tryParseVersion(splitLocal(pinOf(ctx, n)).public));
        if (odd.length > 0) {
            result.notes.push(`not PEP 440 versions, so the torch family stays as it is: ${odd.join(', ')}`);
        }
        else {
            await planTorchFamily(ctx, group, result, search, index, chosen);
        }
    }
    for (const name of group.packages) {
        const candidate = chosen.get(name);
        const from = pinOf(ctx, name);
        if (!candidate || compareVersions(candidate.version, from) === 0)
            continue;
        result.changes.push({
            name: ctx.pins.get(name)?.rawName ?? name,
            from,
            to: candidate.version,
            bump: bumpKind(splitLocal(from).public, candidate.public),
        });
    }
    return result;
}
/**
 * torch and its companions (torchvision, torchaudio) move to releases built for each other: for
 * each allowed torch release, newest first, every companion needs a release whose Requires-Dist
 * admits it. The first torch release they all have wins; none is a conflict.
 */
async function planTorchFamily(ctx, group, result, search, index, chosen) {
    const { environment } = ctx.input;
    const companions = COMPANIONS.filter((c) => group.packages.includes(c));
    const torch = await search('torch');
    noteSkips(ctx, result, 'torch', torch);
    const companionSearches = new Map();
    for (const c of companions) {
        const found = await search(c);
        noteSkips(ctx, result, c, found);
        companionSearches.set(c, found);
    }
    // Newest companion release built for torch `t` (the pin itself counts), if any.
    const companionFor = async (name, t) => {
        const found = companionSearches.get(name);
        const options = [...found.candidates, ...(found.current ? [found.current] : [])];
        for (const option of options) {
            if (await admitsTorch(index, name, option, t, environment.python))
                return option;
        }
        return undefined;
    };
    const tryTorch = async (t) => {
        const picks = new Map();
        const missing = [];
        for (const c of companions) {
            const pick = await companionFor(c, t);
            if (pick)
                picks.set(c, pick);
            else
                missing.push(c);
        }
        return { picks, missing };
    };
    if (torch.candidates.length === 0) {
        // torch stays (held or newest); with CUDA moving, its build for the new variant must exist.
        if (!torch.current) {
            if (result.cuda) {
                result.conflict = `torch ${pinOf(ctx, 'torch')} has no ${variantLabel(result.cuda.to)} build on the index, and no newer release the policy allows has one`;
            }
            else {
                result.notes.push(`torch ${pinOf(ctx, 'torch')} is not on the index; the torch family stays as it is`);
            }
            return;
        }
        chosen.set('torch', torch.current);
        const { picks, missing } = await tryTorch(torch.current);
        for (const [c, pick] of picks)
            chosen.set(c, pick);
        if (missing.length > 0) {
            result.conflict = `${missing.join(' and ')} ${missing.length === 1 ? 'has' : 'have'} no release for torch ${torch.current.version}${result.cuda ? ` (CUDA ${result.cuda.to})` : ''}`;
        }
        return;
    }
    const failures = new Map();
    for (const t of torch.candidates) {
        const { picks, missing } = await tryTorch(t);
        if (missing.length === 0) {
            chosen.set('torch', t);
            for (const [c, pick] of picks)
                chosen.set(c, pick);
            const newest = torch.candidates[0];
            if (t !== newest) {
                const waiting = [...new Set([...failures.values()].flat())];
                result.notes.push(`torch ${newest.version} is out, but ${waiting.join(' and ')} ${waiting.length === 1 ? 'has' : 'have'} no release for it yet: proposing torch ${t.version}`);
            }
            return;
        }
        failures.set(t.version, missing);
    }
    // No allowed torch release has all its companions: show the newest attempt, marked conflicting.
    const newest = torch.candidates[0];
    chosen.set('torch', newest);
    const { picks } = await tryTorch(newest);
    for (const [c, pick] of picks)
        chosen.set(c, pick);
    const reasons = companions
        .map((c) => {
        const versions = [...failures].filter(([, missing]) => missing.includes(c)).map(([v]) => v);
        return versions.length > 0 ? `${c} has no release for torch ${orList(versions)}` : '';
    })
        .filter(Boolean);
    result.conflict = `${reasons.join('; ')}${result.cuda ? ` (CUDA ${result.cuda.to})` : ''}`;
}
/**
 * Whether a companion release's Requires-Dist admits the torch release (no torch line: any). A
 * torch line that cannot be read counts against: a wrong pairing breaks at import, on the GPU.
 */
async function admitsTorch(index, name, companion, torch, python) {
    const lines = await index.requiresDist(name, companion.indexVersion);
    const environment = linuxMarkerEnvironment(python);
    for (const line of lines) {
        const requirement = readRequiresDist(line);
        if (requirement === undefined) {
            if (/^\s*torch\b(?![-_.\w])/i.test(line))
                return false;
            continue;
        }
        if (requirement.name !== 'torch')
            continue;
        if (requirement.marker && !markerHolds(requirement.marker, environment))
            continue;
        // The full version: ==2.5.1 admits 2.5.1+cu128, ==2.5.1+cu124 does not.
        if (!satisfies(torch.version, requirement.specifier, { prereleases: true }))
            return false;
    }
    return true;
}
/** Requires-Dist in the wild is looser than PEP 508 (`torch (==2.6.0)`): either reader will do. */
function readRequiresDist(line) {
    try {
        return parseRequirement(line);
    }
    catch {
        const parsed = parseRequirementLine(line);
        return typeof parsed === 'object'
            ? { ...parsed, name: (0,schema/* normalizePackageName */.NX)(parsed.rawName) }
            : undefined;
    }
}
/** `extra == "scipy"` lines are optional; a marker we cannot evaluate is taken to apply. */
function markerHolds(marker, environment) {
    try {
        return evaluateMarker(marker, environment);
    }
    catch {
        return true;
    }
}
function rulesFor(ctx, name, target, moveCuda) {
    const { local } = splitLocal(pinOf(ctx, name));
    const label = local !== undefined && moveCuda && isVariantLabel(local) ? variantLabel(target.cuda) : local;
    const rules = {
        allow: ctx.input.policy.allow,
        caps: ctx.holds.caps.get(name) ?? [],
        python: target.python,
    };
    if (label !== undefined)
        rules.label = label;
    else
        rules.variantLabel = variantLabel(target.cuda);
    return rules;
}
function noteSkips(ctx, result, name, found) {
    if (ctx.holds.held.has(name)) {
        addHeld(ctx, name, 'held by upgrade.hold');
        return;
    }
    if (found.blocked)
        addHeld(ctx, name, found.blocked.reason);
    for (const skip of found.pythonSkips) {
        const note = `${name} ${skip.version} skipped: ${skip.reason}`;
        if (!result.notes.includes(note))
            result.notes.push(note);
    }
}
function addHeld(ctx, name, reason) {
    if (!ctx.held.some((h) => h.name === name))
        ctx.held.push({ name, reason });
}
function pinOf(ctx, name) {
    return ctx.pins.get(name)?.pin;
}
function orList(items) {
    if (items.length <= 1)
        return items.join('');
    return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
/** One request per package and release however many groups ask. */
function memoize(index) {
    const releases = new Map();
    const requires = new Map();
    return {
        releases(name) {
            let found = releases.get(name);
            if (!found) {
                found = index.releases(name);
                releases.set(name, found);
            }
            return found;
        },
        requiresDist(name, version) {
            const key = `${name}==${version}`;
            let found = requires.get(key);
            if (!found) {
                found = index.requiresDist(name, version);
                requires.set(key, found);
            }
            return found;
        },
    };
}

;// CONCATENATED MODULE: ./shared/upgrade/plan/index.ts






;// CONCATENATED MODULE: ./shared/github/comments.ts

/** GitHub refuses an issue or pull request body, or a comment, longer than this. */
const GITHUB_BODY_LIMIT = 65_536;
// Comments are created without the client's retries (a retried POST can post twice); these are
// the attempts made instead, each after checking whether the previous one landed.
const CREATE_ATTEMPTS = 3;
/**
 * A comment carries the marker when it starts with it. A person quoting the comment, or writing
 * about the marker, starts theirs with something else, so only MLEnv's own comments match.
 */
function hasMarker(body, marker) {
    return (body ?? '').trimStart().startsWith(marker);
}
/** The comments on the issue that carry the marker, oldest first, across every page. */
async function findMarkedComments(t, marker) {
    const found = [];
    for await (const { data } of t.octokit.paginate.iterator(t.octokit.rest.issues.listComments, {
        owner: t.owner,
        repo: t.repo,
        issue_number: t.issue,
        per_page: 100,
    })) {
        for (const c of data) {
            if (hasMarker(c.body, marker))
                found.push({ id: c.id, url: c.html_url, body: c.body ?? '' });
        }
    }
    return found;
}
/**
 * Posts a comment unless one with the marker exists. The POST is made without the client's
 * retries: a 502 that GitHub answers after creating the comment would otherwise post it twice.
 */
async function createCommentOnce(t, options) {
    const { marker } = options;
    const body = fitComment(options.body);
    for (let attempt = 1;; attempt++) {
        const [existing] = await findMarkedComments(t, marker);
        // Found after a failed attempt, it is that attempt, landed after all.
        if (existing)
            return { outcome: attempt > 1 ? 'posted' : 'exists', comment: existing };
        if (options.dryRun)
            return { outcome: 'posted' };
        const created = await tryCreate(t, body, attempt);
        if (created)
            return { outcome: 'posted', comment: created };
    }
}
/**
 * Keeps exactly one comment with the marker on the issue: updates it in place, or creates it.
 * `body` may be a function of the existing comment (to carry data over from it); returning
 * undefined there leaves the issue as it is. The body must start with the marker. A create that
 * fails with a 5xx is retried only after checking that the failed attempt did not land, so a
 * gateway timing out on a completed POST never leaves two comments.
 */
async function upsertComment(t, options) {
    const { marker } = options;
    const render = async (existing) => {
        const text = typeof options.body === 'function' ? await options.body(existing) : options.body;
        if (text === undefined)
            return undefined;
        if (!hasMarker(text, marker)) {
            // Without the marker first the next run would not find the comment and post another.
            throw new Error(`a marked comment must start with its marker ${marker}`);
        }
        return fitComment(text);
    };
    let marked = await findMarkedComments(t, marker);
    let body = await render(marked[0]);
    for (let attempt = 1;; attempt++) {
        const [existing, ...extra] = marked;
        if (extra.length > 0) {
            t.logger.warning(`#${t.issue} has ${marked.length} comments marked ${marker}; updating the oldest (${existing?.url}) only`);
        }
        if (body === undefined)
            return { action: existing ? 'unchanged' : 'none', comment: existing };
        if (existing) {
            if (existing.body === body) {
                // After a failed create this is that attempt, landed after all.
                return { action: attempt > 1 ? 'created' : 'unchanged', comment: existing };
            }
            // A PATCH is idempotent, so the client's own retries are safe here.
            const { data } = await t.octokit.rest.issues.updateComment({
                owner: t.owner,
                repo: t.repo,
                comment_id: existing.id,
                body,
            });
            return {
                action: 'updated',
                comment: { id: data.id, url: data.html_url, body: data.body ?? body },
            };
        }
        const created = await tryCreate(t, body, attempt);
        if (created)
            return { action: 'created', comment: created };
        marked = await findMarkedComments(t, marker);
        // A comment that is not the failed attempt appeared meanwhile (another run): render on it.
        if (marked[0] && marked[0].body !== body)
            body = await render(marked[0]);
    }
}
/**
 * One create attempt without the client's retries: the comment, or undefined after a 5xx that
 * may or may not have landed (the caller looks before trying again); throws on anything else.
 */
async function tryCreate(t, body, attempt) {
    try {
        const { data } = await t.octokit.rest.issues.createComment({
            owner: t.owner,
            repo: t.repo,
            issue_number: t.issue,
            body,
            request: { retries: 0 },
        });
        return { id: data.id, url: data.html_url, body: data.body ?? body };
    }
    catch (error) {
        const status = statusOf(error) ?? 0;
        if (status < 500 || attempt >= CREATE_ATTEMPTS)
            throw error;
        t.logger.warning(`GitHub answered ${status} to the comment on #${t.issue}; checking whether it landed before attempt ${attempt + 1} of ${CREATE_ATTEMPTS}`);
        const delay = t.retryDelayMs?.(attempt) ?? attempt * 1000;
        await sleep(delay);
        return undefined;
    }
}
/** A comment cut to GitHub's limit. The marker leads the comment, so cutting the end keeps it. */
function fitComment(body) {
    const tail = "\n\n_… cut to fit GitHub's limit._";
    return body.length <= GITHUB_BODY_LIMIT
        ? body
        : `${body.slice(0, GITHUB_BODY_LIMIT - tail.length)}${tail}`;
}
/** The HTTP status of an Octokit error, if it has one. */
function statusOf(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : undefined;
}

;// CONCATENATED MODULE: ./shared/upgrade/propose/pull-request-body.ts

// GitHub refuses pull request bodies and comments longer than this (422); one limit for both.

/** The hidden marker that names the plan a pull request body was rendered for. */
function planMarker(planHash) {
    return `<!-- mlenv-upgrade plan=${planHash} -->`;
}
/** The plan a body was rendered for, from its marker. */
function readPlanMarker(body) {
    return /<!-- mlenv-upgrade plan=(\S+) -->/.exec(body ?? '')?.[1];
}
/** The branch an upgrade group's pull request lives on. */
function upgradeBranch(group) {
    return `mlenv/upgrade/${group}`;
}
// Tried in order until the body fits GitHub's limit: a big environment's lock can change
// hundreds of packages, and a resolver can explain a conflict at great length.
const CAPS = [
    { list: Number.POSITIVE_INFINITY, conflict: Number.POSITIVE_INFINITY },
    { list: 100, conflict: 20_000 },
    { list: 20, conflict: 4_000 },
];
/**
 * The pull request body of an upgrade: the version table, runtime moves, conflict, release
 * notes, what the lock changed, what CI will verify, and the hidden plan marker. Always fits
 * GitHub's body limit.
 */
function renderPullRequestBody(input) {
    let body = '';
    for (const caps of CAPS) {
        body = render(input, caps);
        if (body.length <= GITHUB_BODY_LIMIT)
            return body;
    }
    return fitBody(body, input.planHash);
}
/** Cuts a body to GitHub's limit, keeping the plan marker that identifies it. */
function fitBody(body, planHash) {
    if (body.length <= GITHUB_BODY_LIMIT)
        return body;
    const tail = `\n\n_… cut to fit GitHub's limit._\n\n${planMarker(planHash)}\n`;
    return body.slice(0, GITHUB_BODY_LIMIT - tail.length) + tail;
}
function render(input, caps) {
    const branch = upgradeBranch(input.group);
    const out = [];
    out.push(`MLEnv's scheduled upgrade of the **${escapeText(input.group)}** group.`, '');
    if (input.changes.length > 0) {
        out.push('| package | from | to | bump |', '| --- | --- | --- | --- |');
        for (const c of input.changes) {
            out.push(`| ${cell(c.name)} | ${cell(c.from)} | ${cell(c.to)} | ${cell(c.bump)} |`);
        }
        out.push('');
    }
    const runtime = [
        input.python ? `- Python ${code(input.python.from)} → ${code(input.python.to)}` : undefined,
        input.cuda ? `- CUDA ${code(input.cuda.from)} → ${code(input.cuda.to)}` : undefined,
    ].filter((line) => line !== undefined);
    if (runtime.length > 0)
        out.push('Runtime:', '', ...runtime, '');
    if (input.conflict !== undefined) {
        const text = clip(input.conflict.trim(), caps.conflict);
        out.push('### Conflict', '', '> [!WARNING]', '> The packages of this group could not be resolved together, so this pull request is a', '> draft with what could be resolved. The resolver said:', '', fence(text), '');
    }
    const notes = Object.entries(input.releaseNotes).filter(([, url]) => /^https?:\/\//.test(url));
    if (notes.length > 0) {
        out.push('### Release notes', '');
        for (const [name, url] of notes) {
            const to = input.changes.find((c) => c.name === name)?.to;
            out.push(`- [${escapeText(to ? `${name} ${to}` : name)}](${linkTarget(url)})`);
        }
        out.push('');
    }
    out.push('### What the lock changed', '');
    const { added, removed, changed } = input.lockDiff;
    if (added.length + removed.length + changed.length === 0) {
        out.push('Nothing beyond the packages above.', '');
    }
    else {
        out.push(`${added.length} added, ${removed.length} removed, ${changed.length} changed.`, '');
        const details = (summary, lines, total) => {
            const more = total - lines.length;
            out.push(`<details><summary>${summary} (${total})</summary>`, '', ...lines, ...(more > 0 ? ['', `… and ${more} more.`] : []), '', '</details>', '');
        };
        if (added.length > 0) {
            details('Added', added.slice(0, caps.list).map((name) => `- ${code(name)}`), added.length);
        }
        if (removed.length > 0) {
            details('Removed', removed.slice(0, caps.list).map((name) => `- ${code(name)}`), removed.length);
        }
        if (changed.length > 0) {
            details('Changed', [
                '| package | from | to |',
                '| --- | --- | --- |',
                ...changed
                    .slice(0, caps.list)
                    .map((c) => `| ${cell(c.name)} | ${cell(c.from)} | ${cell(c.to)} |`),
            ], changed.length);
        }
    }
    if (input.checklist.length > 0) {
        out.push('### What CI will verify', '');
        for (const item of input.checklist)
            out.push(`- [ ] ${item.replace(/\s*\n\s*/g, ' ')}`);
        out.push('');
    }
    out.push('---', '', `MLEnv keeps ${code(branch)} up to date on its schedule while every commit on it is its own.`, 'Push a commit to take the branch over: MLEnv then leaves it alone and only comments when it', 'has a newer plan. Close this pull request to skip this plan; a newer one opens a new pull', 'request.', '', planMarker(input.planHash), '');
    return out.join('\n');
}
// Parentheses and spaces would end a markdown link target early; encodeURIComponent keeps "()".
function linkTarget(url) {
    return url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
function clip(text, max) {
    return text.length <= max
        ? text
        : `${text.slice(0, max)}\n… (${text.length - max} more characters)`;
}
/** A table cell: pipes would end the cell, newlines the row. */
function cell(text) {
    return escapeText(text)
        .replace(/\|/g, '\\|')
        .replace(/\s*\n\s*/g, ' ');
}
// Package names and versions are plain text; markdown emphasis or HTML in them would render.
function escapeText(text) {
    return text.replace(/[\\`*_<>[\]]/g, '\\$&');
}
/** An inline code span that survives backticks in its text. */
function code(text) {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const ticks = '`'.repeat(longest + 1);
    const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
    return `${ticks}${pad}${text}${pad}${ticks}`;
}
/** A fenced block that the text itself cannot close. */
function fence(text) {
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const ticks = '`'.repeat(longest + 1);
    return `${ticks}text\n${text}\n${ticks}`;
}

;// CONCATENATED MODULE: ./shared/upgrade/propose/trailers.ts
/**
 * Git trailers that mark a commit as MLEnv's own: only commits carrying them are ever replaced
 * on an upgrade branch, so a commit a person pushed there is never lost.
 */
const UPGRADE_TRAILERS = {
    group: 'MLEnv-Upgrade-Group',
    plan: 'MLEnv-Upgrade-Plan',
};
/** The commit message of a proposal: its title, a blank line, then the trailer block. */
function upgradeCommitMessage(title, trailers) {
    // A multi-line title would split the subject; the trailer block must stay the last paragraph.
    const subject = title.replace(/\s*\n\s*/g, ' ').trim();
    return [
        subject,
        '',
        `${UPGRADE_TRAILERS.group}: ${trailers.group}`,
        `${UPGRADE_TRAILERS.plan}: ${trailers.plan}`,
    ].join('\n');
}
/**
 * The MLEnv trailers of a commit message, read as git reads trailers: from its last paragraph
 * only, so a message that merely quotes them in its text is not taken for one of ours.
 */
function parseUpgradeTrailers(message) {
    const paragraphs = message
        .replace(/\r\n/g, '\n')
        .trimEnd()
        .split(/\n\s*\n/);
    if (paragraphs.length < 2)
        return undefined;
    const last = paragraphs[paragraphs.length - 1] ?? '';
    const values = new Map();
    for (const line of last.split('\n')) {
        const match = /^([A-Za-z0-9-]+):\s*(.*?)\s*$/.exec(line);
        // git accepts other trailers (Signed-off-by, Co-authored-by) in the same block.
        if (!match)
            return undefined;
        values.set((match[1] ?? '').toLowerCase(), match[2] ?? '');
    }
    const group = values.get(UPGRADE_TRAILERS.group.toLowerCase());
    const plan = values.get(UPGRADE_TRAILERS.plan.toLowerCase());
    return group && plan ? { group, plan } : undefined;
}

;// CONCATENATED MODULE: ./shared/upgrade/propose/propose.ts




// Our commit sits directly on the base, so a walk longer than this means someone else's history.
const MAX_WALK = 20;
/**
 * Opens or refreshes the pull request of one upgrade group. The commit is made through the Git
 * Data API on top of the base branch's head and carries trailers that mark it as MLEnv's; a
 * branch that holds anything else is never rewritten, only commented on. Running it again with
 * the same plan changes nothing.
 */
async function proposeUpgrade(options) {
    const { octokit, owner, repo, proposal, logger } = options;
    validateProposal(proposal);
    const dryRun = options.dryRun === true;
    const target = { octokit, owner, repo, logger };
    const branch = upgradeBranch(proposal.group);
    const body = fitBody(proposal.body, proposal.planHash);
    const result = (action, fields = {}) => ({
        group: proposal.group,
        action,
        branch,
        ...fields,
        ...(dryRun ? { dryRun: true } : {}),
    });
    const ofPull = (pull) => ({ pullNumber: pull.number, url: pull.url });
    const would = (text) => (dryRun ? `dry run: would ${text}` : text);
    const base = options.base ?? (await octokit.rest.repos.get({ owner, repo })).data.default_branch;
    const baseHead = await refSha(target, `heads/${base}`);
    if (!baseHead) {
        throw new errors/* ConfigurationError */.j1(`the base branch "${base}" does not exist in ${owner}/${repo}`);
    }
    const branchHead = await refSha(target, `heads/${branch}`);
    const history = branchHead
        ? await walkBranch(target, branchHead, baseHead, proposal.group)
        : undefined;
    const open = await findOpenPull(target, branch, base);
    if (branchHead && history && (history.foreign.length > 0 || history.unbounded)) {
        return blocked();
    }
    if (!open) {
        // A person closed the pull request of this very plan: that is a "no", not a failure.
        const declined = await findClosedPullForPlan(target, branch, proposal.planHash);
        if (declined) {
            logger.info(`Upgrade ${proposal.group}: pull request #${declined.number} with plan ${proposal.planHash} was closed without merging; not proposing it again`);
            return result('unchanged', {
                ...ofPull(declined),
                reason: `pull request #${declined.number} with this plan was closed without merging; a newer plan opens a new one`,
            });
        }
    }
    const ours = history?.newestOurs;
    if (branchHead &&
        ours &&
        ours.sha === branchHead &&
        ours.plan === proposal.planHash &&
        ours.parent === baseHead) {
        return upToDate(branchHead);
    }
    // A new commit for the plan, on the base branch's current head.
    let commitSha;
    if (!dryRun)
        commitSha = await commitPlan(target, baseHead, proposal);
    let action;
    if (!branchHead) {
        if (commitSha)
            await createBranch(target, branch, commitSha);
        action = 'created';
    }
    else {
        if (commitSha) {
            // Narrows the window in which a push made since the walk would be overwritten: the REST
            // API has no compare-and-swap for refs.
            const now = await refSha(target, `heads/${branch}`);
            if (now !== branchHead) {
                logger.warning(`Upgrade ${proposal.group}: ${branch} moved from ${propose_short(branchHead)} to ${propose_short(now)} while the proposal was prepared; left it alone`);
                return result('blocked', {
                    ...(open ? ofPull(open) : {}),
                    reason: `${branch} moved while the proposal was prepared; the next run looks again`,
                });
            }
            // Force is safe here: every commit it drops carries our trailers.
            await octokit.rest.git.updateRef({
                owner,
                repo,
                ref: `heads/${branch}`,
                sha: commitSha,
                force: true,
            });
        }
        action = 'updated';
    }
    const onto = `plan ${proposal.planHash} on ${base} ${propose_short(baseHead)}`;
    // Past tense for what was done, a "would" for what a dry run would do.
    const what = dryRun
        ? `dry run: would ${branchHead ? 'move' : 'create'} ${branch} with ${onto}`
        : `${branchHead ? 'moved' : 'created'} ${branch} with ${onto}`;
    if (open) {
        if (!dryRun) {
            await rewritePull(target, open, proposal, body);
            await ensureLabels(target, open, proposal.labels);
        }
        warnDraft(open);
        const reason = `${what}; ${dryRun ? 'and update' : 'updated'} #${open.number}`;
        logger.info(`Upgrade ${proposal.group}: ${reason}`);
        return result(action, { ...ofPull(open), commitSha, reason });
    }
    if (dryRun) {
        const reason = `${what} and open a pull request`;
        logger.info(`Upgrade ${proposal.group}: ${reason}`);
        return result(action, { reason });
    }
    const pull = await openPull(target, branch, base, proposal, body);
    logger.info(`Upgrade ${proposal.group}: ${what}; opened pull request #${pull.number} ${pull.url}`);
    return result(action, { ...ofPull(pull), commitSha, reason: `${what}; opened #${pull.number}` });
    async function upToDate(head) {
        if (!open) {
            // Our commit is in place but its pull request is not: a run that stopped half way.
            if (dryRun) {
                return result('created', { reason: would(`open the pull request for ${branch}`) });
            }
            const pull = await openPull(target, branch, base, proposal, body);
            logger.info(`Upgrade ${proposal.group}: ${branch} already holds plan ${proposal.planHash}; opened pull request #${pull.number} ${pull.url}`);
            return result('created', {
                ...ofPull(pull),
                commitSha: head,
                reason: `${branch} already held this plan; opened #${pull.number}`,
            });
        }
        // The body and labels are rewritten only when a run stopped before writing them, so a
        // person's edits to an up-to-date pull request stay.
        const repairs = [];
        const staleBody = readPlanMarker(open.body) !== proposal.planHash;
        if (staleBody)
            repairs.push('title and body');
        const missing = missingLabels(open, proposal.labels);
        if (missing.length > 0)
            repairs.push(`labels ${missing.join(', ')}`);
        if (repairs.length === 0) {
            logger.info(`Upgrade ${proposal.group}: pull request #${open.number} is up to date (plan ${proposal.planHash} on ${base} ${propose_short(baseHead)})`);
            return result('unchanged', {
                ...ofPull(open),
                reason: 'the branch already holds this plan on the current base',
            });
        }
        if (!dryRun) {
            if (staleBody)
                await rewritePull(target, open, proposal, body);
            await ensureLabels(target, open, proposal.labels);
        }
        const reason = would(`restore the ${repairs.join(' and ')} of #${open.number}`);
        logger.info(`Upgrade ${proposal.group}: ${reason}`);
        return result('updated', { ...ofPull(open), reason });
    }
    async function blocked() {
        const foreign = history?.foreign ?? [];
        const culprit = foreign[foreign.length - 1] ?? foreign[0];
        const why = history?.unbounded
            ? `${branch} is more than ${MAX_WALK} commits away from ${base}`
            : `${branch} has ${foreign.length} commit(s) MLEnv did not make (${foreign.map((c) => propose_short(c.sha)).join(', ')})`;
        logger.warning(`Upgrade ${proposal.group}: not applied: ${why}; the branch is left alone`);
        if (!open) {
            return result('blocked', { reason: `${why}; no open pull request to comment on` });
        }
        if (history?.newestOurs?.plan === proposal.planHash) {
            // The branch carries this plan already, with someone's commits on top: nothing new to say.
            return result('blocked', {
                ...ofPull(open),
                reason: `${why}; it already carries this plan, so nothing was posted`,
            });
        }
        const marker = `<!-- mlenv-upgrade blocked head=${branchHead} plan=${proposal.planHash} -->`;
        const comment = blockedComment({ branch, base, why, culprit, proposal, marker });
        const posted = await createCommentOnce({ ...target, issue: open.number }, { marker, body: comment, dryRun });
        const reason = `${why}; ${posted.outcome === 'exists' ? 'already commented' : would(`comment on #${open.number}`)}`;
        return result('blocked', { ...ofPull(open), reason });
    }
    function warnDraft(pull) {
        if (pull.draft === proposal.draft)
            return;
        // GitHub's REST API cannot change a pull request's draft state (only GraphQL can).
        logger.warning(proposal.draft
            ? `Upgrade ${proposal.group}: pull request #${pull.number} is ready for review but its plan could not be resolved together; see its conflict section`
            : `Upgrade ${proposal.group}: pull request #${pull.number} is still a draft though its plan now resolves; mark it ready for review`);
    }
}
function validateProposal(p) {
    const problems = [];
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(p.group) ||
        p.group.includes('..') ||
        /(\.lock|\.)$/.test(p.group)) {
        problems.push(`group "${p.group}" cannot name a branch: use letters, digits, ".", "_" and "-" (not ending in ".lock")`);
    }
    // The hash goes into a trailer and an HTML comment: whitespace or ">" would break either.
    if (!/^[A-Za-z0-9][A-Za-z0-9:._+/=-]{0,127}$/.test(p.planHash)) {
        problems.push(`plan hash "${p.planHash}" must be 1–128 characters of [A-Za-z0-9:._+/=-]`);
    }
    if (p.title.trim() === '')
        problems.push('the title is empty');
    const paths = Object.keys(p.files);
    if (paths.length === 0)
        problems.push('it changes no file');
    for (const path of paths) {
        const parts = path.split('/');
        if (path.startsWith('/') ||
            path.includes('\\') ||
            parts.some((s) => s === '' || s === '.' || s === '..' || s === '.git')) {
            problems.push(`"${path}" is not a repository-relative file path`);
        }
    }
    if (problems.length > 0) {
        throw new errors/* ConfigurationError */.j1(`the upgrade proposal of "${p.group}" is invalid: ${problems.join('; ')}`);
    }
}
function propose_short(sha) {
    return sha ? sha.slice(0, 7) : '(deleted)';
}
/** The sha a ref points at; undefined when it does not exist. */
async function refSha(t, ref) {
    try {
        const { data } = await t.octokit.rest.git.getRef({ owner: t.owner, repo: t.repo, ref });
        return data.object.sha;
    }
    catch (error) {
        if (statusOf(error) === 404)
            return undefined;
        throw error;
    }
}
/**
 * Walks the branch from its head towards the base. Our commits are always made directly on the
 * base's head, so the parent of one of ours is a commit of the base's history and ends the walk.
 */
async function walkBranch(t, head, baseHead, group) {
    const foreign = [];
    let sha = head;
    for (let step = 0; step < MAX_WALK; step++) {
        if (!sha || sha === baseHead)
            return { foreign, unbounded: false };
        const { data } = await t.octokit.rest.git.getCommit({
            owner: t.owner,
            repo: t.repo,
            commit_sha: sha,
        });
        const commit = {
            sha: data.sha,
            message: data.message,
            parents: data.parents.map((p) => p.sha),
        };
        const trailers = parseUpgradeTrailers(commit.message);
        const parent = commit.parents[0];
        if (trailers?.group === group && commit.parents.length === 1 && parent) {
            return {
                foreign,
                newestOurs: { sha: commit.sha, plan: trailers.plan, parent },
                unbounded: false,
            };
        }
        foreign.push(commit);
        // A merge of the base into the branch continues along the branch's own line.
        sha = parent;
    }
    return { foreign, unbounded: sha !== undefined && sha !== baseHead };
}
/** Blobs, a tree on the base's tree and a commit on the base's head; returns the commit. */
async function commitPlan(t, baseHead, proposal) {
    const { octokit, owner, repo } = t;
    const { data: baseCommit } = await octokit.rest.git.getCommit({
        owner,
        repo,
        commit_sha: baseHead,
    });
    const tree = [];
    // One at a time: the client paces writes anyway, and a failure leaves no half-sent batch.
    for (const [path, content] of Object.entries(proposal.files).sort(([a], [b]) => a.localeCompare(b))) {
        const { data: blob } = await octokit.rest.git.createBlob({
            owner,
            repo,
            content,
            encoding: 'utf-8',
        });
        tree.push({ path, mode: '100644', type: 'blob', sha: blob.sha });
    }
    const { data: newTree } = await octokit.rest.git.createTree({
        owner,
        repo,
        base_tree: baseCommit.tree.sha,
        tree,
    });
    const { data: commit } = await octokit.rest.git.createCommit({
        owner,
        repo,
        message: upgradeCommitMessage(proposal.title, {
            group: proposal.group,
            plan: proposal.planHash,
        }),
        tree: newTree.sha,
        parents: [baseHead],
    });
    t.logger.debug(`Committed ${Object.keys(proposal.files).length} file(s) as ${commit.sha} on ${baseHead}`);
    return commit.sha;
}
async function createBranch(t, branch, sha) {
    try {
        await t.octokit.rest.git.createRef({
            owner: t.owner,
            repo: t.repo,
            ref: `refs/heads/${branch}`,
            sha,
        });
    }
    catch (error) {
        // A retried request whose first attempt did land finds its own ref.
        if (statusOf(error) === 422 && (await refSha(t, `heads/${branch}`)) === sha)
            return;
        if (statusOf(error) === 422) {
            throw new Error(`${branch} appeared while the proposal was prepared (another run?): ${(0,errors/* errorMessage */.gJ)(error)}; run again`, { cause: error });
        }
        throw error;
    }
}
function summarize(p) {
    return {
        number: p.number,
        url: p.html_url,
        body: p.body ?? null,
        draft: p.draft === true,
        labels: p.labels.map((l) => l.name ?? '').filter((n) => n !== ''),
        baseRef: p.base.ref,
    };
}
/** The branch's pull requests, newest first. `head` needs `owner:`, or GitHub ignores it. */
async function branchPulls(t, branch, query) {
    const { data } = await t.octokit.rest.pulls.list({
        owner: t.owner,
        repo: t.repo,
        head: `${t.owner}:${branch}`,
        ...query,
    });
    return data;
}
/** The open pull request of the branch into the base. */
async function findOpenPull(t, branch, base) {
    const [pull] = await branchPulls(t, branch, { base, state: 'open', per_page: 10 });
    return pull ? summarize(pull) : undefined;
}
async function findClosedPullForPlan(t, branch, planHash) {
    const pulls = await branchPulls(t, branch, { state: 'closed', per_page: 20 });
    const pull = pulls.find((p) => !p.merged_at && readPlanMarker(p.body) === planHash);
    return pull ? summarize(pull) : undefined;
}
async function openPull(t, branch, base, proposal, body) {
    let pull;
    try {
        const { data } = await t.octokit.rest.pulls.create({
            owner: t.owner,
            repo: t.repo,
            head: branch,
            base,
            title: proposal.title,
            body,
            draft: proposal.draft,
        });
        pull = summarize(data);
    }
    catch (error) {
        // A retried create whose first attempt landed is refused as a duplicate: use that one.
        const existing = statusOf(error) === 422 ? await findOpenPull(t, branch, base) : undefined;
        if (!existing)
            throw error;
        t.logger.debug(`Pull request #${existing.number} already existed for ${branch}; using it`);
        pull = existing;
    }
    await ensureLabels(t, pull, proposal.labels);
    return pull;
}
/** Gives the pull request the proposal's title and body. */
async function rewritePull(t, pull, proposal, body) {
    await t.octokit.rest.pulls.update({
        owner: t.owner,
        repo: t.repo,
        pull_number: pull.number,
        title: proposal.title,
        body,
    });
}
function missingLabels(pull, labels) {
    const present = new Set(pull.labels.map((l) => l.toLowerCase()));
    return labels.filter((l) => !present.has(l.toLowerCase()));
}
async function ensureLabels(t, pull, labels) {
    const missing = missingLabels(pull, labels);
    if (missing.length === 0)
        return;
    await t.octokit.rest.issues.addLabels({
        owner: t.owner,
        repo: t.repo,
        issue_number: pull.number,
        labels: missing,
    });
}
function blockedComment(input) {
    const { proposal } = input;
    const planBody = proposal.body.replace(planMarker(proposal.planHash), '').trim();
    const culprit = input.culprit
        ? `Commit ${input.culprit.sha} ("${(input.culprit.message.split('\n')[0] ?? '').trim()}") has no \`MLEnv-Upgrade-*\` trailers, so MLEnv treats the branch as taken over and never rewrites it.`
        : 'MLEnv never rewrites a branch that holds commits it did not make.';
    return [
        input.marker,
        `**MLEnv did not apply its new upgrade plan to \`${input.branch}\`:** ${input.why}.`,
        '',
        culprit,
        '',
        `The new plan (${proposal.planHash}) would make this pull request **${proposal.title}**, changing ${Object.keys(proposal.files)
            .map((f) => `\`${f}\``)
            .join(', ')}.`,
        '',
        `To take it, merge or close this pull request and delete \`${input.branch}\`, or reset the branch to \`${input.base}\`: the next scheduled run then proposes the plan again.`,
        '',
        '<details><summary>The new plan</summary>',
        '',
        planBody,
        '',
        '</details>',
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./shared/upgrade/propose/index.ts




;// CONCATENATED MODULE: ./shared/upgrade/run-upgrade.ts












const PYPI_SIMPLE = 'https://pypi.org/simple/';
/**
 * `mlenv upgrade`: plan the groups, then for each one apply it to a scratch copy of the
 * environment files, lock it with uv, re-render the runner images, and propose the result as
 * one pull request per group. The checkout itself is never modified.
 */
async function runUpgrade(request) {
    const { workspace, logger } = request;
    const { environment } = workspace.config;
    const policy = workspace.config.upgrade;
    const requirementsText = await (0,promises_.readFile)(external_node_path_default().join(workspace.root, environment.requirements), 'utf8');
    const requirements = parseRequirementsFile(requirementsText, environment.requirements);
    const index = request.index ?? indexFor(environment, logger, request.indexTimeoutMs);
    const plan = await planUpgrades({
        requirements,
        environment,
        policy,
        index,
        indexForVariant: request.index
            ? undefined
            : (target) => indexFor({ ...environment, ...target }, logger, request.indexTimeoutMs),
        logger,
    });
    const wanted = request.groups ? new Set(request.groups) : undefined;
    if (wanted) {
        const known = new Set([...plan.groups.map((g) => g.group), ...plan.upToDate]);
        const unknown = [...wanted].filter((g) => !known.has(g));
        if (unknown.length > 0)
            logger.warning(`--group ${unknown.join(', ')}: no such upgrade group (groups: ${[...known].join(', ') || 'none'})`);
    }
    const gitRoot = await (0,git/* git */.$Y)(workspace.root, ['rev-parse', '--show-toplevel']).then((out) => out.trim(), () => workspace.root);
    const results = [];
    for (const group of plan.groups) {
        if (wanted && !wanted.has(group.group))
            continue;
        const applied = await applyGroup(workspace, group, requirementsText, gitRoot, logger);
        const conflict = group.conflict ?? applied.conflict;
        const draft = conflict !== undefined;
        let outcome = 'planned';
        let proposal;
        if (draft && policy.onConflict === 'skip') {
            outcome = 'skipped';
            logger.warning(`${group.group}: not proposed (upgrade.onConflict is skip): ${conflict}`);
        }
        else if (request.github && !request.dryRun) {
            proposal = await proposeUpgrade({
                octokit: request.github.octokit,
                owner: request.github.owner,
                repo: request.github.repo,
                base: request.github.base,
                logger,
                proposal: {
                    group: group.group,
                    title: applied.title,
                    body: renderPullRequestBody({
                        group: group.group,
                        changes: group.changes,
                        python: group.python,
                        cuda: group.cuda ? { from: group.cuda.from, to: group.cuda.to } : undefined,
                        releaseNotes: releaseNotes(group),
                        lockDiff: applied.lockChanges,
                        checklist: checklist(group),
                        conflict,
                        planHash: applied.planHash,
                    }),
                    files: applied.files,
                    planHash: applied.planHash,
                    labels: [...policy.labels],
                    draft,
                },
            });
            outcome = proposal.action;
        }
        results.push({ group: group.group, plan: group, conflict, outcome, proposal, ...applied });
    }
    return {
        groups: results,
        upToDate: plan.upToDate,
        held: plan.held,
        dryRun: request.dryRun === true,
    };
}
function indexFor(environment, logger, timeoutMs) {
    const { indexUrl, extraIndexUrls } = environmentIndexes(environment);
    return createPackageIndex({
        indexUrl: indexUrl ?? PYPI_SIMPLE,
        extraIndexUrls,
        timeoutMs,
        logger,
    });
}
/** The group's edits, lock and images, made in a scratch copy of the environment files. */
async function applyGroup(workspace, group, requirementsText, gitRoot, logger) {
    const { environment } = workspace.config;
    const scratch = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), `mlenv-upgrade-${group.group}-`));
    try {
        const relative = {
            workspace: external_node_path_default().relative(workspace.root, workspace.file),
            requirements: environment.requirements,
            lock: environment.lock,
        };
        for (const file of Object.values(relative)) {
            const source = external_node_path_default().join(workspace.root, file);
            if (!(0,external_node_fs_.existsSync)(source))
                continue;
            await (0,promises_.mkdir)(external_node_path_default().dirname(external_node_path_default().join(scratch, file)), { recursive: true });
            await (0,promises_.cp)(source, external_node_path_default().join(scratch, file));
        }
        const before = {};
        const after = {};
        const read = async (root, file) => (0,promises_.readFile)(external_node_path_default().join(root, file), 'utf8').catch(() => '');
        const yamlBefore = await read(workspace.root, relative.workspace);
        const edit = {
            ...(group.python ? { python: group.python.to } : {}),
            ...(group.cuda ? { cuda: group.cuda.to } : {}),
            ...(group.cuda?.pytorchIndex ? { pytorchIndex: group.cuda.pytorchIndex.to ?? null } : {}),
        };
        const yamlAfter = Object.keys(edit).length > 0
            ? applyToWorkspaceYaml(yamlBefore, edit, relative.workspace)
            : yamlBefore;
        await (0,promises_.writeFile)(external_node_path_default().join(scratch, relative.workspace), yamlAfter);
        const requirementsAfter = applyToRequirements(requirementsText, group.changes, relative.requirements);
        await (0,promises_.writeFile)(external_node_path_default().join(scratch, relative.requirements), requirementsAfter);
        before[relative.workspace] = yamlBefore;
        after[relative.workspace] = yamlAfter;
        before[relative.requirements] = requirementsText;
        after[relative.requirements] = requirementsAfter;
        const upgraded = {
            ...workspace,
            root: scratch,
            file: external_node_path_default().join(scratch, relative.workspace),
            config: {
                ...workspace.config,
                environment: {
                    ...environment,
                    ...(group.python ? { python: group.python.to } : {}),
                    ...(group.cuda ? { cuda: group.cuda.to } : {}),
                    ...(group.cuda?.pytorchIndex ? { pytorchIndex: group.cuda.pytorchIndex.to } : {}),
                },
            },
        };
        let conflict;
        const lockBefore = await read(workspace.root, relative.lock);
        let lockAfter = lockBefore;
        try {
            logger.info(`${group.group}: locking the upgraded environment with uv`);
            await lockEnvironment(upgraded, logger);
            lockAfter = await read(scratch, relative.lock);
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            // uv's resolver explains an unsatisfiable set; anything else (no network) is a failure.
            if (!/No solution found|unsatisfiable/i.test(message))
                throw error;
            conflict = message.replace(/^uv pip compile failed: /, '').trim();
        }
        before[relative.lock] = lockBefore;
        after[relative.lock] = lockAfter;
        const imagesDir = external_node_path_default().join(workspace.root, 'runner-images');
        if ((0,external_node_fs_.existsSync)(imagesDir) && conflict === undefined) {
            const rendered = await renderImages(upgraded);
            for (const [file, content] of Object.entries(rendered.files)) {
                const key = external_node_path_default().join('runner-images', file);
                before[key] = await read(workspace.root, key);
                after[key] = content;
            }
        }
        const files = {};
        const diffs = [];
        for (const [file, content] of Object.entries(after)) {
            if (content === before[file])
                continue;
            const repoPath = external_node_path_default().relative(gitRoot, external_node_path_default().join(workspace.root, file))
                .split((external_node_path_default()).sep)
                .join('/');
            files[repoPath] = content;
            diffs.push(renderUnifiedDiff(repoPath, before[file] ?? '', content));
        }
        const lockChanges = diffLocks(lockBefore, lockAfter);
        const planHash = (0,external_node_crypto_.createHash)('sha256')
            .update(JSON.stringify({
            group: group.group,
            changes: group.changes,
            python: group.python,
            cuda: group.cuda,
            files: Object.entries(files).sort(([a], [b]) => a.localeCompare(b)),
        }))
            .digest('hex')
            .slice(0, 16);
        return {
            files,
            diff: diffs.join(''),
            lockChanges,
            planHash,
            title: titleOf(group),
            conflict,
        };
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
}
function diffLocks(before, after) {
    const old = parseLockPins(before);
    const current = parseLockPins(after);
    return {
        added: [...current.keys()].filter((name) => !old.has(name)).sort(),
        removed: [...old.keys()].filter((name) => !current.has(name)).sort(),
        changed: [...current.entries()]
            .filter(([name, version]) => old.has(name) && old.get(name) !== version)
            .map(([name, to]) => ({ name, from: old.get(name) ?? '', to }))
            .sort((a, b) => a.name.localeCompare(b.name)),
    };
}
function titleOf(group) {
    const moves = [
        ...(group.python ? [`Python ${group.python.from} → ${group.python.to}`] : []),
        ...(group.cuda ? [`CUDA ${group.cuda.from} → ${group.cuda.to}`] : []),
        ...group.changes.map((c) => `${c.name} ${c.from} → ${c.to}`),
    ];
    return `Upgrade ${group.group}: ${moves.join(', ')}`;
}
const RELEASE_NOTES = {
    torch: (v) => `https://github.com/pytorch/pytorch/releases/tag/v${v}`,
    torchvision: (v) => `https://github.com/pytorch/vision/releases/tag/v${v}`,
    torchaudio: (v) => `https://github.com/pytorch/audio/releases/tag/v${v}`,
    mlflow: (v) => `https://github.com/mlflow/mlflow/releases/tag/v${v}`,
};
/** Where to read what changed: the project's release page, else its PyPI page. */
function releaseNotes(group) {
    const notes = {};
    for (const change of group.changes) {
        const version = change.to.split('+')[0] ?? change.to;
        notes[change.name] =
            RELEASE_NOTES[change.name]?.(version) ??
                `https://pypi.org/project/${change.name}/${version}/`;
    }
    return notes;
}
function checklist(group) {
    const framework = group.changes.some((c) => c.name.startsWith('torch')) || group.cuda;
    return [
        'Lint and unit tests of every project (`mlenv check`) in the new environment',
        'GPU unit tests on the self-hosted GPU runners (`mlenv gpu-test`)',
        'Trainer integration tests, including a distributed run',
        ...(framework || group.python
            ? ['Runner images rebuilt from the new lock (`mlenv images check`)']
            : []),
        'Training smoke run with metrics against the current champion',
    ];
}

;// CONCATENATED MODULE: ./shared/upgrade/index.ts
// `mlenv upgrade`: scheduled, coherent upgrade pull requests for the shared environment.





/***/ }),

/***/ 2446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E3: () => (/* binding */ upgradeSchema),
/* harmony export */   K2: () => (/* binding */ PYTORCH_GROUP),
/* harmony export */   NX: () => (/* binding */ normalizePackageName),
/* harmony export */   R8: () => (/* binding */ parseHold),
/* harmony export */   SL: () => (/* binding */ TORCH_FAMILY)
/* harmony export */ });
/* unused harmony exports UPGRADE_ALLOW, ON_CONFLICT, DEFAULT_SCHEDULE, DEFAULT_UPGRADE_LABELS, cronProblem, upgradeGroupSchema, DEFAULT_UPGRADE_POLICY */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8816);

// Every custom message below is the "expected ..." half of a diagnostic: the config formatter
// adds what was found from the YAML document itself.
const UPGRADE_ALLOW = ['patch', 'minor', 'major'];
const ON_CONFLICT = ['draft', 'skip'];
/**
 * PyTorch's packages released together: each torchvision and torchaudio release is built for one
 * torch release, so they only ever move in one group.
 */
const TORCH_FAMILY = ['torch', 'torchvision', 'torchaudio'];
/** The group the torch family forms when no group of the policy names it. */
const PYTORCH_GROUP = 'pytorch';
const DEFAULT_SCHEDULE = '0 4 * * 1';
const DEFAULT_UPGRADE_LABELS = ['mlenv-upgrade'];
// Group names become branch names (mlenv/upgrade/<group>) and so stay git-ref safe.
const GROUP_NAME = /^[a-z0-9][a-z0-9._-]*$/;
const PACKAGE_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const SPECIFIER_CLAUSE = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*$/;
// The same forms as environment.python and environment.cuda.
const PYTHON_VERSION = /^3\.\d{1,2}$/;
const CUDA_VARIANT = /^(cpu|\d{2}\.\d)$/;
const CRON_PHRASE = 'a cron schedule of five fields such as "0 4 * * 1" (minute hour day-of-month month day-of-week)';
const CRON_FIELDS = [
    { name: 'minute', min: 0, max: 59 },
    { name: 'hour', min: 0, max: 23 },
    { name: 'day-of-month', min: 1, max: 31 },
    {
        name: 'month',
        min: 1,
        max: 12,
        names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
    },
    // GitHub Actions reads 0-6 (Sunday is 0) and the names SUN-SAT.
    { name: 'day-of-week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];
/** Why a cron expression is not one GitHub Actions schedules; undefined when it is. */
function cronProblem(expression) {
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 5)
        return CRON_PHRASE;
    for (const [i, field] of fields.entries()) {
        const spec = CRON_FIELDS[i];
        if (!field.split(',').every((item) => cronItemValid(item, spec))) {
            const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
            return `a cron schedule whose ${spec.name} field (field ${i + 1}) uses *, lists, ranges and steps of ${spec.min}-${spec.max}${names}`;
        }
    }
    return undefined;
}
function cronItemValid(item, spec) {
    const [range, step, ...rest] = item.split('/');
    if (rest.length > 0 || range === undefined || range === '')
        return false;
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0))
        return false;
    if (range === '*')
        return true;
    const bounds = range.split('-');
    if (bounds.length > 2)
        return false;
    const values = bounds.map((b) => cronValue(b, spec));
    if (values.some((v) => v === undefined))
        return false;
    return values.length === 1 || values[0] <= values[1];
}
function cronValue(text, spec) {
    if (/^\d+$/.test(text)) {
        const n = Number(text);
        return n >= spec.min && n <= spec.max ? n : undefined;
    }
    const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
    return index === -1 ? undefined : index + spec.min;
}
/** `numpy` holds numpy; `mlflow<4` caps mlflow below 4. Undefined when the entry is malformed. */
function parseHold(entry) {
    const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(.*?)\s*$/.exec(entry);
    if (!match)
        return undefined;
    const name = normalizePackageName(match[1]);
    const specifier = match[2];
    if (specifier === '')
        return { name };
    if (!specifier.split(',').every((clause) => SPECIFIER_CLAUSE.test(clause)))
        return undefined;
    return { name, specifier: specifier.replace(/\s+/g, '') };
}
/** PEP 503: case, "-", "_" and "." do not distinguish package names. */
function normalizePackageName(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}
const packageName = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({ error: 'a package name such as "torch"' })
    .regex(PACKAGE_NAME, { error: 'a package name such as "torch", without a version' });
const holdEntry = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({ error: 'a package name such as "numpy", or a name with a cap such as "mlflow<4"' })
    .refine((entry) => parseHold(entry) !== undefined, {
    error: 'a package name such as "numpy", or a name with a cap such as "mlflow<4"',
});
const upgradeGroupSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({ error: 'a group name such as "pytorch"' }).regex(GROUP_NAME, {
        error: 'a group name of lowercase letters, digits, ".", "_" and "-" such as "pytorch"',
    }),
    packages: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(packageName, { error: 'a list of package names' }).default([]),
    /** The CUDA variant this group moves the environment to (index, wheels and image together). */
    cuda: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({ error: 'a quoted CUDA variant such as "13.0", or "cpu"' })
        .regex(CUDA_VARIANT, { error: 'a CUDA variant such as "13.0", or "cpu"' })
        .optional(),
    /** The Python version this group moves the environment to; such a group holds nothing else. */
    python: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({ error: 'a quoted Python version such as "3.12"' })
        .regex(PYTHON_VERSION, { error: 'a Python version such as "3.12"' })
        .optional(),
});
const upgradeSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    /** When the shipped workflow looks for upgrades (cron, UTC). */
    schedule: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({ error: CRON_PHRASE })
        .superRefine((value, ctx) => {
        const problem = cronProblem(value);
        if (problem)
            ctx.addIssue({ code: 'custom', message: problem });
    })
        .default(DEFAULT_SCHEDULE),
    /** The largest version bump proposed. */
    allow: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(UPGRADE_ALLOW).default('minor'),
    hold: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(holdEntry, { error: 'a list of package names or capped names' }).default([]),
    groups: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(upgradeGroupSchema, { error: 'a list of groups' }).default([]),
    /** What to do when a group cannot be resolved together: open a draft PR or skip the group. */
    onConflict: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(ON_CONFLICT).default('draft'),
    /** Labels put on every upgrade pull request, such as the one that triggers GPU tests. */
    labels: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({ error: 'a GitHub label name' })
        .min(1, { error: 'a non-empty GitHub label name' })
        .max(50, { error: 'a GitHub label name of at most 50 characters' }), { error: 'a list of GitHub label names' })
        .default([...DEFAULT_UPGRADE_LABELS]),
})
    .superRefine((policy, ctx) => checkGroups(policy.groups, ctx));
function checkGroups(groups, ctx) {
    const issue = (path, message) => ctx.addIssue({ code: 'custom', path: ['groups', ...path], message });
    const groupOfName = new Map();
    const groupOfPackage = new Map();
    let torchGroup;
    let cudaGroup;
    let pythonGroup;
    for (const [i, group] of groups.entries()) {
        const first = groupOfName.get(group.name);
        if (first !== undefined)
            issue([i, 'name'], `a group name unique in upgrade.groups`);
        else
            groupOfName.set(group.name, i);
        if (group.packages.length === 0 && !group.python && !group.cuda) {
            issue([i], 'a group with packages, python or cuda');
        }
        if (group.python && (group.packages.length > 0 || group.cuda)) {
            issue([i, 'python'], 'python in a group of its own, without packages or cuda: a Python change is its own pull request');
        }
        if (group.python) {
            if (pythonGroup !== undefined) {
                issue([i, 'python'], `one group with python; group "${groups[pythonGroup]?.name}" has it`);
            }
            else
                pythonGroup = i;
        }
        if (group.cuda) {
            if (cudaGroup !== undefined) {
                issue([i, 'cuda'], `one group with cuda; group "${groups[cudaGroup]?.name}" has it`);
            }
            else
                cudaGroup = i;
        }
        const names = group.packages.map(normalizePackageName);
        for (const [j, name] of names.entries()) {
            const other = groupOfPackage.get(name);
            if (other === undefined) {
                groupOfPackage.set(name, i);
            }
            else if (other === i) {
                issue([i, 'packages', j], 'each package once in a group');
            }
            else {
                issue([i, 'packages', j], `each package in one group only; group "${groups[other]?.name}" lists it too`);
            }
        }
        const family = names.filter((n) => TORCH_FAMILY.includes(n));
        if (family.length > 0 && !names.includes('torch')) {
            issue([i, 'packages', names.indexOf(family[0])], 'torch in the same group: each torchvision and torchaudio release is built for one torch release');
        }
        if (names.includes('torch'))
            torchGroup = i;
    }
    if (cudaGroup !== undefined && torchGroup !== undefined && cudaGroup !== torchGroup) {
        issue([cudaGroup, 'cuda'], `cuda on the group that lists torch ("${groups[torchGroup]?.name}"): the CUDA variant is a build of torch`);
    }
}
/** The policy of a workspace without an `upgrade:` section. */
const DEFAULT_UPGRADE_POLICY = upgradeSchema.parse({});


/***/ })

};
