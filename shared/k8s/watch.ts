import type { Logger } from '../logger/index.js';
import { backoffDelay } from '../util/retry.js';
import { sleep } from '../util/sleep.js';
import { type KubeClient, KubeError, type KubeObject } from './client.js';

export type WatchHandler<T> = (
  object: T,
  type: 'ADDED' | 'MODIFIED' | 'DELETED',
) => boolean | undefined;

interface ListResponse<T> {
  metadata: { resourceVersion: string };
  items: T[];
}

/**
 * Lists, then watches from the list's resourceVersion until `handle` returns true or the signal
 * aborts. A dropped connection (an API server restart, say) resumes from the last version seen,
 * with backoff; 410 Gone means that version is too old, so it lists again. No polling.
 */
export async function watchUntil<T extends KubeObject>(options: {
  client: KubeClient;
  path: string;
  query: Record<string, string>;
  handle: WatchHandler<T>;
  signal: AbortSignal;
  logger?: Logger;
}): Promise<void> {
  const { client, path, query, handle, signal, logger } = options;
  let resourceVersion: string | undefined;
  let failures = 0;
  while (!signal.aborted) {
    try {
      if (!resourceVersion) {
        const list = await client.request<ListResponse<T>>('GET', path, { query, signal });
        for (const item of list.items) if (handle(item, 'ADDED')) return;
        resourceVersion = list.metadata.resourceVersion;
      }
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      let done = false;
      let gone = false;
      try {
        await client.watch<T | { code?: number; reason?: string }>(
          path,
          { ...query, resourceVersion, timeoutSeconds: 300 },
          (event) => {
            if (done || gone) return;
            if (event.type === 'ERROR') {
              const status = event.object as { code?: number; reason?: string };
              if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone')
                gone = true;
              stop.abort();
              return;
            }
            const object = event.object as T;
            resourceVersion = object.metadata.resourceVersion ?? resourceVersion;
            if (event.type === 'BOOKMARK') return;
            if (handle(object, event.type)) {
              done = true;
              stop.abort();
            }
          },
          stop.signal,
        );
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      if (done) return;
      if (gone) {
        logger?.debug(`watch ${path}: resourceVersion expired, listing again`);
        resourceVersion = undefined;
      }
      failures = 0;
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof KubeError && error.status === 410) {
        resourceVersion = undefined;
        continue;
      }
      if (
        error instanceof KubeError &&
        (error.status === 401 || error.status === 403 || error.status === 404)
      )
        throw error;
      failures++;
      const delay = backoffDelay(failures, { initialDelayMs: 400, maxDelayMs: 5_000 });
      logger?.debug(
        `watch ${path} interrupted (${(error as Error).message}); reconnecting in ${delay} ms`,
      );
      // An abort during the pause ends the loop: the watch is no longer wanted.
      await sleep(delay, signal).catch(() => undefined);
    }
  }
}
