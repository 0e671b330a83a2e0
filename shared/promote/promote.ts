import { ConfigurationError, ExternalError, errorMessage } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import type { ModelVersion } from '../mlflow/schema.js';
import type { ModelRegistry } from './aliases.js';
import { type Candidate, type CandidateRef, commitOf, resolveCandidate } from './candidate.js';
import { evaluateGates, type GateEvaluation, type GateSpec } from './gates.js';
import {
  acquireLease,
  type HeldLease,
  LeaseHeldError,
  LeaseLostError,
  type LeaseOptions,
} from './lease.js';
import { ALIASES, COMMIT_TAG } from './schema.js';
import type { ServingStrategy } from './serving/strategy.js';

/** Steps of a promotion, in order, as `onStage` reports them. */
export const PROMOTE_STAGES = [
  'resolve',
  'gates',
  'lease',
  'candidate',
  'deploy',
  'champion',
  'commit',
  'done',
] as const;
export type PromoteStage = (typeof PROMOTE_STAGES)[number];

/**
 * Records a rollout somewhere people look, e.g. a GitHub Deployment (supplied by the action).
 * Called only when serving is about to change; a hook that fails is logged, never fatal.
 */
export interface DeploymentHook {
  start(details: {
    model: string;
    version: string;
    /** promote.serving.name. */
    environment: string;
    /** The commit the version was trained from (its `mlenv.git.commit` tag), when known. */
    commit?: string;
  }): Promise<void>;
  finish(
    state: 'success' | 'failure',
    details: { url?: string; description: string },
  ): Promise<void>;
}

export interface PromoteCommon {
  model: string;
  /** promote.serving.name: the deployment environment's name. */
  servingName: string;
  registry: ModelRegistry;
  serving: ServingStrategy;
  logger: Logger;
  lease?: Omit<LeaseOptions, 'registry' | 'model' | 'logger'>;
  deployment?: DeploymentHook;
  onStage?: (stage: PromoteStage, details: Record<string, string | undefined>) => void;
}

export interface PromoteOptions extends PromoteCommon {
  gates: readonly GateSpec[];
  candidate: CandidateRef;
  /**
   * Whether commit `older` is an ancestor of commit `newer` (undefined: the history at hand cannot
   * tell). Two merges train side by side and may promote in either order; the later commit's
   * model must not be replaced by the earlier one's.
   */
  isAncestor?: (older: string, newer: string) => Promise<boolean | undefined>;
}

export type PromoteOutcome =
  | 'promoted'
  | 'already-champion'
  | 'superseded'
  | 'refused'
  | 'rolled-back';

export interface PromoteResult {
  outcome: PromoteOutcome;
  model: string;
  /** The version promoted (or refused, or rolled back to). */
  version: string;
  candidate?: Candidate;
  /** The champion before this command. */
  previousChampion?: string;
  gates?: GateEvaluation;
  url?: string;
  message: string;
}

/** A promotion that failed after its gates; `message` says what state it left. */
export class PromotionError extends ExternalError {
  override name = 'PromotionError';
  constructor(
    message: string,
    readonly stage: PromoteStage,
    readonly gates?: GateEvaluation,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * `mlenv promote`: candidate → gates against the champion → lease → `candidate` alias → serving
 * deploy and health check → `previous-champion`, then `champion` → release of the old deployment.
 *
 * Guarantees: a failed gate changes nothing; a failure at any step leaves the previous champion
 * serving and the `champion` alias where it was (aliases this promotion moved are put back); the
 * `champion` alias moves only once serving is healthy; promoting the champion again is a no-op
 * that says so; and the order makes a re-run after a crash between any two steps converge:
 * `previous-champion` is always set from the current champion just before `champion` moves, and a
 * deployment already serving the candidate is reused.
 */
export async function promote(options: PromoteOptions): Promise<PromoteResult> {
  const { model, registry, logger } = options;
  const stage = stageReporter(options);

  stage('resolve', {});
  const candidate = await resolveCandidate(registry, model, options.candidate);
  let champion = await registry.versionByAlias(model, ALIASES.champion);
  logger.info(
    `Candidate: ${model} version ${candidate.version} (${candidate.chosenBy}); champion: ${champion ? `version ${champion.version}` : 'none'}`,
  );
  if (champion?.version === candidate.version) return alreadyChampion(options, candidate);
  const newer = await supersededBy(options, candidate, champion);
  if (newer) return superseded(options, candidate, newer);

  stage('gates', { version: candidate.version, champion: champion?.version });
  let gates = await evaluate(options, candidate, champion);
  if (!gates.passed) return refused(options, candidate, champion, gates);

  stage('lease', { version: candidate.version });
  const lease = await takeLease(options);
  try {
    // Re-read under the lease: another promotion may have moved the champion since the gates.
    const current = await registry.versionByAlias(model, ALIASES.champion);
    if (current?.version !== champion?.version) {
      logger.info(
        `The champion changed to ${current ? `version ${current.version}` : 'none'} meanwhile; evaluating the gates again`,
      );
      champion = current;
      if (champion?.version === candidate.version)
        return alreadyChampion(options, candidate, lease);
      // The usual way to lose this race: a later merge's promotion went first.
      const newer = await supersededBy(options, candidate, champion);
      if (newer) return superseded(options, candidate, newer);
      gates = await evaluate(options, candidate, champion);
      if (!gates.passed) return refused(options, candidate, champion, gates);
    }
    await lease.renew({ kind: 'promote', from: champion?.version, to: candidate.version });
    const url = await rollOut(options, lease, {
      version: candidate.version,
      champion: champion?.version,
      gates,
    });
    return {
      outcome: 'promoted',
      model,
      version: candidate.version,
      candidate,
      previousChampion: champion?.version,
      gates,
      url,
      message: `Promoted ${model} version ${candidate.version} to champion, serving at ${url}${champion ? `; version ${champion.version} is previous-champion` : ''}.`,
    };
  } finally {
    await release(lease, logger);
  }
}

/**
 * `mlenv promote --rollback`: serves `previous-champion` again, then swaps the aliases (it becomes
 * `champion`, the current champion `previous-champion`). No gates: it was a champion before. A
 * rollback interrupted between its alias moves is finished by the next one, from the intent kept
 * in the lease.
 */
export async function rollback(options: PromoteCommon): Promise<PromoteResult> {
  const { model, registry, logger } = options;
  const stage = stageReporter(options);
  stage('lease', {});
  const lease = await takeLease(options);
  try {
    stage('resolve', {});
    const interrupted = lease.tookOver?.operation;
    let from: string | undefined;
    let to: string;
    if (interrupted?.kind === 'rollback') {
      logger.warning(
        `Finishing an interrupted rollback of ${model} from version ${interrupted.from ?? '(none)'} to ${interrupted.to}`,
      );
      from = interrupted.from;
      to = interrupted.to;
    } else {
      const [champion, previous] = await Promise.all([
        registry.versionByAlias(model, ALIASES.champion),
        registry.versionByAlias(model, ALIASES.previousChampion),
      ]);
      if (!previous)
        throw new ConfigurationError(
          `${model} has no ${ALIASES.previousChampion} alias: there is nothing to roll back to.`,
        );
      if (previous.version === champion?.version)
        throw new ConfigurationError(
          `${model}: ${ALIASES.previousChampion} is version ${previous.version}, already the champion: there is nothing to roll back to.`,
        );
      from = champion?.version;
      to = previous.version;
    }
    logger.info(`Rolling ${model} back from version ${from ?? '(none)'} to version ${to}`);
    await lease.renew({ kind: 'rollback', from, to });
    const url = await rollOut(options, lease, { version: to, champion: from });
    return {
      outcome: 'rolled-back',
      model,
      version: to,
      previousChampion: from,
      url,
      message: `Rolled ${model} back to version ${to}, serving at ${url}${from ? `; version ${from} is previous-champion` : ''}.`,
    };
  } finally {
    await release(lease, logger);
  }
}

/**
 * The steps that change things, under the lease. `champion` is the version that is champion now
 * (it becomes previous-champion), undefined when there is none or it must stay as it is.
 */
async function rollOut(
  options: PromoteCommon,
  lease: HeldLease,
  plan: { version: string; champion?: string; gates?: GateEvaluation },
): Promise<string> {
  const { model, registry, serving, logger } = options;
  const stage = stageReporter(options);
  const { version, gates } = plan;
  const before = {
    candidate: (await registry.versionByAlias(model, ALIASES.candidate))?.version,
    previousChampion: (await registry.versionByAlias(model, ALIASES.previousChampion))?.version,
  };
  const keeps = plan.champion
    ? `version ${plan.champion} is still the champion and keeps serving`
    : 'the champion alias is unchanged';
  if (options.deployment) {
    const commit = await registry
      .getVersion(model, version)
      .then((v) => v?.tags.find((t) => t.key === COMMIT_TAG)?.value)
      .catch(() => undefined);
    await hook(logger, () =>
      options.deployment?.start({ model, version, environment: options.servingName, commit }),
    );
  }
  const fail = async (at: PromoteStage, error: unknown, state: string): Promise<PromotionError> => {
    await hook(logger, () =>
      options.deployment?.finish('failure', {
        description: `${at} failed: ${errorMessage(error)}`,
      }),
    );
    return new PromotionError(
      `Promotion of ${model} version ${version} failed at ${at}: ${errorMessage(error)}\n${state}`,
      at,
      gates,
      { cause: error },
    );
  };

  stage('candidate', { version });
  try {
    await registry.setAlias(model, ALIASES.candidate, version);
  } catch (error) {
    throw await fail('candidate', error, `Nothing changed: ${keeps}.`);
  }

  stage('deploy', { version });
  let url: string;
  try {
    // The server loads whatever `candidate` names when it starts: under the lease, this version.
    ({ url } = await serving.deploy({
      model,
      version,
      modelUri: `models:/${model}@${ALIASES.candidate}`,
    }));
  } catch (error) {
    const restored = await restoreAliases(registry, model, before, logger);
    throw await fail('deploy', error, `${capitalize(keeps)}; ${restored}.`);
  }

  stage('champion', { version, previous: plan.champion });
  try {
    // Someone could have moved `candidate` by hand while the server was loading it.
    const loaded = await registry.versionByAlias(model, ALIASES.candidate);
    if (loaded?.version !== version)
      throw new Error(
        `the ${ALIASES.candidate} alias moved to ${loaded ? `version ${loaded.version}` : 'nothing'} while version ${version} was deployed`,
      );
    await lease.renew();
    if (plan.champion && plan.champion !== version)
      await registry.setAlias(model, ALIASES.previousChampion, plan.champion);
    await registry.setAlias(model, ALIASES.champion, version);
  } catch (error) {
    if (error instanceof LeaseLostError) {
      // Undoing now could clobber the promotion that holds the model: leave it to that one.
      throw await fail(
        'champion',
        error,
        `Stopped before moving champion; serving and aliases are left to the promotion that holds the lease.`,
      );
    }
    // A request can fail after MLflow applied it: what counts is where `champion` is now.
    const moved = await registry
      .versionByAlias(model, ALIASES.champion)
      .then((v) => v?.version === version)
      .catch(() => false);
    if (!moved) {
      await serving
        .rollback()
        .catch((e: unknown) => logger.error(`Could not switch serving back: ${errorMessage(e)}`));
      const restored = await restoreAliases(registry, model, before, logger);
      throw await fail('champion', error, `Serving switched back: ${keeps}; ${restored}.`);
    }
    logger.warning(`${errorMessage(error)}; but champion already names version ${version}`);
  }

  stage('commit', { version });
  await serving
    .commit()
    .catch((error: unknown) =>
      logger.warning(
        `Version ${version} is champion and serving, but the previous deployment could not be removed: ${errorMessage(error)}. The next promotion removes it.`,
      ),
    );
  await hook(logger, () =>
    options.deployment?.finish('success', {
      url,
      description: `${model} version ${version} serving at ${url}`,
    }),
  );
  stage('done', { version, url });
  logger.info(`${model} version ${version} is champion, serving at ${url}`);
  return url;
}

/**
 * The champion when it was trained from a later commit that already contains the candidate's:
 * promoting the candidate would take serving back in history.
 */
async function supersededBy(
  options: PromoteOptions,
  candidate: Candidate,
  champion: ModelVersion | undefined,
): Promise<{ version: string; commit: string } | undefined> {
  const championCommit = champion ? commitOf(champion) : undefined;
  if (!champion || !championCommit || !candidate.commit || !options.isAncestor) return undefined;
  if (championCommit === candidate.commit) return undefined;
  const older = await options.isAncestor(candidate.commit, championCommit);
  if (older === undefined)
    options.logger.info(
      `Cannot tell whether the champion's commit ${championCommit.slice(0, 12)} is newer than the candidate's ${candidate.commit.slice(0, 12)} (not in this checkout's history): going on.`,
    );
  return older ? { version: champion.version, commit: championCommit } : undefined;
}

function superseded(
  options: PromoteOptions,
  candidate: Candidate,
  champion: { version: string; commit: string },
): PromoteResult {
  const message = `${options.model} version ${candidate.version} (commit ${candidate.commit?.slice(0, 12)}) is older than the champion, version ${champion.version} (commit ${champion.commit.slice(0, 12)}), which already includes its commit: nothing to promote.`;
  options.logger.info(message);
  return {
    outcome: 'superseded',
    model: options.model,
    version: candidate.version,
    candidate,
    previousChampion: champion.version,
    message,
  };
}

/** The candidate is the champion: nothing to do, unless an earlier promotion left work behind. */
async function alreadyChampion(
  options: PromoteOptions,
  candidate: Candidate,
  heldLease?: HeldLease,
): Promise<PromoteResult> {
  const { model, serving, logger } = options;
  const base = {
    outcome: 'already-champion' as const,
    model,
    version: candidate.version,
    candidate,
  };
  const status = await serving.status();
  if (
    status.deployed &&
    status.healthy &&
    status.model === model &&
    status.version === candidate.version
  ) {
    if (status.previousVersion) {
      // A promotion stopped between moving the champion and releasing the old deployment.
      const lease =
        heldLease ??
        (await takeLease({ ...options, lease: { ...options.lease, waitMs: 0 } }).catch(
          (error: unknown) => {
            if (error instanceof LeaseHeldError) return undefined;
            throw error;
          },
        ));
      if (lease) {
        await serving.commit();
        if (!heldLease) await release(lease, logger);
      }
    }
    const message = `${model} version ${candidate.version} is already the champion, serving at ${status.url}: nothing to do.`;
    logger.info(message);
    return { ...base, url: status.url, message };
  }
  // Champion, but not what serves: a crash between deploy and champion cannot cause this (the
  // champion moves after serving is healthy), so serving was stopped or its server died. Serve it.
  logger.warning(
    `${model} version ${candidate.version} is already the champion but is not served (${status.detail ?? `serving shows version ${status.version}`}): deploying it again.`,
  );
  const lease = heldLease ?? (await takeLease(options));
  try {
    await lease.renew({ kind: 'promote', to: candidate.version });
    const url = await rollOut(options, lease, { version: candidate.version });
    return {
      ...base,
      url,
      message: `${model} version ${candidate.version} was already the champion; serving it again at ${url}.`,
    };
  } finally {
    if (!heldLease) await release(lease, logger);
  }
}

function refused(
  options: PromoteOptions,
  candidate: Candidate,
  champion: ModelVersion | undefined,
  gates: GateEvaluation,
): PromoteResult {
  const failed = gates.rows.filter((r) => !r.pass).map((r) => `${r.metric} ${r.description}`);
  const message = `${options.model} version ${candidate.version} failed ${failed.length === 1 ? 'a gate' : `${failed.length} gates`} (${failed.join('; ')}): nothing changed${champion ? `, version ${champion.version} stays champion` : ''}.`;
  options.logger.error(message);
  return {
    outcome: 'refused',
    model: options.model,
    version: candidate.version,
    candidate,
    previousChampion: champion?.version,
    gates,
    message,
  };
}

async function evaluate(
  options: PromoteOptions,
  candidate: Candidate,
  champion: ModelVersion | undefined,
): Promise<GateEvaluation> {
  const { registry } = options;
  const [candidateMetrics, championMetrics] = await Promise.all([
    candidate.runId ? registry.runMetrics(candidate.runId) : Promise.resolve({}),
    champion ? (champion.run_id ? registry.runMetrics(champion.run_id) : {}) : undefined,
  ]);
  return evaluateGates(options.gates, candidateMetrics, championMetrics);
}

function takeLease(options: PromoteCommon): Promise<HeldLease> {
  return acquireLease({
    ...options.lease,
    registry: options.registry,
    model: options.model,
    logger: options.logger,
  });
}

async function release(lease: HeldLease, logger: Logger): Promise<void> {
  await lease
    .release()
    .catch((error: unknown) =>
      logger.warning(
        `Could not release the promotion lease (it expires on its own): ${errorMessage(error)}`,
      ),
    );
}

/** Puts `candidate` and `previous-champion` back where they were before this promotion. */
async function restoreAliases(
  registry: ModelRegistry,
  model: string,
  before: { candidate?: string; previousChampion?: string },
  logger: Logger,
): Promise<string> {
  try {
    for (const [alias, version] of [
      [ALIASES.candidate, before.candidate],
      [ALIASES.previousChampion, before.previousChampion],
    ] as const) {
      if (version) await registry.setAlias(model, alias, version);
      else await registry.deleteAlias(model, alias);
    }
    return 'the aliases are as they were';
  } catch (error) {
    logger.error(`Could not put the aliases back: ${errorMessage(error)}`);
    return `the ${ALIASES.candidate} alias may still name the failed version (${errorMessage(error)})`;
  }
}

async function hook(logger: Logger, call: () => Promise<void> | undefined): Promise<void> {
  try {
    await call();
  } catch (error) {
    logger.warning(`Could not record the deployment: ${errorMessage(error)}`);
  }
}

function stageReporter(options: PromoteCommon) {
  return (stage: PromoteStage, details: Record<string, string | undefined>): void => {
    options.logger.debug(`promote: ${stage}`);
    options.onStage?.(stage, details);
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
