import type { z } from 'zod';
import { checkToken, ExternalError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { type RetryAttempt, retry } from '../util/retry.js';
import {
  createExperimentResponseSchema,
  errorResponseSchema,
  experimentResponseSchema,
  type LoggedModel,
  type Metric,
  type ModelVersion,
  metricHistoryResponseSchema,
  modelVersionResponseSchema,
  type RegisteredModel,
  type Run,
  registeredModelResponseSchema,
  runResponseSchema,
  searchExperimentsResponseSchema,
  searchLoggedModelsResponseSchema,
  searchModelVersionsResponseSchema,
  searchRunsResponseSchema,
} from './schema.js';

export interface MlflowClientOptions {
  uri: string;
  /** Bearer token or basic credentials, when the server needs them (masked by the caller). */
  token?: string;
  logger?: Logger;
  /** Total time the client keeps retrying a failing request, in milliseconds. */
  retryBudgetMs?: number;
  fetch?: typeof fetch;
}

/** A request that MLflow answered with an error; `code` is MLflow's error_code. */
export class MlflowError extends ExternalError {
  override name = 'MlflowError';
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** MLflow could not be reached at all within the retry budget. */
export class MlflowUnreachableError extends ExternalError {
  override name = 'MlflowUnreachableError';
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

/**
 * A narrow client for the MLflow REST API: only what MLEnv uses. Transient failures (network,
 * 5xx, 429) are retried with backoff inside a time budget; then the error names the server.
 */
export class MlflowClient {
  readonly uri: string;
  readonly #token?: string;
  readonly #logger?: Logger;
  readonly #budgetMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: MlflowClientOptions) {
    this.uri = options.uri.replace(/\/+$/, '');
    if (options.token) checkToken(options.token, 'MLflow token');
    this.#token = options.token;
    this.#logger = options.logger;
    this.#budgetMs = options.retryBudgetMs ?? 30_000;
    this.#fetch = options.fetch ?? fetch;
  }

  runUrl(experimentId: string, runId: string): string {
    return `${this.uri}/#/experiments/${experimentId}/runs/${runId}`;
  }

  async getOrCreateExperiment(name: string): Promise<string> {
    try {
      const found = await this.#call('GET', 'experiments/get-by-name', experimentResponseSchema, {
        query: { experiment_name: name },
      });
      return found.experiment.experiment_id;
    } catch (error) {
      if (!(error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST')) throw error;
    }
    try {
      return (
        await this.#call('POST', 'experiments/create', createExperimentResponseSchema, {
          body: { name },
        })
      ).experiment_id;
    } catch (error) {
      // Two runs starting at once may both try to create it; the loser reads the winner's.
      if (error instanceof MlflowError && error.code === 'RESOURCE_ALREADY_EXISTS') {
        return (
          await this.#call('GET', 'experiments/get-by-name', experimentResponseSchema, {
            query: { experiment_name: name },
          })
        ).experiment.experiment_id;
      }
      throw error;
    }
  }

  async createRun(
    experimentId: string,
    runName: string,
    tags: Record<string, string>,
  ): Promise<Run> {
    const body = {
      experiment_id: experimentId,
      run_name: runName,
      start_time: Date.now(),
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    };
    return (await this.#call('POST', 'runs/create', runResponseSchema, { body })).run;
  }

  async getRun(runId: string): Promise<Run> {
    return (await this.#call('GET', 'runs/get', runResponseSchema, { query: { run_id: runId } }))
      .run;
  }

  /** The experiment of that name, or undefined: unlike getOrCreateExperiment, creates nothing. */
  async findExperiment(name: string): Promise<string | undefined> {
    try {
      const found = await this.#call('GET', 'experiments/get-by-name', experimentResponseSchema, {
        query: { experiment_name: name },
      });
      return found.experiment.experiment_id;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Every active experiment, by id and name. */
  async searchExperiments(): Promise<{ experiment_id: string; name: string }[]> {
    const experiments: { experiment_id: string; name: string }[] = [];
    let pageToken: string | undefined;
    do {
      const body: Record<string, unknown> = { max_results: 1000, view_type: 'ACTIVE_ONLY' };
      if (pageToken) body.page_token = pageToken;
      const page = await this.#call('POST', 'experiments/search', searchExperimentsResponseSchema, {
        body,
      });
      experiments.push(...page.experiments);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return experiments;
  }

  /**
   * Active runs of the experiments that match an MLflow search filter, e.g.
   * `attributes.status = 'RUNNING'`; one request per 1000 runs.
   */
  async searchRuns(experimentIds: readonly string[], filter: string): Promise<Run[]> {
    const runs: Run[] = [];
    let pageToken: string | undefined;
    do {
      const body: Record<string, unknown> = {
        experiment_ids: experimentIds,
        filter,
        run_view_type: 'ACTIVE_ONLY',
        max_results: 1000,
      };
      if (pageToken) body.page_token = pageToken;
      const page = await this.#call('POST', 'runs/search', searchRunsResponseSchema, { body });
      runs.push(...page.runs);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return runs;
  }

  async setTags(runId: string, tags: Record<string, string>): Promise<void> {
    const body = {
      run_id: runId,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    };
    await this.#call('POST', 'runs/log-batch', null, { body });
  }

  /**
   * Logs params with `runs/log-batch`, in requests of at most MLflow's 100 params, values cut to
   * its 6000 characters (MLflow refuses longer ones). A param already logged with the same value
   * is accepted again; MLflow refuses to change one (INVALID_PARAMETER_VALUE).
   */
  async logParams(runId: string, params: Record<string, string>): Promise<void> {
    const entries = Object.entries(params).map(([key, value]) => ({
      key,
      value: fitParamValue(key, value, this.#logger),
    }));
    for (let start = 0; start < entries.length; start += MAX_PARAMS_PER_BATCH) {
      const body = { run_id: runId, params: entries.slice(start, start + MAX_PARAMS_PER_BATCH) };
      await this.#call('POST', 'runs/log-batch', null, { body });
    }
  }

  async setRunStatus(runId: string, status: RunStatus): Promise<void> {
    const body: Record<string, unknown> = { run_id: runId, status };
    if (status !== 'RUNNING' && status !== 'SCHEDULED') body.end_time = Date.now();
    await this.#call('POST', 'runs/update', null, { body });
  }

  async metricHistory(runId: string, key: string): Promise<Metric[]> {
    const metrics: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const query: Record<string, string> = {
        run_id: runId,
        metric_key: key,
        max_results: '25000',
      };
      if (pageToken) query.page_token = pageToken;
      const page = await this.#call('GET', 'metrics/get-history', metricHistoryResponseSchema, {
        query,
      });
      metrics.push(...page.metrics);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return metrics.sort((a, b) => a.step - b.step);
  }

  /** Models logged by a run (MLflow 3 logged models), newest first. */
  async loggedModels(experimentId: string, runId: string): Promise<LoggedModel[]> {
    const body = {
      experiment_ids: [experimentId],
      filter: `source_run_id = '${runId}'`,
      max_results: 50,
    };
    const { models } = await this.#call(
      'POST',
      'logged-models/search',
      searchLoggedModelsResponseSchema,
      { body },
    );
    return models.sort(
      (a, b) => (b.info.creation_timestamp_ms ?? 0) - (a.info.creation_timestamp_ms ?? 0),
    );
  }

  async createRegisteredModel(name: string): Promise<void> {
    try {
      await this.#call('POST', 'registered-models/create', null, { body: { name } });
    } catch (error) {
      if (!(error instanceof MlflowError && error.code === 'RESOURCE_ALREADY_EXISTS')) throw error;
    }
  }

  async createModelVersion(options: {
    name: string;
    source: string;
    runId: string;
    modelId?: string;
    tags?: Record<string, string>;
  }): Promise<ModelVersion> {
    const body = {
      name: options.name,
      source: options.source,
      run_id: options.runId,
      model_id: options.modelId,
      tags: Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value })),
    };
    return (await this.#call('POST', 'model-versions/create', modelVersionResponseSchema, { body }))
      .model_version;
  }

  async uploadArtifact(
    artifactUri: string,
    relativePath: string,
    content: string | Uint8Array,
  ): Promise<void> {
    // Only the proxied artifact store (`mlflow server --serve-artifacts`) is reachable over HTTP.
    const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(artifactUri);
    if (!match)
      throw new MlflowError(
        `Cannot upload to artifact store ${artifactUri}: only mlflow-artifacts:/ is supported`,
        0,
      );
    const target = `${this.uri}/api/2.0/mlflow-artifacts/artifacts/${match[1]}/${relativePath}`;
    await this.#send(
      'PUT',
      target,
      typeof content === 'string' ? new TextEncoder().encode(content) : content,
      'application/octet-stream',
    );
  }

  /** The registered model with its tags and aliases; undefined when no such model exists. */
  async getRegisteredModel(name: string): Promise<RegisteredModel | undefined> {
    try {
      return (
        await this.#call('GET', 'registered-models/get', registeredModelResponseSchema, {
          query: { name },
        })
      ).registered_model;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return (
      await this.#call('GET', 'model-versions/get', modelVersionResponseSchema, {
        query: { name, version },
      })
    ).model_version;
  }

  /** The version an alias points at; undefined when the alias (or the model) does not exist. */
  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion | undefined> {
    try {
      return (
        await this.#call('GET', 'registered-models/alias', modelVersionResponseSchema, {
          query: { name, alias },
        })
      ).model_version;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      // MLflow answers a missing alias of an existing model with INVALID_PARAMETER_VALUE.
      if (
        error instanceof MlflowError &&
        error.code === 'INVALID_PARAMETER_VALUE' &&
        /alias \S+ not found/i.test(error.message)
      )
        return undefined;
      throw error;
    }
  }

  async setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    await this.#call('POST', 'registered-models/alias', null, { body: { name, alias, version } });
  }

  /** Removes an alias; one that is already gone is fine (a retried request may find it so). */
  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    try {
      await this.#call('DELETE', 'registered-models/alias', null, { body: { name, alias } });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Model versions matching an MLflow search filter, e.g. `name = 'fraud' and run_id = '...'`. */
  async searchModelVersions(filter: string): Promise<ModelVersion[]> {
    const versions: ModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      const query: Record<string, string> = { filter, max_results: '1000' };
      if (pageToken) query.page_token = pageToken;
      const page = await this.#call(
        'GET',
        'model-versions/search',
        searchModelVersionsResponseSchema,
        { query },
      );
      versions.push(...page.model_versions);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return versions;
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    await this.#call('POST', 'registered-models/set-tag', null, { body: { name, key, value } });
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    try {
      await this.#call('DELETE', 'registered-models/delete-tag', null, { body: { name, key } });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /**
   * A file of a model version's artifacts (such as `MLmodel`), read through the tracking server,
   * so it works for every artifact store the server can read.
   */
  async modelVersionArtifact(name: string, version: string, artifactPath: string): Promise<string> {
    const url = new URL(`${this.uri}/model-versions/get-artifact`);
    url.searchParams.set('name', name);
    url.searchParams.set('version', version);
    url.searchParams.set('path', artifactPath);
    return this.#send('GET', url.toString(), undefined, 'application/json');
  }

  async #call<T extends z.ZodType | null>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    endpoint: string,
    schema: T,
    options: { query?: Record<string, string>; body?: unknown } = {},
  ): Promise<T extends z.ZodType ? z.output<T> : undefined> {
    const url = new URL(`${this.uri}/api/2.0/mlflow/${endpoint}`);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    const text = await this.#send(
      method,
      url.toString(),
      options.body === undefined ? undefined : JSON.stringify(options.body),
      'application/json',
    );
    if (schema === null) return undefined as never;
    const parsed = schema.safeParse(text ? JSON.parse(text) : {});
    if (!parsed.success) {
      throw new MlflowError(
        `MLflow at ${this.uri} answered ${endpoint} with an unexpected body: ${text.slice(0, 300)}`,
        200,
      );
    }
    return parsed.data as never;
  }

  async #send(
    method: string,
    url: string,
    body: string | Uint8Array | undefined,
    contentType: string,
  ): Promise<string> {
    const attempt = async ({ remainingMs }: RetryAttempt): Promise<string> => {
      let response: Response;
      let text: string;
      try {
        response = await this.#fetch(url, {
          method,
          headers: {
            'content-type': contentType,
            ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}),
          },
          body,
          signal: AbortSignal.timeout(Math.max(1_000, Math.min(30_000, remainingMs))),
        });
        text = await response.text();
      } catch (error) {
        throw new NoAnswer(error);
      }
      if (response.ok) return text;
      if (RETRYABLE_STATUS.has(response.status))
        throw new BusyAnswer(response.status, text, retryAfter(response));
      throw this.#answerError(method, url, response.status, text);
    };
    return retry(attempt, {
      budgetMs: this.#budgetMs,
      retryable: (error) =>
        error instanceof NoAnswer ||
        (error instanceof BusyAnswer &&
          (error.retryAfterMs === undefined || { afterMs: error.retryAfterMs })),
      onRetry: ({ error, attempt: failed }) =>
        this.#logger?.debug(
          error instanceof BusyAnswer
            ? `MLflow at ${this.uri} answered ${error.status}; retry ${failed}`
            : `MLflow at ${this.uri} unreachable (${(error as Error).message}); retry ${failed}`,
        ),
      giveUp: ({ error, attempt: attempts }) => {
        if (error instanceof BusyAnswer)
          return this.#answerError(method, url, error.status, error.text);
        if (error instanceof NoAnswer)
          return new MlflowUnreachableError(
            `MLflow tracking server ${this.uri} is unreachable after ${attempts} attempt(s) in ${Math.round(this.#budgetMs / 1000)}s: ${error.message}`,
          );
        return error;
      },
    });
  }

  #answerError(method: string, url: string, status: number, text: string): MlflowError {
    const parsed = errorResponseSchema.safeParse(safeJson(text));
    const detail = parsed.success ? (parsed.data.message ?? text) : text;
    return new MlflowError(
      `MLflow at ${this.uri} answered ${method} ${new URL(url).pathname} with ${status}: ${detail.slice(0, 500)}`,
      status,
      parsed.success ? parsed.data.error_code : undefined,
    );
  }
}

/** No answer at all (refused, reset, timed out); the message is the cause's. */
class NoAnswer extends Error {
  constructor(error: unknown) {
    // fetch wraps the socket's error as its cause: "fetch failed" alone says nothing. Read by
    // shape, not instanceof: undici's errors may come from another realm (a test's VM).
    const failure = error as { message?: unknown; cause?: { message?: unknown } } | undefined;
    const message = failure?.cause?.message ?? failure?.message;
    super(typeof message === 'string' ? message : String(error));
  }
}

/** An answer that may be different on the next try: 429 or a 5xx. */
class BusyAnswer extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`answered ${status}`);
  }
}

/** MLflow's limits on `runs/log-batch` (mlflow/utils/validation.py). */
export const MAX_PARAMS_PER_BATCH = 100;
export const MAX_PARAM_VALUE_LENGTH = 6000;

/**
 * A value MLflow accepts: its first 6000 characters (code points, as Python counts them), as
 * MLflow's own client cuts it (MLFLOW_TRUNCATE_LONG_VALUES).
 */
function fitParamValue(key: string, value: string, logger?: Logger): string {
  if (value.length <= MAX_PARAM_VALUE_LENGTH) return value;
  const chars = Array.from(value);
  if (chars.length <= MAX_PARAM_VALUE_LENGTH) return value;
  logger?.warning(
    `MLflow param ${key} has ${chars.length} characters; logged cut to MLflow's limit of ${MAX_PARAM_VALUE_LENGTH}`,
  );
  return chars.slice(0, MAX_PARAM_VALUE_LENGTH).join('');
}

function isNotFound(error: unknown): boolean {
  return error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST';
}

function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  const seconds = value ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) ? Math.min(30_000, seconds * 1000) : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** The last value of every metric of a run. */
export function latestMetrics(run: Run): Record<string, number> {
  const latest: Record<string, { value: number; step: number; timestamp: number }> = {};
  for (const m of run.data.metrics) {
    const previous = latest[m.key];
    const timestamp = m.timestamp ?? 0;
    if (
      !previous ||
      m.step > previous.step ||
      (m.step === previous.step && timestamp >= previous.timestamp)
    ) {
      latest[m.key] = { value: m.value, step: m.step, timestamp };
    }
  }
  return Object.fromEntries(Object.entries(latest).map(([k, v]) => [k, v.value]));
}
