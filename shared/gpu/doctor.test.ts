import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { CommandResult, CommandRunner } from './command-runner.js';
import { type DoctorReport, runDoctor } from './doctor.js';
import { checkDriverCuda } from './doctor-checks.js';
import { doctorMarkdown, formatDoctorReport } from './doctor-report.js';
import { NVIDIA_SMI_QUERY } from './nvidia-smi.js';
import { TORCH_PROBE_SCRIPT } from './torch-probe.js';

const fixture = (name: string): string =>
  readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

const ok = (stdout: string): CommandResult => ({ exitCode: 0, stdout, stderr: '' });

function enoent(program: string): Error {
  return Object.assign(new Error(`spawn ${program} ENOENT`), { code: 'ENOENT' });
}

interface FakeMachine {
  query?: CommandResult | 'missing';
  header?: CommandResult | 'missing';
  python?: CommandResult | 'missing';
}

/** Answers like a machine would, from fixtures; records what it was asked. */
function fakeRunner(machine: FakeMachine): CommandRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const runner = async (argv: readonly string[]): Promise<CommandResult> => {
    calls.push([...argv]);
    const answer =
      argv[0] === 'nvidia-smi'
        ? argv.length === 1
          ? machine.header
          : machine.query
        : machine.python;
    if (answer === undefined || answer === 'missing') throw enoent(argv[0] ?? '');
    return answer;
  };
  return Object.assign(runner, { calls });
}

function machine(name: string, torch?: object): FakeMachine {
  return {
    query: ok(fixture(`${name}-query.csv`)),
    header: ok(fixture(`${name}-header.txt`)),
    python: torch ? ok(`${JSON.stringify(torch)}\n`) : 'missing',
  };
}

const torch = (count: number, cuda: string | null = '12.8', available = count > 0) => ({
  torch: '2.9.1+cu128',
  cuda,
  available,
  count,
});

function check(report: DoctorReport, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${JSON.stringify(report.checks)}`);
  return found;
}

describe('runDoctor', () => {
  it('passes a healthy H100 with a CUDA 12.8 environment and torch that sees it', async () => {
    const run = fakeRunner(machine('h100', torch(1)));
    const report = await runDoctor({
      run,
      environmentCuda: '12.8',
      pythonCommand: ['/ws/.venv/bin/python'],
      env: {},
    });
    expect(report.verdict).toBe('pass');
    expect(report.driverVersion).toBe('580.159.04');
    expect(report.driverCuda).toBe('13.0');
    expect(report.gpus).toHaveLength(1);
    expect(report.checks.map((c) => [c.id, c.verdict])).toEqual([
      ['gpus-visible', 'pass'],
      ['driver-cuda', 'pass'],
      ['ecc', 'pass'],
      ['torch', 'pass'],
    ]);
    expect(check(report, 'gpus-visible').message).toBe('1 GPU visible: NVIDIA H100 80GB HBM3');
    expect(run.calls).toContainEqual(['/ws/.venv/bin/python', '-c', TORCH_PROBE_SCRIPT]);
    expect(run.calls[0]).toEqual([...NVIDIA_SMI_QUERY]);
  });

  it('passes an H200 with a CUDA 13.0 environment', async () => {
    const report = await runDoctor({ run: fakeRunner(machine('h200')), environmentCuda: '13.0' });
    expect(report.verdict).toBe('pass');
    expect(report.gpus[0]?.memoryTotalMiB).toBe(143771);
    expect(check(report, 'driver-cuda').message).toContain('supports CUDA 13.0');
  });

  it('inventories all eight GPUs of a busy machine', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('8x-h100', torch(8))),
      environmentCuda: '12.8',
      pythonCommand: ['python'],
      env: {},
    });
    expect(report.verdict).toBe('pass');
    expect(report.gpus).toHaveLength(8);
    expect(check(report, 'gpus-visible').message).toBe('8 GPUs visible: NVIDIA H100 80GB HBM3');
    expect(check(report, 'ecc').message).toBe('no uncorrected ECC errors on 8 GPUs');
  });

  it('says plainly that there is no GPU when nvidia-smi is missing, and runs nothing else', async () => {
    const run = fakeRunner({ python: ok(JSON.stringify(torch(0))) });
    const report = await runDoctor({ run, environmentCuda: '12.8', pythonCommand: ['python'] });
    expect(report.verdict).toBe('fail');
    expect(report.checks).toEqual([
      {
        id: 'gpus-visible',
        title: 'GPUs visible',
        verdict: 'fail',
        message: 'no NVIDIA GPU visible on this machine: nvidia-smi not found',
      },
    ]);
    expect(run.calls).toHaveLength(1);
  });

  it('does not fail a CPU-only environment on a machine without GPUs', async () => {
    const report = await runDoctor({ run: fakeRunner({}), environmentCuda: 'cpu' });
    expect(report.verdict).toBe('pass');
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]?.message).toBe(
      'no NVIDIA GPU visible on this machine: nvidia-smi not found (the environment is CPU-only, so GPU checks do not apply)',
    );
  });

  it('reports "no devices" from nvidia-smi as no GPU', async () => {
    const report = await runDoctor({
      run: fakeRunner({
        query: { exitCode: 6, stdout: fixture('no-devices-output.txt'), stderr: '' },
      }),
      environmentCuda: '12.8',
    });
    expect(report.verdict).toBe('fail');
    expect(report.checks[0]?.message).toBe(
      'no NVIDIA GPU visible on this machine: nvidia-smi found no devices',
    );
  });

  it('reports empty nvidia-smi output as zero GPUs', async () => {
    const report = await runDoctor({ run: fakeRunner({ query: ok('') }), environmentCuda: '12.8' });
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]).toMatchObject({
      verdict: 'fail',
      message: 'no NVIDIA GPU visible on this machine: nvidia-smi lists no GPUs',
    });
  });

  it('quotes the driver failure when nvidia-smi cannot reach the driver', async () => {
    const report = await runDoctor({
      run: fakeRunner({
        query: { exitCode: 9, stdout: fixture('driver-down-output.txt'), stderr: '' },
      }),
      environmentCuda: '12.8',
    });
    expect(report.verdict).toBe('fail');
    expect(report.checks[0]?.message).toMatch(
      /^no NVIDIA GPU usable on this machine: nvidia-smi exited with 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/,
    );
  });

  it('warns, not fails, when the driver is older but within the CUDA major (minor-version compatibility)', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('a10g-driver-535')),
      environmentCuda: '12.8',
    });
    expect(report.verdict).toBe('warn');
    const driver = check(report, 'driver-cuda');
    expect(driver.verdict).toBe('warn');
    expect(driver.message).toContain('driver 535.183.01 is older than CUDA 12.8 needs');
    expect(driver.message).toContain('≥ 570.26');
    expect(driver.message).toContain('minor-version compatibility');
  });

  it('fails a driver from an older CUDA major', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('t4-driver-470')),
      environmentCuda: '12.8',
    });
    expect(report.verdict).toBe('fail');
    expect(check(report, 'driver-cuda').message).toBe(
      'driver 470.239.06 cannot run CUDA 12.8: CUDA 12.x needs at least 525.60.13 (the driver supports up to CUDA 11.4); install a newer driver or use an older CUDA variant',
    );
  });

  it('fails the GPU with uncorrected ECC errors and names it', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('ecc-errors')),
      environmentCuda: '12.8',
    });
    expect(report.verdict).toBe('fail');
    const ecc = check(report, 'ecc');
    expect(ecc.verdict).toBe('fail');
    expect(ecc.message).toMatch(
      /^GPU 1 \(GPU-5f6e7d8c-2222-4a2b-9c3d-4e5f6a7b8c91\) has 2 uncorrected ECC errors since the driver loaded/,
    );
    expect(ecc.message).not.toContain('GPU 0');
    expect(check(report, 'driver-cuda').verdict).toBe('pass');
  });

  it('passes GPUs that do not report ECC or utilisation', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('na-fields')),
      environmentCuda: '12.4',
    });
    expect(report.verdict).toBe('pass');
    expect(check(report, 'ecc').message).toBe(
      'no GPU reports ECC counters (ECC is off or not supported)',
    );
    expect(formatDoctorReport(report)).toContain('GPU 1  NVIDIA GeForce RTX 4090  memory n/a');
  });

  it('says the GPU checks do not apply to a CPU-only environment on a GPU machine', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('t4-driver-470', torch(0, null, false))),
      environmentCuda: 'cpu',
      pythonCommand: ['python'],
    });
    expect(report.verdict).toBe('pass');
    expect(check(report, 'driver-cuda').message).toMatch(/environment is CPU-only/);
    expect(check(report, 'torch').message).toMatch(/environment is CPU-only .*CPU build/);
  });

  it('fails when torch counts fewer GPUs than nvidia-smi', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('8x-h100', torch(4))),
      environmentCuda: '12.8',
      pythonCommand: ['python'],
      env: {},
    });
    expect(report.verdict).toBe('fail');
    expect(check(report, 'torch').message).toBe('torch 2.9.1+cu128 sees 4 GPUs, nvidia-smi sees 8');
  });

  it('accepts the smaller torch count that CUDA_VISIBLE_DEVICES asks for', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('8x-h100', torch(2))),
      environmentCuda: '12.8',
      pythonCommand: ['python'],
      env: { CUDA_VISIBLE_DEVICES: '2,3' },
    });
    expect(check(report, 'torch')).toMatchObject({
      verdict: 'pass',
      message: 'torch 2.9.1+cu128 (CUDA 12.8) sees 2 GPUs of 8 (CUDA_VISIBLE_DEVICES=2,3)',
    });
  });

  it('fails a CPU build of torch in a CUDA environment', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('h100', { ...torch(0, null, false), torch: '2.9.1+cpu' })),
      environmentCuda: '12.8',
      pythonCommand: ['python'],
    });
    expect(check(report, 'torch')).toMatchObject({ verdict: 'fail' });
    expect(check(report, 'torch').message).toMatch(/torch 2\.9\.1\+cpu is a CPU build/);
  });

  it('fails when torch cannot use CUDA although GPUs are there', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('h100', torch(0, '12.8', false))),
      environmentCuda: '12.8',
      pythonCommand: ['python'],
      env: {},
    });
    expect(check(report, 'torch').verdict).toBe('fail');
    expect(check(report, 'torch').message).toMatch(/cannot use CUDA on this machine/);
  });

  it('warns when torch was built for another CUDA than the environment declares', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('h100', torch(1, '12.6'))),
      environmentCuda: '12.8',
      pythonCommand: ['python'],
      env: {},
    });
    expect(report.verdict).toBe('warn');
    expect(check(report, 'torch').message).toMatch(
      /built for CUDA 12\.6, the environment declares 12\.8/,
    );
  });

  it('fails when torch is not installed, quoting the import error', async () => {
    const report = await runDoctor({
      run: fakeRunner({
        ...machine('h100'),
        python: ok(
          `${JSON.stringify({ error: "ModuleNotFoundError: No module named 'torch'" })}\n`,
        ),
      }),
      environmentCuda: '12.8',
      pythonCommand: ['.venv/bin/python'],
    });
    expect(check(report, 'torch')).toEqual({
      id: 'torch',
      title: 'torch sees the GPUs',
      verdict: 'fail',
      message:
        "cannot import torch with .venv/bin/python: ModuleNotFoundError: No module named 'torch'",
    });
  });

  it('fails when the environment Python is missing', async () => {
    const report = await runDoctor({
      run: fakeRunner({ ...machine('h100'), python: 'missing' }),
      environmentCuda: '12.8',
      pythonCommand: ['/nowhere/python'],
    });
    expect(check(report, 'torch').message).toBe(
      "the environment's Python was not found: /nowhere/python",
    );
  });

  it('still judges the driver from the CSV when plain nvidia-smi fails', async () => {
    const report = await runDoctor({
      run: fakeRunner({
        query: ok(fixture('h100-query.csv')),
        header: { exitCode: 1, stdout: '', stderr: 'x' },
      }),
      environmentCuda: '12.8',
    });
    expect(report.driverCuda).toBeNull();
    expect(check(report, 'driver-cuda')).toMatchObject({
      verdict: 'pass',
      message: 'driver 580.159.04 supports CUDA 12.8',
    });
  });

  it('falls back to the header for a CUDA version the table does not know', () => {
    expect(checkDriverCuda('13.1', '590.44.01', '13.1').verdict).toBe('pass');
    expect(checkDriverCuda('13.1', '580.159.04', '13.0').verdict).toBe('warn');
    expect(checkDriverCuda('13.1', '580.159.04', null).verdict).toBe('warn');
  });

  it.each([
    ['13.0', '580.65.06', 'pass'],
    ['13.0', '575.57.08', 'fail'],
    ['12.9', '575.51.03', 'pass'],
    ['12.8', '570.26', 'pass'],
    ['12.8', '570.124.06', 'pass'],
    ['12.8', '560.35.05', 'warn'],
    ['12.6', '560.28.03', 'pass'],
    ['12.4', '550.54.14', 'pass'],
    ['12.1', '530.30.02', 'pass'],
    ['12.0', '525.60.13', 'pass'],
    ['12.0', '520.61.05', 'fail'],
    ['11.8', '520.61.05', 'pass'],
    ['11.8', '470.239.06', 'warn'],
  ])('CUDA %s with driver %s: %s (from the table alone)', (cuda, driver, verdict) => {
    expect(checkDriverCuda(cuda, driver, null).verdict).toBe(verdict);
  });
});

describe('report output', () => {
  it('prints the inventory and every check for the terminal', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('ecc-errors')),
      environmentCuda: '12.8',
    });
    const text = formatDoctorReport(report);
    expect(text.split('\n')[0]).toBe('GPU doctor: FAIL (environment cuda: 12.8)');
    expect(text).toContain('driver 570.133.20, supports CUDA 12.8');
    expect(text).toContain(
      'GPU 1  NVIDIA A100-SXM4-80GB  4 / 81920 MiB  util 0%  ECC 2  36°C  00000000:0F:00.0',
    );
    expect(text).toMatch(/^fail {2}no uncorrected ECC errors: GPU 1 /m);
  });

  it('writes a Markdown job summary with a GPU table and a check table', async () => {
    const report = await runDoctor({
      run: fakeRunner(machine('8x-h100', torch(8))),
      environmentCuda: '12.8',
      pythonCommand: ['python'],
      env: {},
    });
    const md = doctorMarkdown(report);
    expect(md.startsWith('### GPU doctor: ✅ pass\n')).toBe(true);
    expect(md.match(/^\| \d \| NVIDIA H100 80GB HBM3 \|/gm)).toHaveLength(8);
    expect(md).toContain('| 4 | NVIDIA H100 80GB HBM3 | 0 / 81559 MiB | 0% | 0 | 33 °C |');
    expect(md).toContain('| torch sees the GPUs | ✅ pass |');
  });

  it('escapes pipes so a message cannot break the Markdown table', () => {
    const md = doctorMarkdown({
      verdict: 'fail',
      environmentCuda: '12.8',
      driverVersion: null,
      driverCuda: null,
      gpus: [],
      torch: null,
      checks: [{ id: 'gpus-visible', title: 'GPUs visible', verdict: 'fail', message: 'a | b' }],
    });
    expect(md).toContain('| GPUs visible | ❌ fail | a \\| b |');
  });
});
