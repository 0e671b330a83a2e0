import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { GithubServer } from '../../github-server/server.js';
import { projectYaml, writeWorkspace } from '../../integration/workspace-fixture.js';
import type { HostileString } from './corpus.js';

const exec = promisify(execFile);

/** Prints every argument on a line of its own, so a hostile param starts a log line. */
const ECHO_TRAINER = `import sys
for arg in sys.argv[1:]:
    print(arg)
`;

export interface Workspace {
  root: string;
  baseSha: string;
  headSha: string;
  /** A branch whose name is a shell payload (git allows `$`, `(`, `{`, `;`, backticks). */
  hostileBranch: string;
}

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args],
    { cwd, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout.trim();
}

/**
 * One workspace that every action runs in: a project with a trainer that echoes its argv, promote
 * settings, an MLflow server from the test bed, and a package index nobody listens on (a run that
 * reaches the upgrade planner fails at once instead of waiting on PyPI). Its history has commits
 * whose messages are hostile and a branch whose name is.
 */
export async function writeScratchWorkspace(
  root: string,
  options: { trackingUri: string; sentinelDir: string; corpus: HostileString[] },
): Promise<Workspace> {
  writeWorkspace(
    root,
    {
      tracking: { uri: options.trackingUri },
      environment: { indexUrl: 'http://127.0.0.1:9/simple/' },
    },
    {
      'projects/demo/mlenv.yaml': projectYaml('demo', {
        train: { command: ['python', 'echo_argv.py'], params: { epochs: 1 } },
        promote: {
          model: `security-corpus-${Date.now().toString(36)}`,
          gates: [{ metric: 'val_auc', min: 0.7 }],
          serving: { name: 'demo' },
        },
      }),
      'projects/demo/echo_argv.py': ECHO_TRAINER,
      'projects/demo/tests/test_ok.py': 'def test_ok():\n    assert True\n',
      '.gitignore': '.mlenv/\n__pycache__/\n',
    },
  );
  await git(root, 'init', '-q', '-b', 'main');
  await git(root, 'remote', 'add', 'origin', 'https://github.com/acme/ml.git');
  await git(root, 'add', '-A');
  await git(root, 'commit', '-q', '-m', 'The workspace');
  const baseSha = await git(root, 'rev-parse', 'HEAD');
  const hostileBranch = `feat/$(touch\${IFS}${options.sentinelDir}/pwned-branch);\`touch\${IFS}${options.sentinelDir}/pwned-branch-tick\``;
  await git(root, 'checkout', '-q', '-b', hostileBranch);
  // Each commit message is one corpus string: a tool that logs or evaluates history meets them.
  let n = 0;
  for (const hostile of options.corpus.filter((s) => s.id !== 'long')) {
    const file = `projects/demo/data-${n++}.txt`;
    writeFileSync(path.join(root, file), `${hostile.id}\n`);
    await git(root, 'add', file);
    await git(root, 'commit', '-q', '--allow-empty-message', '-m', hostile.value);
  }
  const headSha = await git(root, 'rev-parse', 'HEAD');
  return { root, baseSha, headSha, hostileBranch };
}

/**
 * The pull request of the event on the local GitHub server: hostile title and body, on a branch
 * the server holds; its number is what the event names.
 */
export async function seedPullRequest(
  github: GithubServer,
  hostile: { title: string; body: string },
): Promise<number> {
  github.state.seedRepo({ owner: 'acme', repo: 'ml', defaultBranch: 'main' });
  github.state.push({
    owner: 'acme',
    repo: 'ml',
    branch: 'feature',
    files: { 'projects/demo/change.txt': 'x\n' },
    message: hostile.title,
  });
  const response = await fetch(`${github.url}/repos/acme/ml/pulls`, {
    method: 'POST',
    headers: { authorization: 'token seed', 'content-type': 'application/json' },
    body: JSON.stringify({
      title: hostile.title,
      body: hostile.body,
      head: 'feature',
      base: 'main',
    }),
  });
  if (response.status !== 201)
    throw new Error(`seeding the pull request: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { number: number }).number;
}

/** A pull_request event from a fork whose every free-text field is hostile. */
export function pullRequestEvent(options: {
  number: number;
  baseSha: string;
  headSha: string;
  headRef: string;
  text: (field: string) => string;
}): Record<string, unknown> {
  const { text } = options;
  const repository = { full_name: 'acme/ml', name: 'ml', default_branch: 'main' };
  return {
    action: 'synchronize',
    number: options.number,
    pull_request: {
      number: options.number,
      title: text('title'),
      body: text('body'),
      merged: false,
      user: { login: 'octocat' },
      labels: [{ name: text('label') }],
      head: {
        ref: options.headRef,
        sha: options.headSha,
        label: `evil:${options.headRef}`,
        repo: { full_name: 'evil/ml', name: 'ml' },
      },
      base: { ref: 'main', sha: options.baseSha, repo: repository },
    },
    head_commit: { id: options.headSha, message: text('head_commit') },
    commits: [{ id: options.headSha, message: text('commit') }],
    repository,
    sender: { login: 'octocat' },
  };
}

/** A kubeconfig file whose credentials are seeded secrets, at a cluster nobody serves. */
export function writeSecretKubeconfig(
  file: string,
  secrets: { token: string; keyData: string },
): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:9' } }],
      users: [{ name: 'u', user: { token: secrets.token, 'client-key-data': secrets.keyData } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u', namespace: 'ci' } }],
      'current-context': 'c',
    }),
  );
}
