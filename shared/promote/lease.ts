import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { ExternalError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { isAlive } from '../process/daemon.js';
import { sleep as sleepMs } from '../util/sleep.js';
import type { ModelRegistry } from './aliases.js';
import { LEASE_TAG, type Lease, leaseSchema } from './schema.js';

/**
 * A lease on a registered model, so that two promotions of the same model never interleave, from
 * CI or from a laptop: a registered-model tag `mlenv.promote.lease` = {holder, token, expiresAt...}.
 *
 * MLflow has no conditional write, so this is compare-and-set as far as MLflow allows: read (free,
 * expired, or left by a dead process on this host), write our token, wait `settleMs`, read again
 * and proceed only if our token is still there. The last writer wins the tag and every other
 * writer sees that it lost on its re-read.
 *
 * Residual race, stated plainly: a writer B whose read saw the tag free but whose write lands
 * more than `settleMs` after A's write, i.e. after A's confirming re-read, also sees its own
 * token, and both proceed. That needs B's read-to-write gap (one request, normally milliseconds)
 * to exceed the settle delay (1 s), e.g. a request stalled and retried. The promotion narrows it
 * further by renewing, which re-reads the token, before each step that changes anything, so the
 * loser stops at its next step; the GitHub workflow should also put promotions of one model in
 * one `concurrency` group, which closes it for CI.
 */
export interface LeaseOptions {
  registry: ModelRegistry;
  model: string;
  /** Who is promoting, for the message another promotion prints (default: user@host pid N). */
  holder?: string;
  /** How long the lease lasts without renewal; longer than the slowest step (default 15 min). */
  ttlMs?: number;
  /** How long to wait for a held lease before giving up (default 0: fail at once). */
  waitMs?: number;
  /** Delay between writing the tag and confirming it (default 1 s). */
  settleMs?: number;
  logger?: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface HeldLease {
  readonly lease: Lease;
  /** The lease of an expired or dead holder that this one replaced (an interrupted promotion). */
  readonly tookOver?: Lease;
  /** Re-reads the tag (throws LeaseLostError when it is no longer ours) and extends the expiry. */
  renew(operation?: Lease['operation']): Promise<void>;
  /** Removes the tag if it is still ours. */
  release(): Promise<void>;
}

/** Another promotion of the same model holds the lease. */
export class LeaseHeldError extends ExternalError {
  override name = 'LeaseHeldError';
  constructor(
    readonly model: string,
    readonly lease: Lease,
  ) {
    super(
      `Another promotion of ${model} is in progress (${lease.holder}, since ${lease.acquiredAt}, lease expires ${lease.expiresAt}). ` +
        `Retry when it is done; if it died, its lease expires on its own, or remove the registered-model tag ${LEASE_TAG}.`,
    );
  }
}

/** The lease was taken over by someone else while this promotion held it (it had expired). */
export class LeaseLostError extends ExternalError {
  override name = 'LeaseLostError';
}

export async function acquireLease(options: LeaseOptions): Promise<HeldLease> {
  const { registry, model } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepMs;
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const settleMs = options.settleMs ?? 1_000;
  const deadline = now() + (options.waitMs ?? 0);
  const token = randomUUID();
  const host = os.hostname();
  const holder = options.holder ?? `${safeUser()}@${host} pid ${process.pid}`;
  const acquiredAt = new Date(now()).toISOString();
  const make = (operation?: Lease['operation']): Lease => ({
    holder,
    token,
    host,
    pid: process.pid,
    acquiredAt,
    expiresAt: new Date(now() + ttlMs).toISOString(),
    ...(operation ? { operation } : {}),
  });
  let lease = make();

  for (;;) {
    const existing = await readLease(registry, model, options.logger);
    if (existing && existing.token !== token && !isStale(existing, now())) {
      if (now() < deadline) {
        options.logger?.info(`Waiting for the promotion lease of ${model} (${existing.holder})`);
        await sleep(Math.min(5_000, Math.max(0, deadline - now())));
        continue;
      }
      throw new LeaseHeldError(model, existing);
    }
    const tookOver = existing && existing.token !== token ? existing : undefined;
    lease = make(lease.operation);
    await registry.setModelTag(model, LEASE_TAG, JSON.stringify(lease));
    await sleep(settleMs);
    const confirmed = await readLease(registry, model, options.logger);
    if (confirmed?.token === token) {
      if (tookOver)
        options.logger?.warning(
          `Took over the promotion lease of ${model} from ${tookOver.holder}, which ${new Date(tookOver.expiresAt).getTime() < now() ? 'expired' : 'is no longer running'}.`,
        );
      return held(tookOver);
    }
    // Someone wrote after us: they hold it now. Loop, which waits or reports them.
    options.logger?.debug(`Lost the race for the promotion lease of ${model}`);
    if (!confirmed) continue;
    if (now() >= deadline) throw new LeaseHeldError(model, confirmed);
  }

  function held(tookOver: Lease | undefined): HeldLease {
    return {
      get lease() {
        return lease;
      },
      tookOver,
      async renew(operation) {
        const current = await readLease(registry, model, options.logger);
        if (current?.token !== token) {
          throw new LeaseLostError(
            `The promotion lease of ${model} was taken over by ${current?.holder ?? 'nobody (it was removed)'} while this promotion held it; stopping before changing anything else.`,
          );
        }
        lease = make(operation ?? lease.operation);
        await registry.setModelTag(model, LEASE_TAG, JSON.stringify(lease));
      },
      async release() {
        const current = await readLease(registry, model, options.logger);
        if (current?.token === token) await registry.deleteModelTag(model, LEASE_TAG);
      },
    };
  }
}

async function readLease(
  registry: ModelRegistry,
  model: string,
  logger?: Logger,
): Promise<Lease | undefined> {
  const tags = await registry.modelTags(model);
  if (!tags) throw new Error(`Registered model ${model} does not exist in ${registry.uri}`);
  const raw = tags[LEASE_TAG];
  if (raw === undefined) return undefined;
  const parsed = leaseSchema.safeParse(safeJson(raw));
  if (parsed.success) return parsed.data;
  // Someone edited the tag by hand: treat it as expired, so it never blocks promotions forever.
  logger?.warning(`Ignoring the malformed ${LEASE_TAG} tag of ${model}: ${raw.slice(0, 200)}`);
  return { ...placeholderLease, holder: `unreadable tag ${raw.slice(0, 60)}` };
}

const placeholderLease: Lease = {
  holder: '',
  token: '',
  host: '',
  pid: 0,
  acquiredAt: new Date(0).toISOString(),
  expiresAt: new Date(0).toISOString(),
};

/** Expired, or held by a process of this host that no longer exists (a crashed promotion). */
export function isStale(lease: Lease, nowMs: number): boolean {
  const expires = new Date(lease.expiresAt).getTime();
  if (!Number.isFinite(expires) || expires <= nowMs) return true;
  return lease.host === os.hostname() && lease.pid > 0 && !isAlive(lease.pid);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
