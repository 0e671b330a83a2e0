import { errorMessage } from '../../errors/index.js';
import type { Logger } from '../../logger/index.js';
import { MlflowError, MlflowUnreachableError } from '../../mlflow/client.js';
import type { ModelRegistry } from '../../promote/aliases.js';
import { ALIASES } from '../../promote/schema.js';
import type { StageResult } from './result.js';

/** The part of the model registry the report reads; tests pass an in-memory one. */
export type ChampionRegistry = Pick<ModelRegistry, 'uri' | 'versionByAlias' | 'runMetrics'>;

export type ChampionLookup =
  | {
      kind: 'found';
      model: string;
      version: string;
      runId?: string;
      /** The last value of each metric of the champion's run. */
      metrics: Record<string, number>;
    }
  /** The model has no champion alias yet (or is not registered at all). */
  | { kind: 'none'; model: string }
  /** The project names no model (no promote section): nothing to compare with. */
  | { kind: 'no-model' }
  /** The registry could not answer; the report says so and goes on. */
  | { kind: 'unavailable'; model?: string; reason: string };

/** The champion of `model` and its run's metrics. Any failure is an `unavailable` answer. */
export async function lookupChampion(
  registry: ChampionRegistry,
  model: string,
): Promise<ChampionLookup> {
  return (await lookup(registry, model)).answer;
}

export interface ChampionLookupOptions {
  results: readonly StageResult[];
  /** The tracking server to ask; default the one each smoke run recorded. */
  trackingUri?: string;
  registryFor: (uri: string) => ChampionRegistry;
  logger: Logger;
}

/**
 * The champion of each project whose smoke training reported metrics, by project. A server that
 * is down or refuses the token is asked once, not once per project: every later project of the
 * same server gets the same answer at once, so a dead MLflow costs one retry budget in all.
 */
export async function lookupChampions(
  options: ChampionLookupOptions,
): Promise<Map<string, ChampionLookup>> {
  const { logger } = options;
  const found = new Map<string, ChampionLookup>();
  const down = new Map<string, string>();
  const registries = new Map<string, ChampionRegistry>();
  for (const result of options.results) {
    if (result.stage !== 'smoke-train' || Object.keys(result.metrics).length === 0) continue;
    const { model } = result;
    if (!model) {
      found.set(result.project, { kind: 'no-model' });
      continue;
    }
    const uri = options.trackingUri ?? result.trackingUri;
    if (!uri) {
      found.set(result.project, {
        kind: 'unavailable',
        model,
        reason: 'the smoke run used the embedded MLflow, which holds no champion; set tracking-uri',
      });
      continue;
    }
    const reason = down.get(uri);
    if (reason) {
      found.set(result.project, { kind: 'unavailable', model, reason });
      continue;
    }
    let registry = registries.get(uri);
    if (!registry) {
      registry = options.registryFor(uri);
      registries.set(uri, registry);
    }
    const { answer, serverWide } = await lookup(registry, model);
    if (answer.kind === 'unavailable') {
      logger.warning(`champion of ${model} (${result.project}): ${answer.reason}`);
      if (serverWide) down.set(uri, answer.reason);
    }
    found.set(result.project, answer);
  }
  return found;
}

async function lookup(
  registry: ChampionRegistry,
  model: string,
): Promise<{ answer: ChampionLookup; serverWide: boolean }> {
  try {
    const version = await registry.versionByAlias(model, ALIASES.champion);
    if (!version) return { answer: { kind: 'none', model }, serverWide: false };
    // A version registered without a run (an external model) has no metrics to compare.
    const metrics = version.run_id ? await registry.runMetrics(version.run_id) : {};
    const answer: ChampionLookup = {
      kind: 'found',
      model,
      version: version.version,
      runId: version.run_id,
      metrics,
    };
    return { answer, serverWide: false };
  } catch (error) {
    const reason = `MLflow at ${registry.uri}: ${errorMessage(error)}`;
    return { answer: { kind: 'unavailable', model, reason }, serverWide: isServerWide(error) };
  }
}

/** Failures that every request to the same server would meet: unreachable, or the token refused. */
function isServerWide(error: unknown): boolean {
  return (
    error instanceof MlflowUnreachableError ||
    (error instanceof MlflowError && (error.status === 401 || error.status === 403))
  );
}
