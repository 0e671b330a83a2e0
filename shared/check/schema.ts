import { z } from 'zod';

// Rule selectors as ruff spells them: a linter prefix, optionally narrowed by digits ("F", "F401",
// "PLR2", "ALL").
const ruleSelector = z
  .string({ error: 'a ruff rule selector such as "F401" or "D"' })
  .regex(/^[A-Z]+[0-9]*$/, { error: 'a ruff rule selector such as "F401" or "D"' });

const projectGlob = z
  .string({ error: 'a glob relative to the project directory, such as "tests/*.py"' })
  .min(1)
  .refine((g) => !g.startsWith('/') && !g.split('/').includes('..'), {
    error: 'a glob relative to the project directory, without ".."',
  });

/**
 * A project's own adjustments to the workspace's one ruff configuration. Only rule selection may
 * change: line length, target version and formatting stay workspace-wide so every project reads
 * and formats alike.
 */
export const ruffOverridesSchema = z.strictObject({
  /** Rules checked in this project on top of the workspace's selection. */
  extendSelect: z.array(ruleSelector).default([]),
  /** Rules not checked in this project, on top of the workspace's ignores. */
  ignore: z.array(ruleSelector).default([]),
  /** Rules ignored in some of this project's files; globs are relative to the project directory. */
  perFileIgnores: z.record(projectGlob, z.array(ruleSelector)).default({}),
});

/** The optional `check` section of a project's mlenv.yaml. */
export const checkSchema = z.strictObject({
  ruff: ruffOverridesSchema.optional(),
});

export type RuffOverrides = z.infer<typeof ruffOverridesSchema>;
export type CheckConfig = z.infer<typeof checkSchema>;
/** What a user may write, before defaults apply. */
export type CheckConfigInput = z.input<typeof checkSchema>;
