import { z } from 'zod';
import { tryParseVersion, type Version } from './pep440.js';
import { normalizeName } from './requirement.js';

// What a package index's pages say, read without any I/O: distribution file names, and the
// PEP 691 JSON and PEP 503 HTML project pages.

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

const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';

/** The part of an HTTP answer a project page is read from. */
export interface PageAnswer {
  /** Where the page was found (after redirects): relative links resolve against it. */
  url: string;
  headers: Headers;
  body: Buffer;
}

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

function describeBody(answer: PageAnswer): string {
  const type = answer.headers.get('content-type') ?? 'no content type';
  const start = answer.body.toString('utf8', 0, 80).replace(/\s+/g, ' ').trim();
  return `${type} "${start}${answer.body.length > 80 ? '...' : ''}"`;
}

/**
 * The files a project page lists: PEP 691 JSON or PEP 503 HTML, by its content type (or its
 * look, when it has none). A string says what the page was instead, for the message.
 */
export function parseProjectPage(answer: PageAnswer): ReleaseFile[] | string {
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
