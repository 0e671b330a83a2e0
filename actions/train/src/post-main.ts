import { runAction } from '../../lib/run-action.js';
import { getState } from '../../lib/runner.js';
import { STATE } from './state.js';

/**
 * Runs after the job even when it was cancelled: if the main step submitted a job and did not see
 * it to the end, clean it up through the backend registry (unless on-cancel is detach), on the
 * cluster and context the handle names. Never leave an orphan.
 */
export async function runPost(): Promise<void> {
  await runAction('train (post)', async (logger) => {
    const saved = getState(STATE.handle);
    if (!saved || getState(STATE.finished) === 'true') return;
    if (getState(STATE.onCancel) === 'detach') {
      logger.info('The run was interrupted; on-cancel is detach, so its job keeps running.');
      return;
    }
    const [{ parseHandle }, { cleanupHandle }] = await Promise.all([
      import('../../../shared/train/handle.js'),
      import('../../../shared/train/backends/index.js'),
    ]);
    await cleanupHandle(parseHandle(saved), logger);
  });
}
