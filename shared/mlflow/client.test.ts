import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createMemoryLogger } from '../logger/index.js';
import {
  closedPort,
  type ScriptedAnswer,
  type ScriptedServer,
  startScriptedServer,
} from '../util/testing/scripted-server.js';
import { MlflowClient, MlflowError, MlflowUnreachableError } from './client.js';

// The client's retries against a plain HTTP server standing in for an MLflow server that is
// busy, refuses a request or is gone. The real server is exercised by the integration tests.
type Answer = ScriptedAnswer & { body?: unknown };
let server: ScriptedServer<Answer>;

beforeAll(async () => {
  server = await startScriptedServer<Answer>({
    fallback: { status: 200 },
    body: (answer) => answer.body ?? {},
  });
});

afterEach(() => server.reset());

afterAll(() => server.close());

describe('MLflow client retries', () => {
  it('retries through 503 and 429 answers, then succeeds, logging each retry', async () => {
    server.script({ status: 503 }, { status: 429, headers: { 'retry-after': '0' } });
    const logger = createMemoryLogger();
    const client = new MlflowClient({ uri: server.url, logger, retryBudgetMs: 10_000 });
    await client.setTags('run-1', { a: 'b' });
    expect(server.seen).toEqual([
      'POST /api/2.0/mlflow/runs/log-batch',
      'POST /api/2.0/mlflow/runs/log-batch',
      'POST /api/2.0/mlflow/runs/log-batch',
    ]);
    expect(logger.lines).toEqual(
      expect.arrayContaining([
        `debug: MLflow at ${server.url} answered 503; retry 1`,
        `debug: MLflow at ${server.url} answered 429; retry 2`,
      ]),
    );
  });

  it('answers a refused request at once with MLflow error code and message', async () => {
    server.script({
      status: 404,
      body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Run run-9 not found' },
    });
    const client = new MlflowClient({ uri: server.url, retryBudgetMs: 10_000 });
    const failure = client.setTags('run-9', { a: 'b' });
    await expect(failure).rejects.toBeInstanceOf(MlflowError);
    await expect(failure).rejects.toMatchObject({
      status: 404,
      code: 'RESOURCE_DOES_NOT_EXIST',
      message: `MLflow at ${server.url} answered POST /api/2.0/mlflow/runs/log-batch with 404: Run run-9 not found`,
    });
    expect(server.seen).toHaveLength(1);
  });

  it('gives up on a server that stays busy, with its last answer', async () => {
    server.script(
      ...Array.from({ length: 50 }, () => ({ status: 503, body: { message: 'busy' } })),
    );
    const client = new MlflowClient({ uri: server.url, retryBudgetMs: 1_000 });
    await expect(client.setTags('run-1', { a: 'b' })).rejects.toMatchObject({
      status: 503,
      message: `MLflow at ${server.url} answered POST /api/2.0/mlflow/runs/log-batch with 503: busy`,
    });
    expect(server.seen.length).toBeGreaterThan(1);
  });

  it('names the server it could not reach, and the attempts, within its budget', async () => {
    const port = await closedPort();
    const client = new MlflowClient({ uri: `http://127.0.0.1:${port}`, retryBudgetMs: 1_000 });
    const failure = client.setTags('run-1', { a: 'b' });
    await expect(failure).rejects.toBeInstanceOf(MlflowUnreachableError);
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^MLflow tracking server http://127\\.0\\.0\\.1:${port} is unreachable after \\d+ attempt\\(s\\) in 1s: .*ECONNREFUSED`,
      ),
    );
  });
});
