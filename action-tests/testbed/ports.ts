import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { isRunning, readRecord } from './daemon.js';
import { stateDir } from './paths.js';

// Binding port 0 lets the kernel pick; the port is free again once we close, and is claimed
// by the daemon a moment later. The race is accepted: a clash shows up as a failed start.
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.on('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function portsFile(): string {
  return path.join(stateDir(), 'ports.json');
}

function readPorts(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(portsFile(), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

// Keeps a port stable across `up` runs (so a running daemon's command line, and hence its
// fingerprint, stays the same); picks a new one only if something else took it meanwhile.
export async function portFor(key: string, owner: string): Promise<number> {
  const ports = readPorts();
  const previous = ports[key];
  if (previous !== undefined) {
    const rec = readRecord(owner);
    if ((rec && isRunning(rec)) || (await isPortFree(previous))) return previous;
  }
  const port = await freePort();
  const next = { ...readPorts(), [key]: port };
  fs.mkdirSync(stateDir(), { recursive: true });
  fs.writeFileSync(portsFile(), `${JSON.stringify(next, null, 2)}\n`);
  return port;
}
