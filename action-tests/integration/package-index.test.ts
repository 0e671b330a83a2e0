import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findUv } from '../../shared/environment/index.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { createPackageIndex, PackageIndexError } from '../../shared/upgrade/index/package-index.js';
import { type PackageIndexServer, startPackageIndex } from '../package-index/server.js';

interface UvResult {
  code: number;
  stdout: string;
  stderr: string;
}

// Asynchronous on purpose: the fault proxy answers uv from this process's event loop.
async function uv(args: readonly string[]): Promise<UvResult> {
  const bin = await findUv(createMemoryLogger());
  const env = { ...process.env };
  // A developer's own uv settings must not add indexes or caches to these runs.
  for (const key of Object.keys(env)) {
    if (key.startsWith('UV_') || key.startsWith('PIP_')) delete env[key];
  }
  return new Promise<UvResult>((resolve) => {
    execFile(bin, [...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// Real uv against the real index: the resolution MLEnv's upgrade PRs must agree with.
async function uvCompile(indexUrl: string, requirements: string): Promise<UvResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mlenv-uv-compile-'));
  try {
    const input = path.join(dir, 'requirements.in');
    await writeFile(input, requirements);
    return await uv([
      'pip',
      'compile',
      input,
      '--index-url',
      indexUrl,
      '--python-version',
      '3.11',
      '--no-header',
      '--no-cache',
      '--no-config',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the local package index (real pypiserver)', () => {
  let server: PackageIndexServer;

  beforeAll(async () => {
    server = await startPackageIndex();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  function client(url = server.url) {
    return createPackageIndex({
      indexUrl: url,
      logger: createMemoryLogger(),
      timeoutMs: 5_000,
      retries: 1,
      retryDelayMs: 50,
    });
  }

  it("lists torch's releases oldest to newest", async () => {
    const releases = await client().releases('torch');
    expect(releases.map((r) => r.version)).toEqual([
      '2.4.0',
      '2.5.0',
      '2.5.1',
      '2.6.0',
      '2.7.0rc1',
    ]);
    // pypiserver 2.4 answers PEP 503 HTML only: hashes, but no Requires-Python, yanked or PEP 658.
    expect(releases[3]?.files).toEqual([
      {
        filename: 'torch-2.6.0-py3-none-any.whl',
        url: `${server.url.replace(/simple\/$/, '')}packages/torch-2.6.0-py3-none-any.whl`,
        yanked: false,
        hashes: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        coreMetadata: false,
      },
    ]);
  });

  it("reads torchvision 0.21.0's Requires-Dist out of the wheel", async () => {
    expect(await client().requiresDist('torchvision', '0.21.0')).toEqual(['torch==2.6.0', 'numpy']);
    expect(await client().requiresDist('mlflowish', '1.0.0')).toEqual([
      'torch<2.6',
      'leafpkg>=1.0',
    ]);
  });

  it('uv resolves torch 2.5.1 with torchvision 0.20.1', async () => {
    const result = await uvCompile(server.url, 'torch==2.5.1\ntorchvision==0.20.1\n');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/^torch==2\.5\.1$/m);
    expect(result.stdout).toMatch(/^torchvision==0\.20\.1$/m);
    expect(result.stdout).toMatch(/^numpy==2\.1\.0$/m);
  });

  it('uv refuses torch 2.6.0 with torchvision 0.20.1, naming torch', async () => {
    const result = await uvCompile(server.url, 'torch==2.6.0\ntorchvision==0.20.1\n');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/No solution found/);
    expect(result.stderr).toMatch(/torch==2\.5\.1/);
  });

  it('uv installs the wheels and they import', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mlenv-uv-install-'));
    try {
      const venv = path.join(dir, 'venv');
      const python = path.join(venv, 'bin', 'python');
      expect(
        await uv(['venv', '--quiet', '--no-config', '--python', 'python3', venv]),
      ).toMatchObject({ code: 0 });
      const install = await uv([
        'pip',
        'install',
        '--no-config',
        '--no-cache',
        '--python',
        python,
        '--index-url',
        server.url,
        'torchvision==0.21.0',
      ]);
      expect(install.stderr).toContain('+ torch==2.6.0');
      expect(install.code).toBe(0);
      const versions = await new Promise<string>((resolve, reject) =>
        execFile(
          python,
          [
            '-c',
            'import torch, torchvision, numpy; print(torch.__version__, torchvision.__version__, numpy.__version__)',
          ],
          (err, stdout) => (err ? reject(err) : resolve(stdout.trim())),
        ),
      );
      expect(versions).toBe('2.6.0 0.21.0 2.1.0');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves a release published while it runs', async () => {
    await server.publish('leafpkg', { version: '2.1.0' });
    expect((await client().releases('leafpkg')).map((r) => r.version)).toEqual([
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0',
      '2.1.0',
    ]);
  });

  it('injects faults in front of pypiserver', async () => {
    try {
      server.faults.set('garbage');
      await expect(client().releases('torch')).rejects.toThrow(
        /expected PEP 691 JSON or PEP 503 HTML, found/,
      );
      server.faults.set('down');
      await expect(client().releases('torch')).rejects.toThrow(PackageIndexError);
      // One failed answer, then the retry gets through.
      server.faults.set('error', { times: 1 });
      expect(await client().releases('torch')).toHaveLength(5);
      server.faults.set('slow', { delayMs: 10_000 });
      const slow = createPackageIndex({
        indexUrl: server.url,
        logger: createMemoryLogger(),
        timeoutMs: 300,
        retries: 0,
      });
      await expect(slow.releases('torch')).rejects.toThrow(
        `Package index ${server.url} failed for project "torch": no answer within 0.3 s from GET ${server.url}torch/ (1 attempt)`,
      );
      // The direct URL bypasses the proxy and its faults.
      expect(await client(server.directUrl).releases('torch')).toHaveLength(5);
    } finally {
      server.faults.set(null);
    }
  });
});
