import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../../errors/index.js';
import { apiHost, formatImageRef, parseImageRef, registryOf, usesPlainHttp } from './image-ref.js';

describe('parseImageRef', () => {
  it('reads the registry, repository and tag as Docker does', () => {
    expect(parseImageRef('ghcr.io/acme/mlenv-runtime:3e0730bab9cc')).toEqual({
      registry: 'ghcr.io',
      repository: 'acme/mlenv-runtime',
      tag: '3e0730bab9cc',
    });
    expect(parseImageRef('10.1.0.1:5000/mlenv/runtime:abc')).toEqual({
      registry: '10.1.0.1:5000',
      repository: 'mlenv/runtime',
      tag: 'abc',
    });
    expect(parseImageRef('localhost/x:1').registry).toBe('localhost');
    // No dot, port or localhost: a Docker Hub user, and a single word an official image.
    expect(parseImageRef('acme/runtime:1')).toEqual({
      registry: 'docker.io',
      repository: 'acme/runtime',
      tag: '1',
    });
    expect(parseImageRef('debian:bookworm-slim').repository).toBe('library/debian');
    expect(parseImageRef('docker.io/library/debian:12').repository).toBe('library/debian');
    expect(formatImageRef(parseImageRef('10.1.0.1:5000/a/b:c'))).toBe('10.1.0.1:5000/a/b:c');
  });

  it('refuses a name without a tag, a bad tag or an upper-case path, saying what it expected', () => {
    expect(() => parseImageRef('10.1.0.1:5000/mlenv/runtime')).toThrow(
      /expected <repository>:<tag>, found no tag/,
    );
    expect(() => parseImageRef('ghcr.io/a/b:-x')).toThrow(ConfigurationError);
    expect(() => parseImageRef('ghcr.io/Acme/b:1')).toThrow(/lower-case words/);
  });

  it('finds the registry of any name, by digest or bare', () => {
    expect(registryOf('10.1.0.1:5000/mirror/debian@sha256:00')).toBe('10.1.0.1:5000');
    expect(registryOf('debian')).toBe('docker.io');
    expect(apiHost('docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('ghcr.io')).toBe('ghcr.io');
  });
});

describe('usesPlainHttp', () => {
  it('is HTTPS unless the user names the registry, by host or host:port, or it is loopback', () => {
    expect(usesPlainHttp('ghcr.io', [])).toBe(false);
    expect(usesPlainHttp('10.1.0.1:5000', [])).toBe(false);
    expect(usesPlainHttp('10.1.0.1:5000', ['10.1.0.1:5000'])).toBe(true);
    expect(usesPlainHttp('10.1.0.1:5000', ['10.1.0.1'])).toBe(true);
    expect(usesPlainHttp('10.1.0.1:5000', ['10.1.0.2'])).toBe(false);
    for (const loopback of ['127.0.0.1:5000', '127.3.2.1', 'localhost:5000', '[::1]:5000'])
      expect([loopback, usesPlainHttp(loopback, [])]).toEqual([loopback, true]);
    // A name that merely starts like loopback is no loopback address.
    expect(usesPlainHttp('127.example.com', [])).toBe(false);
  });
});
