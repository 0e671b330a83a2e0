import { z } from 'zod';

/** The aliases a promotion moves, in the registered model of `promote.model`. */
export const ALIASES = {
  candidate: 'candidate',
  champion: 'champion',
  previousChampion: 'previous-champion',
} as const;

/** Registered-model tag that holds the promotion lease. */
export const LEASE_TAG = 'mlenv.promote.lease';

/** Model-version tag naming the commit a version was trained from (set by `mlenv train`). */
export const COMMIT_TAG = 'mlenv.git.commit';

export const leaseSchema = z.object({
  /** Who holds it, for people: "alice@laptop pid 4242" or a workflow run URL. */
  holder: z.string(),
  /** Random per acquisition: what "still mine" is checked against. */
  token: z.string(),
  host: z.string(),
  pid: z.number(),
  acquiredAt: z.string(),
  expiresAt: z.string(),
  /** What the holder is doing, so that whoever takes over a dead holder's lease can finish it. */
  operation: z
    .object({
      kind: z.enum(['promote', 'rollback']),
      from: z.string().optional(),
      to: z.string(),
    })
    .optional(),
});
export type Lease = z.infer<typeof leaseSchema>;

/** One `mlflow models serve` process of the local serving target. */
export const localServerSchema = z.object({
  pid: z.number(),
  port: z.number(),
  url: z.string(),
  model: z.string(),
  version: z.string(),
  modelUri: z.string(),
  startedAt: z.string(),
  logFile: z.string(),
});
export type LocalServer = z.infer<typeof localServerSchema>;

/**
 * The serving address file of a local serving name: which server answers (`current`) and, while a
 * promotion is between its switch and its end, the server it replaced (`previous`), kept running
 * so the promotion can switch back.
 */
export const localServingRecordSchema = z.object({
  serving: z.string(),
  current: localServerSchema,
  previous: localServerSchema.optional(),
  updatedAt: z.string(),
});
export type LocalServingRecord = z.infer<typeof localServingRecordSchema>;

/** The part of an MLmodel file that says where the input example is. */
export const mlmodelSchema = z.object({
  saved_input_example_info: z
    .object({
      artifact_path: z.string().optional(),
      serving_input_path: z.string().optional(),
      type: z.string().optional(),
      pandas_orient: z.string().optional(),
    })
    .optional()
    .nullable(),
});
