import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { embeddedServerCommand } from '../../shared/mlflow/server-command.js';
import { ensureDaemon } from './daemon.js';
import { httpGet } from './http-check.js';
import { ensureBridge } from './network/bridge.js';
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
  // On the bridge gateway, not loopback: pods in the nodes' network namespaces log to the same
  // server as the host's tests, through the same URI.
  const { gateway } = await ensureBridge();
  const uri = `http://${gateway}:${port}`;
  const backendStore = `sqlite:///${path.join(dir, 'mlflow.db')}`;
  // The same one-process server `mlenv` embeds: the tests exercise what users run, and the bed
  // does not pay for `mlflow server`'s ten processes (about 30 s of CPU to start, 2 GiB resident).
  const server = embeddedServerCommand(py.python, dir, port, gateway);
  await ensureDaemon({
    name: 'mlflow',
    command: server.command,
    args: server.args,
    // A boot id per start would change the daemon's fingerprint and restart MLflow on every `up`.
    env: {
      ...server.env,
      _MLFLOW_SERVER_BOOT_ID: createHash('sha256').update(dir).digest('hex').slice(0, 32),
    },
    cwd: dir,
    // The first start creates and migrates the SQLite schema, which takes a while.
    startTimeoutMs: 300_000,
    health: async () => (await httpGet(`${uri}/health`)).status === 200,
  });
  return { uri, port, backendStore, artifactsDir };
}
