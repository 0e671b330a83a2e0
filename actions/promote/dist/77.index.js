export const id = 77;
export const ids = [77];
export const modules = {

/***/ 3077:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadWorkspace: () => (/* binding */ loadWorkspace)
});

// UNUSED EXPORTS: CONFIG_FILE, findWorkspaceRoot

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(3243);
// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var dist = __webpack_require__(3382);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
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

// EXTERNAL MODULE: ./shared/config/workspace-root.ts
var workspace_root = __webpack_require__(997);
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
    const workspaceFile = external_node_path_default().join(external_node_path_default().resolve(root), workspace_root/* CONFIG_FILE */.g);
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
            const file = external_node_path_default().join(rootDir, dir, workspace_root/* CONFIG_FILE */.g);
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
                    expected: `every matched directory to hold ${workspace_root/* CONFIG_FILE */.g} with "kind: Project"`,
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
                    expected: `${workspace_root/* CONFIG_FILE */.g} with "kind: ${kind}"`,
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


/***/ })

};
