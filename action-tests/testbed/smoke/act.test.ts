import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { loadTestbed } from '../testbed.js';
import { runTool, tempDir, writeFiles } from './run-tool.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const bed = loadTestbed();
let repo: string;
let home: string;

beforeAll(() => {
  repo = tempDir('act-repo');
  home = tempDir('act-home');
  // act asks interactively for a default image when it finds no actrc; host mode needs none.
  fs.writeFileSync(path.join(home, '.actrc'), '-P ubuntu-latest=-self-hosted\n');
  writeFiles(repo, {
    '.github/workflows/ok.yml': [
      'name: ok',
      'on: push',
      'jobs:',
      '  hello:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "testbed-act-ok $((6 * 7)) on $GITHUB_EVENT_NAME"',
      '',
    ].join('\n'),
    '.github/workflows/fail.yml': [
      'name: fail',
      'on: push',
      'jobs:',
      '  boom:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: exit 7',
      '',
    ].join('\n'),
  });
  const git = (...args: string[]) => {
    const res = runTool('git', args, { cwd: repo, env: { HOME: home } });
    if (res.status !== 0) throw new Error(`git ${args.join(' ')}: ${res.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=testbed', '-c', 'user.email=testbed@invalid', 'commit', '-q', '-m', 'init');
});

afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

function act(workflow: string) {
  return runTool(
    bed.tools.act,
    ['push', '-W', `.github/workflows/${workflow}`, '-P', 'ubuntu-latest=-self-hosted'],
    { cwd: repo, env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') } },
  );
}

describe('act (host mode)', () => {
  test('runs a one-step workflow on the host and reports success', () => {
    const res = act('ok.yml');
    const out = res.stdout + res.stderr;
    expect(res.status).toBe(0);
    expect(out).toContain('testbed-act-ok 42 on push');
    expect(out).toContain('Job succeeded');
  });

  test('a failing step fails the run', () => {
    const res = act('fail.yml');
    expect(res.status).not.toBe(0);
    expect(res.stdout + res.stderr).toContain('Job failed');
  });
});
