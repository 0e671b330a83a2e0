import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../errors/index.js';
import { PR_STAGES, type PrStage, STEP_OUTCOMES, type StepOutcome } from './stages.js';

export { PR_STAGES, type PrStage, STEP_OUTCOMES, type StepOutcome };

export const STAGE_STATUSES = ['passed', 'failed', 'skipped', 'cancelled'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

/** Bumped when a result file changes incompatibly; a report reads only its own version. */
export const RESULT_VERSION = 1 as const;

// Result files come from jobs that ran the pull request's code, which could have rewritten
// them: every field is bounded here, and everything shown is escaped when rendered.
const projectName = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
const count = z.number().int().nonnegative().max(1e9);
const text = z.string().max(2000);
const testCounts = z.object({ passed: count, failed: count, skipped: count });

const common = {
  version: z.literal(RESULT_VERSION),
  project: projectName,
  status: z.enum(STAGE_STATUSES),
  /** One line: why the leg failed or was skipped. */
  reason: text.optional(),
  /** The pull request's head commit the leg ran on. */
  sha: z
    .string()
    .regex(/^[0-9a-f]{7,64}$/)
    .optional(),
  /** The workflow run the leg belongs to. */
  runUrl: text.optional(),
};

export const checkResultSchema = z.object({
  ...common,
  stage: z.literal('check'),
  /** Lint findings and files not formatted. */
  lint: count.optional(),
  unformatted: count.optional(),
  tests: testCounts.optional(),
});

export const gpuTestResultSchema = z.object({
  ...common,
  stage: z.literal('gpu-test'),
  tests: testCounts.optional(),
  /** GPUs the job held. */
  gpus: count.optional(),
});

export const smokeTrainResultSchema = z.object({
  ...common,
  stage: z.literal('smoke-train'),
  run: z.object({ id: z.string().max(200), url: text.optional() }).optional(),
  /** The final value of each metric of the smoke run. */
  metrics: z.record(z.string().max(250), z.number()).default({}),
  /** promote.model of the project: whose champion the metrics are compared with. */
  model: z.string().max(256).optional(),
  /** The MLflow server the run went to; absent for the embedded one. */
  trackingUri: text.optional(),
});

export const stageResultSchema = z.discriminatedUnion('stage', [
  checkResultSchema,
  gpuTestResultSchema,
  smokeTrainResultSchema,
]);

export type CheckResult = z.infer<typeof checkResultSchema>;
export type GpuTestResult = z.infer<typeof gpuTestResultSchema>;
export type SmokeTrainResult = z.infer<typeof smokeTrainResultSchema>;
export type StageResult = z.infer<typeof stageResultSchema>;
export type TestCounts = z.infer<typeof testCounts>;

/** What the recording step knows of the step it records. */
export interface RecordedStep {
  stage: PrStage;
  project: string;
  /** `steps.<id>.outcome` of the recorded step. */
  outcome: StepOutcome;
  /** `job.status` when recording: tells a cancelled job from a failed earlier step. */
  jobStatus?: string;
  /** `steps.<id>.outputs` of the recorded step (all strings, as GitHub passes them). */
  outputs: Readonly<Record<string, string | undefined>>;
  sha?: string;
  runUrl?: string;
  /** smoke-train: the project's promote.model. */
  model?: string;
  /** smoke-train: the MLflow server of the run, when not the embedded one. */
  trackingUri?: string;
  /** smoke-train: false for a project without a train section, whose train step is skipped. */
  trains?: boolean;
}

/**
 * The result of one leg from its step's outcome and outputs (those of the check, gpu-test or
 * train action). A step that never ran (an earlier step failed) is a failed leg, with that reason.
 */
export function stageResultFromStep(step: RecordedStep): StageResult {
  const base = {
    version: RESULT_VERSION,
    project: step.project,
    sha: step.sha,
    runUrl: step.runUrl,
  };
  const notRun = notRunStatus(step);
  switch (step.stage) {
    case 'check': {
      const row = checkRow(step.outputs.results, step.project);
      const tests = row
        ? { passed: row.passed ?? 0, failed: row.failed ?? 0, skipped: row.skipped ?? 0 }
        : undefined;
      const result: CheckResult = {
        ...base,
        stage: 'check',
        status: notRun?.status ?? outcomeStatus(step.outcome),
        reason: notRun?.reason,
        lint: row?.lint,
        unformatted: row?.format,
        tests,
      };
      if (result.status === 'failed' && !row && !result.reason) result.reason = NO_REPORT;
      return checkResultSchema.parse(result);
    }
    case 'gpu-test': {
      const o = step.outputs;
      const reported = o.status;
      const tests = o.status
        ? { passed: integer(o.passed), failed: integer(o.failed), skipped: integer(o.skipped) }
        : undefined;
      let status: StageStatus;
      let reason = o.reason;
      if (notRun) ({ status, reason } = notRun);
      else if (reported === 'passed' || reported === 'failed') status = reported;
      else if (reported === 'skipped') {
        status = 'skipped';
        reason ??= 'no GPU test ran: no GPU visible, or no test marked gpu (see the job summary)';
      } else if (reported === 'refused') {
        // Unapproved fork code is not a test failure: the tests are waiting for a maintainer.
        status = 'skipped';
        reason = `refused: ${reason ?? "the fork's latest commit carries no valid approval label"}`;
      } else status = outcomeStatus(step.outcome);
      if (status === 'failed' && !reported && !reason) reason = NO_REPORT;
      return gpuTestResultSchema.parse({
        ...base,
        stage: 'gpu-test',
        status,
        reason,
        tests,
        gpus: jsonList(o.gpus)?.length,
      } satisfies GpuTestResult);
    }
    case 'smoke-train': {
      const o = step.outputs;
      const trained: Record<string, StageStatus> = {
        succeeded: 'passed',
        failed: 'failed',
        cancelled: 'cancelled',
      };
      const untrained = step.trains === false && step.outcome === 'skipped';
      let status: StageStatus = untrained
        ? 'skipped'
        : (notRun?.status ?? trained[o.status ?? ''] ?? outcomeStatus(step.outcome));
      let reason = untrained
        ? 'the project has no train section: it is only checked'
        : notRun?.reason;
      // The train action reports a failed training as a failed step too; a passed status with a
      // failed step means the action broke after training.
      if (!untrained && !notRun && status === 'passed' && step.outcome === 'failure') {
        status = 'failed';
        reason = 'the training finished, then the train step failed (see the job log)';
      }
      if (status === 'failed' && !o.status && !reason) reason = NO_REPORT;
      return smokeTrainResultSchema.parse({
        ...base,
        stage: 'smoke-train',
        status,
        reason,
        run: o['run-id'] ? { id: o['run-id'], url: o['run-url'] || undefined } : undefined,
        metrics: metricsOf(o.metrics),
        model: step.model,
        trackingUri: step.trackingUri,
      } satisfies z.input<typeof smokeTrainResultSchema>);
    }
  }
}

const NO_REPORT = 'the step failed before it reported a result (see the job log)';

function notRunStatus(step: RecordedStep): { status: StageStatus; reason: string } | undefined {
  if (step.outcome !== 'skipped') return undefined;
  if (step.jobStatus === 'cancelled')
    return { status: 'cancelled', reason: 'the job was cancelled before the step ran' };
  return {
    status: 'failed',
    reason: 'did not run: an earlier step of the job failed (see the job log)',
  };
}

function outcomeStatus(outcome: StepOutcome): StageStatus {
  const statuses: Record<StepOutcome, StageStatus> = {
    success: 'passed',
    failure: 'failed',
    cancelled: 'cancelled',
    skipped: 'skipped',
  };
  return statuses[outcome];
}

interface CheckRow {
  name?: string;
  lint?: number;
  format?: number;
  passed?: number;
  failed?: number;
  skipped?: number;
}

/** The project's row of the check action's `results` output, if it has one. */
function checkRow(results: string | undefined, project: string): CheckRow | undefined {
  const rows = jsonList(results) as CheckRow[] | undefined;
  const row = rows?.find((r) => r && typeof r === 'object' && r.name === project);
  if (!row) return undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
  return {
    lint: n(row.lint),
    format: n(row.format),
    passed: n(row.passed),
    failed: n(row.failed),
    skipped: n(row.skipped),
  };
}

function jsonList(text: string | undefined): unknown[] | undefined {
  const parsed = safeJson(text);
  return Array.isArray(parsed) ? parsed : undefined;
}

function metricsOf(text: string | undefined): Record<string, number> {
  const parsed = safeJson(text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  return Object.fromEntries(
    Object.entries(parsed).filter(
      (entry): entry is [string, number] =>
        typeof entry[1] === 'number' && Number.isFinite(entry[1]),
    ),
  );
}

function integer(text: string | undefined): number {
  const value = Number(text);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

function safeJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `check--fraud.json`: one file per leg, so legs never overwrite each other's. */
export function resultFileName(result: Pick<StageResult, 'stage' | 'project'>): string {
  return `${result.stage}--${result.project}.json`;
}

/** Writes the leg's result into `dir` (created if needed); returns the file. */
export async function writeStageResult(dir: string, result: StageResult): Promise<string> {
  const valid = stageResultSchema.parse(result);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, resultFileName(valid));
  // Written aside and renamed, so an upload never sees half a file.
  const partial = `${file}.partial-${process.pid}`;
  await writeFile(partial, `${JSON.stringify(valid, null, 2)}\n`);
  await rename(partial, file);
  return file;
}

export interface ReadResults {
  results: StageResult[];
  /** One line per file that could not be used. */
  problems: string[];
}

// Far more than a workspace has legs; a bound so that a flood of files cannot stall the report.
const MAX_FILES = 2_000;
const MAX_FILE_BYTES = 256 * 1024;

/** Each leg uploads its result as the artifact `mlenv-pr-result-<stage>-<project>`. */
export const RESULT_ARTIFACT_PREFIX = 'mlenv-pr-result-';

export function resultArtifactName(result: Pick<StageResult, 'stage' | 'project'>): string {
  return `${RESULT_ARTIFACT_PREFIX}${result.stage}-${result.project}`;
}

/**
 * Every result file under `dir`, sorted by project, then stage. download-artifact puts each
 * artifact in a folder of its name: a result inside such a folder counts only for that folder's
 * leg, so that the code of one leg's job (a fork's, in smoke-train) cannot pass off a result as
 * another leg's. A missing folder holds no results: nothing was uploaded. A file that is not a
 * valid result is skipped and named in `problems`, so one bad leg never hides the others.
 */
export async function readStageResults(dir: string): Promise<ReadResults> {
  const problems: string[] = [];
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() && e.name.endsWith('.json'))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { results: [], problems };
    throw error;
  }
  if (entries.length > MAX_FILES) {
    problems.push(`${entries.length} result files; read the first ${MAX_FILES}`);
    entries = entries.slice(0, MAX_FILES);
  }
  const byLeg = new Map<string, StageResult>();
  for (const file of entries) {
    const name = path.relative(dir, file);
    let parsed: StageResult;
    try {
      const content = await readFile(file);
      if (content.length > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
      const checked = stageResultSchema.safeParse(JSON.parse(content.toString('utf8')));
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new Error(
          `not a version ${RESULT_VERSION} result: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
        );
      }
      parsed = checked.data;
      const folder = path.basename(path.dirname(file));
      if (folder.startsWith(RESULT_ARTIFACT_PREFIX) && folder !== resultArtifactName(parsed)) {
        throw new Error(
          `a result of ${parsed.stage} for ${parsed.project} in the artifact ${folder}; ignored`,
        );
      }
    } catch (error) {
      problems.push(`${name}: ${errorMessage(error)}`);
      continue;
    }
    const key = `${parsed.project}\u0000${parsed.stage}`;
    if (byLeg.has(key)) {
      problems.push(`${name}: a second result for ${parsed.stage} of ${parsed.project}; ignored`);
      continue;
    }
    byLeg.set(key, parsed);
  }
  return { results: sortResults([...byLeg.values()]), problems };
}

export function sortResults<T extends Pick<StageResult, 'project' | 'stage'>>(results: T[]): T[] {
  return [...results].sort(
    (a, b) =>
      a.project.localeCompare(b.project) || PR_STAGES.indexOf(a.stage) - PR_STAGES.indexOf(b.stage),
  );
}
