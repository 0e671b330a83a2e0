import path from 'node:path';

/**
 * How MLEnv runs an MLflow tracking server on loopback: SQLite and proxied artifacts under `dir`.
 * One definition for the embedded server and the test bed's, so a fix reaches both.
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
      // MLflow's host-header check (a DNS-rebinding guard) must accept the loopback names
      // clients use, with and without the port.
      '--allowed-hosts',
      `127.0.0.1:${port},localhost:${port},127.0.0.1,localhost`,
    ],
    env: { MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true' },
  };
}
