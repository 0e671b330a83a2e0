import { jsonOutput, PROJECT, WORKSPACE } from './common.js';
import { flag } from './option.js';

/** `mlenv setup` and the setup action. */
export const SETUP_OPTIONS = {
  workspace: WORKSPACE,
  project: {
    ...PROJECT,
    description: 'project name or directory to check against the environment and install',
    defaultText: 'none',
  },
  cache: flag({
    description: 'restore and save the environment with the Actions cache',
    default: true,
    adapters: ['action'],
  }),
  'allow-stale-lock': flag({
    description:
      'go on, with a warning, when the lock no longer matches requirements, python and cuda',
    details: 'By default the step fails: CI would test an environment nobody locked.',
    default: false,
    adapters: ['action'],
  }),
  json: jsonOutput(),
} as const;
