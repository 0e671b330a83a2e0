// Apart from result.ts (and zod), so that the pr-report action checks its inputs against them
// before it loads the report.

/** The jobs of the pull-request workflow that leave a result, in the order the report shows. */
export const PR_STAGES = ['check', 'gpu-test', 'smoke-train'] as const;
export type PrStage = (typeof PR_STAGES)[number];

/** What GitHub says of a step: `steps.<id>.outcome`. */
export const STEP_OUTCOMES = ['success', 'failure', 'cancelled', 'skipped'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];
