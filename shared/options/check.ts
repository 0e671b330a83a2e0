import { jsonOutput, WORKSPACE } from './common.js';
import { flag, list, text } from './option.js';

/** `mlenv check` and the check action. */
export const CHECK_OPTIONS = {
  workspace: WORKSPACE,
  projects: list({
    description: 'project names or directories',
    defaultText: 'every project of the workspace',
    details:
      "The affected action's projects output can be passed as it is; an empty list checks nothing.",
    split: 'lines-or-json',
    cli: { positional: true, defaultText: 'every project, or the --affected ones' },
  }),
  affected: flag({
    description: 'check only the projects affected between --base and --head',
    adapters: ['cli'],
  }),
  base: text({
    description: 'base of the change for --affected',
    default: 'origin/main',
    adapters: ['cli'],
    cli: { placeholder: '<ref>' },
  }),
  head: text({
    description: 'head of the change for --affected',
    default: 'HEAD',
    adapters: ['cli'],
    cli: { placeholder: '<ref>' },
  }),
  venv: text({
    description: 'Python environment holding ruff and pytest',
    defaultText:
      'MLENV_VENV (set by the setup action), else the workspace environment from the lock',
    cli: { placeholder: '<dir>' },
  }),
  json: jsonOutput(),
} as const;
