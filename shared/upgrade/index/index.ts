// The Python package index side of `mlenv upgrade`: what releases exist and what they require.
export { type CoreMetadata, parseCoreMetadata } from './core-metadata.js';
export {
  createPackageIndex,
  type PackageIndex,
  PackageIndexError,
  type PackageIndexOptions,
  type Release,
} from './package-index.js';
export {
  type BumpKind,
  bumpKind,
  compareVersions,
  formatSpecifierSet,
  formatVersion,
  isPrerelease,
  normalizeVersion,
  parseSpecifierSet,
  parseVersion,
  type SatisfiesOptions,
  type Specifier,
  type SpecifierSet,
  satisfies,
  sortVersions,
  tryParseVersion,
  type Version,
} from './pep440.js';
export {
  type PageAnswer,
  type ParsedFilename,
  parseDistributionFilename,
  parseProjectPage,
  type ReleaseFile,
} from './project-page.js';
export {
  evaluateMarker,
  linuxMarkerEnvironment,
  type MarkerEnvironment,
  normalizeName,
  parseRequirement,
  type Requirement,
} from './requirement.js';
