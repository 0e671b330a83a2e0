import type { Logger } from '../logger/index.js';
import { sleep } from '../util/sleep.js';
import type { CommandRunner } from './command-runner.js';
import type { GpuInfo } from './nvidia-smi.js';
import { gpuDeviceId } from './visible-gpus.js';

export const GPU_SAMPLE_FIELDS = ['index', 'uuid', 'memory.used', 'utilization.gpu'] as const;

export const GPU_SAMPLE_QUERY: readonly string[] = [
  'nvidia-smi',
  `--query-gpu=${GPU_SAMPLE_FIELDS.join(',')}`,
  '--format=csv,noheader,nounits',
];

export interface GpuSample {
  index: number;
  uuid: string;
  memoryUsedMiB: number | null;
  utilizationPercent: number | null;
}

/** What one GPU did while the tests ran. Null where nvidia-smi never reported the value. */
export interface GpuUsage {
  index: number;
  uuid: string;
  name: string;
  memoryTotalMiB: number | null;
  peakMemoryUsedMiB: number | null;
  maxUtilizationPercent: number | null;
  meanUtilizationPercent: number | null;
  samples: number;
}

function numberOrNull(text: string | undefined): number | null {
  const value = (text ?? '').trim();
  if (value === '' || /^\[.*\]$|^N\/A$/i.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Lines of `GPU_SAMPLE_QUERY`; lines that are not GPU records are dropped, not fatal. */
export function parseGpuSamples(csv: string): GpuSample[] {
  const samples: GpuSample[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== GPU_SAMPLE_FIELDS.length) continue;
    const index = numberOrNull(cells[0]);
    if (index === null || !Number.isInteger(index)) continue;
    samples.push({
      index,
      uuid: cells[1] ?? '',
      memoryUsedMiB: numberOrNull(cells[2]),
      utilizationPercent: numberOrNull(cells[3]),
    });
  }
  return samples;
}

export interface GpuSampler {
  /** Stops sampling, waits for a sample in flight, and returns the usage per GPU. */
  stop(): Promise<GpuUsage[]>;
}

interface Accumulator {
  gpu: GpuInfo;
  peak: number | null;
  max: number | null;
  sum: number;
  utilSamples: number;
  samples: number;
}

/**
 * Samples memory and utilisation of `gpus` about every `intervalMs` until stopped. One sample at
 * a time: a slow nvidia-smi delays the next sample rather than piling up processes.
 */
export function startGpuSampler(options: {
  run: CommandRunner;
  gpus: readonly GpuInfo[];
  intervalMs?: number;
  logger?: Logger;
}): GpuSampler {
  const intervalMs = options.intervalMs ?? 1_000;
  const byId = new Map<string, Accumulator>(
    options.gpus.map((gpu) => [
      gpuDeviceId(gpu),
      { gpu, peak: null, max: null, sum: 0, utilSamples: 0, samples: 0 },
    ]),
  );
  let stopped = false;
  // Stopping cuts the pause between samples short.
  const stopping = new AbortController();
  let warned = false;

  const record = (sample: GpuSample): void => {
    const acc = byId.get(gpuDeviceId(sample));
    if (!acc) return;
    acc.samples++;
    if (sample.memoryUsedMiB !== null) {
      acc.peak = Math.max(acc.peak ?? 0, sample.memoryUsedMiB);
    }
    if (sample.utilizationPercent !== null) {
      acc.max = Math.max(acc.max ?? 0, sample.utilizationPercent);
      acc.sum += sample.utilizationPercent;
      acc.utilSamples++;
    }
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        const result = await options.run(GPU_SAMPLE_QUERY);
        if (result.exitCode === 0) for (const s of parseGpuSamples(result.stdout)) record(s);
        else throw new Error(`exit ${result.exitCode}: ${result.stderr.trim()}`);
      } catch (error) {
        // Usage figures are a report, not a verdict: a failed sample never fails the tests.
        if (!warned) {
          options.logger?.debug(`sampling GPU usage failed: ${(error as Error).message}`);
          warned = true;
        }
      }
      if (stopped) break;
      await sleep(intervalMs, stopping.signal).catch(() => undefined);
    }
  })();

  return {
    async stop() {
      stopped = true;
      stopping.abort();
      await loop;
      return [...byId.values()].map((acc) => ({
        index: acc.gpu.index,
        uuid: acc.gpu.uuid,
        name: acc.gpu.name,
        memoryTotalMiB: acc.gpu.memoryTotalMiB,
        peakMemoryUsedMiB: acc.peak,
        maxUtilizationPercent: acc.max,
        meanUtilizationPercent:
          acc.utilSamples > 0 ? Math.round((acc.sum / acc.utilSamples) * 10) / 10 : null,
        samples: acc.samples,
      }));
    },
  };
}
