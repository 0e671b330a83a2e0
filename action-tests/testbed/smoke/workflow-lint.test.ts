import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, jest, test } from '@jest/globals';
import { loadTestbed } from '../testbed.js';
import { runTool, tempDir, writeFiles } from './run-tool.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const bed = loadTestbed();
const dir = tempDir('lint');

writeFiles(dir, {
  'good.yml': [
    'name: good',
    'on: [push]',
    'permissions: {}',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo build',
    '  test:',
    '    needs: build',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo test',
    '',
  ].join('\n'),
  'bad.yml': [
    'name: bad',
    'on: [push]',
    'jobs:',
    '  test:',
    '    needs: build',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo ${{ matrix.python }}',
    '',
  ].join('\n'),
  'injection.yml': [
    'name: greet',
    'on:',
    '  issues:',
    '    types: [opened]',
    'permissions: {}',
    'jobs:',
    '  greet:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo "${{ github.event.issue.title }}"',
    '',
  ].join('\n'),
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// shellcheck and pyflakes are not part of the bed; disabling them keeps results reproducible.
function actionlint(file: string) {
  return runTool(bed.tools.actionlint, ['-shellcheck=', '-pyflakes=', path.join(dir, file)]);
}

function zizmor(file: string): { ident: string }[] {
  const res = runTool(bed.tools.zizmor, ['--offline', '--format', 'json', path.join(dir, file)]);
  return JSON.parse(res.stdout) as { ident: string }[];
}

describe('workflow linting', () => {
  test('actionlint accepts a good workflow', () => {
    const res = actionlint('good.yml');
    expect(res.stdout + res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  test('actionlint rejects a bad one, naming the problems', () => {
    const res = actionlint('bad.yml');
    expect(res.status).toBe(1);
    expect(res.stdout).toMatch(/needs job "build" which does not exist/);
    expect(res.stdout).toMatch(/property "python" is not defined/);
  });

  test('zizmor finds the template injection, and nothing of the kind in the good workflow', () => {
    expect(zizmor('injection.yml').map((f) => f.ident)).toContain('template-injection');
    expect(zizmor('good.yml').map((f) => f.ident)).not.toContain('template-injection');
  });
});
