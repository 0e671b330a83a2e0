import { createHash } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import fs from 'node:fs';
import path from 'node:path';
import { kubectl } from './cluster-setup.js';
import { ensureDaemon } from './daemon.js';
import { goInstall } from './go-build.js';
import { httpGet } from './http-check.js';
import { kubeconfigDir } from './kube-apiserver.js';
import { writeKubeconfig } from './kubeconfig.js';
import { ensureBridge } from './network/bridge.js';
import { type NetworkPlan, networkPlan } from './network/plan.js';
import { stateDir, testbedDir } from './paths.js';
import { ensureClientCert, type Pki } from './pki.js';
import { portFor } from './ports.js';
import { versions } from './versions.js';

/** The API server's `--service-cluster-ip-range` (kube-apiserver.ts, kube-controller-manager.ts). */
export const serviceCidr = '10.0.0.0/24';
/** The identity CoreDNS reads the API as; k8s/coredns-rbac.yaml binds it. */
export const coreDnsUser = 'mlenv-testbed-coredns';
export const dnsPort = 53;

export function buildCoreDns(): Promise<string> {
  return goInstall('coredns', 'github.com/coredns/coredns', versions.coredns);
}

/** `10.0.0.0/24` -> `0.0.10.in-addr.arpa`; only octet-aligned prefixes, which is all the bed uses. */
export function reverseZone(cidr: string): string {
  const [ip, bits] = cidr.split('/');
  const prefix = Number(bits);
  const octets = (ip ?? '').split('.');
  if (octets.length !== 4 || ![8, 16, 24].includes(prefix)) {
    throw new Error(`reverseZone: expected an IPv4 /8, /16 or /24, got ${cidr}`);
  }
  return `${octets
    .slice(0, prefix / 8)
    .reverse()
    .join('.')}.in-addr.arpa`;
}

export interface CorefileOptions {
  /** The only address CoreDNS listens on (the bridge gateway). */
  address: string;
  clusterDomain: string;
  /** Reverse zones answered from the cluster (Service IPs, the bed's node and pod range). */
  reverseZones: string[];
  kubeconfig: string;
  healthPort: number;
  readyPort: number;
}

// Authoritative for the cluster zones and nothing else: a query for any other name matches no
// server block, and CoreDNS answers REFUSED. There is deliberately no `forward`, so a pod cannot
// resolve (or, through a DNS tunnel, reach) the internet. `pods disabled`: pod hostnames of
// headless Services come from EndpointSlices; only the `a-b-c-d.ns.pod` names would need the pod
// watch, and nothing in MLEnv uses those. No `cache`, so a test sees a new Service at once.
export function corefile(opts: CorefileOptions): string {
  const zones = [opts.clusterDomain, ...opts.reverseZones];
  return [
    '# Written by the MLEnv test bed (action-tests/testbed/coredns.ts) on every `up`.',
    `${zones.map((z) => `${z}:${dnsPort}`).join(' ')} {`,
    `    bind ${opts.address}`,
    '    errors',
    `    health 127.0.0.1:${opts.healthPort}`,
    `    ready 127.0.0.1:${opts.readyPort}`,
    `    kubernetes ${zones.join(' ')} {`,
    `        kubeconfig ${JSON.stringify(opts.kubeconfig)} mlenv-testbed`,
    '        pods disabled',
    '        ttl 5',
    '    }',
    '}',
    '',
  ].join('\n');
}

export interface CoreDnsInfo {
  /** Pods' nameserver and the host's: `networkPlan().clusterDns`, port 53, UDP and TCP. */
  address: string;
  port: number;
  corefile: string;
}

/** The ClusterRole CoreDNS needs, applied before it starts so its first list is not denied. */
export async function applyCoreDnsRbac(kubectlBin: string, admin: string): Promise<void> {
  await kubectl(kubectlBin, admin, [
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=mlenv-testbed',
    '-f',
    path.join(testbedDir, 'k8s', 'coredns-rbac.yaml'),
  ]);
}

export async function startCoreDns(
  corednsBin: string,
  pki: Pki,
  server: string,
  plan: NetworkPlan = networkPlan(),
): Promise<CoreDnsInfo> {
  // The gateway address must exist before CoreDNS can bind it.
  await ensureBridge(plan);
  const cert = await ensureClientCert(pki, 'coredns', `/CN=${coreDnsUser}`);
  const kubeconfig = writeKubeconfig(path.join(kubeconfigDir(), 'coredns.kubeconfig'), {
    server,
    caFile: pki.caCert,
    user: coreDnsUser,
    certFile: cert.cert,
    keyFile: cert.key,
  });
  const dir = path.join(stateDir(), 'coredns');
  fs.mkdirSync(dir, { recursive: true });
  const healthPort = await portFor('corednsHealth', 'coredns');
  const readyPort = await portFor('corednsReady', 'coredns');
  const file = path.join(dir, 'Corefile');
  const text = corefile({
    address: plan.clusterDns,
    clusterDomain: plan.clusterDomain,
    reverseZones: [reverseZone(serviceCidr), reverseZone(plan.cidr)],
    kubeconfig,
    healthPort,
    readyPort,
  });
  fs.writeFileSync(file, text);
  const apiName = `kubernetes.default.svc.${plan.clusterDomain}`;
  await ensureDaemon({
    name: 'coredns',
    command: corednsBin,
    args: ['-conf', file],
    // The Corefile and kubeconfig live in files: their digest makes a changed one (new API
    // server port, new ports) restart CoreDNS instead of keeping the old process.
    env: {
      MLENV_TESTBED_COREDNS_CONFIG: createHash('sha256')
        .update(text)
        .update(fs.readFileSync(kubeconfig))
        .digest('hex')
        .slice(0, 32),
    },
    cwd: dir,
    // /ready turns 200 once the kubernetes plugin has synced its informers; the query proves
    // the listener on the gateway answers from the API's data (the `kubernetes` Service).
    health: async () =>
      (await httpGet(`http://127.0.0.1:${readyPort}/ready`)).status === 200 &&
      (await resolveWith(plan.clusterDns, apiName)).length > 0,
  });
  return { address: plan.clusterDns, port: dnsPort, corefile: file };
}

/** One A lookup against the bed's DNS, with a short timeout (health checks, tests). */
export function resolveWith(server: string, name: string): Promise<string[]> {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([server]);
  return resolver.resolve4(name);
}
