import { describe, expect, it } from '@jest/globals';
import type { BuildPlan } from './builder.js';
import { buildxArgv } from './buildx.js';

const plan: BuildPlan = {
  dockerfile: '/tmp/x/Dockerfile',
  context: '/work/ws',
  image: 'ghcr.io/acme/runtime:3e0730bab9cc',
  buildArgs: { UV_IMAGE: 'ghcr.io/astral-sh/uv:0.13.9' },
  push: true,
  pullRegistries: ['ghcr.io', 'docker.io'],
  plainHttp: [],
  registry: 'ghcr.io',
};

describe('buildxArgv', () => {
  it('builds and pushes in one step, with the metadata file that names the digest', () => {
    expect(buildxArgv(plan, '/tmp/m.json')).toEqual([
      'docker',
      'buildx',
      'build',
      '--progress',
      'plain',
      '--file',
      '/tmp/x/Dockerfile',
      '--tag',
      'ghcr.io/acme/runtime:3e0730bab9cc',
      '--build-arg',
      'UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9',
      '--push',
      '--metadata-file',
      '/tmp/m.json',
      '/work/ws',
    ]);
  });

  it('tells the exporter about a plain-HTTP registry, and loads locally without a push', () => {
    const insecure = {
      ...plan,
      image: '10.1.0.1:5000/r:1',
      registry: '10.1.0.1:5000',
      plainHttp: ['10.1.0.1:5000'],
    };
    expect(buildxArgv(insecure, '/m')).toEqual(
      expect.arrayContaining([
        '--output',
        'type=image,name=10.1.0.1:5000/r:1,push=true,registry.insecure=true',
      ]),
    );
    expect(buildxArgv(insecure, '/m')).not.toContain('--push');
    expect(buildxArgv({ ...plan, push: false }, '/m')).toContain('--load');
  });
});
