import { flag, secret, text } from './option.js';

// Options that several use cases share, declared here once; a table that words one differently
// spreads it with its own description (`{ ...PROJECT, defaultText: ... }`).

/**
 * The action's workspace input, searched upward from. The CLI has none per command: the global
 * `-w, --workspace` (GLOBAL_OPTIONS) names the workspace root itself.
 */
export const WORKSPACE = text({
  description:
    'directory inside the workspace; mlenv.yaml with kind Workspace is searched upward from it',
  default: '.',
  adapters: ['action'],
});

/** The `[project]` argument of the CLI, the `project` input of an action. */
export const PROJECT = text({
  description: 'project name or directory',
  defaultText: 'the project around the current directory, else the only project of the workspace',
  cli: { positional: true },
});

export const TRACKING_URI = text({
  description: 'MLflow tracking server',
  defaultText: 'tracking.uri of the workspace, else the embedded server',
  cli: { placeholder: '<uri>' },
});

/** The CLI reads MLFLOW_TRACKING_TOKEN from the environment instead, as MLflow's client does. */
export const TRACKING_TOKEN = secret({
  description: 'token for the MLflow server, if it needs one',
  adapters: ['action'],
});

export const GITHUB_API_URL = text({
  description: 'GitHub REST API root',
  adapters: ['action'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression, verbatim.
  action: { default: '${{ github.api_url }}' },
});

/** The workflow's own token by default; the CLI reads GITHUB_TOKEN where it needs one. */
export function githubToken(description: string) {
  return secret({
    description,
    adapters: ['action'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression, verbatim.
    action: { default: '${{ github.token }}' },
  });
}

/** `--json`: stdout carries the JSON document alone. An action sets outputs instead. */
export function jsonOutput(description = 'print the result as JSON') {
  return flag({ description, adapters: ['cli'] });
}
