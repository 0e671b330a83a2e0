import { z } from 'zod';
import { DEFAULT_APPROVAL_LABEL } from './gpu-test-options.js';

export { DEFAULT_APPROVAL_LABEL };

/** The pull request as the API returns it at decision time, not as the event remembers it. */
export interface PullRequestState {
  headSha: string;
  labels: readonly string[];
}

export interface ForkSafetyInput {
  eventName: string;
  /** The event payload, as in the file at GITHUB_EVENT_PATH. */
  payload: unknown;
  approvalLabel?: string;
  /** Fetched by the caller just before deciding; required to approve a fork's pull request. */
  current?: PullRequestState;
}

export interface ForkSafetyDecision {
  allowed: boolean;
  reason: string;
}

const repo = z.object({ full_name: z.string() }).nullish();

const pullRequestPayload = z.object({
  action: z.string().optional(),
  label: z.object({ name: z.string() }).nullish(),
  pull_request: z.object({
    number: z.number(),
    head: z.object({ sha: z.string(), repo }),
    base: z.object({ repo }),
  }),
});

function short(sha: string): string {
  return sha.slice(0, 7);
}

/**
 * Whether this workflow run may run GPU tests. GPU runners are self-hosted and long-lived, so
 * code from a fork runs there only after a maintainer has reviewed the exact commit; the
 * approval label, applied after that review, is the record of it, and any later push voids it.
 */
export function decideGpuTestsAllowed(input: ForkSafetyInput): ForkSafetyDecision {
  const label = input.approvalLabel ?? DEFAULT_APPROVAL_LABEL;
  const raw = (input.payload ?? {}) as { pull_request?: unknown };
  const isPullRequestEvent =
    input.eventName.startsWith('pull_request') || raw.pull_request !== undefined;
  if (!isPullRequestEvent) {
    return { allowed: true, reason: `${input.eventName || 'this'} event runs trusted code` };
  }

  const parsed = pullRequestPayload.safeParse(input.payload);
  if (!parsed.success) {
    return {
      allowed: false,
      reason: `the ${input.eventName} event payload lacks the pull request's head and base repositories; refusing to run GPU tests on code of unknown origin`,
    };
  }
  const event = parsed.data;
  const pr = event.pull_request;
  const head = pr.head.repo?.full_name;
  const base = pr.base.repo?.full_name;
  if (head !== undefined && base !== undefined && head === base) {
    return {
      allowed: true,
      reason: `pull request #${pr.number} comes from a branch of ${base}`,
    };
  }
  // A deleted fork leaves head.repo null: still someone else's code.
  const from = head ? `fork ${head}` : 'a deleted fork';

  if (input.eventName === 'pull_request_target') {
    return {
      allowed: false,
      reason: `pull_request_target would run code from ${from} with this repository's secrets and write token; run GPU tests from a pull_request workflow gated on label ${label}`,
    };
  }
  const payloadSha = pr.head.sha;
  const currentSha = input.current?.headSha ?? payloadSha;
  const ask = (sha: string): string =>
    `a maintainer must apply label ${label} after reviewing commit ${short(sha)}`;

  if (input.eventName !== 'pull_request') {
    return {
      allowed: false,
      reason: `pull request #${pr.number} from ${from} triggered ${input.eventName}, which cannot carry the approval; GPU tests run on the pull_request "labeled" event: ${ask(currentSha)}`,
    };
  }
  if (event.action !== 'labeled' || event.label?.name !== label) {
    const what =
      event.action === 'labeled'
        ? `label ${event.label?.name ?? '(none)'} is not the approval label`
        : `the event is "${event.action ?? 'unknown'}", not the approval label being applied`;
    return {
      allowed: false,
      reason: `pull request #${pr.number} comes from ${from} and ${what}: ${ask(currentSha)}`,
    };
  }
  if (!input.current) {
    return {
      allowed: false,
      reason: `pull request #${pr.number} from ${from}: its current head and labels were not fetched, so the approval of commit ${short(payloadSha)} cannot be confirmed`,
    };
  }
  if (input.current.headSha !== payloadSha) {
    return {
      allowed: false,
      reason: `pull request #${pr.number} from ${from} got commit ${short(input.current.headSha)} after label ${label} approved ${short(payloadSha)}: a maintainer must remove and re-apply label ${label} after reviewing commit ${short(input.current.headSha)}`,
    };
  }
  if (!input.current.labels.includes(label)) {
    return {
      allowed: false,
      reason: `label ${label} has since been removed from pull request #${pr.number} from ${from}: ${ask(payloadSha)}`,
    };
  }
  return {
    allowed: true,
    reason: `a maintainer applied label ${label} to pull request #${pr.number} from ${from} at commit ${short(payloadSha)}, still its head`,
  };
}
