import { ConfigurationError, errorMessage } from '../../errors/index.js';
import type { Octokit } from '../../github/client.js';
import { createCommentOnce, statusOf } from '../../github/comments.js';
import type { Logger } from '../../logger/index.js';
import { fitBody, planMarker, readPlanMarker, upgradeBranch } from './pull-request-body.js';
import { parseUpgradeTrailers, upgradeCommitMessage } from './trailers.js';

export interface ProposedGroup {
  /** The upgrade group; its pull request lives on `mlenv/upgrade/<group>`. */
  group: string;
  title: string;
  /** Markdown, made with renderPullRequestBody. */
  body: string;
  /** Repository-relative path to the full new content, changed files only. */
  files: Record<string, string>;
  /** Identifies the plan: the same plan gives the same hash. */
  planHash: string;
  labels: string[];
  /** Opened as a draft: the group could not be resolved together. */
  draft: boolean;
}

export type ProposeAction = 'created' | 'updated' | 'unchanged' | 'blocked';

export interface ProposeResult {
  group: string;
  action: ProposeAction;
  pullNumber?: number;
  url?: string;
  branch: string;
  reason?: string;
  /** The commit made for the plan (absent when none was made, and on dry runs). */
  commitSha?: string;
  /** Set on dry runs: `action` is what a real run would have done. */
  dryRun?: true;
}

export interface ProposeUpgradeOptions {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** The branch the pull request targets; default the repository's default branch. */
  base?: string;
  proposal: ProposedGroup;
  logger: Logger;
  /** Make no write request; report what would happen. */
  dryRun?: boolean;
}

// Our commit sits directly on the base, so a walk longer than this means someone else's history.
const MAX_WALK = 20;

interface Target {
  octokit: Octokit;
  owner: string;
  repo: string;
  logger: Logger;
}

interface WalkedCommit {
  sha: string;
  message: string;
  parents: string[];
}

/** What is on the upgrade branch above the base. */
interface BranchHistory {
  /** Commits without our trailers (or of another group, or merges), newest first. */
  foreign: WalkedCommit[];
  /** Our newest commit on the branch, if any. */
  newestOurs?: { sha: string; plan: string; parent: string };
  /** The walk stopped at its bound before it reached the base. */
  unbounded: boolean;
}

interface PullSummary {
  number: number;
  url: string;
  body: string | null;
  draft: boolean;
  labels: string[];
  baseRef: string;
}

/**
 * Opens or refreshes the pull request of one upgrade group. The commit is made through the Git
 * Data API on top of the base branch's head and carries trailers that mark it as MLEnv's; a
 * branch that holds anything else is never rewritten, only commented on. Running it again with
 * the same plan changes nothing.
 */
export async function proposeUpgrade(options: ProposeUpgradeOptions): Promise<ProposeResult> {
  const { octokit, owner, repo, proposal, logger } = options;
  validateProposal(proposal);
  const dryRun = options.dryRun === true;
  const target: Target = { octokit, owner, repo, logger };
  const branch = upgradeBranch(proposal.group);
  const body = fitBody(proposal.body, proposal.planHash);
  const result = (action: ProposeAction, fields: Partial<ProposeResult> = {}): ProposeResult => ({
    group: proposal.group,
    action,
    branch,
    ...fields,
    ...(dryRun ? { dryRun: true as const } : {}),
  });
  const ofPull = (pull: PullSummary) => ({ pullNumber: pull.number, url: pull.url });
  const would = (text: string) => (dryRun ? `dry run: would ${text}` : text);

  const base = options.base ?? (await octokit.rest.repos.get({ owner, repo })).data.default_branch;
  const baseHead = await refSha(target, `heads/${base}`);
  if (!baseHead) {
    throw new ConfigurationError(`the base branch "${base}" does not exist in ${owner}/${repo}`);
  }
  const branchHead = await refSha(target, `heads/${branch}`);
  const history = branchHead
    ? await walkBranch(target, branchHead, baseHead, proposal.group)
    : undefined;
  const open = await findOpenPull(target, branch, base);

  if (branchHead && history && (history.foreign.length > 0 || history.unbounded)) {
    return blocked();
  }

  if (!open) {
    // A person closed the pull request of this very plan: that is a "no", not a failure.
    const declined = await findClosedPullForPlan(target, branch, proposal.planHash);
    if (declined) {
      logger.info(
        `Upgrade ${proposal.group}: pull request #${declined.number} with plan ${proposal.planHash} was closed without merging; not proposing it again`,
      );
      return result('unchanged', {
        ...ofPull(declined),
        reason: `pull request #${declined.number} with this plan was closed without merging; a newer plan opens a new one`,
      });
    }
  }

  const ours = history?.newestOurs;
  if (
    branchHead &&
    ours &&
    ours.sha === branchHead &&
    ours.plan === proposal.planHash &&
    ours.parent === baseHead
  ) {
    return upToDate(branchHead);
  }

  // A new commit for the plan, on the base branch's current head.
  let commitSha: string | undefined;
  if (!dryRun) commitSha = await commitPlan(target, baseHead, proposal);
  let action: ProposeAction;
  if (!branchHead) {
    if (commitSha) await createBranch(target, branch, commitSha);
    action = 'created';
  } else {
    if (commitSha) {
      // Narrows the window in which a push made since the walk would be overwritten: the REST
      // API has no compare-and-swap for refs.
      const now = await refSha(target, `heads/${branch}`);
      if (now !== branchHead) {
        logger.warning(
          `Upgrade ${proposal.group}: ${branch} moved from ${short(branchHead)} to ${short(now)} while the proposal was prepared; left it alone`,
        );
        return result('blocked', {
          ...(open ? ofPull(open) : {}),
          reason: `${branch} moved while the proposal was prepared; the next run looks again`,
        });
      }
      // Force is safe here: every commit it drops carries our trailers.
      await octokit.rest.git.updateRef({
        owner,
        repo,
        ref: `heads/${branch}`,
        sha: commitSha,
        force: true,
      });
    }
    action = 'updated';
  }
  const onto = `plan ${proposal.planHash} on ${base} ${short(baseHead)}`;
  // Past tense for what was done, a "would" for what a dry run would do.
  const what = dryRun
    ? `dry run: would ${branchHead ? 'move' : 'create'} ${branch} with ${onto}`
    : `${branchHead ? 'moved' : 'created'} ${branch} with ${onto}`;

  if (open) {
    if (!dryRun) {
      await rewritePull(target, open, proposal, body);
      await ensureLabels(target, open, proposal.labels);
    }
    warnDraft(open);
    const reason = `${what}; ${dryRun ? 'and update' : 'updated'} #${open.number}`;
    logger.info(`Upgrade ${proposal.group}: ${reason}`);
    return result(action, { ...ofPull(open), commitSha, reason });
  }
  if (dryRun) {
    const reason = `${what} and open a pull request`;
    logger.info(`Upgrade ${proposal.group}: ${reason}`);
    return result(action, { reason });
  }
  const pull = await openPull(target, branch, base, proposal, body);
  logger.info(
    `Upgrade ${proposal.group}: ${what}; opened pull request #${pull.number} ${pull.url}`,
  );
  return result(action, { ...ofPull(pull), commitSha, reason: `${what}; opened #${pull.number}` });

  async function upToDate(head: string): Promise<ProposeResult> {
    if (!open) {
      // Our commit is in place but its pull request is not: a run that stopped half way.
      if (dryRun) {
        return result('created', { reason: would(`open the pull request for ${branch}`) });
      }
      const pull = await openPull(target, branch, base, proposal, body);
      logger.info(
        `Upgrade ${proposal.group}: ${branch} already holds plan ${proposal.planHash}; opened pull request #${pull.number} ${pull.url}`,
      );
      return result('created', {
        ...ofPull(pull),
        commitSha: head,
        reason: `${branch} already held this plan; opened #${pull.number}`,
      });
    }
    // The body and labels are rewritten only when a run stopped before writing them, so a
    // person's edits to an up-to-date pull request stay.
    const repairs: string[] = [];
    const staleBody = readPlanMarker(open.body) !== proposal.planHash;
    if (staleBody) repairs.push('title and body');
    const missing = missingLabels(open, proposal.labels);
    if (missing.length > 0) repairs.push(`labels ${missing.join(', ')}`);
    if (repairs.length === 0) {
      logger.info(
        `Upgrade ${proposal.group}: pull request #${open.number} is up to date (plan ${proposal.planHash} on ${base} ${short(baseHead)})`,
      );
      return result('unchanged', {
        ...ofPull(open),
        reason: 'the branch already holds this plan on the current base',
      });
    }
    if (!dryRun) {
      if (staleBody) await rewritePull(target, open, proposal, body);
      await ensureLabels(target, open, proposal.labels);
    }
    const reason = would(`restore the ${repairs.join(' and ')} of #${open.number}`);
    logger.info(`Upgrade ${proposal.group}: ${reason}`);
    return result('updated', { ...ofPull(open), reason });
  }

  async function blocked(): Promise<ProposeResult> {
    const foreign = history?.foreign ?? [];
    const culprit = foreign[foreign.length - 1] ?? foreign[0];
    const why = history?.unbounded
      ? `${branch} is more than ${MAX_WALK} commits away from ${base}`
      : `${branch} has ${foreign.length} commit(s) MLEnv did not make (${foreign.map((c) => short(c.sha)).join(', ')})`;
    logger.warning(`Upgrade ${proposal.group}: not applied: ${why}; the branch is left alone`);
    if (!open) {
      return result('blocked', { reason: `${why}; no open pull request to comment on` });
    }
    if (history?.newestOurs?.plan === proposal.planHash) {
      // The branch carries this plan already, with someone's commits on top: nothing new to say.
      return result('blocked', {
        ...ofPull(open),
        reason: `${why}; it already carries this plan, so nothing was posted`,
      });
    }
    const marker = `<!-- mlenv-upgrade blocked head=${branchHead} plan=${proposal.planHash} -->`;
    const comment = blockedComment({ branch, base, why, culprit, proposal, marker });
    const posted = await createCommentOnce(
      { ...target, issue: open.number },
      { marker, body: comment, dryRun },
    );
    const reason = `${why}; ${posted.outcome === 'exists' ? 'already commented' : would(`comment on #${open.number}`)}`;
    return result('blocked', { ...ofPull(open), reason });
  }

  function warnDraft(pull: PullSummary): void {
    if (pull.draft === proposal.draft) return;
    // GitHub's REST API cannot change a pull request's draft state (only GraphQL can).
    logger.warning(
      proposal.draft
        ? `Upgrade ${proposal.group}: pull request #${pull.number} is ready for review but its plan could not be resolved together; see its conflict section`
        : `Upgrade ${proposal.group}: pull request #${pull.number} is still a draft though its plan now resolves; mark it ready for review`,
    );
  }
}

function validateProposal(p: ProposedGroup): void {
  const problems: string[] = [];
  if (
    !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(p.group) ||
    p.group.includes('..') ||
    /(\.lock|\.)$/.test(p.group)
  ) {
    problems.push(
      `group "${p.group}" cannot name a branch: use letters, digits, ".", "_" and "-" (not ending in ".lock")`,
    );
  }
  // The hash goes into a trailer and an HTML comment: whitespace or ">" would break either.
  if (!/^[A-Za-z0-9][A-Za-z0-9:._+/=-]{0,127}$/.test(p.planHash)) {
    problems.push(`plan hash "${p.planHash}" must be 1–128 characters of [A-Za-z0-9:._+/=-]`);
  }
  if (p.title.trim() === '') problems.push('the title is empty');
  const paths = Object.keys(p.files);
  if (paths.length === 0) problems.push('it changes no file');
  for (const path of paths) {
    const parts = path.split('/');
    if (
      path.startsWith('/') ||
      path.includes('\\') ||
      parts.some((s) => s === '' || s === '.' || s === '..' || s === '.git')
    ) {
      problems.push(`"${path}" is not a repository-relative file path`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigurationError(
      `the upgrade proposal of "${p.group}" is invalid: ${problems.join('; ')}`,
    );
  }
}

function short(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : '(deleted)';
}

/** The sha a ref points at; undefined when it does not exist. */
async function refSha(t: Target, ref: string): Promise<string | undefined> {
  try {
    const { data } = await t.octokit.rest.git.getRef({ owner: t.owner, repo: t.repo, ref });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/**
 * Walks the branch from its head towards the base. Our commits are always made directly on the
 * base's head, so the parent of one of ours is a commit of the base's history and ends the walk.
 */
async function walkBranch(
  t: Target,
  head: string,
  baseHead: string,
  group: string,
): Promise<BranchHistory> {
  const foreign: WalkedCommit[] = [];
  let sha: string | undefined = head;
  for (let step = 0; step < MAX_WALK; step++) {
    if (!sha || sha === baseHead) return { foreign, unbounded: false };
    const { data } = await t.octokit.rest.git.getCommit({
      owner: t.owner,
      repo: t.repo,
      commit_sha: sha,
    });
    const commit: WalkedCommit = {
      sha: data.sha,
      message: data.message,
      parents: data.parents.map((p) => p.sha),
    };
    const trailers = parseUpgradeTrailers(commit.message);
    const parent = commit.parents[0];
    if (trailers?.group === group && commit.parents.length === 1 && parent) {
      return {
        foreign,
        newestOurs: { sha: commit.sha, plan: trailers.plan, parent },
        unbounded: false,
      };
    }
    foreign.push(commit);
    // A merge of the base into the branch continues along the branch's own line.
    sha = parent;
  }
  return { foreign, unbounded: sha !== undefined && sha !== baseHead };
}

/** Blobs, a tree on the base's tree and a commit on the base's head; returns the commit. */
async function commitPlan(t: Target, baseHead: string, proposal: ProposedGroup): Promise<string> {
  const { octokit, owner, repo } = t;
  const { data: baseCommit } = await octokit.rest.git.getCommit({
    owner,
    repo,
    commit_sha: baseHead,
  });
  const tree: { path: string; mode: '100644'; type: 'blob'; sha: string }[] = [];
  // One at a time: the client paces writes anyway, and a failure leaves no half-sent batch.
  for (const [path, content] of Object.entries(proposal.files).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const { data: blob } = await octokit.rest.git.createBlob({
      owner,
      repo,
      content,
      encoding: 'utf-8',
    });
    tree.push({ path, mode: '100644', type: 'blob', sha: blob.sha });
  }
  const { data: newTree } = await octokit.rest.git.createTree({
    owner,
    repo,
    base_tree: baseCommit.tree.sha,
    tree,
  });
  const { data: commit } = await octokit.rest.git.createCommit({
    owner,
    repo,
    message: upgradeCommitMessage(proposal.title, {
      group: proposal.group,
      plan: proposal.planHash,
    }),
    tree: newTree.sha,
    parents: [baseHead],
  });
  t.logger.debug(
    `Committed ${Object.keys(proposal.files).length} file(s) as ${commit.sha} on ${baseHead}`,
  );
  return commit.sha;
}

async function createBranch(t: Target, branch: string, sha: string): Promise<void> {
  try {
    await t.octokit.rest.git.createRef({
      owner: t.owner,
      repo: t.repo,
      ref: `refs/heads/${branch}`,
      sha,
    });
  } catch (error) {
    // A retried request whose first attempt did land finds its own ref.
    if (statusOf(error) === 422 && (await refSha(t, `heads/${branch}`)) === sha) return;
    if (statusOf(error) === 422) {
      throw new Error(
        `${branch} appeared while the proposal was prepared (another run?): ${errorMessage(error)}; run again`,
        { cause: error },
      );
    }
    throw error;
  }
}

function summarize(p: {
  number: number;
  html_url: string;
  body?: string | null;
  draft?: boolean;
  labels: { name?: string }[];
  base: { ref: string };
}): PullSummary {
  return {
    number: p.number,
    url: p.html_url,
    body: p.body ?? null,
    draft: p.draft === true,
    labels: p.labels.map((l) => l.name ?? '').filter((n) => n !== ''),
    baseRef: p.base.ref,
  };
}

/** The branch's pull requests, newest first. `head` needs `owner:`, or GitHub ignores it. */
async function branchPulls(
  t: Target,
  branch: string,
  query: { state: 'open' | 'closed'; base?: string; per_page: number },
) {
  const { data } = await t.octokit.rest.pulls.list({
    owner: t.owner,
    repo: t.repo,
    head: `${t.owner}:${branch}`,
    ...query,
  });
  return data;
}

/** The open pull request of the branch into the base. */
async function findOpenPull(
  t: Target,
  branch: string,
  base: string,
): Promise<PullSummary | undefined> {
  const [pull] = await branchPulls(t, branch, { base, state: 'open', per_page: 10 });
  return pull ? summarize(pull) : undefined;
}

async function findClosedPullForPlan(
  t: Target,
  branch: string,
  planHash: string,
): Promise<PullSummary | undefined> {
  const pulls = await branchPulls(t, branch, { state: 'closed', per_page: 20 });
  const pull = pulls.find((p) => !p.merged_at && readPlanMarker(p.body) === planHash);
  return pull ? summarize(pull) : undefined;
}

async function openPull(
  t: Target,
  branch: string,
  base: string,
  proposal: ProposedGroup,
  body: string,
): Promise<PullSummary> {
  let pull: PullSummary;
  try {
    const { data } = await t.octokit.rest.pulls.create({
      owner: t.owner,
      repo: t.repo,
      head: branch,
      base,
      title: proposal.title,
      body,
      draft: proposal.draft,
    });
    pull = summarize(data);
  } catch (error) {
    // A retried create whose first attempt landed is refused as a duplicate: use that one.
    const existing = statusOf(error) === 422 ? await findOpenPull(t, branch, base) : undefined;
    if (!existing) throw error;
    t.logger.debug(`Pull request #${existing.number} already existed for ${branch}; using it`);
    pull = existing;
  }
  await ensureLabels(t, pull, proposal.labels);
  return pull;
}

/** Gives the pull request the proposal's title and body. */
async function rewritePull(
  t: Target,
  pull: PullSummary,
  proposal: ProposedGroup,
  body: string,
): Promise<void> {
  await t.octokit.rest.pulls.update({
    owner: t.owner,
    repo: t.repo,
    pull_number: pull.number,
    title: proposal.title,
    body,
  });
}

function missingLabels(pull: PullSummary, labels: string[]): string[] {
  const present = new Set(pull.labels.map((l) => l.toLowerCase()));
  return labels.filter((l) => !present.has(l.toLowerCase()));
}

async function ensureLabels(t: Target, pull: PullSummary, labels: string[]): Promise<void> {
  const missing = missingLabels(pull, labels);
  if (missing.length === 0) return;
  await t.octokit.rest.issues.addLabels({
    owner: t.owner,
    repo: t.repo,
    issue_number: pull.number,
    labels: missing,
  });
}

function blockedComment(input: {
  branch: string;
  base: string;
  why: string;
  culprit?: WalkedCommit;
  proposal: ProposedGroup;
  marker: string;
}): string {
  const { proposal } = input;
  const planBody = proposal.body.replace(planMarker(proposal.planHash), '').trim();
  const culprit = input.culprit
    ? `Commit ${input.culprit.sha} ("${(input.culprit.message.split('\n')[0] ?? '').trim()}") has no \`MLEnv-Upgrade-*\` trailers, so MLEnv treats the branch as taken over and never rewrites it.`
    : 'MLEnv never rewrites a branch that holds commits it did not make.';
  return [
    input.marker,
    `**MLEnv did not apply its new upgrade plan to \`${input.branch}\`:** ${input.why}.`,
    '',
    culprit,
    '',
    `The new plan (${proposal.planHash}) would make this pull request **${proposal.title}**, changing ${Object.keys(
      proposal.files,
    )
      .map((f) => `\`${f}\``)
      .join(', ')}.`,
    '',
    `To take it, merge or close this pull request and delete \`${input.branch}\`, or reset the branch to \`${input.base}\`: the next scheduled run then proposes the plan again.`,
    '',
    '<details><summary>The new plan</summary>',
    '',
    planBody,
    '',
    '</details>',
    '',
  ].join('\n');
}
