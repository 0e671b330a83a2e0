export const id = 793;
export const ids = [793];
export const modules = {

/***/ 890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rY: () => (/* binding */ ALIASES)
/* harmony export */ });
/* unused harmony exports LEASE_TAG, COMMIT_TAG, leaseSchema, localServerSchema, localServingRecordSchema, mlmodelSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);

/** The aliases a promotion moves, in the registered model of `promote.model`. */
const ALIASES = {
    candidate: 'candidate',
    champion: 'champion',
    previousChampion: 'previous-champion',
};
/** Registered-model tag that holds the promotion lease. */
const LEASE_TAG = 'mlenv.promote.lease';
/** Model-version tag naming the commit a version was trained from (set by `mlenv train`). */
const COMMIT_TAG = 'mlenv.git.commit';
const leaseSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    /** Who holds it, for people: "alice@laptop pid 4242" or a workflow run URL. */
    holder: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    /** Random per acquisition: what "still mine" is checked against. */
    token: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    host: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    pid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    acquiredAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    expiresAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    /** What the holder is doing, so that whoever takes over a dead holder's lease can finish it. */
    operation: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        kind: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['promote', 'rollback']),
        from: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        to: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    })
        .optional(),
});
/** One `mlflow models serve` process of the local serving target. */
const localServerSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    pid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    port: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    model: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    version: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    modelUri: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    startedAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    logFile: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
});
/**
 * The serving address file of a local serving name: which server answers (`current`) and, while a
 * promotion is between its switch and its end, the server it replaced (`previous`), kept running
 * so the promotion can switch back.
 */
const localServingRecordSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    serving: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    current: localServerSchema,
    previous: localServerSchema.optional(),
    updatedAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
});
/** The part of an MLmodel file that says where the input example is. */
const mlmodelSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    saved_input_example_info: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        artifact_path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        serving_input_path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        pandas_orient: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    })
        .optional()
        .nullable(),
});


/***/ }),

/***/ 1793:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  JOB_RESULTS: () => (/* reexport */ JOB_RESULTS),
  PR_REPORT_MARKER: () => (/* reexport */ PR_REPORT_MARKER),
  PR_STAGES: () => (/* reexport */ stages/* PR_STAGES */.D),
  RESULT_ARTIFACT_PREFIX: () => (/* reexport */ RESULT_ARTIFACT_PREFIX),
  RESULT_VERSION: () => (/* reexport */ RESULT_VERSION),
  STAGE_STATUSES: () => (/* reexport */ STAGE_STATUSES),
  STEP_OUTCOMES: () => (/* reexport */ stages/* STEP_OUTCOMES */.L),
  code: () => (/* reexport */ code),
  difference: () => (/* reexport */ difference),
  lookupChampion: () => (/* reexport */ lookupChampion),
  lookupChampions: () => (/* reexport */ lookupChampions),
  mergeEarlierResults: () => (/* reexport */ mergeEarlierResults),
  parseNeeds: () => (/* reexport */ parseNeeds),
  readReportData: () => (/* reexport */ readReportData),
  readStageResults: () => (/* reexport */ readStageResults),
  recordStageResult: () => (/* reexport */ recordStageResult),
  renderPrReport: () => (/* reexport */ renderPrReport),
  resultArtifactName: () => (/* reexport */ resultArtifactName),
  resultFileName: () => (/* reexport */ resultFileName),
  runPrReport: () => (/* reexport */ runPrReport),
  safeUrl: () => (/* reexport */ safeUrl),
  sortResults: () => (/* reexport */ sortResults),
  stageResultFromStep: () => (/* reexport */ stageResultFromStep),
  stageResultSchema: () => (/* reexport */ stageResultSchema),
  text: () => (/* reexport */ render_text),
  writeStageResult: () => (/* reexport */ writeStageResult)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/mlflow/client.ts + 2 modules
var client = __webpack_require__(4155);
// EXTERNAL MODULE: ./shared/promote/schema.ts
var schema = __webpack_require__(890);
;// CONCATENATED MODULE: ./shared/report/pr-report/champion.ts



/** The champion of `model` and its run's metrics. Any failure is an `unavailable` answer. */
async function lookupChampion(registry, model) {
    return (await lookup(registry, model)).answer;
}
/**
 * The champion of each project whose smoke training reported metrics, by project. A server that
 * is down or refuses the token is asked once, not once per project: every later project of the
 * same server gets the same answer at once, so a dead MLflow costs one retry budget in all.
 */
async function lookupChampions(options) {
    const { logger } = options;
    const found = new Map();
    const down = new Map();
    const registries = new Map();
    for (const result of options.results) {
        if (result.stage !== 'smoke-train' || Object.keys(result.metrics).length === 0)
            continue;
        const { model } = result;
        if (!model) {
            found.set(result.project, { kind: 'no-model' });
            continue;
        }
        const uri = options.trackingUri ?? result.trackingUri;
        if (!uri) {
            found.set(result.project, {
                kind: 'unavailable',
                model,
                reason: 'the smoke run used the embedded MLflow, which holds no champion; set tracking-uri',
            });
            continue;
        }
        const reason = down.get(uri);
        if (reason) {
            found.set(result.project, { kind: 'unavailable', model, reason });
            continue;
        }
        let registry = registries.get(uri);
        if (!registry) {
            registry = options.registryFor(uri);
            registries.set(uri, registry);
        }
        const { answer, serverWide } = await lookup(registry, model);
        if (answer.kind === 'unavailable') {
            logger.warning(`champion of ${model} (${result.project}): ${answer.reason}`);
            if (serverWide)
                down.set(uri, answer.reason);
        }
        found.set(result.project, answer);
    }
    return found;
}
async function lookup(registry, model) {
    try {
        const version = await registry.versionByAlias(model, schema/* ALIASES */.rY.champion);
        if (!version)
            return { answer: { kind: 'none', model }, serverWide: false };
        // A version registered without a run (an external model) has no metrics to compare.
        const metrics = version.run_id ? await registry.runMetrics(version.run_id) : {};
        const answer = {
            kind: 'found',
            model,
            version: version.version,
            runId: version.run_id,
            metrics,
        };
        return { answer, serverWide: false };
    }
    catch (error) {
        const reason = `MLflow at ${registry.uri}: ${(0,errors/* errorMessage */.gJ)(error)}`;
        return { answer: { kind: 'unavailable', model, reason }, serverWide: isServerWide(error) };
    }
}
/** Failures that every request to the same server would meet: unreachable, or the token refused. */
function isServerWide(error) {
    return (error instanceof client/* MlflowUnreachableError */.wT ||
        (error instanceof client/* MlflowError */.mF && (error.status === 401 || error.status === 403)));
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./shared/config/select-project.ts


/**
 * The project named (by name or directory), else the one around `cwd`, else the only project of
 * the workspace.
 */
function selectProject(workspace, wanted, cwd = process.cwd()) {
    const { projects } = workspace;
    const names = projects.map((p) => p.name).join(', ') || '(none)';
    if (wanted) {
        const asDir = external_node_path_default().relative(workspace.root, external_node_path_default().resolve(cwd, wanted))
            .split((external_node_path_default()).sep)
            .join('/');
        const found = projects.find((p) => p.name === wanted || p.dir === wanted || p.dir === asDir);
        if (found)
            return found;
        throw new errors/* ConfigurationError */.j1(`Project "${wanted}": expected one of ${names}, found no such project.`);
    }
    const around = projectAround(workspace, cwd);
    if (around)
        return around;
    if (projects.length === 1 && projects[0])
        return projects[0];
    throw new errors/* ConfigurationError */.j1(`Which project? Name one of ${names}, or run inside a project directory.`);
}
/** The project whose directory holds `cwd`, if any. */
function projectAround(workspace, cwd = process.cwd()) {
    const here = external_node_path_default().relative(workspace.root, cwd).split((external_node_path_default()).sep).join('/');
    return workspace.projects.find((p) => here === p.dir || here.startsWith(`${p.dir}/`));
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(3243);
// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var dist = __webpack_require__(3382);
// EXTERNAL MODULE: ./shared/config/diagnostics.ts
var config_diagnostics = __webpack_require__(4409);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
;// CONCATENATED MODULE: ./shared/check/schema.ts

// Rule selectors as ruff spells them: a linter prefix, optionally narrowed by digits ("F", "F401",
// "PLR2", "ALL").
const ruleSelector = schemas/* string */.YjP({ error: 'a ruff rule selector such as "F401" or "D"' })
    .regex(/^[A-Z]+[0-9]*$/, { error: 'a ruff rule selector such as "F401" or "D"' });
const projectGlob = schemas/* string */.YjP({ error: 'a glob relative to the project directory, such as "tests/*.py"' })
    .min(1)
    .refine((g) => !g.startsWith('/') && !g.split('/').includes('..'), {
    error: 'a glob relative to the project directory, without ".."',
});
/**
 * A project's own adjustments to the workspace's one ruff configuration. Only rule selection may
 * change: line length, target version and formatting stay workspace-wide so every project reads
 * and formats alike.
 */
const ruffOverridesSchema = schemas/* strictObject */.rej({
    /** Rules checked in this project on top of the workspace's selection. */
    extendSelect: schemas/* array */.YOg(ruleSelector).default([]),
    /** Rules not checked in this project, on top of the workspace's ignores. */
    ignore: schemas/* array */.YOg(ruleSelector).default([]),
    /** Rules ignored in some of this project's files; globs are relative to the project directory. */
    perFileIgnores: schemas/* record */.g1P(projectGlob, schemas/* array */.YOg(ruleSelector)).default({}),
});
/** The optional `check` section of a project's mlenv.yaml. */
const checkSchema = schemas/* strictObject */.rej({
    ruff: ruffOverridesSchema.optional(),
});

;// CONCATENATED MODULE: ./shared/upgrade/schema.ts

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
const packageName = schemas/* string */.YjP({ error: 'a package name such as "torch"' })
    .regex(PACKAGE_NAME, { error: 'a package name such as "torch", without a version' });
const holdEntry = schemas/* string */.YjP({ error: 'a package name such as "numpy", or a name with a cap such as "mlflow<4"' })
    .refine((entry) => parseHold(entry) !== undefined, {
    error: 'a package name such as "numpy", or a name with a cap such as "mlflow<4"',
});
const upgradeGroupSchema = schemas/* strictObject */.rej({
    name: schemas/* string */.YjP({ error: 'a group name such as "pytorch"' }).regex(GROUP_NAME, {
        error: 'a group name of lowercase letters, digits, ".", "_" and "-" such as "pytorch"',
    }),
    packages: schemas/* array */.YOg(packageName, { error: 'a list of package names' }).default([]),
    /** The CUDA variant this group moves the environment to (index, wheels and image together). */
    cuda: schemas/* string */.YjP({ error: 'a quoted CUDA variant such as "13.0", or "cpu"' })
        .regex(CUDA_VARIANT, { error: 'a CUDA variant such as "13.0", or "cpu"' })
        .optional(),
    /** The Python version this group moves the environment to; such a group holds nothing else. */
    python: schemas/* string */.YjP({ error: 'a quoted Python version such as "3.12"' })
        .regex(PYTHON_VERSION, { error: 'a Python version such as "3.12"' })
        .optional(),
});
const upgradeSchema = schemas/* strictObject */.rej({
    /** When the shipped workflow looks for upgrades (cron, UTC). */
    schedule: schemas/* string */.YjP({ error: CRON_PHRASE })
        .superRefine((value, ctx) => {
        const problem = cronProblem(value);
        if (problem)
            ctx.addIssue({ code: 'custom', message: problem });
    })
        .default(DEFAULT_SCHEDULE),
    /** The largest version bump proposed. */
    allow: schemas/* enum */.k5n(UPGRADE_ALLOW).default('minor'),
    hold: schemas/* array */.YOg(holdEntry, { error: 'a list of package names or capped names' }).default([]),
    groups: schemas/* array */.YOg(upgradeGroupSchema, { error: 'a list of groups' }).default([]),
    /** What to do when a group cannot be resolved together: open a draft PR or skip the group. */
    onConflict: schemas/* enum */.k5n(ON_CONFLICT).default('draft'),
    /** Labels put on every upgrade pull request, such as the one that triggers GPU tests. */
    labels: schemas/* array */.YOg(schemas/* string */.YjP({ error: 'a GitHub label name' })
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

// EXTERNAL MODULE: ./shared/util/duration.ts
var duration = __webpack_require__(8515);
;// CONCATENATED MODULE: ./shared/util/quantity.ts
// Kubernetes quantities ("100Mi", "1G", "512k", "0.5Gi") as numbers, for sizes written in
// mlenv.yaml the way the rest of a cluster's settings are.
const SUFFIXES = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    Pi: 1024 ** 5,
    Ei: 1024 ** 6,
};
const QUANTITY = /^(\d+(?:\.\d+)?)(m|k|Ki|Mi|Gi|Ti|Pi|Ei|M|G|T|P|E)?$/;
/** The value of a quantity; NaN for text that is not one. */
function parseQuantity(text) {
    const match = QUANTITY.exec(text.trim());
    if (!match)
        return Number.NaN;
    return Number(match[1]) * SUFFIXES[(match[2] ?? '')];
}
/** Bytes for people: "812 B", "3.4 KiB", "12.0 MiB", "1.20 GiB". */
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    if (bytes < 1024 ** 2)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    if (bytes < 1024 ** 3)
        return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
    return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

;// CONCATENATED MODULE: ./shared/config/schema.ts





// Every custom message below is the "expected ..." half of a diagnostic; the formatter adds
// what was found from the YAML document itself, so messages never repeat user input.
const API_VERSION = 'mlenv/v1';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const schema_QUANTITY = /^\d+(\.\d+)?(m|k|Ki|Mi|Gi|Ti|Pi|Ei|M|G|T|P|E)?$/;
const schema_PYTHON_VERSION = /^3\.\d{1,2}$/;
const schema_CUDA_VARIANT = /^(cpu|\d{2}\.\d)$/;
const GLOB_META = /[*?[\]{}]/;
const relativePath = schemas/* string */.YjP({ error: 'a path relative to the workspace root' })
    .min(1, { error: 'a non-empty relative path' })
    .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), {
    error: 'a path inside the workspace (relative, without "..")',
});
const schema_projectGlob = schemas/* string */.YjP({ error: 'a glob of project directories such as "projects/*"' })
    .min(1, { error: 'a non-empty glob such as "projects/*"' })
    .refine((g) => !g.startsWith('/') && !g.split('/').includes('..'), {
    error: 'a glob relative to the workspace root, without ".."',
})
    .refine((g) => balanced(g, '[', ']') && balanced(g, '{', '}'), {
    error: 'a glob with balanced [] and {}',
});
function balanced(text, open, close) {
    let depth = 0;
    for (const ch of text) {
        if (ch === open)
            depth++;
        else if (ch === close && --depth < 0)
            return false;
    }
    return depth === 0;
}
const schema_duration = schemas/* string */.YjP({ error: 'a duration such as "30m", "2h" or "1h30m"' })
    .regex(duration/* DURATION_PATTERN */.C, { error: 'a duration such as "30m", "2h" or "1h30m"' });
const QUANTITY_PHRASE = 'a Kubernetes quantity such as "2", "500m" or "4Gi"';
const quantity = schemas/* union */.KCZ([
    schemas/* string */.YjP().regex(schema_QUANTITY, { error: QUANTITY_PHRASE }),
    schemas/* number */.aig().positive({ error: QUANTITY_PHRASE }),
], { error: QUANTITY_PHRASE })
    .transform(String);
const paramValue = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig(), schemas/* boolean */.zMY()], {
    error: 'a string, number or boolean',
});
const DISTRIBUTED = ['none', 'torchrun', 'deepspeed', 'accelerate'];
const PRECISION = ['fp32', 'bf16', 'fp16'];
const SERVING_TARGETS = ['local', 'kserve'];
const WORKLOADS = ['auto', 'trainjob', 'job'];
/** Where a cluster's pods get the code: `auto` picks git for a clean, pushed tree. */
const CODE_SOURCES = ['auto', 'git', 'working-tree'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
/** `kubernetes.multiNode`, the deprecated spelling of `kubernetes.workload`, and what it means. */
const LEGACY_MULTI_NODE = { auto: 'auto', TrainJob: 'trainjob', IndexedJob: 'job' };
const environmentSchema = schemas/* strictObject */.rej({
    python: schemas/* string */.YjP({ error: 'a quoted Python version such as "3.11"' })
        .regex(schema_PYTHON_VERSION, { error: 'a Python version such as "3.11"' }),
    cuda: schemas/* string */.YjP({ error: 'a quoted CUDA variant such as "12.8", or "cpu"' })
        .regex(schema_CUDA_VARIANT, { error: 'a CUDA variant such as "12.8", or "cpu"' }),
    requirements: relativePath,
    lock: relativePath,
    /**
     * Extra package index for the PyTorch wheels of the CUDA variant, e.g.
     * https://download.pytorch.org/whl/cu128; PyPI alone when absent.
     */
    pytorchIndex: schemas/* url */.OZ5({ error: 'an http(s) URL of a package index' }).optional(),
    /** The package index in place of PyPI, e.g. a company mirror (PEP 503/691 simple API). */
    indexUrl: schemas/* url */.OZ5({ error: 'an http(s) URL of a package index' }).optional(),
    /** Further indexes, searched as uv's --extra-index-url. */
    extraIndexUrls: schemas/* array */.YOg(schemas/* url */.OZ5({ error: 'an http(s) URL of a package index' }), {
        error: 'a list of package index URLs',
    })
        .optional(),
    image: schemas/* string */.YjP({ error: 'an image repository such as "ghcr.io/acme/mlenv-runtime"' })
        .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, {
        error: 'an image repository without tag, such as "ghcr.io/acme/mlenv-runtime"',
    }),
});
// Kubernetes' own rules for label keys and values (and so for node selectors and taints).
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY_PHRASE = 'a label key such as "nvidia.com/gpu.product" or "pool"';
const labelKey = schemas/* string */.YjP({ error: LABEL_KEY_PHRASE })
    .refine(isLabelKey, { error: LABEL_KEY_PHRASE });
const labelValue = schemas/* string */.YjP({ error: 'a label value (at most 63 letters, digits, "-", "_" or ".")' })
    .refine((v) => v === '' || (v.length <= 63 && LABEL_NAME.test(v)), {
    error: 'a label value (at most 63 letters, digits, "-", "_" or ".")',
});
function isLabelKey(key) {
    const slash = key.lastIndexOf('/');
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    const name = slash < 0 ? key : key.slice(slash + 1);
    if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
        return false;
    return name.length <= 63 && LABEL_NAME.test(name);
}
/**
 * A toleration as the API server takes it, with its cross-field rules checked here so a mistake
 * points at the line of mlenv.yaml rather than failing at submission.
 */
const tolerationSchema = schemas/* strictObject */.rej({
    key: labelKey.optional(),
    operator: schemas/* enum */.k5n(['Exists', 'Equal']).optional().meta({ default: 'Equal' }),
    value: labelValue.optional(),
    /** Unset: tolerates every effect of the taint. */
    effect: schemas/* enum */.k5n(TAINT_EFFECTS).optional(),
    /** How long a NoExecute taint is tolerated before the pod is evicted. */
    tolerationSeconds: schemas/* number */.aig().int({ error: 'a whole number of seconds' }).min(0).optional(),
})
    .superRefine((t, ctx) => {
    if (t.operator === 'Exists' && t.value)
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'no value with operator Exists' });
    if (!t.key && t.operator !== 'Exists')
        ctx.addIssue({
            code: 'custom',
            path: t.operator ? ['operator'] : [],
            message: 'a key, or operator Exists to tolerate every taint',
        });
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
        ctx.addIssue({
            code: 'custom',
            path: ['tolerationSeconds'],
            message: 'tolerationSeconds only with effect NoExecute',
        });
});
const trackingSchema = schemas/* strictObject */.rej({
    uri: schemas/* url */.OZ5({ error: 'an http(s) URL of an MLflow tracking server' }).optional(),
});
const kubernetesSchema = schemas/* strictObject */.rej({
    context: schemas/* string */.YjP().min(1).optional(),
    namespace: schemas/* string */.YjP().regex(DNS_LABEL, { error: 'a Kubernetes namespace name' }),
    serviceAccount: schemas/* string */.YjP()
        .regex(DNS_LABEL, { error: 'a Kubernetes service account name' })
        .optional(),
    gpuResource: schemas/* string */.YjP()
        .regex(/^[a-z0-9.-]+\/[a-z0-9.-]+$/, {
        error: 'an extended resource name such as "nvidia.com/gpu"',
    })
        .default('nvidia.com/gpu'),
    /**
     * How a multi-node run is submitted: a Kubeflow TrainJob, an indexed Job with a headless
     * Service, or (auto) a TrainJob where the cluster serves trainer.kubeflow.org. One node is
     * always a Job.
     */
    workload: schemas/* enum */.k5n(WORKLOADS).optional().meta({ default: 'auto' }),
    /** Deprecated: `workload` (TrainJob is trainjob, IndexedJob is job). */
    multiNode: schemas/* enum */.k5n(['auto', 'TrainJob', 'IndexedJob'])
        .optional()
        .meta({ deprecated: true, description: 'Deprecated: use workload (trainjob, job or auto).' }),
    /** Extra annotations and labels for every training pod (service mesh opt-outs, cost tags...). */
    podAnnotations: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).default({}),
    podLabels: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).default({}),
    /** Only nodes with these labels run training pods (a node pool, a GPU model). */
    nodeSelector: schemas/* record */.g1P(labelKey, labelValue).default({}),
    /** Taints of those nodes that training pods tolerate, beside the GPU taint MLEnv adds. */
    tolerations: schemas/* array */.YOg(tolerationSchema, { error: 'a list of tolerations' }).default([]),
    /**
     * A Secret of the namespace with a read token for the repository (keys `password`, and
     * optionally `username`; type kubernetes.io/basic-auth fits), for a private repository. Unset in
     * a GitHub Actions run: the workflow's token, in a Secret of the run's own.
     */
    gitCredentials: schemas/* strictObject */.rej({
        secretName: schemas/* string */.YjP().max(253).regex(DNS_SUBDOMAIN, { error: 'a Kubernetes Secret name' }),
    })
        .optional(),
    /** How the pods get the code: git for a clean, pushed tree, else the working tree via MLflow. */
    code: schemas/* strictObject */.rej({
        source: schemas/* enum */.k5n(CODE_SOURCES).default('auto'),
        /** The most the working tree may weigh (its files, uncompressed) to be shipped. */
        maxSize: quantity
            .refine((q) => parseQuantity(q) >= 1, { error: 'a size in bytes such as "100Mi"' })
            .default('100Mi'),
    })
        .prefault({}),
    /** A PersistentVolumeClaim for checkpoints, so a preempted pod's retry resumes where it stopped. */
    checkpoints: schemas/* strictObject */.rej({
        claimName: schemas/* string */.YjP().regex(DNS_LABEL, { error: 'a PersistentVolumeClaim name' }),
    })
        .optional(),
})
    // The deprecated key is kept on the result, so whoever reports it can say where it came from.
    .transform((settings) => ({
    ...settings,
    workload: settings.workload ??
        (settings.multiNode ? LEGACY_MULTI_NODE[settings.multiNode] : undefined) ??
        'auto',
}));
const servingSchema = schemas/* strictObject */.rej({
    target: schemas/* enum */.k5n(SERVING_TARGETS).default('local'),
    namespace: schemas/* string */.YjP().regex(DNS_LABEL, { error: 'a Kubernetes namespace name' }).optional(),
    /** KServe: the new revision's share of traffic at each step of a rollout; the last is 100. */
    canarySteps: schemas/* array */.YOg(schemas/* number */.aig().int().min(1).max(100), { error: 'percentages such as [10, 50, 100]' })
        .min(1)
        .refine((steps) => steps[steps.length - 1] === 100, { error: 'steps ending at 100' })
        .refine((steps) => steps.every((s, i) => i === 0 || s > steps[i - 1]), {
        error: 'increasing percentages such as [10, 50, 100]',
    })
        .default([10, 50, 100]),
});
const workspaceSchema = schemas/* strictObject */.rej({
    apiVersion: schemas/* literal */.euz(API_VERSION),
    kind: schemas/* literal */.euz('Workspace'),
    projects: schemas/* array */.YOg(schema_projectGlob).min(1, { error: 'at least one project glob' }),
    environment: environmentSchema,
    tracking: trackingSchema.default({}),
    kubernetes: kubernetesSchema.optional(),
    serving: servingSchema.default({ target: 'local', canarySteps: [10, 50, 100] }),
    /** `mlenv upgrade`: which framework and package upgrades are proposed, and how. */
    upgrade: upgradeSchema.prefault({}),
});
const trainSchema = schemas/* strictObject */.rej({
    command: schemas/* array */.YOg(schemas/* string */.YjP().min(1), { error: 'an argv list such as ["python", "train.py"]' })
        .min(1, { error: 'an argv list such as ["python", "train.py"]' }),
    params: schemas/* record */.g1P(schemas/* string */.YjP(), paramValue).default({}),
    resources: schemas/* strictObject */.rej({
        gpus: schemas/* number */.aig().int().min(0).default(0),
        cpu: quantity.optional(),
        memory: quantity.optional(),
    })
        .default({ gpus: 0 }),
    nodes: schemas/* number */.aig().int().min(1).default(1),
    procsPerNode: schemas/* number */.aig().int().min(1).default(1),
    distributed: schemas/* enum */.k5n(DISTRIBUTED).default('none'),
    precision: schemas/* enum */.k5n(PRECISION).default('fp32'),
    maxRuntime: schema_duration.default('1h'),
    retries: schemas/* number */.aig().int().min(0).max(20).default(2),
})
    .superRefine((train, ctx) => {
    // Point at the count the user wrote, since `distributed` is often left at its default.
    for (const key of ['nodes', 'procsPerNode']) {
        if (train.distributed === 'none' && train[key] > 1) {
            ctx.addIssue({
                code: 'custom',
                path: [key],
                message: '1 unless distributed is torchrun, deepspeed or accelerate',
            });
        }
    }
});
const GATE_RULES = ['min', 'max', 'maxRegression', 'minImprovement'];
const gateSchema = schemas/* strictObject */.rej({
    metric: schemas/* string */.YjP().min(1, { error: 'a metric name' }),
    min: schemas/* number */.aig().optional(),
    max: schemas/* number */.aig().optional(),
    maxRegression: schemas/* number */.aig().min(0).optional(),
    minImprovement: schemas/* number */.aig().min(0).optional(),
    /** Which way is better; by default lower for names with loss/error/mse..., else higher. */
    direction: schemas/* enum */.k5n(['higher', 'lower']).optional(),
})
    .refine((gate) => GATE_RULES.some((rule) => gate[rule] !== undefined), {
    error: `a gate with a metric and at least one rule of ${GATE_RULES.join(', ')}`,
});
const projectSchema = schemas/* strictObject */.rej({
    apiVersion: schemas/* literal */.euz(API_VERSION),
    kind: schemas/* literal */.euz('Project'),
    name: schemas/* string */.YjP({ error: 'a project name (lowercase letters, digits and "-")' })
        .max(63, { error: 'a project name of at most 63 characters' })
        .regex(DNS_LABEL, { error: 'a project name (lowercase letters, digits and "-")' }),
    dependsOn: schemas/* array */.YOg(relativePath).default([]),
    train: trainSchema.optional(),
    tests: schemas/* strictObject */.rej({
        unit: relativePath.default('tests'),
        integration: relativePath.optional(),
    })
        .default({ unit: 'tests' }),
    /** The project's own adjustments to the workspace's one lint configuration. */
    check: checkSchema.optional(),
    promote: schemas/* strictObject */.rej({
        model: schemas/* string */.YjP().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'a registered model name' }),
        gates: schemas/* array */.YOg(gateSchema).default([]),
        serving: schemas/* strictObject */.rej({
            name: schemas/* string */.YjP().regex(DNS_LABEL, { error: 'a serving name (a DNS label)' }),
        }),
    })
        .optional(),
});
const KINDS = { Workspace: workspaceSchema, Project: projectSchema };
function isGlob(pattern) {
    return GLOB_META.test(pattern);
}

// EXTERNAL MODULE: ./node_modules/leven/index.js
var leven = __webpack_require__(7785);
;// CONCATENATED MODULE: ./shared/config/validate-document.ts


/**
 * Validates one parsed YAML document against a schema and positions every problem in the file.
 * Messages say what was expected; what was found is read from the document itself.
 */
function validateDocument(source, schema) {
    if (source.syntaxErrors.length > 0)
        return { ok: false, diagnostics: source.syntaxErrors };
    if (source.empty) {
        return {
            ok: false,
            diagnostics: [
                {
                    file: source.file,
                    line: 1,
                    column: 1,
                    path: '',
                    expected: 'a mapping with apiVersion and kind',
                    found: 'an empty file',
                },
            ],
        };
    }
    const result = schema.safeParse(source.data, { error: expectedPhrase });
    if (result.success)
        return { ok: true, value: result.data };
    return {
        ok: false,
        diagnostics: result.error.issues.flatMap((i) => toDiagnostics(source, schema, i)),
    };
}
function toDiagnostics(source, schema, issue) {
    if (issue.code === 'unrecognized_keys') {
        const known = knownKeys(schema, issue.path);
        return issue.keys.map((key) => {
            const path = [...issue.path, key];
            const position = source.positionOf(path, { key: true });
            const suggestion = closest(key, known);
            return {
                file: source.file,
                ...position,
                path: (0,config_diagnostics/* formatKeyPath */.K7)(path),
                expected: known.length > 0 ? `one of the keys ${known.join(', ')}` : 'no further keys',
                found: `unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
            };
        });
    }
    if (issue.code === 'invalid_key') {
        // A bad key of a mapping (a node selector's label key): point at the key, not its value.
        const key = String(issue.path[issue.path.length - 1]);
        return [
            {
                file: source.file,
                ...source.positionOf(issue.path, { key: true }),
                path: (0,config_diagnostics/* formatKeyPath */.K7)(issue.path),
                expected: issue.issues[0]?.message ?? issue.message,
                found: `the key ${JSON.stringify(key)}`,
            },
        ];
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
        // The deepest branch usually explains the mistake best.
        const branch = issue.errors.reduce((a, b) => (depthOf(b) > depthOf(a) ? b : a));
        const inner = branch[0];
        if (inner && inner.path.length > 0) {
            return toDiagnostics(source, schema, { ...inner, path: [...issue.path, ...inner.path] });
        }
    }
    return [
        {
            file: source.file,
            ...source.positionOf(issue.path),
            path: (0,config_diagnostics/* formatKeyPath */.K7)(issue.path),
            expected: issue.message,
            found: source.describeAt(issue.path),
        },
    ];
}
function depthOf(issues) {
    return Math.max(0, ...issues.map((i) => i.path.length));
}
function expectedPhrase(issue) {
    switch (issue.code) {
        case 'invalid_type':
            return TYPE_PHRASES[issue.expected] ?? `a ${issue.expected}`;
        case 'invalid_value':
            return issue.values.length === 1
                ? JSON.stringify(issue.values[0])
                : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
        case 'too_small':
            return boundPhrase(issue.origin, 'at least', issue.minimum, issue.inclusive);
        case 'too_big':
            return boundPhrase(issue.origin, 'at most', issue.maximum, issue.inclusive);
        case 'invalid_format':
            return `a valid ${issue.format}`;
        case 'not_multiple_of':
            return `a multiple of ${String(issue.divisor)}`;
        default:
            return 'a valid value';
    }
}
const TYPE_PHRASES = {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    record: 'a mapping',
};
function boundPhrase(origin, word, bound, inclusive = true) {
    const n = Number(bound);
    if (origin === 'array')
        return `${word} ${n} item${n === 1 ? '' : 's'}`;
    if (origin === 'string')
        return `${word} ${n} character${n === 1 ? '' : 's'}`;
    const op = word === 'at least' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
    return `a number ${op} ${n}`;
}
/** Keys the schema allows at a path, for "unknown key" messages and suggestions. */
function knownKeys(schema, path) {
    let current = unwrap(schema);
    for (const part of path) {
        if (!current)
            return [];
        const def = current._zod.def;
        if (def.type === 'object')
            current = def.shape[String(part)];
        else if (def.type === 'array')
            current = def.element;
        else if (def.type === 'record')
            current = def.valueType;
        else
            return [];
        current = current && unwrap(current);
    }
    const def = current?._zod.def;
    return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}
function unwrap(schema) {
    let current = schema;
    for (;;) {
        const def = current._zod.def;
        if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') {
            current = def.innerType;
        }
        else if (def.type === 'pipe') {
            current = def.in;
        }
        else {
            return current;
        }
    }
}
function closest(word, candidates) {
    let best;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
        const distance = (0,leven/* default */.A)(word.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    // Beyond a third of the word, a suggestion is more confusing than helpful.
    return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3))
        ? best
        : undefined;
}

;// CONCATENATED MODULE: ./shared/config/workspace-root.ts



// Apart from workspace.ts so that finding the root loads no YAML parser, schema or glob library:
// an action says what it is about to do before it loads them.
const CONFIG_FILE = 'mlenv.yaml';
/** Finds the nearest enclosing directory whose mlenv.yaml says `kind: Workspace`. */
async function findWorkspaceRoot(start) {
    let dir = external_node_path_default().resolve(start);
    for (;;) {
        const file = external_node_path_default().join(dir, CONFIG_FILE);
        const text = await (0,promises_.readFile)(file, 'utf8').catch(() => undefined);
        if (text !== undefined && /^kind:\s*["']?Workspace["']?\s*(#.*)?$/m.test(text))
            return dir;
        const parent = external_node_path_default().dirname(dir);
        if (parent === dir) {
            throw new errors/* ConfigurationError */.j1(`No ${CONFIG_FILE} with "kind: Workspace" in ${external_node_path_default().resolve(start)} or any parent directory. ` +
                'Run mlenv inside a workspace or pass --workspace DIR.');
        }
        dir = parent;
    }
}

;// CONCATENATED MODULE: ./shared/config/workspace.ts










/**
 * Loads and validates the workspace and every project in it. All problems in all files are
 * collected before failing, so one run shows the user everything to fix.
 */
async function loadWorkspace(root, options = {}) {
    const base = options.displayBase ?? process.cwd();
    const show = (file) => displayPath(base, file);
    const diagnostics = [];
    const warnings = [];
    const workspaceFile = external_node_path_default().join(external_node_path_default().resolve(root), CONFIG_FILE);
    const workspaceDoc = await readDocument(workspaceFile, show(workspaceFile), 'Workspace');
    if (!workspaceDoc.ok)
        throw failure(workspaceDoc.diagnostics);
    const { source, value: config } = workspaceDoc;
    const rootDir = external_node_path_default().dirname(workspaceFile);
    const requirements = external_node_path_default().join(rootDir, config.environment.requirements);
    if (!(await isFile(requirements))) {
        await loadPositions();
        diagnostics.push({
            file: source.file,
            ...source.positionOf(['environment', 'requirements']),
            path: 'environment.requirements',
            expected: 'an existing requirements file',
            found: `no file at ${config.environment.requirements}`,
        });
    }
    const projects = [];
    const sources = new Map();
    const seenDirs = new Set();
    for (const [index, pattern] of config.projects.entries()) {
        const matches = await (0,dist/* glob */.TI)(pattern, {
            cwd: rootDir,
            onlyDirectories: true,
            expandDirectories: false,
            ignore: ['**/node_modules/**', '**/.*/**'],
        });
        const dirs = matches.map((m) => m.replace(/\/$/, '')).sort();
        if (dirs.length === 0) {
            await loadPositions();
            warnings.push({
                file: source.file,
                ...source.positionOf(['projects', index]),
                path: `projects[${index}]`,
                expected: 'a glob that matches at least one project directory',
                found: 'no match',
            });
        }
        const fresh = dirs.filter((dir) => !seenDirs.has(dir));
        for (const dir of fresh)
            seenDirs.add(dir);
        // Read concurrently (hundreds of projects in a monorepo), then report in directory order.
        const reads = await Promise.all(fresh.map(async (dir) => {
            const file = external_node_path_default().join(rootDir, dir, CONFIG_FILE);
            if (!(await isFile(file)))
                return { dir, file, doc: undefined };
            return { dir, file, doc: await readDocument(file, show(file), 'Project') };
        }));
        for (const { dir, file, doc } of reads) {
            if (!doc) {
                await loadPositions();
                diagnostics.push({
                    file: source.file,
                    ...source.positionOf(['projects', index]),
                    path: `projects[${index}]`,
                    expected: `every matched directory to hold ${CONFIG_FILE} with "kind: Project"`,
                    found: `${dir}/ without one`,
                });
                continue;
            }
            if (!doc.ok) {
                diagnostics.push(...doc.diagnostics);
                continue;
            }
            projects.push({
                name: doc.value.name,
                dir,
                file,
                config: doc.value,
                dependsOn: doc.value.dependsOn.map(normalizeDir),
            });
            sources.set(file, doc.source);
        }
    }
    diagnostics.push(...(await checkProjectGraph(projects, sources)));
    if (diagnostics.length > 0)
        throw failure(diagnostics);
    return { root: rootDir, file: workspaceFile, config, projects, warnings };
}
async function checkProjectGraph(projects, sources) {
    const diagnostics = [];
    const byDir = new Map(projects.map((p) => [p.dir, p]));
    const at = async (project, keyPath) => {
        await loadPositions();
        const source = sources.get(project.file);
        const position = source?.positionOf(keyPath) ?? { line: 1, column: 1 };
        return { file: source?.file ?? project.file, ...position };
    };
    const firstByName = new Map();
    for (const project of projects) {
        const first = firstByName.get(project.name);
        if (!first) {
            firstByName.set(project.name, project);
            continue;
        }
        diagnostics.push({
            ...(await at(project, ['name'])),
            path: 'name',
            expected: 'a project name unique in the workspace',
            found: `"${project.name}", also the name of ${first.dir}`,
        });
    }
    for (const project of projects) {
        for (const [index, dep] of project.dependsOn.entries()) {
            if (!byDir.has(dep)) {
                const known = [...byDir.keys()].filter((d) => d !== project.dir);
                diagnostics.push({
                    ...(await at(project, ['dependsOn', index])),
                    path: `dependsOn[${index}]`,
                    expected: known.length > 0
                        ? `a project directory such as ${known.slice(0, 3).join(', ')}`
                        : 'a project directory of this workspace',
                    found: `"${dep}", which is no project`,
                });
            }
        }
    }
    for (const cycle of findCycles(projects, byDir)) {
        const [project, index] = cycle.closing;
        diagnostics.push({
            ...(await at(project, ['dependsOn', index])),
            path: `dependsOn[${index}]`,
            expected: 'no dependency cycle',
            found: `the cycle ${cycle.dirs.join(' -> ')}`,
        });
    }
    return diagnostics;
}
function findCycles(projects, byDir) {
    const state = new Map();
    const stack = [];
    const cycles = [];
    const visit = (project) => {
        state.set(project.dir, 'visiting');
        stack.push(project);
        for (const [index, dep] of project.dependsOn.entries()) {
            const next = byDir.get(dep);
            if (!next)
                continue;
            const seen = state.get(dep);
            if (seen === 'visiting') {
                const start = stack.findIndex((p) => p.dir === dep);
                const dirs = [...stack.slice(start).map((p) => p.dir), dep];
                cycles.push({ dirs, closing: [project, index] });
            }
            else if (seen === undefined) {
                visit(next);
            }
        }
        stack.pop();
        state.set(project.dir, 'done');
    };
    for (const project of projects)
        if (!state.has(project.dir))
            visit(project);
    return cycles;
}
async function readDocument(file, shown, kind) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        const code = error.code;
        return {
            ok: false,
            diagnostics: [
                {
                    file: shown,
                    line: 1,
                    column: 1,
                    path: '',
                    expected: `${CONFIG_FILE} with "kind: ${kind}"`,
                    found: code === 'ENOENT' ? 'no file' : `an unreadable file (${code ?? 'error'})`,
                },
            ],
        };
    }
    // Fast path: a plain parse and the schema. Only a file with a problem pays for the document
    // with source positions (several times slower), which every diagnostic needs.
    const quick = quickParse(text);
    if (quick !== undefined) {
        const parsed = KINDS[kind].safeParse(quick);
        if (parsed.success) {
            return {
                ok: true,
                source: lazySource(shown, text),
                value: parsed.data,
            };
        }
    }
    const source = (await loadPositions()).parseYamlSource(shown, text);
    const result = validateDocument(source, KINDS[kind]);
    if (!result.ok)
        return result;
    return {
        ok: true,
        source,
        value: result.value,
    };
}
function quickParse(text) {
    try {
        // YAML 1.2 core types, as the positional parser reads them.
        return (0,js_yaml/* load */.Hh)(text, { schema: js_yaml/* CORE_SCHEMA */.OU });
    }
    catch {
        return undefined;
    }
}
let positional;
/**
 * The positional YAML parser, loaded only for a file with a problem: a valid workspace is read
 * without it (it is the largest part of the config stack an action loads before its first line).
 * Called before anything asks a lazy source for a position.
 */
async function loadPositions() {
    positional ??= await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(302)]).then(__webpack_require__.bind(__webpack_require__, 8302));
    return positional;
}
/** The positional document of a valid file, built only if a later check needs a position. */
function lazySource(file, text) {
    let parsed;
    const source = () => {
        if (!positional)
            throw new Error(`internal: a position in ${file} was read before loadPositions()`);
        parsed ??= positional.parseYamlSource(file, text);
        return parsed;
    };
    return {
        file,
        get data() {
            return source().data;
        },
        get empty() {
            return source().empty;
        },
        get syntaxErrors() {
            return source().syntaxErrors;
        },
        positionOf: (keyPath, options) => source().positionOf(keyPath, options),
        describeAt: (keyPath) => source().describeAt(keyPath),
    };
}
function failure(diagnostics) {
    const sorted = [...diagnostics].sort(config_diagnostics/* compareDiagnostics */.oV);
    const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
    return new errors/* ConfigurationError */.j1(`Invalid MLEnv configuration: ${count}.`, sorted);
}
function normalizeDir(dir) {
    return external_node_path_default().posix.normalize(dir.replaceAll('\\', '/')).replace(/\/$/, '');
}
function displayPath(base, file) {
    const relative = external_node_path_default().relative(base, file);
    return relative && !relative.startsWith('..') && !external_node_path_default().isAbsolute(relative) ? relative : file;
}
async function isFile(file) {
    try {
        return (await (0,promises_.stat)(file)).isFile();
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./shared/report/pr-report/stages.ts
var stages = __webpack_require__(190);
;// CONCATENATED MODULE: ./shared/report/pr-report/result.ts






const STAGE_STATUSES = ['passed', 'failed', 'skipped', 'cancelled'];
/** Bumped when a result file changes incompatibly; a report reads only its own version. */
const RESULT_VERSION = 1;
// Result files come from jobs that ran the pull request's code, which could have rewritten
// them: every field is bounded here, and everything shown is escaped when rendered.
const projectName = schemas/* string */.YjP()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
const count = schemas/* number */.aig().int().nonnegative().max(1e9);
const result_text = schemas/* string */.YjP().max(2000);
const testCounts = schemas/* object */.Ikc({ passed: count, failed: count, skipped: count });
const common = {
    version: schemas/* literal */.euz(RESULT_VERSION),
    project: projectName,
    status: schemas/* enum */.k5n(STAGE_STATUSES),
    /** One line: why the leg failed or was skipped. */
    reason: result_text.optional(),
    /** The pull request's head commit the leg ran on. */
    sha: schemas/* string */.YjP()
        .regex(/^[0-9a-f]{7,64}$/)
        .optional(),
    /** The workflow run the leg belongs to. */
    runUrl: result_text.optional(),
};
const checkResultSchema = schemas/* object */.Ikc({
    ...common,
    stage: schemas/* literal */.euz('check'),
    /** Lint findings and files not formatted. */
    lint: count.optional(),
    unformatted: count.optional(),
    tests: testCounts.optional(),
});
const gpuTestResultSchema = schemas/* object */.Ikc({
    ...common,
    stage: schemas/* literal */.euz('gpu-test'),
    tests: testCounts.optional(),
    /** GPUs the job held. */
    gpus: count.optional(),
});
const smokeTrainResultSchema = schemas/* object */.Ikc({
    ...common,
    stage: schemas/* literal */.euz('smoke-train'),
    run: schemas/* object */.Ikc({ id: schemas/* string */.YjP().max(200), url: result_text.optional() }).optional(),
    /** The final value of each metric of the smoke run. */
    metrics: schemas/* record */.g1P(schemas/* string */.YjP().max(250), schemas/* number */.aig()).default({}),
    /** promote.model of the project: whose champion the metrics are compared with. */
    model: schemas/* string */.YjP().max(256).optional(),
    /** The MLflow server the run went to; absent for the embedded one. */
    trackingUri: result_text.optional(),
});
const stageResultSchema = schemas/* discriminatedUnion */.gMt('stage', [
    checkResultSchema,
    gpuTestResultSchema,
    smokeTrainResultSchema,
]);
/**
 * The result of one leg from its step's outcome and outputs (those of the check, gpu-test or
 * train action). A step that never ran (an earlier step failed) is a failed leg, with that reason.
 */
function stageResultFromStep(step) {
    const base = {
        version: RESULT_VERSION,
        project: step.project,
        sha: step.sha,
        runUrl: step.runUrl,
    };
    const notRun = notRunStatus(step);
    switch (step.stage) {
        case 'check': {
            const row = checkRow(step.outputs.results, step.project);
            const tests = row
                ? { passed: row.passed ?? 0, failed: row.failed ?? 0, skipped: row.skipped ?? 0 }
                : undefined;
            const result = {
                ...base,
                stage: 'check',
                status: notRun?.status ?? outcomeStatus(step.outcome),
                reason: notRun?.reason,
                lint: row?.lint,
                unformatted: row?.format,
                tests,
            };
            if (result.status === 'failed' && !row && !result.reason)
                result.reason = NO_REPORT;
            return checkResultSchema.parse(result);
        }
        case 'gpu-test': {
            const o = step.outputs;
            const reported = o.status;
            const tests = o.status
                ? { passed: integer(o.passed), failed: integer(o.failed), skipped: integer(o.skipped) }
                : undefined;
            let status;
            let reason = o.reason;
            if (notRun)
                ({ status, reason } = notRun);
            else if (reported === 'passed' || reported === 'failed')
                status = reported;
            else if (reported === 'skipped') {
                status = 'skipped';
                reason ??= 'no GPU test ran: no GPU visible, or no test marked gpu (see the job summary)';
            }
            else if (reported === 'refused') {
                // Unapproved fork code is not a test failure: the tests are waiting for a maintainer.
                status = 'skipped';
                reason = `refused: ${reason ?? "the fork's latest commit carries no valid approval label"}`;
            }
            else
                status = outcomeStatus(step.outcome);
            if (status === 'failed' && !reported && !reason)
                reason = NO_REPORT;
            return gpuTestResultSchema.parse({
                ...base,
                stage: 'gpu-test',
                status,
                reason,
                tests,
                gpus: jsonList(o.gpus)?.length,
            });
        }
        case 'smoke-train': {
            const o = step.outputs;
            const trained = {
                succeeded: 'passed',
                failed: 'failed',
                cancelled: 'cancelled',
            };
            const untrained = step.trains === false && step.outcome === 'skipped';
            let status = untrained
                ? 'skipped'
                : (notRun?.status ?? trained[o.status ?? ''] ?? outcomeStatus(step.outcome));
            let reason = untrained
                ? 'the project has no train section: it is only checked'
                : notRun?.reason;
            // The train action reports a failed training as a failed step too; a passed status with a
            // failed step means the action broke after training.
            if (!untrained && !notRun && status === 'passed' && step.outcome === 'failure') {
                status = 'failed';
                reason = 'the training finished, then the train step failed (see the job log)';
            }
            if (status === 'failed' && !o.status && !reason)
                reason = NO_REPORT;
            return smokeTrainResultSchema.parse({
                ...base,
                stage: 'smoke-train',
                status,
                reason,
                run: o['run-id'] ? { id: o['run-id'], url: o['run-url'] || undefined } : undefined,
                metrics: metricsOf(o.metrics),
                model: step.model,
                trackingUri: step.trackingUri,
            });
        }
    }
}
const NO_REPORT = 'the step failed before it reported a result (see the job log)';
function notRunStatus(step) {
    if (step.outcome !== 'skipped')
        return undefined;
    if (step.jobStatus === 'cancelled')
        return { status: 'cancelled', reason: 'the job was cancelled before the step ran' };
    return {
        status: 'failed',
        reason: 'did not run: an earlier step of the job failed (see the job log)',
    };
}
function outcomeStatus(outcome) {
    const statuses = {
        success: 'passed',
        failure: 'failed',
        cancelled: 'cancelled',
        skipped: 'skipped',
    };
    return statuses[outcome];
}
/** The project's row of the check action's `results` output, if it has one. */
function checkRow(results, project) {
    const rows = jsonList(results);
    const row = rows?.find((r) => r && typeof r === 'object' && r.name === project);
    if (!row)
        return undefined;
    const n = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
    return {
        lint: n(row.lint),
        format: n(row.format),
        passed: n(row.passed),
        failed: n(row.failed),
        skipped: n(row.skipped),
    };
}
function jsonList(text) {
    const parsed = safeJson(text);
    return Array.isArray(parsed) ? parsed : undefined;
}
function metricsOf(text) {
    const parsed = safeJson(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry) => typeof entry[1] === 'number' && Number.isFinite(entry[1])));
}
function integer(text) {
    const value = Number(text);
    return Number.isInteger(value) && value >= 0 ? value : 0;
}
function safeJson(text) {
    if (!text)
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/** `check--fraud.json`: one file per leg, so legs never overwrite each other's. */
function resultFileName(result) {
    return `${result.stage}--${result.project}.json`;
}
/** Writes the leg's result into `dir` (created if needed); returns the file. */
async function writeStageResult(dir, result) {
    const valid = stageResultSchema.parse(result);
    await (0,promises_.mkdir)(dir, { recursive: true });
    const file = external_node_path_default().join(dir, resultFileName(valid));
    // Written aside and renamed, so an upload never sees half a file.
    const partial = `${file}.partial-${process.pid}`;
    await (0,promises_.writeFile)(partial, `${JSON.stringify(valid, null, 2)}\n`);
    await (0,promises_.rename)(partial, file);
    return file;
}
// Far more than a workspace has legs; a bound so that a flood of files cannot stall the report.
const MAX_FILES = 2_000;
const MAX_FILE_BYTES = 256 * 1024;
/** Each leg uploads its result as the artifact `mlenv-pr-result-<stage>-<project>`. */
const RESULT_ARTIFACT_PREFIX = 'mlenv-pr-result-';
function resultArtifactName(result) {
    return `${RESULT_ARTIFACT_PREFIX}${result.stage}-${result.project}`;
}
/**
 * Every result file under `dir`, sorted by project, then stage. download-artifact puts each
 * artifact in a folder of its name: a result inside such a folder counts only for that folder's
 * leg, so that the code of one leg's job (a fork's, in smoke-train) cannot pass off a result as
 * another leg's. A missing folder holds no results: nothing was uploaded. A file that is not a
 * valid result is skipped and named in `problems`, so one bad leg never hides the others.
 */
async function readStageResults(dir) {
    const problems = [];
    let entries;
    try {
        entries = (await (0,promises_.readdir)(dir, { recursive: true, withFileTypes: true }))
            .filter((e) => e.isFile() && e.name.endsWith('.json'))
            .map((e) => external_node_path_default().join(e.parentPath, e.name))
            .sort();
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return { results: [], problems };
        throw error;
    }
    if (entries.length > MAX_FILES) {
        problems.push(`${entries.length} result files; read the first ${MAX_FILES}`);
        entries = entries.slice(0, MAX_FILES);
    }
    const byLeg = new Map();
    for (const file of entries) {
        const name = external_node_path_default().relative(dir, file);
        let parsed;
        try {
            const content = await (0,promises_.readFile)(file);
            if (content.length > MAX_FILE_BYTES)
                throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
            const checked = stageResultSchema.safeParse(JSON.parse(content.toString('utf8')));
            if (!checked.success) {
                const issue = checked.error.issues[0];
                throw new Error(`not a version ${RESULT_VERSION} result: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
            }
            parsed = checked.data;
            const folder = external_node_path_default().basename(external_node_path_default().dirname(file));
            if (folder.startsWith(RESULT_ARTIFACT_PREFIX) && folder !== resultArtifactName(parsed)) {
                throw new Error(`a result of ${parsed.stage} for ${parsed.project} in the artifact ${folder}; ignored`);
            }
        }
        catch (error) {
            problems.push(`${name}: ${(0,errors/* errorMessage */.gJ)(error)}`);
            continue;
        }
        const key = `${parsed.project}\u0000${parsed.stage}`;
        if (byLeg.has(key)) {
            problems.push(`${name}: a second result for ${parsed.stage} of ${parsed.project}; ignored`);
            continue;
        }
        byLeg.set(key, parsed);
    }
    return { results: sortResults([...byLeg.values()]), problems };
}
function sortResults(results) {
    return [...results].sort((a, b) => a.project.localeCompare(b.project) || stages/* PR_STAGES */.D.indexOf(a.stage) - stages/* PR_STAGES */.D.indexOf(b.stage));
}

;// CONCATENATED MODULE: ./shared/report/pr-report/record.ts




/**
 * Writes one leg's result file. It runs after the leg whatever happened (`if: always()`), so it
 * never fails on what it records: a workspace that cannot be read (which the check leg reports)
 * only leaves the model name out.
 */
async function recordStageResult(options) {
    const { step, logger } = options;
    let model;
    let trains;
    let trackingUri = options.trackingUri;
    if (step.stage === 'smoke-train' && options.workspace !== undefined) {
        try {
            const workspace = await loadWorkspace(await findWorkspaceRoot(options.workspace));
            const { config } = selectProject(workspace, step.project);
            model = config.promote?.model;
            trains = config.train !== undefined;
            trackingUri ??= workspace.config.tracking.uri;
        }
        catch (error) {
            logger.warning(`could not read the workspace for ${step.project}'s model name: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
    const result = stageResultFromStep({ ...step, model, trackingUri, trains });
    const file = await writeStageResult(options.dir, result);
    logger.info(`Recorded ${result.stage} of ${result.project}: ${result.status}${result.reason ? ` (${result.reason})` : ''} in ${file}`);
    return { file, result };
}

;// CONCATENATED MODULE: ./shared/promote/gates.ts
// Tokens of a metric name (split at anything but letters and digits) that make it an error
// measure. Any other metric is a score, where higher is better.
const LOWER_IS_BETTER_TOKENS = new Set([
    'loss',
    'error',
    'err',
    'mse',
    'rmse',
    'mae',
    'mape',
    'perplexity',
    'ppl',
    'wer',
    'cer',
    'latency',
]);
/**
 * Whether a larger value of `metric` is better. Lower is better when the name contains "loss" or
 * "error" anywhere (val_loss, trainLoss, error_rate) or has a token that is a usual error measure
 * (mse, rmse, mae, mape, perplexity, ppl, wer, cer, err, latency); higher is better otherwise
 * (auc, accuracy, f1, precision...). A gate's `direction` overrides this.
 */
function higherIsBetter(metric, direction) {
    if (direction)
        return direction === 'higher';
    const lower = metric.toLowerCase();
    if (lower.includes('loss') || lower.includes('error'))
        return false;
    return !lower.split(/[^a-z0-9]+/).some((token) => LOWER_IS_BETTER_TOKENS.has(token));
}
// Metrics read back from MLflow are doubles; an equal metric must meet `maxRegression: 0`.
const EPSILON = 1e-12;
/**
 * Evaluates every rule of every gate. Absolute rules (min, max) compare the candidate's metric
 * with a bound. Relative rules compare it with the current champion's, in the metric's own units
 * and in its better direction: `maxRegression: 0.05` lets the candidate be at most 0.05 worse,
 * `minImprovement: 0.01` needs it at least 0.01 better. With no champion (a first promotion) or a
 * champion that never logged the metric, relative rules pass, with a note saying why.
 * `championMetrics` undefined means there is no champion.
 */
function evaluateGates(gates, candidateMetrics, championMetrics) {
    const rows = [];
    for (const gate of gates) {
        const higher = higherIsBetter(gate.metric, gate.direction);
        const candidate = finite(candidateMetrics[gate.metric]);
        const champion = championMetrics ? finite(championMetrics[gate.metric]) : undefined;
        const base = { metric: gate.metric, candidate, champion };
        const missing = `the candidate's run has no ${gate.metric}`;
        if (gate.min !== undefined) {
            rows.push({
                ...base,
                rule: 'min',
                description: `≥ ${gate.min}`,
                pass: candidate !== undefined && candidate >= gate.min - EPSILON,
                note: candidate === undefined ? missing : undefined,
            });
        }
        if (gate.max !== undefined) {
            rows.push({
                ...base,
                rule: 'max',
                description: `≤ ${gate.max}`,
                pass: candidate !== undefined && candidate <= gate.max + EPSILON,
                note: candidate === undefined ? missing : undefined,
            });
        }
        const direction = higher ? 'higher is better' : 'lower is better';
        const relative = (rule, limit) => {
            const description = rule === 'maxRegression'
                ? `at most ${limit} worse than champion (${direction})`
                : `at least ${limit} better than champion (${direction})`;
            const row = { ...base, rule, description };
            if (candidate === undefined)
                return { ...row, pass: false, note: missing };
            if (!championMetrics)
                return { ...row, pass: true, note: 'no champion yet' };
            if (champion === undefined)
                return { ...row, pass: true, note: `the champion's run has no ${gate.metric}` };
            const improvement = higher ? candidate - champion : champion - candidate;
            const pass = rule === 'maxRegression' ? -improvement <= limit + EPSILON : improvement >= limit - EPSILON;
            return { ...row, pass };
        };
        if (gate.maxRegression !== undefined)
            rows.push(relative('maxRegression', gate.maxRegression));
        if (gate.minImprovement !== undefined)
            rows.push(relative('minImprovement', gate.minImprovement));
    }
    return { passed: rows.every((row) => row.pass), rows };
}
function finite(value) {
    return value !== undefined && Number.isFinite(value) ? value : undefined;
}

;// CONCATENATED MODULE: ./shared/promote/report.ts
const HEADER = (/* unused pure expression or super */ null && (['metric', 'candidate', 'champion', 'rule', 'result']));
/** The gate table as GitHub-flavoured markdown, for a job summary or a pull request comment. */
function gateTableMarkdown(gates) {
    if (gates.rows.length === 0)
        return '_No gates configured (promote.gates is empty)._\n';
    const lines = [
        `| ${HEADER.join(' | ')} |`,
        '| --- | ---: | ---: | --- | --- |',
        ...gates.rows.map((row) => {
            const cells = cellsOf(row);
            return `| \`${escapeCell(cells[0])}\` | ${cells[1]} | ${cells[2]} | ${escapeCell(cells[3])} | ${row.pass ? '✅ pass' : '❌ fail'} |`;
        }),
    ];
    return `${lines.join('\n')}\n`;
}
/** The gate table for a terminal: aligned columns, FAIL in capitals so it stands out uncoloured. */
function gateTableText(gates) {
    if (gates.rows.length === 0)
        return 'No gates configured (promote.gates is empty).\n';
    const rows = [
        [...HEADER],
        ...gates.rows.map((row) => [...cellsOf(row).slice(0, 4), row.pass ? 'pass' : 'FAIL']),
    ];
    const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    const align = (cells) => cells
        .map((cell, i) => i === 1 || i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    return `${rows.map(align).join('\n')}\n`;
}
/** A job summary of a promotion: outcome, then the gate table when gates were evaluated. */
function promoteSummaryMarkdown(result) {
    const title = {
        promoted: `✅ ${result.model} version ${result.version} promoted to champion`,
        'already-champion': `☑️ ${result.model} version ${result.version} is already the champion`,
        superseded: `⏭️ ${result.model} version ${result.version} is older than the champion`,
        refused: `❌ ${result.model} version ${result.version} refused by its gates`,
        'rolled-back': `↩️ ${result.model} rolled back to version ${result.version}`,
    };
    const parts = [`### ${title[result.outcome]}`, '', result.message, ''];
    if (result.url)
        parts.push(`Serving at ${result.url}`, '');
    if (result.gates)
        parts.push(gateTableMarkdown(result.gates));
    return `${parts.join('\n').trimEnd()}\n`;
}
/** `mlenv serve status`, one line per serving name. */
function servingStatusText(status) {
    if (!status.deployed)
        return `${status.serving} (${status.strategy}): not deployed`;
    const health = status.healthy ? 'healthy' : `UNHEALTHY (${status.detail ?? 'no answer'})`;
    const pending = status.previousVersion
        ? `; version ${status.previousVersion} still kept by an unfinished promotion`
        : '';
    return `${status.serving} (${status.strategy}): ${status.model} version ${status.version} at ${status.url}, ${health}, since ${status.startedAt}${pending}`;
}
function cellsOf(row) {
    return [
        row.metric,
        formatValue(row.candidate),
        formatValue(row.champion),
        row.note ? `${row.description} (${row.note})` : row.description,
    ];
}
/** Four significant digits: enough to see a 0.05 regression, short enough for a table. */
function formatValue(value) {
    if (value === undefined)
        return '—';
    if (Number.isInteger(value))
        return String(value);
    return String(Number(value.toPrecision(4)));
}
function escapeCell(text) {
    return text.replace(/\|/g, '\\|');
}

;// CONCATENATED MODULE: ./shared/util/text.ts
// Small pieces of wording shared by the reports.
/** `1 GPU`, `2 GPUs`; `many` for a plural that is not the word and an s. */
function plural(n, word, many = `${word}s`) {
    return `${n} ${n === 1 ? word : many}`;
}
/** The first line of a text that says anything, trimmed: the gist of a tool's output. */
function firstNonEmptyLine(text) {
    return (text
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '') ?? '');
}
/** Text made safe for one cell of a Markdown table: no pipe ends the cell, no newline the row. */
function markdownCell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

;// CONCATENATED MODULE: ./shared/report/pr-report/render.ts





/** Leads the one report comment of a pull request; how the next run finds it. */
const PR_REPORT_MARKER = '<!-- mlenv:pr-report -->';
// The results the comment shows, hidden in it, so that a later run on the same commit that runs
// only some jobs (the approval run of a fork's GPU tests) keeps the others' results.
const DATA_PREFIX = '<!-- mlenv:pr-report-data ';
const DATA_SUFFIX = ' -->';
// Beyond this the data is left out: the comment still shows everything, a later run carries less.
const MAX_DATA_CHARS = 24_000;
/** `needs.<job>.result` of a job of the workflow. */
const JOB_RESULTS = ['success', 'failure', 'cancelled', 'skipped'];
const STAGE_TITLES = {
    check: 'check',
    'gpu-test': 'GPU tests',
    'smoke-train': 'smoke train',
};
const ICONS = {
    passed: '✅',
    failed: '❌',
    skipped: '⏭️',
    cancelled: '⏹️',
    unknown: '❔',
};
// A smoke run's metrics list is the trainer's to choose; the comment stays small.
const MAX_METRIC_ROWS = 15;
/** The report comment: the marker, the hidden data, a table of legs, then smoke runs vs champion. */
function renderPrReport(input) {
    const results = input.results;
    const projects = [...new Set([...(input.projects ?? []), ...results.map((r) => r.project)])]
        .filter((p) => /^[a-z0-9-]+$/.test(p))
        .sort((a, b) => a.localeCompare(b));
    const lines = [PR_REPORT_MARKER];
    const data = embedData(input.sha, results);
    if (data)
        lines.push(data);
    lines.push('### MLEnv pull request report', '');
    const about = [
        input.sha ? `commit \`${input.sha.slice(0, 7)}\`` : undefined,
        input.runUrl && safeUrl(input.runUrl) ? `[workflow run](${safeUrl(input.runUrl)})` : undefined,
    ].filter(Boolean);
    if (about.length > 0)
        lines.push(`For ${about.join(', ')}.`, '');
    if (projects.length === 0) {
        lines.push('No project is affected by this change: nothing was checked.', '');
    }
    else {
        lines.push(`| project | ${stages/* PR_STAGES */.D.map((s) => STAGE_TITLES[s]).join(' | ')} |`, `| --- | ${stages/* PR_STAGES */.D.map(() => '---').join(' | ')} |`);
        for (const project of projects) {
            const cells = stages/* PR_STAGES */.D.map((stage) => {
                const result = results.find((r) => r.project === project && r.stage === stage);
                return result ? resultCell(result) : missingCell(stage, input);
            });
            lines.push(`| ${code(project)} | ${cells.join(' | ')} |`);
        }
        lines.push('');
        if (results.some((r) => r.earlier)) {
            lines.push('<sub>↩️ from an earlier workflow run on the same commit.</sub>', '');
        }
    }
    for (const project of projects) {
        const smoke = results.find((r) => r.project === project && r.stage === 'smoke-train');
        if (!smoke || Object.keys(smoke.metrics).length === 0)
            continue;
        lines.push(...smokeSection(smoke, input.champions?.get(project)), '');
    }
    const problems = input.problems ?? [];
    if (problems.length > 0) {
        lines.push(`<details><summary>${problems.length} result file(s) not used</summary>`, '', ...problems.slice(0, 20).map((p) => `- ${render_text(p)}`), '', '</details>', '');
    }
    return `${lines.join('\n').trimEnd()}\n`;
}
function resultCell(result) {
    const cell = (() => {
        switch (result.stage) {
            case 'check':
                return checkCell(result);
            case 'gpu-test':
                return gpuCell(result);
            case 'smoke-train':
                return smokeCell(result);
        }
    })();
    return result.earlier ? `${cell} ↩️` : cell;
}
function withReason(status, summary, reason) {
    const parts = [summary, reason ? render_text(reason, 200) : ''].filter(Boolean);
    return `${ICONS[status]} ${parts.join(': ')}`;
}
function checkCell(r) {
    if (r.status === 'passed')
        return `${ICONS.passed} passed${r.tests ? ` (${testsText(r.tests)})` : ''}`;
    if (r.status !== 'failed')
        return withReason(r.status, r.status, r.reason);
    const found = [
        r.lint ? plural(r.lint, 'lint finding') : '',
        r.unformatted ? `${plural(r.unformatted, 'file')} not formatted` : '',
        r.tests?.failed ? `${plural(r.tests.failed, 'test')} failed` : '',
    ].filter(Boolean);
    return withReason('failed', found.length > 0 ? found.join(', ') : 'failed', r.reason);
}
function gpuCell(r) {
    if (r.status === 'passed' || r.status === 'failed') {
        const summary = r.tests ? testsText(r.tests) : r.status;
        return withReason(r.status, summary, r.status === 'failed' ? r.reason : undefined);
    }
    return withReason(r.status, r.status, r.reason);
}
function smokeCell(r) {
    const url = r.run?.url ? safeUrl(r.run.url) : undefined;
    const id = r.run ? code(r.run.id.slice(0, 8)) : '';
    const run = r.run ? (url ? `[run ${id}](${url})` : `run ${id}`) : '';
    if (r.status === 'passed')
        return `${ICONS.passed} ${run || 'passed'}`;
    return withReason(r.status, [r.status, run].filter(Boolean).join(', '), r.reason);
}
/** A leg with no result: what its job's end says of it. */
function missingCell(stage, input) {
    const job = input.jobs?.[stage];
    switch (job) {
        case 'skipped':
            return `${ICONS.skipped} not run${input.skipReasons?.[stage] ? `: ${render_text(input.skipReasons[stage])}` : ''}`;
        case 'cancelled':
            return `${ICONS.cancelled} cancelled`;
        case 'failure':
            return `${ICONS.failed} failed before it left a result (see the job log)`;
        case 'success':
            return `${ICONS.unknown} no result`;
        default:
            return '—';
    }
}
function smokeSection(smoke, champion) {
    const lines = [
        `#### ${code(smoke.project)}: smoke run${champion?.kind === 'found' ? ' vs champion' : ''}`,
        '',
    ];
    const championMetrics = champion?.kind === 'found' ? champion.metrics : undefined;
    switch (champion?.kind) {
        case 'found':
            lines.push(`Champion: ${code(champion.model)} version ${code(champion.version)}. A smoke run trains briefly, so it usually trails the champion; a metric far off in the wrong direction is the signal.`);
            break;
        case 'none':
            lines.push(`${code(champion.model)} has no champion yet: nothing to compare with.`);
            break;
        case 'no-model':
            lines.push('The project has no `promote.model`: nothing to compare with.');
            break;
        case 'unavailable':
            lines.push(`Comparison with the champion unavailable: ${render_text(champion.reason, 300)}.`);
            break;
        default:
            break;
    }
    lines.push('');
    const metrics = Object.entries(smoke.metrics).sort(([a], [b]) => a.localeCompare(b));
    if (championMetrics) {
        lines.push('| metric | smoke run | champion | difference |', '| --- | ---: | ---: | --- |');
        for (const [metric, value] of metrics.slice(0, MAX_METRIC_ROWS)) {
            const best = championMetrics[metric];
            lines.push(`| ${code(metric)} | ${formatValue(value)} | ${formatValue(best)} | ${difference(metric, value, best)} |`);
        }
    }
    else {
        lines.push('| metric | smoke run |', '| --- | ---: |');
        for (const [metric, value] of metrics.slice(0, MAX_METRIC_ROWS)) {
            lines.push(`| ${code(metric)} | ${formatValue(value)} |`);
        }
    }
    if (metrics.length > MAX_METRIC_ROWS) {
        lines.push('', `<sub>… and ${metrics.length - MAX_METRIC_ROWS} more metrics in the run.</sub>`);
    }
    return lines;
}
/** `+0.012 (better)`: signed, in the metric's units, judged in its better direction. */
function difference(metric, value, champion) {
    if (champion === undefined)
        return '—';
    const delta = value - champion;
    if (Math.abs(delta) < 1e-12)
        return 'equal';
    const sign = delta > 0 ? '+' : '−';
    // How far training went is no quality: a shorter smoke run is expected, not worse.
    if (PROGRESS_COUNTER.test(metric))
        return `${sign}${formatValue(Math.abs(delta))}`;
    const better = higherIsBetter(metric) ? delta > 0 : delta < 0;
    return `${sign}${formatValue(Math.abs(delta))} (${better ? 'better' : 'worse'})`;
}
const PROGRESS_COUNTER = /^(epochs?|(global_)?steps?|iter(ation)?s?)$/i;
function testsText(t) {
    const parts = [`${t.passed} passed`];
    if (t.failed)
        parts.push(`${t.failed} failed`);
    if (t.skipped)
        parts.push(`${t.skipped} skipped`);
    return parts.join(', ');
}
/**
 * Text from a result file, safe in a table cell: one line, bounded, no HTML (a fake marker or
 * an image), no markdown links or emphasis, and no @-mentions that would notify people.
 */
function render_text(value, max = 500) {
    const line = value.replace(/\s+/g, ' ').trim();
    const cut = line.length > max ? `${line.slice(0, max - 1)}…` : line;
    return cut
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/([\\`*_[\]()#!|~])/g, '\\$1')
        .replace(/@/g, '@&#8203;');
}
/** A name as inline code, safe in a table cell. */
function code(value) {
    const line = value.replace(/\s+/g, ' ').replace(/`/g, "'").slice(0, 200);
    return `\`${line.replace(/\|/g, '\\|')}\``;
}
/** An http(s) address fit for a markdown link in a table cell, or undefined. */
function safeUrl(value) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return undefined;
    return url.href.replace(/[()|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function embedData(sha, results) {
    if (!sha || results.length === 0)
        return undefined;
    const plain = results.map(({ earlier: _earlier, ...r }) => r);
    const encoded = Buffer.from(JSON.stringify({ sha, results: plain })).toString('base64url');
    if (encoded.length > MAX_DATA_CHARS)
        return undefined;
    return `${DATA_PREFIX}${encoded}${DATA_SUFFIX}`;
}
const embeddedSchema = schemas/* object */.Ikc({ sha: schemas/* string */.YjP(), results: schemas/* array */.YOg(schemas/* unknown */.L5J()) });
/** The results a report comment carries, with the commit they were for; undefined if none. */
function readReportData(body) {
    const match = /<!-- mlenv:pr-report-data ([A-Za-z0-9_-]+) -->/.exec(body ?? '');
    if (!match?.[1])
        return undefined;
    let parsed;
    try {
        parsed = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
    }
    catch {
        return undefined;
    }
    const data = embeddedSchema.safeParse(parsed);
    if (!data.success)
        return undefined;
    const results = data.data.results.flatMap((r) => {
        const one = stageResultSchema.safeParse(r);
        return one.success ? [one.data] : [];
    });
    return { sha: data.data.sha, results };
}
/**
 * This run's results plus those of an earlier run on the same commit for legs whose job did not
 * run this time (skipped), marked `earlier`. A leg that ran again keeps only its new result,
 * even when it left none; another commit's results are never carried.
 */
function mergeEarlierResults(options) {
    const { current, earlier, sha } = options;
    const merged = [...current];
    if (!earlier || !sha || earlier.sha !== sha)
        return merged;
    const has = new Set(current.map((r) => `${r.project}\u0000${r.stage}`));
    for (const r of earlier.results) {
        if (has.has(`${r.project}\u0000${r.stage}`))
            continue;
        const job = options.jobs?.[r.stage];
        if (job !== undefined && job !== 'skipped')
            continue;
        merged.push({ ...r, earlier: true });
    }
    return merged;
}

// EXTERNAL MODULE: ./shared/util/sleep.ts
var sleep = __webpack_require__(8464);
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
        await (0,sleep/* sleep */.yy)(delay);
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

;// CONCATENATED MODULE: ./shared/report/pr-report/run-pr-report.ts





/**
 * The workflow's `needs` context (`toJSON(needs)`): how each leg's job ended, and the affected
 * projects. Anything unexpected in it is left out rather than trusted.
 */
function parseNeeds(needs) {
    const jobs = { results: {} };
    if (!needs || typeof needs !== 'object')
        return jobs;
    const record = needs;
    for (const stage of stages/* PR_STAGES */.D) {
        const result = record[stage]?.result;
        if (typeof result === 'string' && JOB_RESULTS.includes(result))
            jobs.results[stage] = result;
    }
    const projects = record.affected?.outputs?.projects;
    if (typeof projects === 'string') {
        try {
            const list = JSON.parse(projects);
            if (Array.isArray(list) && list.every((p) => typeof p === 'string'))
                jobs.projects = list;
        }
        catch {
            // An unreadable list: the report lists the projects that left results.
        }
    }
    return jobs;
}
/**
 * Reads every leg's result, looks up the champion of each project that trained, renders the
 * report and keeps it as the one marked comment of the pull request. A dead MLflow only takes
 * the comparison out; a token that may not comment (fork pull requests get a read-only one)
 * leaves the report to the job summary.
 */
async function runPrReport(options) {
    const { logger } = options;
    const read = await readStageResults(options.resultsDir);
    const jobs = options.jobs ?? { results: {} };
    // A job that did not run left no result: a file claiming one came from another job's code.
    const current = read.results.filter((r) => {
        if (jobs.results[r.stage] !== 'skipped')
            return true;
        read.problems.push(`${r.stage} of ${r.project}: a result, but the ${r.stage} job did not run in this workflow run; ignored`);
        return false;
    });
    for (const problem of read.problems)
        logger.warning(`result file ${problem}`);
    logger.info(`${current.length} result(s) in ${options.resultsDir}${current.length > 0 ? `: ${current.map((r) => `${r.stage} ${r.project} ${r.status}`).join(', ')}` : ''}`);
    const skipReasons = {};
    for (const stage of stages/* PR_STAGES */.D) {
        if (jobs.results[stage] !== 'skipped')
            continue;
        skipReasons[stage] =
            stage === 'gpu-test' && options.fork
                ? "a fork's pull request: GPU tests wait for a maintainer's approval label"
                : 'not run in this workflow run';
    }
    const lookups = new Map();
    let shown = current;
    let markdown;
    const render = async (existing) => {
        shown = mergeEarlierResults({
            current,
            earlier: readReportData(existing?.body),
            sha: options.sha,
            jobs: jobs.results,
        });
        const missing = shown.filter((r) => r.stage === 'smoke-train' && !lookups.has(r.project));
        const found = await lookupChampions({
            results: missing,
            trackingUri: options.trackingUri,
            registryFor: options.registryFor,
            logger,
        });
        for (const [project, lookup] of found)
            lookups.set(project, lookup);
        markdown = renderPrReport({
            results: shown,
            champions: lookups,
            projects: jobs.projects,
            jobs: jobs.results,
            skipReasons,
            sha: options.sha,
            runUrl: options.runUrl,
            problems: read.problems,
        });
        // Nothing affected and nothing said before: no comment on a pull request MLEnv has no part in.
        const nothing = shown.length === 0 && (jobs.projects ?? []).length === 0;
        return nothing && !existing ? undefined : markdown;
    };
    if (!options.github) {
        await render(undefined);
        return { markdown: markdown ?? '', results: shown };
    }
    const { octokit, owner, repo, pullNumber } = options.github;
    try {
        const upserted = await upsertComment({ octokit, owner, repo, issue: pullNumber, logger, retryDelayMs: options.retryDelayMs }, { marker: PR_REPORT_MARKER, body: render });
        if (markdown === undefined)
            await render(undefined);
        const url = upserted.comment?.url;
        logger.info(upserted.action === 'none'
            ? `No project affected and no earlier report on #${pullNumber}: no comment posted`
            : `Report comment on #${pullNumber} ${upserted.action}: ${url}`);
        return {
            markdown: markdown ?? '',
            results: shown,
            comment: { action: upserted.action, id: upserted.comment?.id, url },
        };
    }
    catch (error) {
        if (statusOf(error) !== 403)
            throw error;
        const commentError = `GitHub refused the comment on #${pullNumber} (403: ${(0,errors/* errorMessage */.gJ)(error)}); a fork's pull request gets a read-only token, so the report is in the job summary only`;
        logger.warning(commentError);
        if (markdown === undefined)
            await render(undefined);
        return { markdown: markdown ?? '', results: shown, commentError };
    }
}

;// CONCATENATED MODULE: ./shared/report/pr-report/index.ts







/***/ })

};
