export { renderUnifiedDiff } from './diff.js';
export {
  applyToRequirements,
  parseRequirementLine,
  parseRequirementsFile,
  type RequirementChange,
  type RequirementEntry,
  type RequirementsFile,
} from './requirements.js';
export { applyToWorkspaceYaml, type EnvironmentEdit } from './workspace-yaml.js';
