// Which NVIDIA driver runs which CUDA toolkit: data from NVIDIA's release notes, and the version
// comparison it is read with.

/**
 * NVIDIA's minimum Linux x86_64 driver for each CUDA toolkit's GA release (CUDA Toolkit release
 * notes, "CUDA Toolkit and Corresponding Driver Versions").
 */
export const CUDA_MIN_DRIVER: Readonly<Record<string, string>> = {
  '13.0': '580.65.06',
  '12.9': '575.51.03',
  '12.8': '570.26',
  '12.6': '560.28.03',
  '12.5': '555.42.02',
  '12.4': '550.54.14',
  '12.3': '545.23.06',
  '12.2': '535.54.03',
  '12.1': '530.30.02',
  '12.0': '525.60.13',
  '11.8': '520.61.05',
};

/**
 * The oldest driver of each CUDA major that runs any toolkit of that major through minor-version
 * compatibility (same release notes, "CUDA Minor Version Compatibility"), minus PTX JIT and
 * features the older driver lacks.
 */
export const CUDA_MAJOR_MIN_DRIVER: Readonly<Record<string, string>> = {
  '13': '580',
  '12': '525.60.13',
  '11': '450.80.02',
};

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}
