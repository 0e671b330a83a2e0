import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { loadWorkspace, type Workspace } from '../../shared/config/workspace.js';
import {
  checkLock,
  lockEnvironment,
  lockHash,
  parseLockPins,
  resolveEnvironment,
} from '../../shared/environment/index.js';
import { lockTorchBackend } from '../../shared/environment/torch-backend.js';
import { renderImages } from '../../shared/images/index.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { type FakePytorchIndex, startFakePytorchIndex } from '../package-index/pytorch-index.js';
import { type PackageIndexServer, startPackageIndex } from '../package-index/server.js';
import { workspaceYaml } from './workspace-fixture.js';

// A `cpu` workspace locked for real: "PyPI" is a local pypiserver whose torch depends on nvidia-*
// packages, as PyPI's Linux torch does, and https://download.pytorch.org/whl/cpu (the URL uv's
// --torch-backend cpu uses, compiled into uv) is a second pypiserver with torch 2.5.0+cpu,
// reached through a CONNECT proxy that terminates TLS with a throwaway CA's certificate.
const run = promisify(execFile);
let pypi: PackageIndexServer;
let cpuIndex: PackageIndexServer;
let pytorch: FakePytorchIndex;
let closedPort: number;
const saved = { ...process.env };
const roots: string[] = [];

const REQUIREMENTS = 'torch==2.5.0\nnumpy==2.0.2\n';

async function freeClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function workspace(environment: Record<string, unknown> = {}): Promise<Workspace> {
  const root = mkdtempSync(path.join(tmpdir(), 'mlenv-torch-backend-'));
  roots.push(root);
  mkdirSync(path.join(root, 'environment'));
  writeFileSync(path.join(root, 'mlenv.yaml'), workspaceYaml({ environment }));
  writeFileSync(path.join(root, 'environment/requirements.in'), REQUIREMENTS);
  return loadWorkspace(root);
}

function lockText(ws: Workspace): string {
  return readFileSync(path.join(ws.root, ws.config.environment.lock), 'utf8');
}

const warnings = (lines: string[]) => lines.filter((line) => line.startsWith('warning: '));

beforeAll(async () => {
  pypi = await startPackageIndex({
    packages: {
      torch: [
        {
          version: '2.5.0',
          requiresPython: '>=3.8',
          requiresDist: ['nvidia-cublas-cu12==12.4.5.8', 'nvidia-cudnn-cu12==9.1.0.70'],
        },
      ],
      'nvidia-cublas-cu12': [{ version: '12.4.5.8' }],
      'nvidia-cudnn-cu12': [{ version: '9.1.0.70', requiresDist: ['nvidia-cublas-cu12'] }],
      numpy: [{ version: '2.0.2', requiresPython: '>=3.9' }],
    },
  });
  cpuIndex = await startPackageIndex({
    packages: { torch: [{ version: '2.5.0+cpu', requiresPython: '>=3.8' }] },
  });
  pytorch = await startFakePytorchIndex(cpuIndex);
  closedPort = await freeClosedPort();
  // A developer's own uv settings must not add indexes, caches or backends to these runs.
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('UV_') || key.startsWith('PIP_') || /_proxy$/i.test(key))
      delete process.env[key];
  }
  // The workspaces name no indexUrl: they are on "PyPI", which for uv is this default index.
  process.env.UV_DEFAULT_INDEX = pypi.url;
  process.env.SSL_CERT_FILE = pytorch.env.SSL_CERT_FILE;
  process.env.NO_PROXY = pytorch.env.NO_PROXY;
});

beforeEach(() => {
  // A fresh cache per test, so no index page cached by one test answers for another.
  const cache = mkdtempSync(path.join(tmpdir(), 'mlenv-torch-backend-cache-'));
  roots.push(cache);
  process.env.UV_CACHE_DIR = cache;
});

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await pytorch?.stop();
  await cpuIndex?.stop();
  await pypi?.stop();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('a cpu workspace on PyPI', () => {
  it("locks PyTorch's +cpu torch when the CPU index answers, and installs it from there", async () => {
    process.env.HTTPS_PROXY = pytorch.env.HTTPS_PROXY;
    const ws = await workspace();
    const logger = createMemoryLogger();
    await lockEnvironment(ws, logger);

    const text = lockText(ws);
    const pins = parseLockPins(text);
    expect(pins.get('torch')).toBe('2.5.0+cpu');
    expect(pins.get('numpy')).toBe('2.0.2');
    expect([...pins.keys()].filter((name) => /^(nvidia|cuda)-/.test(name))).toEqual([]);
    expect(lockTorchBackend(text)).toBe('cpu');
    expect(warnings(logger.lines)).toEqual([]);
    expect(pytorch.requests).toContain(`CONNECT download.pytorch.org:443`);
    expect(pytorch.requests).toContain('GET /whl/cpu/torch/');
    expect(await checkLock(ws)).toMatchObject({ ok: true, problems: [] });

    // The install resolves nothing: torch==2.5.0+cpu is only on the CPU index, so this passes
    // only if the sync uses the backend the lock records.
    const env = await resolveEnvironment(ws, { logger });
    const { stdout } = await run(env.python, [
      '-c',
      'import importlib.metadata as m, torch; print(torch.__version__); print(sorted(d.metadata["Name"] for d in m.distributions()))',
    ]);
    expect(stdout.trim().split('\n')).toEqual(['2.5.0+cpu', "['numpy', 'torch']"]);
    const rendered = await renderImages(ws);
    expect(rendered.files['runtime/Dockerfile']).toContain(
      'uv pip sync --no-cache --require-hashes --torch-backend cpu --python',
    );

    // Later the CPU index is out of reach: the lock is still current, its hash (the environment
    // and image tag) unchanged.
    const hash = await lockHash(ws);
    process.env.HTTPS_PROXY = `http://127.0.0.1:${closedPort}`;
    expect(await checkLock(ws)).toMatchObject({ ok: true, problems: [] });
    expect(await lockHash(ws)).toBe(hash);
  });

  it("locks PyPI's torch with one warning line when the CPU index does not answer", async () => {
    process.env.HTTPS_PROXY = `http://127.0.0.1:${closedPort}`;
    const ws = await workspace();
    const logger = createMemoryLogger();
    await lockEnvironment(ws, logger);

    const text = lockText(ws);
    const pins = parseLockPins(text);
    expect(pins.get('torch')).toBe('2.5.0');
    expect(pins.get('nvidia-cublas-cu12')).toBe('12.4.5.8');
    expect(pins.get('nvidia-cudnn-cu12')).toBe('9.1.0.70');
    expect(lockTorchBackend(text)).toBeUndefined();
    expect(warnings(logger.lines)).toEqual([
      expect.stringMatching(
        /^warning: PyTorch's CPU index https:\/\/download\.pytorch\.org\/whl\/cpu is not reachable \(.*Connection refused.*\): locked PyPI's torch 2\.5\.0, which pulls 2 CUDA packages \(nvidia-\*, cuda-\*; several GB\) this cpu environment will not use$/,
      ),
    ]);
    expect(await checkLock(ws)).toMatchObject({ ok: true, problems: [] });
    expect((await renderImages(ws)).files['runtime/Dockerfile']).not.toContain('--torch-backend');
  });

  it('takes an explicit pytorchIndex as it is, without probing PyTorch', async () => {
    process.env.HTTPS_PROXY = pytorch.env.HTTPS_PROXY;
    const before = pytorch.requests.length;
    const ws = await workspace({ pytorchIndex: cpuIndex.url });
    const logger = createMemoryLogger();
    await lockEnvironment(ws, logger);

    const text = lockText(ws);
    expect(parseLockPins(text).get('torch')).toBe('2.5.0+cpu');
    expect(lockTorchBackend(text)).toBeUndefined();
    expect(pytorch.requests.length).toBe(before);
    expect(warnings(logger.lines)).toEqual([]);
  });
});

describe('a cpu workspace with its own indexUrl', () => {
  it('leaves torch to that index and says once what its CUDA build costs', async () => {
    process.env.HTTPS_PROXY = pytorch.env.HTTPS_PROXY;
    const before = pytorch.requests.length;
    const ws = await workspace({ indexUrl: pypi.url });
    const logger = createMemoryLogger();
    await lockEnvironment(ws, logger);

    const text = lockText(ws);
    expect(parseLockPins(text).get('torch')).toBe('2.5.0');
    expect(lockTorchBackend(text)).toBeUndefined();
    expect(pytorch.requests.length).toBe(before);
    expect(warnings(logger.lines)).toEqual([
      `warning: environment.indexUrl ${pypi.url} served torch 2.5.0, which pulls 2 CUDA packages (nvidia-*, cuda-*; several GB) this cpu environment will not use: set environment.pytorchIndex to its copy of https://download.pytorch.org/whl/cpu for CPU-only wheels`,
    ]);
  });
});
