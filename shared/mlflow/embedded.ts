import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigurationError, ExternalError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import {
  freePort,
  isAlive,
  isPortFree,
  spawnDetached,
  stopProcessGroup,
  tailOfFile,
} from '../process/daemon.js';
import { sleep } from '../util/sleep.js';
import { embeddedServerCommand } from './server-command.js';

/**
 * The embedded MLflow server used when the workspace names no tracking URI: SQLite and artifacts
 * under the workspace's .mlenv/, started once and reused across runs. Its port is chosen once per
 * workspace and kept in .mlenv/mlflow/port, so a server started again (after a crash, a kill or
 * `mlenv mlflow stop`) answers where running trainers keep retrying: MLflow's client retries for
 * about 4 minutes before it gives up on a run.
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

export function embeddedPortFile(workspaceRoot: string): string {
  return path.join(embeddedDir(workspaceRoot), 'port');
}

/** The port this workspace's server uses, once one was chosen. */
export async function rememberedPort(workspaceRoot: string): Promise<number | undefined> {
  const file = embeddedPortFile(workspaceRoot);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const port = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || port < 1 || port > 65535)
    throw new ConfigurationError(
      `${file}:1: expected the embedded MLflow server's TCP port (1-65535), found ${JSON.stringify(text.trim())}. Delete the file to have a new port chosen.`,
    );
  return port;
}

async function readState(workspaceRoot: string): Promise<EmbeddedServer | undefined> {
  const file = path.join(embeddedDir(workspaceRoot), 'server.json');
  const state = serverStateSchema.safeParse(
    await readFile(file, 'utf8').then(JSON.parse, () => undefined),
  );
  return state.success ? state.data : undefined;
}

export async function embeddedStatus(workspaceRoot: string): Promise<EmbeddedServer | undefined> {
  const state = await readState(workspaceRoot);
  if (!state || !isAlive(state.pid)) return undefined;
  return (await healthy(state.uri)) ? state : undefined;
}

export async function ensureEmbeddedMlflow(options: {
  workspaceRoot: string;
  /** The workspace environment: its python runs the server; it must have mlflow. */
  environment: { python: string; mlflow: string };
  logger: Logger;
  /** Moves the server to this port (and remembers it); default: the remembered one. */
  port?: number;
  startTimeoutMs?: number;
}): Promise<EmbeddedServer> {
  const { workspaceRoot, logger } = options;
  const timeoutMs = options.startTimeoutMs ?? 180_000;
  const running = await embeddedStatus(workspaceRoot);
  if (running && (options.port === undefined || options.port === running.port)) {
    // A server started before ports were remembered keeps its port from now on.
    if ((await rememberedPort(workspaceRoot)) !== running.port)
      await writeFile(embeddedPortFile(workspaceRoot), `${running.port}\n`);
    return running;
  }
  if (running) {
    logger.info(`Moving the embedded MLflow server from port ${running.port} to ${options.port}`);
    await stopProcessGroup(running.pid);
  }
  if (!existsSync(options.environment.mlflow)) {
    throw new ConfigurationError(
      `The workspace environment has no mlflow (looked for ${options.environment.mlflow}); add mlflow to environment.requirements.`,
    );
  }
  const dir = embeddedDir(workspaceRoot);
  const portFile = embeddedPortFile(workspaceRoot);
  await mkdir(path.join(dir, 'artifacts'), { recursive: true });
  const remembered = await rememberedPort(workspaceRoot);
  const port = options.port ?? remembered ?? (await freePort());
  const free = await isPortFree(port).catch((error: Error) => {
    throw new ExternalError(
      `The embedded MLflow server cannot listen on 127.0.0.1:${port}: ${error.message}`,
    );
  });
  if (!free) {
    // Another `mlenv` may be starting this very server: it wrote server.json at spawn.
    const state = await readState(workspaceRoot);
    const starting =
      state?.port === port &&
      isAlive(state.pid) &&
      Date.now() - Date.parse(state.startedAt) < timeoutMs;
    if (starting) return awaitHealthy(state, dir, timeoutMs);
    if (state?.port === port && isAlive(state.pid))
      throw new ExternalError(
        `The embedded MLflow server (pid ${state.pid}) holds port ${port} but does not answer ${state.uri}/health (log ${path.join(dir, 'server.log')}). Stop it with \`mlenv mlflow stop\` and run \`mlenv mlflow ui\` again.`,
      );
    throw new ExternalError(
      `Port ${port} of the embedded MLflow server (${options.port === undefined ? `remembered in ${portFile}` : 'from --port'}) is taken by another program, which is not this workspace's server. Stop that program (\`ss -ltnp 'sport = :${port}'\` names it) and run \`mlenv mlflow ui\` again, or move the server with \`mlenv mlflow ui --port <free port>\` (a trainer still running against the old address then loses its run).`,
    );
  }
  if (port !== remembered) await writeFile(portFile, `${port}\n`);

  const uri = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, 'server.log');
  logger.info(`Starting the embedded MLflow server at ${uri} (data in ${dir})`);
  const server = embeddedServerCommand(options.environment.python, dir, port);
  const pid = spawnDetached(server.command, server.args, {
    cwd: dir,
    env: { ...process.env, ...server.env },
    logFile,
  });
  const state: EmbeddedServer = { pid, port, uri, startedAt: new Date().toISOString() };
  await writeFile(path.join(dir, 'server.json'), `${JSON.stringify(state, null, 2)}\n`);
  return awaitHealthy(state, dir, timeoutMs);
}

async function awaitHealthy(
  state: EmbeddedServer,
  dir: string,
  timeoutMs: number,
): Promise<EmbeddedServer> {
  const logFile = path.join(dir, 'server.log');
  // The first start creates the SQLite schema, which takes a while on a small machine.
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive(state.pid)) {
    if (await healthy(state.uri)) return state;
    await sleep(200);
  }
  await stopProcessGroup(state.pid, 2_000);
  await rm(path.join(dir, 'server.json'), { force: true });
  throw new ExternalError(
    `The embedded MLflow server did not start at ${state.uri} (log ${logFile}):\n${tailOfFile(logFile)}`,
  );
}

/** Stops the server; its data and its port stay, so the next start answers at the same address. */
export async function stopEmbeddedMlflow(workspaceRoot: string): Promise<boolean> {
  const state = await readState(workspaceRoot);
  await rm(path.join(embeddedDir(workspaceRoot), 'server.json'), { force: true });
  if (!state || !isAlive(state.pid)) return false;
  await stopProcessGroup(state.pid);
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
