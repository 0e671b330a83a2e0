import type { Release } from '../index/package-index.js';
import { satisfies } from '../index/pep440.js';

export interface PythonVerdict {
  ok: boolean;
  /** Why no file fits, such as "requires-python >=3.10" or "wheels only for cp310, cp311". */
  reason?: string;
}

/**
 * Whether a release has a file the workspace's Python ("3.11") can install: its requires-python
 * admits some 3.11.x and, for a wheel, its Python tag fits. Platforms are left to the resolver.
 * A release the index lists without files cannot be judged and passes.
 */
export function releaseAdmitsPython(release: Release, python: string): PythonVerdict {
  const files = release.files.filter((f) => !f.yanked);
  if (files.length === 0) return { ok: true };
  const byRequires = files.filter((f) => requiresPythonAdmits(f.requiresPython, python));
  if (byRequires.length === 0) {
    const specs = [...new Set(files.map((f) => f.requiresPython ?? ''))].filter(Boolean);
    return { ok: false, reason: `requires-python ${specs.join(' | ')}` };
  }
  if (byRequires.some((f) => wheelAdmitsPython(f.filename, python))) return { ok: true };
  const tags = [...new Set(byRequires.flatMap((f) => wheelPythonTags(f.filename) ?? []))].sort(
    (a, b) => a.localeCompare(b, 'en', { numeric: true }),
  );
  return { ok: false, reason: `wheels only for ${tags.join(', ')}` };
}

/** Some patch release of `python` satisfies the specifier (">=3.11.4" admits a workspace's 3.11). */
export function requiresPythonAdmits(specifier: string | undefined, python: string): boolean {
  if (!specifier?.trim()) return true;
  try {
    return [`${python}.0`, `${python}.999`].some((v) =>
      satisfies(v, specifier, { prereleases: true }),
    );
  } catch {
    // Malformed metadata (">=3.6.*" exists on PyPI): resolvers ignore it, so do we.
    return true;
  }
}

function wheelPythonTags(filename: string): string[] | undefined {
  if (!filename.endsWith('.whl')) return undefined;
  const parts = filename.slice(0, -4).split('-');
  if (parts.length < 5) return undefined;
  return (parts[parts.length - 3] as string).split('.');
}

/** pip's compatible tags for CPython X.Y: cpXY, abi3 builds for cp3≤Y, py3, and py3≤Y. */
export function wheelAdmitsPython(filename: string, python: string): boolean {
  const tags = wheelPythonTags(filename);
  if (!tags) return true;
  const parts = filename.slice(0, -4).split('-');
  const abis = (parts[parts.length - 2] as string).split('.');
  const [major, minorText] = python.split('.');
  const minor = Number(minorText);
  // A free-threaded build (abi cp313t) does not load in the default interpreter.
  const onlyFreeThreaded = abis.every((abi) => /^cp\d+t$/.test(abi));
  return tags.some((tag) => {
    if (tag === `py${major}`) return true;
    const match = /^(py|cp)(\d)(\d+)$/.exec(tag);
    if (!match || match[2] !== major) return false;
    const tagMinor = Number(match[3]);
    if (match[1] === 'py') return tagMinor <= minor;
    if (onlyFreeThreaded) return false;
    return tagMinor === minor || (abis.includes('abi3') && tagMinor <= minor);
  });
}
