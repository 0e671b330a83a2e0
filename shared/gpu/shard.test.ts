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
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../errors/index.js';
import { createMemoryLogger } from '../logger/index.js';
import { findPytestPython } from './fixtures/pytest-python.js';
import {
  collectPytestNodeIds,
  parseCollectedNodeIds,
  pytestCollectArgv,
  runShardedPytest,
  shardTests,
} from './shard.js';
import { type ProcessSpawner, type SpawnRequest, spawnProcess } from './spawn.js';
import { supervisedPython } from './supervise.js';

const ids = (file: string, n: number) => Array.from({ length: n }, (_, i) => `${file}::test_${i}`);

describe('shardTests', () => {
  it('keeps files whole when cutting one would not finish sooner', () => {
    const nodeIds = [
      ...ids('tests/data.py', 2),
      ...ids('tests/model.py', 3),
      ...ids('tests/train.py', 2),
    ];
    expect(shardTests(nodeIds, 3)).toEqual([
      ids('tests/model.py', 3),
      ids('tests/data.py', 2),
      ids('tests/train.py', 2),
    ]);
  });

  it('keeps each test file on one GPU when the files balance', () => {
    const nodeIds = [...ids('tests/a.py', 2), ...ids('tests/b.py', 2), ...ids('tests/c.py', 2)];
    const shards = shardTests(nodeIds, 3);
    expect(shards).toEqual([ids('tests/a.py', 2), ids('tests/b.py', 2), ids('tests/c.py', 2)]);
  });

  it('cuts a file that alone outweighs a fair share, so no GPU idles', () => {
    const shards = shardTests(ids('tests/big.py', 6), 3);
    expect(shards.map((s) => s.length)).toEqual([2, 2, 2]);
    expect(shards.flat().sort()).toEqual(ids('tests/big.py', 6).sort());
    // Consecutive runs: a file is cut, not dealt out like cards.
    expect(shards[0]).toEqual(['tests/big.py::test_0', 'tests/big.py::test_1']);
  });

  it('balances by known durations rather than by count', () => {
    const nodeIds = [
      'tests/slow.py::test_train',
      ...ids('tests/fast.py', 4),
      ...ids('tests/mid.py', 2),
    ];
    const durations = {
      'tests/slow.py::test_train': 60,
      ...Object.fromEntries(ids('tests/fast.py', 4).map((id) => [id, 1])),
      ...Object.fromEntries(ids('tests/mid.py', 2).map((id) => [id, 20])),
    };
    const shards = shardTests(nodeIds, 2, { durations });
    expect(shards).toEqual([
      ['tests/slow.py::test_train'],
      [...ids('tests/fast.py', 4), ...ids('tests/mid.py', 2)],
    ]);
    // By count alone the slow test would share a GPU.
    const byCount = shardTests(nodeIds, 2);
    expect(byCount.map((s) => s.length)).toEqual([4, 3]);
    expect(byCount.find((s) => s.includes('tests/slow.py::test_train'))).toHaveLength(3);
  });

  it('weighs tests without a known duration as the mean of the known ones', () => {
    const nodeIds = ['t/a.py::x', 't/b.py::y', 't/c.py::z', 't/d.py::w'];
    const durations = { 't/a.py::x': 6, 't/b.py::y': 5, 't/d.py::w': 5 };
    // z weighs (6 + 5 + 5) / 3 ≈ 5.3; weighed as 1 it would have joined x instead.
    expect(shardTests(nodeIds, 2, { durations })).toEqual([
      ['t/a.py::x', 't/d.py::w'],
      ['t/b.py::y', 't/c.py::z'],
    ]);
  });

  it('is deterministic and keeps the collected order within a GPU', () => {
    const nodeIds = [
      ...ids('tests/b.py', 3),
      ...ids('tests/a.py', 5),
      'tests/c.py::TestX::test_y[param-1]',
      ...ids('tests/d.py', 1),
    ];
    const first = shardTests(nodeIds, 3);
    expect(shardTests([...nodeIds], 3)).toEqual(first);
    for (const shard of first) {
      const order = shard.map((id) => nodeIds.indexOf(id));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    expect(first.flat().sort()).toEqual([...nodeIds].sort());
  });

  it('leaves GPUs empty when there are fewer tests than GPUs, and drops repeats', () => {
    expect(shardTests(['t.py::a', 't.py::a'], 3)).toEqual([['t.py::a'], [], []]);
    expect(shardTests([], 2)).toEqual([[], []]);
  });

  it('refuses zero GPUs', () => {
    expect(() => shardTests(['t.py::a'], 0)).toThrow(ConfigurationError);
  });
});

describe('pytest collection output', () => {
  it('reads node ids and stops before warnings and the summary', () => {
    const stdout = [
      'tests/test_a.py::test_one',
      'tests/test_a.py::test_two[a b]',
      'tests/test_b.py::TestModel::test_forward[cuda-bf16]',
      '',
      '=============================== warnings summary ===============================',
      'tests/test_a.py:2',
      '  /tmp/tests/test_a.py:2: PytestUnknownMarkWarning: Unknown pytest.mark.gpu',
      '',
      '3/4 tests collected (1 deselected) in 0.02s',
    ].join('\n');
    expect(parseCollectedNodeIds(stdout)).toEqual([
      'tests/test_a.py::test_one',
      'tests/test_a.py::test_two[a b]',
      'tests/test_b.py::TestModel::test_forward[cuda-bf16]',
    ]);
  });

  it('reads nothing from a collection that selected nothing', () => {
    expect(
      parseCollectedNodeIds(
        '\n===== warnings summary =====\nt.py:2\n\nno tests collected (4 deselected) in 0.01s\n',
      ),
    ).toEqual([]);
  });

  it('asks pytest for node ids only, filtered by the marker expression', () => {
    expect(pytestCollectArgv(['/ws/.venv/bin/python'], 'gpu and not slow')).toEqual([
      '/ws/.venv/bin/python',
      '-m',
      'pytest',
      '--collect-only',
      '-q',
      '-m',
      'gpu and not slow',
    ]);
  });
});

/** Records what would be run and answers with the exit code a shard's tests ask for. */
function recordingSpawner(exitCodeFor: (argv: readonly string[]) => number = () => 0) {
  const calls: { argv: string[]; request: SpawnRequest }[] = [];
  const spawner: ProcessSpawner = async (argv, request) => {
    calls.push({ argv: [...argv], request });
    request.onLine?.('collected 2 items', 'stdout');
    return { exitCode: exitCodeFor(argv), signal: null, stdout: '', stderr: '' };
  };
  return { spawner, calls };
}

describe('runShardedPytest with a recording spawner', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'mlenv-shard-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const nodeIds = [...ids('tests/a.py', 2), ...ids('tests/b.py', 2), ...ids('tests/c.py', 2)];

  it('starts one pytest per GPU with that GPU alone visible and its own JUnit file', async () => {
    const { spawner, calls } = recordingSpawner((argv) =>
      argv.includes('tests/b.py::test_0') ? 1 : 0,
    );
    const logger = createMemoryLogger();
    const junitDir = path.join(tmp, 'a');
    const result = await runShardedPytest({
      python: ['/ws/.venv/bin/python'],
      projectDir: '/ws/projects/vision',
      gpuIndices: ['0', '1', '2'],
      nodeIds,
      junitDir,
      env: { PATH: '/usr/bin', CUDA_VISIBLE_DEVICES: '0,1,2' },
      logger,
      spawn: spawner,
    });
    expect(calls.map((c) => c.argv)).toEqual([
      [
        '/ws/.venv/bin/python',
        '-m',
        'pytest',
        `--junitxml=${junitDir}/gpu-0.xml`,
        ...ids('tests/a.py', 2),
      ],
      [
        '/ws/.venv/bin/python',
        '-m',
        'pytest',
        `--junitxml=${junitDir}/gpu-1.xml`,
        ...ids('tests/b.py', 2),
      ],
      [
        '/ws/.venv/bin/python',
        '-m',
        'pytest',
        `--junitxml=${junitDir}/gpu-2.xml`,
        ...ids('tests/c.py', 2),
      ],
    ]);
    expect(calls.map((c) => c.request.env)).toEqual([
      { PATH: '/usr/bin', CUDA_VISIBLE_DEVICES: '0' },
      { PATH: '/usr/bin', CUDA_VISIBLE_DEVICES: '1' },
      { PATH: '/usr/bin', CUDA_VISIBLE_DEVICES: '2' },
    ]);
    expect(calls.every((c) => c.request.cwd === '/ws/projects/vision')).toBe(true);
    expect(result.shards.map((s) => [s.gpuIndex, s.exitCode])).toEqual([
      ['0', 0],
      ['1', 1],
      ['2', 0],
    ]);
    expect(result.exitCode).toBe(1);
    expect(logger.lines).toContain('[gpu 2] collected 2 items');
  });

  it('starts nothing on a GPU left without tests', async () => {
    const { spawner, calls } = recordingSpawner();
    const result = await runShardedPytest({
      python: ['python'],
      projectDir: '/p',
      gpuIndices: ['0', '1', '2'],
      nodeIds: ['tests/a.py::test_0'],
      junitDir: path.join(tmp, 'b'),
      env: {},
      pytestArgs: ['-x'],
      logger: createMemoryLogger(),
      spawn: spawner,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.argv.slice(4)).toEqual(['-x', 'tests/a.py::test_0']);
    expect(result.shards.map((s) => s.junitFile === null)).toEqual([false, true, true]);
    expect(result.exitCode).toBe(0);
  });

  it('collects by marker first, and reports exit 5 when the marker selects nothing', async () => {
    const calls: string[][] = [];
    const logger = createMemoryLogger();
    const result = await runShardedPytest({
      python: ['python'],
      projectDir: '/p',
      gpuIndices: ['0', '1'],
      markers: 'gpu',
      junitDir: path.join(tmp, 'c'),
      env: {},
      logger,
      spawn: async (argv) => {
        calls.push([...argv]);
        return {
          exitCode: 5,
          signal: null,
          stdout: '\nno tests collected (3 deselected)\n',
          stderr: '',
        };
      },
    });
    expect(calls).toEqual([pytestCollectArgv(['python'], 'gpu')]);
    expect(result.exitCode).toBe(5);
    expect(logger.lines).toContain(
      'warning: no tests to run on the GPUs (marker expression "gpu")',
    );
  });

  it('says why collection failed', async () => {
    await expect(
      collectPytestNodeIds({
        python: ['python'],
        projectDir: '/p',
        markers: 'gpu',
        spawn: async () => ({
          exitCode: 2,
          signal: null,
          stdout: 'ERROR tests/test_x.py\nE   ModuleNotFoundError: No module named "torch"\n',
          stderr: '',
        }),
      }),
    ).rejects.toThrow(/failed \(exit 2\):[\s\S]*No module named "torch"/);
  });

  it('names the supervisor rather than printing its script when collection fails', async () => {
    // Seen on a real H200 run: the message repeated the whole supervisor script.
    const failure = collectPytestNodeIds({
      python: supervisedPython('/usr/bin/python'),
      projectDir: '/p',
      markers: 'gpu',
      spawn: async () => ({
        exitCode: 1,
        signal: null,
        stdout: '',
        stderr: 'No module named pytest',
      }),
    });
    await expect(failure).rejects.toThrow(
      'collecting tests with /usr/bin/python <mlenv supervisor> -m pytest',
    );
    await expect(failure).rejects.not.toThrow(/import ctypes/);
  });

  it('needs tests or a marker, and at least one GPU', async () => {
    const base = {
      python: ['python'],
      projectDir: '/p',
      junitDir: path.join(tmpdir(), 'never-created'),
      logger: createMemoryLogger(),
    };
    await expect(runShardedPytest({ ...base, gpuIndices: ['0'] })).rejects.toThrow(
      ConfigurationError,
    );
    await expect(runShardedPytest({ ...base, gpuIndices: [], nodeIds: ['a::b'] })).rejects.toThrow(
      /GPU list is empty/,
    );
  });
});

describe('spawnProcess', () => {
  it('streams lines, keeps the output, and stops the process when aborted', async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const running = spawnProcess(['sh', '-c', 'echo ready; echo oops >&2; exec sleep 30'], {
      cwd: tmpdir(),
      env: process.env,
      signal: controller.signal,
      onLine: (line, stream) => {
        lines.push(`${stream}: ${line}`);
        if (line === 'ready') controller.abort();
      },
    });
    const result = await running;
    expect(result.signal).toBe('SIGTERM');
    expect(result.stdout).toBe('ready\n');
    expect(lines).toContain('stdout: ready');
  });

  it('rejects a program that does not exist', async () => {
    await expect(
      spawnProcess(['/nonexistent/python'], { cwd: tmpdir(), env: process.env }),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

const python = findPytestPython();
// The real-pytest tests need a Python with pytest; without one they are skipped, and the
// recording-spawner tests above still cover the argv and environment.
const withPytest = python ? describe : describe.skip;

withPytest('runShardedPytest with real pytest processes', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), 'mlenv-shard-pytest-'));
    mkdirSync(path.join(project, 'tests'));
    mkdirSync(path.join(project, 'ran'));
    mkdirSync(path.join(project, 'barrier'));
    writeFileSync(
      path.join(project, 'conftest.py'),
      `import os, time, pytest

def pytest_configure(config):
    config.addinivalue_line("markers", "gpu: needs a GPU")

@pytest.fixture(scope="session", autouse=True)
def all_shards_at_once():
    # Each shard waits here until every shard has started: shards run one after another would
    # never meet, and this would fail instead of hang.
    device = os.environ["CUDA_VISIBLE_DEVICES"]
    open(os.path.join("barrier", device), "w").close()
    deadline = time.time() + 60
    while len(os.listdir("barrier")) < int(os.environ["SHARDS"]):
        if time.time() > deadline:
            pytest.fail("the other shards never started: shards did not run concurrently")
        time.sleep(0.02)

@pytest.fixture(autouse=True)
def record(request):
    name = request.node.nodeid.replace("/", "_").replace(":", "_")
    with open(os.path.join("ran", name), "w") as f:
        f.write(request.node.nodeid + "\\n" + os.environ["CUDA_VISIBLE_DEVICES"])
    yield
`,
    );
    writeFileSync(
      path.join(project, 'tests', 'test_model.py'),
      `import pytest

@pytest.mark.gpu
def test_forward(): pass

@pytest.mark.gpu
@pytest.mark.parametrize("dtype", ["bf16", "fp 16"])
def test_dtype(dtype): pass

def test_cpu_only(): pass
`,
    );
    writeFileSync(
      path.join(project, 'tests', 'test_data.py'),
      `import pytest

@pytest.mark.gpu
def test_loader(): pass

@pytest.mark.gpu
def test_broken():
    assert 1 == 2
`,
    );
    writeFileSync(
      path.join(project, 'tests', 'test_train.py'),
      `import pytest

@pytest.mark.gpu
class TestTrain:
    def test_step(self): pass
    def test_checkpoint(self): pass
`,
    );
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('collects the gpu-marked tests', async () => {
    const collected = await collectPytestNodeIds({
      python: [python ?? 'python3'],
      projectDir: project,
      markers: 'gpu',
    });
    expect([...collected].sort()).toEqual(
      [
        'tests/test_data.py::test_broken',
        'tests/test_data.py::test_loader',
        'tests/test_model.py::test_dtype[bf16]',
        'tests/test_model.py::test_dtype[fp 16]',
        'tests/test_model.py::test_forward',
        'tests/test_train.py::TestTrain::test_checkpoint',
        'tests/test_train.py::TestTrain::test_step',
      ].sort(),
    );
  });

  it("runs one pytest per GPU at once, each test on its shard's GPU, with a JUnit file per GPU", async () => {
    const junitDir = path.join(project, 'junit');
    const logger = createMemoryLogger();
    const result = await runShardedPytest({
      python: [python ?? 'python3'],
      projectDir: project,
      gpuIndices: ['0', '1', '2'],
      markers: 'gpu',
      junitDir,
      env: { ...process.env, SHARDS: '3' },
      logger,
    });

    expect(result.shards.map((s) => s.nodeIds.length)).toEqual([3, 2, 2]);
    const ran = new Map(
      readdirSync(path.join(project, 'ran')).map((f) => {
        const [nodeId, device] = readFileSync(path.join(project, 'ran', f), 'utf8').split('\n');
        return [nodeId, device];
      }),
    );
    expect(ran.size).toBe(7);
    for (const shard of result.shards) {
      for (const id of shard.nodeIds) expect([id, ran.get(id)]).toEqual([id, shard.gpuIndex]);
      const junit = readFileSync(path.join(junitDir, `gpu-${shard.gpuIndex}.xml`), 'utf8');
      expect(junit.match(/<testcase /g)).toHaveLength(shard.nodeIds.length);
      const broken = shard.nodeIds.includes('tests/test_data.py::test_broken');
      expect([shard.gpuIndex, shard.exitCode]).toEqual([shard.gpuIndex, broken ? 1 : 0]);
    }
    expect(result.exitCode).toBe(1);
    expect(existsSync(path.join(project, 'ran', 'tests_test_model.py__test_cpu_only'))).toBe(false);
    expect(logger.lines.some((l) => /^\[gpu 1\] .*passed/.test(l))).toBe(true);
  });
});
