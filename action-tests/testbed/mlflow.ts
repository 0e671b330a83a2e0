import fs from 'node:fs';
import path from 'node:path';
import { mlflowServerCommand } from '../../shared/mlflow/server-command.js';
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
  const server = mlflowServerCommand(dir, port);
  await ensureDaemon({
    name: 'mlflow',
    command: py.mlflow,
    args: server.args,
    env: server.env,
    cwd: dir,
    // The first start creates and migrates the SQLite schema, which takes a while.
    startTimeoutMs: 300_000,
    health: async () => (await httpGet(`${uri}/health`)).status === 200,
  });
  return { uri, port, backendStore, artifactsDir };
}
