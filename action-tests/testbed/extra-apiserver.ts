import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  type DaemonRecord,
  type DaemonSpec,
  isRunning,
  readRecord,
  sleep,
  startDaemon,
  stopDaemon,
} from './daemon.js';
import { tailFile } from './exec.js';
import { httpGet } from './http-check.js';
import { logPath } from './paths.js';
import { freePort } from './ports.js';
import { loadTestbed } from './testbed.js';

export interface ExtraApiServer {
  readonly server: string;
  /** The CI identity's kubeconfig, aimed at this API server. */
  readonly ciKubeconfig: string;
  /**
   * SIGKILL, as a crash (a graceful stop would wait for long-running requests to drain): every
   * connection drops and new ones are refused.
   */
  crash(): Promise<void>;
  /** Starts it again, as a supervisor restarts a crashed API server; clients reconnect. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A second kube-apiserver of the bed: the same binary, flags, certificates and etcd as the bed's
 * own (an HA control plane has several), on a port of its own. A test that crashes and restarts
 * an API server under a client does it to this one, so the files running beside it keep theirs;
 * the bed's scheduler, controllers and kwok go on working through the bed's API server, on the
 * same objects. `down` stops it too (it is a daemon record like the others).
 *
 * Clients reach it through a TCP relay that, like the load balancer in front of a real control
 * plane, passes connections only to a ready API server: a starting one already accepts
 * connections while its RBAC caches are still empty and answers 403 to everything in that gap.
 */
export async function startExtraApiServer(tag: string): Promise<ExtraApiServer> {
  const bed = loadTestbed();
  const main = readRecord('kube-apiserver');
  if (!main || !isRunning(main)) throw new Error('the test bed has no running kube-apiserver');
  const port = await freePort();
  const upstream = `https://127.0.0.1:${port}`;
  const ca = fs.readFileSync(bed.kubernetes.caFile);
  const spec: DaemonSpec = {
    name: `kube-apiserver-${tag}`,
    command: main.command,
    args: main.args.map((arg) =>
      arg.startsWith('--secure-port=') ? `--secure-port=${port}` : arg,
    ),
    health: async () => (await httpGet(`${upstream}/readyz`, { ca })).status === 200,
  };
  const relay = await startRelay(port);
  const server = `https://127.0.0.1:${relay.port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mlenv-${spec.name}-`));
  const ciKubeconfig = path.join(dir, 'ci.kubeconfig');
  const doc = YAML.parse(fs.readFileSync(bed.kubernetes.ciKubeconfig, 'utf8')) as {
    clusters: { cluster: { server: string } }[];
  };
  for (const cluster of doc.clusters) cluster.cluster.server = server;
  fs.writeFileSync(ciKubeconfig, YAML.stringify(doc), { mode: 0o600 });

  let rec: DaemonRecord | undefined;
  const start = async () => {
    const started = startDaemon(spec);
    rec = started.record;
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (await spec.health().catch(() => false)) return;
      if (started.exited() || Date.now() > deadline) {
        const log = tailFile(logPath(spec.name));
        await stopDaemon(spec.name);
        throw new Error(`${spec.name} did not become ready:\n${log}`);
      }
      await sleep(250);
    }
  };
  await start();
  relay.open();
  return {
    server,
    ciKubeconfig,
    async crash() {
      const pid = rec?.pid;
      if (pid === undefined) return;
      await relay.close();
      process.kill(pid, 'SIGKILL');
      for (;;) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await sleep(50);
      }
    },
    async restart() {
      await start();
      relay.open();
    },
    async stop() {
      await relay.close();
      await stopDaemon(spec.name);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Relays TCP from a port of its own to `target` while open; closed, it refuses and drops all. */
async function startRelay(target: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  let listening = true;
  return {
    port,
    open() {
      if (!listening) {
        // The same port again: clients keep their URL.
        server.listen(port, '127.0.0.1');
        listening = true;
      }
    },
    async close() {
      if (!listening) return;
      listening = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
