import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { WorkspaceConfig } from '../config/schema.js';
import { ConfigurationError } from '../errors/index.js';

const execFileAsync = promisify(execFile);

/** Where uv's `--torch-backend cpu` takes the PyTorch packages from (compiled into uv). */
export const PYTORCH_CPU_INDEX = 'https://download.pytorch.org/whl/cpu';

/** The probe's own limits: one try, a short HTTP timeout, and a hard stop for the process. */
export const PROBE_HTTP_TIMEOUT_S = 5;
const PROBE_PROCESS_TIMEOUT_MS = 30_000;

/** Records in the lock's header which uv torch backend resolved it, so installs use the same. */
const BACKEND_LINE = '#    mlenv-torch-backend: ';

type BackendSettings = Pick<WorkspaceConfig['environment'], 'cuda' | 'pytorchIndex' | 'indexUrl'>;

export type TorchBackendPlan =
  /** Probe PyTorch's CPU index and lock with `--torch-backend cpu` when it answers. */
  | { probe: true }
  /** Lock torch from the configured indexes; `mirror` when a company index decides instead. */
  | { probe: false; mirror?: string };

/**
 * Whether a lock should try PyTorch's CPU wheels. Only a `cpu` workspace that leaves torch to
 * PyPI: an explicit pytorchIndex is the user's choice, and a workspace with its own indexUrl (a
 * company mirror) must not have torch fetched from outside it behind its back.
 */
export function torchBackendPlan(environment: BackendSettings): TorchBackendPlan {
  if (environment.cuda !== 'cpu' || environment.pytorchIndex) return { probe: false };
  if (environment.indexUrl) return { probe: false, mirror: environment.indexUrl };
  return { probe: true };
}

/**
 * The torch backend a lock was made with, from its header; undefined for a plain lock. The value
 * reaches uv's argv and a Dockerfile's RUN line, so only a backend name is accepted.
 */
export function lockTorchBackend(lock: string, file = 'the lock'): string | undefined {
  const lines = lock.split('\n');
  const at = lines.findIndex((l) => l.startsWith(BACKEND_LINE));
  if (at === -1) return undefined;
  const backend = (lines[at] as string).slice(BACKEND_LINE.length).trim();
  if (!/^[a-z][a-z0-9.]*$/.test(backend))
    throw new ConfigurationError(
      `${file}:${at + 1}: expected a uv torch backend such as "cpu" after "${BACKEND_LINE.slice(1).trim()}", found "${backend}"`,
    );
  return backend;
}

/** The header line recording the backend (the lock hash covers it, so images differ too). */
export function torchBackendLine(backend: string): string {
  return `${BACKEND_LINE}${backend}`;
}

export function isTorchBackendLine(line: string): boolean {
  return line.startsWith(BACKEND_LINE);
}

/** uv's options for installing a lock: its recorded backend, or none. */
export function torchBackendArguments(lock: string, file?: string): string[] {
  const backend = lockTorchBackend(lock, file);
  return backend ? ['--torch-backend', backend] : [];
}

export interface CudaCost {
  torch: string;
  /** The CUDA packages the lock pins: NVIDIA's nvidia-* libraries and cuda-* Python bindings. */
  packages: number;
}

/**
 * What PyPI's torch costs a `cpu` lock: undefined when the lock has no torch or its torch brings
 * no CUDA packages (resolved on macOS, say), where falling back costs nothing worth a warning.
 */
export function cudaCost(pins: ReadonlyMap<string, string>): CudaCost | undefined {
  const torch = pins.get('torch');
  const packages = [...pins.keys()].filter((name) => /^(nvidia|cuda)-/.test(name)).length;
  return torch && packages > 0 ? { torch, packages } : undefined;
}

function costText(cost: CudaCost): string {
  return `${cost.packages} CUDA packages (nvidia-*, cuda-*; several GB) this cpu environment will not use`;
}

/** The one line a `cpu` lock logs when PyTorch's CPU index did not answer the probe. */
export function unreachableWarning(reason: string, cost: CudaCost): string {
  return `PyTorch's CPU index ${PYTORCH_CPU_INDEX} is not reachable (${reason}): locked PyPI's torch ${cost.torch}, which pulls ${costText(cost)}`;
}

/** The one line a `cpu` lock logs when its own indexUrl served a CUDA torch. */
export function mirrorWarning(indexUrl: string, cost: CudaCost): string {
  return `environment.indexUrl ${indexUrl} served torch ${cost.torch}, which pulls ${costText(cost)}: set environment.pytorchIndex to its copy of ${PYTORCH_CPU_INDEX} for CPU-only wheels`;
}

/** The most telling line of a failed uv run: its innermost `cause:`, else its first line. */
export function uvFailureReason(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const causes = lines.filter((line) => line.startsWith('cause:'));
  const last = causes.at(-1) ?? lines[0] ?? 'no output';
  return last.replace(/^(cause|error):\s*/, '');
}

/**
 * Whether uv can resolve torch from PyPI's CPU index right now: uv itself asks, so its proxy,
 * certificate and credential settings count exactly as they will for the lock. One try with a
 * short timeout, so an unreachable index costs seconds, not uv's retries.
 */
export async function probeCpuTorchBackend(
  uv: string,
  python: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mlenv-torch-probe-'));
  try {
    const input = path.join(dir, 'probe.in');
    await writeFile(input, 'torch\n');
    await execFileAsync(
      uv,
      [
        'pip',
        'compile',
        '--quiet',
        '--no-header',
        '--no-annotate',
        '--no-deps',
        '--torch-backend',
        'cpu',
        '--python-version',
        python,
        input,
      ],
      {
        timeout: PROBE_PROCESS_TIMEOUT_MS,
        maxBuffer: 4 * 1024 * 1024,
        env: {
          ...process.env,
          UV_HTTP_RETRIES: '0',
          UV_HTTP_TIMEOUT: String(PROBE_HTTP_TIMEOUT_S),
        },
      },
    );
    return { ok: true };
  } catch (error) {
    const e = error as { stderr?: string; message: string; killed?: boolean };
    if (e.killed) return { ok: false, reason: `no answer in ${PROBE_PROCESS_TIMEOUT_MS / 1000}s` };
    return { ok: false, reason: uvFailureReason(e.stderr || e.message) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
