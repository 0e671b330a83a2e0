import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { ConfigurationError, ExternalError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { retry } from '../util/retry.js';
import { kubeconfigSource } from './kubeconfig.js';

/** An error answered by the API server, with its HTTP status and Status reason. */
export class KubeError extends ExternalError {
  override name = 'KubeError';
  constructor(
    message: string,
    readonly status: number,
    readonly reason?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

/**
 * The narrow Kubernetes surface MLEnv uses, and the seam its tests stand on. KubeConfig loading
 * and authentication come from @kubernetes/client-node (loaded lazily: it is heavy); requests are
 * plain REST so every call can ask for strict field validation and server-side dry runs.
 */
export interface KubeClient {
  readonly server: string;
  readonly namespace: string;
  /** The kubeconfig context in use, resolved: what a later process passes to talk to the same cluster. */
  readonly context: string;
  /** The one kubeconfig file loaded, absolute; unset for a merged KUBECONFIG list or in a pod. */
  readonly kubeconfig?: string;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** Streams watch events until the server closes the stream (then resolves) or it fails. */
  watch<T>(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (event: WatchEvent<T>) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** Streams a container's log lines; resolves when the log ends. */
  streamLines(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onLine: (line: string) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** Whether the cluster serves a resource, e.g. ('trainer.kubeflow.org', 'v1alpha1', 'trainjobs'). */
  serves(group: string, version: string, plural: string): Promise<boolean>;
  /** Counts requests made, for the API-requests-per-job figure. */
  readonly stats: { requests: number; watches: number };
}

export interface KubeClientOptions {
  /** A kubeconfig file (the kubeconfig option); default: KUBECONFIG, ~/.kube/config, the pod's. */
  kubeconfig?: string;
  context?: string;
  /** Where KUBECONFIG and HOME are read (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
  namespace?: string;
  logger?: Logger;
  /**
   * How long one request keeps retrying an API server that is unreachable or answers 429/5xx
   * before it fails (default 30 s): long enough for a control-plane restart, short enough that a
   * cluster that is really down fails the step clearly.
   */
  retryBudgetMs?: number;
}

// Errors of a connection that may work on the next try: refused while the API server restarts,
// reset by a load balancer, a DNS hiccup.
const TRANSIENT_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH']);
const DEFAULT_RETRY_BUDGET_MS = 30_000;

/**
 * Whether a failed request may be sent again. A POST is repeated only when the server cannot have
 * acted on it: the connection was refused, or it answered 429 (priority and fairness) or 503.
 */
function retryable(method: string, failure: { status?: number; code?: string }): boolean {
  const idempotent = IDEMPOTENT.has(method.toUpperCase());
  if (failure.status !== undefined)
    return (
      TRANSIENT_STATUS.has(failure.status) && (idempotent || [429, 503].includes(failure.status))
    );
  return (
    TRANSIENT_NETWORK.has(failure.code ?? '') && (idempotent || failure.code === 'ECONNREFUSED')
  );
}

/** One failed attempt of a request: an answer of 300 or more, or no answer at all (`code`). */
class RequestFailure extends Error {
  constructor(
    readonly text: string,
    readonly status?: number,
    readonly code?: string,
    readonly retryAfterMs?: number,
  ) {
    super(text);
  }
}

export async function createKubeClient(options: KubeClientOptions = {}): Promise<KubeClient> {
  const source = kubeconfigSource(options.kubeconfig, options.env);
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  if ('inCluster' in source) config.loadFromCluster();
  else {
    for (const [index, file] of source.files.entries()) {
      const part = index === 0 ? config : new KubeConfig();
      try {
        part.loadFromFile(file);
      } catch (error) {
        throw new ConfigurationError(
          `${file}: expected a kubeconfig, found a file that does not load (${(error as Error).message.split('\n')[0]})`,
        );
      }
      // The first file's current-context wins, as with kubectl.
      if (part !== config) config.mergeConfig(part, true);
    }
  }
  if (options.context) {
    if (!config.getContextObject(options.context)) {
      const known = config.getContexts().map((c) => c.name);
      const where = 'files' in source ? source.files.join(path.delimiter) : 'the pod kubeconfig';
      throw new ConfigurationError(
        `${where}: expected a context named "${options.context}", found ${known.length > 0 ? `only ${known.join(', ')}` : 'no context'}`,
      );
    }
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster)
    throw new ConfigurationError(
      `expected a cluster for the kubeconfig context "${config.getCurrentContext()}", found none`,
    );
  const contextNamespace = config.getContextObject(config.getCurrentContext())?.namespace;
  const namespace = options.namespace ?? contextNamespace ?? 'default';
  const server = cluster.server.replace(/\/+$/, '');
  const stats = { requests: 0, watches: 0 };

  async function open(
    method: string,
    path: string,
    options: RequestOptions & { accept?: string },
  ): Promise<http.IncomingMessage> {
    const url = new URL(server + path);
    for (const [k, v] of Object.entries(options.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const requestOptions: https.RequestOptions = {
      method,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { accept: options.accept ?? 'application/json' },
    };
    await config.applyToHTTPSOptions(requestOptions);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) {
      requestOptions.headers = {
        ...requestOptions.headers,
        'content-type': options.contentType ?? 'application/json',
        'content-length': Buffer.byteLength(body),
      };
    }
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(requestOptions, resolve);
      req.on('error', reject);
      const abort = () => req.destroy(new Error('aborted'));
      options.signal?.addEventListener('abort', abort, { once: true });
      req.on('close', () => options.signal?.removeEventListener('abort', abort));
      req.end(body);
    });
  }

  async function readAll(response: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function fail(method: string, path: string, status: number, text: string): never {
    throw statusError(method, path, status, text);
  }

  function statusError(method: string, path: string, status: number, text: string): KubeError {
    let parsed: { message?: string; reason?: string; details?: unknown } = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not a Status object.
    }
    return new KubeError(
      `${method} ${path}: ${status} ${parsed.message ?? text.slice(0, 300)}`,
      status,
      parsed.reason,
      parsed.details,
    );
  }

  async function streamBody(
    method: string,
    path: string,
    query: RequestOptions['query'],
    signal: AbortSignal,
    onLine: (line: string) => void,
  ): Promise<void> {
    const response = await open(method, path, { query, signal });
    if ((response.statusCode ?? 0) >= 300)
      fail(method, path, response.statusCode ?? 0, await readAll(response));
    let pending = '';
    try {
      for await (const chunk of response) {
        pending += (chunk as Buffer).toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (line) onLine(line);
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    }
    if (pending) onLine(pending);
  }

  const retryBudgetMs = options.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS;

  async function request<T>(
    method: string,
    path: string,
    requestOptions: RequestOptions = {},
  ): Promise<T> {
    const attempt = async (): Promise<T> => {
      stats.requests++;
      let response: http.IncomingMessage;
      let text: string;
      try {
        response = await open(method, path, requestOptions);
        text = await readAll(response);
      } catch (error) {
        if (requestOptions.signal?.aborted) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new RequestFailure(message, undefined, (error as NodeJS.ErrnoException).code);
      }
      const status = response.statusCode ?? 0;
      if (status >= 300) {
        const retryAfter = Number(response.headers['retry-after']);
        throw new RequestFailure(
          text,
          status,
          undefined,
          Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
        );
      }
      try {
        return (text ? JSON.parse(text) : undefined) as T;
      } catch (error) {
        throw new KubeError(
          `${method} ${path}: the Kubernetes API server ${server} answered ${status} with a body that is not JSON (${(error as Error).message})`,
          status,
        );
      }
    };
    return retry(attempt, {
      budgetMs: retryBudgetMs,
      initialDelayMs: 500,
      signal: requestOptions.signal,
      retryable: (error) =>
        error instanceof RequestFailure &&
        retryable(method, error) &&
        (error.retryAfterMs === undefined || { afterMs: error.retryAfterMs }),
      onRetry: ({ error, delayMs }) => {
        const failure = error as RequestFailure;
        options.logger?.debug(
          `${method} ${path}: ${failure.status ?? failure.code}; retrying in ${delayMs} ms`,
        );
      },
      giveUp: ({ error, attempt: attempts, elapsedMs, exhausted }) => {
        if (!(error instanceof RequestFailure)) return error;
        if (!exhausted)
          return error.status !== undefined
            ? statusError(method, path, error.status, error.text)
            : new KubeError(
                `${method} ${path}: the Kubernetes API server ${server} could not be reached: ${error.text}`,
                0,
                error.code,
              );
        const what =
          error.status !== undefined
            ? `answered ${error.status} ${error.text.slice(0, 200)}`
            : `could not be reached (${error.text})`;
        return new KubeError(
          `${method} ${path}: the Kubernetes API server ${server} ${what}; gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${(elapsedMs / 1000).toFixed(1)} s (retry budget ${retryBudgetMs / 1000} s)`,
          error.status ?? 0,
          error.code,
        );
      },
    });
  }

  return {
    server,
    namespace,
    context: config.getCurrentContext(),
    kubeconfig: 'files' in source && source.files.length === 1 ? source.files[0] : undefined,
    stats,
    request,
    async watch<T>(
      path: string,
      query: Record<string, string | number | boolean | undefined>,
      onEvent: (event: WatchEvent<T>) => void,
      signal: AbortSignal,
    ) {
      stats.watches++;
      await streamBody(
        'GET',
        path,
        { ...query, watch: true, allowWatchBookmarks: true },
        signal,
        (line) => onEvent(JSON.parse(line) as WatchEvent<T>),
      );
    },
    async streamLines(path, query, onLine, signal) {
      stats.requests++;
      await streamBody('GET', path, query, signal, onLine);
    },
    async serves(group, version, plural) {
      try {
        const list = await request<{ resources?: { name: string }[] }>(
          'GET',
          `/apis/${group}/${version}`,
        );
        return (list.resources ?? []).some((r) => r.name === plural);
      } catch (error) {
        if (error instanceof KubeError && error.status === 404) return false;
        throw error;
      }
    },
  };
}

/** The REST path of a namespaced resource collection or object. */
export function resourcePath(
  apiVersion: string,
  plural: string,
  namespace: string,
  name?: string,
): string {
  const prefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${prefix}/namespaces/${namespace}/${plural}${name ? `/${name}` : ''}`;
}
