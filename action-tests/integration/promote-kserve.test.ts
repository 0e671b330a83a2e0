import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createKubeClient, type KubeClient, type KubeObject } from '../../shared/k8s/client.js';
import { watchUntil } from '../../shared/k8s/watch.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { kserveServing } from '../../shared/promote/serving/kserve.js';
import { ServingError, type ServingTarget } from '../../shared/promote/serving/strategy.js';
import { TestNamespace } from '../testbed/test-namespace.js';
import { loadTestbed } from '../testbed/testbed.js';

// The kserve serving target against the test bed's API server with the real KServe CRD, as the
// CI identity. No KServe controller runs here (it needs images): this test plays it, through the
// status subresource, marking each new generation Ready with the address of a small HTTP server
// that answers KServe's v2 model-ready endpoint — or a 500 for a model the test calls broken.
const bed = loadTestbed();
// A serving namespace of this file's own: the controller below answers for every
// InferenceService it sees, and must see no other file's.
const ns = new TestNamespace('it-kserve', 'serving');
const namespace = ns.name;
let admin: KubeClient;
let ci: KubeClient;
let health: http.Server;
let healthUrl: string;
const controller = new AbortController();
let controllerDone: Promise<void>;
/** Every spec the controller saw: storageUri and canaryTrafficPercent, in order. */
const seen: { name: string; storageUri: string; canary?: number }[] = [];
const isvcs = `/apis/serving.kserve.io/v1beta1/namespaces/${namespace}/inferenceservices`;

interface Isvc extends KubeObject {
  spec: { predictor: { canaryTrafficPercent?: number; model: { storageUri: string } } };
  status?: { observedGeneration?: number };
}

beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig, namespace });
  ci = await createKubeClient({ kubeconfig: bed.kubernetes.ciKubeconfig, namespace });
  health = http.createServer((request, response) => {
    // /<storage path>/v2/models/<name>/ready: the storage path says which version answers.
    response.statusCode = request.url?.includes('broken') ? 500 : 200;
    response.end();
  });
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}`;
  controllerDone = watchUntil<Isvc>({
    client: admin,
    path: isvcs,
    query: {},
    signal: controller.signal,
    handle(isvc, type) {
      if (type === 'DELETED') return false;
      const generation = Number(isvc.metadata.generation);
      if ((isvc.status?.observedGeneration ?? 0) >= generation) return false;
      const { storageUri } = isvc.spec.predictor.model;
      seen.push({
        name: isvc.metadata.name,
        storageUri,
        canary: isvc.spec.predictor.canaryTrafficPercent,
      });
      const path = new URL(storageUri).pathname;
      void admin
        .request('PATCH', `${isvcs}/${isvc.metadata.name}/status`, {
          contentType: 'application/merge-patch+json',
          body: {
            status: {
              observedGeneration: generation,
              url: `${healthUrl}${path}`,
              conditions: [
                { type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() },
              ],
            },
          },
        })
        .catch(() => undefined);
      return false;
    },
  });
});

afterAll(async () => {
  controller.abort();
  await controllerDone;
  // The InferenceServices go with the namespace.
  await ns.delete();
  await new Promise((resolve) => health.close(resolve));
});

let name: string;
beforeEach(() => {
  name = `fraud-${Date.now().toString(36)}`;
});

function strategy() {
  return kserveServing({
    client: ci,
    namespace,
    servingName: name,
    storageUri: async (target) => `s3://models/${target.model}/${target.version}`,
    readyTimeoutMs: 20_000,
    logger: createMemoryLogger(),
  });
}

const target = (version: string, model = 'fraud'): ServingTarget => ({
  model,
  version,
  modelUri: `models:/${model}@candidate`,
});

async function current(): Promise<Isvc> {
  return ci.request<Isvc>('GET', `${isvcs}/${name}`);
}

describe('kserve serving target on the test bed', () => {
  it('creates the InferenceService, then rolls a new version out in canary steps', async () => {
    const serving = strategy();
    const first = await serving.deploy(target('1'));
    expect(first.url).toBe(`${healthUrl}/fraud/1`);
    await serving.commit();
    const created = await current();
    expect(created.spec.predictor.model).toEqual({
      modelFormat: { name: 'mlflow' },
      protocolVersion: 'v2',
      storageUri: 's3://models/fraud/1',
    });

    await serving.deploy(target('2'));
    await serving.commit();
    // 10% and 50% to the new revision, then all of it.
    expect(seen.filter((s) => s.name === name).map((s) => [s.storageUri, s.canary])).toEqual([
      ['s3://models/fraud/1', undefined],
      ['s3://models/fraud/2', 10],
      ['s3://models/fraud/2', 50],
      ['s3://models/fraud/2', undefined],
    ]);
    const done = await current();
    expect(done.metadata.annotations?.['mlenv.dev/model-version']).toBe('2');
    expect(done.metadata.annotations?.['mlenv.dev/previous-model']).toBeUndefined();
    expect(await serving.status()).toMatchObject({ deployed: true, healthy: true, version: '2' });

    // The same version again: reused, nothing patched.
    const before = seen.length;
    expect((await serving.deploy(target('2'))).reused).toBe(true);
    expect(seen.length).toBe(before);
  });

  it('sends traffic back and restores the previous model when the new one answers errors', async () => {
    const serving = strategy();
    await serving.deploy(target('1'));
    await serving.commit();
    await expect(serving.deploy(target('2', 'broken'))).rejects.toThrow(ServingError);
    const specs = seen.filter((s) => s.name === name).map((s) => [s.storageUri, s.canary]);
    // The broken model got its first canary step only, then traffic went back (0%) and the spec
    // returned to version 1.
    expect(specs.slice(1, 2)).toEqual([['s3://models/broken/2', 10]]);
    expect(specs).toContainEqual(['s3://models/broken/2', 0]);
    const restored = await current();
    expect(restored.spec.predictor.model.storageUri).toBe('s3://models/fraud/1');
    expect(restored.spec.predictor.canaryTrafficPercent).toBeUndefined();
    expect(restored.metadata.annotations?.['mlenv.dev/model-version']).toBe('1');
  });

  it('rolls back an uncommitted rollout, and removes a first deployment that never got healthy', async () => {
    const serving = strategy();
    await serving.deploy(target('1'));
    await serving.commit();
    await serving.deploy(target('2'));
    await serving.rollback();
    expect((await current()).spec.predictor.model.storageUri).toBe('s3://models/fraud/1');

    name = `${name}-new`;
    await expect(strategy().deploy(target('1', 'broken'))).rejects.toThrow(/unhealthy/);
    await expect(current()).rejects.toThrow(/404|not found/i);
  });

  it('fails clearly within its retry budget when the API server is down, changing nothing', async () => {
    const serving = strategy();
    await serving.deploy(target('1'));
    await serving.commit();
    // The same credentials, aimed at a port where no API server answers: the discard port, which
    // no test binds (a port freed by this test could be taken meanwhile by a file running beside).
    const port = 9;
    const down = path.join(mkdtempSync(path.join(tmpdir(), 'mlenv-kserve-down-')), 'kubeconfig');
    writeFileSync(
      down,
      readFileSync(bed.kubernetes.ciKubeconfig, 'utf8').replace(
        /server: https:\/\/127\.0\.0\.1:\d+/,
        `server: https://127.0.0.1:${port}`,
      ),
    );
    const unreachable = await createKubeClient({
      kubeconfig: down,
      namespace,
      retryBudgetMs: 3_000,
    });
    await expect(
      kserveServing({
        client: unreachable,
        namespace,
        servingName: name,
        storageUri: async (t) => `s3://models/${t.model}/${t.version}`,
        readyTimeoutMs: 20_000,
        logger: createMemoryLogger(),
      }).deploy(target('2')),
    ).rejects.toThrow(/could not be reached \(.*ECONNREFUSED.*\); gave up after \d+ attempts/);
    const untouched = await current();
    expect(untouched.spec.predictor.model.storageUri).toBe('s3://models/fraud/1');
    expect(untouched.spec.predictor.canaryTrafficPercent).toBeUndefined();
    expect(untouched.metadata.annotations?.['mlenv.dev/model-version']).toBe('1');
  });
});
