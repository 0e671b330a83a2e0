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
  type Pin,
  type PinContext,
  type PublishOptions,
  parseLsRemote,
  parseVersion,
  pinUses,
  publishAction,
  publishStages,
  RELEASE_TRAILER,
  type ReleaseRequest,
  runsFiles,
  scanUses,
  TOKEN_ENV,
  tagMonorepo,
  usedActions,
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
      expect(await readFile(output, 'utf8')).toBe(
        'version=1.2.0\ntag=v1.2.0\nactions=["a","b"]\ndependents=[]\n',
      );
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
    // The refs' own values, as a push's lease must name them.
    expect([...refs.tagRefs]).toEqual([
      ['v1.0.0', 'ccc'],
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
  /** Publishes one action as the release of mlenv/mlenv at commit f00d would. */
  function publish(
    options: Pick<PublishOptions, 'name' | 'version' | 'repoRoot' | 'remote'> &
      Partial<PublishOptions>,
  ) {
    return publishAction({
      sourceRepo: 'mlenv/mlenv',
      sourceSha: 'f00d',
      serverUrl: 'https://github.com',
      owner: 'mlenv',
      workDir: path.join(dir, 'work'),
      env,
      ...options,
    });
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
    const publishDemo = (version: string) =>
      publish({ name: 'demo', version, repoRoot, remote: url, log: (line) => lines.push(line) });

    const first = await publishDemo('1.0.0');
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
    expect((await publishDemo('1.0.0')).pushed).toEqual([]);
    await writeFile(path.join(action, 'dist/index.js'), 'console.log(3);\n');
    await expect(publishDemo('1.0.0')).rejects.toThrow(/published before with other files/);

    const second = await publishDemo('1.1.0');
    expect(sh(['rev-parse', `${second.commit}^`], remote)).toBe(first.commit);
    // A patch of the older minor gets its tag only.
    const patch = await publishDemo('1.0.1');
    const prerelease = await publishDemo('2.0.0-rc.1');
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
    await expect(publish({ name: 'x', version: '1.0.0', repoRoot, remote })).rejects.toThrow(
      'runs dist/index.js, which is not built',
    );
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
  // The whole release, command by command as the workflow runs them, against bare repositories
  // for this one and for every action, with composite actions that use the others.
  describe('a release whose published files use MLEnv actions', () => {
    const version = '1.4.0';
    const node = ['setup', 'train'];
    const composite = { ci: ['setup', 'train'], 'gpu-ci': ['ci', 'setup'] };
    const all = [...node, ...Object.keys(composite)];
    let server: string;
    let source: string;
    let released: string;

    const changelog = (versions: string[]) =>
      `# Changelog\n\n## [Unreleased]\n\n${versions
        .map((x) => `## [${x}] - 2026-12-01\n\n- ${x}\n\n`)
        .join('')}`;
    const remoteOf = (name: string) => path.join(server, 'mlenv', `${name}.git`);
    const head = (name: string) => sh(['rev-parse', 'refs/heads/main'], remoteOf(name));
    const allRefs = () =>
      Object.fromEntries(all.concat('mlenv').map((n) => [n, refsOf(remoteOf(n))]));

    function stepEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
      return {
        ...env,
        GITHUB_SERVER_URL: `file://${server}`,
        GITHUB_REPOSITORY: 'mlenv/mlenv',
        GITHUB_REPOSITORY_OWNER: 'mlenv',
        RUNNER_TEMP: path.join(dir, 'work'),
        ...extra,
      };
    }

    /** The workflow's jobs, in order; returns what each step printed and verify's outputs. */
    async function release(run: Record<string, string>) {
      const printed: string[] = [];
      const print = { out: (l: string) => printed.push(l), err: (l: string) => printed.push(l) };
      const output = path.join(dir, `output-${Math.random().toString(16).slice(2)}`);
      const base = stepEnv({ ...run, GITHUB_OUTPUT: output });
      expect(await main(['source'], base, source, print)).toBe(0);
      expect(await main(['verify'], base, source, print)).toBe(0);
      const outputs = Object.fromEntries(
        (await readFile(output, 'utf8'))
          .trim()
          .split('\n')
          .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
      );
      const pushing = stepEnv({
        RELEASE_VERSION: outputs.version ?? '',
        RELEASE_SOURCE: outputs.sha ?? '',
        RELEASE_OWNER: 'mlenv',
        GITHUB_SHA: run.GITHUB_SHA ?? '',
      });
      for (const name of JSON.parse(outputs.actions ?? '[]') as string[]) {
        expect(
          await main(['publish-action'], { ...pushing, RELEASE_ACTION: name }, source, print),
        ).toBe(0);
      }
      const dependents = outputs.dependents ?? '';
      expect(
        await main(['publish-actions'], { ...pushing, RELEASE_ACTIONS: dependents }, source, print),
      ).toBe(0);
      expect(await main(['tag-monorepo'], pushing, source, print)).toBe(0);
      return { printed, outputs };
    }

    /** Every `uses: mlenv/...` line of a published file: pinned to the head of that action's repository. */
    function expectPinned(text: string, file: string, v: string): number {
      const uses = text.split('\n').filter((line) => /^\s*(-\s+)?uses:\s*['"]?mlenv\//.test(line));
      for (const line of uses) {
        const match = /^\s*(?:-\s+)?uses: mlenv\/([\w-]+)@([0-9a-f]{40}) # v(\S+)$/.exec(line);
        expect([file, line, match !== null]).toEqual([file, line, true]);
        const [, name = '', sha, pinned] = match ?? [];
        expect([file, line, sha, pinned]).toEqual([file, line, head(name), v]);
      }
      return uses.length;
    }

    function commitSource(cwd: string, message: string): string {
      execFileSync('sh', ['-c', `git add -A && git commit -qm "${message}"`], { cwd, env });
      sh(['push', '-q', remoteOf('mlenv'), 'HEAD:refs/heads/main'], cwd);
      return sh(['rev-parse', 'HEAD'], cwd);
    }

    beforeAll(async () => {
      server = path.join(dir, 'pins-server');
      source = path.join(dir, 'pins-source');
      for (const name of all.concat('mlenv')) sh(['init', '-q', '--bare', remoteOf(name)], dir);
      sh(['init', '-q', '-b', 'main', source], dir);
      await writeFile(path.join(source, 'package.json'), JSON.stringify({ version }));
      await writeFile(path.join(source, 'CHANGELOG.md'), changelog([version]));
      for (const name of node) {
        await mkdir(path.join(source, 'actions', name, 'dist'), { recursive: true });
        await writeFile(
          path.join(source, 'actions', name, 'action.yml'),
          `name: MLEnv ${name}\nruns:\n  using: node24\n  main: dist/index.js\n`,
        );
        await writeFile(path.join(source, 'actions', name, 'dist/index.js'), `// ${name}\n`);
      }
      // A fixture composite action, as actions/ci will be: steps that use MLEnv actions by @v1.
      for (const [name, uses] of Object.entries(composite)) {
        await mkdir(path.join(source, 'actions', name), { recursive: true });
        const steps = uses
          .map((u, i) =>
            i === 0
              ? // An input named like a runs: file is no file to publish.
                `    - uses: mlenv/${u}@v1\n      with:\n        main: not-a-file\n`
              : `    - name: ${u}\n      uses: "mlenv/${u}@v1" # ${u}\n`,
          )
          .join('');
        await writeFile(
          path.join(source, 'actions', name, 'action.yml'),
          `name: MLEnv ${name}\ndescription: ${name}\nruns:\n  using: composite\n  steps:\n${steps}` +
            '    - run: echo done\n      shell: bash\n',
        );
      }
      await mkdir(path.join(source, '.github/workflows'), { recursive: true });
      await writeFile(
        path.join(source, '.github/workflows/mlenv-pr.yml'),
        [
          'on:',
          '  workflow_call: {}',
          'jobs:',
          '  check:',
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0',
          '      - uses: mlenv/setup@v1',
          '      - uses: mlenv/gpu-ci@v1',
          '      - name: train',
          '        uses: mlenv/train@v1',
          '',
        ].join('\n'),
      );
      await writeFile(
        path.join(source, '.github/workflows/release.yml'),
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
      );
      released = commitSource(source, 'source');
    });

    it('publishes the actions in order, each use of one pinned to the commit it published; then the release commit', async () => {
      const run = {
        GITHUB_EVENT_NAME: 'workflow_dispatch',
        GITHUB_REF_TYPE: 'branch',
        GITHUB_REF_NAME: 'main',
        RELEASE_VERSION: version,
        GITHUB_SHA: released,
      };
      const { outputs } = await release(run);
      expect(outputs).toMatchObject({
        sha: released,
        actions: '["setup","train"]',
        dependents: '["ci","gpu-ci"]',
      });
      // Each action repository: one commit, its tags on it; a composite's uses pinned to it.
      let pinned = 0;
      for (const name of all) {
        expect(refsOf(remoteOf(name))).toEqual({
          'refs/heads/main': head(name),
          'refs/tags/v1': head(name),
          'refs/tags/v1.4.0': head(name),
        });
        const actionYml = sh(['show', 'main:action.yml'], remoteOf(name));
        pinned += expectPinned(actionYml, `mlenv/${name}:action.yml`, version);
        if (name in composite) {
          expect(sh(['ls-tree', '--name-only', 'main'], remoteOf(name)).split('\n')).toEqual([
            'README.md',
            'action.yml',
          ]);
        }
      }
      expect(pinned).toBe(4);

      // This repository: the tags name a release commit on top of the released one, which
      // changes only the published files that use MLEnv actions, and only those lines.
      const monorepo = remoteOf('mlenv');
      const tagged = sh(['rev-parse', 'refs/tags/v1.4.0'], monorepo);
      expect(refsOf(monorepo)).toEqual({
        'refs/heads/main': released,
        'refs/tags/v1': tagged,
        'refs/tags/v1.4.0': tagged,
      });
      expect(sh(['rev-parse', `${tagged}^`], monorepo)).toBe(released);
      expect(sh(['log', '-1', '--format=%B', tagged], monorepo)).toContain(
        `${RELEASE_TRAILER}: ${released}`,
      );
      const changed = sh(['diff', '--name-only', released, tagged], monorepo).split('\n');
      expect(changed).toEqual([
        '.github/workflows/mlenv-pr.yml',
        'actions/ci/action.yml',
        'actions/gpu-ci/action.yml',
      ]);
      pinned = 0;
      for (const file of sh(['ls-tree', '-r', '--name-only', tagged], monorepo).split('\n')) {
        if (!/^(\.github\/workflows\/.*|actions\/[^/]+\/action)\.yml$/.test(file)) continue;
        const text = sh(['show', `${tagged}:${file}`], monorepo);
        pinned += expectPinned(text, file, version);
        const before = sh(['show', `${released}:${file}`], monorepo).split('\n');
        text.split('\n').forEach((line, i) => {
          if (!/uses: mlenv\//.test(line)) expect([file, line]).toEqual([file, before[i]]);
        });
      }
      expect(pinned).toBe(7);
      // The monorepo form of a composite action is the same file as its own repository's.
      expect(sh(['show', `${tagged}:actions/gpu-ci/action.yml`], monorepo)).toBe(
        sh(['show', 'main:action.yml'], remoteOf('gpu-ci')),
      );
    });

    it('adds nothing when run again, nor when its own tag push runs it on the release commit', async () => {
      const before = allRefs();
      const again = await release({
        GITHUB_EVENT_NAME: 'workflow_dispatch',
        GITHUB_REF_TYPE: 'branch',
        GITHUB_REF_NAME: 'main',
        RELEASE_VERSION: version,
        GITHUB_SHA: released,
      });
      expect(allRefs()).toEqual(before);
      expect(again.printed.filter((l) => l.startsWith('pushed'))).toEqual([]);

      const tagged = before.mlenv?.['refs/tags/v1.4.0'] ?? '';
      sh(['fetch', '-q', remoteOf('mlenv'), 'refs/tags/v1.4.0'], source);
      const retriggered = await release({
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF_TYPE: 'tag',
        GITHUB_REF_NAME: 'v1.4.0',
        GITHUB_SHA: tagged,
      });
      expect(retriggered.outputs.sha).toBe(released);
      expect(retriggered.printed).toContain(`a release commit: releasing its source ${released}`);
      expect(allRefs()).toEqual(before);
    });

    it('moves a tag a maintainer pushed on the released commit onto its release commit, once', async () => {
      await writeFile(path.join(source, 'package.json'), JSON.stringify({ version: '1.5.0' }));
      await writeFile(path.join(source, 'CHANGELOG.md'), changelog(['1.5.0', version]));
      await writeFile(path.join(source, 'actions/setup/dist/index.js'), '// setup 1.5.0\n');
      const next = commitSource(source, 'next');
      sh(['tag', '-a', '-m', 'MLEnv 1.5.0', 'v1.5.0', next], source);
      sh(['push', '-q', remoteOf('mlenv'), 'refs/tags/v1.5.0'], source);
      const run = {
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF_TYPE: 'tag',
        GITHUB_REF_NAME: 'v1.5.0',
        GITHUB_SHA: next,
      };
      await release(run);
      const monorepo = remoteOf('mlenv');
      const tagged = sh(['rev-parse', 'refs/tags/v1.5.0^{commit}'], monorepo);
      expect(sh(['rev-parse', `${tagged}^`], monorepo)).toBe(next);
      expect(sh(['rev-parse', 'refs/tags/v1'], monorepo)).toBe(tagged);
      for (const name of all) {
        expect(sh(['rev-parse', 'refs/tags/v1.5.0'], remoteOf(name))).toBe(head(name));
        expectPinned(sh(['show', 'main:action.yml'], remoteOf(name)), name, '1.5.0');
      }
      expectPinned(
        sh(['show', `${tagged}:.github/workflows/mlenv-pr.yml`], monorepo),
        'pr',
        '1.5.0',
      );
      // v1.4.0 stays where it was; a second run finds 1.5.0 in place.
      const before = allRefs();
      await release(run);
      expect(allRefs()).toEqual(before);
    });

    it('refuses a use it cannot pin before publishing anything, and an action published before what it uses', async () => {
      const bad = path.join(dir, 'pins-bad');
      await mkdir(path.join(bad, 'actions/ci'), { recursive: true });
      await writeFile(path.join(bad, 'package.json'), JSON.stringify({ version }));
      await writeFile(path.join(bad, 'CHANGELOG.md'), changelog([version]));
      await writeFile(
        path.join(bad, 'actions/ci/action.yml'),
        'name: ci\nruns:\n  using: composite\n  steps:\n    - uses: mlenv/nope@v1\n',
      );
      await mkdir(path.join(bad, '.github/workflows'), { recursive: true });
      await writeFile(
        path.join(bad, '.github/workflows/w.yml'),
        'jobs:\n  a:\n    uses: mlenv/mlenv/.github/workflows/mlenv-pr.yml@v1\n',
      );
      const printed: string[] = [];
      const print = { out: (l: string) => printed.push(l), err: (l: string) => printed.push(l) };
      const run = stepEnv({
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF_TYPE: 'tag',
        GITHUB_REF_NAME: 'v1.4.0',
      });
      expect(await main(['verify'], run, bad, print)).toBe(1);
      expect(printed).toEqual([
        expect.stringMatching(
          /^::error::actions\/ci\/action\.yml:5: uses mlenv\/nope@v1, but the release publishes no action nope/,
        ),
      ]);
      await writeFile(
        path.join(bad, 'actions/ci/action.yml'),
        'name: ci\nruns:\n  using: composite\n  steps:\n    - uses: mlenv/setup@v1\n',
      );
      await mkdir(path.join(bad, 'actions/setup'), { recursive: true });
      await writeFile(path.join(bad, 'actions/setup/action.yml'), 'name: setup\n');
      printed.length = 0;
      expect(await main(['verify'], run, bad, print)).toBe(1);
      expect(printed).toEqual([
        expect.stringMatching(
          /^::error::\.github\/workflows\/w\.yml:3: uses mlenv\/mlenv\/\.github\/workflows\/mlenv-pr\.yml@v1, a reference into mlenv\/mlenv/,
        ),
      ]);

      // ci before setup: refused at its use, nothing pushed.
      const empty = path.join(dir, 'pins-empty');
      for (const name of ['ci', 'setup'])
        sh(['init', '-q', '--bare', path.join(empty, `${name}.git`)], dir);
      await expect(
        publish({
          name: 'ci',
          version,
          repoRoot: bad,
          remote: path.join(empty, 'ci.git'),
          remoteOf: (name) => path.join(empty, `${name}.git`),
        }),
      ).rejects.toThrow(
        'actions/ci/action.yml:5: uses mlenv/setup, which has no v1.4.0 yet: the release publishes setup before what uses it',
      );
      expect(sh(['for-each-ref'], path.join(empty, 'ci.git'))).toBe('');
    });
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
          expect(step.run).toMatch(
            /^node scripts\/release\.ts (publish-action|publish-actions|tag-monorepo)$/,
          );
          // Every pushing step releases verify's source commit, under this owner.
          expect(step.env).toMatchObject({
            RELEASE_SOURCE: expr('needs.verify.outputs.source'),
            RELEASE_OWNER: expr('github.repository_owner'),
          });
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
    expect(holders).toEqual(['publish', 'publish-dependents', 'tag']);
    expect(text).not.toContain('secrets: inherit');
  });

  it('verifies, then publishes each action, those that use others after them, then tags this repository', () => {
    const { verify, publish, tag } = workflow.jobs;
    const dependents = workflow.jobs['publish-dependents'];
    const runs = (verify?.steps ?? []).map((step) => step.run).filter(Boolean);
    expect(runs).toEqual([
      'npm ci',
      'npx tsx scripts/release.ts source',
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
    expect(dependents?.needs).toEqual(['verify', 'publish']);
    expect(dependents?.steps.at(-1)?.env?.RELEASE_ACTIONS).toBe(
      expr('needs.verify.outputs.dependents'),
    );
    expect(tag?.needs).toEqual(['verify', 'publish', 'publish-dependents']);
    for (const job of [publish, dependents, tag]) {
      expect(job?.environment).toBe('release');
      // The source commit, not a release commit a run may have been started on.
      expect(job?.steps[0]?.with?.ref).toBe(expr('needs.verify.outputs.source'));
    }
    // On a release commit, verify checks its source: checked out before anything is checked.
    const steps = verify?.steps ?? [];
    const again = steps.findIndex((step) => step.with?.ref !== undefined);
    expect(steps[again]?.with?.ref).toBe(expr('steps.source.outputs.sha'));
    expect(again).toBeGreaterThan(steps.findIndex((step) => step.run?.endsWith(' source')));
    expect(again).toBeLessThan(steps.findIndex((step) => step.run?.endsWith(' verify')));
  });

  it('runs scripts/release.ts without node_modules: node: builtins only', () => {
    const source = readFileSync(path.join(root, 'scripts/release.ts'), 'utf8');
    const imports = [...source.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const name of imports) expect(name).toMatch(/^node:/);
  });
});

describe('pinning MLEnv actions in what is published', () => {
  const context: PinContext = {
    owner: 'mlenv',
    sourceRepo: 'mlenv/mlenv',
    published: ['setup', 'train', 'ci'],
    version: v('1.4.0'),
  };
  const sha = (c: string) => c.repeat(40);
  const pins = new Map<string, Pin>([
    ['setup', { sha: sha('a'), version: '1.4.0' }],
    ['train', { sha: sha('b'), version: '1.4.0' }],
  ]);

  it('pins each use of an MLEnv action, with the version as a comment, and nothing else', () => {
    const text = [
      'runs:',
      '  using: composite',
      '  steps:',
      '    - uses: mlenv/setup@v1',
      '    - name: train',
      "      uses: 'mlenv/train@v1' # the launcher",
      '    - uses: actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830 # v4.3.0',
      '    - run: echo "uses: mlenv/setup@v1 stays in a script"',
      '      shell: bash\r',
      '    - uses: mlenv/setup@v1\r',
      '',
    ].join('\n');
    expect(usedActions(text, 'actions/ci/action.yml', context)).toEqual(['setup', 'train']);
    expect(pinUses(text, 'actions/ci/action.yml', context, pins).split('\n')).toEqual([
      'runs:',
      '  using: composite',
      '  steps:',
      `    - uses: mlenv/setup@${sha('a')} # v1.4.0`,
      '    - name: train',
      `      uses: mlenv/train@${sha('b')} # v1.4.0`,
      '    - uses: actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830 # v4.3.0',
      '    - run: echo "uses: mlenv/setup@v1 stays in a script"',
      '      shell: bash\r',
      `    - uses: mlenv/setup@${sha('a')} # v1.4.0\r`,
      '',
    ]);
  });

  it.each([
    [
      'an action the release does not publish',
      'mlenv/nope@v1',
      'w.yml:3: uses mlenv/nope@v1, but the release publishes no action nope (it publishes setup, train, ci)',
    ],
    [
      'another ref than the major tag',
      'mlenv/setup@main',
      'w.yml:3: uses mlenv/setup@main: expected mlenv/setup@v1',
    ],
    ['another major', 'mlenv/setup@v2', 'w.yml:3: uses mlenv/setup@v2: expected mlenv/setup@v1'],
    [
      "a reusable workflow of this repository, which can't be pinned to the release's own commit",
      'mlenv/mlenv/.github/workflows/mlenv-pr.yml@v1',
      'w.yml:3: uses mlenv/mlenv/.github/workflows/mlenv-pr.yml@v1, a reference into mlenv/mlenv ' +
        "that the release cannot pin to the commit it is making: call ./.github/workflows/mlenv-pr.yml (GitHub takes it from the caller's own commit)",
    ],
    [
      'the monorepo form of an action',
      'mlenv/mlenv/actions/setup@v1',
      'w.yml:3: uses mlenv/mlenv/actions/setup@v1, a reference into mlenv/mlenv that the release ' +
        'cannot pin to the commit it is making: use mlenv/<action>@v1, which the release pins',
    ],
  ])('refuses %s, naming the file and line', (_name, uses, message) => {
    const text = `jobs:\n  a:\n    uses: ${uses}\n`;
    expect(scanUses(text, 'w.yml', context).errors).toEqual([expect.stringContaining(message)]);
    expect(() => pinUses(text, 'w.yml', context, pins)).toThrow(message);
  });

  it('leaves other owners alone, and knows a fork publishing under its own owner', () => {
    const text = '- uses: mlenvx/setup@v1\n- uses: acme/setup@v1\n- uses: mlenv/setup@v1\n';
    expect(pinUses(text, 'f', context, pins)).toBe(
      `- uses: mlenvx/setup@v1\n- uses: acme/setup@v1\n- uses: mlenv/setup@${sha('a')} # v1.4.0\n`,
    );
    const fork = { ...context, owner: 'acme', sourceRepo: 'acme/mlenv' };
    expect(pinUses(text, 'f', fork, pins)).toBe(
      `- uses: mlenvx/setup@v1\n- uses: acme/setup@${sha('a')} # v1.4.0\n- uses: acme/setup@${sha('a')} # v1.4.0\n`,
    );
  });

  it('orders the actions: those that use none first, then each after what it uses', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mlenv-release-stages-'));
    try {
      const write = async (name: string, uses: string[]) => {
        await mkdir(path.join(dir, 'actions', name), { recursive: true });
        const steps = uses.map((u) => `    - uses: mlenv/${u}@v1\n`).join('');
        await writeFile(
          path.join(dir, 'actions', name, 'action.yml'),
          `name: ${name}\nruns:\n  using: composite\n  steps:\n${steps}`,
        );
      };
      await write('a-top', ['mid', 'setup']);
      await write('mid', ['setup']);
      await write('setup', []);
      await write('train', []);
      const published = await listActions(dir);
      expect(await publishStages(dir, { ...context, published })).toEqual({
        first: ['setup', 'train'],
        dependents: ['mid', 'a-top'],
      });
      await write('setup', ['a-top']);
      await expect(publishStages(dir, { ...context, published })).rejects.toThrow(
        'actions a-top, mid, setup use each other in a cycle',
      );
      await write('setup', ['gone']);
      await expect(publishStages(dir, { ...context, published })).rejects.toThrow(
        'actions/setup/action.yml:5: uses mlenv/gone@v1, but the release publishes no action gone',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
