import { describe, expect, test } from '@jest/globals';
import { inCidr } from './node-network.js';
import { networkPlan } from './plan.js';

describe('inCidr', () => {
  test('tells a node pod subnet from its neighbours', () => {
    expect(inCidr('10.152.10.7', '10.152.10.0/24')).toBe(true);
    expect(inCidr('10.152.11.7', '10.152.10.0/24')).toBe(false);
    expect(inCidr('10.152.10.255', '10.152.10.0/24')).toBe(true);
    expect(inCidr('10.152.200.1', '10.152.0.0/16')).toBe(true);
    expect(inCidr('1.2.3.4', '0.0.0.0/0')).toBe(true);
  });

  test('every node address is on the bridge subnet and outside every pod subnet', () => {
    const plan = networkPlan('/some/state');
    for (const node of plan.nodes) {
      expect(inCidr(node.address, `${plan.gateway}/${plan.prefix}`)).toBe(true);
      expect(inCidr(node.address, plan.cidr)).toBe(true);
      for (const other of plan.nodes) expect(inCidr(node.address, other.podCidr)).toBe(false);
    }
  });

  test('anything but IPv4 is refused with what was given', () => {
    expect(() => inCidr('fd00::1', '10.0.0.0/8')).toThrow(/fd00::1/);
    expect(() => inCidr('10.0.0.1', '10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
  });
});
