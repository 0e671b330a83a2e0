import { z } from 'zod';
import { checkSchema } from '../check/schema.js';
import { upgradeSchema } from '../upgrade/schema.js';
import { DURATION_PATTERN } from '../util/duration.js';
import { parseQuantity } from '../util/quantity.js';

// Every custom message below is the "expected ..." half of a diagnostic; the formatter adds
// what was found from the YAML document itself, so messages never repeat user input.

export const API_VERSION = 'mlenv/v1';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^\d+(\.\d+)?(m|k|Ki|Mi|Gi|Ti|Pi|Ei|M|G|T|P|E)?$/;
const PYTHON_VERSION = /^3\.\d{1,2}$/;
const CUDA_VARIANT = /^(cpu|\d{2}\.\d)$/;
const GLOB_META = /[*?[\]{}]/;

const relativePath = z
  .string({ error: 'a path relative to the workspace root' })
  .min(1, { error: 'a non-empty relative path' })
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), {
    error: 'a path inside the workspace (relative, without "..")',
  });

export const projectGlob = z
  .string({ error: 'a glob of project directories such as "projects/*"' })
  .min(1, { error: 'a non-empty glob such as "projects/*"' })
  .refine((g) => !g.startsWith('/') && !g.split('/').includes('..'), {
    error: 'a glob relative to the workspace root, without ".."',
  })
  .refine((g) => balanced(g, '[', ']') && balanced(g, '{', '}'), {
    error: 'a glob with balanced [] and {}',
  });

function balanced(text: string, open: string, close: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === open) depth++;
    else if (ch === close && --depth < 0) return false;
  }
  return depth === 0;
}

const duration = z
  .string({ error: 'a duration such as "30m", "2h" or "1h30m"' })
  .regex(DURATION_PATTERN, { error: 'a duration such as "30m", "2h" or "1h30m"' });

const QUANTITY_PHRASE = 'a Kubernetes quantity such as "2", "500m" or "4Gi"';
const quantity = z
  .union(
    [
      z.string().regex(QUANTITY, { error: QUANTITY_PHRASE }),
      z.number().positive({ error: QUANTITY_PHRASE }),
    ],
    { error: QUANTITY_PHRASE },
  )
  .transform(String);

const paramValue = z.union([z.string(), z.number(), z.boolean()], {
  error: 'a string, number or boolean',
});

export const DISTRIBUTED = ['none', 'torchrun', 'deepspeed', 'accelerate'] as const;
export const PRECISION = ['fp32', 'bf16', 'fp16'] as const;
export const SERVING_TARGETS = ['local', 'kserve'] as const;
export const WORKLOADS = ['auto', 'trainjob', 'job'] as const;
/** Where a cluster's pods get the code: `auto` picks git for a clean, pushed tree. */
export const CODE_SOURCES = ['auto', 'git', 'working-tree'] as const;
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
/** `kubernetes.multiNode`, the deprecated spelling of `kubernetes.workload`, and what it means. */
export const LEGACY_MULTI_NODE = { auto: 'auto', TrainJob: 'trainjob', IndexedJob: 'job' } as const;

export const environmentSchema = z.strictObject({
  python: z
    .string({ error: 'a quoted Python version such as "3.11"' })
    .regex(PYTHON_VERSION, { error: 'a Python version such as "3.11"' }),
  cuda: z
    .string({ error: 'a quoted CUDA variant such as "12.8", or "cpu"' })
    .regex(CUDA_VARIANT, { error: 'a CUDA variant such as "12.8", or "cpu"' }),
  requirements: relativePath,
  lock: relativePath,
  /**
   * Extra package index for the PyTorch wheels of the CUDA variant, e.g.
   * https://download.pytorch.org/whl/cu128; PyPI alone when absent.
   */
  pytorchIndex: z.url({ error: 'an http(s) URL of a package index' }).optional(),
  /** The package index in place of PyPI, e.g. a company mirror (PEP 503/691 simple API). */
  indexUrl: z.url({ error: 'an http(s) URL of a package index' }).optional(),
  /** Further indexes, searched as uv's --extra-index-url. */
  extraIndexUrls: z
    .array(z.url({ error: 'an http(s) URL of a package index' }), {
      error: 'a list of package index URLs',
    })
    .optional(),
  image: z
    .string({ error: 'an image repository such as "ghcr.io/acme/mlenv-runtime"' })
    .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, {
      error: 'an image repository without tag, such as "ghcr.io/acme/mlenv-runtime"',
    }),
});

// Kubernetes' own rules for label keys and values (and so for node selectors and taints).
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY_PHRASE = 'a label key such as "nvidia.com/gpu.product" or "pool"';
const labelKey = z
  .string({ error: LABEL_KEY_PHRASE })
  .refine(isLabelKey, { error: LABEL_KEY_PHRASE });
const labelValue = z
  .string({ error: 'a label value (at most 63 letters, digits, "-", "_" or ".")' })
  .refine((v) => v === '' || (v.length <= 63 && LABEL_NAME.test(v)), {
    error: 'a label value (at most 63 letters, digits, "-", "_" or ".")',
  });

function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && LABEL_NAME.test(name);
}

/**
 * A toleration as the API server takes it, with its cross-field rules checked here so a mistake
 * points at the line of mlenv.yaml rather than failing at submission.
 */
export const tolerationSchema = z
  .strictObject({
    key: labelKey.optional(),
    operator: z.enum(['Exists', 'Equal']).optional().meta({ default: 'Equal' }),
    value: labelValue.optional(),
    /** Unset: tolerates every effect of the taint. */
    effect: z.enum(TAINT_EFFECTS).optional(),
    /** How long a NoExecute taint is tolerated before the pod is evicted. */
    tolerationSeconds: z.number().int({ error: 'a whole number of seconds' }).min(0).optional(),
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

export type Toleration = z.infer<typeof tolerationSchema>;

export const trackingSchema = z.strictObject({
  uri: z.url({ error: 'an http(s) URL of an MLflow tracking server' }).optional(),
});

export const kubernetesSchema = z
  .strictObject({
    context: z.string().min(1).optional(),
    namespace: z.string().regex(DNS_LABEL, { error: 'a Kubernetes namespace name' }),
    serviceAccount: z
      .string()
      .regex(DNS_LABEL, { error: 'a Kubernetes service account name' })
      .optional(),
    gpuResource: z
      .string()
      .regex(/^[a-z0-9.-]+\/[a-z0-9.-]+$/, {
        error: 'an extended resource name such as "nvidia.com/gpu"',
      })
      .default('nvidia.com/gpu'),
    /**
     * How a multi-node run is submitted: a Kubeflow TrainJob, an indexed Job with a headless
     * Service, or (auto) a TrainJob where the cluster serves trainer.kubeflow.org. One node is
     * always a Job.
     */
    workload: z.enum(WORKLOADS).optional().meta({ default: 'auto' }),
    /** Deprecated: `workload` (TrainJob is trainjob, IndexedJob is job). */
    multiNode: z
      .enum(['auto', 'TrainJob', 'IndexedJob'])
      .optional()
      .meta({ deprecated: true, description: 'Deprecated: use workload (trainjob, job or auto).' }),
    /** Extra annotations and labels for every training pod (service mesh opt-outs, cost tags...). */
    podAnnotations: z.record(z.string(), z.string()).default({}),
    podLabels: z.record(z.string(), z.string()).default({}),
    /** Only nodes with these labels run training pods (a node pool, a GPU model). */
    nodeSelector: z.record(labelKey, labelValue).default({}),
    /** Taints of those nodes that training pods tolerate, beside the GPU taint MLEnv adds. */
    tolerations: z.array(tolerationSchema, { error: 'a list of tolerations' }).default([]),
    /**
     * A Secret of the namespace with a read token for the repository (keys `password`, and
     * optionally `username`; type kubernetes.io/basic-auth fits), for a private repository. Unset in
     * a GitHub Actions run: the workflow's token, in a Secret of the run's own.
     */
    gitCredentials: z
      .strictObject({
        secretName: z.string().max(253).regex(DNS_SUBDOMAIN, { error: 'a Kubernetes Secret name' }),
      })
      .optional(),
    /** How the pods get the code: git for a clean, pushed tree, else the working tree via MLflow. */
    code: z
      .strictObject({
        source: z.enum(CODE_SOURCES).default('auto'),
        /** The most the working tree may weigh (its files, uncompressed) to be shipped. */
        maxSize: quantity
          .refine((q) => parseQuantity(q) >= 1, { error: 'a size in bytes such as "100Mi"' })
          .default('100Mi'),
      })
      .prefault({}),
    /** A PersistentVolumeClaim for checkpoints, so a preempted pod's retry resumes where it stopped. */
    checkpoints: z
      .strictObject({
        claimName: z.string().regex(DNS_LABEL, { error: 'a PersistentVolumeClaim name' }),
      })
      .optional(),
  })
  // The deprecated key is kept on the result, so whoever reports it can say where it came from.
  .transform((settings) => ({
    ...settings,
    workload:
      settings.workload ??
      (settings.multiNode ? LEGACY_MULTI_NODE[settings.multiNode] : undefined) ??
      'auto',
  }));

export const servingSchema = z.strictObject({
  target: z.enum(SERVING_TARGETS).default('local'),
  namespace: z.string().regex(DNS_LABEL, { error: 'a Kubernetes namespace name' }).optional(),
  /** KServe: the new revision's share of traffic at each step of a rollout; the last is 100. */
  canarySteps: z
    .array(z.number().int().min(1).max(100), { error: 'percentages such as [10, 50, 100]' })
    .min(1)
    .refine((steps) => steps[steps.length - 1] === 100, { error: 'steps ending at 100' })
    .refine((steps) => steps.every((s, i) => i === 0 || s > (steps[i - 1] as number)), {
      error: 'increasing percentages such as [10, 50, 100]',
    })
    .default([10, 50, 100]),
});

export const workspaceSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Workspace'),
  projects: z.array(projectGlob).min(1, { error: 'at least one project glob' }),
  environment: environmentSchema,
  tracking: trackingSchema.default({}),
  kubernetes: kubernetesSchema.optional(),
  serving: servingSchema.default({ target: 'local', canarySteps: [10, 50, 100] }),
  /** `mlenv upgrade`: which framework and package upgrades are proposed, and how. */
  upgrade: upgradeSchema.prefault({}),
});

export const trainSchema = z
  .strictObject({
    command: z
      .array(z.string().min(1), { error: 'an argv list such as ["python", "train.py"]' })
      .min(1, { error: 'an argv list such as ["python", "train.py"]' }),
    params: z.record(z.string(), paramValue).default({}),
    resources: z
      .strictObject({
        gpus: z.number().int().min(0).default(0),
        cpu: quantity.optional(),
        memory: quantity.optional(),
      })
      .default({ gpus: 0 }),
    nodes: z.number().int().min(1).default(1),
    procsPerNode: z.number().int().min(1).default(1),
    distributed: z.enum(DISTRIBUTED).default('none'),
    precision: z.enum(PRECISION).default('fp32'),
    maxRuntime: duration.default('1h'),
    retries: z.number().int().min(0).max(20).default(2),
  })
  .superRefine((train, ctx) => {
    // Point at the count the user wrote, since `distributed` is often left at its default.
    for (const key of ['nodes', 'procsPerNode'] as const) {
      if (train.distributed === 'none' && train[key] > 1) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: '1 unless distributed is torchrun, deepspeed or accelerate',
        });
      }
    }
  });

const GATE_RULES = ['min', 'max', 'maxRegression', 'minImprovement'] as const;

export const gateSchema = z
  .strictObject({
    metric: z.string().min(1, { error: 'a metric name' }),
    min: z.number().optional(),
    max: z.number().optional(),
    maxRegression: z.number().min(0).optional(),
    minImprovement: z.number().min(0).optional(),
    /** Which way is better; by default lower for names with loss/error/mse..., else higher. */
    direction: z.enum(['higher', 'lower']).optional(),
  })
  .refine((gate) => GATE_RULES.some((rule) => gate[rule] !== undefined), {
    error: `a gate with a metric and at least one rule of ${GATE_RULES.join(', ')}`,
  });

export const projectSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Project'),
  name: z
    .string({ error: 'a project name (lowercase letters, digits and "-")' })
    .max(63, { error: 'a project name of at most 63 characters' })
    .regex(DNS_LABEL, { error: 'a project name (lowercase letters, digits and "-")' }),
  dependsOn: z.array(relativePath).default([]),
  train: trainSchema.optional(),
  tests: z
    .strictObject({
      unit: relativePath.default('tests'),
      integration: relativePath.optional(),
    })
    .default({ unit: 'tests' }),
  /** The project's own adjustments to the workspace's one lint configuration. */
  check: checkSchema.optional(),
  promote: z
    .strictObject({
      model: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'a registered model name' }),
      gates: z.array(gateSchema).default([]),
      serving: z.strictObject({
        name: z.string().regex(DNS_LABEL, { error: 'a serving name (a DNS label)' }),
      }),
    })
    .optional(),
});

export type WorkspaceConfig = z.infer<typeof workspaceSchema>;
export type ProjectConfig = z.infer<typeof projectSchema>;
export type TrainConfig = z.infer<typeof trainSchema>;
export type Gate = z.infer<typeof gateSchema>;

export const KINDS = { Workspace: workspaceSchema, Project: projectSchema } as const;
export type Kind = keyof typeof KINDS;

export function isGlob(pattern: string): boolean {
  return GLOB_META.test(pattern);
}
