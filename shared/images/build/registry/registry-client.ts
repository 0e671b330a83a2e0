import { ConfigurationError, ExternalError } from '../../../errors/index.js';
import type { Logger } from '../../../logger/index.js';
import type { RegistryCredentials } from './credentials.js';
import { apiHost, formatImageRef, type ImageRef, usesPlainHttp } from './image-ref.js';
import { type Challenge, parseWwwAuthenticate } from './www-authenticate.js';

// Just enough of the OCI distribution API to ask whether a tag exists and what it holds: HEAD and
// GET of a manifest, with the token flow registries put in front of them (ghcr.io and Docker Hub
// always do, anonymous pulls included). Nothing is pushed from here; the builders push.

/** Every manifest form a tag may point at: OCI and Docker v2, single-platform and lists. */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

const LIST_TYPES: readonly string[] = [MANIFEST_TYPES[0], MANIFEST_TYPES[2]];

export type TagState =
  | { state: 'present'; digest?: string }
  | { state: 'missing' }
  /** The registry would not say (401 or 403 after authenticating as far as it could). */
  | { state: 'refused'; status: number; detail: string };

export interface ImageDescription {
  /** The digest the tag points at (an index's, for a multi-platform image). */
  digest: string;
  mediaType: string;
  /** Compressed bytes of the config and the layers of the platform image. */
  size: number;
  layers: number;
}

export interface RegistryClientOptions {
  /** Hosts (or host:port) spoken to over plain HTTP; loopback always is. */
  insecure?: readonly string[];
  credentials?: RegistryCredentials;
  logger: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface RegistryClient {
  readonly baseUrl: string;
  tagState(ref: ImageRef): Promise<TagState>;
  describe(ref: ImageRef): Promise<ImageDescription>;
}

interface Manifest {
  mediaType?: string;
  manifests?: {
    digest: string;
    mediaType?: string;
    platform?: { os?: string; architecture?: string };
  }[];
  config?: { size?: number };
  layers?: { size?: number }[];
}

const GOARCH: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm' };

export function createRegistryClient(
  registry: string,
  options: RegistryClientOptions,
): RegistryClient {
  const insecure = options.insecure ?? [];
  const plain = usesPlainHttp(registry, insecure);
  const baseUrl = `${plain ? 'http' : 'https'}://${apiHost(registry)}/v2/`;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const { logger, credentials } = options;
  // One token per scope, as the registry granted it, for the rest of this run.
  const tokens = new Map<string, string>();

  async function send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, {
        ...init,
        redirect: 'follow',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      const hint =
        !plain && /SSL|TLS|EPROTO|ERR_SSL|wrong version/i.test(`${why} ${cause?.message ?? ''}`)
          ? ` If ${registry} speaks plain HTTP, say so with --insecure-registry ${registry}.`
          : '';
      throw new ExternalError(
        `registry ${registry}: expected an answer from ${new URL(url).origin}, found ${why}.${hint}`,
      );
    }
  }

  /** Credentials go only where they cannot be read on the way: HTTPS, or a plain-HTTP host the user named. */
  function basicFor(url: string): string | undefined {
    if (!credentials) return undefined;
    const target = new URL(url);
    if (target.protocol !== 'https:' && !usesPlainHttp(target.host, insecure)) {
      logger.warning(
        `registry ${registry}: not sending ${credentials.source} to ${target.origin} over plain HTTP`,
      );
      return undefined;
    }
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  }

  async function token(challenge: Challenge, repository: string): Promise<string | undefined> {
    const realm = challenge.params.realm;
    if (!realm || !URL.canParse(realm))
      throw new ExternalError(
        `registry ${registry}: expected a Bearer challenge with a realm URL, found ${JSON.stringify(challenge.params)}`,
      );
    const scope = challenge.params.scope ?? `repository:${repository}:pull`;
    const cached = tokens.get(scope);
    if (cached) return cached;
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', scope);
    const authorization = basicFor(url.href);
    const response = await send(url.href, {
      headers: authorization ? { authorization } : {},
    });
    if (!response.ok) {
      logger.debug(`registry ${registry}: the token service answered ${response.status}`);
      return undefined;
    }
    const body = (await response.json()) as { token?: string; access_token?: string };
    const granted = body.token ?? body.access_token;
    if (granted) {
      logger.mask(granted);
      tokens.set(scope, granted);
    }
    return granted;
  }

  /** A request, answered once more with the authorization the registry's challenge asks for. */
  async function request(method: 'HEAD' | 'GET', path: string, repository: string) {
    const url = `${baseUrl}${path}`;
    const headers: Record<string, string> = { accept: MANIFEST_TYPES.join(', ') };
    const scope = `repository:${repository}:pull`;
    const known = tokens.get(scope);
    let response = await send(url, {
      method,
      headers: known ? { ...headers, authorization: `Bearer ${known}` } : headers,
    });
    if (response.status !== 401) return response;
    const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '');
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    let authorization: string | undefined;
    if (bearer) {
      const granted = await token(bearer, repository);
      if (granted) authorization = `Bearer ${granted}`;
    } else if (challenges.some((c) => c.scheme === 'basic')) {
      authorization = basicFor(url);
    }
    if (!authorization) return response;
    response = await send(url, { method, headers: { ...headers, authorization } });
    return response;
  }

  function refused(response: Response): TagState {
    return {
      state: 'refused',
      status: response.status,
      detail: credentials
        ? `${response.status} with the credentials from ${credentials.source}`
        : `${response.status} without credentials (set REGISTRY_USERNAME and REGISTRY_PASSWORD, or log in with docker or buildah)`,
    };
  }

  async function manifest(repository: string, reference: string): Promise<[Manifest, Response]> {
    const response = await request('GET', `${repository}/manifests/${reference}`, repository);
    if (!response.ok)
      throw new ExternalError(
        `registry ${registry}: expected the manifest ${repository}@${reference}, found ${response.status} ${response.statusText}`,
      );
    return [(await response.json()) as Manifest, response];
  }

  return {
    baseUrl,
    async tagState(ref) {
      const response = await request(
        'HEAD',
        `${ref.repository}/manifests/${ref.tag}`,
        ref.repository,
      );
      if (response.ok)
        return {
          state: 'present',
          digest: response.headers.get('docker-content-digest') ?? undefined,
        };
      if (response.status === 404) return { state: 'missing' };
      if (response.status === 401 || response.status === 403) return refused(response);
      throw new ExternalError(
        `registry ${registry}: expected 200 or 404 for ${formatImageRef(ref)}, found ${response.status} ${response.statusText}`,
      );
    },
    async describe(ref) {
      const [top, response] = await manifest(ref.repository, ref.tag);
      const mediaType = top.mediaType ?? response.headers.get('content-type') ?? '';
      const digest = response.headers.get('docker-content-digest') ?? '';
      let image = top;
      if (LIST_TYPES.includes(mediaType)) {
        const wanted = GOARCH[process.arch] ?? process.arch;
        const entries = (top.manifests ?? []).filter((m) => m.platform?.os !== 'unknown');
        const chosen =
          entries.find((m) => m.platform?.os === 'linux' && m.platform.architecture === wanted) ??
          entries[0];
        if (!chosen)
          throw new ConfigurationError(
            `${formatImageRef(ref)}: expected an image index with a platform image, found none`,
          );
        [image] = await manifest(ref.repository, chosen.digest);
      }
      const layers = image.layers ?? [];
      const size = (image.config?.size ?? 0) + layers.reduce((sum, l) => sum + (l.size ?? 0), 0);
      return { digest, mediaType, size, layers: layers.length };
    },
  };
}
