import { describe, expect, it } from '@jest/globals';
import {
  GITHUB_BODY_LIMIT,
  type PullRequestBodyInput,
  planMarker,
  readPlanMarker,
  renderPullRequestBody,
} from './pull-request-body.js';

function input(overrides: Partial<PullRequestBodyInput> = {}): PullRequestBodyInput {
  return {
    group: 'pytorch',
    changes: [
      { name: 'torch', from: '2.5.1', to: '2.6.0', bump: 'minor' },
      { name: 'torchvision', from: '0.20.1', to: '0.21.0', bump: 'minor' },
    ],
    releaseNotes: {
      torch: 'https://github.com/pytorch/pytorch/releases/tag/v2.6.0',
      torchvision: 'https://github.com/pytorch/vision/releases/tag/v0.21.0',
    },
    lockDiff: {
      added: ['nvidia-cusparselt-cu12==0.6.2'],
      removed: ['triton==3.1.0'],
      changed: [{ name: 'sympy', from: '1.13.1', to: '1.13.3' }],
    },
    checklist: ['Lint and unit tests (mlenv check)', 'GPU unit tests (mlenv gpu-test)'],
    planHash: 'sha256:1f2e',
    ...overrides,
  };
}

describe('renderPullRequestBody', () => {
  it('tables the version moves, links release notes, lists the lock diff and the checks', () => {
    const body = renderPullRequestBody(input());
    expect(body).toContain(
      [
        '| package | from | to | bump |',
        '| --- | --- | --- | --- |',
        '| torch | 2.5.1 | 2.6.0 | minor |',
        '| torchvision | 0.20.1 | 0.21.0 | minor |',
      ].join('\n'),
    );
    expect(body).toContain(
      '- [torch 2.6.0](https://github.com/pytorch/pytorch/releases/tag/v2.6.0)',
    );
    expect(body).toContain(
      '- [torchvision 0.21.0](https://github.com/pytorch/vision/releases/tag/v0.21.0)',
    );
    expect(body).toContain('1 added, 1 removed, 1 changed.');
    expect(body).toContain('<details><summary>Added (1)</summary>');
    expect(body).toContain('- `nvidia-cusparselt-cu12==0.6.2`');
    expect(body).toContain('- `triton==3.1.0`');
    expect(body).toContain('| sympy | 1.13.1 | 1.13.3 |');
    expect(body).toContain(
      '### What CI will verify\n\n- [ ] Lint and unit tests (mlenv check)\n- [ ] GPU unit tests (mlenv gpu-test)',
    );
    expect(body).not.toContain('### Conflict');
    expect(body).not.toContain('Runtime:');
    expect(body.trimEnd().endsWith('<!-- mlenv-upgrade plan=sha256:1f2e -->')).toBe(true);
    expect(readPlanMarker(body)).toBe('sha256:1f2e');
    // The order a reviewer reads it in.
    const order = ['| package |', '### Release notes', '### What the lock changed', '### What CI'];
    const positions = order.map((s) => body.indexOf(s));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('shows runtime moves and a conflict section when there is one', () => {
    const body = renderPullRequestBody(
      input({
        python: { from: '3.11', to: '3.12' },
        cuda: { from: '12.4', to: '12.6' },
        conflict: 'torchaudio==2.6.0 depends on torch==2.6.0\nbut ```lock``` pins torch==2.5.1',
      }),
    );
    expect(body).toContain('Runtime:\n\n- Python `3.11` → `3.12`\n- CUDA `12.4` → `12.6`');
    expect(body).toContain('### Conflict');
    expect(body).toContain('could not be resolved together');
    // The fence is longer than any backtick run in the resolver's text.
    expect(body).toContain(
      '````text\ntorchaudio==2.6.0 depends on torch==2.6.0\nbut ```lock``` pins torch==2.5.1\n````',
    );
  });

  it('keeps table cells and link texts from breaking the markdown', () => {
    const body = renderPullRequestBody(
      input({
        changes: [{ name: 'weird|pkg', from: '1', to: '2', bump: 'major' }],
        releaseNotes: { 'weird|pkg': 'https://x.example/notes (v2)', evil: 'javascript:alert(1)' },
        lockDiff: { added: [], removed: [], changed: [] },
      }),
    );
    expect(body).toContain('| weird\\|pkg | 1 | 2 | major |');
    expect(body).toContain('(https://x.example/notes%20%28v2%29)');
    expect(body).not.toContain('javascript:');
    expect(body).toContain('Nothing beyond the packages above.');
  });

  it('stays within GitHub body limit for a huge lock diff, keeping the marker', () => {
    const many = Array.from({ length: 3000 }, (_, i) => `package-number-${i}==1.0.${i}`);
    const body = renderPullRequestBody(
      input({
        lockDiff: {
          added: many,
          removed: many,
          changed: many.map((name) => ({ name, from: '1.0.0', to: '1.0.1' })),
        },
      }),
    );
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toContain('3000 added, 3000 removed, 3000 changed.');
    expect(body).toContain('… and 2900 more.');
    expect(readPlanMarker(body)).toBe('sha256:1f2e');
  });

  it('names the plan in a hidden marker', () => {
    expect(planMarker('abc')).toBe('<!-- mlenv-upgrade plan=abc -->');
    expect(readPlanMarker('no marker')).toBeUndefined();
    expect(readPlanMarker(null)).toBeUndefined();
  });
});
