import { randomUUID } from 'node:crypto';
import path from 'node:path';

/** Where an MLflow server (tracking or model) listens: loopback only, one worker. */
export function mlflowLoopbackArgs(port: number): string[] {
  return ['--host', '127.0.0.1', '--port', String(port), '--workers', '1'];
}

/** What every MLflow process MLEnv starts runs with: no usage telemetry leaves the machine. */
export const MLFLOW_NO_TELEMETRY = { MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true' };

/**
 * `mlflow server` as MLflow's own CLI runs it on loopback: SQLite and proxied artifacts under
 * `dir`. The test bed's server, and the baseline of bench/mlflow-embedded.ts. It starts about ten
 * processes (the CLI parent, uvicorn, MLflow's job runner and its huey consumers), each importing
 * all of MLflow: about 2 GiB resident.
 */
export function mlflowServerCommand(
  dir: string,
  port: number,
): { args: string[]; env: Record<string, string> } {
  return {
    args: [
      'server',
      '--backend-store-uri',
      `sqlite:///${path.join(dir, 'mlflow.db')}`,
      '--serve-artifacts',
      '--artifacts-destination',
      path.join(dir, 'artifacts'),
      ...mlflowLoopbackArgs(port),
      // Clients that were busy (a blocked event loop, a long trainer step) reuse idle keep-alive
      // connections late; uvicorn's 5 s default then closes them under the request.
      '--uvicorn-opts',
      '--timeout-keep-alive 120',
      // MLflow's host-header check (a DNS-rebinding guard) must accept the loopback names
      // clients use, with and without the port.
      '--allowed-hosts',
      allowedHosts(port),
    ],
    env: { ...MLFLOW_NO_TELEMETRY },
  };
}

// What `mlflow server` does, in one process: create or check the schema first (so a database
// from a newer MLflow fails the start, in the log, not every later request), then serve MLflow's
// ASGI app (REST API, proxied artifacts, UI) with uvicorn in this process. uvicorn is imported
// first: MLflow installs its host-header guard only when it sees an ASGI server loaded. The
// cyclic garbage collector is off while MLflow imports, and what the imports created (modules,
// classes: millions of objects that live as long as the process) is then frozen out of its
// scans: otherwise it rescans them over and over, about a tenth of the start's CPU time.
const SERVE_SCRIPT = `# mlenv: the embedded MLflow tracking server
import gc
gc.disable()
import os, sys
host, port = sys.argv[1], int(sys.argv[2])
import uvicorn
from mlflow.server import handlers
handlers.initialize_backend_stores(
    os.environ["_MLFLOW_SERVER_FILE_STORE"],
    os.environ["_MLFLOW_SERVER_REGISTRY_STORE"],
    os.environ["_MLFLOW_SERVER_ARTIFACT_ROOT"],
)
from mlflow.server.fastapi_app import app
gc.freeze()
gc.enable()
log_config = os.path.join(os.path.dirname(handlers.__file__), "uvicorn_log_config.yaml")
uvicorn.run(
    app, host=host, port=port, timeout_keep_alive=120,
    **({"log_config": log_config} if os.path.exists(log_config) else {}),
)
`;

/**
 * The embedded server: the same tracking server as `mlflowServerCommand` (SQLite, artifacts
 * proxied as `mlflow-artifacts:/`, the UI), as ONE Python process without MLflow's job runner,
 * which only GenAI features (scorers, judges, trace rollups) use. The settings travel in the
 * environment variables `mlflow server` itself hands its uvicorn workers (mlflow/server/constants.py).
 * `host` is loopback unless the caller serves other network namespaces too (the test bed's pods
 * reach it on their bridge's gateway address).
 */
export function embeddedServerCommand(
  python: string,
  dir: string,
  port: number,
  host = '127.0.0.1',
): { command: string; args: string[]; env: Record<string, string | undefined> } {
  const store = `sqlite:///${path.join(dir, 'mlflow.db')}`;
  return {
    command: python,
    args: ['-c', SERVE_SCRIPT, host, String(port)],
    env: {
      _MLFLOW_SERVER_FILE_STORE: store,
      _MLFLOW_SERVER_REGISTRY_STORE: store,
      _MLFLOW_SERVER_ARTIFACT_ROOT: 'mlflow-artifacts:/',
      _MLFLOW_SERVER_SERVE_ARTIFACTS: 'true',
      _MLFLOW_SERVER_ARTIFACT_DESTINATION: path.join(dir, 'artifacts'),
      _MLFLOW_SGI_NAME: 'uvicorn',
      _MLFLOW_SERVER_BOOT_ID: randomUUID().replaceAll('-', ''),
      _MLFLOW_IN_JOB_EXECUTOR: 'false',
      MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false',
      MLFLOW_ENABLE_WORKSPACES: 'false',
      MLFLOW_SERVER_ALLOWED_HOSTS: allowedHosts(port, host),
      ...MLFLOW_NO_TELEMETRY,
      // uv installs without bytecode; the first start compiles MLflow (seconds) and must be able
      // to keep the result, or every later start pays it again.
      PYTHONDONTWRITEBYTECODE: undefined,
    },
  };
}

function allowedHosts(port: number, host = '127.0.0.1'): string {
  const loopback = `127.0.0.1:${port},localhost:${port},127.0.0.1,localhost`;
  return host === '127.0.0.1' ? loopback : `${host}:${port},${host},${loopback}`;
}
