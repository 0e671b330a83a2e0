import { firstNonEmptyLine } from '../util/text.js';
import type { CommandRunner } from './command-runner.js';
import { type GpuInfo, NVIDIA_SMI_QUERY, parseGpuQuery } from './nvidia-smi.js';

export type VisibleGpus = { gpus: GpuInfo[] } | { gpus: []; reason: string };

/**
 * The name a GPU is locked and exposed under: its UUID where nvidia-smi gives one. A UUID is the
 * same in every container and for every CUDA_DEVICE_ORDER, while an index is not (CUDA numbers
 * the fastest GPU first, nvidia-smi by PCI bus), so CUDA_VISIBLE_DEVICES=<uuid> always selects
 * the GPU that was locked.
 */
export function gpuDeviceId(gpu: Pick<GpuInfo, 'index' | 'uuid'>): string {
  return gpu.uuid !== '' ? gpu.uuid : String(gpu.index);
}

/**
 * The entries of CUDA_VISIBLE_DEVICES, or null when it is unset. CUDA ignores everything from the
 * first entry it cannot read; "-1" is the usual way to hide all GPUs.
 */
export function parseCudaVisibleDevices(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const entries: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '' || /^-\d+$/.test(entry)) break;
    entries.push(entry);
  }
  return entries;
}

function matches(gpu: GpuInfo, entry: string): boolean {
  if (/^\d+$/.test(entry)) return gpu.index === Number(entry);
  // CUDA accepts any unique prefix of a UUID ("GPU-4c2f9a1e").
  return gpu.uuid !== '' && entry.startsWith('GPU-') && gpu.uuid.startsWith(entry);
}

/**
 * Narrows nvidia-smi's GPUs (it ignores CUDA_VISIBLE_DEVICES) to those CUDA_VISIBLE_DEVICES lets
 * CUDA use, in its order. Index entries are read as nvidia-smi (PCI bus) indices.
 */
export function restrictToVisible(
  gpus: readonly GpuInfo[],
  cudaVisibleDevices?: string,
): GpuInfo[] {
  const entries = parseCudaVisibleDevices(cudaVisibleDevices);
  if (entries === null) return [...gpus];
  const chosen: GpuInfo[] = [];
  for (const entry of entries) {
    const gpu = gpus.find((g) => matches(g, entry));
    if (gpu && !chosen.includes(gpu)) chosen.push(gpu);
  }
  return chosen;
}

/** The GPUs this process may use, or why there are none, in words for a log line. */
export async function listVisibleGpus(
  run: CommandRunner,
  env: NodeJS.ProcessEnv = process.env,
): Promise<VisibleGpus> {
  let query: Awaited<ReturnType<CommandRunner>>;
  try {
    query = await run(NVIDIA_SMI_QUERY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { gpus: [], reason: 'nvidia-smi not found (no NVIDIA driver on this machine)' };
    }
    throw error;
  }
  const output = `${query.stdout}\n${query.stderr}`;
  if (/No devices were found/i.test(output)) {
    return { gpus: [], reason: 'nvidia-smi found no devices' };
  }
  if (query.exitCode !== 0) {
    return {
      gpus: [],
      reason: `nvidia-smi exited with ${query.exitCode}: ${firstNonEmptyLine(output) || '(no output)'}`,
    };
  }
  let all: GpuInfo[];
  try {
    all = parseGpuQuery(query.stdout);
  } catch (error) {
    return { gpus: [], reason: `cannot read nvidia-smi's answer: ${(error as Error).message}` };
  }
  if (all.length === 0) return { gpus: [], reason: 'nvidia-smi lists no GPUs' };
  const visible = restrictToVisible(all, env.CUDA_VISIBLE_DEVICES);
  if (visible.length === 0) {
    return {
      gpus: [],
      reason: `CUDA_VISIBLE_DEVICES=${JSON.stringify(env.CUDA_VISIBLE_DEVICES)} hides all ${all.length} GPU(s) nvidia-smi lists (${all.map((g) => g.index).join(', ')})`,
    };
  }
  return { gpus: visible };
}
