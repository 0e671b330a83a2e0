/** The fields asked of nvidia-smi, in the order its CSV answers them. */
export const NVIDIA_SMI_FIELDS = [
  'index',
  'uuid',
  'name',
  'memory.total',
  'memory.used',
  'driver_version',
  'utilization.gpu',
  'ecc.errors.uncorrected.volatile.total',
  'temperature.gpu',
  'pci.bus_id',
] as const;

export const NVIDIA_SMI_QUERY: readonly string[] = [
  'nvidia-smi',
  `--query-gpu=${NVIDIA_SMI_FIELDS.join(',')}`,
  '--format=csv,noheader,nounits',
];

/** Plain `nvidia-smi`: only its header says which CUDA version the driver supports. */
export const NVIDIA_SMI_HEADER: readonly string[] = ['nvidia-smi'];

/** One GPU as nvidia-smi reports it; null where it answers `[N/A]` or `[Not Supported]`. */
export interface GpuInfo {
  index: number;
  uuid: string;
  name: string;
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
  driverVersion: string | null;
  utilizationPercent: number | null;
  eccUncorrectedVolatile: number | null;
  temperatureC: number | null;
  pciBusId: string | null;
}

// nvidia-smi writes these (with the brackets) for fields a GPU or driver does not expose.
const UNAVAILABLE = /^\[.*\]$|^N\/A$/i;

function text(value: string): string | null {
  return value === '' || UNAVAILABLE.test(value) ? null : value;
}

function numberOrNull(value: string, field: string, line: string): number | null {
  const raw = text(value);
  if (raw === null) return null;
  const parsed = Number(raw);
  if (!Number.isFinite(parsed)) {
    throw new Error(`nvidia-smi reported ${field} "${raw}", not a number, in: ${line}`);
  }
  return parsed;
}

/**
 * Parses the CSV of `NVIDIA_SMI_QUERY`. Throws on a line that is not a GPU record, because a
 * driver error printed to stdout must not read as "zero GPUs".
 */
export function parseGpuQuery(csv: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of csv.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    let cells = line.split(',').map((cell) => cell.trim());
    const expected = NVIDIA_SMI_FIELDS.length;
    // Only the product name is free text; a comma in it must not shift the other fields.
    if (cells.length > expected) {
      const extra = cells.length - expected;
      cells = [
        ...cells.slice(0, 2),
        cells.slice(2, 3 + extra).join(', '),
        ...cells.slice(3 + extra),
      ];
    }
    if (cells.length !== expected) {
      throw new Error(
        `nvidia-smi printed a line with ${cells.length} fields where ${expected} were expected: ${line.trim()}`,
      );
    }
    const [index, uuid, name, total, used, driver, util, ecc, temp, bus] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const gpuIndex = numberOrNull(index, 'index', line);
    if (gpuIndex === null || !Number.isInteger(gpuIndex)) {
      throw new Error(`nvidia-smi printed a GPU without an index: ${line.trim()}`);
    }
    gpus.push({
      index: gpuIndex,
      uuid: text(uuid) ?? '',
      name: text(name) ?? 'unknown GPU',
      memoryTotalMiB: numberOrNull(total, 'memory.total', line),
      memoryUsedMiB: numberOrNull(used, 'memory.used', line),
      driverVersion: text(driver),
      utilizationPercent: numberOrNull(util, 'utilization.gpu', line),
      eccUncorrectedVolatile: numberOrNull(ecc, 'ecc.errors.uncorrected.volatile.total', line),
      temperatureC: numberOrNull(temp, 'temperature.gpu', line),
      pciBusId: text(bus),
    });
  }
  return gpus;
}

/** The highest CUDA version the driver supports, from plain `nvidia-smi` ("CUDA Version: 13.0"). */
export function parseCudaVersion(header: string): string | null {
  return /CUDA Version\s*:\s*(\d+\.\d+)/.exec(header)?.[1] ?? null;
}

/** The driver version from plain `nvidia-smi` ("Driver Version: 580.159.04"). */
export function parseDriverVersion(header: string): string | null {
  return /Driver Version\s*:\s*(\d+(?:\.\d+)+)/.exec(header)?.[1] ?? null;
}
