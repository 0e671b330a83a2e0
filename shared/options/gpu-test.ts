import { githubToken, jsonOutput, PROJECT, WORKSPACE } from './common.js';
import { count, duration, flag, text } from './option.js';

/** `mlenv gpu-test` and the gpu-test action. */
export const GPU_TEST_OPTIONS = {
  workspace: WORKSPACE,
  project: PROJECT,
  'require-gpu': flag({
    description: 'fail when no GPU is visible',
    details: 'With false the step passes with status skipped.',
    default: true,
    cli: { negated: 'skip instead of failing when no GPU is visible' },
  }),
  gpus: count({
    description: 'how many GPUs to lock',
    defaultText: 'every GPU visible to the job',
    cli: { placeholder: '<n>' },
  }),
  'lock-dir': text({
    description: 'directory of the per-GPU lock files, shared by every job of this machine',
    details:
      "It must be the same for every job that can use the machine's GPUs, so the default is a fixed host path rather than one under RUNNER_TEMP (which differs per runner installation). Jobs in containers must mount one host directory at the same path and name it here.",
    // Shared by every runner process on the machine, whichever user directory or RUNNER_TEMP
    // each has: the locks only work when all jobs that can see a GPU look in the same directory.
    default: '/tmp/mlenv-gpu-locks',
    cli: { placeholder: '<dir>' },
  }),
  'lock-timeout': duration({
    description: 'how long to wait for free GPUs, e.g. 30m, 90s, 1h',
    default: 30 * 60 * 1000,
    cli: { placeholder: '<duration>' },
  }),
  'approval-label': text({
    description:
      "label a maintainer applies to a fork's pull request, after reviewing its latest commit, to allow GPU tests on it",
    details: 'The workflow must run on the pull_request "labeled" event.',
    default: 'gpu-tests-approved',
    cli: { placeholder: '<label>' },
  }),
  'github-token': githubToken(
    "token used only to read a fork pull request's current head commit and labels (pull requests: read)",
  ),
  venv: text({
    description: 'Python environment',
    defaultText: 'the workspace environment built from the lock',
    cli: { placeholder: '<dir>' },
  }),
  json: jsonOutput(),
} as const;
