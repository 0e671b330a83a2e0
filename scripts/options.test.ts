import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { parse } from 'yaml';
import { SETUP_OPTIONS } from '../shared/options/setup.js';
import { TRAIN_OPTIONS } from '../shared/options/train.js';
import { actionInput, main, planOptions, renderActionFile, writeOptions } from './options.js';

const root = path.resolve(import.meta.dirname, '..');
let scratch: string;
let actionsDir: string;

/** A copy of every actions/<name>/action.yml, the only files the generator reads and writes. */
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'mlenv-options-'));
  actionsDir = path.join(scratch, 'actions');
  for (const name of readdirSync(path.join(root, 'actions'))) {
    const file = path.join(root, 'actions', name, 'action.yml');
    try {
      cpSync(file, path.join(actionsDir, name, 'action.yml'));
    } catch {
      // Not an action folder (lib).
    }
  }
});

afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const copy = (name: string) => path.join(actionsDir, name, 'action.yml');
const read = (name: string) => readFileSync(copy(name), 'utf8');

async function check(): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(['--check'], actionsDir), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('scripts/options.ts', () => {
  it('finds every committed action.yml fresh', async () => {
    expect(await check()).toEqual({ code: 0, stderr: '' });
    expect((await planOptions({ actionsDir })).expected.size).toBeGreaterThanOrEqual(11);
  });

  it('fails --check when an action.yml drifts from its table, and writes it back', async () => {
    const fresh = read('train');
    writeFileSync(copy('train'), fresh.replace('default: "600"', 'default: "300"'));
    writeFileSync(copy('ci'), read('ci').replace(/\n {2}cache:\n/, '\n  caching:\n'));
    expect(await check()).toEqual({
      code: 1,
      stderr:
        'actions/ci/action.yml is stale: run npm run options\n' +
        'actions/train/action.yml is stale: run npm run options\n',
    });
    const plan = await writeOptions({ actionsDir });
    expect(plan.stale).toEqual(['actions/ci/action.yml', 'actions/train/action.yml']);
    expect(read('train')).toBe(fresh);
    expect(await check()).toEqual({ code: 0, stderr: '' });
  });

  it('replaces only the inputs section: the rest stays byte for byte, comments too', () => {
    const fresh = read('setup');
    const edited = fresh
      .replace('author: MLEnv\n', 'author: MLEnv # who\n# Inputs follow.\n')
      .replace(
        /\ninputs:\n[\s\S]*?\noutputs:/,
        '\ninputs:\n  stale:\n    description: old\noutputs:',
      );
    const rendered = renderActionFile('setup', edited);
    expect(rendered).toBe(
      fresh.replace('author: MLEnv\n', 'author: MLEnv # who\n# Inputs follow.\n'),
    );
    expect(renderActionFile('setup', rendered)).toBe(rendered);
  });

  it('refuses to drop a comment written inside the generated section', () => {
    const edited = read('setup').replace('  cache:\n', '  # keep this\n  cache:\n');
    expect(() => renderActionFile('setup', edited)).toThrow(
      /inputs section is generated, so its comments would be lost: # keep this/,
    );
  });

  it('declares each input of a JavaScript action as its table does', () => {
    const inputs = parse(read('train')).inputs;
    expect(Object.keys(inputs)).toEqual(
      Object.keys(TRAIN_OPTIONS).filter((name) => !['json'].includes(name)),
    );
    expect(inputs['pending-timeout']).toEqual({
      description: 'Seconds a pod may stay unschedulable before the run fails.',
      required: false,
      default: '600',
    });
    expect(inputs['tracking-token'].description).toMatch(/It is masked in every log\.$/);
    expect(inputs.register.description).toMatch(/, true or false\. Default, on the main branch/);
    expect(parse(read('pr-report')).inputs.results).toEqual({
      description: expect.any(String),
      required: true,
    });
    expect(parse(read('gpu-test')).inputs['github-token'].default).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression, verbatim.
      '${{ github.token }}',
    );
  });

  it("gives a composite's inputs the defaults, and unless worded for it the descriptions, of where they go", () => {
    const inputs = parse(read('gpu-ci')).inputs;
    expect(inputs.cache).toEqual({ ...actionInput(SETUP_OPTIONS.cache), required: false });
    expect(inputs['lock-timeout'].default).toBe('30m');
    expect(inputs['require-gpu'].description).toMatch(/the GPU tests pass with status skipped/);
    expect(inputs.project.description).toMatch(/^Project name or directory to install/);
    // ci hands its project on to both setup's project and check's projects.
    const ci = parse(read('ci'));
    expect(Object.keys(ci.inputs)).toEqual(['workspace', 'project', 'cache', 'allow-stale-lock']);
  });

  it('refuses a composite that hands an input on to one its action does not take', () => {
    const edited = read('ci').replace('projects: ${{', 'projekts: ${{');
    expect(() => renderActionFile('ci', edited)).toThrow(
      /step check hands inputs\.project to projekts, which check does not take/,
    );
  });
});
