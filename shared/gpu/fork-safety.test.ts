import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_APPROVAL_LABEL, decideGpuTestsAllowed } from './fork-safety.js';

// biome-ignore lint/suspicious/noExplicitAny: payload fixtures are edited freely in tests.
type Payload = any;

const event = (name: string): Payload =>
  JSON.parse(
    readFileSync(path.join(import.meta.dirname, 'fixtures', 'events', `${name}.json`), 'utf8'),
  );

const HEAD = '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f';
const NEWER = 'c41d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d';
const approved = { headSha: HEAD, labels: ['vision', DEFAULT_APPROVAL_LABEL] };

describe('decideGpuTestsAllowed', () => {
  it.each(['push', 'schedule', 'workflow_dispatch', 'merge_group'])(
    "allows a %s event, which runs the repository's own code",
    (eventName) => {
      expect(decideGpuTestsAllowed({ eventName, payload: event('push') })).toEqual({
        allowed: true,
        reason: `${eventName} event runs trusted code`,
      });
    },
  );

  it('allows a pull request from a branch of the same repository, with no label', () => {
    expect(
      decideGpuTestsAllowed({
        eventName: 'pull_request',
        payload: event('pull-request-opened-same-repo'),
      }),
    ).toEqual({
      allowed: true,
      reason: 'pull request #483 comes from a branch of acme/ml-monorepo',
    });
  });

  it('allows pull_request_target from the same repository', () => {
    const payload = event('pull-request-opened-same-repo');
    expect(decideGpuTestsAllowed({ eventName: 'pull_request_target', payload }).allowed).toBe(true);
  });

  it("allows a fork's pull request when the approval label was just applied to the current head", () => {
    expect(
      decideGpuTestsAllowed({
        eventName: 'pull_request',
        payload: event('pull-request-labeled-fork'),
        current: approved,
      }),
    ).toEqual({
      allowed: true,
      reason:
        'a maintainer applied label gpu-tests-approved to pull request #482 from fork alice-dev/ml-monorepo at commit 9f2c4e1, still its head',
    });
  });

  it('refuses pull_request_target from a fork outright, even when labeled', () => {
    const decision = decideGpuTestsAllowed({
      eventName: 'pull_request_target',
      payload: event('pull-request-target-labeled-fork'),
      current: approved,
    });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe(
      "pull_request_target would run code from fork alice-dev/ml-monorepo with this repository's secrets and write token; run GPU tests from a pull_request workflow gated on label gpu-tests-approved",
    );
  });

  it("refuses a push to a fork's pull request although the label is still on it", () => {
    const decision = decideGpuTestsAllowed({
      eventName: 'pull_request',
      payload: event('pull-request-synchronize-fork'),
      current: approved,
    });
    expect(decision).toEqual({
      allowed: false,
      reason:
        'pull request #482 comes from fork alice-dev/ml-monorepo and the event is "synchronize", not the approval label being applied: a maintainer must apply label gpu-tests-approved after reviewing commit 9f2c4e1',
    });
  });

  it.each(['opened', 'reopened', 'edited', 'ready_for_review'])(
    'refuses a fork\'s pull request on "%s"',
    (action) => {
      const payload = { ...event('pull-request-labeled-fork'), action, label: undefined };
      const decision = decideGpuTestsAllowed({
        eventName: 'pull_request',
        payload,
        current: approved,
      });
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toMatch(
        /a maintainer must apply label gpu-tests-approved after reviewing commit 9f2c4e1$/,
      );
    },
  );

  it('refuses when another label was applied', () => {
    const payload = event('pull-request-labeled-fork');
    payload.label = { ...payload.label, name: 'gpu' };
    const decision = decideGpuTestsAllowed({
      eventName: 'pull_request',
      payload,
      current: approved,
    });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toContain('label gpu is not the approval label');
  });

  it('refuses an approval label that only differs in case', () => {
    const payload = event('pull-request-labeled-fork');
    payload.label = { ...payload.label, name: 'GPU-Tests-Approved' };
    expect(
      decideGpuTestsAllowed({ eventName: 'pull_request', payload, current: approved }).allowed,
    ).toBe(false);
  });

  it('refuses when a commit was pushed after the label was applied, naming the commit to review', () => {
    const decision = decideGpuTestsAllowed({
      eventName: 'pull_request',
      payload: event('pull-request-labeled-fork'),
      current: { headSha: NEWER, labels: [DEFAULT_APPROVAL_LABEL] },
    });
    expect(decision).toEqual({
      allowed: false,
      reason:
        'pull request #482 from fork alice-dev/ml-monorepo got commit c41d2e3 after label gpu-tests-approved approved 9f2c4e1: a maintainer must remove and re-apply label gpu-tests-approved after reviewing commit c41d2e3',
    });
  });

  it('refuses when the label has been removed since it was applied', () => {
    const decision = decideGpuTestsAllowed({
      eventName: 'pull_request',
      payload: event('pull-request-labeled-fork'),
      current: { headSha: HEAD, labels: ['vision'] },
    });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe(
      'label gpu-tests-approved has since been removed from pull request #482 from fork alice-dev/ml-monorepo: a maintainer must apply label gpu-tests-approved after reviewing commit 9f2c4e1',
    );
  });

  it("refuses to approve without the pull request's current state", () => {
    const decision = decideGpuTestsAllowed({
      eventName: 'pull_request',
      payload: event('pull-request-labeled-fork'),
    });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toMatch(
      /were not fetched, so the approval of commit 9f2c4e1 cannot be confirmed$/,
    );
  });

  it('honours a custom approval label and ignores the default one', () => {
    const payload = event('pull-request-labeled-fork');
    payload.label = { ...payload.label, name: 'ok-to-test-gpu' };
    const current = { headSha: HEAD, labels: ['ok-to-test-gpu'] };
    expect(
      decideGpuTestsAllowed({
        eventName: 'pull_request',
        payload,
        approvalLabel: 'ok-to-test-gpu',
        current,
      }).allowed,
    ).toBe(true);
    expect(
      decideGpuTestsAllowed({
        eventName: 'pull_request',
        payload: event('pull-request-labeled-fork'),
        approvalLabel: 'ok-to-test-gpu',
        current: approved,
      }),
    ).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('label ok-to-test-gpu after reviewing'),
    });
  });

  it('treats a pull request whose fork was deleted as a fork', () => {
    const payload = event('pull-request-labeled-deleted-fork');
    expect(decideGpuTestsAllowed({ eventName: 'pull_request_target', payload }).reason).toContain(
      'code from a deleted fork',
    );
    expect(
      decideGpuTestsAllowed({ eventName: 'pull_request', payload, current: approved }),
    ).toMatchObject({
      allowed: true,
      reason: expect.stringContaining('from a deleted fork'),
    });
  });

  it.each(['pull_request_review', 'pull_request_review_comment'])(
    'refuses %s from a fork: it cannot carry the approval',
    (eventName) => {
      const payload = { ...event('pull-request-labeled-fork'), action: 'submitted' };
      const decision = decideGpuTestsAllowed({ eventName, payload, current: approved });
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toContain(`triggered ${eventName}, which cannot carry the approval`);
    },
  );

  it('refuses a pull request event whose payload does not say where the code comes from', () => {
    for (const payload of [{}, { pull_request: { number: 1 } }, null]) {
      const decision = decideGpuTestsAllowed({ eventName: 'pull_request', payload });
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toMatch(/code of unknown origin/);
    }
  });

  it('judges a payload with a pull request as a pull request whatever the event is called', () => {
    const decision = decideGpuTestsAllowed({
      eventName: 'custom',
      payload: event('pull-request-synchronize-fork'),
    });
    expect(decision.allowed).toBe(false);
  });
});
