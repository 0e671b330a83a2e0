import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import {
  type GithubServer,
  startGithubServer,
} from '../../../action-tests/github-server/server.js';
import { PR_REPORT_MARKER } from '../../../shared/report/pr-report/render.js';
import { runStep } from '../../lib/testing/action-fixture.js';
import { run } from './main.js';

// A leg records its result, then the report job renders every result into the job summary and,
// with a token, into one comment on the pull request of the local GitHub API server.
// The tests run in order: the reports read the result the first test records.
const SHA = 'c'.repeat(40);
const RUN = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '42' };
const pullRequestEvent = {
  name: 'pull_request',
  payload: {
    action: 'synchronize',
    pull_request: {
      number: 1,
      head: { sha: SHA, repo: { full_name: 'acme/ml' } },
      base: { sha: 'a'.repeat(40), repo: { full_name: 'acme/ml' } },
    },
  },
};
let scratch: string;
let results: string;
let github: GithubServer;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'mlenv-pr-report-action-'));
  results = path.join(scratch, 'results');
  github = await startGithubServer();
  github.state.seedRepo({ owner: 'acme', repo: 'ml' });
  github.state.push({ owner: 'acme', repo: 'ml', branch: 'feature', files: { 'a.txt': 'a\n' } });
  await new Octokit({ auth: 't', baseUrl: github.url }).rest.pulls.create({
    owner: 'acme',
    repo: 'ml',
    head: 'feature',
    base: 'main',
    title: 'A change',
  });
});

afterAll(async () => {
  await github.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('pr-report action', () => {
  it("records a leg's outcome and outputs as a result file", async () => {
    const step = await runStep('pr-report', run, {
      inputs: {
        results: path.join(results, 'mlenv-pr-result-check-fraud'),
        record: 'check',
        project: 'fraud',
        outcome: 'success',
        outputs: JSON.stringify({
          ok: 'true',
          results: JSON.stringify([
            { name: 'fraud', lint: 0, format: 0, passed: 12, failed: 0, skipped: 1 },
          ]),
        }),
      },
      event: pullRequestEvent,
      env: { ...RUN, GITHUB_REPOSITORY: 'acme/ml' },
    });
    const file = path.join(results, 'mlenv-pr-result-check-fraud', 'check--fraud.json');
    expect(step).toMatchObject({ exitCode: undefined, errors: [] });
    expect(step.log).toContain(`Recorded check of fraud: passed in ${file}`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      stage: 'check',
      project: 'fraud',
      status: 'passed',
      lint: 0,
      unformatted: 0,
      tests: { passed: 12, failed: 0, skipped: 1 },
      // The pull request's head, not the merge commit GITHUB_SHA names.
      sha: SHA,
      runUrl: 'https://github.com/acme/ml/actions/runs/42',
    });
  });

  it('writes the report to the job summary only when no github-token is given', async () => {
    const step = await runStep('pr-report', run, {
      inputs: {
        results,
        needs: JSON.stringify({
          affected: { result: 'success', outputs: { projects: '["fraud"]' } },
          check: { result: 'success', outputs: {} },
        }),
      },
      event: pullRequestEvent,
    });
    expect(step).toMatchObject({
      exitCode: undefined,
      errors: [],
      warnings: ['No github-token: the report goes to the job summary only.'],
      outputs: { 'comment-id': '', 'comment-url': '' },
    });
    expect(step.summary).toContain(PR_REPORT_MARKER);
    expect(step.summary).toContain('| `fraud` | ✅ passed (12 passed, 1 skipped) | — | — |');
  });

  it('comments on the pull request once, and updates that comment on the next run', async () => {
    const report = () =>
      runStep('pr-report', run, {
        inputs: { results, 'github-token': 'ghs_report', 'github-api-url': github.url },
        event: pullRequestEvent,
        env: { ...RUN, GITHUB_REPOSITORY: 'acme/ml' },
      });
    const first = await report();
    expect(first).toMatchObject({ exitCode: undefined, errors: [] });
    expect(first.masks).toContain('ghs_report');
    const comments = github.state.getRepo('acme', 'ml')?.comments ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith(PR_REPORT_MARKER)).toBe(true);
    expect(first.outputs['comment-id']).toBe(String(comments[0]?.id));
    expect(first.outputs['comment-url']).toMatch(/^https?:\/\/.*#issuecomment-\d+$/);
    expect(first.summary).toBe(comments[0]?.body);

    const second = await report();
    expect(second.outputs['comment-id']).toBe(first.outputs['comment-id']);
    expect(github.state.getRepo('acme', 'ml')?.comments).toHaveLength(1);
    expect(github.violations()).toEqual([]);
  });

  it('fails naming the record input when it is no stage', async () => {
    const step = await runStep('pr-report', run, {
      inputs: { results, record: 'deploy', project: 'fraud', outcome: 'success' },
    });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      'pr-report: Input "record": expected one of check, gpu-test, smoke-train, found "deploy".',
    ]);
  });

  it('fails naming the pull-request input outside a pull_request event', async () => {
    const step = await runStep('pr-report', run, { inputs: { results } });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      `pr-report: Input "pull-request": expected a pull request number (default, the pull_request event's), found no pull_request event.`,
    ]);
  });

  it('fails naming the outputs input when it is no JSON object', async () => {
    const step = await runStep('pr-report', run, {
      inputs: { results, record: 'check', project: 'fraud', outcome: 'success', outputs: '[1]' },
    });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression, verbatim.
      'pr-report: Input "outputs": expected the recorded step\'s outputs as a JSON object (${{ toJSON(steps.<id>.outputs) }}), found "[1]".',
    ]);
  });
});
