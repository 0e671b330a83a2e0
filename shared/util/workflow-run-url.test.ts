import { describe, expect, it } from '@jest/globals';
import { workflowRunUrl } from './workflow-run-url.js';

describe('workflowRunUrl', () => {
  const run = {
    GITHUB_SERVER_URL: 'https://github.example.com',
    GITHUB_REPOSITORY: 'acme/ml',
    GITHUB_RUN_ID: '42',
  };

  it('names the run page on the server the runner reports', () => {
    expect(workflowRunUrl(run)).toBe('https://github.example.com/acme/ml/actions/runs/42');
  });

  it('is undefined when any part is missing', () => {
    for (const key of Object.keys(run)) {
      expect(workflowRunUrl({ ...run, [key]: '' })).toBeUndefined();
      expect(workflowRunUrl({ ...run, [key]: undefined })).toBeUndefined();
    }
  });
});
