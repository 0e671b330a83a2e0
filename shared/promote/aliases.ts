import { latestMetrics, type MlflowClient, MlflowError } from '../mlflow/client.js';
import type { ModelVersion } from '../mlflow/schema.js';

export { ALIASES } from './schema.js';

/**
 * What a promotion reads and writes in the model registry. The MLflow implementation below talks
 * REST; unit tests use an in-memory one, so the flow's ordering is tested without a server.
 */
export interface ModelRegistry {
  /** Where the registry lives, for messages. */
  readonly uri: string;
  /** A version, or undefined when the model has no such version. */
  getVersion(model: string, version: string): Promise<ModelVersion | undefined>;
  /** The version an alias points at, or undefined when the alias is not set. */
  versionByAlias(model: string, alias: string): Promise<ModelVersion | undefined>;
  setAlias(model: string, alias: string, version: string): Promise<void>;
  deleteAlias(model: string, alias: string): Promise<void>;
  /** Versions of `model` carrying tag `key` = `value`, newest (highest number) first. */
  versionsByTag(model: string, key: string, value: string): Promise<ModelVersion[]>;
  /** Versions of `model` registered from run `runId`, newest first. */
  versionsByRun(model: string, runId: string): Promise<ModelVersion[]>;
  /** The last value of each metric of a run. */
  runMetrics(runId: string): Promise<Record<string, number>>;
  /** Tags of the registered model; undefined when the model is not registered. */
  modelTags(model: string): Promise<Record<string, string> | undefined>;
  setModelTag(model: string, key: string, value: string): Promise<void>;
  deleteModelTag(model: string, key: string): Promise<void>;
  /** A file of a version's model artifacts, as text (the MLmodel file, the input example). */
  versionArtifact(model: string, version: string, path: string): Promise<string>;
}

export function mlflowRegistry(client: MlflowClient): ModelRegistry {
  return {
    uri: client.uri,
    getVersion: (model, version) =>
      client.getModelVersion(model, version).catch((error: unknown) => {
        if (error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST')
          return undefined;
        throw error;
      }),
    versionByAlias: (model, alias) => client.getModelVersionByAlias(model, alias),
    setAlias: (model, alias, version) => client.setRegisteredModelAlias(model, alias, version),
    deleteAlias: (model, alias) => client.deleteRegisteredModelAlias(model, alias),
    versionsByTag: async (model, key, value) =>
      newestFirst(
        await client.searchModelVersions(
          `name = ${quote(model)} and tags.\`${key}\` = ${quote(value)}`,
        ),
      ),
    versionsByRun: async (model, runId) =>
      newestFirst(
        await client.searchModelVersions(`name = ${quote(model)} and run_id = ${quote(runId)}`),
      ),
    runMetrics: async (runId) => latestMetrics(await client.getRun(runId)),
    modelTags: async (model) => {
      const registered = await client.getRegisteredModel(model);
      return registered
        ? Object.fromEntries(registered.tags.map((t) => [t.key, t.value]))
        : undefined;
    },
    setModelTag: (model, key, value) => client.setRegisteredModelTag(model, key, value),
    deleteModelTag: (model, key) => client.deleteRegisteredModelTag(model, key),
    versionArtifact: (model, version, path) => client.modelVersionArtifact(model, version, path),
  };
}

/** Highest version number first: version numbers are strings in MLflow's API. */
export function newestFirst(versions: ModelVersion[]): ModelVersion[] {
  return [...versions].sort((a, b) => Number(b.version) - Number(a.version));
}

// MLflow's filter grammar: single-quoted strings, a quote inside doubled is not supported, so
// names with quotes cannot be searched at all; registered model names and commits never have one.
function quote(value: string): string {
  if (value.includes("'"))
    throw new Error(`Cannot search MLflow for a value with a quote: ${value}`);
  return `'${value}'`;
}
