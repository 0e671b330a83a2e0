import { describe, expect, it } from '@jest/globals';
import { parseDistributionFilename, parseProjectPage } from './project-page.js';

// The client's tests read these pages from a server; here the parsers alone, for the forms an
// index may answer with.

describe('parseDistributionFilename', () => {
  it.each([
    ['torch-2.5.1-cp311-cp311-manylinux_2_28_x86_64.whl', 'wheel', 'torch', '2.5.1'],
    ['torch-2.5.1+cu124-cp311-cp311-linux_x86_64.whl', 'wheel', 'torch', '2.5.1+cu124'],
    ['Torch_Vision-0.20.1-1build-py3-none-any.whl', 'wheel', 'torch-vision', '0.20.1'],
    ['torch-2.5.1.tar.gz', 'sdist', 'torch', '2.5.1'],
    ['zope.interface-7.1.zip', 'sdist', 'zope-interface', '7.1'],
  ])('%s', (filename, kind, name, version) => {
    const parsed = parseDistributionFilename(filename);
    expect(parsed?.kind).toBe(kind);
    expect(parsed?.name).toBe(name);
    expect(
      parsed &&
        `${parsed.version.release.join('.')}${parsed.version.local ? `+${parsed.version.local.join('.')}` : ''}`,
    ).toBe(version);
  });

  it('splits a dashed sdist name by the project', () => {
    expect(parseDistributionFilename('foo-bar-1.0.tar.gz', 'foo-bar')?.name).toBe('foo-bar');
    expect(parseDistributionFilename('foo-bar-1.0.tar.gz', 'foo')).toBeUndefined();
  });

  it.each(['torch-2.5.1.egg', 'torch-2.5.1-py3.whl', 'torch-latest-py3-none-any.whl', 'README'])(
    'ignores %s',
    (filename) => {
      expect(parseDistributionFilename(filename)).toBeUndefined();
    },
  );
});

describe('parseProjectPage', () => {
  const page = (type: string, body: string, url = 'https://index.example/simple/leaf/') => ({
    url,
    headers: new Headers(type ? { 'content-type': type } : {}),
    body: Buffer.from(body),
  });

  it('reads PEP 691 JSON, resolving URLs against the page and keeping hashes apart', () => {
    const json = JSON.stringify({
      meta: { 'api-version': '1.1' },
      files: [
        {
          filename: 'leaf-1.0-py3-none-any.whl',
          url: '../../files/leaf-1.0-py3-none-any.whl#sha256=ab',
          hashes: { sha256: 'ab' },
          'requires-python': '>=3.9',
          'core-metadata': { sha256: 'cd' },
          yanked: 'broken',
          size: 10,
        },
      ],
    });
    expect(parseProjectPage(page('application/vnd.pypi.simple.v1+json', json))).toEqual([
      {
        filename: 'leaf-1.0-py3-none-any.whl',
        url: 'https://index.example/files/leaf-1.0-py3-none-any.whl',
        requiresPython: '>=3.9',
        yanked: true,
        hashes: { sha256: 'ab' },
        coreMetadata: { sha256: 'cd' },
        size: 10,
      },
    ]);
  });

  it('refuses a JSON api-version it does not know', () => {
    const json = JSON.stringify({ meta: { 'api-version': '2.0' }, files: [] });
    expect(parseProjectPage(page('application/json', json))).toMatch(
      /^expected PEP 691 JSON or PEP 503 HTML, found PEP 691 api-version 2\.0: /,
    );
  });

  it('reads PEP 503 HTML with a base, entities, fragments and data attributes', () => {
    const html = `<!DOCTYPE html><html><head><base href="/pkgs/"></head><body>
      <a href="leaf-1.0.tar.gz#sha256=EF" data-requires-python="&gt;=3.9" data-yanked>leaf-1.0.tar.gz</a>
      <a href='leaf-1.0-py3-none-any.whl' data-core-metadata="sha256=12">wheel</a>
    </body></html>`;
    expect(parseProjectPage(page('text/html', html))).toEqual([
      {
        filename: 'leaf-1.0.tar.gz',
        url: 'https://index.example/pkgs/leaf-1.0.tar.gz',
        requiresPython: '>=3.9',
        yanked: true,
        hashes: { sha256: 'ef' },
        coreMetadata: false,
      },
      {
        filename: 'leaf-1.0-py3-none-any.whl',
        url: 'https://index.example/pkgs/leaf-1.0-py3-none-any.whl',
        yanked: false,
        hashes: {},
        coreMetadata: { sha256: '12' },
      },
    ]);
  });

  it('says what a page that is neither was, with its start', () => {
    expect(parseProjectPage(page('text/plain', 'Service temporarily moved'))).toBe(
      'expected PEP 691 JSON or PEP 503 HTML, found a body that is neither JSON nor an HTML page: text/plain "Service temporarily moved"',
    );
  });
});
