// Figure: cold start of an action bundle, from process start to its first log line, as a ratio
// to `node -e 0` measured in the same run (median of alternating runs). Goal: under 3x.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 21);
const GOAL = 3;

function timeToFirstLine(
  args: string[],
  env: NodeJS.ProcessEnv,
  waitForOutput: boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let seen = false;
    const done = () => resolve(Number(process.hrtime.bigint() - started) / 1e6);
    child.stdout.on('data', () => {
      if (!seen && waitForOutput) {
        seen = true;
        done();
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}`));
      else if (!waitForOutput) done();
      else if (!seen) reject(new Error(`${args.join(' ')} printed nothing`));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'mlenv-bench-'));
const outputFile = path.join(scratch, 'output');
const summaryFile = path.join(scratch, 'summary');
writeFileSync(outputFile, '');
writeFileSync(summaryFile, '');
const bundle = 'actions/affected/dist/index.js';
const actionEnv = {
  ...process.env,
  INPUT_WORKSPACE: 'templates/workspace',
  INPUT_BASE: 'HEAD',
  INPUT_HEAD: 'HEAD',
  GITHUB_OUTPUT: outputFile,
  GITHUB_STEP_SUMMARY: summaryFile,
};

const baseline: number[] = [];
const action: number[] = [];
try {
  // One unmeasured run of each warms the file system cache, as a runner's second step would.
  await timeToFirstLine(['-e', '0'], process.env, false);
  await timeToFirstLine([bundle], actionEnv, true);
  for (let i = 0; i < runs; i++) {
    baseline.push(await timeToFirstLine(['-e', '0'], process.env, false));
    action.push(await timeToFirstLine([bundle], actionEnv, true));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const ratio = median(action) / median(baseline);
const size = statSync(path.join(root, bundle)).size;
process.stdout.write(
  `action cold start (${bundle}, ${(size / 1e6).toFixed(2)} MB): median ${median(action).toFixed(1)} ms to first log line\n` +
    `baseline node -e 0: median ${median(baseline).toFixed(1)} ms\n` +
    `ratio: ${ratio.toFixed(2)}x (goal < ${GOAL}x, ${ratio < GOAL ? 'met' : 'NOT met'}; ${runs} runs each)\n`,
);
