import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MANAGED_PYTEST_VERSION } from '../check/managed-tools.js';
import { findUv } from '../environment/index.js';
import { createMemoryLogger } from '../logger/index.js';
import { isSameProcessAlive } from '../process/identity.js';
import { sleep } from '../util/sleep.js';
import type { CommandResult, CommandRunner } from './command-runner.js';
import { findPytestPython } from './fixtures/pytest-python.js';
import { acquireGpus } from './gpu-lock.js';
import { GPU_SAMPLE_QUERY } from './gpu-sampler.js';
import { type GpuTestOptions, parseLockTimeout, runGpuTests } from './gpu-test.js';
import { formatGpuTestForTerminal, gpuTestSummaryMarkdown } from './gpu-test-report.js';
import { NVIDIA_SMI_QUERY } from './nvidia-smi.js';
import { parseCudaVisibleDevices, restrictToVisible } from './visible-gpus.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

const UUIDS = [
  'GPU-4c2f9a1e-0000-5e8f-a1c2-9d8e7f6a5b40',
  'GPU-4c2f9a1e-0001-5e8f-a1c2-9d8e7f6a5b41',
];
const TWO_GPUS = UUIDS.map(
  (uuid, i) =>
    `${i}, ${uuid}, NVIDIA H100 80GB HBM3, 81559, 0, 580.159.04, 0, 0, 31, 00000000:${18 + i}:00.0`,
).join('\n');

function enoent(): Error {
  return Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' });
}

/**
 * nvidia-smi of a machine with the GPUs of `csv`, or of one without nvidia-smi. Usage samples
 * rise with every call, and the highest values handed out are recorded to compare with the report.
 */
function fakeSmi(csv: string | 'missing') {
  const calls: string[][] = [];
  const peaks = new Map<number, { memory: number; util: number }>();
  let n = 0;
  const run: CommandRunner = async (argv): Promise<CommandResult> => {
    calls.push([...argv]);
    if (csv === 'missing') throw enoent();
    if (argv.join(' ') === NVIDIA_SMI_QUERY.join(' '))
      return { exitCode: 0, stdout: csv, stderr: '' };
    if (argv.join(' ') === GPU_SAMPLE_QUERY.join(' ')) {
      n++;
      const lines = UUIDS.map((uuid, i) => {
        const memory = 1000 * (i + 1) + n;
        const util = (n * 7 + i * 13) % 101;
        const peak = peaks.get(i) ?? { memory: 0, util: 0 };
        peaks.set(i, { memory: Math.max(peak.memory, memory), util: Math.max(peak.util, util) });
        return `${i}, ${uuid}, ${memory}, ${util}`;
      });
      return { exitCode: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
    }
    throw enoent();
  };
  return { run, calls, peaks };
}

const python = findPytestPython();
// Real pytest runs need a Python with pytest; without one these tests are skipped.
const withPytest = python ? describe : describe.skip;

const CONFTEST = `import json, os, time, pytest

def pytest_configure(config):
    config.addinivalue_line("markers", "gpu: needs a GPU")
    config.addinivalue_line("markers", "integration: trainer tests")

_met = False

@pytest.fixture(autouse=True)
def record(request):
    global _met
    out = os.environ["RECORD_DIR"]
    if request.node.get_closest_marker("gpu") and not _met:
        # Every shard waits here for the others: shards run one after another never meet.
        barrier = os.path.join(out, "barrier")
        os.makedirs(barrier, exist_ok=True)
        open(os.path.join(barrier, os.environ["CUDA_VISIBLE_DEVICES"]), "w").close()
        deadline = time.time() + 60
        while len(os.listdir(barrier)) < int(os.environ["SHARDS"]):
            if time.time() > deadline:
                pytest.fail("the other shards never started: shards did not run concurrently")
            time.sleep(0.02)
        _met = True
    start = time.time()
    yield
    name = request.node.nodeid.replace("/", "_").replace(":", "_")
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump({
            "nodeid": request.node.nodeid,
            "cvd": os.environ.get("CUDA_VISIBLE_DEVICES"),
            "count": os.environ.get("MLENV_GPU_COUNT"),
            "order": os.environ.get("CUDA_DEVICE_ORDER"),
            "start": start,
            "end": time.time(),
        }, f)
`;

interface Seen {
  nodeid: string;
  cvd: string;
  count: string;
  order: string;
  start: number;
  end: number;
}

function seen(recordDir: string): Map<string, Seen> {
  if (!existsSync(recordDir)) return new Map();
  return new Map(
    readdirSync(recordDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => {
        const s = JSON.parse(readFileSync(path.join(recordDir, f), 'utf8')) as Seen;
        return [s.nodeid, s];
      }),
  );
}

withPytest('runGpuTests with real pytest', () => {
  let root: string;
  let lockDir: string;
  let recordDir: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'mlenv-gpu-test-'));
    mkdirSync(path.join(root, 'tests', 'integration'), { recursive: true });
    writeFileSync(path.join(root, 'tests', 'conftest.py'), CONFTEST);
    writeFileSync(
      path.join(root, 'tests', 'test_model.py'),
      `import os, pytest

pytestmark = pytest.mark.gpu

def test_forward(): pass

def test_maybe_broken():
    assert os.environ.get("BREAK") != "1", "broken on purpose"
`,
    );
    writeFileSync(
      path.join(root, 'tests', 'test_train.py'),
      `import pytest

@pytest.mark.gpu
def test_step(): pass

@pytest.mark.gpu
@pytest.mark.parametrize("dtype", ["bf16", "fp16"])
def test_dtype(dtype): pass

def test_cpu_only(): pass
`,
    );
    writeFileSync(
      path.join(root, 'tests', 'integration', 'test_trainer.py'),
      `import pytest

pytestmark = pytest.mark.integration

def test_short_training(): pass
`,
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => {
    lockDir = mkdtempSync(path.join(tmpdir(), 'mlenv-gpu-locks-'));
    recordDir = mkdtempSync(path.join(tmpdir(), 'mlenv-gpu-seen-'));
  });
  afterEach(() => {
    rmSync(lockDir, { recursive: true, force: true });
    rmSync(recordDir, { recursive: true, force: true });
  });

  function options(
    overrides: Partial<GpuTestOptions> & { extraEnv?: Record<string, string> } = {},
  ): GpuTestOptions {
    const { extraEnv, ...rest } = overrides;
    return {
      workspace: { root },
      project: {
        name: 'tiny',
        dir: '.',
        config: { tests: { unit: 'tests', integration: 'tests/integration' } },
      },
      environment: { python: python ?? 'python3', bin: '' },
      lockDir,
      lockTimeoutMs: 5_000,
      event: { name: 'push', payload: {} },
      logger: createMemoryLogger(),
      run: fakeSmi(TWO_GPUS).run,
      env: { ...process.env, RECORD_DIR: recordDir, SHARDS: '2', ...extraEnv },
      sampleIntervalMs: 20,
      ...rest,
    };
  }

  it('refuses a fork pull request without touching nvidia-smi or starting pytest', async () => {
    const payload = JSON.parse(
      readFileSync(
        path.join(import.meta.dirname, 'fixtures/events/pull-request-synchronize-fork.json'),
        'utf8',
      ),
    );
    const smi = fakeSmi(TWO_GPUS);
    const logger = createMemoryLogger();
    const result = await runGpuTests(
      options({ event: { name: 'pull_request', payload }, run: smi.run, logger }),
    );
    expect(result.status).toBe('refused');
    expect(result.reason).toMatch(
      /#482 comes from fork .* a maintainer must apply label gpu-tests-approved/,
    );
    expect(smi.calls).toEqual([]);
    expect(seen(recordDir).size).toBe(0);
    expect(logger.lines).toContain(`error: GPU tests refused: ${result.reason}`);
    expect(gpuTestSummaryMarkdown(result)).toContain(result.reason);
    expect(formatGpuTestForTerminal(result)).toContain(`refused: ${result.reason}`);
  });

  it('refuses pull_request_target from a fork even with the approval label', async () => {
    const payload = JSON.parse(
      readFileSync(
        path.join(import.meta.dirname, 'fixtures/events/pull-request-target-labeled-fork.json'),
        'utf8',
      ),
    );
    const result = await runGpuTests(
      options({
        event: { name: 'pull_request_target', payload },
        currentPull: { headSha: payload.pull_request.head.sha, labels: ['gpu-tests-approved'] },
      }),
    );
    expect(result.status).toBe('refused');
    expect(result.reason).toMatch(/pull_request_target/);
    expect(seen(recordDir).size).toBe(0);
  });

  it('fails clearly when no GPU is visible, or skips when a GPU is not required', async () => {
    const failed = await runGpuTests(options({ run: fakeSmi('missing').run }));
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/^no GPU visible on this machine: nvidia-smi not found/);
    expect(failed.reason).toContain('require-gpu: false');

    const skipped = await runGpuTests(options({ run: fakeSmi('missing').run, requireGpu: false }));
    expect(skipped.status).toBe('skipped');
    expect(skipped.reason).toMatch(/no GPU visible .*require-gpu is false/);

    const hidden = await runGpuTests(options({ extraEnv: { CUDA_VISIBLE_DEVICES: '-1' } }));
    expect(hidden.status).toBe('failed');
    expect(hidden.reason).toContain('CUDA_VISIBLE_DEVICES="-1" hides all 2 GPU(s)');
    expect(seen(recordDir).size).toBe(0);
  });

  it('shards the gpu tests across two GPUs at once, then runs the integration tests on both', async () => {
    const smi = fakeSmi(TWO_GPUS);
    const result = await runGpuTests(options({ run: smi.run }));

    expect(result.reason).toMatch(/^GPU tests passed on 2 GPUs/);
    expect(result.status).toBe('passed');
    const ran = seen(recordDir);
    const unitIds = [
      'tests/test_model.py::test_forward',
      'tests/test_model.py::test_maybe_broken',
      'tests/test_train.py::test_step',
      'tests/test_train.py::test_dtype[bf16]',
      'tests/test_train.py::test_dtype[fp16]',
    ];
    expect([...ran.keys()].sort()).toEqual(
      [...unitIds, 'tests/integration/test_trainer.py::test_short_training'].sort(),
    );
    // Each unit test saw exactly one GPU, that of its shard; the two shards had different GPUs.
    const unit = result.stages.find((s) => s.name === 'unit');
    expect(unit?.shards.map((s) => [s.gpu, s.device, s.exitCode])).toEqual([
      ['0', UUIDS[0], 0],
      ['1', UUIDS[1], 0],
    ]);
    for (const id of unitIds) {
      const test = result.tests.find((t) => t.nodeId === id);
      expect([id, ran.get(id)?.cvd]).toEqual([id, UUIDS[Number(test?.gpus)]]);
      expect(ran.get(id)?.count).toBe('1');
    }
    expect(new Set(unitIds.map((id) => ran.get(id)?.cvd))).toEqual(new Set(UUIDS));
    expect(ran.get('tests/test_train.py::test_step')?.order).toBe('PCI_BUS_ID');

    // The integration tests came after every unit test, with both GPUs visible.
    const integration = ran.get('tests/integration/test_trainer.py::test_short_training');
    expect(integration?.cvd).toBe(UUIDS.join(','));
    expect(integration?.count).toBe('2');
    const lastUnitEnd = Math.max(...unitIds.map((id) => ran.get(id)?.end ?? Infinity));
    expect(integration?.start).toBeGreaterThanOrEqual(lastUnitEnd);

    // Per-test rows, GPU usage from the samples, and the GPUs are free again.
    expect(result.tests.map((t) => [t.nodeId, t.stage, t.outcome]).sort()).toEqual(
      [
        ...unitIds.map((id) => [id, 'unit', 'passed']),
        ['tests/integration/test_trainer.py::test_short_training', 'integration', 'passed'],
      ].sort(),
    );
    expect(result.tests.find((t) => t.stage === 'integration')?.gpus).toBe('0,1');
    expect(
      result.usage.map((u) => [u.index, u.peakMemoryUsedMiB, u.maxUtilizationPercent]),
    ).toEqual([0, 1].map((i) => [i, smi.peaks.get(i)?.memory, smi.peaks.get(i)?.util]));
    expect(result.usage.every((u) => u.samples >= 1 && u.meanUtilizationPercent !== null)).toBe(
      true,
    );
    const markdown = gpuTestSummaryMarkdown(result);
    expect(markdown).toContain('## GPU tests of tiny: ✅ passed');
    expect(markdown).toContain('| `tests/test_train.py::test_dtype[bf16]` | unit |');
    expect(markdown).toContain(
      '| `tests/integration/test_trainer.py::test_short_training` | integration | 0,1 | ✅ passed |',
    );
    expect(markdown).toContain(
      `| 0 | NVIDIA H100 80GB HBM3 | ${smi.peaks.get(0)?.memory} / 81559 MiB |`,
    );
    const lease = await acquireGpus({ count: 2, devices: UUIDS, lockDir, timeoutMs: 0 });
    lease.release();
  });

  it('reports a failing gpu test per test, still runs the integration tests, and unlocks', async () => {
    const result = await runGpuTests(options({ extraEnv: { BREAK: '1' } }));
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('GPU tests failed (unit: 4 passed, 1 failed)');
    const broken = result.tests.find((t) => t.nodeId === 'tests/test_model.py::test_maybe_broken');
    expect(broken).toMatchObject({ outcome: 'failed', stage: 'unit', file: 'tests/test_model.py' });
    expect(broken?.message).toContain('broken on purpose');
    expect(result.stages.find((s) => s.name === 'integration')?.summary.passed).toBe(1);
    expect(gpuTestSummaryMarkdown(result)).toContain('broken on purpose');
    expect(formatGpuTestForTerminal(result)).toMatch(
      /tests\/test_model\.py:\d+: FAILED tests\/test_model\.py::test_maybe_broken \(GPU \d\)/,
    );
    const lease = await acquireGpus({ count: 2, devices: UUIDS, lockDir, timeoutMs: 0 });
    lease.release();
  });

  it('takes only the GPUs an existing CUDA_VISIBLE_DEVICES allows', async () => {
    const result = await runGpuTests(
      options({ extraEnv: { CUDA_VISIBLE_DEVICES: '1', SHARDS: '1' } }),
    );
    expect(result.status).toBe('passed');
    expect(result.gpus.map((g) => g.index)).toEqual([1]);
    const cvds = new Set([...seen(recordDir).values()].map((s) => s.cvd));
    expect(cvds).toEqual(new Set([UUIDS[1]]));
  });

  it("runs the tests with MLEnv's pinned pytest when the environment has none", async () => {
    // A bare venv: the workspace environment of a lock without pytest.
    const venv = mkdtempSync(path.join(tmpdir(), 'mlenv-gpu-no-pytest-'));
    try {
      const uv = await findUv(createMemoryLogger());
      execFileSync(uv, ['venv', '--quiet', '--python', '3.11', venv]);
      const bin = path.join(venv, 'bin');
      const logger = createMemoryLogger();
      const result = await runGpuTests(
        options({ environment: { python: path.join(bin, 'python'), bin }, logger }),
      );
      expect(result.status).toBe('passed');
      expect(result.tests.filter((t) => t.outcome === 'passed')).toHaveLength(6);
      expect(seen(recordDir).size).toBe(6);
      expect(
        logger.lines.filter((l) =>
          l.startsWith(
            `Using MLEnv's pinned pytest ${MANAGED_PYTEST_VERSION} (the environment of ${bin}/python has none;`,
          ),
        ),
      ).toHaveLength(1);
    } finally {
      rmSync(venv, { recursive: true, force: true });
    }
  }, 120_000);

  it('waits for GPUs another job holds and fails with who holds them when it times out', async () => {
    const other = await acquireGpus({
      count: 2,
      devices: UUIDS,
      lockDir,
      timeoutMs: 0,
      label: 'job 7',
    });
    try {
      const result = await runGpuTests(options({ lockTimeoutMs: 200 }));
      expect(result.status).toBe('failed');
      expect(result.reason).toMatch(/timed out after 200 ms waiting for 2 free GPUs.*job "job 7"/);
      expect(seen(recordDir).size).toBe(0);
    } finally {
      other.release();
    }
  });

  it('skips, not passes, when the project has no GPU tests at all', async () => {
    const result = await runGpuTests(
      options({
        project: { name: 'none', dir: 'tests/integration', config: { tests: { unit: '.' } } },
      }),
    );
    expect(result.status).toBe('skipped');
    expect(result.reason).toBe(
      'no GPU tests to run: no tests marked @pytest.mark.gpu in .; the project sets no tests.integration',
    );
  });

  it('frees the GPUs of a SIGKILLed job and stops the tests it started', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'mlenv-gpu-killed-'));
    const pidFile = path.join(project, 'pytest.pid');
    mkdirSync(path.join(project, 'tests'));
    writeFileSync(
      path.join(project, 'tests', 'test_block.py'),
      `import os, time, pytest

@pytest.mark.gpu
def test_block():
    with open(os.environ["PID_FILE"], "w") as f:
        f.write(str(os.getpid()))
    time.sleep(120)
`,
    );
    writeFileSync(path.join(project, 'conftest.py'), CONFTEST.split('\n_met')[0] ?? '');
    let child: ChildProcess | undefined;
    try {
      const worker = path.join(import.meta.dirname, 'fixtures', 'gpu-test-worker.ts');
      const spec = {
        root: project,
        python: python ?? 'python3',
        lockDir,
        csv: TWO_GPUS,
        env: { PID_FILE: pidFile },
      };
      child = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify(spec)], {
        cwd: repoRoot,
        // Its scratch JUnit directory, which a SIGKILL leaves behind, goes with the project.
        env: { ...process.env, TMPDIR: project },
        stdio: 'ignore',
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child?.on('close', (_code, signal) => resolve(signal)),
      );
      const deadline = Date.now() + 60_000;
      while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') {
        if (Date.now() > deadline) throw new Error('the GPU test never started');
        await sleep(20);
      }
      const pytestPid = Number(readFileSync(pidFile, 'utf8'));
      // Held while its tests run: nobody else gets the GPUs.
      await expect(
        acquireGpus({ count: 1, devices: UUIDS, lockDir, timeoutMs: 0 }),
      ).rejects.toThrow(/timed out/);

      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const lease = await acquireGpus({ count: 2, devices: UUIDS, lockDir, timeoutMs: 0 });
      lease.release();
      const stopBy = Date.now() + 20_000;
      while (isSameProcessAlive({ pid: pytestPid, startTime: null }) && Date.now() < stopBy) {
        await sleep(50);
      }
      expect(isSameProcessAlive({ pid: pytestPid, startTime: null })).toBe(false);
    } finally {
      child?.kill('SIGKILL');
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('visible GPUs', () => {
  it('reads CUDA_VISIBLE_DEVICES as CUDA does', () => {
    expect(parseCudaVisibleDevices(undefined)).toBeNull();
    expect(parseCudaVisibleDevices('')).toEqual([]);
    expect(parseCudaVisibleDevices('2, 0')).toEqual(['2', '0']);
    expect(parseCudaVisibleDevices('1,-1,0')).toEqual(['1']);
  });

  it('narrows nvidia-smi GPUs by index or UUID prefix, in the variable order', () => {
    const gpus = [0, 1, 2].map((index) => ({
      index,
      uuid: `GPU-aaaa${index}-1111`,
      name: 'H100',
      memoryTotalMiB: null,
      memoryUsedMiB: null,
      driverVersion: null,
      utilizationPercent: null,
      eccUncorrectedVolatile: null,
      temperatureC: null,
      pciBusId: null,
    }));
    expect(restrictToVisible(gpus, undefined).map((g) => g.index)).toEqual([0, 1, 2]);
    expect(restrictToVisible(gpus, '2,GPU-aaaa0').map((g) => g.index)).toEqual([2, 0]);
    expect(restrictToVisible(gpus, '7')).toEqual([]);
  });
});

describe('parseLockTimeout', () => {
  it('reads durations and plain seconds, and rejects anything else', () => {
    expect(parseLockTimeout('30m')).toBe(1_800_000);
    expect(parseLockTimeout('1h30m')).toBe(5_400_000);
    expect(parseLockTimeout('90')).toBe(90_000);
    expect(parseLockTimeout('0')).toBe(0);
    expect(() => parseLockTimeout('')).toThrow(/expected a duration/);
    expect(() => parseLockTimeout('half an hour')).toThrow(/expected a duration/);
  });
});
