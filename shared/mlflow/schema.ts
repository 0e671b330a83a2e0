import { z } from 'zod';

// The parts of MLflow's REST responses that MLEnv reads; unknown fields pass through untouched.

export const runTagSchema = z.object({ key: z.string(), value: z.string().optional().default('') });

export const metricSchema = z.object({
  key: z.string(),
  value: z.number(),
  timestamp: z.coerce.number().optional(),
  step: z.coerce.number().optional().default(0),
});

export const runInfoSchema = z.object({
  run_id: z.string(),
  experiment_id: z.string(),
  run_name: z.string().optional(),
  status: z.string().optional(),
  artifact_uri: z.string().optional(),
  lifecycle_stage: z.string().optional(),
});

export const runSchema = z.object({
  info: runInfoSchema,
  data: z
    .object({
      metrics: z.array(metricSchema).optional().default([]),
      params: z.array(runTagSchema).optional().default([]),
      tags: z.array(runTagSchema).optional().default([]),
    })
    .optional()
    .default({ metrics: [], params: [], tags: [] }),
  outputs: z
    .object({
      model_outputs: z
        .array(z.object({ model_id: z.string(), step: z.coerce.number().optional() }))
        .optional(),
    })
    .optional(),
});

export const runResponseSchema = z.object({ run: runSchema });

export const experimentResponseSchema = z.object({
  experiment: z.object({ experiment_id: z.string(), name: z.string() }),
});

export const createExperimentResponseSchema = z.object({ experiment_id: z.string() });

export const searchRunsResponseSchema = z.object({
  runs: z.array(runSchema).optional().default([]),
  next_page_token: z.string().optional(),
});

export const searchExperimentsResponseSchema = z.object({
  experiments: z
    .array(z.object({ experiment_id: z.string(), name: z.string() }))
    .optional()
    .default([]),
  next_page_token: z.string().optional(),
});

export const metricHistoryResponseSchema = z.object({
  metrics: z.array(metricSchema).optional().default([]),
  next_page_token: z.string().optional(),
});

export const loggedModelSchema = z.object({
  info: z.object({
    model_id: z.string(),
    name: z.string().optional(),
    artifact_uri: z.string().optional(),
    source_run_id: z.string().optional(),
    creation_timestamp_ms: z.coerce.number().optional(),
  }),
});

export const searchLoggedModelsResponseSchema = z.object({
  models: z.array(loggedModelSchema).optional().default([]),
});

export const modelVersionSchema = z.object({
  name: z.string(),
  version: z.string(),
  source: z.string().optional(),
  run_id: z.string().optional(),
  status: z.string().optional(),
  tags: z.array(runTagSchema).optional().default([]),
  aliases: z.array(z.string()).optional().default([]),
});

export const modelVersionResponseSchema = z.object({ model_version: modelVersionSchema });

export const searchModelVersionsResponseSchema = z.object({
  model_versions: z.array(modelVersionSchema).optional().default([]),
  next_page_token: z.string().optional(),
});

export const registeredModelSchema = z.object({
  name: z.string(),
  tags: z.array(runTagSchema).optional().default([]),
  aliases: z
    .array(z.object({ alias: z.string(), version: z.string() }))
    .optional()
    .default([]),
});

export const registeredModelResponseSchema = z.object({ registered_model: registeredModelSchema });

export const errorResponseSchema = z.object({
  error_code: z.string().optional(),
  message: z.string().optional(),
});

export type Run = z.infer<typeof runSchema>;
export type Metric = z.infer<typeof metricSchema>;
export type LoggedModel = z.infer<typeof loggedModelSchema>;
export type ModelVersion = z.infer<typeof modelVersionSchema>;
export type RegisteredModel = z.infer<typeof registeredModelSchema>;
