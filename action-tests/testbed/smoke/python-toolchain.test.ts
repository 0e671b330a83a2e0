import fs from 'node:fs';
import { afterAll, describe, expect, jest, test } from '@jest/globals';
import { loadTestbed } from '../testbed.js';
import { versions } from '../versions.js';
import { runTool, tempDir, writeFiles } from './run-tool.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const bed = loadTestbed();
const dir = tempDir('python');

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('python ML toolchain', () => {
  test('torch (CPU) computes', () => {
    const res = runTool(bed.tools.python, [
      '-c',
      'import torch; x = torch.arange(4.0); print(torch.__version__.split("+")[0], float(x @ x), torch.cuda.is_available())',
    ]);
    expect(res.stderr).not.toMatch(/Traceback/);
    const [version, dot, cuda] = res.stdout.trim().split(' ');
    expect(version).toBe(versions.python.torch);
    expect(dot).toBe('14.0');
    expect(cuda).toBe('False');
  });

  test('ruff flags an unused import and pytest runs a test', () => {
    writeFiles(dir, {
      'lib.py': 'import os\n\n\ndef double(x):\n    return 2 * x\n',
      'test_lib.py':
        'from lib import double\n\n\ndef test_double():\n    assert double(21) == 42\n',
    });
    const ruff = runTool(bed.tools.ruff, ['check', '--no-cache', 'lib.py'], { cwd: dir });
    expect(ruff.status).toBe(1);
    expect(ruff.stdout).toContain('F401');
    const pytest = runTool(bed.tools.pytest, ['-q', '-p', 'no:cacheprovider', 'test_lib.py'], {
      cwd: dir,
    });
    expect(pytest.status).toBe(0);
    expect(pytest.stdout).toContain('1 passed');
  });

  test('uv is the pinned version', () => {
    const res = runTool(bed.tools.uv, ['--version']);
    expect(res.stdout).toContain(versions.uv);
  });

  test('the mlflow python client logs a run to the bed server', async () => {
    const script = [
      'import mlflow',
      'mlflow.set_experiment("smoke-python-client")',
      'with mlflow.start_run() as run:',
      '    mlflow.log_param("optimizer", "adamw")',
      '    mlflow.log_metric("accuracy", 0.9)',
      '    mlflow.log_text("weights", "model/notes.txt")',
      'print(run.info.run_id)',
    ].join('\n');
    const res = runTool(bed.tools.python, ['-c', script], {
      cwd: dir,
      env: { MLFLOW_TRACKING_URI: bed.mlflow.uri, MLFLOW_DISABLE_TELEMETRY: 'true' },
    });
    expect(res.status).toBe(0);
    const runId = res.stdout.trim().split('\n').pop() ?? '';
    const got = await fetch(new URL(`/api/2.0/mlflow/runs/get?run_id=${runId}`, bed.mlflow.uri));
    const body = (await got.json()) as {
      run: { data: { params: { key: string; value: string }[] } };
    };
    expect(body.run.data.params).toContainEqual({ key: 'optimizer', value: 'adamw' });
    const artifacts = await fetch(
      new URL(`/api/2.0/mlflow/artifacts/list?run_id=${runId}&path=model`, bed.mlflow.uri),
    );
    expect(JSON.stringify(await artifacts.json())).toContain('model/notes.txt');
  });
});
