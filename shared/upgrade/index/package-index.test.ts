import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { buildWheel } from '../../../action-tests/package-index/wheels.js';
import { ConfigurationError } from '../../errors/index.js';
import { createMemoryLogger } from '../../logger/index.js';
import {
  createPackageIndex,
  PackageIndexError,
  type PackageIndexOptions,
} from './package-index.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface TestServer {
  url: string;
  requests: { url: string; accept?: string; range?: string }[];
}

const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Handler): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({
      url: req.url ?? '',
      ...(req.headers.accept ? { accept: req.headers.accept } : {}),
      ...(req.headers.range ? { range: req.headers.range } : {}),
    });
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** Routes by exact path; anything else is 404. */
function routes(table: Record<string, Handler>): Handler {
  return (req, res) => {
    const route = table[req.url ?? ''];
    if (route) route(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found\n');
    }
  };
}

function send(type: string, body: string | Buffer, status = 200): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
}

/** Serves bytes honouring `Range: bytes=a-b` and `bytes=-n`, as real file servers do. */
function file(bytes: Buffer, ranges = true): Handler {
  return (req, res) => {
    const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (!ranges || !m) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(bytes);
      return;
    }
    let start: number;
    let end: number;
    if (m[1] === '') {
      start = Math.max(0, bytes.length - Number(m[2]));
      end = bytes.length - 1;
    } else {
      start = Number(m[1]);
      end = m[2] === '' ? bytes.length - 1 : Math.min(Number(m[2]), bytes.length - 1);
    }
    res.writeHead(206, {
      'content-type': 'application/octet-stream',
      'content-range': `bytes ${start}-${end}/${bytes.length}`,
    });
    res.end(bytes.subarray(start, end + 1));
  };
}

const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';

function jsonPage(name: string, files: Record<string, unknown>[]): string {
  return JSON.stringify({ meta: { 'api-version': '1.1' }, name, files, versions: [] });
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function client(options: Partial<PackageIndexOptions> & { indexUrl: string }) {
  const logger = createMemoryLogger();
  return { logger, index: createPackageIndex({ retryDelayMs: 10, ...options, logger }) };
}

describe('createPackageIndex', () => {
  it('rejects an index URL that is not one, as a user mistake', () => {
    expect(() =>
      createPackageIndex({ indexUrl: 'pypi.org/simple', logger: createMemoryLogger() }),
    ).toThrow(ConfigurationError);
    expect(() =>
      createPackageIndex({ indexUrl: 'ftp://x/simple/', logger: createMemoryLogger() }),
    ).toThrow(/Expected an http\(s\) package index URL.*found "ftp:\/\/x\/simple\/"/);
  });

  describe('releases', () => {
    it('reads a PEP 691 JSON page, asks for JSON first and sorts releases by PEP 440', async () => {
      const server = await serve(
        routes({
          '/simple/torch/': send(
            JSON_TYPE,
            jsonPage('torch', [
              {
                filename: 'torch-2.10.0-py3-none-any.whl',
                url: '../../files/torch-2.10.0-py3-none-any.whl',
                hashes: { sha256: 'aa' },
                'requires-python': '>=3.10',
                'core-metadata': { sha256: 'bb' },
                size: 123,
              },
              { filename: 'torch-2.9.1.tar.gz', url: '/files/torch-2.9.1.tar.gz', hashes: {} },
              {
                filename: 'torch-2.7.0rc1-py3-none-any.whl',
                url: 'https://mirror.example/torch-2.7.0rc1-py3-none-any.whl',
                hashes: {},
                yanked: 'broken build',
                'dist-info-metadata': true,
              },
              { filename: 'torchvision-0.1-py3-none-any.whl', url: 'x.whl', hashes: {} },
              { filename: 'torch-2.9.1-py3-none-any.whl', url: 't.whl', hashes: {}, yanked: false },
              { filename: 'torch-nightly.tar.gz', url: 'n.tar.gz', hashes: {} },
            ]),
          ),
        }),
      );
      const { index } = client({ indexUrl: `${server.url}/simple` });
      const releases = await index.releases('Torch');
      expect(releases.map((r) => [r.version, r.yanked, r.files.length])).toEqual([
        ['2.7.0rc1', true, 1],
        ['2.9.1', false, 2],
        ['2.10.0', false, 1],
      ]);
      expect(releases[2]?.files[0]).toEqual({
        filename: 'torch-2.10.0-py3-none-any.whl',
        url: `${server.url}/files/torch-2.10.0-py3-none-any.whl`,
        requiresPython: '>=3.10',
        yanked: false,
        hashes: { sha256: 'aa' },
        coreMetadata: { sha256: 'bb' },
        size: 123,
      });
      expect(releases[0]?.files[0]?.coreMetadata).toBe(true);
      expect(server.requests[0]?.accept).toBe(
        'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01',
      );
    });

    it('reads a PEP 503 HTML page with relative links, hashes, yanked and metadata attributes', async () => {
      const html = `<!DOCTYPE html><html><body><h1>Links for numpy</h1>
        <a href="../../packages/numpy-2.0.2-py3-none-any.whl#sha256=ABC123" data-requires-python="&gt;=3.9"
           data-dist-info-metadata="sha256=def456">numpy-2.0.2-py3-none-any.whl</a><br>
        <a href='/packages/numpy-1.26.4.tar.gz' data-yanked="">numpy-1.26.4.tar.gz</a><br>
        <a href=numpy-2.1.0-py3-none-any.whl data-core-metadata="true" data-yanked="bad wheel">numpy-2.1.0-py3-none-any.whl</a>
        <a href="../../packages/numpy-1.26.4-py3-none-any.whl" data-core-metadata="sha256=01" data-dist-info-metadata="sha256=02">numpy-1.26.4-py3-none-any.whl</a>
      </body></html>`;
      const server = await serve(
        routes({ '/simple/numpy/': send('text/html; charset=utf-8', html) }),
      );
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      const releases = await index.releases('numpy');
      expect(releases.map((r) => [r.version, r.yanked])).toEqual([
        ['1.26.4', false],
        ['2.0.2', false],
        ['2.1.0', true],
      ]);
      const [sdist, wheel] = releases[0]?.files ?? [];
      expect(sdist).toMatchObject({
        url: `${server.url}/packages/numpy-1.26.4.tar.gz`,
        yanked: true,
      });
      expect(wheel?.coreMetadata).toEqual({ sha256: '01' });
      expect(releases[1]?.files[0]).toEqual({
        filename: 'numpy-2.0.2-py3-none-any.whl',
        url: `${server.url}/packages/numpy-2.0.2-py3-none-any.whl`,
        requiresPython: '>=3.9',
        yanked: false,
        hashes: { sha256: 'abc123' },
        coreMetadata: { sha256: 'def456' },
      });
      expect(releases[2]?.files[0]).toMatchObject({
        url: `${server.url}/simple/numpy/numpy-2.1.0-py3-none-any.whl`,
        coreMetadata: true,
      });
    });

    it('merges indexes: 404 on one is "not here", the first to list a file wins', async () => {
      const primary = await serve(
        routes({
          '/simple/torch/': send(
            'text/html',
            '<html><a href="/p/torch-2.5.1-py3-none-any.whl#sha256=01">x</a></html>',
          ),
        }),
      );
      const extra = await serve(
        routes({
          '/simple/torch/': send(
            JSON_TYPE,
            jsonPage('torch', [
              {
                filename: 'torch-2.5.1-py3-none-any.whl',
                url: '/e/torch-2.5.1-py3-none-any.whl',
                hashes: {},
              },
              {
                filename: 'torch-2.5.1+cu124-cp311-cp311-linux_x86_64.whl',
                url: '/e/torch-2.5.1%2Bcu124-cp311-cp311-linux_x86_64.whl',
                hashes: {},
              },
            ]),
          ),
          '/simple/torchvision/': send(
            JSON_TYPE,
            jsonPage('torchvision', [
              { filename: 'torchvision-0.20.1-py3-none-any.whl', url: '/e/tv.whl', hashes: {} },
            ]),
          ),
        }),
      );
      const { index } = client({
        indexUrl: `${primary.url}/simple/`,
        extraIndexUrls: [`${extra.url}/simple/`],
      });
      const torch = await index.releases('torch');
      expect(torch.map((r) => r.version)).toEqual(['2.5.1', '2.5.1+cu124']);
      expect(torch[0]?.files.map((f) => f.url)).toEqual([
        `${primary.url}/p/torch-2.5.1-py3-none-any.whl`,
      ]);
      expect((await index.releases('torchvision')).map((r) => r.version)).toEqual(['0.20.1']);
      expect(primary.requests.map((r) => r.url)).toEqual([
        '/simple/torch/',
        '/simple/torchvision/',
      ]);
    });

    it('fails naming every index when none knows the project', async () => {
      const a = await serve(routes({}));
      const b = await serve(routes({}));
      const { index } = client({
        indexUrl: `${a.url}/simple/`,
        extraIndexUrls: [`${b.url}/simple/`],
      });
      const error = await index.releases('no_such-pkg').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PackageIndexError);
      expect((error as Error).message).toBe(
        `No package index knows project "no-such-pkg": ${a.url}/simple/, ${b.url}/simple/ answered 404`,
      );
      expect(a.requests.map((r) => r.url)).toEqual(['/simple/no-such-pkg/']);
    });

    it('retries a 5xx and succeeds, warning about the retry', async () => {
      let calls = 0;
      const server = await serve((req, res) => {
        calls++;
        if (calls === 1) send('text/plain', 'busy', 500)(req, res);
        else
          send(
            JSON_TYPE,
            jsonPage('leaf', [{ filename: 'leaf-1.0-py3-none-any.whl', url: 'l.whl', hashes: {} }]),
          )(req, res);
      });
      const { index, logger } = client({ indexUrl: `${server.url}/simple/` });
      expect((await index.releases('leaf')).map((r) => r.version)).toEqual(['1.0']);
      expect(calls).toBe(2);
      // 10 ms, less up to a fifth of it at random.
      expect(logger.lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^warning: HTTP 500 Internal Server Error from GET ${server.url}/simple/leaf/; retrying in 0\\.0(08|09|1) s \\(attempt 2 of 3\\)$`,
          ),
        ),
      );
    });

    it('gives up after the retries, naming the index, the project and the status', async () => {
      const server = await serve(send('text/plain', 'down', 503));
      const { index } = client({ indexUrl: `${server.url}/simple/`, retries: 2 });
      await expect(index.releases('leaf')).rejects.toThrow(
        new PackageIndexError(
          `Package index ${server.url}/simple/ failed for project "leaf": HTTP 503 Service Unavailable from GET ${server.url}/simple/leaf/ (3 attempts)`,
        ),
      );
      expect(server.requests).toHaveLength(3);
    });

    it('does not retry a 4xx other than 404', async () => {
      const server = await serve(send('text/plain', 'no', 403));
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      await expect(index.releases('leaf')).rejects.toThrow(
        /HTTP 403 Forbidden from GET .*\/simple\/leaf\//,
      );
      expect(server.requests).toHaveLength(1);
    });

    it('times out on an index that never answers', async () => {
      const server = await serve(() => {
        // Never answers.
      });
      const { index } = client({ indexUrl: `${server.url}/simple/`, timeoutMs: 200, retries: 1 });
      const started = Date.now();
      await expect(index.releases('torch')).rejects.toThrow(
        `Package index ${server.url}/simple/ failed for project "torch": no answer within 0.2 s from GET ${server.url}/simple/torch/ (2 attempts)`,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('names a refused connection', async () => {
      const server = await serve(routes({}));
      const url = server.url;
      for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
      const { index } = client({ indexUrl: `${url}/simple/`, retries: 0 });
      await expect(index.releases('torch')).rejects.toThrow(
        `failed for project "torch": connection refused (ECONNREFUSED) from GET ${url}/simple/torch/ (1 attempt)`,
      );
    });

    it.each([
      [
        'an XML body',
        'text/html',
        '<xml>not an index</xml>',
        'neither JSON nor an HTML page: text/html "<xml>not an index</xml>"',
      ],
      [
        'JSON of something else',
        JSON_TYPE,
        '{"hello": 1}',
        'JSON without the PEP 691 fields (meta:',
      ],
      [
        'a future API',
        JSON_TYPE,
        '{"meta": {"api-version": "2.0"}, "files": []}',
        'PEP 691 api-version 2.0',
      ],
      ['broken JSON', 'application/json', '{"meta": ', 'a body that is not JSON'],
      [
        'an unlabelled blob',
        'application/octet-stream',
        'PK\u0003\u0004',
        'neither JSON nor an HTML page',
      ],
    ])('rejects %s as garbage', async (_, type, body, why) => {
      const server = await serve(send(type, body));
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      const error = (await index.releases('torch').catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(PackageIndexError);
      expect(error.message).toContain(
        `Package index ${server.url}/simple/ failed for project "torch"`,
      );
      expect(error.message).toContain('expected PEP 691 JSON or PEP 503 HTML, found');
      expect(error.message).toContain(why);
      expect(server.requests).toHaveLength(1);
    });

    it('asks the index once per project', async () => {
      const server = await serve(send(JSON_TYPE, jsonPage('leaf', [])));
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      await Promise.all([index.releases('leaf'), index.releases('Leaf')]);
      await index.releases('leaf');
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('requiresDist', () => {
    const tv = buildWheel({
      name: 'torchvision',
      version: '0.21.0',
      requiresDist: ['torch==2.6.0', 'numpy', 'scipy; extra == "scipy"'],
    });

    it('reads PEP 658 core metadata and checks its hash', async () => {
      const server = await serve(
        routes({
          '/simple/torchvision/': send(
            JSON_TYPE,
            jsonPage('torchvision', [
              {
                filename: tv.filename,
                url: `/files/${tv.filename}`,
                hashes: { sha256: tv.sha256 },
                'core-metadata': { sha256: sha256(tv.metadata) },
              },
            ]),
          ),
          [`/files/${tv.filename}.metadata`]: send('application/octet-stream', tv.metadata),
        }),
      );
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      expect(await index.requiresDist('TorchVision', '0.21')).toEqual([
        'torch==2.6.0',
        'numpy',
        'scipy; extra == "scipy"',
      ]);
      expect(server.requests.map((r) => r.url)).toEqual([
        '/simple/torchvision/',
        `/files/${tv.filename}.metadata`,
      ]);
    });

    it('rejects core metadata whose hash does not match', async () => {
      const server = await serve(
        routes({
          '/simple/torchvision/': send(
            'text/html',
            `<html><a href="/files/${tv.filename}" data-core-metadata="sha256=${'0'.repeat(64)}">x</a></html>`,
          ),
          [`/files/${tv.filename}.metadata`]: send('application/octet-stream', tv.metadata),
        }),
      );
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      await expect(index.requiresDist('torchvision', '0.21.0')).rejects.toThrow(
        new RegExp(
          `failed for project "torchvision": .*${tv.filename}\\.metadata has sha256 [0-9a-f]{64}, the index promised 0{64}`,
        ),
      );
    });

    it('reads METADATA out of the wheel by HTTP ranges when there is no core metadata', async () => {
      const server = await serve(
        routes({
          '/simple/torchvision/': send(
            'text/html',
            `<html><a href="/files/${tv.filename}#sha256=${tv.sha256}">x</a></html>`,
          ),
          [`/files/${tv.filename}`]: file(tv.bytes),
        }),
      );
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      expect(await index.requiresDist('torchvision', '0.21.0')).toContain('torch==2.6.0');
      expect(server.requests.slice(1)).toEqual([
        { url: `/files/${tv.filename}`, accept: '*/*', range: 'bytes=-65557' },
      ]);
    });

    it('reads a large wheel by ranges, not whole', async () => {
      const big = buildWheel({
        name: 'torch',
        version: '2.6.0',
        requiresDist: ['filelock'],
        module: 'torch',
      });
      // A wheel of 20k entries: its central directory is larger than the first tail read.
      const { writeZip } = await import('../../../action-tests/package-index/wheels.js');
      const entries = Array.from({ length: 20_000 }, (_, i) => ({
        name: `torch/lib/f${i}.py`,
        data: 'x',
      }));
      entries.push({ name: 'torch-2.6.0.dist-info/METADATA', data: big.metadata });
      const bytes = writeZip(entries, { method: 'store' });
      const server = await serve(
        routes({
          '/simple/torch/': send(
            'text/html',
            '<html><a href="/f/torch-2.6.0-py3-none-any.whl">x</a></html>',
          ),
          '/f/torch-2.6.0-py3-none-any.whl': file(bytes),
        }),
      );
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      expect(await index.requiresDist('torch', '2.6.0')).toEqual(['filelock']);
      // The tail, the rest of the central directory, then METADATA's header and data at once.
      const ranges = server.requests.slice(1).map((r) => r.range);
      expect(ranges).toEqual([
        'bytes=-65557',
        expect.stringMatching(/^bytes=\d+-\d+$/),
        expect.stringMatching(/^bytes=\d+-\d+$/),
      ]);
      const fetched = ranges.slice(1).map((r) => {
        const [a, b] = (r as string).slice(6).split('-').map(Number);
        return (b as number) - (a as number) + 1;
      });
      expect(65557 + (fetched[0] as number) + (fetched[1] as number)).toBeLessThan(bytes.length);
    });

    it('downloads the whole wheel from a server without ranges, checking its hash', async () => {
      const listing = (hash: string) =>
        send('text/html', `<html><a href="/files/${tv.filename}#sha256=${hash}">x</a></html>`);
      const good = await serve(
        routes({
          '/simple/torchvision/': listing(tv.sha256),
          [`/files/${tv.filename}`]: file(tv.bytes, false),
        }),
      );
      expect(
        await client({ indexUrl: `${good.url}/simple/` }).index.requiresDist(
          'torchvision',
          '0.21.0',
        ),
      ).toContain('numpy');
      const bad = await serve(
        routes({
          '/simple/torchvision/': listing('ab'.repeat(32)),
          [`/files/${tv.filename}`]: file(tv.bytes, false),
        }),
      );
      await expect(
        client({ indexUrl: `${bad.url}/simple/` }).index.requiresDist('torchvision', '0.21.0'),
      ).rejects.toThrow(
        `${tv.filename} has sha256 ${tv.sha256}, the index promised ${'ab'.repeat(32)}`,
      );
    });

    it('falls back to the wheel when advertised core metadata is missing', async () => {
      const server = await serve(
        routes({
          '/simple/torchvision/': send(
            'text/html',
            `<html><a href="/files/${tv.filename}" data-core-metadata="true">x</a></html>`,
          ),
          [`/files/${tv.filename}`]: file(tv.bytes),
        }),
      );
      const { index, logger } = client({ indexUrl: `${server.url}/simple/` });
      expect(await index.requiresDist('torchvision', '0.21.0')).toContain('torch==2.6.0');
      expect(
        logger.lines.some((l) => l.startsWith('warning:') && l.includes('advertised but missing')),
      ).toBe(true);
    });

    it('prefers a wheel with core metadata, then Linux x86_64 over other platforms', async () => {
      const linux = 'torch-2.6.0-cp311-cp311-manylinux_2_28_x86_64.whl';
      const mac = 'torch-2.6.0-cp311-none-macosx_11_0_arm64.whl';
      const win = 'torch-2.6.0-cp311-cp311-win_amd64.whl';
      const metadataFor = (deps: string) =>
        `Metadata-Version: 2.1\nName: torch\nVersion: 2.6.0\nRequires-Dist: ${deps}\n`;
      const server = await serve(
        routes({
          '/simple/torch/': send(
            JSON_TYPE,
            jsonPage('torch', [
              { filename: mac, url: `/f/${mac}`, hashes: {}, 'core-metadata': true, size: 10 },
              { filename: linux, url: `/f/${linux}`, hashes: {}, 'core-metadata': true, size: 900 },
              { filename: win, url: `/f/${win}`, hashes: {}, size: 1 },
              { filename: 'torch-2.6.0.tar.gz', url: '/f/torch-2.6.0.tar.gz', hashes: {}, size: 1 },
            ]),
          ),
          [`/f/${linux}.metadata`]: send(
            'text/plain',
            metadataFor('nvidia-cublas-cu12; platform_system == "Linux"'),
          ),
          [`/f/${mac}.metadata`]: send('text/plain', metadataFor('sympy')),
        }),
      );
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      expect(await index.requiresDist('torch', '2.6.0')).toEqual([
        'nvidia-cublas-cu12; platform_system == "Linux"',
      ]);
    });

    it('names the releases there are when the version is not one', async () => {
      const server = await serve(
        send(
          JSON_TYPE,
          jsonPage('leaf', [{ filename: 'leaf-1.0-py3-none-any.whl', url: 'a.whl', hashes: {} }]),
        ),
      );
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      await expect(index.requiresDist('leaf', '9.9')).rejects.toThrow(
        `Project "leaf" has no release 9.9 on ${server.url}/simple/ (found: 1.0)`,
      );
    });

    it('says an sdist-only release has no readable dependencies', async () => {
      const server = await serve(
        send(
          JSON_TYPE,
          jsonPage('leaf', [{ filename: 'leaf-1.0.tar.gz', url: 'a.tar.gz', hashes: {} }]),
        ),
      );
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      await expect(index.requiresDist('leaf', '1.0')).rejects.toThrow(
        /"leaf" 1.0 has no wheel .* \(only leaf-1.0.tar.gz\): its dependencies are known only after building it/,
      );
    });

    it('rejects a wheel that is not a zip', async () => {
      const server = await serve(
        routes({
          '/simple/leaf/': send(
            'text/html',
            '<html><a href="/f/leaf-1.0-py3-none-any.whl">x</a></html>',
          ),
          '/f/leaf-1.0-py3-none-any.whl': file(Buffer.from('<html>login page</html>'.repeat(4))),
        }),
      );
      const { index } = client({ indexUrl: `${server.url}/simple/` });
      await expect(index.requiresDist('leaf', '1.0')).rejects.toThrow(
        `${server.url}/f/leaf-1.0-py3-none-any.whl is not a readable wheel: not a zip`,
      );
    });
  });
});
