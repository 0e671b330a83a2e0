import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
let root: string;

function mlenv(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsx, path.join(repoRoot, 'cli/src/index.ts'), ...args],
      { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
      },
    );
  });
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

const served = (name: string) =>
  `apiVersion: mlenv/v1\nkind: Project\nname: ${name}\n` +
  `promote:\n  model: ${name}-model\n  serving: { name: ${name} }\n`;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-serve-cli-'));
  write(
    'mlenv.yaml',
    'apiVersion: mlenv/v1\nkind: Workspace\nprojects: ["projects/*"]\nenvironment:\n' +
      '  python: "3.11"\n  cuda: cpu\n  requirements: requirements.in\n' +
      '  lock: requirements.lock\n  image: ghcr.io/acme/runtime\n',
  );
  write('requirements.in', 'torch==2.15.0\n');
  write('projects/features/mlenv.yaml', 'apiVersion: mlenv/v1\nkind: Project\nname: features\n');
  write('projects/fraud/mlenv.yaml', served('fraud'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('mlenv serve without a project argument', () => {
  it('status and stop act on the only project that serves a model', async () => {
    const status = await mlenv(['serve', 'status', '--json']);
    expect(status).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(status.stdout)).toMatchObject({ serving: 'fraud', deployed: false });
    const stop = await mlenv(['serve', 'stop']);
    expect(stop).toMatchObject({ code: 0, stdout: 'Nothing was serving.\n' });
  });

  it('names the projects to choose from when several serve a model', async () => {
    write('projects/churn/mlenv.yaml', served('churn'));
    const status = await mlenv(['serve', 'status']);
    expect(status).toMatchObject({
      code: 1,
      stderr:
        'Which project? Several serve a model: churn, fraud. Name one, or run inside its directory.\n',
    });
  });
});
