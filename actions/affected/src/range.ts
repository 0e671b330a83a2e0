import { ConfigurationError } from '../../../shared/errors/index.js';
import type { GitHubEvent } from '../../../shared/github/event.js';

const NULL_SHA = /^0{40}$/;

/** Picks the commits to compare from the inputs, else from the triggering event. */
export function resolveRange(
  inputs: { base?: string; head?: string },
  event: GitHubEvent,
): { base: string; head: string } {
  const pr = event.payload.pull_request;
  const head = inputs.head ?? pr?.head.sha ?? event.sha ?? 'HEAD';
  const before = event.payload.before;
  const defaultBranch = event.payload.repository?.default_branch;
  const base =
    inputs.base ??
    pr?.base.sha ??
    (before && !NULL_SHA.test(before) ? before : undefined) ??
    (defaultBranch ? `origin/${defaultBranch}` : undefined);
  if (!base) {
    throw new ConfigurationError(
      `Input "base": expected a commit or ref to compare with, found nothing (event "${event.eventName || 'unknown'}" has no base either).`,
    );
  }
  return { base, head };
}
