/** Where PyTorch publishes one index per CUDA variant: .../whl/cu128, .../whl/cpu. */
export const PYTORCH_INDEX_BASE = 'https://download.pytorch.org/whl';

const VARIANT_SEGMENT = /^(cu\d{3}|cpu)$/;

/** The local version label and index path segment of a CUDA variant: "12.8" is cu128, "cpu" cpu. */
export function variantLabel(cuda: string): string {
  return cuda === 'cpu' ? 'cpu' : `cu${cuda.replace('.', '')}`;
}

/** Whether a local version label names a CUDA variant (and so moves with environment.cuda). */
export function isVariantLabel(label: string): boolean {
  return VARIANT_SEGMENT.test(label);
}

export interface IndexMove {
  from?: string;
  to?: string;
  /** Set when the index cannot be moved automatically. */
  note?: string;
}

/**
 * environment.pytorchIndex for another CUDA variant: the cuXYZ/cpu path segment replaced, or
 * PyTorch's index of the variant when there was none (PyPI carries one CUDA build per torch
 * release, so choosing a variant needs the index). A mirror without such a segment stays as is.
 */
export function moveIndex(url: string | undefined, cuda: string): IndexMove {
  const label = variantLabel(cuda);
  if (url === undefined) return { to: `${PYTORCH_INDEX_BASE}/${label}` };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { from: url, to: url, note: `environment.pytorchIndex ${url} is not a URL` };
  }
  const segments = parsed.pathname.split('/');
  const at = segments.findLastIndex((s) => VARIANT_SEGMENT.test(s));
  if (at === -1) {
    return {
      from: url,
      to: url,
      note: `environment.pytorchIndex ${url} has no cuXYZ or cpu path segment, so it stays as it is: point it at the ${label} wheels if it serves one variant`,
    };
  }
  segments[at] = label;
  parsed.pathname = segments.join('/');
  // URL keeps a trailing slash the user wrote and adds none.
  const to = parsed.toString();
  return { from: url, to: url.endsWith('/') || !to.endsWith('/') ? to : to.slice(0, -1) };
}
