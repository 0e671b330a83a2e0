import { createHash, getHashes } from 'node:crypto';
import { z } from 'zod';
import { ConfigurationError, ExternalError } from '../../errors/index.js';
import type { Logger } from '../../logger/index.js';
import { parseCoreMetadata } from './core-metadata.js';
import { compareVersions, formatVersion, tryParseVersion, type Version } from './pep440.js';
import { normalizeName } from './requirement.js';
import {
  bufferSource,
  type RandomAccess,
  readOneZipEntry,
  ZIP_TAIL_BYTES,
  ZipError,
} from './zip.js';

export interface ReleaseFile {
  filename: string;
  /** Absolute, without the `#sha256=` fragment (that is in `hashes`). */
  url: string;
  requiresPython?: string;
  yanked: boolean;
  /** Algorithm to hex digest, e.g. `{ sha256: '...' }`. */
  hashes: Record<string, string>;
  /** PEP 658/714: whether `<url>.metadata` exists, with its hashes when the index gives them. */
  coreMetadata: boolean | Record<string, string>;
  /** Bytes, when the index says (PEP 700 JSON). */
  size?: number;
}

export interface Release {
  /** Canonical PEP 440 spelling. */
  version: string;
  /** PEP 592: a release is yanked when every one of its files is. */
  yanked: boolean;
  files: ReleaseFile[];
}

export interface PackageIndex {
  /** Every release of a project across the configured indexes, sorted oldest to newest (PEP 440). */
  releases(name: string): Promise<Release[]>;
  /** Requires-Dist of one release: from PEP 658/714 core metadata when the index offers it, else read from the smallest wheel's METADATA. */
  requiresDist(name: string, version: string): Promise<string[]>;
}

export interface PackageIndexOptions {
  indexUrl: string;
  extraIndexUrls?: readonly string[];
  /** Per request, default 30 s. */
  timeoutMs?: number;
  /** Further tries after a network error, a timeout or a 5xx; default 2. */
  retries?: number;
  /** First pause before a retry, doubled each time; default 500 ms. */
  retryDelayMs?: number;
  logger: Logger;
}

/** The index is down, slow or answers garbage: not the user's mistake, and worth a retry later. */
export class PackageIndexError extends ExternalError {
  constructor(message: string) {
    super(message);
    this.name = 'PackageIndexError';
  }
}

const ACCEPT =
  'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01';
const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';

interface Context {
  index: string;
  project: string;
}

interface Answer {
  status: number;
  statusText: string;
  url: string;
  headers: Headers;
  body: Buffer;
}

// ---------------------------------------------------------------------------------------------
// File names

export interface ParsedFilename {
  kind: 'wheel' | 'sdist';
  name: string;
  version: Version;
  /** Wheel tags (`py3`, `none`, `any`); absent for an sdist. */
  tags?: { python: string; abi: string; platform: string };
}

const SDIST_EXTENSIONS = ['.tar.gz', '.zip', '.tar.bz2', '.tgz'] as const;

/**
 * Name and version from a wheel (`{name}-{ver}(-{build})?-{py}-{abi}-{plat}.whl`) or an sdist
 * (`{name}-{ver}.tar.gz`) name, or undefined when it is neither or its version is not PEP 440.
 * An sdist name may hold dashes, so `project` (when given) decides where the name ends.
 */
export function parseDistributionFilename(
  filename: string,
  project?: string,
): ParsedFilename | undefined {
  if (filename.endsWith('.whl')) {
    const parts = filename.slice(0, -4).split('-');
    if (parts.length !== 5 && parts.length !== 6) return undefined;
    const [name, ver] = parts as [string, string];
    const version = tryParseVersion(ver);
    if (!version) return undefined;
    const [python, abi, platform] = parts.slice(-3) as [string, string, string];
    return { kind: 'wheel', name: normalizeName(name), version, tags: { python, abi, platform } };
  }
  const ext = SDIST_EXTENSIONS.find((e) => filename.toLowerCase().endsWith(e));
  if (!ext) return undefined;
  const base = filename.slice(0, -ext.length);
  const wanted = project ? normalizeName(project) : undefined;
  for (let i = base.indexOf('-'); i > 0; i = base.indexOf('-', i + 1)) {
    const name = normalizeName(base.slice(0, i));
    if (wanted && name !== wanted) continue;
    const version = tryParseVersion(base.slice(i + 1));
    if (version) return { kind: 'sdist', name, version };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Project pages

const metadataFlag = z.union([z.boolean(), z.record(z.string(), z.string())]);

const jsonPageSchema = z.object({
  meta: z.object({ 'api-version': z.string() }),
  files: z.array(
    z.object({
      filename: z.string(),
      url: z.string(),
      hashes: z.record(z.string(), z.string()).optional(),
      'requires-python': z.string().nullish(),
      'core-metadata': metadataFlag.optional(),
      'dist-info-metadata': metadataFlag.optional(),
      'data-dist-info-metadata': metadataFlag.optional(),
      yanked: z.union([z.boolean(), z.string()]).optional(),
      size: z.number().optional(),
    }),
  ),
});

function stripFragment(url: URL): string {
  const copy = new URL(url);
  copy.hash = '';
  return copy.toString();
}

function parseJsonPage(text: string, pageUrl: string): ReleaseFile[] | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'a body that is not JSON';
  }
  const parsed = jsonPageSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `JSON without the PEP 691 fields (${issue?.path.join('.') || 'top level'}: ${issue?.message})`;
  }
  const major = parsed.data.meta['api-version'].split('.')[0];
  // PEP 629: a client must not guess at a major version it does not know.
  if (major !== '1') return `PEP 691 api-version ${parsed.data.meta['api-version']}`;
  return parsed.data.files.map((f) => {
    const url = new URL(f.url, pageUrl);
    const metadata = f['core-metadata'] ?? f['dist-info-metadata'] ?? f['data-dist-info-metadata'];
    return {
      filename: f.filename,
      url: stripFragment(url),
      ...(f['requires-python'] ? { requiresPython: f['requires-python'] } : {}),
      yanked: f.yanked !== undefined && f.yanked !== false,
      hashes: f.hashes ?? {},
      coreMetadata: metadata ?? false,
      ...(f.size !== undefined ? { size: f.size } : {}),
    };
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function parseAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of text.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attributes.set((m[1] as string).toLowerCase(), unescapeHtml(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attributes;
}

// `true`, or `sha256=<hex>` (PEP 714 `data-core-metadata`, PEP 658 `data-dist-info-metadata`).
function parseMetadataAttribute(value: string | undefined): boolean | Record<string, string> {
  if (value === undefined) return false;
  const m = /^([a-z0-9_]+)=([0-9a-f]+)$/i.exec(value.trim());
  if (m) return { [(m[1] as string).toLowerCase()]: (m[2] as string).toLowerCase() };
  return value.trim().toLowerCase() !== 'false';
}

function looksLikeHtml(text: string): boolean {
  return /<!doctype\s+html|<html[\s>]|<a\s/i.test(text);
}

function parseHtmlPage(text: string, pageUrl: string): ReleaseFile[] | string {
  if (!looksLikeHtml(text)) return 'a body that is neither JSON nor an HTML page';
  const base = /<base\s([^>]*)>/i.exec(text);
  const baseHref = base ? parseAttributes(base[1] as string).get('href') : undefined;
  const baseUrl = baseHref ? new URL(baseHref, pageUrl).toString() : pageUrl;
  const files: ReleaseFile[] = [];
  for (const m of text.matchAll(/<a\s([^>]*)>([\s\S]*?)<\/a\s*>/gi)) {
    const attributes = parseAttributes(m[1] as string);
    const href = attributes.get('href');
    if (!href) continue;
    const url = new URL(href, baseUrl);
    const fromPath = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const filename = fromPath || unescapeHtml((m[2] as string).trim());
    const hashes: Record<string, string> = {};
    const fragment = /^#([a-z0-9_]+)=([0-9a-f]+)$/i.exec(url.hash);
    if (fragment)
      hashes[(fragment[1] as string).toLowerCase()] = (fragment[2] as string).toLowerCase();
    const requiresPython = attributes.get('data-requires-python');
    files.push({
      filename,
      url: stripFragment(url),
      ...(requiresPython ? { requiresPython } : {}),
      yanked: attributes.has('data-yanked'),
      hashes,
      coreMetadata: parseMetadataAttribute(
        attributes.get('data-core-metadata') ?? attributes.get('data-dist-info-metadata'),
      ),
    });
  }
  return files;
}

function describeBody(answer: Answer): string {
  const type = answer.headers.get('content-type') ?? 'no content type';
  const start = answer.body.toString('utf8', 0, 80).replace(/\s+/g, ' ').trim();
  return `${type} "${start}${answer.body.length > 80 ? '...' : ''}"`;
}

function parseProjectPage(answer: Answer): ReleaseFile[] | string {
  const type = (answer.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = answer.body.toString('utf8');
  const trimmed = text.trimStart();
  const isJson =
    type === JSON_TYPE || type === 'application/json' || (type === '' && trimmed.startsWith('{'));
  const result = isJson ? parseJsonPage(text, answer.url) : parseHtmlPage(text, answer.url);
  if (typeof result === 'string') {
    return `expected PEP 691 JSON or PEP 503 HTML, found ${result}: ${describeBody(answer)}`;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The client

function normalizeIndexUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(
      `Expected a package index URL like https://pypi.org/simple/, found "${url}"`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigurationError(
      `Expected an http(s) package index URL like https://pypi.org/simple/, found "${url}"`,
    );
  }
  return parsed.toString().replace(/\/*$/, '/');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection closed without an answer',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  UND_ERR_CONNECT_TIMEOUT: 'no connection within the connect timeout',
};

function networkReason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const code = e.cause?.code;
  const what = code ? NETWORK_ERRORS[code] : undefined;
  if (what) return `${what} (${code})`;
  return code ?? e.cause?.message ?? e.message ?? String(err);
}

// Linux x86_64 first: that is the platform MLEnv's environment resolves for, and platform wheels
// may declare platform-specific dependencies (torch's CUDA libraries).
function platformRank(file: ReleaseFile): number {
  const tags = parseDistributionFilename(file.filename)?.tags;
  if (!tags) return 3;
  if (tags.platform === 'any') return 0;
  if (/linux.*x86_64/.test(tags.platform)) return 1;
  return 2;
}

function verifyHash(
  data: Buffer,
  hashes: Record<string, string>,
  what: string,
  fail: (reason: string) => never,
): void {
  const available = new Set(getHashes());
  for (const [algorithm, expected] of Object.entries(hashes)) {
    if (!available.has(algorithm)) continue;
    const actual = createHash(algorithm).update(data).digest('hex');
    if (actual !== expected.toLowerCase()) {
      fail(`${what} has ${algorithm} ${actual}, the index promised ${expected}`);
    }
  }
}

export function createPackageIndex(options: PackageIndexOptions): PackageIndex {
  const indexes = [options.indexUrl, ...(options.extraIndexUrls ?? [])].map(normalizeIndexUrl);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const { logger } = options;
  const releaseCache = new Map<string, Promise<Release[]>>();
  const requiresCache = new Map<string, Promise<string[]>>();
  // Which index listed a file, for messages about it.
  const fileIndex = new WeakMap<ReleaseFile, string>();

  const failure = (ctx: Context, reason: string): never => {
    throw new PackageIndexError(
      `Package index ${ctx.index} failed for project "${ctx.project}": ${reason}`,
    );
  };

  /** One GET, retried on network errors, timeouts and 5xx; any other status is returned. */
  async function get(url: string, headers: Record<string, string>, ctx: Context): Promise<Answer> {
    const attempts = retries + 1;
    let reason = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      logger.debug(`GET ${url}${headers.Range ? ` (${headers.Range})` : ''}`);
      try {
        const response = await fetch(url, {
          headers,
          redirect: 'follow',
          signal: AbortSignal.timeout(timeoutMs),
        });
        // The body is read under the same deadline, so a stalled transfer is retried too.
        const body = Buffer.from(await response.arrayBuffer());
        if (response.status < 500) {
          return {
            status: response.status,
            statusText: response.statusText,
            url: response.url || url,
            headers: response.headers,
            body,
          };
        }
        reason = `HTTP ${response.status} ${response.statusText} from GET ${url}`;
      } catch (err) {
        reason = `${networkReason(err, timeoutMs)} from GET ${url}`;
      }
      if (attempt < attempts) {
        const delay = retryDelayMs * 2 ** (attempt - 1);
        logger.warning(
          `${reason}; retrying in ${delay / 1000} s (attempt ${attempt + 1} of ${attempts})`,
        );
        await sleep(delay);
      }
    }
    return failure(ctx, `${reason} (${attempts} attempt${attempts === 1 ? '' : 's'})`);
  }

  /** The files one index lists for a project, or undefined when it does not know the project. */
  async function projectFiles(index: string, project: string): Promise<ReleaseFile[] | undefined> {
    const ctx = { index, project };
    const answer = await get(`${index}${project}/`, { Accept: ACCEPT }, ctx);
    if (answer.status === 404 || answer.status === 410) return undefined;
    if (answer.status !== 200) {
      return failure(ctx, `HTTP ${answer.status} ${answer.statusText} from GET ${answer.url}`);
    }
    const files = parseProjectPage(answer);
    if (typeof files === 'string') return failure(ctx, `${files} (from GET ${answer.url})`);
    return files;
  }

  async function loadReleases(project: string): Promise<Release[]> {
    const perIndex = await Promise.all(indexes.map((index) => projectFiles(index, project)));
    if (perIndex.every((files) => files === undefined)) {
      throw new PackageIndexError(
        `No package index knows project "${project}": ${indexes.join(', ')} answered 404`,
      );
    }
    const byVersion = new Map<string, { version: Version; files: ReleaseFile[] }>();
    const seen = new Set<string>();
    for (const [i, files] of perIndex.entries()) {
      for (const file of files ?? []) {
        fileIndex.set(file, indexes[i] as string);
        // The first index to list a file name wins, as with pip's --index-url before extras.
        if (seen.has(file.filename)) continue;
        const parsed = parseDistributionFilename(file.filename, project);
        if (!parsed || parsed.name !== project) {
          logger.debug(
            `Skipping ${file.filename}: not a ${project} wheel or sdist with a PEP 440 version`,
          );
          continue;
        }
        seen.add(file.filename);
        const key = formatVersion(parsed.version);
        const entry = byVersion.get(key) ?? { version: parsed.version, files: [] };
        entry.files.push(file);
        byVersion.set(key, entry);
      }
    }
    return [...byVersion.entries()]
      .sort(([, a], [, b]) => compareVersions(a.version, b.version))
      .map(([version, { files }]) => ({ version, yanked: files.every((f) => f.yanked), files }));
  }

  function releases(name: string): Promise<Release[]> {
    const project = normalizeName(name);
    let cached = releaseCache.get(project);
    if (!cached) {
      cached = loadReleases(project);
      // A failure is not remembered: the next call asks the index again.
      cached.catch(() => releaseCache.delete(project));
      releaseCache.set(project, cached);
    }
    return cached;
  }

  function indexOf(file: ReleaseFile): string {
    return fileIndex.get(file) ?? (indexes[0] as string);
  }

  /** The wheel as random-access bytes: HTTP ranges where the server honours them, else downloaded. */
  async function wheelSource(file: ReleaseFile, ctx: Context): Promise<RandomAccess> {
    const headers = { 'Accept-Encoding': 'identity' };
    // The tail holds the zip's end record and, for most wheels, the whole central directory.
    const first = await get(file.url, { ...headers, Range: `bytes=-${ZIP_TAIL_BYTES}` }, ctx);
    if (first.status === 200) {
      verifyHash(first.body, file.hashes, file.filename, (reason) => failure(ctx, reason));
      return bufferSource(first.body);
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(first.headers.get('content-range') ?? '');
    if (first.status !== 206 || !range) {
      return failure(ctx, `HTTP ${first.status} ${first.statusText} from GET ${file.url}`);
    }
    const tailStart = Number(range[1]);
    const tail = first.body;
    const size = Number(range[3]);
    const fetchRange = async (offset: number, length: number): Promise<Buffer> => {
      const part = await get(
        file.url,
        { ...headers, Range: `bytes=${offset}-${offset + length - 1}` },
        ctx,
      );
      if (part.status === 200) return part.body.subarray(offset, offset + length);
      if (part.status !== 206) {
        return failure(ctx, `HTTP ${part.status} ${part.statusText} from GET ${file.url} (range)`);
      }
      return part.body;
    };
    return {
      size,
      async read(offset, length) {
        const end = offset + length;
        if (length === 0) return Buffer.alloc(0);
        if (offset >= tailStart) return tail.subarray(offset - tailStart, end - tailStart);
        // A central directory that starts before the tail: fetch only the part not yet here.
        if (end > tailStart) {
          const head = await fetchRange(offset, tailStart - offset);
          return Buffer.concat([head, tail.subarray(0, end - tailStart)]);
        }
        return fetchRange(offset, length);
      },
    };
  }

  async function metadataFromWheel(file: ReleaseFile, ctx: Context): Promise<string> {
    const source = await wheelSource(file, ctx);
    try {
      const { data } = await readOneZipEntry(
        source,
        (name) => /^[^/]+\.dist-info\/METADATA$/.test(name),
        '*.dist-info/METADATA',
      );
      return data.toString('utf8');
    } catch (err) {
      if (err instanceof ZipError)
        return failure(ctx, `${file.url} is not a readable wheel: ${err.message}`);
      throw err;
    }
  }

  async function loadRequiresDist(project: string, version: string): Promise<string[]> {
    const wanted = tryParseVersion(version);
    const all = await releases(project);
    const release = wanted && all.find((r) => compareVersions(r.version, wanted) === 0);
    if (!release) {
      throw new PackageIndexError(
        `Project "${project}" has no release ${version} on ${indexes.join(', ')} (found: ${
          all.map((r) => r.version).join(', ') || 'none'
        })`,
      );
    }
    const wheels = release.files
      .filter((f) => f.filename.endsWith('.whl'))
      .sort(
        (a, b) =>
          Number(a.yanked) - Number(b.yanked) ||
          Number(b.coreMetadata !== false) - Number(a.coreMetadata !== false) ||
          platformRank(a) - platformRank(b) ||
          (a.size ?? Number.MAX_SAFE_INTEGER) - (b.size ?? Number.MAX_SAFE_INTEGER),
      );
    const file = wheels[0];
    if (!file) {
      throw new PackageIndexError(
        `Project "${project}" ${release.version} has no wheel on ${indexes.join(', ')} (only ${release.files
          .map((f) => f.filename)
          .join(', ')}): its dependencies are known only after building it`,
      );
    }
    const ctx = { index: indexOf(file), project };
    let text: string | undefined;
    if (file.coreMetadata !== false) {
      const url = `${file.url}.metadata`;
      const answer = await get(url, { Accept: '*/*' }, ctx);
      if (answer.status === 200) {
        if (typeof file.coreMetadata === 'object') {
          verifyHash(answer.body, file.coreMetadata, url, (reason) => failure(ctx, reason));
        }
        text = answer.body.toString('utf8');
      } else if (answer.status === 404) {
        logger.warning(`${url} is advertised but missing (404); reading ${file.filename} instead`);
      } else {
        return failure(ctx, `HTTP ${answer.status} ${answer.statusText} from GET ${url}`);
      }
    }
    text ??= await metadataFromWheel(file, ctx);
    const metadata = parseCoreMetadata(text);
    if (!metadata.name || !metadata.version) {
      return failure(ctx, `the core metadata of ${file.filename} has no Name or Version field`);
    }
    return metadata.requiresDist;
  }

  function requiresDist(name: string, version: string): Promise<string[]> {
    const project = normalizeName(name);
    const key = `${project}==${version}`;
    let cached = requiresCache.get(key);
    if (!cached) {
      cached = loadRequiresDist(project, version);
      cached.catch(() => requiresCache.delete(key));
      requiresCache.set(key, cached);
    }
    return cached;
  }

  return { releases, requiresDist };
}
