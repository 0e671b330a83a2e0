// Figure: overhead of the local launcher. `mlenv train --backend local` on a ~10 s training job,
// versus the same trainer command run directly against the same MLflow server, as a ratio of
// medians measured in this run. Goal: at most 1.05x. Needs the test bed (npm run testbed -- up).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeWorkspace } from '../action-tests/integration/workspace-fixture.js';
import { loadTestbed } from '../action-tests/testbed/testbed.js';

const GOAL = 1.05;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const epochs = process.env.BENCH_EPOCHS ?? '12';
const root = path.resolve(import.meta.dirname, '..');
const bed = loadTestbed();
const work = mkdtempSync(path.join(tmpdir(), 'mlenv-bench-local-'));
const project = path.join(work, 'projects/fraud');
cpSync(path.join(root, 'templates/workspace/projects/pytorch'), project, { recursive: true });
writeWorkspace(work, { tracking: { uri: bed.mlflow.uri } });

function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const python = path.join(bed.python.venv, 'bin', 'python');
const direct: number[] = [];
const launcher: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    // Fresh checkpoints each time: the template resumes from an existing checkpoint otherwise.
    const outputs = path.join(work, `direct-${i}`);
    direct.push(
      timed(python, ['train.py', '--epochs', epochs], project, {
        ...process.env,
        MLFLOW_TRACKING_URI: bed.mlflow.uri,
        MLENV_OUTPUT_DIR: outputs,
        MLENV_CHECKPOINT_DIR: path.join(outputs, 'checkpoints'),
      }),
    );
    launcher.push(
      timed(
        process.execPath,
        [
          path.join(root, 'cli/dist/index.js'),
          '-w',
          work,
          'train',
          'pytorch-template',
          '--venv',
          bed.python.venv,
          '--no-register',
          '-p',
          `epochs=${epochs}`,
        ],
        work,
        process.env,
      ),
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const ratio = median(launcher) / median(direct);
process.stdout.write(
  `mlenv train --backend local: median ${median(launcher).toFixed(2)} s (${launcher.map((s) => s.toFixed(2)).join(', ')})\n` +
    `trainer run directly:        median ${median(direct).toFixed(2)} s (${direct.map((s) => s.toFixed(2)).join(', ')})\n` +
    `ratio: ${ratio.toFixed(3)}x (goal <= ${GOAL}x, ${ratio <= GOAL ? 'met' : 'NOT met'}; ${runs} runs each, ${epochs} epochs)\n`,
);
