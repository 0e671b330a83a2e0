import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

// Runs the committed CLI bundle as `npx mlenv` does, so a stale or broken bundle fails here.
const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli/dist/index.js');

function mlenv(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('mlenv CLI bundle', () => {
  it('lists its commands', () => {
    const { code, stdout } = mlenv(['--help']);
    expect(code).toBe(0);
    for (const command of [
      'validate',
      'projects',
      'affected',
      'schema',
      'train',
      'mlflow',
      'setup',
      'env',
    ])
      expect(stdout).toContain(command);
  });

  it('documents each command', () => {
    const { code, stdout } = mlenv(['validate', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('FILE:LINE:COL: KEY: expected ..., found ...');
  });

  it('validates the workspace template, found from a project directory', () => {
    const { code, stdout } = mlenv(
      ['validate'],
      path.join(root, 'templates/workspace/projects/pytorch'),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/valid workspace with 1 project\(s\): pytorch-template/);
  });

  it('prints one positioned line per problem and exits 1, without a stack trace', () => {
    const fixture = path.join(root, 'shared/config/fixtures/invalid/bad-values');
    const { code, stderr } = mlenv(['validate'], fixture);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines.slice(0, -1)).toHaveLength(6);
    expect(lines).toContain(
      'projects/a/mlenv.yaml:6:15: train.maxRuntime: expected a duration such as "30m", "2h" or "1h30m", found "30 minutes"',
    );
    expect(lines.at(-1)).toBe('6 problems found.');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('says where it looked when there is no workspace', () => {
    const { code, stderr } = mlenv(['validate'], '/');
    expect(code).toBe(1);
    expect(stderr).toContain('No mlenv.yaml with "kind: Workspace" in /');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('prints the JSON Schema for editors', () => {
    const { code, stdout } = mlenv(['schema', '--kind', 'Project']);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.properties.kind.const).toBe('Project');
    expect(schema.additionalProperties).toBe(false);
  });

  it('creates a project from the PyTorch template inside a workspace', () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'mlenv-init-'));
    try {
      mkdirSync(path.join(ws, 'environment'));
      writeFileSync(path.join(ws, 'environment/requirements.in'), 'torch\n');
      writeFileSync(
        path.join(ws, 'mlenv.yaml'),
        'apiVersion: mlenv/v1\nkind: Workspace\nprojects: ["projects/*"]\nenvironment:\n  python: "3.11"\n  cuda: cpu\n  requirements: environment/requirements.in\n  lock: environment/requirements.lock\n  image: ghcr.io/acme/runtime\n',
      );
      const created = mlenv(['init', 'projects/churn', '--template', 'pytorch'], ws);
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('Created project churn in projects/churn');
      const config = readFileSync(path.join(ws, 'projects/churn/mlenv.yaml'), 'utf8');
      expect(config).toMatch(/^name: churn$/m);
      expect(config).toMatch(/model: churn$/m);
      expect(existsSync(path.join(ws, 'projects/churn/train.py'))).toBe(true);
      expect(mlenv(['validate'], ws).code).toBe(0);
      const again = mlenv(['init', 'projects/churn'], ws);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('expected a new or empty directory');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('rejects an unknown command with help', () => {
    const { code, stderr } = mlenv(['trian']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/unknown command 'trian'/);
  });
});
