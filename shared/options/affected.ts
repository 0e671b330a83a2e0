import { jsonOutput, WORKSPACE } from './common.js';
import { text } from './option.js';

/** `mlenv affected` and the affected action. */
export const AFFECTED_OPTIONS = {
  workspace: WORKSPACE,
  base: text({
    description: 'base commit or ref of the change; the merge base with head is used',
    cli: { placeholder: '<ref>', default: 'origin/main' },
    action: {
      defaultText:
        "the pull request's base commit, the push's previous commit, else origin/<default branch>",
    },
  }),
  head: text({
    description: 'head commit or ref of the change',
    cli: { placeholder: '<ref>', default: 'HEAD' },
    action: { defaultText: 'the pull request head commit, else GITHUB_SHA' },
  }),
  json: jsonOutput('print JSON with the projects and the strategy.matrix value'),
} as const;
