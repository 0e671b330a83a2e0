/**
 * Git trailers that mark a commit as MLEnv's own: only commits carrying them are ever replaced
 * on an upgrade branch, so a commit a person pushed there is never lost.
 */
export const UPGRADE_TRAILERS = {
  group: 'MLEnv-Upgrade-Group',
  plan: 'MLEnv-Upgrade-Plan',
} as const;

export interface UpgradeTrailers {
  group: string;
  plan: string;
}

/** The commit message of a proposal: its title, a blank line, then the trailer block. */
export function upgradeCommitMessage(title: string, trailers: UpgradeTrailers): string {
  // A multi-line title would split the subject; the trailer block must stay the last paragraph.
  const subject = title.replace(/\s*\n\s*/g, ' ').trim();
  return [
    subject,
    '',
    `${UPGRADE_TRAILERS.group}: ${trailers.group}`,
    `${UPGRADE_TRAILERS.plan}: ${trailers.plan}`,
  ].join('\n');
}

/**
 * The MLEnv trailers of a commit message, read as git reads trailers: from its last paragraph
 * only, so a message that merely quotes them in its text is not taken for one of ours.
 */
export function parseUpgradeTrailers(message: string): UpgradeTrailers | undefined {
  const paragraphs = message
    .replace(/\r\n/g, '\n')
    .trimEnd()
    .split(/\n\s*\n/);
  if (paragraphs.length < 2) return undefined;
  const last = paragraphs[paragraphs.length - 1] ?? '';
  const values = new Map<string, string>();
  for (const line of last.split('\n')) {
    const match = /^([A-Za-z0-9-]+):\s*(.*?)\s*$/.exec(line);
    // git accepts other trailers (Signed-off-by, Co-authored-by) in the same block.
    if (!match) return undefined;
    values.set((match[1] ?? '').toLowerCase(), match[2] ?? '');
  }
  const group = values.get(UPGRADE_TRAILERS.group.toLowerCase());
  const plan = values.get(UPGRADE_TRAILERS.plan.toLowerCase());
  return group && plan ? { group, plan } : undefined;
}
