import http from 'node:http';
import https from 'node:https';
import { ExternalError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';

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
  kubeconfig?: string;
  context?: string;
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

function backoffMs(attempt: number): number {
  return Math.min(8_000, 250 * 2 ** attempt);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      },
      { once: true },
    );
  });
}

export async function createKubeClient(options: KubeClientOptions = {}): Promise<KubeClient> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
  else config.loadFromDefault();
  if (options.context) config.setCurrentContext(options.context);
  const cluster = config.getCurrentCluster();
  if (!cluster)
    throw new KubeError(
      `No Kubernetes cluster in the kubeconfig${options.context ? ` for context ${options.context}` : ''}`,
      0,
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
    let parsed: { message?: string; reason?: string; details?: unknown } = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not a Status object.
    }
    throw new KubeError(
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
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      stats.requests++;
      let failure: { status?: number; code?: string; text: string; retryAfterMs?: number };
      try {
        const response = await open(method, path, requestOptions);
        const text = await readAll(response);
        const status = response.statusCode ?? 0;
        if (status < 300) return (text ? JSON.parse(text) : undefined) as T;
        const retryAfter = Number(response.headers['retry-after']);
        failure = {
          status,
          text,
          retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
        };
      } catch (error) {
        if (requestOptions.signal?.aborted) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        failure = { code, text: error instanceof Error ? error.message : String(error) };
        if (!retryable(method, failure))
          throw new KubeError(
            `${method} ${path}: the Kubernetes API server ${server} could not be reached: ${failure.text}`,
            0,
            code,
          );
      }
      if (!retryable(method, failure)) fail(method, path, failure.status ?? 0, failure.text);
      const elapsed = Date.now() - started;
      const delay = failure.retryAfterMs ?? backoffMs(attempt);
      if (elapsed + delay > retryBudgetMs) {
        const what =
          failure.status !== undefined
            ? `answered ${failure.status} ${failure.text.slice(0, 200)}`
            : `could not be reached (${failure.text})`;
        throw new KubeError(
          `${method} ${path}: the Kubernetes API server ${server} ${what}; gave up after ${attempt} attempt${attempt === 1 ? '' : 's'} in ${(elapsed / 1000).toFixed(1)} s (retry budget ${retryBudgetMs / 1000} s)`,
          failure.status ?? 0,
          failure.code,
        );
      }
      options.logger?.debug(
        `${method} ${path}: ${failure.status ?? failure.code}; retrying in ${delay} ms`,
      );
      await sleep(delay, requestOptions.signal);
    }
  }

  return {
    server,
    namespace,
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
