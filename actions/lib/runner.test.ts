import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as runner from './runner.js';

// The runner reads stdout and the files GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV and GITHUB_PATH
// name: each case runs @actions/core and ours on the same arguments and compares what both wrote.
let scratch: string;
let written: string;
let spy: ReturnType<typeof jest.spyOn>;
const savedEnv = { ...process.env };
const FILES = ['OUTPUT', 'STATE', 'ENV', 'PATH'] as const;

beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'mlenv-runner-'));
  written = '';
  spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written += String(chunk);
    return true;
  });
});

afterEach(() => {
  spy.mockRestore();
  rmSync(scratch, { recursive: true, force: true });
  process.env = { ...savedEnv };
  process.exitCode = undefined;
});

interface Effects {
  stdout: string;
  files: Record<string, string>;
  exitCode: typeof process.exitCode;
  env: Record<string, string | undefined>;
}

/** Runs one side with fresh command files (or none) and returns everything it left behind. */
function effects(withFiles: boolean, act: () => void, envKeys: string[] = []): Effects {
  process.env = { ...savedEnv, PATH: '/usr/bin' };
  for (const name of FILES) delete process.env[`GITHUB_${name}`];
  const dir = mkdtempSync(path.join(scratch, 'side-'));
  if (withFiles) {
    for (const name of FILES) {
      const file = path.join(dir, name);
      writeFileSync(file, '');
      process.env[`GITHUB_${name}`] = file;
    }
  }
  written = '';
  process.exitCode = undefined;
  act();
  const files: Record<string, string> = {};
  if (withFiles) for (const name of FILES) files[name] = readFileSync(path.join(dir, name), 'utf8');
  const result = {
    stdout: written,
    files,
    exitCode: process.exitCode,
    env: Object.fromEntries(envKeys.map((k) => [k, process.env[k]])),
  };
  // Each call draws a random heredoc delimiter; the rest must match exactly.
  return JSON.parse(JSON.stringify(result).replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER'));
}

function expectSame(act: (api: typeof runner) => void, envKeys: string[] = []): void {
  for (const withFiles of [true, false]) {
    const theirs = effects(withFiles, () => act(core as unknown as typeof runner), envKeys);
    const ours = effects(withFiles, () => act(runner), envKeys);
    expect(ours).toEqual(theirs);
    // A case that writes nothing would compare nothing.
    expect(`${ours.stdout}${Object.values(ours.files).join('')}`).not.toBe('');
  }
}

const AWKWARD = 'a%b\r\nc: d, e::f\n::set-output name=x::y';

describe('runner, against @actions/core', () => {
  it('prints info and debug lines, escaping what would end the command', () => {
    expectSame((api) => {
      api.info('plain line');
      api.info(AWKWARD);
      api.debug(AWKWARD);
      api.debug('');
    });
  });

  it('writes annotations with and without a place, and skips empty properties', () => {
    expectSame((api) => {
      api.warning('no place');
      api.error('no place');
      api.warning(AWKWARD, { file: 'dir/a, b:c.yaml', startLine: 3, startColumn: 7, title: 'T' });
      api.error('only a file', { file: 'mlenv.yaml' });
      api.error('every field empty', { file: undefined, startLine: 0 });
      api.warning('range', { file: 'f', startLine: 1, endLine: 2, startColumn: 3, endColumn: 4 });
    });
  });

  it('groups, masks and fails the step', () => {
    expectSame((api) => {
      api.startGroup('Log of trainer (3 lines)');
      api.endGroup();
      api.setSecret('s3cr%t\nline');
      api.setFailed(`train: ${AWKWARD}`);
    });
  });

  it('sets outputs, state, variables and PATH, in files or as commands', () => {
    expectSame(
      (api) => {
        api.setOutput('matrix', '{"include":[{"project":"fraud"}]}');
        api.setOutput('multi', 'line one\nline two');
        api.setOutput('empty', '');
        api.saveState('submitted', '[{"kind":"Job"}]');
        api.exportVariable('MLENV_VENV', '/w/.mlenv/venvs/abc');
        api.addPath('/w/.mlenv/venvs/abc/bin');
      },
      ['MLENV_VENV', 'PATH'],
    );
  });

  it('reads inputs and state from the environment as the runner passes them', () => {
    process.env['INPUT_TRACKING-URI'] = '  http://mlflow:5000 \n';
    process.env.INPUT_MY_INPUT = 'spaced name';
    process.env.STATE_submitted = '[]';
    for (const name of ['tracking-uri', 'my input', 'Tracking-Uri', 'missing']) {
      expect(runner.getInput(name)).toBe(core.getInput(name));
    }
    expect(runner.getInput('tracking-uri')).toBe('http://mlflow:5000');
    expect(runner.getState('submitted')).toBe(core.getState('submitted'));
    expect(runner.getState('finished')).toBe(core.getState('finished'));
  });

  it('refuses a missing command file as @actions/core does', () => {
    process.env.GITHUB_OUTPUT = path.join(scratch, 'gone');
    expect(() => runner.setOutput('x', 'y')).toThrow(
      new Error(`Missing file at path: ${process.env.GITHUB_OUTPUT}`),
    );
    expect(() => core.setOutput('x', 'y')).toThrow(
      new Error(`Missing file at path: ${process.env.GITHUB_OUTPUT}`),
    );
  });

  it("writes the job summary with @actions/core's builder", async () => {
    const file = path.join(scratch, 'summary.md');
    writeFileSync(file, '');
    process.env.GITHUB_STEP_SUMMARY = file;
    const summary = await runner.jobSummary();
    expect(summary).toBe(core.summary);
    await summary.addHeading('MLEnv: affected projects', 3).addRaw('1 of 2 projects').write();
    expect(readFileSync(file, 'utf8')).toBe('<h3>MLEnv: affected projects</h3>\n1 of 2 projects');
    summary.emptyBuffer();
  });
});
