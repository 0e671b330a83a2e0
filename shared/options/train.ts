import type { BackendName } from '../train/backend.js';
import { jsonOutput, PROJECT, TRACKING_TOKEN, TRACKING_URI, WORKSPACE } from './common.js';
import { assignments, choice, flag, seconds, text } from './option.js';

// The registry in shared/train/backends is the source of the names; this list is checked against
// it by type here and by value in options.test.ts, and kept apart so that reading the train
// action's inputs loads no backend code.
const BACKEND_NAMES = ['local', 'kubernetes'] as const satisfies readonly BackendName[];

/** `mlenv train` and the train action. */
export const TRAIN_OPTIONS = {
  project: PROJECT,
  workspace: WORKSPACE,
  backend: choice(BACKEND_NAMES, {
    description: 'where to train: local or kubernetes',
    default: 'local',
    cli: { short: 'b', placeholder: '<name>' },
  }),
  params: assignments({
    description: 'override train.params values',
    default: {},
    cli: { name: 'param', short: 'p', placeholder: '<key=value>' },
  }),
  register: flag({
    description: 'register the logged model as a new version of promote.model',
    defaultText: 'on the main branch, register a logged model and only warn when there is none',
    details: 'True fails the step when the run logged no model.',
    cli: {
      description:
        'register the logged model as a new version of promote.model, failing without one',
      negated: 'do not register',
    },
  }),
  'tracking-uri': TRACKING_URI,
  'tracking-token': TRACKING_TOKEN,
  kubeconfig: text({
    description: 'kubeconfig for the kubernetes backend',
    defaultText: 'KUBECONFIG or ~/.kube/config',
    cli: { placeholder: '<file>' },
  }),
  venv: text({
    description: 'Python environment for local runs',
    defaultText: 'the workspace environment built from the lock',
    cli: { placeholder: '<dir>' },
  }),
  'pending-timeout': seconds({
    description: 'seconds a pod may stay unschedulable before the run fails',
    default: 600,
    cli: { placeholder: '<seconds>' },
  }),
  'on-cancel': choice(['delete', 'detach'], {
    description:
      'when the run is cancelled (Ctrl-C, SIGTERM, a cancelled workflow): delete the cluster job, or detach and leave it running',
    default: 'delete',
    cli: { placeholder: '<what>' },
  }),
  'dry-run': flag({
    description: 'print what would run (the command, or the manifests) and create nothing',
    default: false,
  }),
  'server-dry-run': flag({
    description: 'have the API server validate the manifests, creating nothing',
    default: false,
  }),
  json: jsonOutput(),
} as const;
