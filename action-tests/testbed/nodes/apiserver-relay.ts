import fs from 'node:fs';
import { ensureDaemon } from '../daemon.js';
import { httpGet } from '../http-check.js';
import type { NetworkPlan } from '../network/plan.js';
import { portFor } from '../ports.js';

export const relayDaemon = 'apiserver-relay';

/**
 * The API server listens on loopback only, which the real nodes (in their own namespaces) cannot
 * reach. socat forwards the bridge gateway's port to it, TCP only: TLS is end to end, with the
 * gateway in the serving certificate's SANs (pki.ts). Returns the URL the nodes use.
 */
export async function startApiServerRelay(
  plan: NetworkPlan,
  apiServer: string,
  caFile: string,
): Promise<string> {
  const target = new URL(apiServer);
  const port = await portFor('apiserverRelay', relayDaemon);
  const url = `https://${plan.gateway}:${port}`;
  const ca = fs.readFileSync(caFile);
  await ensureDaemon({
    name: relayDaemon,
    command: 'socat',
    args: [
      `TCP4-LISTEN:${port},bind=${plan.gateway},reuseaddr,fork`,
      `TCP4:${target.hostname}:${target.port}`,
    ],
    // /readyz through the relay proves the forward and the certificate's gateway SAN at once.
    health: async () => {
      const res = await httpGet(`${url}/readyz`, { ca });
      // 401/403 without credentials still means TLS and the forward work.
      return res.status === 200 || res.status === 401 || res.status === 403;
    },
  });
  return url;
}
