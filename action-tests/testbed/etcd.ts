import path from 'node:path';
import { ensureDaemon } from './daemon.js';
import { httpGet } from './http-check.js';
import { stateDir } from './paths.js';
import { portFor } from './ports.js';

export interface EtcdInfo {
  endpoint: string;
}

export async function startEtcd(etcdBin: string): Promise<EtcdInfo> {
  const clientPort = await portFor('etcd', 'etcd');
  const peerPort = await portFor('etcdPeer', 'etcd');
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  await ensureDaemon({
    name: 'etcd',
    command: etcdBin,
    args: [
      '--name=testbed',
      `--data-dir=${path.join(stateDir(), 'etcd')}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=testbed=${peer}`,
      // Throwaway test data: skipping fsync keeps a slow CI disk from stalling the API server.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    health: async () => {
      const res = await httpGet(`${endpoint}/health`);
      return res.status === 200 && res.body.includes('"health":"true"');
    },
  });
  return { endpoint };
}
