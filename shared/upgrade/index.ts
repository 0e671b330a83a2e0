// `mlenv upgrade`: scheduled, coherent upgrade pull requests for the shared environment.
export { upgradeSummaryMarkdown, upgradeText } from './report.js';
export {
  diffLocks,
  type GroupOutcome,
  type GroupResult,
  releaseNotes,
  runUpgrade,
  titleOf,
  type UpgradeRequest,
  type UpgradeResult,
} from './run-upgrade.js';
export { DEFAULT_UPGRADE_POLICY, type UpgradePolicy, upgradeSchema } from './schema.js';
