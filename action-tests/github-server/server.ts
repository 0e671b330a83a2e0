import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type Fault, type FaultKind, type FaultSpec, Faults } from './faults.js';
import { HttpError, handlers } from './handlers.js';
import { Render } from './render.js';
import {
  type Contract,
  type ContractProblem,
  contractFor,
  loadSpec,
  type OpenApiDocument,
} from './spec.js';
import { GithubState, type PushOptions, type SeedRepoOptions } from './state.js';

export interface GithubServerOptions {
  /** Default: a free port picked by the kernel. */
  port?: number;
  /** Default 127.0.0.1; 0.0.0.0 lets containers (act) reach it. */
  host?: string;
  /** The OpenAPI description: a file, or a parsed document. Default: @octokit/openapi's deref. */
  spec?: string | OpenApiDocument;
  /** Tokens the server accepts; any non-empty token when absent. */
  tokens?: string[];
  /** Clock for timestamps. */
  clock?: () => Date;
}

export type ViolationKind =
  | 'auth'
  | 'unknown-endpoint'
  | 'unimplemented'
  | 'malformed-json'
  | 'path'
  | 'query'
  | 'body'
  /** A response of our own handlers broke the description: a bug in the fake. */
  | 'response'
  /** A handler threw: a bug in the fake. */
  | 'handler-crash';

export interface Violation {
  kind: ViolationKind;
  message: string;
  problems?: ContractProblem[];
}

export interface RecordedRequest {
  id: number;
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string | string[]>;
  /** The route template and operation it matched, if any. */
  route?: string;
  operationId?: string;
  requestBody?: unknown;
  status: number;
  responseBody?: unknown;
  violations: Violation[];
  /** The injected fault it was answered with, if any. */
  fault?: FaultKind;
  /** With `fault`: the request took effect before the fault answered (an `applied` fault). */
  applied?: boolean;
  /** Time spent validating the request and the response (compiling validators included). */
  validationMs: number;
  durationMs: number;
}

export interface GithubServer {
  url: string;
  state: GithubState;
  faults: Faults;
  /** Every API request, in arrival order. */
  requests: RecordedRequest[];
  /** Every violation, with the request it was found on. */
  violations(): (Violation & { request: string })[];
  contract: Contract;
  /** Stops the server; rejects if any of the fake's own responses broke the description. */
  stop(): Promise<void>;
}

const API_VERSION = '2022-11-28';
const RATE_LIMIT = 5000;
const ADMIN_PREFIX = '/_github-server/';

/**
 * A local GitHub REST API for tests: stateful handlers for the endpoints MLEnv uses, every
 * request and response checked against GitHub's OpenAPI description.
 */
export async function startGithubServer(options: GithubServerOptions = {}): Promise<GithubServer> {
  const doc = typeof options.spec === 'object' ? options.spec : loadSpec(options.spec);
  const contract = contractFor(doc);
  const state = new GithubState(options.clock);
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const bugs: string[] = [];
  let render = new Render('http://127.0.0.1');
  let used = 0;
  let windowStart = Math.floor(Date.now() / 1000);

  const rateLimitHeaders = (): Record<string, string> => {
    const now = Math.floor(Date.now() / 1000);
    if (now >= windowStart + 3600) {
      windowStart = now;
      used = 0;
    }
    used++;
    return {
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(RATE_LIMIT - used, 0)),
      'x-ratelimit-reset': String(windowStart + 3600),
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
    };
  };

  const send = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': API_VERSION,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      ...rateLimitHeaders(),
      ...headers,
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  };

  const errorBody = (status: number, message: string, docs: string, extra = {}) => ({
    message,
    documentation_url: docs,
    status: String(status),
    ...extra,
  });

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const started = performance.now();
    const entry: RecordedRequest = {
      id: requests.length + 1,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: queryObject(url),
      status: 0,
      violations: [],
      validationMs: 0,
      durationMs: 0,
    };
    requests.push(entry);
    const finish = (status: number, body: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      entry.responseBody = body;
      entry.durationMs = performance.now() - started;
      send(res, status, body, headers);
    };
    const raw = await readBody(req);

    const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!auth) {
      const message = req.headers.authorization ? 'Bad credentials' : 'Requires authentication';
      entry.violations.push({ kind: 'auth', message });
      finish(401, errorBody(401, message, 'https://docs.github.com/rest'), {
        'www-authenticate': 'Bearer realm="GitHub"',
      });
      return;
    }
    if (options.tokens && !options.tokens.includes(auth[1] as string)) {
      entry.violations.push({ kind: 'auth', message: 'Bad credentials' });
      finish(401, errorBody(401, 'Bad credentials', 'https://docs.github.com/rest'));
      return;
    }

    const match = contract.match(entry.method, url.pathname);
    entry.route = match?.template;
    entry.operationId = match?.operationId;

    const fault = faults.take(entry.method, url.pathname, match?.template);
    if (fault) {
      entry.fault = fault.kind;
      finish(fault.status, fault.body, fault.headers);
      return;
    }

    if (!match) {
      const message = `no operation ${entry.method} ${url.pathname} in GitHub's REST API description`;
      entry.violations.push({ kind: 'unknown-endpoint', message });
      finish(404, errorBody(404, 'Not Found', 'https://docs.github.com/rest'));
      return;
    }
    const docs = contract.docsUrl(match);

    let body: unknown;
    const present = raw.length > 0 && raw.toString('utf8').trim() !== '';
    if (present) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        entry.violations.push({ kind: 'malformed-json', message: String(error) });
        finish(400, errorBody(400, 'Problems parsing JSON', docs));
        return;
      }
    }
    entry.requestBody = body;

    const validationStarted = performance.now();
    const params: Record<string, unknown> = { ...match.params };
    const query: Record<string, unknown> = { ...entry.query };
    const pathProblems = contract.validatePath(match, params);
    const queryProblems = contract.validateQuery(match, query);
    const bodyProblems = contract.validateBody(match, body, present);
    entry.validationMs += performance.now() - validationStarted;
    if (pathProblems.length > 0) {
      // GitHub answers a malformed id in the path with 404, not a validation error.
      entry.violations.push({
        kind: 'path',
        message: joinProblems(pathProblems),
        problems: pathProblems,
      });
      finish(404, errorBody(404, 'Not Found', docs));
      return;
    }
    const problems = [...queryProblems, ...bodyProblems];
    if (problems.length > 0) {
      for (const kind of ['query', 'body'] as const) {
        const mine = problems.filter((p) => p.in === kind);
        if (mine.length > 0)
          entry.violations.push({ kind, message: joinProblems(mine), problems: mine });
      }
      finish(422, errorBody(422, `Invalid request.\n\n${joinProblems(problems)}`, docs));
      return;
    }

    const handler = handlers[match.operationId];
    if (!handler) {
      const message = `github-server does not implement ${match.operationId} (${entry.method} ${match.template})`;
      entry.violations.push({ kind: 'unimplemented', message });
      finish(501, errorBody(501, message, docs));
      return;
    }

    let result: { status: number; body?: unknown; headers?: Record<string, string> };
    try {
      result = handler({ state, render, params, query, body, url: new URL(url.toString()) });
    } catch (error) {
      if (!(error instanceof HttpError)) {
        const message = `github-server handler ${match.operationId} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
        entry.violations.push({ kind: 'handler-crash', message });
        bugs.push(message);
        finish(500, errorBody(500, message, docs));
        return;
      }
      result = {
        status: error.status,
        body: errorBody(error.status, error.message, docs, error.extra),
      };
    }

    const responseStarted = performance.now();
    const responseProblems = contract.validateResponse(match, result.status, result.body);
    entry.validationMs += performance.now() - responseStarted;
    if (responseProblems.length > 0) {
      // Our own answer is wrong: fail loudly, never hand a client something GitHub would not.
      const message = `github-server bug: the ${result.status} response of ${match.operationId} violates GitHub's description: ${joinProblems(responseProblems)}`;
      entry.violations.push({ kind: 'response', message, problems: responseProblems });
      bugs.push(message);
      finish(500, errorBody(500, message, docs));
      return;
    }
    const late =
      result.status < 400
        ? faults.take(entry.method, url.pathname, match.template, 'after')
        : undefined;
    if (late) {
      entry.fault = late.kind;
      entry.applied = true;
      finish(late.status, late.body, late.headers);
      return;
    }
    finish(result.status, result.body, result.headers);
  };

  const handleAdmin = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const action = `${req.method} ${url.pathname.slice(ADMIN_PREFIX.length)}`;
    const raw = await readBody(req);
    const input = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined;
    switch (action) {
      case 'GET requests':
        return send(res, 200, requests);
      case 'GET violations':
        return send(res, 200, server.violations());
      case 'POST repos': {
        const { headSha } = state.seedRepo(input as SeedRepoOptions);
        return send(res, 201, { headSha });
      }
      case 'POST push':
        return send(res, 201, { sha: state.push(input as PushOptions) });
      case 'POST faults': {
        const spec = input as FaultSpec & { pathPattern?: string };
        const fault: Fault = faults.inject({
          ...spec,
          path: spec.pathPattern ? new RegExp(spec.pathPattern) : spec.path,
        });
        return send(res, 201, { remaining: fault.remaining });
      }
      default:
        return send(res, 404, { message: `unknown github-server admin action ${action}` });
    }
  };

  const httpServer = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', render.base);
    const handle = url.pathname.startsWith(ADMIN_PREFIX) ? handleAdmin : handleApi;
    handle(req, res, url).catch((error: unknown) => {
      const message = `github-server crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      bugs.push(message);
      if (!res.headersSent) send(res, 500, { message });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  render = new Render(url);

  const server: GithubServer = {
    url,
    state,
    faults,
    requests,
    contract,
    violations: () =>
      requests.flatMap((r) =>
        r.violations.map((v) => ({ ...v, request: `${r.method} ${r.path}` })),
      ),
    stop: async () => {
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        // Keep-alive sockets of clients would otherwise hold close() open.
        httpServer.closeAllConnections();
      });
      if (bugs.length > 0) {
        throw new Error(
          `github-server answered wrongly ${bugs.length} time(s):\n${bugs.join('\n')}`,
        );
      }
    },
  };
  return server;
}

function queryObject(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] = existing === undefined ? value : [...[existing].flat(), value];
  }
  return query;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function joinProblems(problems: ContractProblem[]): string {
  return problems.map((p) => p.message).join('\n');
}
