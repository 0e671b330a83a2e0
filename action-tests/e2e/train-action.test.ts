import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { MlflowClient } from '../../shared/mlflow/client.js';
import { writeWorkspace } from '../integration/workspace-fixture.js';
import { loadTestbed } from '../testbed/testbed.js';
import { type ActRepo, addTemplateTrainer, createActRepo, runAct } from './act.js';

// The train action, as committed (action.yml and its dist/ bundles), in a workflow run by act on
// this host, training the real template against the test bed's MLflow.
const bed = loadTestbed();
let scratch: ActRepo;

beforeAll(() => {
  scratch = createActRepo('train', ['train']);
  const { repo, home, git } = scratch;
  writeFileSync(path.join(home, '.actrc'), '-P ubuntu-latest=-self-hosted\n');
  // Two processes under torchrun, so the log has ranks to group.
  addTemplateTrainer(repo, 'fraud', (yaml) =>
    yaml.replace(
      '  precision: fp32\n',
      '  precision: fp32\n  distributed: torchrun\n  procsPerNode: 2\n',
    ),
  );
  writeWorkspace(repo, { tracking: { uri: bed.mlflow.uri } });
  // Values reach the workflow through env, never spliced into a script.
  scratch.write(
    '.github/workflows/train.yml',
    stringify({
      name: 'train',
      on: 'push',
      jobs: {
        train: {
          'runs-on': 'ubuntu-latest',
          steps: [
            // act copies this local repository for a checkout of itself; nothing is fetched.
            { uses: 'actions/checkout@v5' },
            {
              id: 'train',
              uses: './ci-actions/train',
              with: {
                project: 'pytorch-template',
                venv: '${{ env.VENV }}',
                params: 'epochs=1\nbatch-size=128',
                register: 'false',
              },
            },
            {
              name: 'record outputs',
              if: 'always()',
              env: {
                STATUS: '${{ steps.train.outputs.status }}',
                RUN_ID: '${{ steps.train.outputs.run-id }}',
                RUN_URL: '${{ steps.train.outputs.run-url }}',
                METRICS: '${{ steps.train.outputs.metrics }}',
                MODEL_URI: '${{ steps.train.outputs.model-uri }}',
              },
              run: 'jq -n --arg status "$STATUS" --arg runId "$RUN_ID" --arg runUrl "$RUN_URL" --arg metrics "$METRICS" --arg modelUri "$MODEL_URI" \'$ARGS.named\' > "$RESULTS/outputs.json"',
            },
          ],
        },
      },
    }),
  );
  git('init', '-q', '-b', 'feature');
  git('add', '.');
  git('commit', '-q', '-m', 'init');
});

afterAll(() => scratch?.remove());

describe('train action under act', () => {
  it('trains, sets its outputs and writes the job summary', async () => {
    const summaryDir = path.join(scratch.home, 'summary');
    const run = await runAct({
      act: bed.tools.act,
      cwd: scratch.repo,
      event: 'push',
      workflow: '.github/workflows/train.yml',
      home: scratch.home,
      env: { VENV: bed.python.venv, RESULTS: scratch.results },
      timeoutMs: 300_000,
    });
    const { log } = run;
    if (run.status !== 0) throw new Error(`act failed (${run.status}):\n${log.slice(-4000)}`);
    const outputs = JSON.parse(readFileSync(path.join(scratch.results, 'outputs.json'), 'utf8'));
    expect(outputs.status).toBe('succeeded');
    expect(outputs.runUrl).toBe(
      `${bed.mlflow.uri}/#/experiments/${outputs.runUrl.split('/experiments/')[1].split('/')[0]}/runs/${outputs.runId}`,
    );
    expect(JSON.parse(outputs.metrics).val_auc).toBeGreaterThan(0.5);
    expect(outputs.modelUri).toMatch(/^models:\/m-/);
    // act prints the job summary when the job ends; it holds the table and the curves.
    expect(log).toMatch(/MLEnv train: pytorch-template/);
    expect(log).toContain('xychart-beta');
    expect(log).toContain('::group::Training pytorch-template on local');
    // After the run, each process's output on its own (the template prints from rank 0 only;
    // torchrun's own lines are the launcher's).
    expect(log).toMatch(/::group::Log of rank 0 \(\d+ lines\)/);
    expect(log).toMatch(/::group::Log of trainer \(\d+ lines\)/);
    void summaryDir;
  });

  it('recorded the run in MLflow with the params from the action input', async () => {
    const outputs = JSON.parse(readFileSync(path.join(scratch.results, 'outputs.json'), 'utf8'));
    const run = await new MlflowClient({ uri: bed.mlflow.uri }).getRun(outputs.runId);
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    expect(params.epochs).toBe('1');
    expect(params.batch_size ?? params['batch-size']).toBe('128');
    expect(run.info.status).toBe('FINISHED');
  });
});
