import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { runAction } from '../run-action.js';
import {
  addPath,
  exportVariable,
  getInput,
  getState,
  jobSummary,
  saveState,
  setFailed,
  setOutput,
  setSecret,
  warning,
} from '../runner.js';
import { ACTION_INPUTS, type ActionName, actionDefaults, runStep } from './action-fixture.js';

const actionsDir = path.resolve(import.meta.dirname, '../..');

describe('ACTION_INPUTS', () => {
  it('names the inputs of every node action, as its action.yml declares them', () => {
    const nodeActions = readdirSync(actionsDir).filter((name) => {
      try {
        const manifest = parse(readFileSync(path.join(actionsDir, name, 'action.yml'), 'utf8'));
        return String(manifest.runs?.using).startsWith('node');
      } catch {
        return false;
      }
    });
    expect(Object.keys(ACTION_INPUTS).sort()).toEqual(nodeActions.sort());
    for (const action of nodeActions as ActionName[]) {
      const manifest = parse(readFileSync(path.join(actionsDir, action, 'action.yml'), 'utf8'));
      expect({ action, inputs: Object.keys(manifest.inputs ?? {}).sort() }).toEqual({
        action,
        inputs: [...ACTION_INPUTS[action]].sort(),
      });
    }
  });

  it("takes the defaults of action.yml, leaving out expressions such as github.token's", () => {
    expect(actionDefaults('gpu-test')).toMatchObject({
      'require-gpu': 'true',
      'lock-timeout': '30m',
      workspace: '.',
    });
    expect(actionDefaults('gpu-test')).not.toHaveProperty('github-token');
  });
});

describe('runStep', () => {
  it('reads back what a step wrote through the runner protocol, and puts the process back', async () => {
    process.env.INPUT_STALE = 'from an earlier step';
    const pathBefore = process.env.PATH;
    const seen: Record<string, string> = {};
    const run = await runStep(
      'promote',
      () =>
        runAction('promote', async () => {
          seen.stale = getInput('stale');
          seen.leaseWait = getInput('lease-wait');
          seen.project = getInput('project');
          seen.state = getState('kubeconfig');
          seen.event = process.env.GITHUB_EVENT_NAME ?? '';
          setSecret('s3cret');
          setOutput('outcome', 'promoted');
          setOutput('url', 'line one\nline two');
          saveState('handle', '{"backend":"local"}');
          exportVariable('MLENV_VENV', '/venv');
          addPath('/venv/bin');
          warning('gates: val_auc is close', { file: 'projects/fraud/mlenv.yaml', startLine: 3 });
          // An info line with a command in it is printed inside a stop-commands block.
          const { createActionLogger } = await import('../action-logger.js');
          createActionLogger().info('::set-output name=outcome::forged');
          await (await jobSummary()).addHeading('Promoted', 3).write();
          setFailed('promote: one, two: three%');
        }),
      {
        inputs: { project: 'fraud' },
        state: { kubeconfig: '/k' },
        event: { name: 'push', payload: {} },
      },
    );
    expect(seen).toEqual({
      stale: '',
      leaseWait: '0',
      project: 'fraud',
      state: '/k',
      event: 'push',
    });
    expect(run).toMatchObject({
      exitCode: 1,
      outputs: { outcome: 'promoted', url: 'line one\nline two' },
      state: { handle: '{"backend":"local"}' },
      exportedEnv: { MLENV_VENV: '/venv' },
      addedPaths: ['/venv/bin'],
      summary: '<h3>Promoted</h3>\n',
      masks: ['s3cret'],
      warnings: ['gates: val_auc is close'],
      errors: ['promote: one, two: three%'],
      log: ['::set-output name=outcome::forged'],
    });
    expect(run.commands.find((c) => c.command === 'warning')?.properties).toEqual({
      file: 'projects/fraud/mlenv.yaml',
      line: '3',
    });
    expect(process.exitCode).toBeUndefined();
    expect(process.env.INPUT_STALE).toBe('from an earlier step');
    expect(process.env.INPUT_PROJECT).toBeUndefined();
    expect(process.env.MLENV_VENV).toBeUndefined();
    expect(process.env.PATH).toBe(pathBefore);
    delete process.env.INPUT_STALE;
  });

  it('gives each run its own summary', async () => {
    const summaryOf = (text: string) =>
      runStep('doctor', async () => {
        await (await jobSummary()).addRaw(text).write();
      });
    expect((await summaryOf('first')).summary).toBe('first');
    expect((await summaryOf('second')).summary).toBe('second');
  });
});
