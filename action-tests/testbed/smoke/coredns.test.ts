import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { createKubeClient, type KubeClient } from '../../../shared/k8s/client.js';
import { pollUntil } from '../../../shared/util/sleep.js';
import { TestNamespace } from '../test-namespace.js';
import { loadTestbed } from '../testbed.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const bed = loadTestbed();
const ns = new TestNamespace('coredns');
const domain = bed.kubernetes.clusterDomain;
// What a pod's resolver asks: the bed's CoreDNS on the gateway, port 53, by UDP.
const resolver = new Resolver({ timeout: 2000, tries: 2 });
resolver.setServers([bed.kubernetes.clusterDns]);

let admin: KubeClient;
let ci: KubeClient;
const podIps: Record<string, string> = {};

interface Pod {
  status?: { podIP?: string };
}

// As MLEnv's multi-node rendezvous (and JobSet) do it: a headless Service publishing not-ready
// addresses, pods with a hostname and the Service as their subdomain.
beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig });
  ci = await createKubeClient({ kubeconfig: bed.kubernetes.ciKubeconfig });
  const svc = `/api/v1/namespaces/${ns.name}/services`;
  // The Services as the CI identity: its Role lets it create Services, which is what MLEnv does.
  await ci.request('POST', svc, {
    body: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'rdzv' },
      spec: {
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        selector: { 'dns-smoke': 'rdzv' },
        ports: [{ name: 'c10d', port: 29500 }],
      },
    },
  });
  await ci.request('POST', svc, {
    body: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80 }] },
    },
  });
  // Bare pods (the CI identity may not create those): kwok keeps a pod without a Job owner
  // Running and gives it an IP; the EndpointSlice controller records hostname and IP.
  for (const name of ['worker-0', 'worker-1']) {
    await admin.request('POST', `/api/v1/namespaces/${ns.name}/pods`, {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { 'dns-smoke': 'rdzv' } },
        spec: {
          hostname: name,
          subdomain: 'rdzv',
          nodeSelector: { type: 'kwok' },
          containers: [{ name: 'c', image: 'registry.invalid/mlenv/dns-smoke:1' }],
        },
      },
    });
  }
  for (const name of ['worker-0', 'worker-1']) {
    const ok = await pollUntil(
      async () => {
        const pod = await admin.request<Pod>('GET', `/api/v1/namespaces/${ns.name}/pods/${name}`);
        if (pod.status?.podIP) podIps[name] = pod.status.podIP;
        return podIps[name] !== undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    if (!ok) throw new Error(`pod ${name} in ${ns.name} got no IP from kwok within 60s`);
  }
});

afterAll(async () => {
  await ns.delete();
});

/** Resolves until the answer holds (EndpointSlices reach CoreDNS through a watch, moments later). */
async function resolvesTo(name: string, expected: string[]): Promise<string[]> {
  let last: string[] | string = [];
  await pollUntil(
    async () => {
      try {
        last = (await resolver.resolve4(name)).sort();
      } catch (error) {
        last = String(error);
      }
      return JSON.stringify(last) === JSON.stringify([...expected].sort());
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  return Array.isArray(last) ? last : [last];
}

async function rcodeOf(name: string): Promise<string> {
  try {
    await resolver.resolve4(name);
    return 'NOERROR';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

describe('cluster DNS (CoreDNS on the gateway)', () => {
  test('a headless Service resolves to every pod behind it', async () => {
    const expected = Object.values(podIps);
    expect(await resolvesTo(`rdzv.${ns.name}.svc.${domain}`, expected)).toEqual(expected.sort());
  });

  test('a pod hostname under its subdomain resolves to that pod (the rendezvous address)', async () => {
    for (const [name, ip] of Object.entries(podIps)) {
      expect(await resolvesTo(`${name}.rdzv.${ns.name}.svc.${domain}`, [ip])).toEqual([ip]);
    }
  });

  test('a ClusterIP Service resolves to its ClusterIP, and back', async () => {
    const svc = await admin.request<{ spec: { clusterIP: string } }>(
      'GET',
      `/api/v1/namespaces/${ns.name}/services/web`,
    );
    const ip = svc.spec.clusterIP;
    expect(ip).toMatch(/^10\.0\.0\.\d+$/);
    expect(await resolvesTo(`web.${ns.name}.svc.${domain}`, [ip])).toEqual([ip]);
    expect(await resolver.reverse(ip)).toEqual([`web.${ns.name}.svc.${domain}`]);
  });

  test('the same answers over TCP', async () => {
    // Node's resolver uses TCP only for truncated answers, so the TCP listener is asked directly.
    const answer = await rawTcpQuery(bed.kubernetes.clusterDns, `kubernetes.default.svc.${domain}`);
    expect(answer).toEqual({ rcode: 0, addresses: ['10.0.0.1'] });
  });

  test('an unknown cluster name is NXDOMAIN; names outside the cluster are REFUSED', async () => {
    expect(await rcodeOf(`absent.${ns.name}.svc.${domain}`)).toBe('ENOTFOUND');
    // No forwarding: nothing outside the cluster resolves, so pods cannot find the internet.
    expect(await rcodeOf('pypi.org')).toBe('EREFUSED');
    expect(await rcodeOf('localhost')).toBe('EREFUSED');
  });
});

// A minimal DNS-over-TCP query (RFC 1035 4.2.2): length-prefixed message, one A question.
async function rawTcpQuery(
  server: string,
  name: string,
): Promise<{ rcode: number; addresses: string[] }> {
  const net = await import('node:net');
  const labels = name
    .split('.')
    .map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const question = Buffer.concat([...labels, Buffer.from([0, 0, 1, 0, 1])]);
  const header = Buffer.from([0x4d, 0x4c, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  const message = Buffer.concat([header, question]);
  const framed = Buffer.concat([
    Buffer.from([message.length >> 8, message.length & 0xff]),
    message,
  ]);
  const reply = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: server, port: 53 }, () => socket.write(framed));
    socket.setTimeout(3000, () => socket.destroy(new Error(`DNS over TCP to ${server}: timeout`)));
    socket.on('data', (c) => {
      chunks.push(c);
      const all = Buffer.concat(chunks);
      if (all.length >= 2 && all.length >= 2 + all.readUInt16BE(0)) {
        socket.end();
        resolve(all.subarray(2, 2 + all.readUInt16BE(0)));
      }
    });
    socket.on('error', reject);
  });
  const rcode = (reply[3] ?? 0) & 0x0f;
  const answers = reply.readUInt16BE(6);
  // Skip the header and the echoed question, then read each answer.
  let offset = 12 + question.length;
  const addresses: string[] = [];
  for (let i = 0; i < answers; i++) {
    offset = skipName(reply, offset);
    const type = reply.readUInt16BE(offset);
    const length = reply.readUInt16BE(offset + 8);
    offset += 10;
    if (type === 1 && length === 4)
      addresses.push([...reply.subarray(offset, offset + 4)].join('.'));
    offset += length;
  }
  return { rcode, addresses };
}

// A name is labels up to a zero byte, or ends in a 2-byte compression pointer.
function skipName(buf: Buffer, start: number): number {
  let offset = start;
  for (;;) {
    const len = buf[offset] ?? 0;
    if (len === 0) return offset + 1;
    if ((len & 0xc0) === 0xc0) return offset + 2;
    offset += 1 + len;
  }
}
