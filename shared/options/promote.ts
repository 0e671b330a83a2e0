import {
  GITHUB_API_URL,
  githubToken,
  jsonOutput,
  PROJECT,
  TRACKING_TOKEN,
  TRACKING_URI,
  WORKSPACE,
} from './common.js';
import { flag, seconds, text } from './option.js';

/** `mlenv promote` and the promote action. */
export const PROMOTE_OPTIONS = {
  workspace: WORKSPACE,
  project: PROJECT,
  'model-version': text({
    description: 'the model version to promote',
    defaultText: 'the version registered from the commit below',
    cli: { placeholder: '<n>' },
  }),
  commit: text({
    description: 'the commit whose registered version is promoted',
    cli: { placeholder: '<sha>', defaultText: 'HEAD' },
    action: {
      defaultText: "the pull request's head commit for a merged pull request, else GITHUB_SHA",
    },
  }),
  'run-id': text({
    description: 'promote the version registered from this MLflow run',
    adapters: ['cli'],
    cli: { placeholder: '<id>' },
  }),
  rollback: flag({
    description: 'serve previous-champion again and swap the aliases back',
    default: false,
  }),
  'tracking-uri': TRACKING_URI,
  'tracking-token': TRACKING_TOKEN,
  venv: text({
    description: 'Python environment for local serving',
    defaultText: 'the workspace environment built from the lock',
    adapters: ['cli'],
    cli: { placeholder: '<dir>' },
  }),
  kubeconfig: text({
    description: 'kubeconfig for serving.target kserve',
    cli: { placeholder: '<file>' },
  }),
  'lease-wait': seconds({
    description: 'seconds to wait for another promotion of the same model',
    default: 0,
    zero: true,
    cli: { placeholder: '<seconds>' },
  }),
  'github-token': githubToken(
    'token to record the GitHub Deployment (needs deployments write); empty to skip it',
  ),
  'github-api-url': GITHUB_API_URL,
  json: jsonOutput(),
} as const;
