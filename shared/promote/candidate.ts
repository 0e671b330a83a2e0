import { ConfigurationError } from '../errors/index.js';
import type { ModelVersion } from '../mlflow/schema.js';
import type { ModelRegistry } from './aliases.js';
import { COMMIT_TAG } from './schema.js';

/** Which version to promote: an explicit version, the one a run registered, or a commit's. */
export type CandidateRef = { version: string } | { runId: string } | { commit: string };

export interface Candidate {
  model: string;
  version: string;
  runId?: string;
  source?: string;
  /** The commit it was trained from (its mlenv.git.commit tag), when registered by MLEnv. */
  commit?: string;
  /** How it was chosen, for messages: "version 3", "commit 1a2b3c4", "run 5f...". */
  chosenBy: string;
  aliases: string[];
}

/**
 * Finds the model version to promote. A commit resolves to the newest version carrying the
 * `mlenv.git.commit` tag that `mlenv train --register` sets, so the merge that trained a model
 * promotes exactly that model.
 */
export async function resolveCandidate(
  registry: ModelRegistry,
  model: string,
  ref: CandidateRef,
): Promise<Candidate> {
  let version: ModelVersion | undefined;
  let chosenBy: string;
  if ('version' in ref) {
    chosenBy = `version ${ref.version}`;
    if (!/^\d+$/.test(ref.version))
      throw new ConfigurationError(
        `--model-version ${ref.version}: expected a model version number such as 3`,
      );
    version = await registry.getVersion(model, ref.version);
  } else if ('runId' in ref) {
    chosenBy = `run ${ref.runId}`;
    version = (await registry.versionsByRun(model, ref.runId))[0];
  } else {
    chosenBy = `commit ${ref.commit.slice(0, 12)}`;
    version = (await registry.versionsByTag(model, COMMIT_TAG, ref.commit))[0];
  }
  if (!version) {
    throw new ConfigurationError(
      `No version of registered model ${model} in ${registry.uri} for ${chosenBy}. ` +
        ('commit' in ref
          ? 'Versions are registered by `mlenv train` on the main branch (or --register); pass --model-version or --run-id to pick another.'
          : 'Check the number with the MLflow UI or `mlflow models`, or register the run first.'),
    );
  }
  if (version.status && version.status !== 'READY') {
    throw new ConfigurationError(
      `${model} version ${version.version} is ${version.status}, not READY: it cannot be served yet.`,
    );
  }
  return {
    model,
    version: version.version,
    runId: version.run_id || undefined,
    source: version.source,
    commit: commitOf(version),
    chosenBy,
    aliases: version.aliases,
  };
}

/** The commit a version was trained from, as `mlenv train --register` tagged it. */
export function commitOf(version: ModelVersion): string | undefined {
  return version.tags.find((tag) => tag.key === COMMIT_TAG)?.value || undefined;
}
