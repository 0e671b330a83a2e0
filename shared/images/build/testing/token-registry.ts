import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A registry's front as ghcr.io and Docker Hub show it, for the unit tests of the client's token
// flow: every manifest request without a token gets 401 and a Bearer challenge; the token service
// grants pull tokens (to the given user, or to anyone with `anonymous`). It holds manifests in
// memory; the integration test runs the real distribution registry.

export interface TokenRegistry {
  /** host:port, on 127.0.0.1 (so reached over plain HTTP). */
  host: string;
  /** `<repository>:<tag>` → the manifest JSON served for it. */
  manifests: Map<string, { mediaType: string; body: string; digest: string }>;
  /** `METHOD path auth-scheme` of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startTokenRegistry(options: {
  user?: { username: string; password: string };
  anonymous?: boolean;
}): Promise<TokenRegistry> {
  const manifests: TokenRegistry['manifests'] = new Map();
  const requests: string[] = [];
  const granted = new Set<string>();
  let port = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization ?? '';
    requests.push(`${req.method} ${url.pathname} ${auth.split(' ')[0] || '-'}`);
    if (url.pathname === '/token') {
      const basic = auth.startsWith('Basic ')
        ? Buffer.from(auth.slice(6), 'base64').toString()
        : undefined;
      const user = options.user ? `${options.user.username}:${options.user.password}` : undefined;
      if (basic ? basic !== user : !options.anonymous) {
        res.writeHead(401).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        return;
      }
      const token = `tok-${granted.size + 1}`;
      granted.add(token);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
      return;
    }
    const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const [, repository, reference] = match;
    if (!granted.has(auth.replace(/^Bearer /, ''))) {
      res
        .writeHead(401, {
          'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="token-registry",scope="repository:${repository}:pull"`,
        })
        .end();
      return;
    }
    const found =
      manifests.get(`${repository}:${reference}`) ??
      [...manifests.values()].find((m) => m.digest === reference);
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': found.mediaType,
      'docker-content-digest': found.digest,
      'content-length': Buffer.byteLength(found.body),
    });
    res.end(req.method === 'HEAD' ? undefined : found.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    manifests,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
