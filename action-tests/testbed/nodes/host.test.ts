import { describe, expect, test } from '@jest/globals';
import { mountsUnder, parseCgroupMounts, parseMountPoints } from './host.js';

// Lines as /proc/self/mountinfo has them on this project's machines (cgroup v1 hybrid layout).
const mountinfo = [
  '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
  '33 31 0:30 / /sys/fs/cgroup/cpuset rw,relatime shared:5 - cgroup cgroup rw,cpuset',
  '40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
  '90 25 0:50 / /state/nodes/real-node-0/kubelet rw - ext4 /dev/vda rw',
  '91 90 0:51 / /state/nodes/real-node-0/kubelet/pods/u1/volumes/kube-api-access rw - tmpfs tmpfs rw',
  '92 25 0:52 / /state/nodes/real-node-0/containerd/state/sandboxes/a\\040b/shm rw - tmpfs shm rw',
  '93 25 0:53 / /state/nodes/real-node-10/kubelet rw - ext4 /dev/vda rw',
].join('\n');

describe('mountinfo parsing', () => {
  test('mount points, with octal escapes undone', () => {
    expect(parseMountPoints(mountinfo)).toContain(
      '/state/nodes/real-node-0/containerd/state/sandboxes/a b/shm',
    );
  });

  test('cgroup hierarchies: v1 ones (named included) apart from the hybrid cgroup2 mount', () => {
    expect(parseCgroupMounts(mountinfo)).toEqual({
      v1: ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpuset', '/sys/fs/cgroup/systemd'],
      v2: ['/sys/fs/cgroup/unified'],
    });
  });

  test('mounts under a node folder, deepest first, never a sibling with a longer name', () => {
    expect(
      mountsUnder(parseMountPoints(mountinfo), [
        '/state/nodes/real-node-0/kubelet',
        '/state/nodes/real-node-0/containerd/state/',
      ]),
    ).toEqual([
      '/state/nodes/real-node-0/kubelet/pods/u1/volumes/kube-api-access',
      '/state/nodes/real-node-0/containerd/state/sandboxes/a b/shm',
      '/state/nodes/real-node-0/kubelet',
    ]);
  });
});
