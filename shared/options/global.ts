import { flag, text } from './option.js';

/** The options of `mlenv` itself, before any command; an action has none of them. */
export const GLOBAL_OPTIONS = {
  // An action's `workspace` input (common.ts) is searched upward from; this names the root.
  workspace: text({
    description: 'workspace root',
    defaultText: 'search upward for mlenv.yaml',
    adapters: ['cli'],
    cli: { short: 'w', placeholder: '<dir>' },
  }),
  verbose: flag({ description: 'print debug output', adapters: ['cli'], cli: { short: 'v' } }),
} as const;
