import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

// Runs the committed bundle of actions/affected the way the runner does: inputs as INPUT_*
// variables, outputs and summary through the files GitHub names in GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY, the event from GITHUB_EVENT_PATH.
const root = path.resolve(import.meta.dirname, '../..');
const bundle = path.join(root, 'actions/affected/dist/index.js');
let repo: string;
let base: string;
let head: string;

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
}

function runAction(env: Record<string, string>) {
  const runner = mkdtempSync(path.join(tmpdir(), 'mlenv-runner-'));
  const files = {
    GITHUB_OUTPUT: 'output',
    GITHUB_STEP_SUMMARY: 'summary',
    GITHUB_EVENT_PATH: 'event.json',
  };
  for (const name of Object.values(files)) writeFileSync(path.join(runner, name), '');
  const vars = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, path.join(runner, v)]));
  const result = spawnSync(process.execPath, [bundle], {
    cwd: repo,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...vars, ...env },
  });
  const outputText = readFileSync(vars.GITHUB_OUTPUT as string, 'utf8');
  const outputs: Record<string, string> = {};
  for (const m of outputText.matchAll(/^(\w+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
    outputs[m[1] as string] = m[3] as string;
  const summary = readFileSync(vars.GITHUB_STEP_SUMMARY as string, 'utf8');
  rmSync(runner, { recursive: true, force: true });
  return { code: result.status, stdout: result.stdout, outputs, summary };
}

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'mlenv-affected-action-'));
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  write(
    'mlenv.yaml',
    'apiVersion: mlenv/v1\nkind: Workspace\nprojects: ["projects/*"]\nenvironment:\n  python: "3.11"\n  cuda: cpu\n  requirements: environment/requirements.in\n  lock: environment/requirements.lock\n  image: ghcr.io/acme/runtime\n',
  );
  write('environment/requirements.in', 'torch==2.15.0\n');
  for (const [name, deps] of [
    ['features', []],
    ['fraud', ['projects/features']],
    ['search', []],
  ] as const) {
    write(
      `projects/${name}/mlenv.yaml`,
      `apiVersion: mlenv/v1\nkind: Project\nname: ${name}\ndependsOn: ${JSON.stringify(deps)}\n`,
    );
  }
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  base = git('rev-parse', 'HEAD');
  write('projects/features/features.py', 'x = 1\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'change features');
  head = git('rev-parse', 'HEAD');
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('the affected action bundle', () => {
  it('sets the matrix of affected projects and writes the summary', () => {
    const { code, outputs, summary } = runAction({
      INPUT_BASE: base,
      INPUT_HEAD: head,
      INPUT_WORKSPACE: '.',
    });
    expect(code).toBe(0);
    expect(JSON.parse(outputs.projects ?? '')).toEqual(['features', 'fraud']);
    expect(JSON.parse(outputs.matrix ?? '')).toEqual({
      include: [
        { project: 'features', dir: 'projects/features', trains: false, promotes: false },
        { project: 'fraud', dir: 'projects/fraud', trains: false, promotes: false },
      ],
    });
    expect(outputs.any).toBe('true');
    expect(outputs.all).toBe('false');
    expect(summary).toContain('<td>fraud</td>');
    expect(summary).toContain('depends on features');
  });

  it('fails the step with the action name and an annotation for a bad workspace', () => {
    const original = readFileSync(path.join(repo, 'projects/search/mlenv.yaml'), 'utf8');
    write('projects/search/mlenv.yaml', `${original}trian: {}\n`);
    try {
      const { code, stdout } = runAction({ INPUT_BASE: base, INPUT_HEAD: head });
      expect(code).toBe(1);
      expect(stdout).toContain(
        '::error title=mlenv affected,file=projects/search/mlenv.yaml,line=5,col=1::projects/search/mlenv.yaml:5:1: trian: expected one of the keys',
      );
      expect(stdout).toMatch(/::error::affected: Invalid MLEnv configuration: 1 problem\./);
    } finally {
      write('projects/search/mlenv.yaml', original);
    }
  });
});
