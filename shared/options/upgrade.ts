import { GITHUB_API_URL, githubToken, jsonOutput, WORKSPACE } from './common.js';
import { flag, list, seconds, text } from './option.js';

/** `mlenv upgrade` and the upgrade action. */
export const UPGRADE_OPTIONS = {
  workspace: WORKSPACE,
  groups: list({
    description: 'upgrade groups to run',
    defaultText: 'every group',
    split: 'words',
    cli: { name: 'group', short: 'g', placeholder: '<name>' },
  }),
  'dry-run': flag({
    description: 'print the plan and the diff; change nothing, open nothing',
    default: false,
  }),
  base: text({
    description: 'base branch of the pull requests',
    defaultText: "the repository's default branch",
    cli: { placeholder: '<branch>' },
  }),
  repo: text({
    description: 'GitHub repository',
    defaultText: 'GITHUB_REPOSITORY, else origin',
    adapters: ['cli'],
    cli: { placeholder: '<owner/name>' },
  }),
  'index-timeout': seconds({
    description: 'seconds per request to the package index',
    default: 30,
    adapters: ['cli'],
    cli: { placeholder: '<seconds>' },
  }),
  'github-token': githubToken(
    'token that pushes the upgrade branches and opens pull requests (contents and pull-requests write)',
  ),
  'github-api-url': GITHUB_API_URL,
  json: jsonOutput(),
} as const;
