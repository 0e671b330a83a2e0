import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigurationError, ExternalError } from '../errors/index.js';
import { createMemoryLogger } from '../logger/index.js';
import { isPortFree } from '../process/daemon.js';
import { embeddedDir, embeddedPortFile, ensureEmbeddedMlflow, rememberedPort } from './embedded.js';

// The checks made before any server is spawned: a real port file, a real listener on loopback.
// The "environment" is this Node binary, which exists and is never run on these paths.
let root: string;
let listener: Server | undefined;
const environment = { python: process.execPath, mlflow: process.execPath };

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-embedded-unit-'));
  mkdirSync(embeddedDir(root), { recursive: true });
});

afterEach(async () => {
  await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
  listener = undefined;
  rmSync(root, { recursive: true, force: true });
});

function listen(): Promise<number> {
  return new Promise((resolve) => {
    listener = createServer().listen(0, '127.0.0.1', () => {
      const address = listener?.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

describe('the embedded server port', () => {
  it('is unknown until a first start chose one', async () => {
    expect(await rememberedPort(root)).toBeUndefined();
  });

  it('reads the remembered port', async () => {
    writeFileSync(embeddedPortFile(root), '43121\n');
    expect(await rememberedPort(root)).toBe(43121);
  });

  it('names the file, line and content of a port file that holds no port', async () => {
    writeFileSync(embeddedPortFile(root), 'http://127.0.0.1:5000\n');
    const error = await rememberedPort(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      `${embeddedPortFile(root)}:1: expected the embedded MLflow server's TCP port (1-65535), found "http://127.0.0.1:5000". Delete the file to have a new port chosen.`,
    );
  });

  it('refuses a port out of range', async () => {
    writeFileSync(embeddedPortFile(root), '70000');
    await expect(rememberedPort(root)).rejects.toThrow(/found "70000"/);
  });

  it('says so when another program holds the remembered port, and starts nothing', async () => {
    const port = await listen();
    writeFileSync(embeddedPortFile(root), `${port}\n`);
    const error = await ensureEmbeddedMlflow({
      workspaceRoot: root,
      environment,
      logger: createMemoryLogger(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalError);
    expect((error as Error).message).toContain(
      `Port ${port} of the embedded MLflow server (remembered in ${embeddedPortFile(root)}) is taken by another program`,
    );
    expect((error as Error).message).toContain('mlenv mlflow ui --port <free port>');
    expect(existsSync(path.join(embeddedDir(root), 'server.json'))).toBe(false);
  });

  it('names --port as the source when the port asked for is taken', async () => {
    const port = await listen();
    await expect(
      ensureEmbeddedMlflow({
        workspaceRoot: root,
        environment,
        port,
        logger: createMemoryLogger(),
      }),
    ).rejects.toThrow(`Port ${port} of the embedded MLflow server (from --port) is taken`);
  });

  it('sees a port as free only when nothing listens on it', async () => {
    const port = await listen();
    expect(await isPortFree(port)).toBe(false);
    await new Promise<void>((resolve) => listener?.close(() => resolve()));
    listener = undefined;
    expect(await isPortFree(port)).toBe(true);
  });
});
