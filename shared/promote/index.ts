export { ALIASES, type ModelRegistry, mlflowRegistry } from './aliases.js';
export { type Candidate, type CandidateRef, resolveCandidate } from './candidate.js';
export {
  evaluateGates,
  type GateEvaluation,
  type GateRow,
  type GateSpec,
  higherIsBetter,
} from './gates.js';
export { acquireLease, type HeldLease, LeaseHeldError, LeaseLostError } from './lease.js';
export {
  type DeploymentHook,
  PROMOTE_STAGES,
  type PromoteOptions,
  type PromoteResult,
  type PromoteStage,
  PromotionError,
  promote,
  rollback,
} from './promote.js';
export {
  formatValue,
  gateTableMarkdown,
  gateTableText,
  promoteSummaryMarkdown,
  servingStatusText,
} from './report.js';
export { type PromoteRequest, runPromote, servingStatus, stopServing } from './run-promote.js';
export { selectServedProject } from './served-project.js';
export * from './serving/index.js';
