import { jsonOutput, PROJECT } from './common.js';
import { PROMOTE_OPTIONS } from './promote.js';

// `mlenv serve` is the CLI's only: in CI the promote action serves, and stops nothing.

const SERVED_PROJECT = {
  ...PROJECT,
  defaultText: 'the project around the current directory, else the only one with a promote section',
  adapters: ['cli'],
} as const;

const SERVING_KUBECONFIG = { ...PROMOTE_OPTIONS.kubeconfig, adapters: ['cli'] } as const;

/** `mlenv serve status`. */
export const SERVE_STATUS_OPTIONS = {
  project: SERVED_PROJECT,
  kubeconfig: SERVING_KUBECONFIG,
  json: jsonOutput('print the status as JSON'),
} as const;

/** `mlenv serve stop`. */
export const SERVE_STOP_OPTIONS = {
  project: SERVED_PROJECT,
  kubeconfig: SERVING_KUBECONFIG,
} as const;
