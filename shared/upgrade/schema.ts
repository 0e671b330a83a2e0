import { z } from 'zod';

// Every custom message below is the "expected ..." half of a diagnostic: the config formatter
// adds what was found from the YAML document itself.

export const UPGRADE_ALLOW = ['patch', 'minor', 'major'] as const;
export const ON_CONFLICT = ['draft', 'skip'] as const;

/**
 * PyTorch's packages released together: each torchvision and torchaudio release is built for one
 * torch release, so they only ever move in one group.
 */
export const TORCH_FAMILY = ['torch', 'torchvision', 'torchaudio'] as const;

/** The group the torch family forms when no group of the policy names it. */
export const PYTORCH_GROUP = 'pytorch';

export const DEFAULT_SCHEDULE = '0 4 * * 1';
export const DEFAULT_UPGRADE_LABELS = ['mlenv-upgrade'] as const;

// Group names become branch names (mlenv/upgrade/<group>) and so stay git-ref safe.
const GROUP_NAME = /^[a-z0-9][a-z0-9._-]*$/;
const PACKAGE_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const SPECIFIER_CLAUSE = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*$/;
// The same forms as environment.python and environment.cuda.
const PYTHON_VERSION = /^3\.\d{1,2}$/;
const CUDA_VARIANT = /^(cpu|\d{2}\.\d)$/;

const CRON_PHRASE =
  'a cron schedule of five fields such as "0 4 * * 1" (minute hour day-of-month month day-of-week)';

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const CRON_FIELDS: readonly CronField[] = [
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
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return CRON_PHRASE;
  for (const [i, field] of fields.entries()) {
    const spec = CRON_FIELDS[i] as CronField;
    if (!field.split(',').every((item) => cronItemValid(item, spec))) {
      const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
      return `a cron schedule whose ${spec.name} field (field ${i + 1}) uses *, lists, ranges and steps of ${spec.min}-${spec.max}${names}`;
    }
  }
  return undefined;
}

function cronItemValid(item: string, spec: CronField): boolean {
  const [range, step, ...rest] = item.split('/');
  if (rest.length > 0 || range === undefined || range === '') return false;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) return false;
  if (range === '*') return true;
  const bounds = range.split('-');
  if (bounds.length > 2) return false;
  const values = bounds.map((b) => cronValue(b, spec));
  if (values.some((v) => v === undefined)) return false;
  return values.length === 1 || (values[0] as number) <= (values[1] as number);
}

function cronValue(text: string, spec: CronField): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= spec.min && n <= spec.max ? n : undefined;
  }
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  return index === -1 ? undefined : index + spec.min;
}

export interface Hold {
  /** PEP 503-normalized. */
  name: string;
  /** A PEP 440 specifier set capping the package; absent when the package is held where it is. */
  specifier?: string;
}

/** `numpy` holds numpy; `mlflow<4` caps mlflow below 4. Undefined when the entry is malformed. */
export function parseHold(entry: string): Hold | undefined {
  const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(.*?)\s*$/.exec(entry);
  if (!match) return undefined;
  const name = normalizePackageName(match[1] as string);
  const specifier = match[2] as string;
  if (specifier === '') return { name };
  if (!specifier.split(',').every((clause) => SPECIFIER_CLAUSE.test(clause))) return undefined;
  return { name, specifier: specifier.replace(/\s+/g, '') };
}

/** PEP 503: case, "-", "_" and "." do not distinguish package names. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const packageName = z
  .string({ error: 'a package name such as "torch"' })
  .regex(PACKAGE_NAME, { error: 'a package name such as "torch", without a version' });

const holdEntry = z
  .string({ error: 'a package name such as "numpy", or a name with a cap such as "mlflow<4"' })
  .refine((entry) => parseHold(entry) !== undefined, {
    error: 'a package name such as "numpy", or a name with a cap such as "mlflow<4"',
  });

export const upgradeGroupSchema = z.strictObject({
  name: z.string({ error: 'a group name such as "pytorch"' }).regex(GROUP_NAME, {
    error: 'a group name of lowercase letters, digits, ".", "_" and "-" such as "pytorch"',
  }),
  packages: z.array(packageName, { error: 'a list of package names' }).default([]),
  /** The CUDA variant this group moves the environment to (index, wheels and image together). */
  cuda: z
    .string({ error: 'a quoted CUDA variant such as "13.0", or "cpu"' })
    .regex(CUDA_VARIANT, { error: 'a CUDA variant such as "13.0", or "cpu"' })
    .optional(),
  /** The Python version this group moves the environment to; such a group holds nothing else. */
  python: z
    .string({ error: 'a quoted Python version such as "3.12"' })
    .regex(PYTHON_VERSION, { error: 'a Python version such as "3.12"' })
    .optional(),
});

export const upgradeSchema = z
  .strictObject({
    /** When the shipped workflow looks for upgrades (cron, UTC). */
    schedule: z
      .string({ error: CRON_PHRASE })
      .superRefine((value, ctx) => {
        const problem = cronProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default(DEFAULT_SCHEDULE),
    /** The largest version bump proposed. */
    allow: z.enum(UPGRADE_ALLOW).default('minor'),
    hold: z.array(holdEntry, { error: 'a list of package names or capped names' }).default([]),
    groups: z.array(upgradeGroupSchema, { error: 'a list of groups' }).default([]),
    /** What to do when a group cannot be resolved together: open a draft PR or skip the group. */
    onConflict: z.enum(ON_CONFLICT).default('draft'),
    /** Labels put on every upgrade pull request, such as the one that triggers GPU tests. */
    labels: z
      .array(
        z
          .string({ error: 'a GitHub label name' })
          .min(1, { error: 'a non-empty GitHub label name' })
          .max(50, { error: 'a GitHub label name of at most 50 characters' }),
        { error: 'a list of GitHub label names' },
      )
      .default([...DEFAULT_UPGRADE_LABELS]),
  })
  .superRefine((policy, ctx) => checkGroups(policy.groups, ctx));

type Group = z.output<typeof upgradeGroupSchema>;

function checkGroups(groups: readonly Group[], ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string): void =>
    ctx.addIssue({ code: 'custom', path: ['groups', ...path], message });
  const groupOfName = new Map<string, number>();
  const groupOfPackage = new Map<string, number>();
  let torchGroup: number | undefined;
  let cudaGroup: number | undefined;
  let pythonGroup: number | undefined;

  for (const [i, group] of groups.entries()) {
    const first = groupOfName.get(group.name);
    if (first !== undefined) issue([i, 'name'], `a group name unique in upgrade.groups`);
    else groupOfName.set(group.name, i);

    if (group.packages.length === 0 && !group.python && !group.cuda) {
      issue([i], 'a group with packages, python or cuda');
    }
    if (group.python && (group.packages.length > 0 || group.cuda)) {
      issue(
        [i, 'python'],
        'python in a group of its own, without packages or cuda: a Python change is its own pull request',
      );
    }
    if (group.python) {
      if (pythonGroup !== undefined) {
        issue([i, 'python'], `one group with python; group "${groups[pythonGroup]?.name}" has it`);
      } else pythonGroup = i;
    }
    if (group.cuda) {
      if (cudaGroup !== undefined) {
        issue([i, 'cuda'], `one group with cuda; group "${groups[cudaGroup]?.name}" has it`);
      } else cudaGroup = i;
    }

    const names = group.packages.map(normalizePackageName);
    for (const [j, name] of names.entries()) {
      const other = groupOfPackage.get(name);
      if (other === undefined) {
        groupOfPackage.set(name, i);
      } else if (other === i) {
        issue([i, 'packages', j], 'each package once in a group');
      } else {
        issue(
          [i, 'packages', j],
          `each package in one group only; group "${groups[other]?.name}" lists it too`,
        );
      }
    }
    const family = names.filter((n) => (TORCH_FAMILY as readonly string[]).includes(n));
    if (family.length > 0 && !names.includes('torch')) {
      issue(
        [i, 'packages', names.indexOf(family[0] as string)],
        'torch in the same group: each torchvision and torchaudio release is built for one torch release',
      );
    }
    if (names.includes('torch')) torchGroup = i;
  }

  if (cudaGroup !== undefined && torchGroup !== undefined && cudaGroup !== torchGroup) {
    issue(
      [cudaGroup, 'cuda'],
      `cuda on the group that lists torch ("${groups[torchGroup]?.name}"): the CUDA variant is a build of torch`,
    );
  }
}

export type UpgradePolicy = z.output<typeof upgradeSchema>;
export type UpgradePolicyInput = z.input<typeof upgradeSchema>;
export type UpgradeGroup = z.output<typeof upgradeGroupSchema>;
export type UpgradeAllow = (typeof UPGRADE_ALLOW)[number];

/** The policy of a workspace without an `upgrade:` section. */
export const DEFAULT_UPGRADE_POLICY: UpgradePolicy = upgradeSchema.parse({});
