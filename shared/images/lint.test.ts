import { describe, expect, it } from '@jest/globals';
import { lintDockerfile, parseDockerfile } from './lint.js';

function rules(dockerfile: string): string[] {
  return lintDockerfile(dockerfile).map((p) => `${p.line} ${p.rule}`);
}

describe('parseDockerfile', () => {
  it('joins continuation lines, drops comments and keeps the first line number', () => {
    expect(
      parseDockerfile('# header\nFROM a:1\n\nRUN one \\\n    # note\n    && two\nUSER 1000\n'),
    ).toEqual([
      { line: 2, keyword: 'FROM', args: 'a:1' },
      { line: 4, keyword: 'RUN', args: 'one && two' },
      { line: 7, keyword: 'USER', args: '1000' },
    ]);
  });
});

describe('lintDockerfile', () => {
  it('accepts a Dockerfile that follows every rule', () => {
    expect(
      rules(
        [
          'FROM ghcr.io/astral-sh/uv:0.13.9 AS uv',
          'FROM registry:5000/team/base@sha256:abc',
          'FROM uv',
          'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
          'RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*',
          'RUN curl -fsSL https://example.com | tar -x || true',
          'ADD https://example.com/file.tar.gz /opt/',
          'USER app',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('flags unpinned and latest base images', () => {
    expect(rules('FROM ubuntu\nFROM python:latest\nFROM registry:5000/x\nUSER 1\n')).toEqual([
      '1 DL3006',
      '2 DL3007',
      '3 DL3006',
    ]);
  });

  it('checks a base named by a build argument by its default, as a plain build uses it', () => {
    const arg = (name: string) => `\${${name}}`;
    expect(
      rules(
        `ARG BASE=debian:bookworm-slim\nARG UV="ghcr.io/astral-sh/uv"\nFROM ${arg('UV')} AS uv\nFROM $BASE\nFROM ${arg('OTHER')}\nUSER 1\n`,
      ),
    ).toEqual(['3 DL3006']);
    // An ARG of a stage is no base's default.
    expect(rules(`FROM a:1\nARG BASE=ubuntu\nFROM ${arg('BASE')}\nUSER 1\n`)).toEqual([]);
  });

  it('flags apt-get install without --no-install-recommends and without list cleanup', () => {
    expect(rules('FROM a:1\nRUN apt-get update \\\n && apt-get install -y curl\nUSER 1\n')).toEqual(
      ['2 DL3015', '2 DL3009'],
    );
  });

  it('flags sudo, ADD of local files and a pipe without pipefail', () => {
    expect(
      rules(
        'FROM a:1\nRUN sudo make install\nADD app.py /app/\nRUN echo "a|b" && curl -s x | sh\nUSER 1\n',
      ),
    ).toEqual(['2 DL3004', '3 DL3020', '4 DL4006']);
  });

  it('wants a non-root USER in the final stage, set after the last root one', () => {
    expect(rules('FROM a:1\nUSER app\nFROM b:1\n')).toEqual(['3 DL3002']);
    expect(rules('FROM a:1\nUSER app\nUSER root\n')).toEqual(['3 DL3002']);
    expect(rules('FROM a:1\nUSER 0:0\n')).toEqual(['2 DL3002']);
    expect(rules('FROM a:1\nUSER root\nRUN id\nUSER 10001:10001\n')).toEqual([]);
  });

  it('resets SHELL at each stage', () => {
    expect(
      rules('FROM a:1\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM b:1\nRUN a | b\nUSER 1\n'),
    ).toEqual(['4 DL4006']);
  });
});
