import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trainSchema } from '../../config/schema.js';
import { ConfigurationError } from '../../errors/index.js';
import { createMemoryLogger } from '../../logger/index.js';
import { isProcessGroupAlive } from '../../process/identity.js';
import type { Handle, KubernetesHandle } from '../backend.js';
import type { TrainingJob } from '../job.js';
import { backendForHandle, cleanupHandle, createBackend } from './index.js';

// A handle is plain data: saved as JSON (the action's state, an MLflow tag), read back by another
// process, and enough there to act on the job. The other process is played by a backend rebuilt
// from the parsed JSON alone; the cluster by two plain HTTP servers standing in for two API
// servers (the real one is in action-tests/integration/launch-seam.test.ts and the post step's).
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlenv-registry-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const roundTrip = <H extends Handle>(handle: H): H => JSON.parse(JSON.stringify(handle));

describe('a local handle through JSON', () => {
  it('is inspected, followed and cleaned up by a backend rebuilt from it', async () => {
    const job: TrainingJob = {
      project: 'p',
      projectDir: dir,
      runId: 'run-local',
      runName: 'run-local',
      experimentId: '0',
      trackingUri: 'http://127.0.0.1:1',
      attempt: 1,
      train: trainSchema.parse({ command: [process.execPath] }),
      command: [process.execPath, '-e', 'console.log("up"); setInterval(() => {}, 1000)'],
      env: {},
      outputDir: path.join(dir, 'local/outputs'),
      checkpointDir: path.join(dir, 'local/checkpoints'),
      secretEnv: {},
      secrets: [],
    };
    const launcher = await createBackend({ backend: 'local' });
    const handle = await launcher.submit(job, createMemoryLogger());
    if (handle.backend !== 'local') throw new Error('expected a local handle');
    try {
      const launcherLog = createMemoryLogger();
      const followedByLauncher = launcher.follow(handle, launcherLog, new AbortController().signal);
      while (!launcherLog.lines.includes('up')) await new Promise((r) => setTimeout(r, 20));

      const parsed = roundTrip(handle);
      const logger = createMemoryLogger();
      const elsewhere = await backendForHandle(parsed, { logger });
      expect(await elsewhere.inspect(parsed)).toEqual({ state: 'running' });
      const followedElsewhere = elsewhere.follow(parsed, logger, new AbortController().signal);

      await cleanupHandle(parsed, logger);
      expect(isProcessGroupAlive(handle.trainer.pid)).toBe(false);
      expect(await elsewhere.inspect(parsed)).toEqual({ state: 'gone' });
      // Without the child, the other process could only wait, and said so.
      expect(await followedElsewhere).toMatchObject({ status: 'failed', log: '' });
      expect(logger.lines[0]).toMatch(/^Trainer \d+ was started by another process/);
      // The launcher saw its trainer stopped, with the output it printed.
      expect(await followedByLauncher).toMatchObject({
        status: 'failed',
        reason: 'trainer was killed by SIGTERM',
      });
    } finally {
      try {
        process.kill(-handle.trainer.pid, 'SIGKILL');
      } catch {}
    }
  });
});

describe('a kubernetes handle through JSON', () => {
  const servers: { server: http.Server; seen: string[]; gone: Set<string> }[] = [];

  /** An API server that deletes each object once, then answers 404 for it. */
  async function apiServer() {
    const entry = { server: http.createServer(), seen: [] as string[], gone: new Set<string>() };
    entry.server.on('request', (request, response) => {
      const line = `${request.method} ${request.url?.split('?')[0]}`;
      entry.seen.push(line);
      const found = !entry.gone.has(line);
      if (request.method === 'DELETE') entry.gone.add(line);
      response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(found ? { kind: 'Status' } : { kind: 'Status', code: 404 }));
    });
    await new Promise<void>((resolve) => entry.server.listen(0, '127.0.0.1', resolve));
    servers.push(entry);
    return { ...entry, url: `http://127.0.0.1:${(entry.server.address() as AddressInfo).port}` };
  }

  afterAll(async () => {
    for (const { server } of servers) await new Promise((resolve) => server.close(resolve));
  });

  it("cleans up on the handle's context, not the kubeconfig's current one", async () => {
    const [run, other] = [await apiServer(), await apiServer()];
    const kubeconfig = path.join(dir, 'two-contexts');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'other', cluster: { server: other.url, 'insecure-skip-tls-verify': true } },
          { name: 'run', cluster: { server: run.url, 'insecure-skip-tls-verify': true } },
        ],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [
          { name: 'other', context: { cluster: 'other', user: 'u' } },
          { name: 'run', context: { cluster: 'run', user: 'u' } },
        ],
        'current-context': 'other',
      }),
    );
    const object = (kind: string, apiVersion: string, name: string) => ({
      apiVersion,
      kind,
      namespace: 'ml',
      name,
    });
    const handle: KubernetesHandle = {
      backend: 'kubernetes',
      runId: 'run-k8s',
      submittedAt: new Date().toISOString(),
      launcher: { host: 'elsewhere', pid: 1, startTime: null },
      kubeconfig,
      context: 'run',
      namespace: 'ml',
      objects: [object('Secret', 'v1', 'r-env'), object('Job', 'batch/v1', 'r')],
    };
    const logger = createMemoryLogger();
    // Started with an empty environment: nothing but the handle says where the cluster is.
    await cleanupHandle(roundTrip(handle), logger, { env: {} });
    expect(run.seen).toEqual([
      'DELETE /apis/batch/v1/namespaces/ml/jobs/r',
      'DELETE /api/v1/namespaces/ml/secrets/r-env',
    ]);
    expect(other.seen).toEqual([]);
    expect(logger.lines).toEqual(['Deleted Job/r', 'Deleted Secret/r-env']);
    // A second cleanup finds nothing left, and that is fine.
    await cleanupHandle(roundTrip(handle), logger, { env: {} });
    expect(logger.lines).toHaveLength(2);
  });
});

describe('backendForHandle', () => {
  it('refuses a handle of a backend it does not know', async () => {
    const handle = { backend: 'ray', runId: 'r' } as unknown as Handle;
    await expect(backendForHandle(handle, { logger: createMemoryLogger() })).rejects.toThrow(
      ConfigurationError,
    );
  });
});
