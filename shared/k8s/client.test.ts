import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createMemoryLogger } from '../logger/index.js';
import { createKubeClient, KubeError } from './client.js';

// The client's retries against a plain HTTP server standing in for an API server that restarts,
// sheds load or is gone. The real API server is exercised by the integration tests.
let dir: string;
let server: http.Server;
let answers: { status: number; headers?: Record<string, string> }[] = [];
let seen: string[] = [];

function kubeconfig(url: string): string {
  const file = path.join(dir, `kubeconfig-${seen.length}-${Date.now()}`);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: 'ns' } }],
      'current-context': 'x',
    }),
  );
  return file;
}

async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlenv-kube-client-'));
  server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const answer = answers.shift() ?? { status: 200 };
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(
      answer.status < 300
        ? JSON.stringify({ kind: 'ConfigMap', metadata: { name: 'x' } })
        : JSON.stringify({ kind: 'Status', message: `status ${answer.status}`, reason: 'X' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(() => {
  answers = [];
  seen = [];
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe('Kubernetes client retries', () => {
  it('retries a GET through 503 and 500 answers, then returns the object', async () => {
    answers = [{ status: 503 }, { status: 500 }];
    const client = await createKubeClient({ kubeconfig: kubeconfig(url()), retryBudgetMs: 10_000 });
    await expect(client.request('GET', '/api/v1/namespaces/ns/configmaps/x')).resolves.toEqual({
      kind: 'ConfigMap',
      metadata: { name: 'x' },
    });
    expect(seen).toHaveLength(3);
  });

  it('waits as long as a 429 asks in Retry-After', async () => {
    answers = [{ status: 429, headers: { 'retry-after': '1' } }];
    const logger = createMemoryLogger();
    const client = await createKubeClient({
      kubeconfig: kubeconfig(url()),
      retryBudgetMs: 10_000,
      logger,
    });
    await client.request('POST', '/api/v1/namespaces/ns/configmaps', { body: {} });
    expect(logger.lines).toContain(
      'debug: POST /api/v1/namespaces/ns/configmaps: 429; retrying in 1000 ms',
    );
    expect(seen).toHaveLength(2);
  });

  it('does not repeat a POST the server may have acted on (500)', async () => {
    answers = [{ status: 500 }];
    const client = await createKubeClient({ kubeconfig: kubeconfig(url()), retryBudgetMs: 10_000 });
    await expect(
      client.request('POST', '/api/v1/namespaces/ns/configmaps', { body: {} }),
    ).rejects.toMatchObject({ status: 500 });
    expect(seen).toHaveLength(1);
  });

  it('answers a client error at once, without retrying', async () => {
    answers = [{ status: 404 }];
    const client = await createKubeClient({ kubeconfig: kubeconfig(url()), retryBudgetMs: 10_000 });
    await expect(client.request('GET', '/api/v1/namespaces/ns/configmaps/x')).rejects.toThrow(
      /404 status 404/,
    );
    expect(seen).toHaveLength(1);
  });

  it('gives up on an unreachable API server within its budget, saying so', async () => {
    const port = await closedPort();
    const logger = createMemoryLogger();
    const client = await createKubeClient({
      kubeconfig: kubeconfig(`http://127.0.0.1:${port}`),
      retryBudgetMs: 2_000,
      logger,
    });
    const failure = client.request('POST', '/api/v1/namespaces/ns/configmaps', { body: {} });
    await expect(failure).rejects.toBeInstanceOf(KubeError);
    await expect(failure).rejects.toThrow(
      new RegExp(
        `the Kubernetes API server http://127\\.0\\.0\\.1:${port} could not be reached \\(.*ECONNREFUSED.*\\); gave up after \\d+ attempts in \\d+\\.\\d s \\(retry budget 2 s\\)`,
      ),
    );
    // It never waits past the budget: its waits, as it logged them, add up to 2 s at most
    // (whatever the machine's speed, unlike the time it reports).
    const waits = logger.lines.flatMap((line) => {
      const match = /retrying in (\d+) ms/.exec(line);
      return match ? [Number(match[1])] : [];
    });
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(2_000);
  });
});
