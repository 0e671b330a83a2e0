import { createHash, getHashes } from 'node:crypto';
import { ConfigurationError, ExternalError } from '../../errors/index.js';
import type { Logger } from '../../logger/index.js';
import { retry } from '../../util/retry.js';
import { parseCoreMetadata } from './core-metadata.js';
import { compareVersions, formatVersion, tryParseVersion, type Version } from './pep440.js';
import {
  type PageAnswer,
  parseDistributionFilename,
  parseProjectPage,
  type ReleaseFile,
} from './project-page.js';
import { normalizeName } from './requirement.js';
import {
  bufferSource,
  type RandomAccess,
  readOneZipEntry,
  ZIP_TAIL_BYTES,
  ZipError,
} from './zip.js';

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
  /** First pause before a retry, doubled each time (up to a fifth shorter, at random); default 500 ms. */
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

interface Context {
  index: string;
  project: string;
}

interface Answer extends PageAnswer {
  status: number;
  statusText: string;
}

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

/** No answer, or a 5xx: worth another try. */
class Unavailable extends Error {}

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
    const attempt = async (): Promise<Answer> => {
      logger.debug(`GET ${url}${headers.Range ? ` (${headers.Range})` : ''}`);
      let response: Response;
      let body: Buffer;
      try {
        response = await fetch(url, {
          headers,
          redirect: 'follow',
          signal: AbortSignal.timeout(timeoutMs),
        });
        // The body is read under the same deadline, so a stalled transfer is retried too.
        body = Buffer.from(await response.arrayBuffer());
      } catch (err) {
        throw new Unavailable(`${networkReason(err, timeoutMs)} from GET ${url}`);
      }
      if (response.status >= 500)
        throw new Unavailable(`HTTP ${response.status} ${response.statusText} from GET ${url}`);
      return {
        status: response.status,
        statusText: response.statusText,
        url: response.url || url,
        headers: response.headers,
        body,
      };
    };
    return retry(attempt, {
      attempts,
      initialDelayMs: retryDelayMs,
      retryable: (error) => error instanceof Unavailable,
      onRetry: ({ error, attempt: failed, delayMs }) =>
        logger.warning(
          `${(error as Error).message}; retrying in ${delayMs / 1000} s (attempt ${failed + 1} of ${attempts})`,
        ),
      giveUp: ({ error, attempt: made }) => {
        if (!(error instanceof Unavailable)) return error;
        return new PackageIndexError(
          `Package index ${ctx.index} failed for project "${ctx.project}": ${error.message} (${made} attempt${made === 1 ? '' : 's'})`,
        );
      },
    });
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
