import { describe, expect, jest, test } from '@jest/globals';
import { loadTestbed } from '../testbed.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const bed = loadTestbed();

async function api<T>(method: 'GET' | 'POST', route: string, body?: object): Promise<T> {
  const url = new URL(`/api/2.0/mlflow/${route}`, bed.mlflow.uri);
  if (method === 'GET' && body) {
    for (const [k, v] of Object.entries(body)) url.searchParams.set(k, String(v));
  }
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

describe('mlflow tracking server', () => {
  test('is healthy', async () => {
    const res = await fetch(new URL('/health', bed.mlflow.uri));
    expect(res.status).toBe(200);
  });

  test('creates a run over REST, logs to it, and reads it back', async () => {
    const name = `smoke-${Date.now().toString(36)}`;
    const { experiment_id } = await api<{ experiment_id: string }>('POST', 'experiments/create', {
      name,
    });
    const { run } = await api<{ run: { info: { run_id: string } } }>('POST', 'runs/create', {
      experiment_id,
      run_name: 'smoke',
      start_time: Date.now(),
    });
    const runId = run.info.run_id;
    await api('POST', 'runs/log-batch', {
      run_id: runId,
      params: [{ key: 'lr', value: '0.001' }],
      metrics: [{ key: 'loss', value: 0.25, timestamp: Date.now(), step: 1 }],
      tags: [{ key: 'mlenv.smoke', value: 'true' }],
    });
    await api('POST', 'runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });
    const got = await api<{
      run: {
        info: { status: string; artifact_uri: string };
        data: {
          params: { key: string; value: string }[];
          metrics: { key: string; value: number }[];
        };
      };
    }>('GET', 'runs/get', { run_id: runId });
    expect(got.run.info.status).toBe('FINISHED');
    expect(got.run.data.params).toContainEqual({ key: 'lr', value: '0.001' });
    expect(got.run.data.metrics.find((m) => m.key === 'loss')?.value).toBe(0.25);
    // --serve-artifacts: artifacts go through the server, not to a path the client must reach.
    expect(got.run.info.artifact_uri).toMatch(/^mlflow-artifacts:/);
  });

  test('stores and serves artifacts through the artifact proxy', async () => {
    const path = `smoke/${Date.now().toString(36)}/hello.txt`;
    const url = new URL(`/api/2.0/mlflow-artifacts/artifacts/${path}`, bed.mlflow.uri);
    const put = await fetch(url, { method: 'PUT', body: 'hello from the test bed' });
    expect(put.status).toBe(200);
    const get = await fetch(url);
    expect(await get.text()).toBe('hello from the test bed');
  });
});
