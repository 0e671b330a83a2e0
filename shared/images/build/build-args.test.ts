import { describe, expect, it } from '@jest/globals';
import { OptionError } from '../../errors/index.js';
import { buildArgFlags, buildArgs } from './build-args.js';

describe('buildArgs', () => {
  it('passes only what the user set, so that the Dockerfile defaults stand otherwise', () => {
    expect(buildArgs({})).toEqual({});
    expect(buildArgs({ python: 'managed', baseImage: '' })).toEqual({});
    expect(
      buildArgs({
        baseImage: '10.1.0.1:5000/mirror/debian:bookworm-python3.11',
        uvImage: `10.1.0.1:5000/mirror/uv@sha256:${'a'.repeat(64)}`,
        python: '/usr/bin/python3.11',
      }),
    ).toEqual({
      BASE_IMAGE: '10.1.0.1:5000/mirror/debian:bookworm-python3.11',
      UV_IMAGE: `10.1.0.1:5000/mirror/uv@sha256:${'a'.repeat(64)}`,
      MLENV_PYTHON: '/usr/bin/python3.11',
    });
  });

  it('refuses an image without tag or digest, and a Python that is no absolute path', () => {
    for (const [choices, option] of [
      [{ baseImage: 'debian' }, 'base-image'],
      [{ uvImage: '10.1.0.1:5000/mirror/uv' }, 'uv-image'],
      [{ baseImage: 'Debian:12' }, 'base-image'],
      [{ python: 'python3.11' }, 'python'],
      [{ python: '/usr/bin/python 3' }, 'python'],
    ] as const) {
      let error: unknown;
      try {
        buildArgs(choices);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(OptionError);
      expect([choices, (error as OptionError).option]).toEqual([choices, option]);
    }
  });

  it('makes --build-arg pairs in a stable order, one argv word per value', () => {
    expect(buildArgFlags({ UV_IMAGE: 'u:1', BASE_IMAGE: 'b:1' })).toEqual([
      '--build-arg',
      'BASE_IMAGE=b:1',
      '--build-arg',
      'UV_IMAGE=u:1',
    ]);
  });
});
