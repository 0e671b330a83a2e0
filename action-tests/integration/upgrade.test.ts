import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { loadWorkspace, type Workspace } from '../../shared/config/workspace.js';
import { lockEnvironment, lockHash, parseLockPins } from '../../shared/environment/index.js';
import { writeImages } from '../../shared/images/index.js';
import { createMemoryLogger } from '../../shared/logger/index.js';
import { PackageIndexError } from '../../shared/upgrade/index/index.js';
import { runUpgrade, type UpgradeResult } from '../../shared/upgrade/index.js';
import { type GithubServer, startGithubServer } from '../github-server/server.js';
import { type PackageIndexServer, startPackageIndex } from '../package-index/server.js';
import { projectYaml, workspaceYaml } from './workspace-fixture.js';

// `mlenv upgrade` for real: a fixture workspace pinned to old versions, a real package index
// (pypiserver with generated wheels whose metadata declares the torch family's coupling), real uv
// locking against it, a real git repository, and pull requests on the local GitHub API server that
// checks every request against GitHub's OpenAPI description.
const run = promisify(execFile);
let index: PackageIndexServer;
let github: GithubServer;
let octokit: Octokit;
const roots: string[] = [];

const REQUIREMENTS = `# The shared environment: one pin per line, comments kept by mlenv upgrade.
torch==2.5.0        # the framework
torchvision==0.20.0
torchaudio==2.5.0
numpy==1.26.4
leafpkg==1.0.0
`;

/** A workspace repository as a team has it: environment, lock, images, one project, committed. */
async function fixtureRepo(
  name: string,
  options: { requirements?: string; upgrade?: Record<string, unknown> } = {},
): Promise<{ root: string; workspace: Workspace }> {
  const root = mkdtempSync(path.join(tmpdir(), `mlenv-upgrade-${name}-`));
  roots.push(root);
  const files: Record<string, string> = {
    'mlenv.yaml': `# The workspace of the ${name} team.\n${workspaceYaml({
      upgrade: {
        allow: 'minor',
        groups: [{ name: 'pytorch', packages: ['torch', 'torchvision', 'torchaudio'] }],
        labels: ['mlenv-upgrade', 'gpu-tests'],
        ...options.upgrade,
      },
    }).replace('  image:', `  indexUrl: ${index.url}\n  image:`)}`,
    'environment/requirements.in': options.requirements ?? REQUIREMENTS,
    'projects/fraud/mlenv.yaml': projectYaml('fraud'),
  };
  for (const [file, text] of Object.entries(files)) {
    await run('mkdir', ['-p', path.dirname(path.join(root, file))]);
    writeFileSync(path.join(root, file), text);
  }
  let workspace = await loadWorkspace(root);
  await lockEnvironment(workspace, createMemoryLogger());
  workspace = await loadWorkspace(root);
  await writeImages(workspace, path.join(root, 'runner-images'));
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=t', '-c', 'user.email=t@e.x', ...args], { cwd: root });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'The workspace');
  const { stdout } = await git('ls-files');
  github.state.seedRepo({
    owner: 'acme',
    repo: name,
    files: Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((file) => [file, readFileSync(path.join(root, file), 'utf8')]),
    ),
  });
  return { root, workspace };
}

function upgrade(workspace: Workspace, repo: string, extra: { dryRun?: boolean } = {}) {
  const logger = createMemoryLogger();
  return {
    logger,
    result: runUpgrade({ workspace, logger, github: { octokit, owner: 'acme', repo }, ...extra }),
  };
}

async function fileOnBranch(repo: string, branch: string, file: string): Promise<string> {
  const { data } = await octokit.rest.repos.getContent({
    owner: 'acme',
    repo,
    path: file,
    ref: branch,
  });
  if (!('content' in data)) throw new Error(`${file} is not a file`);
  return Buffer.from(data.content, 'base64').toString('utf8');
}

const writes = (since: number, repo: string) =>
  github.requests
    .slice(since)
    .filter((r) => r.method !== 'GET' && r.path.startsWith(`/repos/acme/${repo}`));

beforeAll(async () => {
  index = await startPackageIndex();
  github = await startGithubServer();
  // Octokit logs every 404 (a missing branch is one) to the console; the tests read results.
  const quiet = () => undefined;
  octokit = new Octokit({
    auth: 'token',
    baseUrl: github.url,
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
}, 180_000);

afterAll(async () => {
  await index?.stop();
  if (github) {
    expect(github.violations()).toEqual([]);
    await github.stop();
  }
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('mlenv upgrade against a real package index and the local GitHub', () => {
  let repo: { root: string; workspace: Workspace };
  let first: UpgradeResult;

  beforeAll(async () => {
    repo = await fixtureRepo('ml');
  }, 120_000);

  it('plans the torch family together and shows the diff on a dry run, writing nothing', async () => {
    const before = github.requests.length;
    const { result } = upgrade(repo.workspace, 'ml', { dryRun: true });
    const plan = await result;
    expect(
      plan.groups.map((g) => [g.group, g.plan.changes.map((c) => `${c.name} ${c.to}`)]),
    ).toEqual([
      ['pytorch', ['torch 2.6.0', 'torchvision 0.21.0', 'torchaudio 2.6.0']],
      ['leafpkg', ['leafpkg 1.1.0']],
    ]);
    expect(plan.groups.every((g) => g.outcome === 'planned')).toBe(true);
    // numpy 2 is a major upgrade; the policy allows minor ones.
    expect(plan.held).toContainEqual(expect.objectContaining({ name: 'numpy' }));
    const pytorch = plan.groups[0];
    expect(pytorch?.diff).toContain('-torch==2.5.0        # the framework');
    expect(pytorch?.diff).toContain('+torch==2.6.0        # the framework');
    expect(pytorch?.diff).toMatch(/\+torchvision==0\.21\.0 \\/);
    expect(writes(before, 'ml')).toEqual([]);
    // The checkout is untouched.
    expect(readFileSync(path.join(repo.root, 'environment/requirements.in'), 'utf8')).toBe(
      REQUIREMENTS,
    );
  }, 120_000);

  it('opens one pull request per group with a correct lock and re-rendered images', async () => {
    first = await upgrade(repo.workspace, 'ml').result;
    expect(first.groups.map((g) => [g.group, g.outcome])).toEqual([
      ['pytorch', 'created'],
      ['leafpkg', 'created'],
    ]);
    const branch = 'mlenv/upgrade/pytorch';
    const lock = await fileOnBranch('ml', branch, 'environment/requirements.lock');
    expect(Object.fromEntries(parseLockPins(lock))).toMatchObject({
      torch: '2.6.0',
      torchvision: '0.21.0',
      torchaudio: '2.6.0',
      leafpkg: '1.0.0',
    });
    // The branch's workspace is consistent: its images are tagged with its own lock's hash.
    const scratch = mkdtempSync(path.join(tmpdir(), 'mlenv-upgrade-check-'));
    roots.push(scratch);
    for (const file of [
      'mlenv.yaml',
      'environment/requirements.in',
      'environment/requirements.lock',
      'projects/fraud/mlenv.yaml',
    ]) {
      await run('mkdir', ['-p', path.dirname(path.join(scratch, file))]);
      writeFileSync(path.join(scratch, file), await fileOnBranch('ml', branch, file));
    }
    const image = JSON.parse(await fileOnBranch('ml', branch, 'runner-images/image.json')) as {
      tag: string;
    };
    expect(image.tag).toBe(await lockHash(await loadWorkspace(scratch)));
    expect(await fileOnBranch('ml', branch, 'environment/requirements.in')).toBe(
      REQUIREMENTS.replace('torch==2.5.0', 'torch==2.6.0')
        .replace('torchvision==0.20.0', 'torchvision==0.21.0')
        .replace('torchaudio==2.5.0', 'torchaudio==2.6.0'),
    );

    const { data: pulls } = await octokit.rest.pulls.list({
      owner: 'acme',
      repo: 'ml',
      state: 'open',
    });
    expect(pulls.map((p) => p.head.ref).sort()).toEqual([
      'mlenv/upgrade/leafpkg',
      'mlenv/upgrade/pytorch',
    ]);
    const pytorchPull = pulls.find((p) => p.head.ref === branch);
    expect(pytorchPull?.title).toBe(
      'Upgrade pytorch: torch 2.5.0 → 2.6.0, torchvision 0.20.0 → 0.21.0, torchaudio 2.5.0 → 2.6.0',
    );
    expect(pytorchPull?.draft).toBe(false);
    expect(pytorchPull?.labels.map((l) => l.name).sort()).toEqual(['gpu-tests', 'mlenv-upgrade']);
    expect(pytorchPull?.body).toContain('https://github.com/pytorch/pytorch/releases/tag/v2.6.0');
    expect(pytorchPull?.body).toContain('GPU unit tests');
  }, 240_000);

  it('changes nothing when run again right after', async () => {
    const before = github.requests.length;
    const again = await upgrade(repo.workspace, 'ml').result;
    expect(again.groups.map((g) => [g.group, g.outcome])).toEqual([
      ['pytorch', 'unchanged'],
      ['leafpkg', 'unchanged'],
    ]);
    expect(writes(before, 'ml')).toEqual([]);
  }, 240_000);

  it('updates its own pull request for a newer release instead of opening another', async () => {
    await index.publish('leafpkg', { version: '1.2.0' });
    const updated = await upgrade(repo.workspace, 'ml').result;
    const leaf = updated.groups.find((g) => g.group === 'leafpkg');
    expect(leaf?.outcome).toBe('updated');
    expect(leaf?.proposal?.pullNumber).toBe(
      first.groups.find((g) => g.group === 'leafpkg')?.proposal?.pullNumber,
    );
    const { data: pulls } = await octokit.rest.pulls.list({
      owner: 'acme',
      repo: 'ml',
      state: 'open',
    });
    expect(pulls).toHaveLength(2);
    expect(
      await fileOnBranch('ml', 'mlenv/upgrade/leafpkg', 'environment/requirements.in'),
    ).toContain('leafpkg==1.2.0');
  }, 240_000);

  it('leaves a branch alone once a person committed to it, and says so on the pull request', async () => {
    const branch = 'mlenv/upgrade/leafpkg';
    const human = github.state.push({
      owner: 'acme',
      repo: 'ml',
      branch,
      files: { 'projects/fraud/NOTES.md': 'Checked leafpkg 1.2 by hand.\n' },
      message: 'Note the manual check',
    });
    await index.publish('leafpkg', { version: '1.3.0' });
    const { result, logger } = upgrade(repo.workspace, 'ml');
    const blocked = await result;
    const leaf = blocked.groups.find((g) => g.group === 'leafpkg');
    expect(leaf?.outcome).toBe('blocked');
    const { data: ref } = await octokit.rest.git.getRef({
      owner: 'acme',
      repo: 'ml',
      ref: `heads/${branch}`,
    });
    expect(ref.object.sha).toBe(human);
    const { data: comments } = await octokit.rest.issues.listComments({
      owner: 'acme',
      repo: 'ml',
      issue_number: leaf?.proposal?.pullNumber ?? 0,
    });
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(human.slice(0, 7));
    expect(logger.lines.join('\n')).toMatch(/leafpkg/);
  }, 240_000);
});

describe('versions that cannot be resolved together', () => {
  // mlflowish 1.0.0 requires torch<2.6: the torch family's upgrade has no solution.
  const requirements = `${REQUIREMENTS}mlflowish==1.0.0\n`;

  it('opens the group as a draft that explains the conflict (onConflict: draft)', async () => {
    const { workspace } = await fixtureRepo('drafts', {
      requirements,
      upgrade: { onConflict: 'draft' },
    });
    const result = await upgrade(workspace, 'drafts').result;
    const pytorch = result.groups.find((g) => g.group === 'pytorch');
    expect(pytorch?.outcome).toBe('created');
    expect(pytorch?.conflict).toMatch(/No solution found/);
    const { data: pull } = await octokit.rest.pulls.get({
      owner: 'acme',
      repo: 'drafts',
      pull_number: pytorch?.proposal?.pullNumber ?? 0,
    });
    expect(pull.draft).toBe(true);
    expect(pull.body).toMatch(/mlflowish/);
  }, 240_000);

  it('opens nothing for the group and says why (onConflict: skip)', async () => {
    const { workspace } = await fixtureRepo('skips', {
      requirements,
      upgrade: { onConflict: 'skip' },
    });
    const before = github.requests.length;
    const { result, logger } = upgrade(workspace, 'skips');
    const skipped = await result;
    expect(skipped.groups.find((g) => g.group === 'pytorch')?.outcome).toBe('skipped');
    expect(writes(before, 'skips').filter((r) => r.path.includes('pytorch'))).toEqual([]);
    expect(logger.lines.join('\n')).toMatch(/pytorch: not proposed \(upgrade.onConflict is skip\)/);
  }, 240_000);
});

describe('a package index that is down', () => {
  it('fails clearly, naming the index, and writes nothing to GitHub', async () => {
    const { workspace } = await fixtureRepo('down');
    index.faults.set('down');
    const before = github.requests.length;
    try {
      await expect(upgrade(workspace, 'down').result).rejects.toThrow(PackageIndexError);
      await expect(upgrade(workspace, 'down').result).rejects.toThrow(index.url.replace(/\/$/, ''));
    } finally {
      index.faults.set(null);
    }
    expect(writes(before, 'down')).toEqual([]);
  }, 240_000);
});

describe('mlenv upgrade from the CLI bundle', () => {
  const cli = path.resolve(import.meta.dirname, '../../cli/dist/index.js');
  const env = { ...process.env, GITHUB_TOKEN: '', GITHUB_REPOSITORY: '' };

  it('says there is nothing to upgrade, and exits 0, when everything is current', async () => {
    const { root } = await fixtureRepo('current', {
      requirements: 'torch==2.6.0\ntorchvision==0.21.0\nleafpkg==2.0.0\n',
      upgrade: { allow: 'major' },
    });
    const { stdout } = await run(process.execPath, [cli, 'upgrade', '--dry-run'], {
      cwd: root,
      env,
    });
    expect(stdout).toBe('Nothing to upgrade: pytorch, leafpkg up to date.\n');
  }, 120_000);

  it('prints the plan and the diff on --dry-run, and asks for a token otherwise', async () => {
    const { root } = await fixtureRepo('cli');
    const { stdout } = await run(process.execPath, [cli, 'upgrade', '--dry-run'], {
      cwd: root,
      env,
    });
    expect(stdout).toContain(
      'pytorch: planned (dry run: nothing written)\n  torch 2.5.0 → 2.6.0 (minor)',
    );
    expect(stdout).toContain('+++ b/environment/requirements.lock');
    const refused = await run(process.execPath, [cli, 'upgrade'], { cwd: root, env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('expected GITHUB_TOKEN in the environment'),
    });
  }, 120_000);
});
