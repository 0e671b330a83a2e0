import type { GroupOutcome, GroupResult, UpgradeResult } from './run-upgrade.js';

const OUTCOME_TEXT: Record<GroupOutcome, string> = {
  created: 'pull request opened',
  updated: 'pull request updated',
  unchanged: 'pull request already up to date',
  blocked: 'not applied: the branch has commits that are not MLEnv’s (commented on the PR)',
  planned: 'planned (dry run: nothing written)',
  skipped: 'not proposed: the group cannot be resolved together (upgrade.onConflict: skip)',
};

function moves(group: GroupResult): string[] {
  const { plan } = group;
  return [
    ...(plan.python ? [`python ${plan.python.from} → ${plan.python.to}`] : []),
    ...(plan.cuda ? [`cuda ${plan.cuda.from} → ${plan.cuda.to}`] : []),
    ...plan.changes.map((c) => `${c.name} ${c.from} → ${c.to} (${c.bump})`),
  ];
}

/** The terminal report: per group what moves and what happened, then the diff on a dry run. */
export function upgradeText(result: UpgradeResult): string {
  const lines: string[] = [];
  if (result.groups.length === 0)
    lines.push(
      `Nothing to upgrade: ${result.upToDate.length > 0 ? `${result.upToDate.join(', ')} up to date` : 'no pinned requirements'}.`,
    );
  for (const group of result.groups) {
    const where = group.proposal?.url ? ` ${group.proposal.url}` : '';
    lines.push(`${group.group}: ${OUTCOME_TEXT[group.outcome]}${where}`);
    for (const move of moves(group)) lines.push(`  ${move}`);
    if (group.conflict) lines.push(`  conflict: ${group.conflict.split('\n').join('\n    ')}`);
    for (const note of group.plan.notes) lines.push(`  note: ${note}`);
    const lock = group.lockChanges;
    if (lock.changed.length + lock.added.length + lock.removed.length > 0)
      lines.push(
        `  lock: ${lock.changed.length} changed, ${lock.added.length} added, ${lock.removed.length} removed`,
      );
  }
  for (const held of result.held) lines.push(`held: ${held.name}: ${held.reason}`);
  let text = `${lines.join('\n')}\n`;
  if (result.dryRun)
    for (const group of result.groups) if (group.diff) text += `\n# ${group.group}\n${group.diff}`;
  return text;
}

/** The job summary of the upgrade action. */
export function upgradeSummaryMarkdown(result: UpgradeResult): string {
  const parts = ['### MLEnv upgrade', ''];
  if (result.groups.length === 0) parts.push('Nothing to upgrade: every group is up to date.', '');
  else {
    parts.push('| group | upgrade | result |', '| --- | --- | --- |');
    for (const group of result.groups) {
      const link = group.proposal?.url
        ? ` [#${group.proposal.pullNumber}](${group.proposal.url})`
        : '';
      parts.push(
        `| \`${group.group}\` | ${moves(group).join('<br>')} | ${OUTCOME_TEXT[group.outcome]}${link} |`,
      );
    }
    parts.push('');
  }
  if (result.upToDate.length > 0) parts.push(`Up to date: ${result.upToDate.join(', ')}.`, '');
  if (result.held.length > 0) {
    parts.push('Held back:', '');
    for (const held of result.held) parts.push(`- \`${held.name}\`: ${held.reason}`);
    parts.push('');
  }
  return `${parts.join('\n')}\n`;
}
