import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { MlflowClient } from '../../shared/mlflow/client.js';
import { writeWorkspace } from '../integration/workspace-fixture.js';
import { loadTestbed } from '../testbed/testbed.js';

// The train action, as committed (action.yml and its dist/ bundles), in a workflow run by act on
// this host, training the real template against the test bed's MLflow.
const repoRoot = path.resolve(import.meta.dirname, '../..');
const bed = loadTestbed();
let repo: string;
let home: string;
let results: string;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
}

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'mlenv-act-train-'));
  home = mkdtempSync(path.join(tmpdir(), 'mlenv-act-home-'));
  results = path.join(home, 'results');
  mkdirSync(results);
  writeFileSync(path.join(home, '.actrc'), '-P ubuntu-latest=-self-hosted\n');
  for (const part of ['action.yml', 'dist']) {
    cpSync(path.join(repoRoot, 'actions/train', part), path.join(repo, 'ci-actions/train', part), {
      recursive: true,
    });
  }
  cpSync(
    path.join(repoRoot, 'templates/workspace/projects/pytorch'),
    path.join(repo, 'projects/fraud'),
    { recursive: true },
  );
  // Two processes under torchrun, so the log has ranks to group.
  const projectFile = path.join(repo, 'projects/fraud/mlenv.yaml');
  writeFileSync(
    projectFile,
    readFileSync(projectFile, 'utf8').replace(
      '  precision: fp32\n',
      '  precision: fp32\n  distributed: torchrun\n  procsPerNode: 2\n',
    ),
  );
  writeWorkspace(repo, { tracking: { uri: bed.mlflow.uri } });
  // Values reach the workflow through env, never spliced into a script.
  write(
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
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  git('init', '-q', '-b', 'feature');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'init');
});

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('train action under act', () => {
  it('trains, sets its outputs and writes the job summary', () => {
    const summaryDir = path.join(home, 'summary');
    const run = spawnSync(
      bed.tools.act,
      [
        'push',
        '-W',
        '.github/workflows/train.yml',
        '-P',
        'ubuntu-latest=-self-hosted',
        '--env',
        `VENV=${bed.python.venv}`,
        '--env',
        `RESULTS=${results}`,
      ],
      {
        cwd: repo,
        env: {
          ...process.env,
          HOME: home,
          XDG_CONFIG_HOME: path.join(home, '.config'),
          NODE_OPTIONS: '',
        },
        encoding: 'utf8',
        timeout: 300_000,
      },
    );
    const log = run.stdout + run.stderr;
    if (run.status !== 0) throw new Error(`act failed (${run.status}):\n${log.slice(-4000)}`);
    const outputs = JSON.parse(readFileSync(path.join(results, 'outputs.json'), 'utf8'));
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
    const outputs = JSON.parse(readFileSync(path.join(results, 'outputs.json'), 'utf8'));
    const run = await new MlflowClient({ uri: bed.mlflow.uri }).getRun(outputs.runId);
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    expect(params.epochs).toBe('1');
    expect(params.batch_size ?? params['batch-size']).toBe('128');
    expect(run.info.status).toBe('FINISHED');
  });
});
