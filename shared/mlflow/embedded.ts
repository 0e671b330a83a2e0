import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import {
  freePort,
  isAlive,
  sleep,
  spawnDetached,
  stopProcessGroup,
  tailOfFile,
} from '../process/daemon.js';
import { mlflowServerCommand } from './server-command.js';

/**
 * The embedded MLflow server used when the workspace names no tracking URI: SQLite and artifacts
 * under the workspace's .mlenv/, started once and reused across runs.
 */
const serverStateSchema = z.object({
  pid: z.number(),
  port: z.number(),
  uri: z.string(),
  startedAt: z.string(),
});
export type EmbeddedServer = z.infer<typeof serverStateSchema>;

export function embeddedDir(workspaceRoot: string): string {
  return path.join(workspaceRoot, '.mlenv', 'mlflow');
}

export async function embeddedStatus(workspaceRoot: string): Promise<EmbeddedServer | undefined> {
  const file = path.join(embeddedDir(workspaceRoot), 'server.json');
  const state = serverStateSchema.safeParse(
    await readFile(file, 'utf8').then(JSON.parse, () => undefined),
  );
  if (!state.success || !isAlive(state.data.pid)) return undefined;
  return (await healthy(state.data.uri)) ? state.data : undefined;
}

export async function ensureEmbeddedMlflow(options: {
  workspaceRoot: string;
  /** The mlflow CLI from the workspace environment. */
  mlflow: string;
  logger: Logger;
  startTimeoutMs?: number;
}): Promise<EmbeddedServer> {
  const running = await embeddedStatus(options.workspaceRoot);
  if (running) return running;
  if (!existsSync(options.mlflow)) {
    throw new ConfigurationError(
      `The workspace environment has no mlflow (looked for ${options.mlflow}); add mlflow to environment.requirements.`,
    );
  }
  const dir = embeddedDir(options.workspaceRoot);
  await mkdir(path.join(dir, 'artifacts'), { recursive: true });
  const port = await freePort();
  const uri = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, 'server.log');
  options.logger.info(`Starting the embedded MLflow server at ${uri} (data in ${dir})`);
  const server = mlflowServerCommand(dir, port);
  const pid = spawnDetached(options.mlflow, server.args, {
    cwd: dir,
    env: { ...process.env, ...server.env },
    logFile,
  });
  const state: EmbeddedServer = { pid, port, uri, startedAt: new Date().toISOString() };
  // The first start creates the SQLite schema, which takes a while on a small machine.
  const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
  while (Date.now() < deadline) {
    if (!isAlive(pid)) break;
    if (await healthy(uri)) {
      await writeFile(path.join(dir, 'server.json'), `${JSON.stringify(state, null, 2)}\n`);
      return state;
    }
    await sleep(500);
  }
  await stopProcessGroup(pid, 2_000);
  throw new Error(
    `The embedded MLflow server did not start (log ${logFile}):\n${tailOfFile(logFile)}`,
  );
}

export async function stopEmbeddedMlflow(workspaceRoot: string): Promise<boolean> {
  const file = path.join(embeddedDir(workspaceRoot), 'server.json');
  const state = serverStateSchema.safeParse(
    await readFile(file, 'utf8').then(JSON.parse, () => undefined),
  );
  await rm(file, { force: true });
  if (!state.success || !isAlive(state.data.pid)) return false;
  await stopProcessGroup(state.data.pid);
  return true;
}

async function healthy(uri: string): Promise<boolean> {
  try {
    const response = await fetch(`${uri}/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}
