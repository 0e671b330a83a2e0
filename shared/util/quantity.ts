// Kubernetes quantities ("100Mi", "1G", "512k", "0.5Gi") as numbers, for sizes written in
// mlenv.yaml the way the rest of a cluster's settings are.

const SUFFIXES = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
} as const;

const QUANTITY = /^(\d+(?:\.\d+)?)(m|k|Ki|Mi|Gi|Ti|Pi|Ei|M|G|T|P|E)?$/;

/** The value of a quantity; NaN for text that is not one. */
export function parseQuantity(text: string): number {
  const match = QUANTITY.exec(text.trim());
  if (!match) return Number.NaN;
  return Number(match[1]) * SUFFIXES[(match[2] ?? '') as keyof typeof SUFFIXES];
}

/** Bytes for people: "812 B", "3.4 KiB", "12.0 MiB", "1.20 GiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
