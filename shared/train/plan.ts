import { stringify } from 'yaml';
import type { Plan } from './backend.js';

/**
 * A plan as `--dry-run` prints it: the local command line, or the manifests as YAML documents
 * (ready for `kubectl apply -f -`), with what the plan depends on as comments above.
 */
export function formatPlan(plan: Plan): string {
  const notes = plan.notes.map((note) => `# ${note}\n`).join('');
  if (plan.backend === 'kubernetes')
    return notes + plan.manifests.map((manifest) => `---\n${stringify(manifest)}`).join('');
  return `${notes}cd ${plan.cwd} && ${plan.argv.map(shellQuoteForDisplay).join(' ')}`;
}

function shellQuoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
