import { jsonOutput, PROJECT, TRACKING_URI } from './common.js';
import { flag, text } from './option.js';

// `mlenv reap` is the CLI's only: in CI, every `mlenv train` (and the train action) reaps its
// project's abandoned runs before it starts.

/** `mlenv reap`. */
export const REAP_OPTIONS = {
  project: { ...PROJECT, adapters: ['cli'] },
  all: flag({
    description: "every experiment of the tracking server, not one project's",
    adapters: ['cli'],
  }),
  'dry-run': flag({
    description: 'say what would be ended and deleted, change nothing',
    adapters: ['cli'],
  }),
  json: jsonOutput('print what was done with each run as JSON'),
  'tracking-uri': { ...TRACKING_URI, adapters: ['cli'] },
  venv: text({
    description: 'Python environment for the embedded MLflow server',
    defaultText: 'the workspace environment built from the lock',
    adapters: ['cli'],
    cli: { placeholder: '<dir>' },
  }),
} as const;
