import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import type { PackageIndexServer } from './server.js';

const run = promisify(execFile);

/** The host uv's `--torch-backend` fetches from; its URLs are compiled into uv. */
export const PYTORCH_HOST = 'download.pytorch.org';

export interface FakePytorchIndex {
  /**
   * uv's settings that send https://download.pytorch.org to this fake (a CONNECT proxy that
   * terminates TLS with a certificate from a throwaway CA): set them in uv's environment.
   */
  env: { HTTPS_PROXY: string; SSL_CERT_FILE: string; NO_PROXY: string };
  /** `CONNECT host:port` and `METHOD /path` of every request, in order. */
  readonly requests: readonly string[];
  stop(): Promise<void>;
}

async function certificates(dir: string): Promise<{ ca: string; key: string; cert: string }> {
  const file = (name: string) => path.join(dir, name);
  const openssl = (args: string[]) =>
    run('openssl', args, { cwd: dir }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`openssl ${args[0]} failed: ${(error.stderr || error.message).trim()}`);
    });
  // A CA and a leaf it signs: rustls (uv) rejects a self-signed certificate used as a server's.
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=mlenv test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  ]);
  await openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${PYTORCH_HOST}`,
    '-keyout',
    file('leaf.key'),
    '-out',
    file('leaf.csr'),
  ]);
  await writeFile(
    file('leaf.ext'),
    `subjectAltName=DNS:${PYTORCH_HOST}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  );
  await openssl([
    'x509',
    '-req',
    '-in',
    file('leaf.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('leaf.ext'),
    '-out',
    file('leaf.pem'),
  ]);
  return {
    ca: file('ca.pem'),
    key: await readFile(file('leaf.key'), 'utf8'),
    cert: await readFile(file('leaf.pem'), 'utf8'),
  };
}

/**
 * https://download.pytorch.org/whl/cpu as uv's `--torch-backend cpu` sees it, served from a local
 * package index: `/whl/cpu/<project>/` is that index's `/simple/<project>/`, and its
 * root-relative wheel links (`/packages/...`) are passed on as they are. Only CONNECTs to
 * download.pytorch.org:443 are accepted, so nothing else leaves through it.
 */
export async function startFakePytorchIndex(
  backing: PackageIndexServer,
): Promise<FakePytorchIndex> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mlenv-fake-pytorch-'));
  const { ca, key, cert } = await certificates(dir);
  const target = new URL(backing.directUrl);
  const requests: string[] = [];
  const sockets = new Set<Socket>();

  const site = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = req.url ?? '/';
    const upstream = url.startsWith('/whl/cpu/') ? `/simple/${url.slice('/whl/cpu/'.length)}` : url;
    const forward = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: upstream,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  const context = tls.createSecureContext({ key, cert });
  const proxy = http.createServer((_req, res) => {
    res.writeHead(405);
    res.end('only CONNECT');
  });
  proxy.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  proxy.on('connect', (req, socket) => {
    requests.push(`CONNECT ${req.url}`);
    if (req.url !== `${PYTORCH_HOST}:443`) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const secure = new tls.TLSSocket(socket, {
      isServer: true,
      secureContext: context,
      ALPNProtocols: ['http/1.1'],
    });
    secure.on('error', () => socket.destroy());
    site.emit('connection', secure);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    env: {
      HTTPS_PROXY: `http://127.0.0.1:${port}`,
      SSL_CERT_FILE: ca,
      NO_PROXY: '127.0.0.1,localhost',
    },
    requests,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      site.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
