import { describe, expect, it } from '@jest/globals';
import { createMemoryLogger } from '../../logger/index.js';
import { MlflowError, MlflowUnreachableError } from '../../mlflow/client.js';
import type { ModelVersion } from '../../mlflow/schema.js';
import { type ChampionRegistry, lookupChampion, lookupChampions } from './champion.js';
import { checkResult, smokeTrainResult } from './test-fixtures.js';

/** An in-memory registry: model → alias → version, and run → metrics; counts its calls. */
function fakeRegistry(
  uri: string,
  options: {
    champions?: Record<string, { version: string; runId?: string }>;
    runs?: Record<string, Record<string, number>>;
    fail?: () => Error;
  } = {},
): ChampionRegistry & { calls: string[] } {
  const calls: string[] = [];
  return {
    uri,
    calls,
    async versionByAlias(model, alias) {
      calls.push(`alias ${model} ${alias}`);
      if (options.fail) throw options.fail();
      const champion = options.champions?.[model];
      if (!champion || alias !== 'champion') return undefined;
      return { name: model, version: champion.version, run_id: champion.runId } as ModelVersion;
    },
    async runMetrics(runId) {
      calls.push(`metrics ${runId}`);
      return options.runs?.[runId] ?? {};
    },
  };
}

describe('lookupChampion', () => {
  it("reads the champion alias, then its run's metrics", async () => {
    const registry = fakeRegistry('http://mlflow', {
      champions: { 'fraud-detector': { version: '7', runId: 'r7' } },
      runs: { r7: { val_auc: 0.83 } },
    });
    expect(await lookupChampion(registry, 'fraud-detector')).toEqual({
      kind: 'found',
      model: 'fraud-detector',
      version: '7',
      runId: 'r7',
      metrics: { val_auc: 0.83 },
    });
    expect(registry.calls).toEqual(['alias fraud-detector champion', 'metrics r7']);
  });

  it('says "no champion yet" for a model without the alias (or never registered)', async () => {
    expect(await lookupChampion(fakeRegistry('http://mlflow'), 'new-model')).toEqual({
      kind: 'none',
      model: 'new-model',
    });
  });

  it('compares nothing for a champion registered without a run', async () => {
    const registry = fakeRegistry('http://mlflow', { champions: { m: { version: '1' } } });
    expect(await lookupChampion(registry, 'm')).toMatchObject({ kind: 'found', metrics: {} });
    expect(registry.calls).toEqual(['alias m champion']);
  });

  it('turns a failing registry into an unavailable comparison', async () => {
    const registry = fakeRegistry('http://mlflow', {
      fail: () => new MlflowError('MLflow answered 500: boom', 500),
    });
    expect(await lookupChampion(registry, 'm')).toEqual({
      kind: 'unavailable',
      model: 'm',
      reason: 'MLflow at http://mlflow: MLflow answered 500: boom',
    });
  });
});

describe('lookupChampions', () => {
  it('looks up each project that trained, on the server its smoke run used', async () => {
    const registries: Record<string, ReturnType<typeof fakeRegistry>> = {
      'http://a': fakeRegistry('http://a', {
        champions: { 'fraud-detector': { version: '3', runId: 'r3' } },
        runs: { r3: { val_auc: 0.8 } },
      }),
    };
    const logger = createMemoryLogger();
    const found = await lookupChampions({
      results: [
        checkResult(),
        smokeTrainResult({ project: 'fraud', trackingUri: 'http://a' }),
        smokeTrainResult({ project: 'nlp', model: 'nlp-model', trackingUri: 'http://a' }),
        smokeTrainResult({ project: 'nomodel', model: undefined }),
        smokeTrainResult({ project: 'embedded', trackingUri: undefined }),
        smokeTrainResult({ project: 'broken', status: 'failed', metrics: {} }),
      ],
      registryFor: (uri) => registries[uri] ?? fakeRegistry(uri),
      logger,
    });
    expect(Object.fromEntries(found)).toEqual({
      fraud: {
        kind: 'found',
        model: 'fraud-detector',
        version: '3',
        runId: 'r3',
        metrics: { val_auc: 0.8 },
      },
      nlp: { kind: 'none', model: 'nlp-model' },
      nomodel: { kind: 'no-model' },
      embedded: {
        kind: 'unavailable',
        model: 'fraud-detector',
        reason: 'the smoke run used the embedded MLflow, which holds no champion; set tracking-uri',
      },
    });
  });

  it('prefers the tracking-uri it is given', async () => {
    const asked: string[] = [];
    await lookupChampions({
      results: [smokeTrainResult({ trackingUri: 'http://recorded' })],
      trackingUri: 'http://given',
      registryFor: (uri) => {
        asked.push(uri);
        return fakeRegistry(uri);
      },
      logger: createMemoryLogger(),
    });
    expect(asked).toEqual(['http://given']);
  });

  it('asks a dead server once, and answers the other projects of that server at once', async () => {
    const dead = fakeRegistry('http://mlflow.internal:5000', {
      fail: () =>
        new MlflowUnreachableError(
          'MLflow tracking server http://mlflow.internal:5000 is unreachable after 4 attempt(s) in 15s: connect ECONNREFUSED',
        ),
    });
    const logger = createMemoryLogger();
    const found = await lookupChampions({
      results: ['a', 'b', 'c'].map((project) => smokeTrainResult({ project })),
      registryFor: () => dead,
      logger,
    });
    expect(dead.calls).toHaveLength(1);
    expect([...found.values()].map((l) => l.kind)).toEqual([
      'unavailable',
      'unavailable',
      'unavailable',
    ]);
    expect(found.get('c')).toMatchObject({ reason: expect.stringContaining('ECONNREFUSED') });
    expect(logger.lines.filter((l) => l.startsWith('warning: champion of'))).toHaveLength(1);
  });

  it('asks again after a failure of one model only', async () => {
    const flaky = fakeRegistry('http://m', { fail: () => new MlflowError('bad filter', 400) });
    await lookupChampions({
      results: ['a', 'b'].map((project) => smokeTrainResult({ project })),
      registryFor: () => flaky,
      logger: createMemoryLogger(),
    });
    expect(flaky.calls).toHaveLength(2);
  });
});
