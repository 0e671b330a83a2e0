import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A private git host for the tests: git's own smart-HTTP server (`git http-backend`, as CGI)
// behind HTTP Basic authentication, as GitHub serves a private repository to a token. Every
// request without the right user and password gets 401, and a client that has no credentials to
// offer then fails, as it would against a private GitHub repository.

export interface GitHttpServer {
  /** `http://host:port/<repository>`. */
  url(repository: string): string;
  /** Requests refused for want of the right credentials. */
  readonly refused: number;
  stop(): Promise<void>;
}

export async function startGitHttpServer(options: {
  /** The folder of the bare repositories served. */
  root: string;
  host: string;
  username: string;
  password: string;
}): Promise<GitHttpServer> {
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  let refused = 0;
  const server = createServer((request, response) => {
    if (request.headers.authorization !== expected) {
      refused++;
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    void serveCgi(request, response, options);
  });
  await new Promise<void>((resolve) => server.listen(0, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (repository) => `http://${options.host}:${port}/${repository}`,
    get refused() {
      return refused;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function serveCgi(
  request: IncomingMessage,
  response: ServerResponse,
  options: { root: string; username: string },
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const url = new URL(request.url ?? '/', 'http://git');
  const backend = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: options.root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: request.method ?? 'GET',
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      CONTENT_LENGTH: String(body.length),
      HTTP_CONTENT_ENCODING: request.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
      REMOTE_USER: options.username,
      REMOTE_ADDR: request.socket.remoteAddress ?? '',
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  backend.stdin.end(body);
  // The CGI response: headers (a Status line among them), a blank line, the body.
  let head = Buffer.alloc(0);
  let started = false;
  backend.stdout.on('data', (chunk: Buffer) => {
    if (started) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    // latin1: one character per byte, so string offsets are byte offsets.
    const text = head.toString('latin1');
    const blank = /\r?\n\r?\n/.exec(text);
    if (!blank) return;
    const end = blank.index;
    const separator = blank[0].length;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of text.slice(0, end).split(/\r?\n/)) {
      const colon = line.indexOf(':');
      const [name, value] = [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    response.writeHead(status, headers);
    started = true;
    response.write(head.subarray(end + separator));
  });
  backend.on('close', () => {
    if (!started) response.writeHead(500);
    response.end();
  });
}
