import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadWorkspace } from '../config/workspace.js';
import { ConfigurationError } from '../errors/index.js';
import { createMemoryLogger } from '../logger/index.js';
import { isAlive, spawnDetached } from '../process/daemon.js';
import { runPromote, servingStatus, stopServing } from './run-promote.js';
import { localServingDir, servingOptions } from './serving/index.js';

// Status and stop need only where a serving name lives: these workspaces have no environment, no
// lock and no MLflow, so anything that tried to build or start one would fail them. The kserve
// target runs against a plain HTTP server standing in for the API server (the real one, and the
// promotions themselves, are exercised by action-tests/integration/promote-*.test.ts).
const roots: string[] = [];
let server: http.Server;
let seen: string[] = [];
let isvc: unknown;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const found = isvc !== undefined;
    if (request.method === 'DELETE') isvc = undefined;
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        found ? isvc : { kind: 'Status', reason: 'NotFound', message: 'not found', code: 404 },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function servedWorkspace(serving: string) {
  const root = mkdtempSync(path.join(tmpdir(), 'mlenv-run-promote-'));
  roots.push(root);
  const files: Record<string, string> = {
    'mlenv.yaml':
      'apiVersion: mlenv/v1\nkind: Workspace\nprojects: ["projects/*"]\nenvironment:\n' +
      '  python: "3.11"\n  cuda: cpu\n  requirements: requirements.in\n' +
      `  lock: requirements.lock\n  image: ghcr.io/acme/runtime\nserving: ${serving}\n`,
    'requirements.in': 'torch==2.15.0\n',
    'projects/fraud/mlenv.yaml':
      'apiVersion: mlenv/v1\nkind: Project\nname: fraud\n' +
      'promote:\n  model: fraud-model\n  serving: { name: fraud-serving }\n',
    kubeconfig: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'c',
          cluster: {
            server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            'insecure-skip-tls-verify': true,
          },
        },
      ],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: 'default' } }],
      'current-context': 'x',
    }),
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const workspace = await loadWorkspace(root);
  const project = workspace.projects.find((p) => p.name === 'fraud');
  if (!project) throw new Error('no fraud project');
  return { root, workspace, project, kubeconfig: path.join(root, 'kubeconfig') };
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('servingOptions', () => {
  it('reads each target from the workspace, with only what that target has', async () => {
    const local = await servedWorkspace('{ target: local }');
    const logger = createMemoryLogger();
    expect(servingOptions(local.workspace, 'fraud-serving', { logger })).toEqual({
      target: 'local',
      servingName: 'fraud-serving',
      workspaceRoot: local.root,
      logger,
    });
    const kserve = await servedWorkspace('{ target: kserve, namespace: models }');
    expect(servingOptions(kserve.workspace, 'fraud-serving', { kubeconfig: '/k', logger })).toEqual(
      {
        target: 'kserve',
        servingName: 'fraud-serving',
        namespace: 'models',
        kubeconfig: '/k',
        canarySteps: [10, 50, 100],
        logger,
      },
    );
  });

  it('names serving.namespace when the kserve target has none', async () => {
    const { workspace } = await servedWorkspace('{ target: kserve }');
    expect(messageOf(() => servingOptions(workspace, 'x', { logger: createMemoryLogger() }))).toBe(
      'serving.namespace: expected the Kubernetes namespace of the InferenceServices for target kserve, found none.',
    );
  });
});

describe('runPromote', () => {
  it('fails on a kserve target without a namespace before building anything or starting MLflow', async () => {
    const { root, workspace, project } = await servedWorkspace('{ target: kserve }');
    await expect(
      runPromote({ workspace, project, version: '1', logger: createMemoryLogger() }),
    ).rejects.toThrow(/^serving\.namespace: expected the Kubernetes namespace/);
    // No environment was built and no embedded MLflow started under .mlenv/.
    expect(readdirSync(root)).not.toContain('.mlenv');
  });
});

describe('serve status and stop, local target', () => {
  it('reports nothing deployed and stops nothing when there is no record', async () => {
    const { workspace, project } = await servedWorkspace('{ target: local }');
    const logger = createMemoryLogger();
    expect(await servingStatus(workspace, project, { logger })).toEqual({
      serving: 'fraud-serving',
      strategy: 'local',
      deployed: false,
      healthy: false,
      detail: 'nothing deployed',
    });
    expect(await stopServing(workspace, project, { logger })).toBe(false);
  });

  it('reads the record of a running server, then stops it and forgets it', async () => {
    const { root, workspace, project } = await servedWorkspace('{ target: local }');
    const dir = localServingDir(root, 'fraud-serving');
    mkdirSync(dir, { recursive: true });
    // A process that does not answer HTTP: alive, but unhealthy.
    const pid = spawnDetached(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      cwd: dir,
      env: process.env,
      logFile: path.join(dir, 'server.log'),
    });
    const current = {
      pid,
      port: 9,
      url: 'http://127.0.0.1:9',
      model: 'fraud-model',
      version: '3',
      modelUri: 'models:/fraud-model@candidate',
      startedAt: '2025-01-01T00:00:00.000Z',
      logFile: path.join(dir, 'server.log'),
    };
    writeFileSync(
      path.join(dir, 'server.json'),
      JSON.stringify({ serving: 'fraud-serving', current, updatedAt: current.startedAt }),
    );
    const logger = createMemoryLogger();
    expect(await servingStatus(workspace, project, { logger })).toMatchObject({
      serving: 'fraud-serving',
      strategy: 'local',
      deployed: true,
      healthy: false,
      model: 'fraud-model',
      version: '3',
      detail: expect.stringMatching(/^\/ping failed/),
    });
    expect(await stopServing(workspace, project, { logger })).toBe(true);
    expect(isAlive(pid)).toBe(false);
    expect(await servingStatus(workspace, project, { logger })).toMatchObject({ deployed: false });
  });
});

describe('serve status and stop, kserve target', () => {
  it('reads the InferenceService, deletes it, and then finds nothing', async () => {
    const { workspace, project, kubeconfig } = await servedWorkspace(
      '{ target: kserve, namespace: models }',
    );
    const logger = createMemoryLogger();
    seen = [];
    isvc = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: {
        name: 'fraud-serving',
        namespace: 'models',
        annotations: { 'mlenv.dev/model-version': '4' },
      },
      spec: { predictor: {} },
      status: {
        url: 'http://fraud-serving.models.example.com',
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    };
    expect(await servingStatus(workspace, project, { kubeconfig, logger })).toEqual({
      serving: 'fraud-serving',
      strategy: 'kserve',
      deployed: true,
      healthy: true,
      url: 'http://fraud-serving.models.example.com',
      version: '4',
      previousVersion: undefined,
      detail: undefined,
    });
    expect(await stopServing(workspace, project, { kubeconfig, logger })).toBe(true);
    expect(await stopServing(workspace, project, { kubeconfig, logger })).toBe(false);
    expect(await servingStatus(workspace, project, { kubeconfig, logger })).toEqual({
      serving: 'fraud-serving',
      strategy: 'kserve',
      deployed: false,
      healthy: false,
    });
    const item =
      '/apis/serving.kserve.io/v1beta1/namespaces/models/inferenceservices/fraud-serving';
    expect(seen.map((line) => line.replace(/\?.*$/, ''))).toEqual([
      `GET ${item}`,
      `GET ${item}`,
      `DELETE ${item}`,
      `GET ${item}`,
      `GET ${item}`,
    ]);
  });
});
