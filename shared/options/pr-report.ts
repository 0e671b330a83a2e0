import { PR_STAGES, STEP_OUTCOMES } from '../report/pr-report/stages.js';
import { GITHUB_API_URL, githubToken, WORKSPACE } from './common.js';
import { choice, count, json, secret, text } from './option.js';

/** The pr-report action (it has no CLI command: it reports on a workflow run). */
export const PR_REPORT_OPTIONS = {
  results: text({
    description: 'directory of the result files',
    details: 'Recording writes one file into it; reporting reads every file under it.',
    required: true,
    adapters: ['action'],
  }),
  record: choice(PR_STAGES, {
    description: `record instead of report: the leg this job ran, ${PR_STAGES.slice(0, -1).join(', ')} or ${PR_STAGES.at(-1)}`,
    details: "Run it with `if: always()` after the leg's step, then upload the results directory.",
    adapters: ['action'],
  }),
  project: text({ description: 'record only. The project of the leg', adapters: ['action'] }),
  outcome: choice(STEP_OUTCOMES, {
    description: "record only. The outcome of the leg's step, steps.<id>.outcome",
    expected: `the recorded step's outcome (${STEP_OUTCOMES.join(', ')})`,
    adapters: ['action'],
  }),
  outputs: json(
    {
      description: "record only. The outputs of the leg's step, as toJSON(steps.<id>.outputs)",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression, verbatim.
      expected: "the recorded step's outputs as a JSON object (${{ toJSON(steps.<id>.outputs) }})",
      default: {},
      adapters: ['action'],
    },
    stepOutputs,
  ),
  'job-status': text({
    description:
      'record only. job.status, which tells a cancelled job from an earlier step that failed',
    adapters: ['action'],
  }),
  workspace: {
    ...WORKSPACE,
    description:
      "record only (smoke-train). Directory inside the workspace, to read the project's promote.model and tracking.uri",
  },
  needs: json(
    {
      description:
        "report only. The report job's needs context, toJSON(needs), to tell legs that did not run and list every affected project",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression, verbatim.
      expected: "the job's needs context as JSON (${{ toJSON(needs) }})",
      adapters: ['action'],
    },
    (value: unknown) => value,
  ),
  'pull-request': count({
    description: 'report only. Pull request number',
    defaultText: 'the pull request of the pull_request event',
    expected: "a pull request number (default, the pull_request event's)",
    adapters: ['action'],
  }),
  'github-token': githubToken(
    'report only. Token with pull-requests write to comment; empty to write the job summary only',
  ),
  'github-api-url': GITHUB_API_URL,
  'tracking-uri': text({
    description:
      "MLflow server. Report: where the champions are looked up; default, the server each smoke run used. Record (smoke-train): the train step's tracking-uri, if it was given one",
    adapters: ['action'],
  }),
  'tracking-token': secret({ description: 'report only. MLflow token', adapters: ['action'] }),
} as const;

/** `toJSON(steps.<id>.outputs)`: an object of strings (others are dropped). */
function stepOutputs(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}
