import type { Logger } from '../logger/index.js';
import type { JobOutcome, TrainingJob } from './job.js';

/**
 * A place where training runs. Each backend is one folder under backends/; the launcher picks
 * one by name and never looks inside.
 */
export interface TrainingBackend {
  readonly name: string;
  /** What would be submitted, for --dry-run (manifests, or the local command line). */
  describe(job: TrainingJob): Promise<string>;
  /** Runs the job to its end. Aborting the signal cancels it and cleans up what was created. */
  run(job: TrainingJob, logger: Logger, signal: AbortSignal): Promise<JobOutcome>;
}
