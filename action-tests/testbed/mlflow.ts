import fs from 'node:fs';
import path from 'node:path';
import { ensureDaemon } from './daemon.js';
import { httpGet } from './http-check.js';
import { stateDir } from './paths.js';
import { portFor } from './ports.js';
import type { PythonEnv } from './python-env.js';

export interface MlflowInfo {
  uri: string;
  port: number;
  backendStore: string;
  artifactsDir: string;
}

export async function startMlflow(py: PythonEnv): Promise<MlflowInfo> {
  const dir = path.join(stateDir(), 'mlflow');
  const artifactsDir = path.join(dir, 'artifacts');
  fs.mkdirSync(artifactsDir, { recursive: true });
  const port = await portFor('mlflow', 'mlflow');
  const uri = `http://127.0.0.1:${port}`;
  const backendStore = `sqlite:///${path.join(dir, 'mlflow.db')}`;
  await ensureDaemon({
    name: 'mlflow',
    command: py.mlflow,
    args: [
      'server',
      '--backend-store-uri',
      backendStore,
      '--serve-artifacts',
      '--artifacts-destination',
      artifactsDir,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--workers',
      '1',
      // Clients that were busy (a blocked event loop, a long trainer step) reuse idle keep-alive
      // connections late; uvicorn's 5 s default then closes them under the request.
      '--uvicorn-opts',
      '--timeout-keep-alive 120',
      // mlflow's host-header check (DNS-rebinding guard) must accept the loopback names the
      // tests and tools use, with and without the port.
      '--allowed-hosts',
      `127.0.0.1:${port},localhost:${port},127.0.0.1,localhost`,
    ],
    env: { MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true' },
    cwd: dir,
    // The first start creates and migrates the SQLite schema, which takes a while.
    startTimeoutMs: 300_000,
    health: async () => (await httpGet(`${uri}/health`)).status === 200,
  });
  return { uri, port, backendStore, artifactsDir };
}
