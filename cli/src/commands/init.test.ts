import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function mlenv(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsx, path.join(repoRoot, 'cli/src/index.ts'), ...args],
      { cwd, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

describe('mlenv init', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mlenv-init-cli-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--new-workspace creates a workspace with its CI workflow and CODEOWNERS', async () => {
    const created = await mlenv(['init', 'ml', '--new-workspace'], dir);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain(
      'Created workspace in ml: mlenv.yaml, environment/, ruff.toml, .github/workflows/mlenv.yml, .github/CODEOWNERS, .gitignore, projects/pytorch.',
    );
    expect(created.stdout).toContain('@your-org/ml-platform');
    expect(existsSync(path.join(dir, 'ml/.github/workflows/mlenv.yml'))).toBe(true);
    expect(readFileSync(path.join(dir, 'ml/.github/CODEOWNERS'), 'utf8')).toContain('/mlenv.yaml');
    expect((await mlenv(['validate'], path.join(dir, 'ml'))).code).toBe(0);
  });

  it('then creates projects inside it as before', async () => {
    const project = await mlenv(['--workspace', 'ml', 'init', 'ml/projects/churn'], dir);
    expect(project).toMatchObject({ code: 0, stderr: '' });
    expect(project.stdout).toContain('Created project churn in projects/churn');
  });

  it('refuses to create a workspace over existing files', async () => {
    const again = await mlenv(['init', 'ml', '--new-workspace'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ml: expected a new or empty directory for the workspace');
  });
});
