import http from 'node:http';
import https from 'node:https';

export interface HttpResult {
  status: number;
  body: string;
}

// Node's fetch cannot take a private CA without an extra dependency, so health checks use the
// core http(s) modules.
export function httpGet(
  url: string,
  opts: { ca?: string | Buffer; insecure?: boolean } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    // `insecure` is only for the self-signed health ports of the controller manager and
    // scheduler, which serve nothing but /healthz to us.
    const tls = { ca: opts.ca, rejectUnauthorized: !opts.insecure };
    const req = mod.get(u, { ...tls, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
  });
}
