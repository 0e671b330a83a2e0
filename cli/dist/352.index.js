export const id = 352;
export const ids = [352];
export const modules = {

/***/ 4352:
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
// EXTERNAL MODULE: ./shared/process/daemon.ts
var daemon = __webpack_require__(7570);
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
/** Runs the trainer as a child process on this machine: the embedded default. */
function createLocalBackend(options = {}) {
    const baseEnv = options.env ?? process.env;
    return {
        name: 'local',
        async describe(job) {
            return `cd ${job.projectDir} && ${launcherArgv(job).map(shellQuoteForDisplay).join(' ')}`;
        },
        async run(job, logger, signal) {
            await (0,promises_.mkdir)(job.outputDir, { recursive: true });
            await (0,promises_.mkdir)(job.checkpointDir, { recursive: true });
            const configs = await writeLauncherConfigs(job);
            return runProcess(job, { ...baseEnv, ...job.env, ...job.secretEnv, ...configs.env }, configs.argv, logger, signal);
        },
    };
}
/** Writes the DeepSpeed or Accelerate config next to the run's outputs, when the run uses one. */
async function writeLauncherConfigs(job) {
    const dir = external_node_path_default().join(external_node_path_default().dirname(job.outputDir), 'launcher');
    if (job.train.distributed === 'accelerate') {
        const file = external_node_path_default().join(dir, 'accelerate.yaml');
        await (0,promises_.mkdir)(dir, { recursive: true });
        await (0,promises_.writeFile)(file, (0,dist/* stringify */.As)((0,launcher_config/* accelerateConfig */.s)(job.train)));
        return {
            argv: launcherArgv(job, { accelerate: file }),
            env: { MLENV_ACCELERATE_CONFIG: file },
        };
    }
    if (job.train.distributed === 'deepspeed') {
        const file = external_node_path_default().join(dir, 'deepspeed.json');
        await (0,promises_.mkdir)(dir, { recursive: true });
        await (0,promises_.writeFile)(file, `${JSON.stringify((0,launcher_config/* deepspeedConfig */.c)(job.train), null, 2)}\n`);
        return { argv: launcherArgv(job), env: { MLENV_DEEPSPEED_CONFIG: file } };
    }
    return { argv: launcherArgv(job), env: {} };
}
function runProcess(job, env, argv, logger, signal) {
    const [file, ...args] = argv;
    const log = new log_buffer/* LogBuffer */.b(job.secrets);
    return new Promise((resolve) => {
        // Its own process group, so cancelling reaches torchrun's workers too.
        const child = (0,external_node_child_process_.spawn)(file, args, {
            cwd: job.projectDir,
            env,
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let killTimer;
        const onAbort = () => {
            logger.info('Cancelling: stopping the trainer');
            if (!child.pid)
                return;
            const pid = child.pid;
            (0,daemon/* signalGroup */.i8)(pid, 'SIGTERM');
            killTimer = setTimeout(() => (0,daemon/* signalGroup */.i8)(pid, 'SIGKILL'), KILL_GRACE_MS);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        const emit = (line) => logger.info(log.push(line));
        const out = (0,log_buffer/* lineSplitter */.s)(emit);
        const err = (0,log_buffer/* lineSplitter */.s)(emit);
        child.stdout.on('data', (c) => out.write(c));
        child.stderr.on('data', (c) => err.write(c));
        child.on('error', (error) => {
            signal.removeEventListener('abort', onAbort);
            resolve({
                status: 'failed',
                reason: `could not start ${file}: ${error.message}`,
                logTail: log.tail(),
                log: log.text(),
            });
        });
        child.on('close', (code, sig) => {
            out.end();
            err.end();
            clearTimeout(killTimer);
            signal.removeEventListener('abort', onAbort);
            const base = { logTail: log.tail(), log: log.text() };
            if (signal.aborted)
                resolve({ status: 'cancelled', reason: 'cancelled', ...base });
            else if (code === 0)
                resolve({ status: 'succeeded', exitCode: 0, ...base });
            else if (code !== null)
                resolve({
                    status: 'failed',
                    exitCode: code,
                    reason: `trainer exited with code ${code}`,
                    ...base,
                });
            else {
                const hint = sig === 'SIGKILL' ? ' (out of memory?)' : '';
                resolve({ status: 'failed', reason: `trainer was killed by ${sig}${hint}`, ...base });
            }
        });
    });
}
function shellQuoteForDisplay(arg) {
    return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
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


/***/ })

};
