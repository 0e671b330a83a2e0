import type { WheelSpec } from './wheels.js';

/** One release of a package in the test index: one py3-none-any wheel. */
export interface CatalogueRelease {
  version: string;
  requiresPython?: string;
  requiresDist?: readonly string[];
}

/** Project name to its releases. Tests extend it with `extendCatalogue`. */
export type Catalogue = Readonly<Record<string, readonly CatalogueRelease[]>>;

function coupled(
  versions: readonly (readonly [string, string])[],
  extra: readonly string[] = [],
): CatalogueRelease[] {
  return versions.map(([version, torch]) => ({
    version,
    requiresPython: '>=3.9',
    requiresDist: [`torch==${torch}`, ...extra],
  }));
}

/**
 * Models the coupling `mlenv upgrade` must respect: torchvision and torchaudio each pin one exact
 * torch, `mlflowish` caps torch (1.0.0 `<2.6`, 1.1.0 `<2.7`), so `torch==2.6.0` with
 * `mlflowish==1.0.0` cannot be resolved; torch 2.7.0rc1 is a pre-release that resolvers skip
 * unless asked. Versions and pins follow the real projects'.
 */
export const defaultCatalogue: Catalogue = {
  torch: [
    { version: '2.4.0', requiresPython: '>=3.8' },
    { version: '2.5.0', requiresPython: '>=3.8' },
    { version: '2.5.1', requiresPython: '>=3.8' },
    { version: '2.6.0', requiresPython: '>=3.9' },
    { version: '2.7.0rc1', requiresPython: '>=3.9' },
  ],
  torchvision: coupled(
    [
      ['0.19.0', '2.4.0'],
      ['0.20.0', '2.5.0'],
      ['0.20.1', '2.5.1'],
      ['0.21.0', '2.6.0'],
    ],
    ['numpy'],
  ),
  torchaudio: coupled([
    ['2.4.0', '2.4.0'],
    ['2.5.0', '2.5.0'],
    ['2.5.1', '2.5.1'],
    ['2.6.0', '2.6.0'],
  ]),
  numpy: [
    { version: '1.26.4', requiresPython: '>=3.9' },
    { version: '2.0.2', requiresPython: '>=3.9' },
    { version: '2.1.0', requiresPython: '>=3.10' },
  ],
  mlflowish: [
    { version: '1.0.0', requiresPython: '>=3.9', requiresDist: ['torch<2.6', 'leafpkg>=1.0'] },
    { version: '1.1.0', requiresPython: '>=3.9', requiresDist: ['torch<2.7', 'leafpkg>=1.0'] },
  ],
  leafpkg: [{ version: '1.0.0' }, { version: '1.0.1' }, { version: '1.1.0' }, { version: '2.0.0' }],
};

/** A copy of `base` with `extra`'s releases added; a version already present is replaced. */
export function extendCatalogue(base: Catalogue, extra: Catalogue): Catalogue {
  const merged: Record<string, CatalogueRelease[]> = {};
  for (const [name, releases] of Object.entries(base)) merged[name] = [...releases];
  for (const [name, releases] of Object.entries(extra)) {
    const current = merged[name] ?? [];
    for (const release of releases) {
      const at = current.findIndex((r) => r.version === release.version);
      if (at >= 0) current[at] = release;
      else current.push(release);
    }
    merged[name] = current;
  }
  return merged;
}

/** Every wheel the catalogue describes. */
export function catalogueWheels(catalogue: Catalogue): WheelSpec[] {
  return Object.entries(catalogue).flatMap(([name, releases]) =>
    releases.map((r) => ({ name, ...r })),
  );
}
