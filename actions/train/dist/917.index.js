export const id = 917;
export const ids = [917];
export const modules = {

/***/ 6917:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createLocalBackend: () => (/* binding */ createLocalBackend)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8815);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7364);
/* harmony import */ var _process_daemon_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7570);
/* harmony import */ var _process_identity_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8324);
/* harmony import */ var _util_sleep_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8464);
/* harmony import */ var _launcher_config_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2222);
/* harmony import */ var _log_buffer_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3616);
/* harmony import */ var _launcher_argv_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2024);











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
        (0,_process_daemon_js__WEBPACK_IMPORTED_MODULE_5__/* .signalGroup */ .i8)(pid, 'SIGTERM');
        if (!(await (0,_util_sleep_js__WEBPACK_IMPORTED_MODULE_7__/* .pollUntil */ .g3)(() => !stillRuns(handle), { timeoutMs: graceMs, intervalMs: POLL_MS }))) {
            (0,_process_daemon_js__WEBPACK_IMPORTED_MODULE_5__/* .signalGroup */ .i8)(pid, 'SIGKILL');
            await (0,_util_sleep_js__WEBPACK_IMPORTED_MODULE_7__/* .pollUntil */ .g3)(() => !stillRuns(handle), { timeoutMs: KILL_WAIT_MS, intervalMs: POLL_MS });
        }
        // The pipes close once the group is gone; only then is the exit code known.
        const trainer = live.get(keyOf(handle));
        if (trainer) {
            const timeout = new AbortController();
            await Promise.race([trainer.exited, (0,_util_sleep_js__WEBPACK_IMPORTED_MODULE_7__/* .sleep */ .yy)(KILL_WAIT_MS, timeout.signal).catch(() => { })]);
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
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(job.outputDir, { recursive: true });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(job.checkpointDir, { recursive: true });
            for (const file of configs.files) {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(file.path), { recursive: true });
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(file.path, file.content);
            }
            const [file, ...args] = configs.argv;
            // Its own process group, so cancelling reaches torchrun's workers too.
            const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, {
                cwd: job.projectDir,
                env: { ...baseEnv, ...job.env, ...job.secretEnv, ...configs.env },
                detached: true,
                stdio: ['ignore', 'pipe', 'pipe'],
            });
            const trainer = watchChild(child, new _log_buffer_js__WEBPACK_IMPORTED_MODULE_9__/* .LogBuffer */ .b(job.secrets));
            await new Promise((resolve, reject) => {
                child.once('spawn', resolve);
                child.once('error', (error) => reject(new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .ExternalError */ .yA(`could not start ${file}: ${error.message}`)));
            });
            const pid = child.pid;
            const handle = {
                backend: 'local',
                runId: job.runId,
                submittedAt: new Date().toISOString(),
                launcher: (0,_process_identity_js__WEBPACK_IMPORTED_MODULE_6__/* .processIdentity */ .I9)(),
                ...(options.workflowRunUrl ? { workflowRunUrl: options.workflowRunUrl } : {}),
                trainer: { pid, startTime: (0,_process_identity_js__WEBPACK_IMPORTED_MODULE_6__/* .readProcessStartTime */ .RD)(pid) },
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
    const out = (0,_log_buffer_js__WEBPACK_IMPORTED_MODULE_9__/* .lineSplitter */ .s)(onLine);
    const err = (0,_log_buffer_js__WEBPACK_IMPORTED_MODULE_9__/* .lineSplitter */ .s)(onLine);
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
        await (0,_util_sleep_js__WEBPACK_IMPORTED_MODULE_7__/* .sleep */ .yy)(POLL_MS, signal).catch(() => undefined);
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
    const now = (0,_process_identity_js__WEBPACK_IMPORTED_MODULE_6__/* .readProcessStartTime */ .RD)(pid);
    if (now !== null && startTime !== null && now !== startTime)
        return false;
    return (0,_process_identity_js__WEBPACK_IMPORTED_MODULE_6__/* .isProcessGroupAlive */ .Ol)(pid);
}
/** The argv, the environment and the DeepSpeed or Accelerate config file a run uses, unwritten. */
function launcherConfigs(job) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(job.outputDir), 'launcher');
    if (job.train.distributed === 'accelerate') {
        const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, 'accelerate.yaml');
        return {
            argv: (0,_launcher_argv_js__WEBPACK_IMPORTED_MODULE_8__/* .launcherArgv */ .F)(job, { accelerate: file }),
            env: { MLENV_ACCELERATE_CONFIG: file },
            files: [{ path: file, content: (0,yaml__WEBPACK_IMPORTED_MODULE_3__/* .stringify */ .As)((0,_launcher_config_js__WEBPACK_IMPORTED_MODULE_10__/* .accelerateConfig */ .s)(job.train)) }],
        };
    }
    if (job.train.distributed === 'deepspeed') {
        const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, 'deepspeed.json');
        return {
            argv: (0,_launcher_argv_js__WEBPACK_IMPORTED_MODULE_8__/* .launcherArgv */ .F)(job),
            env: { MLENV_DEEPSPEED_CONFIG: file },
            files: [{ path: file, content: `${JSON.stringify((0,_launcher_config_js__WEBPACK_IMPORTED_MODULE_10__/* .deepspeedConfig */ .c)(job.train), null, 2)}\n` }],
        };
    }
    return { argv: (0,_launcher_argv_js__WEBPACK_IMPORTED_MODULE_8__/* .launcherArgv */ .F)(job), env: {}, files: [] };
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


/***/ })

};
