import { describe, expect, it } from '@jest/globals';
import { buildahBuildArgv, buildahPushArgv, chooseStorageDriver } from './buildah.js';
import type { BuildPlan } from './builder.js';

const plan: BuildPlan = {
  dockerfile: '/tmp/x/Dockerfile',
  context: '/work/ws',
  image: '10.1.0.1:5000/mlenv/runtime:3e0730bab9cc',
  buildArgs: { MLENV_PYTHON: '/usr/bin/python3.11', BASE_IMAGE: '10.1.0.1:5000/mirror/debian:12' },
  push: true,
  pullRegistries: ['10.1.0.1:5000', 'ghcr.io'],
  plainHttp: [],
  registry: '10.1.0.1:5000',
};
const storage = { driver: 'overlay', root: '/c/overlay', runroot: '/run/m/overlay' } as const;

describe('chooseStorageDriver', () => {
  const kernel = 'nodev\tsysfs\nnodev\ttmpfs\n\text4\nnodev\toverlay\n';
  it('takes overlay where the kernel has it, vfs where it does not or the folder is on overlayfs', () => {
    expect(chooseStorageDriver({ kernelFilesystems: kernel, folderFsType: 0xef53 }).driver).toBe(
      'overlay',
    );
    expect(
      chooseStorageDriver({ kernelFilesystems: 'nodev\ttmpfs\n\text4\n', folderFsType: 0xef53 }),
    ).toEqual({ driver: 'vfs', why: 'the kernel lists no overlay filesystem' });
    expect(
      chooseStorageDriver({ kernelFilesystems: kernel, folderFsType: 0x794c7630 }).driver,
    ).toBe('vfs');
  });
});

describe('buildah argv', () => {
  it('builds daemonless, chroot-isolated, with cached layers, its own storage and the build args', () => {
    expect(buildahBuildArgv(plan, storage)).toEqual([
      'buildah',
      '--root',
      '/c/overlay',
      '--runroot',
      '/run/m/overlay',
      '--storage-driver',
      'overlay',
      'build',
      '--isolation',
      'chroot',
      '--layers',
      '--force-rm',
      '--format',
      'docker',
      '--file',
      '/tmp/x/Dockerfile',
      '--tag',
      '10.1.0.1:5000/mlenv/runtime:3e0730bab9cc',
      '--build-arg',
      'BASE_IMAGE=10.1.0.1:5000/mirror/debian:12',
      '--build-arg',
      'MLENV_PYTHON=/usr/bin/python3.11',
      '/work/ws',
    ]);
  });

  it('turns TLS verification off only for a plain-HTTP registry, and passes an auth file', () => {
    const insecure = { ...plan, plainHttp: ['10.1.0.1:5000'] };
    expect(buildahBuildArgv(insecure, storage, '/tmp/a/auth.json')).toEqual(
      expect.arrayContaining(['--tls-verify=false', '--authfile', '/tmp/a/auth.json']),
    );
    expect(buildahPushArgv(insecure, storage, '/tmp/d', '/tmp/a/auth.json').slice(7)).toEqual([
      'push',
      '--tls-verify=false',
      '--authfile',
      '/tmp/a/auth.json',
      '--digestfile',
      '/tmp/d',
      '10.1.0.1:5000/mlenv/runtime:3e0730bab9cc',
      'docker://10.1.0.1:5000/mlenv/runtime:3e0730bab9cc',
    ]);
    // A plain-HTTP base image makes the build's pulls skip verification, not the push to TLS.
    const base = { ...plan, registry: 'ghcr.io', plainHttp: ['10.1.0.1:5000'] };
    expect(buildahBuildArgv(base, storage)).toContain('--tls-verify=false');
    expect(buildahPushArgv(base, storage, '/tmp/d')).not.toContain('--tls-verify=false');
    // A plain-HTTP target alone leaves the build's pulls (from public registries) verified.
    const target = {
      ...plan,
      pullRegistries: ['docker.io', 'ghcr.io'],
      plainHttp: ['10.1.0.1:5000'],
    };
    expect(buildahBuildArgv(target, storage)).not.toContain('--tls-verify=false');
    expect(buildahPushArgv(target, storage, '/tmp/d')).toContain('--tls-verify=false');
    expect(buildahBuildArgv(plan, storage).join(' ')).not.toMatch(/tls-verify|authfile/);
  });

  it('hands the CA bundle to the build as a secret, never as a build argument', () => {
    const argv = buildahBuildArgv(
      { ...plan, caBundle: '/etc/ssl/certs/ca-certificates.crt' },
      storage,
    );
    const at = argv.indexOf('--secret');
    expect(argv.slice(at, at + 2)).toEqual([
      '--secret',
      'id=mlenv-ca-bundle,src=/etc/ssl/certs/ca-certificates.crt',
    ]);
    expect(argv.join(' ')).not.toMatch(/--build-arg \S*ca-certificates/);
    expect(buildahBuildArgv(plan, storage)).not.toContain('--secret');
  });
});
