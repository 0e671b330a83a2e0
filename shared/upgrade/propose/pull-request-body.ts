import { GITHUB_BODY_LIMIT } from '../../github/comments.js';

export interface PackageUpgrade {
  name: string;
  from: string;
  to: string;
  /** How far the version moves: `major`, `minor`, `patch`, … as the planner names it. */
  bump: string;
}

export interface VersionMove {
  from: string;
  to: string;
}

export interface LockChanges {
  added: string[];
  removed: string[];
  changed: { name: string; from: string; to: string }[];
}

export interface PullRequestBodyInput {
  group: string;
  changes: PackageUpgrade[];
  python?: VersionMove;
  cuda?: VersionMove;
  /** Package name to the URL of its release notes. */
  releaseNotes: Record<string, string>;
  lockDiff: LockChanges;
  /** What CI will verify on the pull request, one checklist item each. */
  checklist: string[];
  /** Why the group could not be resolved together, as the resolver said it. */
  conflict?: string;
  planHash: string;
}

// GitHub refuses pull request bodies and comments longer than this (422); one limit for both.
export { GITHUB_BODY_LIMIT };

/** The hidden marker that names the plan a pull request body was rendered for. */
export function planMarker(planHash: string): string {
  return `<!-- mlenv-upgrade plan=${planHash} -->`;
}

/** The plan a body was rendered for, from its marker. */
export function readPlanMarker(body: string | null | undefined): string | undefined {
  return /<!-- mlenv-upgrade plan=(\S+) -->/.exec(body ?? '')?.[1];
}

/** The branch an upgrade group's pull request lives on. */
export function upgradeBranch(group: string): string {
  return `mlenv/upgrade/${group}`;
}

interface Caps {
  /** Items shown per lock list. */
  list: number;
  /** Characters of the resolver's conflict text shown. */
  conflict: number;
}

// Tried in order until the body fits GitHub's limit: a big environment's lock can change
// hundreds of packages, and a resolver can explain a conflict at great length.
const CAPS: readonly Caps[] = [
  { list: Number.POSITIVE_INFINITY, conflict: Number.POSITIVE_INFINITY },
  { list: 100, conflict: 20_000 },
  { list: 20, conflict: 4_000 },
];

/**
 * The pull request body of an upgrade: the version table, runtime moves, conflict, release
 * notes, what the lock changed, what CI will verify, and the hidden plan marker. Always fits
 * GitHub's body limit.
 */
export function renderPullRequestBody(input: PullRequestBodyInput): string {
  let body = '';
  for (const caps of CAPS) {
    body = render(input, caps);
    if (body.length <= GITHUB_BODY_LIMIT) return body;
  }
  return fitBody(body, input.planHash);
}

/** Cuts a body to GitHub's limit, keeping the plan marker that identifies it. */
export function fitBody(body: string, planHash: string): string {
  if (body.length <= GITHUB_BODY_LIMIT) return body;
  const tail = `\n\n_… cut to fit GitHub's limit._\n\n${planMarker(planHash)}\n`;
  return body.slice(0, GITHUB_BODY_LIMIT - tail.length) + tail;
}

function render(input: PullRequestBodyInput, caps: Caps): string {
  const branch = upgradeBranch(input.group);
  const out: string[] = [];
  out.push(`MLEnv's scheduled upgrade of the **${escapeText(input.group)}** group.`, '');

  if (input.changes.length > 0) {
    out.push('| package | from | to | bump |', '| --- | --- | --- | --- |');
    for (const c of input.changes) {
      out.push(`| ${cell(c.name)} | ${cell(c.from)} | ${cell(c.to)} | ${cell(c.bump)} |`);
    }
    out.push('');
  }
  const runtime = [
    input.python ? `- Python ${code(input.python.from)} → ${code(input.python.to)}` : undefined,
    input.cuda ? `- CUDA ${code(input.cuda.from)} → ${code(input.cuda.to)}` : undefined,
  ].filter((line): line is string => line !== undefined);
  if (runtime.length > 0) out.push('Runtime:', '', ...runtime, '');

  if (input.conflict !== undefined) {
    const text = clip(input.conflict.trim(), caps.conflict);
    out.push(
      '### Conflict',
      '',
      '> [!WARNING]',
      '> The packages of this group could not be resolved together, so this pull request is a',
      '> draft with what could be resolved. The resolver said:',
      '',
      fence(text),
      '',
    );
  }

  const notes = Object.entries(input.releaseNotes).filter(([, url]) => /^https?:\/\//.test(url));
  if (notes.length > 0) {
    out.push('### Release notes', '');
    for (const [name, url] of notes) {
      const to = input.changes.find((c) => c.name === name)?.to;
      out.push(`- [${escapeText(to ? `${name} ${to}` : name)}](${linkTarget(url)})`);
    }
    out.push('');
  }

  out.push('### What the lock changed', '');
  const { added, removed, changed } = input.lockDiff;
  if (added.length + removed.length + changed.length === 0) {
    out.push('Nothing beyond the packages above.', '');
  } else {
    out.push(`${added.length} added, ${removed.length} removed, ${changed.length} changed.`, '');
    const details = (summary: string, lines: string[], total: number) => {
      const more = total - lines.length;
      out.push(
        `<details><summary>${summary} (${total})</summary>`,
        '',
        ...lines,
        ...(more > 0 ? ['', `… and ${more} more.`] : []),
        '',
        '</details>',
        '',
      );
    };
    if (added.length > 0) {
      details(
        'Added',
        added.slice(0, caps.list).map((name) => `- ${code(name)}`),
        added.length,
      );
    }
    if (removed.length > 0) {
      details(
        'Removed',
        removed.slice(0, caps.list).map((name) => `- ${code(name)}`),
        removed.length,
      );
    }
    if (changed.length > 0) {
      details(
        'Changed',
        [
          '| package | from | to |',
          '| --- | --- | --- |',
          ...changed
            .slice(0, caps.list)
            .map((c) => `| ${cell(c.name)} | ${cell(c.from)} | ${cell(c.to)} |`),
        ],
        changed.length,
      );
    }
  }

  if (input.checklist.length > 0) {
    out.push('### What CI will verify', '');
    for (const item of input.checklist) out.push(`- [ ] ${item.replace(/\s*\n\s*/g, ' ')}`);
    out.push('');
  }

  out.push(
    '---',
    '',
    `MLEnv keeps ${code(branch)} up to date on its schedule while every commit on it is its own.`,
    'Push a commit to take the branch over: MLEnv then leaves it alone and only comments when it',
    'has a newer plan. Close this pull request to skip this plan; a newer one opens a new pull',
    'request.',
    '',
    planMarker(input.planHash),
    '',
  );
  return out.join('\n');
}

// Parentheses and spaces would end a markdown link target early; encodeURIComponent keeps "()".
function linkTarget(url: string): string {
  return url.replace(
    /[()\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function clip(text: string, max: number): string {
  return text.length <= max
    ? text
    : `${text.slice(0, max)}\n… (${text.length - max} more characters)`;
}

/** A table cell: pipes would end the cell, newlines the row. */
function cell(text: string): string {
  return escapeText(text)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
}

// Package names and versions are plain text; markdown emphasis or HTML in them would render.
function escapeText(text: string): string {
  return text.replace(/[\\`*_<>[\]]/g, '\\$&');
}

/** An inline code span that survives backticks in its text. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced block that the text itself cannot close. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${text}\n${ticks}`;
}
