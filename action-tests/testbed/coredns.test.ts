import { describe, expect, test } from '@jest/globals';
import { corefile, reverseZone } from './coredns.js';

describe('reverseZone', () => {
  test('octet-aligned IPv4 prefixes', () => {
    expect(reverseZone('10.0.0.0/24')).toBe('0.0.10.in-addr.arpa');
    expect(reverseZone('10.142.0.0/16')).toBe('142.10.in-addr.arpa');
    expect(reverseZone('10.0.0.0/8')).toBe('10.in-addr.arpa');
  });

  test('anything else is refused with what was given', () => {
    expect(() => reverseZone('10.0.0.0/20')).toThrow(/10\.0\.0\.0\/20/);
    expect(() => reverseZone('fd00::/64')).toThrow(/IPv4/);
  });
});

describe('corefile', () => {
  const text = corefile({
    address: '10.142.0.1',
    clusterDomain: 'cluster.local',
    reverseZones: ['0.0.10.in-addr.arpa', '142.10.in-addr.arpa'],
    kubeconfig: '/state dir/kubeconfigs/coredns.kubeconfig',
    healthPort: 4001,
    readyPort: 4002,
  });

  test('serves only the cluster zones, on the gateway only', () => {
    expect(text).toContain(
      'cluster.local:53 0.0.10.in-addr.arpa:53 142.10.in-addr.arpa:53 {\n    bind 10.142.0.1\n',
    );
    expect(text).toContain(
      '    kubernetes cluster.local 0.0.10.in-addr.arpa 142.10.in-addr.arpa {\n',
    );
    // No zone `.` and no forwarding: other names are REFUSED, nothing leaves the machine.
    expect(text).not.toMatch(/^\.:|forward|proxy/m);
  });

  test('health and ready on loopback; the kubeconfig path quoted; no pod watch', () => {
    expect(text).toContain('    health 127.0.0.1:4001\n    ready 127.0.0.1:4002\n');
    expect(text).toContain('kubeconfig "/state dir/kubeconfigs/coredns.kubeconfig" mlenv-testbed');
    expect(text).toContain('pods disabled');
  });
});
