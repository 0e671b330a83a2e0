import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  actionReadme,
  changelogSection,
  checkRelease,
  compareVersions,
  git,
  isNewestRelease,
  listActions,
  main,
  movingTag,
  parseLsRemote,
  parseVersion,
  publishAction,
  type ReleaseRequest,
  runsFiles,
  TOKEN_ENV,
  tagMonorepo,
} from './release.js';
import { planWorkflows, SOURCE_DIR, TARGET_DIR } from './workflows.js';

const root = path.resolve(import.meta.dirname, '..');

/** A GitHub expression as written in YAML. */
function expr(inner: string): string {
  return `\${{ ${inner} }}`;
}

function v(text: string) {
  const version = parseVersion(text);
  if (!version) throw new Error(`test version ${text} is invalid`);
  return version;
}

describe('versions', () => {
  it('parses semver without build metadata, and nothing else', () => {
    expect(parseVersion('1.2.3')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: [] });
    expect(parseVersion('1.0.0-rc.1')?.prerelease).toEqual(['rc', '1']);
    for (const bad of ['1.2', 'v1.2.3', '01.2.3', '1.2.3-01', '1.2.3+build', '1.2.3 ', '']) {
      expect([bad, parseVersion(bad)]).toEqual([bad, undefined]);
    }
  });

  it('orders versions by semver precedence', () => {
    const ordered = [
      '0.9.9',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
      '2.0.0',
    ];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort((a, b) => compareVersions(v(a), v(b)))).toEqual(ordered);
    expect(compareVersions(v('1.2.3'), v('1.2.3'))).toBe(0);
  });

  it('moves the major tag only forward, and never for a pre-release', () => {
    const tags = ['v0.9.0', 'v1.0.0', 'v1.1.0', 'v1', 'v2.0.0-rc.1', 'latest'];
    expect(movingTag(v('1.2.0'), tags)).toBe('v1');
    expect(movingTag(v('1.1.0'), tags)).toBe('v1'); // a re-run of the newest
    expect(movingTag(v('1.0.1'), tags)).toBeUndefined(); // a patch of an older minor
    expect(movingTag(v('2.0.0-rc.2'), tags)).toBeUndefined();
    expect(movingTag(v('2.0.0'), tags)).toBe('v2'); // above its own pre-release
    expect(movingTag(v('0.9.1'), tags)).toBe('v0');
    expect(movingTag(v('1.2.0'), ['v1.3.0-rc.1'])).toBe('v1');
  });

  it('moves the branch only to the newest release of all', () => {
    const tags = ['v1.0.0', 'v2.0.0', 'v3.0.0-rc.1'];
    expect(isNewestRelease(v('2.0.1'), tags)).toBe(true);
    expect(isNewestRelease(v('1.0.1'), tags)).toBe(false);
    expect(isNewestRelease(v('3.0.0-rc.2'), tags)).toBe(false);
    expect(isNewestRelease(v('0.1.0'), [])).toBe(true);
  });
});

describe('verify', () => {
  const changelog = `# Changelog

## [Unreleased]

- later

## [1.2.0] - 2025-06-01

### Added

- the thing

## [1.1.0] - 2025-05-01

## [1.0.0] - 2025-04-01

- first

[Unreleased]: https://github.com/mlenv/mlenv/compare/v1.2.0...HEAD
[1.2.0]: https://github.com/mlenv/mlenv/compare/v1.1.0...v1.2.0
`;
  const tagPush: ReleaseRequest = {
    eventName: 'push',
    refType: 'tag',
    refName: 'v1.2.0',
    inputVersion: '',
    packageVersion: '1.2.0',
    changelog,
  };

  it("finds a version's section up to the next heading or link definitions", () => {
    expect(changelogSection(changelog, '1.2.0')).toBe('### Added\n\n- the thing');
    expect(changelogSection(changelog, '1.0.0')).toBe('- first');
    expect(changelogSection(changelog, '1.1.0')).toBe('');
    expect(changelogSection(changelog, '1.2')).toBeUndefined();
    expect(changelogSection(changelog, '1.3.0')).toBeUndefined();
  });

  it('accepts a pushed tag that matches package.json and the changelog', () => {
    expect(checkRelease(tagPush)).toEqual({
      ok: true,
      version: '1.2.0',
      tag: 'v1.2.0',
      notes: '### Added\n\n- the thing',
    });
  });

  it('accepts a dispatch with or without the v, on a branch or on its own tag', () => {
    const dispatch = { ...tagPush, eventName: 'workflow_dispatch', refType: 'branch' };
    expect(checkRelease({ ...dispatch, refName: 'main', inputVersion: ' v1.2.0 ' }).ok).toBe(true);
    expect(checkRelease({ ...dispatch, refName: 'main', inputVersion: '1.2.0' }).ok).toBe(true);
    expect(
      checkRelease({ ...dispatch, refType: 'tag', refName: 'v1.2.0', inputVersion: '1.2.0' }).ok,
    ).toBe(true);
  });

  it.each<[string, Partial<ReleaseRequest>, string[]]>([
    ['a branch push', { refType: 'branch', refName: 'main' }, ['pushed as a tag vX.Y.Z']],
    ['a tag that is not semver', { refName: 'v1.2' }, ['"1.2" is not a semantic version']],
    ['build metadata', { refName: 'v1.2.0+abc' }, ['not a semantic version']],
    [
      'a package.json left behind, and no changelog section',
      { refName: 'v1.3.0' },
      [
        'package.json has version 1.2.0, the release is 1.3.0',
        'CHANGELOG.md has no section "## [1.3.0]',
      ],
    ],
    [
      'an empty changelog section',
      { refName: 'v1.1.0', packageVersion: '1.1.0' },
      ["CHANGELOG.md's section for 1.1.0 is empty"],
    ],
    [
      'a dispatch without a version',
      { eventName: 'workflow_dispatch', refType: 'branch', inputVersion: '' },
      ['the version input is empty'],
    ],
    [
      'a dispatch whose input is no version ($(id) stays text)',
      { eventName: 'workflow_dispatch', refType: 'branch', inputVersion: '1.2.0$(id)' },
      ['"1.2.0$(id)" is not a semantic version'],
    ],
    [
      'a dispatch on another tag',
      { eventName: 'workflow_dispatch', refType: 'tag', refName: 'v1.1.0', inputVersion: '1.2.0' },
      ['dispatched on tag v1.1.0, but the version input says v1.2.0'],
    ],
    ['another event', { eventName: 'pull_request' }, ['not pull_request']],
  ])('refuses %s', (_name, change, messages) => {
    const result = checkRelease({ ...tagPush, ...change });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toHaveLength(messages.length);
    messages.forEach((message, i) => {
      expect(errors[i]).toContain(message);
    });
  });

  it('lists the actions that have an action.yml, as the publish matrix', async () => {
    const actions = await listActions(root);
    expect(actions).toEqual(expect.arrayContaining(['affected', 'train', 'upgrade']));
    expect(actions).not.toContain('lib');
  });

  it('writes the version and the matrix to GITHUB_OUTPUT, and fails with every reason', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mlenv-release-verify-'));
    try {
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ version: '1.2.0' }));
      await writeFile(path.join(dir, 'CHANGELOG.md'), changelog);
      for (const name of ['b', 'a']) {
        await mkdir(path.join(dir, 'actions', name), { recursive: true });
        await writeFile(path.join(dir, 'actions', name, 'action.yml'), 'name: x\n');
      }
      await mkdir(path.join(dir, 'actions', 'lib'));
      const output = path.join(dir, 'output');
      const summary = path.join(dir, 'summary');
      const env = {
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF_TYPE: 'tag',
        GITHUB_REF_NAME: 'v1.2.0',
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
      };
      const printed: string[] = [];
      const print = { out: (l: string) => printed.push(l), err: (l: string) => printed.push(l) };
      expect(await main(['verify'], env, dir, print)).toBe(0);
      expect(printed).toEqual(['release v1.2.0: 2 actions (a, b)']);
      expect(await readFile(output, 'utf8')).toBe('version=1.2.0\ntag=v1.2.0\nactions=["a","b"]\n');
      expect(await readFile(summary, 'utf8')).toContain('- the thing');
      printed.length = 0;
      expect(await main(['verify'], { ...env, GITHUB_REF_NAME: 'v9.9.9' }, dir, print)).toBe(1);
      expect(printed).toEqual([
        expect.stringMatching(
          /^::error::package\.json has version 1\.2\.0, the release is 9\.9\.9/,
        ),
        expect.stringMatching(/^::error::CHANGELOG\.md has no section/),
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps the repository's CHANGELOG.md in Keep a Changelog form", () => {
    const text = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    expect(text.startsWith('# Changelog\n')).toBe(true);
    expect(text).toMatch(/^## \[Unreleased\]$/m);
    expect(text).toContain('https://semver.org/');
    // Every released section is dated and names a version.
    for (const [heading] of text.matchAll(/^## .*$/gm)) {
      expect(heading).toMatch(
        /^## (\[Unreleased\]|\[\d+\.\d+\.\d+(-[\w.]+)?\] - \d{4}-\d{2}-\d{2})$/,
      );
    }
  });
});

describe('the published repository', () => {
  it('names the files runs: needs', () => {
    const train = readFileSync(path.join(root, 'actions/train/action.yml'), 'utf8');
    expect(runsFiles(train)).toEqual(['dist/index.js', 'dist/post/index.js']);
    expect(runsFiles("runs:\n  using: node24\n  main: 'dist/index.js'\n")).toEqual([
      'dist/index.js',
    ]);
  });

  it('has a README saying where the source is and how to use it', () => {
    const readme = actionReadme({
      name: 'train',
      title: 'MLEnv train',
      owner: 'mlenv',
      tag: 'v1.2.0',
      sourceRepo: 'mlenv/mlenv',
      sourceSha: 'abc123',
      serverUrl: 'https://github.com',
    });
    expect(readme).toContain('- uses: mlenv/train@v1\n');
    expect(readme).toContain('https://github.com/mlenv/mlenv/tree/v1.2.0/actions/train');
    expect(readme).toContain('mlenv/mlenv@abc123');
  });

  it('reads ls-remote output, preferring the commit an annotated tag points at', () => {
    const refs = parseLsRemote(
      [
        'aaa\tHEAD',
        'bbb\trefs/heads/main',
        'ccc\trefs/tags/v1.0.0',
        'ddd\trefs/tags/v1.0.0^{}',
        'eee\trefs/tags/v1',
        '',
      ].join('\n'),
    );
    expect([...refs.heads]).toEqual([['main', 'bbb']]);
    expect([...refs.tags]).toEqual([
      ['v1.0.0', 'ddd'],
      ['v1', 'eee'],
    ]);
  });
});

// The pushing paths against local bare repositories standing in for GitHub.
describe('publishing and tagging with git', () => {
  const token = 'not-a-real-token-5f0c';
  let dir: string;
  let env: NodeJS.ProcessEnv;

  function sh(args: string[], cwd: string): string {
    return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
  }
  function refsOf(remote: string): Record<string, string> {
    const out = sh(['for-each-ref', '--format=%(refname) %(objectname)'], remote);
    return Object.fromEntries(out.split('\n').map((line) => line.split(' ') as [string, string]));
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mlenv-release-git-'));
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      [TOKEN_ENV]: token,
    };
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives git the token through a helper for one command only', async () => {
    const cwd = await mkdtemp(path.join(dir, 'cred-'));
    const answer = await git(['credential', 'fill'], {
      cwd,
      env,
      input: 'protocol=https\nhost=github.com\npath=mlenv/train.git\n\n',
    });
    expect(answer).toContain('username=x-access-token\n');
    expect(answer).toContain(`password=${token}`);
    // The helper is in git's arguments by name only, never by value.
    const source = readFileSync(path.join(root, 'scripts/release.ts'), 'utf8');
    expect(source).toContain('"$${TOKEN_ENV}"');
  });

  it('publishes an action: one commit with the tag, the major tag and the branch; converges', async () => {
    const repoRoot = path.join(dir, 'source');
    const action = path.join(repoRoot, 'actions/demo');
    await mkdir(path.join(action, 'dist/post'), { recursive: true });
    await mkdir(path.join(action, 'src'), { recursive: true });
    await writeFile(
      path.join(action, 'action.yml'),
      'name: MLEnv demo\nruns:\n  using: node24\n  main: dist/index.js\n  post: dist/post/index.js\n',
    );
    await writeFile(path.join(action, 'dist/index.js'), 'console.log(1);\n');
    await writeFile(path.join(action, 'dist/post/index.js'), 'console.log(2);\n');
    await writeFile(path.join(action, 'src/index.ts'), 'source, not published\n');
    const remote = path.join(dir, 'demo.git');
    sh(['init', '-q', '--bare', remote], dir);
    const url = `file://${remote}`;
    const lines: string[] = [];
    const publish = (version: string) =>
      publishAction({
        name: 'demo',
        version,
        repoRoot,
        remote: url,
        sourceRepo: 'mlenv/mlenv',
        sourceSha: 'f00d',
        serverUrl: 'https://github.com',
        owner: 'mlenv',
        workDir: path.join(dir, 'work'),
        env,
        log: (line) => lines.push(line),
      });

    const first = await publish('1.0.0');
    expect(refsOf(remote)).toEqual({
      'refs/heads/main': first.commit,
      'refs/tags/v1': first.commit,
      'refs/tags/v1.0.0': first.commit,
    });
    expect(sh(['ls-tree', '-r', '--name-only', first.commit], remote).split('\n')).toEqual([
      'README.md',
      'action.yml',
      'dist/index.js',
      'dist/post/index.js',
    ]);
    expect(sh(['log', '-1', '--format=%an%n%s', first.commit], remote)).toBe(
      'github-actions[bot]\ndemo v1.0.0',
    );

    // A re-run pushes nothing; the same version with other files is refused.
    expect((await publish('1.0.0')).pushed).toEqual([]);
    await writeFile(path.join(action, 'dist/index.js'), 'console.log(3);\n');
    await expect(publish('1.0.0')).rejects.toThrow(/published before with other files/);

    const second = await publish('1.1.0');
    expect(sh(['rev-parse', `${second.commit}^`], remote)).toBe(first.commit);
    // A patch of the older minor gets its tag only.
    const patch = await publish('1.0.1');
    const prerelease = await publish('2.0.0-rc.1');
    expect(refsOf(remote)).toEqual({
      'refs/heads/main': second.commit,
      'refs/tags/v1': second.commit,
      'refs/tags/v1.0.0': first.commit,
      'refs/tags/v1.1.0': second.commit,
      'refs/tags/v1.0.1': patch.commit,
      'refs/tags/v2.0.0-rc.1': prerelease.commit,
    });

    // The token is in no config file the runs left behind, nor in anything they printed.
    const configs = execFileSync('sh', ['-c', 'cat work/*/.git/config'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(configs).not.toContain(token);
    expect(configs).not.toContain('credential');
    expect(lines.join('\n')).not.toContain(token);
    expect(lines).toContain(`pushed ${second.commit}:refs/tags/v1`);
  });

  it('takes everything from the environment the workflow sets, the token first', async () => {
    // The source of the previous test, published through the command line to <server>/<owner>/.
    const server = path.join(dir, 'server');
    sh(['init', '-q', '--bare', path.join(server, 'acme/demo.git')], dir);
    const stepEnv = {
      ...env,
      GITHUB_SERVER_URL: `file://${server}`,
      GITHUB_REPOSITORY: 'acme/mlenv',
      GITHUB_SHA: 'f00d',
      RUNNER_TEMP: path.join(dir, 'work'),
      RELEASE_VERSION: '3.0.0',
      RELEASE_ACTION: 'demo',
      RELEASE_OWNER: 'acme',
    };
    const printed: string[] = [];
    const print = { out: (l: string) => printed.push(l), err: (l: string) => printed.push(l) };
    const source = path.join(dir, 'source');
    await expect(
      main(['publish-action'], { ...stepEnv, [TOKEN_ENV]: '' }, source, print),
    ).rejects.toThrow(`${TOKEN_ENV} is not set`);
    expect(await main(['publish-action'], stepEnv, source, print)).toBe(0);
    const refs = refsOf(path.join(server, 'acme/demo.git'));
    expect(Object.keys(refs).sort()).toEqual([
      'refs/heads/main',
      'refs/tags/v3',
      'refs/tags/v3.0.0',
    ]);
    const readme = sh(['show', 'main:README.md'], path.join(server, 'acme/demo.git'));
    expect(readme).toContain('- uses: acme/demo@v3\n');
    expect(await main(['nothing'], stepEnv, source, print)).toBe(2);
  });

  it('refuses an action whose runs: files are not built', async () => {
    const repoRoot = path.join(dir, 'unbuilt');
    await mkdir(path.join(repoRoot, 'actions/x/dist'), { recursive: true });
    await writeFile(
      path.join(repoRoot, 'actions/x/action.yml'),
      'name: x\nruns:\n  using: node24\n  main: dist/index.js\n',
    );
    const remote = path.join(dir, 'x.git');
    sh(['init', '-q', '--bare', remote], dir);
    await expect(
      publishAction({
        name: 'x',
        version: '1.0.0',
        repoRoot,
        remote,
        sourceRepo: 'mlenv/mlenv',
        sourceSha: 'f00d',
        serverUrl: 'https://github.com',
        owner: 'mlenv',
        workDir: path.join(dir, 'work'),
        env,
      }),
    ).rejects.toThrow('runs dist/index.js, which is not built');
    expect(sh(['for-each-ref'], remote)).toBe('');
  });

  it('tags this repository: the exact tag when dispatched, the moving tag forward only', async () => {
    const remote = path.join(dir, 'mlenv.git');
    const clone = path.join(dir, 'clone');
    sh(['init', '-q', '--bare', remote], dir);
    sh(['init', '-q', '-b', 'main', clone], dir);
    const commit = (text: string) => {
      execFileSync('sh', ['-c', `echo ${text} > file && git add file && git commit -qm ${text}`], {
        cwd: clone,
        env,
      });
      sh(['push', '-q', remote, 'HEAD:refs/heads/main'], clone);
      return sh(['rev-parse', 'HEAD'], clone);
    };
    const tag = (version: string, sha: string) =>
      tagMonorepo({ version, sha, remote: `file://${remote}`, cwd: clone, env });

    const a = commit('a');
    // Dispatched: no tag yet.
    expect(await tag('1.0.0', a)).toEqual([`${a}:refs/tags/v1.0.0`, `+${a}:refs/tags/v1`]);
    expect(await tag('1.0.0', a)).toEqual([]);
    const b = commit('b');
    await expect(tag('1.0.0', b)).rejects.toThrow(`v1.0.0 already points at ${a}`);
    // Pushed tag, as a maintainer does it: only the moving tag is left to push.
    sh(['push', '-q', remote, `${b}:refs/tags/v1.1.0`], clone);
    expect(await tag('1.1.0', b)).toEqual([`+${b}:refs/tags/v1`]);
    expect(await tag('1.0.1', a)).toEqual([`${a}:refs/tags/v1.0.1`]);
    // An annotated tag's own SHA stands for its commit.
    const c = commit('c');
    sh(['tag', '-a', '-m', 'MLEnv 1.2.0', 'v1.2.0', c], clone);
    sh(['push', '-q', remote, 'refs/tags/v1.2.0'], clone);
    const tagObject = sh(['rev-parse', 'v1.2.0'], clone);
    expect(tagObject).not.toBe(c);
    expect(await tag('1.2.0', tagObject)).toEqual([`+${c}:refs/tags/v1`]);
    expect(refsOf(remote)['refs/tags/v1']).toBe(c);
  });
});

describe('.github/workflows/release.yml', () => {
  interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
  }
  interface Job {
    needs?: string | string[];
    permissions?: Record<string, string>;
    'timeout-minutes'?: number;
    environment?: string;
    strategy?: { matrix: Record<string, unknown> };
    steps: Step[];
  }
  const file = path.join(root, TARGET_DIR, 'release.yml');
  const text = readFileSync(file, 'utf8');
  const workflow = parse(text) as {
    on: Record<string, unknown>;
    permissions: unknown;
    concurrency: unknown;
    jobs: Record<string, Job>;
  };
  const jobs = Object.entries(workflow.jobs);

  it('is hand-written: workflows.ts neither checks it against a source nor removes it', async () => {
    const plan = await planWorkflows({
      sourceDir: path.join(root, SOURCE_DIR),
      targetDir: path.join(root, TARGET_DIR),
    });
    expect(plan.expected.has('release.yml')).toBe(false);
    expect(plan.extra).not.toContain('release.yml');
    expect(text.split('\n')[0]).not.toMatch(/^# Generated from/);
  });

  it('runs on version tags and by hand, one release at a time', () => {
    expect(workflow.on).toEqual({
      push: { tags: ['v*.*.*'] },
      workflow_dispatch: {
        inputs: { version: expect.objectContaining({ required: true, type: 'string' }) },
      },
    });
    expect(workflow.concurrency).toEqual({
      group: `release-${expr('github.repository')}`,
      'cancel-in-progress': false,
    });
  });

  it('grants nothing by default, reads only, and limits every job in time', () => {
    expect(workflow.permissions).toEqual({});
    for (const [id, job] of jobs) {
      expect([id, job.permissions]).toEqual([id, { contents: 'read' }]);
      expect([id, job['timeout-minutes']]).toEqual([id, expect.any(Number)]);
    }
  });

  it('pins every action by SHA, keeps no credentials and no dependency cache', () => {
    for (const [id, job] of jobs) {
      for (const step of job.steps) {
        if (!step.uses) continue;
        expect([id, step.uses]).toEqual([
          id,
          expect.stringMatching(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/),
        ]);
        const line = text.split('\n').find((l) => l.includes(step.uses ?? ''));
        expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
        if (step.uses.startsWith('actions/checkout@')) {
          expect([id, step.with?.['persist-credentials']]).toEqual([id, false]);
        }
        if (step.uses.startsWith('actions/setup-node@')) {
          expect([id, step.with?.['package-manager-cache'], step.with?.cache]).toEqual([
            id,
            false,
            undefined,
          ]);
        }
      }
    }
  });

  it('puts no expression into a script, and the token only on the steps that push', () => {
    const holders: string[] = [];
    for (const [id, job] of jobs) {
      for (const step of job.steps) {
        if (step.run !== undefined) expect(step.run).not.toContain('${{');
        if (JSON.stringify(step.env ?? {}).includes('secrets.')) {
          expect(step.env).toMatchObject({ [TOKEN_ENV]: expr(`secrets.${TOKEN_ENV}`) });
          // Plain Node on the script: no npm ci, no installed code, in a job with the token.
          expect(step.run).toMatch(/^node scripts\/release\.ts (publish-action|tag-monorepo)$/);
          holders.push(id);
        }
      }
      if (holders.includes(id)) {
        for (const step of job.steps) {
          expect([id, step.run ?? '']).not.toEqual([id, expect.stringMatching(/\bnp[mx]\b/)]);
        }
      }
      expect(JSON.stringify({ ...job, steps: [] })).not.toContain('secrets.');
    }
    expect(holders).toEqual(['publish', 'tag']);
    expect(text).not.toContain('secrets: inherit');
  });

  it('verifies, then publishes each action, then tags this repository', () => {
    const { verify, publish, tag } = workflow.jobs;
    const runs = (verify?.steps ?? []).map((step) => step.run).filter(Boolean);
    expect(runs).toEqual([
      'npm ci',
      'npx tsx scripts/release.ts verify',
      'npm run -s lint',
      'npm run -s typecheck',
      'npm run -s check-dist',
      'npm run -s check-schemas',
      'npm run -s check-workflows',
    ]);
    expect(verify?.steps.find((s) => s.run?.includes('release.ts verify'))?.env).toEqual({
      RELEASE_VERSION: expr('inputs.version'),
    });
    expect(publish?.needs).toBe('verify');
    expect(publish?.strategy?.matrix).toEqual({
      action: expr('fromJSON(needs.verify.outputs.actions)'),
    });
    expect(tag?.needs).toEqual(['verify', 'publish']);
    expect(publish?.environment).toBe('release');
    expect(tag?.environment).toBe('release');
  });

  it('runs scripts/release.ts without node_modules: node: builtins only', () => {
    const source = readFileSync(path.join(root, 'scripts/release.ts'), 'utf8');
    const imports = [...source.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const name of imports) expect(name).toMatch(/^node:/);
  });
});
