import { selectProject } from '../../config/select-project.js';
import { findWorkspaceRoot, loadWorkspace } from '../../config/workspace.js';
import { errorMessage } from '../../errors/index.js';
import type { Logger } from '../../logger/index.js';
import {
  type RecordedStep,
  type StageResult,
  stageResultFromStep,
  writeStageResult,
} from './result.js';

export interface RecordOptions {
  /** Folder the result file is written to (then uploaded as an artifact). */
  dir: string;
  step: Omit<RecordedStep, 'model' | 'trackingUri' | 'trains'>;
  /**
   * smoke-train: a directory inside the workspace, to read the project's promote.model and the
   * workspace's tracking.uri; the champion is looked up later from these.
   */
  workspace?: string;
  /** smoke-train: the tracking-uri the train step was given, which wins over the workspace's. */
  trackingUri?: string;
  logger: Logger;
}

/**
 * Writes one leg's result file. It runs after the leg whatever happened (`if: always()`), so it
 * never fails on what it records: a workspace that cannot be read (which the check leg reports)
 * only leaves the model name out.
 */
export async function recordStageResult(
  options: RecordOptions,
): Promise<{ file: string; result: StageResult }> {
  const { step, logger } = options;
  let model: string | undefined;
  let trains: boolean | undefined;
  let trackingUri = options.trackingUri;
  if (step.stage === 'smoke-train' && options.workspace !== undefined) {
    try {
      const workspace = await loadWorkspace(await findWorkspaceRoot(options.workspace));
      const { config } = selectProject(workspace, step.project);
      model = config.promote?.model;
      trains = config.train !== undefined;
      trackingUri ??= workspace.config.tracking.uri;
    } catch (error) {
      logger.warning(
        `could not read the workspace for ${step.project}'s model name: ${errorMessage(error)}`,
      );
    }
  }
  const result = stageResultFromStep({ ...step, model, trackingUri, trains });
  const file = await writeStageResult(options.dir, result);
  logger.info(
    `Recorded ${result.stage} of ${result.project}: ${result.status}${result.reason ? ` (${result.reason})` : ''} in ${file}`,
  );
  return { file, result };
}
