import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../logger/index.js';
import { MLFLOW_NO_TELEMETRY, mlflowLoopbackArgs } from '../../mlflow/server-command.js';
import {
  freePort,
  isAlive,
  spawnDetached,
  stopProcessGroup,
  tailOfFile,
} from '../../process/daemon.js';
import { sleep } from '../../util/sleep.js';
import type { ModelRegistry } from '../aliases.js';
import {
  type LocalServer,
  type LocalServingRecord,
  localServerSchema,
  localServingRecordSchema,
} from '../schema.js';
import { invocationBody } from './input-example.js';
import {
  type ServingControl,
  ServingError,
  type ServingStatus,
  type ServingStrategy,
  type ServingTarget,
} from './strategy.js';

/**
 * The `local` serving target: `mlflow models serve` from the workspace environment on loopback, one
 * detached process per deployed version, with its record under `.mlenv/serving/<name>/`:
 *
 * - `server.json`, the serving address: the server that answers (`current`) and, between a
 *   promotion's switch and its end, the one it replaced (`previous`);
 * - `starting.json`: a server being started, so that the next deploy stops it if the promotion
 *   that started it died before switching;
 * - `server-v<version>-<port>.log`: each server's output.
 */
export interface LocalServingPlace {
  workspaceRoot: string;
  servingName: string;
  logger: Logger;
}

/** What a deploy needs besides the place: the environment's server, MLflow and the registry. */
export interface LocalServingOptions extends LocalServingPlace {
  /** The environment's bin directory: first on the server's PATH (it runs `uvicorn` from there). */
  bin: string;
  /** The environment's `mlflow` executable. */
  mlflow: string;
  tracking: { uri: string; token?: string };
  registry: ModelRegistry;
  /** How long a new server may take to load the model and answer (default 5 min). */
  readyTimeoutMs?: number;
}

export function localServingDir(workspaceRoot: string, servingName: string): string {
  return path.join(workspaceRoot, '.mlenv', 'serving', servingName);
}

/** Status and stop of a local serving name: they read and stop what its record names. */
export function localServingControl(place: LocalServingPlace): ServingControl {
  return {
    name: 'local',
    status: () => localServingStatus(place.workspaceRoot, place.servingName),
    stop: () => stopLocalServing(place.workspaceRoot, place.servingName, place.logger),
  };
}

export function localServing(options: LocalServingOptions): ServingStrategy {
  const { servingName, logger } = options;
  const dir = localServingDir(options.workspaceRoot, servingName);
  // Whether this process's last deploy started the current server (rather than reusing it), so
  // that rollback removes only what this promotion added.
  let startedByLastDeploy = false;

  return {
    ...localServingControl(options),
    async deploy(target) {
      startedByLastDeploy = false;
      await mkdir(dir, { recursive: true });
      await stopAbandonedStart(dir, logger);
      const record = await readRecord(dir);
      const body = await predictionBody(options.registry, target, logger);
      if (
        record &&
        record.current.model === target.model &&
        record.current.version === target.version &&
        isAlive(record.current.pid)
      ) {
        const problem = await checkServer(record.current.url, body);
        if (!problem) {
          logger.info(
            `${target.model} version ${target.version} already serves at ${record.current.url}`,
          );
          return { url: record.current.url, reused: true };
        }
        logger.warning(
          `The server of version ${target.version} is unhealthy (${problem}); starting a new one`,
        );
      }

      const server = await startServer(options, dir, target);
      await writeJson(path.join(dir, 'starting.json'), server);
      logger.info(
        `Starting ${target.modelUri} (version ${target.version}) at ${server.url} (pid ${server.pid}, log ${server.logFile})`,
      );
      const started = Date.now();
      const problem = await waitReady(server, body, options.readyTimeoutMs ?? 300_000);
      if (problem) {
        await stopProcessGroup(server.pid, 5_000);
        await rm(path.join(dir, 'starting.json'), { force: true });
        throw new ServingError(
          `${target.model} version ${target.version} did not become healthy at ${server.url}: ${problem}. ` +
            `${record ? `Version ${record.current.version} keeps serving at ${record.current.url}.` : 'Nothing was serving before.'}\n` +
            `Last lines of ${server.logFile}:\n${tailOfFile(server.logFile, 15)}`,
        );
      }
      logger.info(
        `Version ${target.version} answered a prediction on its input example after ${Math.round((Date.now() - started) / 1000)}s`,
      );

      // Switch: the serving address names the new server. The one it replaces keeps running as
      // `previous` until the promotion commits, so a later failure can switch back at once.
      const previous = record && isAlive(record.current.pid) ? record.current : undefined;
      if (record?.previous && record.previous.pid !== previous?.pid) {
        // Kept by a promotion that never finished; what served before this deploy is `current`.
        await stopServer(record.previous, logger);
      }
      await writeRecord(dir, {
        serving: servingName,
        current: server,
        ...(previous ? { previous } : {}),
        updatedAt: new Date().toISOString(),
      });
      await rm(path.join(dir, 'starting.json'), { force: true });
      startedByLastDeploy = true;
      return { url: server.url, reused: false };
    },

    async commit() {
      const record = await readRecord(dir);
      if (!record?.previous) return;
      await stopServer(record.previous, logger);
      await writeRecord(dir, {
        serving: servingName,
        current: record.current,
        updatedAt: new Date().toISOString(),
      });
    },

    async rollback() {
      const record = await readRecord(dir);
      if (!record) return;
      if (record.previous && isAlive(record.previous.pid)) {
        logger.info(
          `Switching ${servingName} back to version ${record.previous.version} at ${record.previous.url}`,
        );
        await writeRecord(dir, {
          serving: servingName,
          current: record.previous,
          updatedAt: new Date().toISOString(),
        });
        await stopServer(record.current, logger);
      } else if (startedByLastDeploy) {
        // Nothing served before this promotion's deploy: back to nothing.
        await rm(path.join(dir, 'server.json'), { force: true });
        await stopServer(record.current, logger);
      }
      startedByLastDeploy = false;
    },
  };
}

/** `mlenv serve status` for a local serving name: the record, and whether its server answers. */
export async function localServingStatus(
  workspaceRoot: string,
  servingName: string,
): Promise<ServingStatus> {
  const record = await readRecord(localServingDir(workspaceRoot, servingName));
  const base = { serving: servingName, strategy: 'local' };
  if (!record) return { ...base, deployed: false, healthy: false, detail: 'nothing deployed' };
  const { current } = record;
  const alive = isAlive(current.pid);
  const problem = alive ? await checkServer(current.url, undefined) : `pid ${current.pid} exited`;
  return {
    ...base,
    deployed: true,
    healthy: !problem,
    url: current.url,
    model: current.model,
    version: current.version,
    startedAt: current.startedAt,
    previousVersion: record.previous?.version,
    detail: problem,
  };
}

/** `mlenv serve stop`: stops every server of the serving name and removes its record. */
export async function stopLocalServing(
  workspaceRoot: string,
  servingName: string,
  logger?: Logger,
): Promise<boolean> {
  const dir = localServingDir(workspaceRoot, servingName);
  const record = await readRecord(dir);
  const starting = await readServer(path.join(dir, 'starting.json'));
  const servers = [record?.current, record?.previous, starting].filter(
    (s): s is LocalServer => s !== undefined && isAlive(s.pid),
  );
  // The address goes first: nobody is sent to a server that is being stopped.
  await rm(path.join(dir, 'server.json'), { force: true });
  await rm(path.join(dir, 'starting.json'), { force: true });
  for (const server of servers) await stopServer(server, logger);
  return servers.length > 0;
}

async function startServer(
  options: LocalServingOptions,
  dir: string,
  target: ServingTarget,
): Promise<LocalServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, `server-v${target.version}-${port}.log`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // `mlflow models serve --env-manager local` execs `uvicorn` by name: it must be this
    // environment's, not one that happens to be on the user's PATH.
    PATH: [options.bin, process.env.PATH ?? ''].join(path.delimiter),
    MLFLOW_TRACKING_URI: options.tracking.uri,
    ...MLFLOW_NO_TELEMETRY,
  };
  if (options.tracking.token) env.MLFLOW_TRACKING_TOKEN = options.tracking.token;
  const pid = spawnDetached(
    options.mlflow,
    [
      'models',
      'serve',
      '--model-uri',
      target.modelUri,
      '--env-manager',
      'local',
      ...mlflowLoopbackArgs(port),
    ],
    { cwd: dir, env, logFile },
  );
  return {
    pid,
    port,
    url,
    model: target.model,
    version: target.version,
    modelUri: target.modelUri,
    startedAt: new Date().toISOString(),
    logFile,
  };
}

/** The request body of the health prediction, from the version's logged input example. */
async function predictionBody(
  registry: ModelRegistry,
  target: ServingTarget,
  logger: Logger,
): Promise<string | undefined> {
  const read = (file: string) => registry.versionArtifact(target.model, target.version, file);
  const body = await invocationBody(await read('MLmodel'), read);
  if (!body)
    logger.warning(
      `${target.model} version ${target.version} logged no input example: the health check can only ask /ping. Log the model with input_example= to have every promotion make a real prediction.`,
    );
  return body;
}

/** Waits for /ping, then makes the prediction; the problem found, or undefined when healthy. */
async function waitReady(
  server: LocalServer,
  body: string | undefined,
  timeoutMs: number,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive(server.pid)) return 'the server exited';
    if ((await ping(server.url)) === undefined) break;
    if (Date.now() >= deadline) return `no answer to /ping within ${Math.round(timeoutMs / 1000)}s`;
    await sleep(500);
  }
  return body === undefined ? undefined : predict(server.url, body);
}

/** Liveness and, when there is an example, a prediction; the problem, or undefined. */
async function checkServer(url: string, body: string | undefined): Promise<string | undefined> {
  return (await ping(url)) ?? (body === undefined ? undefined : predict(url, body));
}

async function ping(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? undefined : `/ping answered ${response.status}`;
  } catch (error) {
    return `/ping failed: ${reason(error)}`;
  }
}

async function predict(url: string, body: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (!response.ok)
      return `the prediction on the input example answered ${response.status}: ${scoringError(text)}`;
    const parsed = safeJson(text);
    if (typeof parsed !== 'object' || parsed === null || !('predictions' in parsed))
      return `the prediction on the input example answered without predictions: ${text.slice(0, 300)}`;
    return undefined;
  } catch (error) {
    return `the prediction on the input example failed: ${reason(error)}`;
  }
}

/**
 * MLflow's scoring server answers a failed prediction with its generic message and the whole
 * traceback; the traceback's last line is the model's own error, which is what people need.
 */
function scoringError(text: string): string {
  const body = safeJson(text);
  if (typeof body !== 'object' || body === null) return text.slice(0, 500);
  const { message, stack_trace: trace } = body as { message?: unknown; stack_trace?: unknown };
  const last =
    typeof trace === 'string'
      ? trace
          .trimEnd()
          .split('\n')
          .filter((line) => line.trim())
          .at(-1)
          ?.trim()
      : undefined;
  return [typeof message === 'string' ? message : text.slice(0, 300), last]
    .filter(Boolean)
    .join(' ');
}

async function stopServer(server: LocalServer, logger?: Logger): Promise<void> {
  if (!isAlive(server.pid)) return;
  logger?.info(`Stopping version ${server.version} at ${server.url} (pid ${server.pid})`);
  await stopProcessGroup(server.pid, 10_000);
}

/** A server whose starter died before switching to it or stopping it. */
async function stopAbandonedStart(dir: string, logger: Logger): Promise<void> {
  const file = path.join(dir, 'starting.json');
  const server = await readServer(file);
  if (server && isAlive(server.pid)) {
    logger.warning(
      `Stopping version ${server.version} at ${server.url}, left starting by an interrupted promotion`,
    );
    await stopProcessGroup(server.pid, 5_000);
  }
  await rm(file, { force: true });
}

export async function readLocalServing(
  workspaceRoot: string,
  servingName: string,
): Promise<LocalServingRecord | undefined> {
  return readRecord(localServingDir(workspaceRoot, servingName));
}

async function readRecord(dir: string): Promise<LocalServingRecord | undefined> {
  const parsed = localServingRecordSchema.safeParse(
    await readFile(path.join(dir, 'server.json'), 'utf8').then(safeJson, () => undefined),
  );
  return parsed.success ? parsed.data : undefined;
}

async function readServer(file: string): Promise<LocalServer | undefined> {
  const parsed = localServerSchema.safeParse(
    await readFile(file, 'utf8').then(safeJson, () => undefined),
  );
  return parsed.success ? parsed.data : undefined;
}

function writeRecord(dir: string, record: LocalServingRecord): Promise<void> {
  return writeJson(path.join(dir, 'server.json'), record);
}

/** Written whole or not at all: a reader never sees half an address. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, file);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function reason(error: unknown): string {
  if (error instanceof Error)
    return error.cause instanceof Error ? error.cause.message : error.message;
  return String(error);
}
