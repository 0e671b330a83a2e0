export {
  type ProposeAction,
  type ProposedGroup,
  type ProposeResult,
  type ProposeUpgradeOptions,
  proposeUpgrade,
} from './propose.js';
export {
  fitBody,
  GITHUB_BODY_LIMIT,
  type LockChanges,
  type PackageUpgrade,
  type PullRequestBodyInput,
  planMarker,
  readPlanMarker,
  renderPullRequestBody,
  upgradeBranch,
  type VersionMove,
} from './pull-request-body.js';
export {
  parseUpgradeTrailers,
  UPGRADE_TRAILERS,
  type UpgradeTrailers,
  upgradeCommitMessage,
} from './trailers.js';
