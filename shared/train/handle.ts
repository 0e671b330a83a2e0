import { z } from 'zod';
import type { Handle } from './backend.js';

/** The MLflow run tag that holds the run's handle (JSON), set by the launcher at submission. */
export const HANDLE_TAG = 'mlenv.handle';

// A handle comes back from outside (an MLflow tag, the action's state): checked before use.
const identitySchema = z.object({
  host: z.string(),
  pid: z.number().int().positive(),
  startTime: z.string().nullable(),
});
const handleBaseSchema = z.object({
  runId: z.string(),
  submittedAt: z.string(),
  launcher: identitySchema,
  workflowRunUrl: z.string().optional(),
});
const handleSchema = z.discriminatedUnion('backend', [
  handleBaseSchema.extend({
    backend: z.literal('local'),
    trainer: z.object({ pid: z.number().int().positive(), startTime: z.string().nullable() }),
  }),
  handleBaseSchema.extend({
    backend: z.literal('kubernetes'),
    kubeconfig: z.string().optional(),
    context: z.string().optional(),
    namespace: z.string(),
    objects: z.array(
      z.object({
        apiVersion: z.string(),
        kind: z.string(),
        namespace: z.string(),
        name: z.string(),
      }),
    ),
  }),
]);

/** A handle from its tag value; throws a message that says what is wrong with it. */
export function parseHandle(text: string): Handle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`not JSON: ${text.slice(0, 80)}`);
  }
  const parsed = handleSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `not a handle: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid'}`,
    );
  }
  return parsed.data as Handle;
}
