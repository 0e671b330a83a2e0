/**
 * server-error: a 5xx. rate-limit: GitHub's primary limit (remaining 0, reset, Retry-After).
 * secondary-rate-limit: GitHub's secondary limit (its message, Retry-After). too-many-requests:
 * a bare 429 with only Retry-After, as proxies and unlabelled limits answer.
 */
export type FaultKind =
  | 'server-error'
  | 'rate-limit'
  | 'secondary-rate-limit'
  | 'too-many-requests';

export interface FaultSpec {
  kind: FaultKind;
  /** HTTP method to match (any when absent). */
  method?: string;
  /**
   * The request to match: a route template of the description
   * (`/repos/{owner}/{repo}/deployments`), a concrete path, or a RegExp tested on the path.
   * Any request when absent.
   */
  path?: string | RegExp;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** server-error: 500 (default), 502, 503, 504. Rate limits: 429 or 403 (see defaults). */
  status?: number;
  /** Seconds, sent as Retry-After (rate limits; default 1). */
  retryAfter?: number;
  /**
   * Fail after the request took effect (its handler ran and succeeded) instead of before: a
   * gateway timing out on a write GitHub completed, so a client's retry meets its own first
   * attempt ("already exists", a second comment). Default false.
   */
  applied?: boolean;
}

export interface Fault {
  readonly spec: Readonly<FaultSpec>;
  /** Matching requests still to fail. */
  remaining: number;
  /** Matching requests that have failed so far. */
  hits: number;
}

export interface FaultResponse {
  kind: FaultKind;
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

/** Makes the next requests that match fail the ways GitHub fails. */
export class Faults {
  private readonly pending: Fault[] = [];

  inject(spec: FaultSpec): Fault {
    const fault: Fault = { spec, remaining: spec.times ?? 1, hits: 0 };
    this.pending.push(fault);
    return fault;
  }

  clear(): void {
    this.pending.length = 0;
  }

  /**
   * Consumes and answers the first pending fault that matches, if any: `before` the handler
   * runs for ordinary faults, `after` it succeeded for `applied` ones.
   */
  take(
    method: string,
    pathname: string,
    template: string | undefined,
    phase: 'before' | 'after' = 'before',
  ): FaultResponse | undefined {
    const fault = this.pending.find(
      (f) =>
        f.remaining > 0 &&
        (f.spec.applied === true) === (phase === 'after') &&
        matches(f.spec, method, pathname, template),
    );
    if (!fault) return undefined;
    fault.remaining--;
    fault.hits++;
    if (fault.remaining === 0) this.pending.splice(this.pending.indexOf(fault), 1);
    return respond(fault.spec);
  }
}

function matches(spec: FaultSpec, method: string, pathname: string, template?: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path === undefined) return true;
  if (spec.path instanceof RegExp) return spec.path.test(pathname);
  return spec.path === pathname || spec.path === template;
}

function respond(spec: FaultSpec): FaultResponse {
  const retryAfter = spec.retryAfter ?? 1;
  switch (spec.kind) {
    case 'server-error': {
      const status = spec.status ?? 500;
      // GitHub's 5xx answers carry GitHub's envelope (its load balancers' ones are HTML; the
      // client must cope with either).
      return {
        kind: spec.kind,
        status,
        headers: {},
        body: {
          message: status === 502 ? 'Server Error' : 'Service Unavailable',
          status: String(status),
        },
      };
    }
    case 'rate-limit': {
      // The primary limit: remaining 0 and a reset time; GitHub answers 403 or 429.
      const status = spec.status ?? 429;
      const reset = Math.floor(Date.now() / 1000) + retryAfter;
      return {
        kind: spec.kind,
        status,
        headers: {
          'retry-after': String(retryAfter),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
        },
        body: {
          message:
            'API rate limit exceeded for user ID 1001. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
          documentation_url: RATE_LIMIT_DOCS,
          status: String(status),
        },
      };
    }
    case 'too-many-requests':
      return {
        kind: spec.kind,
        status: 429,
        headers: { 'retry-after': String(retryAfter) },
        body: { message: 'Too Many Requests' },
      };
    case 'secondary-rate-limit': {
      const status = spec.status ?? 403;
      return {
        kind: spec.kind,
        status,
        headers: { 'retry-after': String(retryAfter) },
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
          documentation_url: `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`,
          status: String(status),
        },
      };
    }
  }
}
