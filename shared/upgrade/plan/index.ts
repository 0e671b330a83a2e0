export { type Candidate, findCandidates, releasesForPin, splitLocal } from './candidates.js';
export { type ResolvedGroup, resolveGroups } from './groups.js';
export {
  type GroupPlan,
  type PackageChange,
  type PlanEnvironment,
  type PlanInput,
  planUpgrades,
  type UpgradePlan,
  type VersionMove,
} from './plan-upgrades.js';
export { releaseAdmitsPython, requiresPythonAdmits, wheelAdmitsPython } from './python-compat.js';
export { isVariantLabel, moveIndex, PYTORCH_INDEX_BASE, variantLabel } from './variant.js';
