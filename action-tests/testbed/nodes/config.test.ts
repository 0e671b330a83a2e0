import { describe, expect, test } from '@jest/globals';
import { parse as parseToml } from 'smol-toml';
import YAML from 'yaml';
import { networkPlan, realNodeTaint } from '../network/plan.js';
import { cniConflist, containerdConfig, plainHttpRegistryHosts } from './containerd.js';
import { kubeletConfig } from './kubelet.js';
import { nodeLayout } from './layout.js';

const plan = networkPlan('/tmp/mlenv-bed');
const node = plan.nodes[1] ?? plan.nodes[0];
if (!node) throw new Error('the plan has no nodes');
const layout = nodeLayout(plan, node);

type Table = Record<string, unknown>;
const at = (obj: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((o, k) => (o as Table | undefined)?.[k], obj);

describe('containerd config', () => {
  const config = parseToml(containerdConfig({ layout, sandboxImage: 'testbed/pause:abc' }));
  const cri = at(config, 'plugins', 'io.containerd.grpc.v1.cri');

  test('keeps every path of the node its own', () => {
    expect(config).toMatchObject({
      version: 2,
      root: layout.containerdRoot,
      state: layout.containerdState,
      grpc: { address: layout.socket },
      ttrpc: { address: `${layout.socket}.ttrpc` },
    });
    expect(at(cri, 'cni')).toEqual({
      bin_dir: '/usr/lib/cni',
      conf_dir: layout.cniConfDir,
      max_conf_num: 1,
    });
    expect(at(cri, 'registry', 'config_path')).toBe(layout.registryHosts);
    expect(at(cri, 'containerd', 'runtimes', 'runc', 'options')).toEqual({
      SystemdCgroup: false,
      Root: layout.runcRoot,
    });
    expect(config.disabled_plugins).toContain('io.containerd.internal.v1.opt');
  });

  test('has what this VM needs: restricted oom_score_adj, a local sandbox image', () => {
    expect(cri).toMatchObject({ restrict_oom_score_adj: true, sandbox_image: 'testbed/pause:abc' });
  });

  test('pulls from the bed registry over plain HTTP', () => {
    expect(parseToml(plainHttpRegistryHosts('10.1.0.1:5000'))).toEqual({
      server: 'http://10.1.0.1:5000',
      host: { 'http://10.1.0.1:5000': { capabilities: ['pull', 'resolve'] } },
    });
  });

  test('CNI: the node bridge with host-local IPAM on the node pod subnet, and portmap', () => {
    const conf = JSON.parse(cniConflist(layout));
    expect(conf.plugins.map((p: { type: string }) => p.type)).toEqual(['bridge', 'portmap']);
    expect(conf.plugins[0]).toMatchObject({
      bridge: node.cniBridge,
      isGateway: true,
      ipam: {
        type: 'host-local',
        ranges: [[{ subnet: node.podCidr }]],
        dataDir: layout.cniDataDir,
      },
    });
  });
});

describe('kubelet config', () => {
  const config = YAML.parse(
    kubeletConfig({
      plan,
      layout,
      caFile: '/pki/ca.crt',
      serving: { cert: '/pki/n.crt', key: '/pki/n.key' },
    }),
  );

  test('cgroup v1 through cgroupfs, under a cgroup root of its own', () => {
    expect(config).toMatchObject({
      failCgroupV1: false,
      cgroupDriver: 'cgroupfs',
      cgroupRoot: `/${node.netns}`,
      containerRuntimeEndpoint: `unix://${layout.socket}`,
      failSwapOn: false,
    });
  });

  test('serves on the node address with x509 and webhook auth, anonymous off', () => {
    expect(config).toMatchObject({
      address: node.address,
      healthzBindAddress: node.address,
      tlsCertFile: '/pki/n.crt',
      authentication: {
        anonymous: { enabled: false },
        webhook: { enabled: true },
        x509: { clientCAFile: '/pki/ca.crt' },
      },
      authorization: { mode: 'Webhook' },
    });
  });

  test('cluster DNS on the gateway and the real-node taint at registration', () => {
    expect(config.clusterDNS).toEqual([plan.clusterDns]);
    expect(config.clusterDomain).toBe('cluster.local');
    expect(config.registerWithTaints).toEqual([realNodeTaint]);
  });
});
