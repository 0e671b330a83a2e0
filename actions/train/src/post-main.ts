import { runAction } from '../../lib/run-action.js';
import { getState } from '../../lib/runner.js';
import { STATE } from './state.js';

/**
 * Runs after the job even when it was cancelled: if the main step submitted cluster objects and
 * did not see them to the end, delete them (unless on-cancel is detach). Never leave an orphan.
 */
export async function runPost(): Promise<void> {
  await runAction('train (post)', async (logger) => {
    const submitted = getState(STATE.submitted);
    if (!submitted || getState(STATE.finished) === 'true') return;
    if (getState(STATE.onCancel) === 'detach') {
      logger.info(
        'The run was interrupted; on-cancel is detach, so its cluster objects keep running.',
      );
      return;
    }
    const objects = JSON.parse(submitted) as {
      apiVersion: string;
      kind: string;
      namespace: string;
      name: string;
    }[];
    const { createKubeClient } = await import('../../../shared/k8s/client.js');
    const { deleteSubmitted } = await import('../../../shared/train/backends/kubernetes/index.js');
    const client = await createKubeClient({
      kubeconfig: getState(STATE.kubeconfig) || undefined,
    });
    await deleteSubmitted(client, objects, logger);
  });
}
