export const id = 489;
export const ids = [489];
export const modules = {

/***/ 8324:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I9: () => (/* binding */ processIdentity),
/* harmony export */   Ol: () => (/* binding */ isProcessGroupAlive),
/* harmony export */   RD: () => (/* binding */ readProcessStartTime)
/* harmony export */ });
/* unused harmony exports parseProcStat, thisHost, isSameProcessAlive */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);


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
        return parseProcStat((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/stat`, 'utf8'));
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
    return (0,node_os__WEBPACK_IMPORTED_MODULE_1__.hostname)();
}
/** The identity of a process of this machine (default: this one). */
function processIdentity(pid = process.pid) {
    return { host: thisHost(), pid, startTime: readProcessStartTime(pid) };
}
const HAS_PROC = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)('/proc/self/stat');
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
        entries = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)('/proc').filter((name) => /^\d+$/.test(name));
    }
    catch {
        return true;
    }
    for (const entry of entries) {
        let text;
        try {
            text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${entry}/stat`, 'utf8');
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


/***/ }),

/***/ 4489:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createLocalBackend: () => (/* binding */ createLocalBackend)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./shared/util/sleep.ts
var util_sleep = __webpack_require__(8464);
;// CONCATENATED MODULE: ./shared/process/daemon.ts




/** A free TCP port on loopback, chosen by the OS. */
function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
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
        const server = createServer();
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
    const fd = openSync(options.logFile, 'a');
    try {
        const child = spawn(command, args, {
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
        closeSync(fd);
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
        return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    }
    catch {
        return '(no log)';
    }
}

// EXTERNAL MODULE: ./shared/process/identity.ts
var identity = __webpack_require__(8324);
// EXTERNAL MODULE: ./shared/train/launcher-config.ts
var launcher_config = __webpack_require__(2222);
// EXTERNAL MODULE: ./shared/train/log-buffer.ts
var log_buffer = __webpack_require__(3616);
;// CONCATENATED MODULE: ./shared/train/backends/local/launcher-argv.ts

/**
 * The argv that runs the trainer on this machine. With several processes, torchrun starts them
 * (gloo on CPU); its `--tee` prefixes each line with the rank so interleaved output stays readable.
 */
function launcherArgv(job, configs = {}) {
    const { command, train } = job;
    const processes = train.nodes * train.procsPerNode;
    if (train.distributed === 'none' || (processes === 1 && train.distributed !== 'torchrun'))
        return [...command];
    if (train.distributed === 'torchrun') {
        const torchrun = ['--standalone', '--nnodes=1', `--nproc-per-node=${processes}`, '--tee=3'];
        return isPython(command[0])
            ? [command[0], '-m', 'torch.distributed.run', ...torchrun, ...command.slice(1)]
            : ['torchrun', ...torchrun, '--no-python', ...command];
    }
    if (train.distributed === 'accelerate') {
        const mixed = train.precision === 'fp32' ? 'no' : train.precision;
        const script = isPython(command[0]) ? command.slice(1) : command;
        return [
            'accelerate',
            'launch',
            ...(configs.accelerate ? [`--config_file=${configs.accelerate}`] : []),
            `--num_processes=${processes}`,
            '--num_machines=1',
            `--mixed_precision=${mixed}`,
            ...(isPython(command[0]) ? [] : ['--no_python']),
            ...script,
        ];
    }
    // deepspeed
    const script = isPython(command[0]) ? command.slice(1) : command;
    return [
        'deepspeed',
        `--num_gpus=${processes}`,
        ...(isPython(command[0]) ? [] : ['--no_python']),
        ...script,
    ];
}
function isPython(program) {
    return program !== undefined && /^python(\d+(\.\d+)?)?$/.test(external_node_path_default().basename(program));
}

;// CONCATENATED MODULE: ./shared/train/backends/local/index.ts











const KILL_GRACE_MS = 10_000;
/** How long a SIGKILLed process group may take to be gone. */
const KILL_WAIT_MS = 5_000;
const POLL_MS = 200;
/** Runs the trainer as a child process on this machine: the embedded default. */
function createLocalBackend(options = {}) {
    const baseEnv = options.env ?? process.env;
    const graceMs = options.killGraceMs ?? KILL_GRACE_MS;
    const live = new Map();
    const stop = async (handle) => {
        const { pid } = handle.trainer;
        if (!stillRuns(handle))
            return;
        signalGroup(pid, 'SIGTERM');
        if (!(await (0,util_sleep/* pollUntil */.g3)(() => !stillRuns(handle), { timeoutMs: graceMs, intervalMs: POLL_MS }))) {
            signalGroup(pid, 'SIGKILL');
            await (0,util_sleep/* pollUntil */.g3)(() => !stillRuns(handle), { timeoutMs: KILL_WAIT_MS, intervalMs: POLL_MS });
        }
        // The pipes close once the group is gone; only then is the exit code known.
        const trainer = live.get(keyOf(handle));
        if (trainer) {
            const timeout = new AbortController();
            await Promise.race([trainer.exited, (0,util_sleep/* sleep */.yy)(KILL_WAIT_MS, timeout.signal).catch(() => { })]);
            timeout.abort();
        }
    };
    return {
        name: 'local',
        async plan(job) {
            const configs = launcherConfigs(job);
            const secret = Object.fromEntries(Object.keys(job.secretEnv).map((key) => [key, '***']));
            return {
                backend: 'local',
                cwd: job.projectDir,
                argv: configs.argv,
                env: { ...job.env, ...configs.env, ...secret },
                files: configs.files,
                notes: [],
            };
        },
        async validate(_job, logger) {
            logger.info('The local backend has no server to check the job with: nothing was run.');
        },
        async submit(job) {
            const configs = launcherConfigs(job);
            await (0,promises_.mkdir)(job.outputDir, { recursive: true });
            await (0,promises_.mkdir)(job.checkpointDir, { recursive: true });
            for (const file of configs.files) {
                await (0,promises_.mkdir)(external_node_path_default().dirname(file.path), { recursive: true });
                await (0,promises_.writeFile)(file.path, file.content);
            }
            const [file, ...args] = configs.argv;
            // Its own process group, so cancelling reaches torchrun's workers too.
            const child = (0,external_node_child_process_.spawn)(file, args, {
                cwd: job.projectDir,
                env: { ...baseEnv, ...job.env, ...job.secretEnv, ...configs.env },
                detached: true,
                stdio: ['ignore', 'pipe', 'pipe'],
            });
            const trainer = watchChild(child, new log_buffer/* LogBuffer */.b(job.secrets));
            await new Promise((resolve, reject) => {
                child.once('spawn', resolve);
                child.once('error', (error) => reject(new errors/* ExternalError */.yA(`could not start ${file}: ${error.message}`)));
            });
            const pid = child.pid;
            const handle = {
                backend: 'local',
                runId: job.runId,
                submittedAt: new Date().toISOString(),
                launcher: (0,identity/* processIdentity */.I9)(),
                ...(options.workflowRunUrl ? { workflowRunUrl: options.workflowRunUrl } : {}),
                trainer: { pid, startTime: (0,identity/* readProcessStartTime */.RD)(pid) },
            };
            live.set(keyOf(handle), trainer);
            return handle;
        },
        async follow(handle, logger, signal) {
            const trainer = live.get(keyOf(handle));
            if (!trainer)
                return followElsewhere(handle, logger, signal);
            const emit = (line) => logger.info(trainer.log.push(line));
            for (const line of trainer.pending.splice(0))
                emit(line);
            trainer.sink = emit;
            let onAbort = () => { };
            const aborted = new Promise((resolve) => {
                onAbort = () => resolve('aborted');
                if (signal.aborted)
                    onAbort();
                signal.addEventListener('abort', onAbort, { once: true });
            });
            const exit = await Promise.race([trainer.exited, aborted]);
            signal.removeEventListener('abort', onAbort);
            if (trainer.sink === emit)
                trainer.sink = undefined;
            const base = { logTail: trainer.log.tail(), log: trainer.log.text() };
            if (exit === 'aborted' || trainer.cancelled)
                return { status: 'cancelled', reason: 'cancelled', ...base };
            return outcomeOf(exit, base);
        },
        async inspect(handle) {
            const exit = live.get(keyOf(handle))?.exit;
            if (exit) {
                const outcome = outcomeOf(exit, { logTail: [], log: '' });
                return outcome.status === 'succeeded'
                    ? { state: 'succeeded' }
                    : { state: 'failed', reason: outcome.reason ?? 'failed' };
            }
            return stillRuns(handle) ? { state: 'running' } : { state: 'gone' };
        },
        async cancel(handle, logger) {
            const trainer = live.get(keyOf(handle));
            if (trainer)
                trainer.cancelled = true;
            logger.info('Cancelling: stopping the trainer');
            await stop(handle);
        },
        async cleanup(handle, logger) {
            if (!stillRuns(handle))
                return;
            logger.info(`Stopping what is left of trainer process group ${handle.trainer.pid}`);
            await stop(handle);
        },
    };
}
/** Starts collecting a child's output and exit at once, so nothing is lost before `follow`. */
function watchChild(child, log) {
    const pending = [];
    let trainer;
    const onLine = (line) => {
        if (trainer?.sink)
            trainer.sink(line);
        else
            pending.push(line);
    };
    const out = (0,log_buffer/* lineSplitter */.s)(onLine);
    const err = (0,log_buffer/* lineSplitter */.s)(onLine);
    child.stdout?.on('data', (chunk) => out.write(chunk));
    child.stderr?.on('data', (chunk) => err.write(chunk));
    // A failure to start rejects `submit`; this listener keeps it from being an uncaught error.
    child.on('error', () => undefined);
    const exited = new Promise((resolve) => {
        child.on('close', (code, signal) => {
            out.end();
            err.end();
            const exit = { code, signal };
            if (trainer)
                trainer.exit = exit;
            resolve(exit);
        });
    });
    trainer = { log, pending, exited, cancelled: false };
    return trainer;
}
function outcomeOf(exit, base) {
    if (exit.code === 0)
        return { status: 'succeeded', exitCode: 0, ...base };
    if (exit.code !== null)
        return {
            status: 'failed',
            exitCode: exit.code,
            reason: `trainer exited with code ${exit.code}`,
            ...base,
        };
    const hint = exit.signal === 'SIGKILL' ? ' (out of memory?)' : '';
    return { status: 'failed', reason: `trainer was killed by ${exit.signal}${hint}`, ...base };
}
/**
 * A trainer another process started: its output and exit code went to that process, so this one
 * can only wait for it to end.
 */
async function followElsewhere(handle, logger, signal) {
    const { pid } = handle.trainer;
    logger.info(`Trainer ${pid} was started by another process (pid ${handle.launcher.pid}); waiting for it to end without its logs.`);
    while (stillRuns(handle) && !signal.aborted)
        await (0,util_sleep/* sleep */.yy)(POLL_MS, signal).catch(() => undefined);
    if (signal.aborted)
        return { status: 'cancelled', reason: 'cancelled', logTail: [], log: '' };
    return {
        status: 'failed',
        reason: `trainer ${pid} ended; its exit code went to the process that started it`,
        logTail: [],
        log: '',
    };
}
function keyOf(handle) {
    return `${handle.trainer.pid}:${handle.trainer.startTime ?? ''}`;
}
/**
 * Whether anything of the trainer's process group still runs. A pid that now belongs to another
 * process (another start time) is not ours; while any member of the group lives, the kernel does
 * not hand its id to a new process, so the group id alone is safe after the leader has gone.
 */
function stillRuns(handle) {
    const { pid, startTime } = handle.trainer;
    const now = (0,identity/* readProcessStartTime */.RD)(pid);
    if (now !== null && startTime !== null && now !== startTime)
        return false;
    return (0,identity/* isProcessGroupAlive */.Ol)(pid);
}
/** The argv, the environment and the DeepSpeed or Accelerate config file a run uses, unwritten. */
function launcherConfigs(job) {
    const dir = external_node_path_default().join(external_node_path_default().dirname(job.outputDir), 'launcher');
    if (job.train.distributed === 'accelerate') {
        const file = external_node_path_default().join(dir, 'accelerate.yaml');
        return {
            argv: launcherArgv(job, { accelerate: file }),
            env: { MLENV_ACCELERATE_CONFIG: file },
            files: [{ path: file, content: (0,dist/* stringify */.As)((0,launcher_config/* accelerateConfig */.s)(job.train)) }],
        };
    }
    if (job.train.distributed === 'deepspeed') {
        const file = external_node_path_default().join(dir, 'deepspeed.json');
        return {
            argv: launcherArgv(job),
            env: { MLENV_DEEPSPEED_CONFIG: file },
            files: [{ path: file, content: `${JSON.stringify((0,launcher_config/* deepspeedConfig */.c)(job.train), null, 2)}\n` }],
        };
    }
    return { argv: launcherArgv(job), env: {}, files: [] };
}


/***/ }),

/***/ 2222:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ deepspeedConfig),
/* harmony export */   s: () => (/* binding */ accelerateConfig)
/* harmony export */ });
/**
 * Launcher configs generated from `nodes`, `procsPerNode` and `precision`, so a project never
 * keeps its own copy that drifts from mlenv.yaml.
 */
function accelerateConfig(train, machineRank = 0) {
    const processes = train.nodes * train.procsPerNode;
    const gpu = train.resources.gpus > 0;
    return {
        compute_environment: 'LOCAL_MACHINE',
        distributed_type: processes === 1 ? 'NO' : gpu ? 'MULTI_GPU' : 'MULTI_CPU',
        num_machines: train.nodes,
        num_processes: processes,
        machine_rank: machineRank,
        mixed_precision: train.precision === 'fp32' ? 'no' : train.precision,
        use_cpu: !gpu,
        main_training_function: 'main',
    };
}
/**
 * A DeepSpeed config with precision and ZeRO stage 2. Batch sizes belong to the trainer: it passes
 * this file (MLENV_DEEPSPEED_CONFIG) to deepspeed.initialize with its own batch settings.
 */
function deepspeedConfig(train) {
    return {
        bf16: { enabled: train.precision === 'bf16' },
        fp16: { enabled: train.precision === 'fp16', loss_scale: 0, initial_scale_power: 16 },
        zero_optimization: { stage: 2, overlap_comm: true, contiguous_gradients: true },
        gradient_clipping: 1.0,
        steps_per_print: 100,
        wall_clock_breakdown: false,
    };
}


/***/ }),

/***/ 3616:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ LogBuffer),
/* harmony export */   s: () => (/* binding */ lineSplitter)
/* harmony export */ });
/**
 * Keeps the whole log (up to a cap) and its last lines, for artifacts and failure messages.
 * Secrets are replaced before a line is kept, so neither the artifact nor a message can leak one.
 */
class LogBuffer {
    maxBytes;
    tailLines;
    #chunks = [];
    #size = 0;
    #truncated = false;
    #tail = [];
    #secrets;
    constructor(secrets = [], maxBytes = 20 * 1024 * 1024, tailLines = 30) {
        this.maxBytes = maxBytes;
        this.tailLines = tailLines;
        this.#secrets = secrets.filter((s) => s.length >= 4);
    }
    /** Adds a line and returns it with secrets hidden. */
    push(raw) {
        let line = raw;
        for (const secret of this.#secrets)
            line = line.split(secret).join('***');
        this.#tail.push(line);
        if (this.#tail.length > this.tailLines)
            this.#tail.shift();
        if (this.#size + line.length + 1 > this.maxBytes) {
            this.#truncated = true;
            return line;
        }
        this.#chunks.push(line);
        this.#size += line.length + 1;
        return line;
    }
    tail() {
        return [...this.#tail];
    }
    text() {
        const body = this.#chunks.join('\n');
        return this.#truncated ? `${body}\n[log truncated at ${this.maxBytes} bytes]\n` : `${body}\n`;
    }
}
/** Splits a byte stream into lines, handing each complete line over as it arrives. */
function lineSplitter(onLine) {
    let pending = '';
    return {
        write(chunk) {
            pending += chunk.toString();
            const lines = pending.split(/\r?\n/);
            pending = lines.pop() ?? '';
            for (const line of lines)
                onLine(line);
        },
        end() {
            if (pending)
                onLine(pending);
            pending = '';
        },
    };
}


/***/ }),

/***/ 8464:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g3: () => (/* binding */ pollUntil),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* unused harmony export waitUntil */
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);

/**
 * Resolves after `ms`; rejects with the signal's reason as soon as it aborts (at once when it
 * already has), so a cancelled wait ends with the same error as the cancelled work.
 */
async function sleep(ms, signal) {
    try {
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(ms, undefined, signal ? { signal } : undefined);
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


/***/ })

};
