import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';

// ajv-formats is CommonJS with a `default` property: Node's ESM loader hands over the module
// object, transpilers the function; accept both.
const formatsModule = addFormatsModule as unknown as FormatsPlugin | { default: FormatsPlugin };
const addFormats = typeof formatsModule === 'function' ? formatsModule : formatsModule.default;

type JsonObject = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonObject;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonObject }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonObject }> }>;
  externalDocs?: { url?: string };
}

export interface OpenApiDocument {
  openapi: string;
  info?: { version?: string };
  paths: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Path parameters that GitHub lets span several segments (`heads/feature/x`, `dir/file.txt`).
 * Octokit percent-encodes the slashes, curl users do not; both must reach the same operation.
 */
const MULTI_SEGMENT_PARAMS = new Set(['ref', 'path', 'branch']);

export function defaultSpecFile(): string {
  return createRequire(import.meta.url).resolve(
    '@octokit/openapi/generated/api.github.com.deref.json',
  );
}

// The dereferenced description is ~70 MB: parse it once per process (about a second) and share
// it, and the validators compiled from it, between every server started in that process.
const documents = new Map<string, OpenApiDocument>();
const contracts = new WeakMap<OpenApiDocument, Contract>();

export function loadSpec(file: string = defaultSpecFile()): OpenApiDocument {
  let doc = documents.get(file);
  if (!doc) {
    doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
    documents.set(file, doc);
  }
  return doc;
}

export function contractFor(doc: OpenApiDocument): Contract {
  let contract = contracts.get(doc);
  if (!contract) {
    contract = new Contract(doc);
    contracts.set(doc, contract);
  }
  return contract;
}

type Segment = { literal: string } | { param: string } | { pattern: RegExp; params: string[] };

interface Route {
  method: string;
  template: string;
  segments: Segment[];
  operation: OpenApiOperation;
  pathParameters: OpenApiParameter[];
  /** One entry per segment, 0 for a literal: sorting on it tries literal routes first. */
  rank: number[];
}

export interface RouteMatch {
  route: Route;
  template: string;
  operationId: string;
  params: Record<string, string>;
}

export interface ContractProblem {
  /** Where in the request the problem is: path parameters, query, body, or the response. */
  in: 'path' | 'query' | 'body' | 'response';
  /** GitHub-style sentence, as it appears in the 422 message. */
  message: string;
  instancePath?: string;
  keyword?: string;
}

interface CompiledOperation {
  path?: ValidateFunction;
  query?: ValidateFunction;
  body?: ValidateFunction | null;
  responses: Map<string, ValidateFunction | null>;
}

/**
 * Routes requests to operations of the OpenAPI description and validates requests and responses
 * against them. Validators are compiled the first time an operation is used: compiling all of
 * GitHub's ~1,100 operations up front would take minutes.
 */
export class Contract {
  private readonly routes = new Map<string, Route[]>();
  private readonly compiled = new Map<string, CompiledOperation>();
  private readonly ajv: Ajv;
  /** Path and query values arrive as strings; this instance coerces them to the declared type. */
  private readonly coercing: Ajv;
  /** Milliseconds spent compiling validators, for the overhead measurements. */
  compileMs = 0;

  constructor(readonly doc: OpenApiDocument) {
    this.ajv = createAjv(false);
    this.coercing = createAjv(true);
    for (const [template, item] of Object.entries(doc.paths)) {
      const shared = (item.parameters as OpenApiParameter[] | undefined) ?? [];
      for (const method of METHODS) {
        const operation = item[method] as OpenApiOperation | undefined;
        if (!operation) continue;
        const segments = template.split('/').slice(1).map(parseSegment);
        const route: Route = {
          method: method.toUpperCase(),
          template,
          segments,
          operation: {
            ...operation,
            parameters: mergeParameters(shared, operation.parameters ?? []),
          },
          pathParameters: [],
          rank: segments.map((s) => ('literal' in s ? 0 : 1)),
        };
        route.pathParameters = (route.operation.parameters ?? []).filter((p) => p.in === 'path');
        const list = this.routes.get(route.method) ?? [];
        list.push(route);
        this.routes.set(route.method, list);
      }
    }
    for (const list of this.routes.values()) list.sort((a, b) => compareRank(a.rank, b.rank));
  }

  get operationCount(): number {
    let n = 0;
    for (const list of this.routes.values()) n += list.length;
    return n;
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    const candidates = this.routes.get(method.toUpperCase()) ?? [];
    const raw = pathname.split('/').slice(1);
    // Exact segment counts first, so `/deployments/1/statuses` never lands on a greedy route.
    for (const greedy of [false, true]) {
      for (const route of candidates) {
        const params = matchSegments(route.segments, raw, greedy);
        if (params) {
          return {
            route,
            template: route.template,
            operationId: route.operation.operationId,
            params,
          };
        }
      }
    }
    return undefined;
  }

  /** GitHub's documentation page of the operation, used in error bodies as GitHub does. */
  docsUrl(match: RouteMatch): string {
    return match.route.operation.externalDocs?.url ?? 'https://docs.github.com/rest';
  }

  /** Validates and coerces (strings to integers, booleans) the path parameters in place. */
  validatePath(match: RouteMatch, values: Record<string, unknown>): ContractProblem[] {
    const compiled = this.compiledFor(match.route);
    compiled.path ??= this.compile(
      this.coercing,
      parametersSchema(match.route.pathParameters, false),
    );
    return problems('path', compiled.path, values);
  }

  /** Validates and coerces the query; parameters the operation does not declare are problems. */
  validateQuery(match: RouteMatch, values: Record<string, unknown>): ContractProblem[] {
    const compiled = this.compiledFor(match.route);
    compiled.query ??= this.compile(
      this.coercing,
      parametersSchema(
        (match.route.operation.parameters ?? []).filter((p) => p.in === 'query'),
        true,
      ),
    );
    return problems('query', compiled.query, values);
  }

  /**
   * Validates a request body. `present` is false when the request carried none. Top-level keys
   * the operation does not declare are problems too: GitHub ignores most of them, so a misspelt
   * field would silently do nothing against the real API.
   */
  validateBody(match: RouteMatch, body: unknown, present: boolean): ContractProblem[] {
    const requestBody = match.route.operation.requestBody;
    if (!requestBody) return [];
    if (!present) {
      return requestBody.required ? [{ in: 'body', message: 'a request body is required.' }] : [];
    }
    const compiled = this.compiledFor(match.route);
    if (compiled.body === undefined) {
      const schema = jsonContent(requestBody.content);
      compiled.body = schema ? this.compile(this.ajv, closeTopLevel(toJsonSchema(schema))) : null;
    }
    return compiled.body ? problems('body', compiled.body, body) : [];
  }

  /**
   * Validates a response of our handlers. A status the operation does not declare is accepted
   * only for GitHub's generic error envelope (GitHub answers 404 for any repository it cannot
   * see, whatever the description lists); a declared status without a JSON body schema (409 of
   * create-deployment) is not checked further.
   */
  validateResponse(match: RouteMatch, status: number, body: unknown): ContractProblem[] {
    const responses = match.route.operation.responses;
    const key = String(status);
    const declared = responses[key] ?? responses[`${key[0]}XX`] ?? responses.default;
    if (!declared) {
      if (status >= 400) return problems('response', this.basicError(), body);
      return [
        {
          in: 'response',
          message: `status ${status} is not a declared response of ${match.route.operation.operationId} (declared: ${Object.keys(responses).join(', ')})`,
        },
      ];
    }
    const compiled = this.compiledFor(match.route);
    let validate = compiled.responses.get(key);
    if (validate === undefined) {
      const schema = declared.content ? jsonContent(declared.content) : undefined;
      validate = schema ? this.compile(this.ajv, toJsonSchema(schema)) : null;
      compiled.responses.set(key, validate);
    }
    if (!validate) {
      return status === 204 && body !== undefined
        ? [{ in: 'response', message: '204 must not carry a body' }]
        : [];
    }
    return problems('response', validate, body);
  }

  private basicErrorValidator?: ValidateFunction;

  private basicError(): ValidateFunction {
    this.basicErrorValidator ??= this.compile(this.ajv, {
      type: 'object',
      required: ['message'],
      properties: {
        message: { type: 'string' },
        documentation_url: { type: 'string' },
        status: { type: 'string' },
        errors: { type: 'array' },
      },
    });
    return this.basicErrorValidator;
  }

  private compiledFor(route: Route): CompiledOperation {
    const key = `${route.method} ${route.template}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = { responses: new Map() };
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  private compile(ajv: Ajv, schema: JsonObject): ValidateFunction {
    const started = performance.now();
    try {
      return ajv.compile(schema);
    } finally {
      this.compileMs += performance.now() - started;
    }
  }
}

function createAjv(coerce: boolean): Ajv {
  // strict off: the description carries OpenAPI-only keywords (discriminator, readOnly, ...).
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true, // puts the offending value in errors, for GitHub-style messages
    coerceTypes: coerce,
    logger: false,
  });
  addFormats(ajv);
  // GitHub answers "" for URL fields that were never set (a deployment status without a
  // log_url), though the description types them `format: uri`.
  const uri = formatTest(ajv.formats.uri);
  ajv.addFormat('uri', { type: 'string', validate: (value: string) => value === '' || uri(value) });
  // Formats GitHub invents that carry no checkable syntax of their own.
  for (const name of ['repo.nwo', 'timestamp']) ajv.addFormat(name, true);
  return ajv;
}

function formatTest(format: unknown): (value: string) => boolean {
  if (typeof format === 'function') return format as (value: string) => boolean;
  if (format instanceof RegExp) return (value) => format.test(value);
  if (format && typeof format === 'object' && 'validate' in format) {
    return formatTest((format as { validate: unknown }).validate);
  }
  return () => true;
}

function parseSegment(segment: string): Segment {
  const whole = /^\{([^}]+)\}$/.exec(segment);
  if (whole?.[1]) return { param: whole[1] };
  if (!segment.includes('{')) return { literal: segment };
  const params: string[] = [];
  const source = segment.replace(/\{([^}]+)\}|([^{]+)/g, (_m, name: string, text: string) => {
    if (name) {
      params.push(name);
      return '([^/]+)';
    }
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return { pattern: new RegExp(`^${source}$`), params };
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function matchSegments(
  segments: Segment[],
  raw: string[],
  greedy: boolean,
): Record<string, string> | undefined {
  const last = segments[segments.length - 1];
  if (greedy) {
    if (!last || !('param' in last) || !MULTI_SEGMENT_PARAMS.has(last.param)) return undefined;
    if (raw.length <= segments.length) return undefined;
  } else if (raw.length !== segments.length) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    const value = raw[i] ?? '';
    if (greedy && i === segments.length - 1 && 'param' in segment) {
      params[segment.param] = raw.slice(i).map(decode).join('/');
      break;
    }
    if ('literal' in segment) {
      if (segment.literal !== value) return undefined;
    } else if ('param' in segment) {
      if (value === '') return undefined;
      params[segment.param] = decode(value);
    } else {
      const m = segment.pattern.exec(value);
      if (!m) return undefined;
      segment.params.forEach((name, j) => {
        params[name] = decode(m[j + 1] ?? '');
      });
    }
  }
  return params;
}

function mergeParameters(shared: OpenApiParameter[], own: OpenApiParameter[]): OpenApiParameter[] {
  const byKey = new Map<string, OpenApiParameter>();
  for (const p of [...shared, ...own]) byKey.set(`${p.in}:${p.name}`, p);
  return [...byKey.values()];
}

function parametersSchema(parameters: OpenApiParameter[], closed: boolean): JsonObject {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const p of parameters) {
    properties[p.name] = toJsonSchema(p.schema ?? {});
    if (p.required) required.push(p.name);
  }
  return {
    type: 'object',
    properties,
    required,
    ...(closed ? { additionalProperties: false } : {}),
  };
}

function jsonContent(content: Record<string, { schema?: JsonObject }>): JsonObject | undefined {
  const key =
    Object.keys(content).find((k) => k === 'application/json') ??
    Object.keys(content).find((k) => k.includes('json'));
  return key ? content[key]?.schema : undefined;
}

/** Closes an object body schema to undeclared top-level keys (see validateBody). */
function closeTopLevel(schema: JsonObject): JsonObject {
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) {
    return { ...schema, additionalProperties: false };
  }
  if (Array.isArray(schema.oneOf)) {
    return { ...schema, oneOf: (schema.oneOf as JsonObject[]).map(closeTopLevel) };
  }
  return schema;
}

// Keys whose value is itself a schema, or a list or map of schemas.
const SCHEMA_VALUED = new Set(['items', 'not', 'additionalProperties']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties']);
// OpenAPI annotations that mean nothing to a validator; dropping them keeps compiled code small.
const ANNOTATIONS = new Set([
  'description',
  'example',
  'examples',
  'title',
  'discriminator',
  'xml',
  'externalDocs',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

/**
 * Turns an OpenAPI 3.0 schema object into JSON Schema: `nullable: true` becomes a `null` type
 * (ajv's own `nullable` keyword refuses schemas without `type`, such as a nullable `allOf`,
 * which GitHub's description has over a hundred of) and boolean `exclusiveMinimum` becomes numeric.
 */
export function toJsonSchema(schema: unknown): JsonObject {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const source = schema as JsonObject;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    if (SCHEMA_VALUED.has(key) && value && typeof value === 'object') {
      out[key] = toJsonSchema(value);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(toJsonSchema);
    } else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(value as JsonObject).map(([name, s]) => [name, toJsonSchema(s)]),
      );
    } else {
      out[key] = value;
    }
  }
  for (const bound of ['Minimum', 'Maximum'] as const) {
    const flag = `exclusive${bound}`;
    if (typeof out[flag] === 'boolean') {
      const limit = out[bound.toLowerCase()];
      if (out[flag] === true && typeof limit === 'number') {
        out[flag] = limit;
        delete out[bound.toLowerCase()];
      } else {
        delete out[flag];
      }
    }
  }
  if (source.nullable !== true) return out;
  if (typeof out.type === 'string') {
    const nullable: JsonObject = { ...out, type: [out.type, 'null'] };
    if (Array.isArray(out.enum) && !out.enum.includes(null)) nullable.enum = [...out.enum, null];
    return nullable;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function problems(
  where: ContractProblem['in'],
  validate: ValidateFunction,
  value: unknown,
): ContractProblem[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => ({
    in: where,
    message: describe(e, where),
    instancePath: e.instancePath,
    keyword: e.keyword,
  }));
}

/** Phrases an ajv error the way GitHub words its 422 messages. */
function describe(error: ErrorObject, where: ContractProblem['in']): string {
  const at = error.instancePath
    ? `For '${where === 'body' ? 'properties' : where}${error.instancePath}', `
    : where === 'body' || where === 'response'
      ? ''
      : `In the ${where}, `;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${at}"${String(params.missingProperty)}" wasn't supplied.`;
    case 'additionalProperties':
      return `${at}"${String(params.additionalProperty)}" is not a permitted key.`;
    case 'enum':
      return `${at}${JSON.stringify(error.data)} is not one of ${JSON.stringify(params.allowedValues)}.`;
    case 'type':
      return `${at}${JSON.stringify(error.data)} is not ${/^[aeiou]/.test(String(params.type)) ? 'an' : 'a'} ${String(params.type)}.`;
    default:
      return `${at}${error.message ?? error.keyword}.`;
  }
}
