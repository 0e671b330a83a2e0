import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createMemoryLogger } from '../logger/index.js';
import {
  closedPort,
  type ScriptedAnswer,
  type ScriptedServer,
  startScriptedServer,
} from '../util/testing/scripted-server.js';
import { createKubeClient, KubeError } from './client.js';

// The client's retries against a plain HTTP server standing in for an API server that restarts,
// sheds load or is gone. The real API server is exercised by the integration tests.
let dir: string;
let server: ScriptedServer<ScriptedAnswer>;
let configs = 0;

function kubeconfig(url: string): string {
  const file = path.join(dir, `kubeconfig-${configs++}`);
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

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlenv-kube-client-'));
  server = await startScriptedServer({
    fallback: { status: 200 },
    body: (answer) =>
      answer.status < 300
        ? { kind: 'ConfigMap', metadata: { name: 'x' } }
        : { kind: 'Status', message: `status ${answer.status}`, reason: 'X' },
  });
});

afterEach(() => server.reset());

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Kubernetes client retries', () => {
  it('retries a GET through 503 and 500 answers, then returns the object', async () => {
    server.script({ status: 503 }, { status: 500 });
    const client = await createKubeClient({
      kubeconfig: kubeconfig(server.url),
      retryBudgetMs: 10_000,
    });
    await expect(client.request('GET', '/api/v1/namespaces/ns/configmaps/x')).resolves.toEqual({
      kind: 'ConfigMap',
      metadata: { name: 'x' },
    });
    expect(server.seen).toHaveLength(3);
  });

  it('waits as long as a 429 asks in Retry-After', async () => {
    server.script({ status: 429, headers: { 'retry-after': '1' } });
    const logger = createMemoryLogger();
    const client = await createKubeClient({
      kubeconfig: kubeconfig(server.url),
      retryBudgetMs: 10_000,
      logger,
    });
    await client.request('POST', '/api/v1/namespaces/ns/configmaps', { body: {} });
    expect(logger.lines).toContain(
      'debug: POST /api/v1/namespaces/ns/configmaps: 429; retrying in 1000 ms',
    );
    expect(server.seen).toHaveLength(2);
  });

  it('does not repeat a POST the server may have acted on (500)', async () => {
    server.script({ status: 500 });
    const client = await createKubeClient({
      kubeconfig: kubeconfig(server.url),
      retryBudgetMs: 10_000,
    });
    await expect(
      client.request('POST', '/api/v1/namespaces/ns/configmaps', { body: {} }),
    ).rejects.toMatchObject({ status: 500 });
    expect(server.seen).toHaveLength(1);
  });

  it('answers a client error at once, without retrying', async () => {
    server.script({ status: 404 });
    const client = await createKubeClient({
      kubeconfig: kubeconfig(server.url),
      retryBudgetMs: 10_000,
    });
    await expect(client.request('GET', '/api/v1/namespaces/ns/configmaps/x')).rejects.toThrow(
      /404 status 404/,
    );
    expect(server.seen).toHaveLength(1);
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
