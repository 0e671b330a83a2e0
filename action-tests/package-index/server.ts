import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findUv } from '../../shared/environment/index.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { sleep } from '../../shared/util/sleep.js';
import { cacheDir } from '../testbed/paths.js';
import { freePort } from '../testbed/ports.js';
import {
  type Catalogue,
  type CatalogueRelease,
  catalogueWheels,
  defaultCatalogue,
} from './fixture.js';
import { type BuiltWheel, buildWheel } from './wheels.js';

const execFileAsync = promisify(execFile);

/** The pypiserver release the test index runs; bump it here and the next start installs it. */
export const PYPISERVER_VERSION = '2.4.2';
const COMPLETE = '.mlenv-complete';

/**
 * What the front proxy does instead of passing a request on:
 * - `down`: closes the connection without answering (the client sees a reset);
 * - `error`: answers 503 Service Unavailable;
 * - `slow`: holds the request for `delayMs` (default 60 s) before passing it on;
 * - `garbage`: answers 200 text/html with `<xml>...` that is no index page.
 */
export type IndexFault = 'down' | 'error' | 'slow' | 'garbage';

export interface FaultOptions {
  /** Fault only the next N requests, then pass requests on again. */
  times?: number;
  /** For `slow`. */
  delayMs?: number;
}

export interface FaultControl {
  set(fault: IndexFault | null, options?: FaultOptions): void;
  readonly current: IndexFault | null;
}

export interface PackageIndexServer {
  /** The simple index behind the fault proxy, `http://127.0.0.1:PORT/simple/`. */
  url: string;
  /** pypiserver itself, bypassing the proxy and its faults. */
  directUrl: string;
  /** Where the wheels are; pypiserver rescans it on every request. */
  dir: string;
  faults: FaultControl;
  /** `METHOD /path` of every request through the proxy, in order, faulted ones too. */
  readonly requests: readonly string[];
  /** Adds a release while the index runs (a new torch appears upstream). */
  publish(name: string, release: CatalogueRelease): Promise<BuiltWheel>;
  stop(): Promise<void>;
}

export interface StartPackageIndexOptions {
  /** Default `defaultCatalogue`; pass `{}` for an empty index. */
  packages?: Catalogue;
  /** Where to write the wheels (created if missing, kept on stop); default a temporary folder. */
  dir?: string;
}

/** The python of a venv holding pypiserver, installed from PyPI once and reused. */
export async function ensurePypiserver(): Promise<string> {
  const venv = path.join(cacheDir(), `pypiserver-${PYPISERVER_VERSION}`);
  const python = path.join(venv, 'bin', 'python');
  const complete = () => existsSync(path.join(venv, COMPLETE));
  if (complete()) return python;
  // Built aside and renamed into place, so parallel jest workers never see half a venv.
  const building = `${venv}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(path.dirname(venv), { recursive: true });
  const uv = await findUv(createMemoryLogger());
  try {
    await execFileAsync(uv, ['venv', '--quiet', '--relocatable', '--python', 'python3', building]);
    await execFileAsync(uv, [
      'pip',
      'install',
      '--quiet',
      '--python',
      path.join(building, 'bin', 'python'),
      `pypiserver==${PYPISERVER_VERSION}`,
    ]);
    await writeFile(path.join(building, COMPLETE), `pypiserver==${PYPISERVER_VERSION}\n`);
  } catch (err) {
    await rm(building, { recursive: true, force: true });
    const e = err as { message: string; stderr?: string };
    throw new Error(
      `Installing pypiserver ${PYPISERVER_VERSION} into ${venv} failed: ${e.message}\n${e.stderr ?? ''}`,
    );
  }
  try {
    await rename(building, venv);
  } catch {
    if (complete()) {
      // Another worker finished first; its venv is as good as ours.
      await rm(building, { recursive: true, force: true });
      return python;
    }
    // What is there is left over from an install that died: replace it.
    await rm(venv, { recursive: true, force: true });
    await rename(building, venv);
  }
  return python;
}

async function writeWheel(
  dir: string,
  name: string,
  release: CatalogueRelease,
): Promise<BuiltWheel> {
  const wheel = buildWheel({ name, ...release });
  // Written aside and renamed, so pypiserver never lists half a wheel.
  const partial = path.join(dir, `.${wheel.filename}.partial`);
  await writeFile(partial, wheel.bytes);
  await rename(partial, path.join(dir, wheel.filename));
  return wheel;
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitForHealth(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `pypiserver exited (${child.exitCode ?? child.signalCode}) before answering; its log ${log}:\n${readLog(log)}`,
      );
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`pypiserver did not answer ${url} within 30 s; its log ${log}:\n${readLog(log)}`);
}

async function startPypiserver(
  python: string,
  dir: string,
  log: string,
): Promise<{ child: ChildProcess; port: number }> {
  let lastError: unknown;
  // freePort's port can be taken before pypiserver binds it; a clash is retried on a new port.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const fd = openSync(log, 'a');
    const child = spawn(
      python,
      [
        '-m',
        'pypiserver',
        'run',
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
        // No authentication, no redirect to pypi.org for unknown projects.
        '-a',
        '.',
        '-P',
        '.',
        '--disable-fallback',
        '--hash-algo',
        'sha256',
        // Rescans the folder on every request, so `publish` is visible at once.
        '--backend',
        'simple-dir',
        dir,
      ],
      { stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    try {
      await waitForHealth(`http://127.0.0.1:${port}/health`, child, log);
      return { child, port };
    } catch (err) {
      lastError = err;
      child.kill('SIGKILL');
      if (!/Address already in use/i.test(readLog(log))) break;
    }
  }
  throw lastError;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const GARBAGE = '<xml>this is not a package index</xml>\n';

function startProxy(
  target: number,
  requests: string[],
): Promise<{ server: http.Server; port: number; faults: FaultControl; close(): Promise<void> }> {
  let fault: IndexFault | null = null;
  let remaining = Number.POSITIVE_INFINITY;
  let delayMs = 60_000;
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const forward = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: target,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: `127.0.0.1:${target}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${err.message}\n`);
    });
    req.pipe(upstream);
  };

  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const active = fault !== null && remaining > 0 ? fault : null;
    if (active) {
      remaining--;
      if (remaining <= 0) fault = null;
    }
    switch (active) {
      case 'down':
        req.socket.destroy();
        return;
      case 'error':
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('Service Unavailable (fault injected by the test index)\n');
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(GARBAGE);
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!req.socket.destroyed) forward(req, res);
        }, delayMs);
        timers.add(timer);
        return;
      }
      default:
        forward(req, res);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const faults: FaultControl = {
    set(next, options = {}) {
      fault = next;
      remaining = options.times ?? Number.POSITIVE_INFINITY;
      delayMs = options.delayMs ?? 60_000;
    },
    get current() {
      return fault;
    },
  };

  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        faults,
        close: () =>
          new Promise<void>((done) => {
            for (const timer of timers) clearTimeout(timer);
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * A real PyPI-compatible index (pypiserver from PyPI) on 127.0.0.1 serving the catalogue's wheels,
 * behind a small proxy that can inject faults. Throws with pypiserver's log if it does not start.
 */
export async function startPackageIndex(
  options: StartPackageIndexOptions = {},
): Promise<PackageIndexServer> {
  const python = await ensurePypiserver();
  const root = await mkdtemp(path.join(os.tmpdir(), 'mlenv-package-index-'));
  const dir = options.dir ? path.resolve(options.dir) : path.join(root, 'packages');
  await mkdir(dir, { recursive: true });
  for (const spec of catalogueWheels(options.packages ?? defaultCatalogue)) {
    const { name, ...release } = spec;
    await writeWheel(dir, name, release);
  }
  const log = path.join(root, 'pypiserver.log');
  const { child, port } = await startPypiserver(python, dir, log);
  // A test that forgets stop() must not leave pypiserver running after jest exits.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const requests: string[] = [];
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  try {
    proxy = await startProxy(port, requests);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  let stopped = false;
  return {
    url: `http://127.0.0.1:${proxy.port}/simple/`,
    directUrl: `http://127.0.0.1:${port}/simple/`,
    dir,
    faults: proxy.faults,
    requests,
    publish: (name, release) => writeWheel(dir, name, release),
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killOnExit);
      await proxy.close();
      await stopChild(child);
      await rm(root, { recursive: true, force: true });
    },
  };
}
