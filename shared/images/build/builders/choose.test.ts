import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../../errors/index.js';
import { chooseBuilder, type MachineBuilders } from './choose.js';

const yes = (detail: string) => ({ ok: true, detail });
const no = (detail: string) => ({ ok: false, detail });

const docker: MachineBuilders = {
  docker: yes('Docker 27.3.1'),
  buildx: yes('github.com/docker/buildx v0.19.3'),
  buildah: yes('buildah 1.28.2'),
};
const noEngine: MachineBuilders = {
  docker: no('Cannot connect to the Docker daemon at unix:///var/run/docker.sock'),
  buildx: no('docker not found'),
  buildah: yes('buildah 1.28.2'),
};
const nothing: MachineBuilders = {
  docker: no('docker not found'),
  buildx: no('docker not found'),
  buildah: no('buildah not found'),
};

describe('chooseBuilder', () => {
  it('takes buildx where a Docker engine answers, and says why', () => {
    expect(chooseBuilder(docker)).toEqual({
      name: 'buildx',
      reason: 'a Docker engine answers (Docker 27.3.1) with github.com/docker/buildx v0.19.3',
    });
  });

  it('takes buildah without an engine, or with an engine that lacks buildx, saying which', () => {
    expect(chooseBuilder(noEngine)).toEqual({
      name: 'buildah',
      reason:
        'no Docker engine answers (docker info: Cannot connect to the Docker daemon at unix:///var/run/docker.sock); buildah 1.28.2 builds without one',
    });
    const noPlugin = { ...docker, buildx: no("docker: 'buildx' is not a docker command.") };
    expect(chooseBuilder(noPlugin).name).toBe('buildah');
    expect(chooseBuilder(noPlugin).reason).toContain('Docker answers but has no buildx plugin');
  });

  it('follows --builder, and fails rather than falling back when that one is missing', () => {
    expect(chooseBuilder(docker, 'buildah')).toEqual({
      name: 'buildah',
      reason: '--builder buildah (buildah 1.28.2)',
    });
    expect(() => chooseBuilder(noEngine, 'buildx')).toThrow(
      /--builder buildx: expected a Docker engine that answers docker info, with the buildx plugin; found no Docker engine answers/,
    );
    expect(() => chooseBuilder(nothing, 'buildah')).toThrow(
      /--builder buildah: expected buildah on PATH, found buildah not found\. Install it \(Debian and Ubuntu: apt-get install buildah\)/,
    );
  });

  it('says what to install when the machine has no builder at all', () => {
    expect(() => chooseBuilder(nothing)).toThrow(ConfigurationError);
    expect(() => chooseBuilder(nothing)).toThrow(
      /No image builder: .*Install buildah \(Debian and Ubuntu: apt-get install buildah; it needs no daemon\), or Docker with the buildx plugin/,
    );
  });
});
