import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../errors/index.js';
import { createMemoryLogger } from '../logger/index.js';
import { MlflowUnreachableError } from '../mlflow/client.js';
import type { ModelVersion } from '../mlflow/schema.js';
import type { ModelRegistry } from './aliases.js';
import { resolveCandidate } from './candidate.js';
import { acquireLease, LeaseHeldError } from './lease.js';
import { type DeploymentHook, PromotionError, promote, rollback } from './promote.js';
import { LEASE_TAG, type Lease } from './schema.js';
import { ServingError, type ServingStatus, type ServingStrategy } from './serving/strategy.js';

// The flow against an in-memory registry and serving target: what it changes, in which order,
// and what it leaves after each kind of failure. The real MLflow and `mlflow models serve` are
// exercised by action-tests/integration/promote-local.test.ts.

const MODEL = 'fraud';

class FakeRegistry implements ModelRegistry {
  readonly uri = 'http://mlflow.test';
  readonly versions = new Map<string, ModelVersion>();
  readonly aliases = new Map<string, string>();
  readonly tags = new Map<string, string>();
  readonly metrics = new Map<string, Record<string, number>>();
  /** Every change, in order: "alias champion=2", "tag mlenv.promote.lease", "-alias candidate". */
  readonly changes: string[] = [];
  /** Throws this from the matching change (e.g. "alias champion=2") instead of applying it. */
  failOn: { change: string; error: Error; after?: boolean } | undefined;
  down = false;

  addVersion(version: string, metrics: Record<string, number>, commit?: string): void {
    const runId = `run-${version}`;
    this.versions.set(version, {
      name: MODEL,
      version,
      run_id: runId,
      status: 'READY',
      source: `models:/m-${version}`,
      tags: commit ? [{ key: 'mlenv.git.commit', value: commit }] : [],
      aliases: [],
    });
    this.metrics.set(runId, metrics);
  }

  alias(name: string): string | undefined {
    return this.aliases.get(name);
  }

  #check(): void {
    if (this.down)
      throw new MlflowUnreachableError('MLflow tracking server http://mlflow.test is unreachable');
  }

  #change(change: string, apply: () => void): void {
    this.#check();
    if (this.failOn && this.failOn.change === change) {
      const { error, after } = this.failOn;
      this.failOn = undefined;
      if (after) {
        apply();
        this.changes.push(change);
      }
      throw error;
    }
    apply();
    this.changes.push(change);
  }

  async getVersion(_model: string, version: string) {
    this.#check();
    const found = this.versions.get(version);
    return found && { ...found, aliases: this.#aliasesOf(version) };
  }
  async versionByAlias(model: string, alias: string) {
    this.#check();
    const version = this.aliases.get(alias);
    return version ? this.getVersion(model, version) : undefined;
  }
  async setAlias(_model: string, alias: string, version: string) {
    this.#change(`alias ${alias}=${version}`, () => this.aliases.set(alias, version));
  }
  async deleteAlias(_model: string, alias: string) {
    this.#change(`-alias ${alias}`, () => this.aliases.delete(alias));
  }
  async versionsByTag(_model: string, key: string, value: string) {
    this.#check();
    return [...this.versions.values()]
      .filter((v) => v.tags.some((t) => t.key === key && t.value === value))
      .sort((a, b) => Number(b.version) - Number(a.version));
  }
  async versionsByRun(_model: string, runId: string) {
    this.#check();
    return [...this.versions.values()].filter((v) => v.run_id === runId);
  }
  async runMetrics(runId: string) {
    this.#check();
    return this.metrics.get(runId) ?? {};
  }
  async modelTags() {
    this.#check();
    return Object.fromEntries(this.tags);
  }
  async setModelTag(_model: string, key: string, value: string) {
    this.#change(`tag ${key}`, () => this.tags.set(key, value));
  }
  async deleteModelTag(_model: string, key: string) {
    this.#change(`-tag ${key}`, () => this.tags.delete(key));
  }
  async versionArtifact(): Promise<string> {
    throw new Error('not used by the flow');
  }
  #aliasesOf(version: string): string[] {
    return [...this.aliases].filter(([, v]) => v === version).map(([a]) => a);
  }
}

/** A serving target whose deployments are entries in memory; `unhealthy` versions fail deploy. */
class FakeServing implements ServingStrategy {
  readonly name = 'fake';
  current: string | undefined;
  previous: string | undefined;
  readonly unhealthy = new Set<string>();
  readonly events: string[] = [];

  constructor(
    private readonly registry: FakeRegistry,
    current?: string,
  ) {
    this.current = current;
  }

  async deploy(target: { model: string; version: string; modelUri: string }) {
    // What a real server would load: the version `candidate` names when it starts.
    const loads = this.registry.alias('candidate');
    this.registry.changes.push(`deploy ${loads}`);
    if (loads !== target.version) throw new Error(`serving ${loads}, asked ${target.version}`);
    if (this.current === target.version) return { url: this.#url(target.version), reused: true };
    if (this.unhealthy.has(target.version))
      throw new ServingError(`version ${target.version} answered 500 to the prediction`);
    this.previous = this.current;
    this.current = target.version;
    return { url: this.#url(target.version), reused: false };
  }
  async commit() {
    this.registry.changes.push('commit');
    this.previous = undefined;
  }
  async rollback() {
    this.registry.changes.push('serving rollback');
    this.current = this.previous;
    this.previous = undefined;
  }
  async status(): Promise<ServingStatus> {
    return {
      serving: 'fraud',
      strategy: 'fake',
      deployed: this.current !== undefined,
      model: MODEL,
      healthy: this.current !== undefined,
      version: this.current,
      url: this.current ? this.#url(this.current) : undefined,
      previousVersion: this.previous,
    };
  }
  async stop() {
    const had = this.current !== undefined;
    this.current = undefined;
    return had;
  }
  #url(version: string): string {
    return `http://127.0.0.1:9/v${version}`;
  }
}

const gates = [
  { metric: 'val_auc', min: 0.7 },
  { metric: 'val_loss', maxRegression: 0.05 },
];

function setup(options: { champion?: string; previous?: string } = {}) {
  const registry = new FakeRegistry();
  registry.addVersion('1', { val_auc: 0.9, val_loss: 0.2 }, 'c1');
  registry.addVersion('2', { val_auc: 0.92, val_loss: 0.21 }, 'c2');
  registry.addVersion('3', { val_auc: 0.6, val_loss: 0.5 }, 'c3');
  if (options.champion) registry.aliases.set('champion', options.champion);
  if (options.previous) registry.aliases.set('previous-champion', options.previous);
  const serving = new FakeServing(registry, options.champion);
  const logger = createMemoryLogger();
  const deployments: string[] = [];
  const deployment: DeploymentHook = {
    start: async (d) => void deployments.push(`start ${d.version} ${d.environment} ${d.commit}`),
    finish: async (state, d) => void deployments.push(`${state} ${d.url ?? ''}`.trim()),
  };
  const common = {
    model: MODEL,
    servingName: 'fraud',
    registry,
    serving,
    logger,
    deployment,
    lease: { settleMs: 0 },
  };
  return { registry, serving, logger, deployments, common };
}

/** A lease left by a promotion whose process died on this host. */
function deadLease(operation?: Lease['operation']): string {
  const pid = spawnSync(process.execPath, ['-e', '']).pid as number;
  const lease: Lease = {
    holder: 'crashed run',
    token: 'dead',
    host: os.hostname(),
    pid,
    acquiredAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    ...(operation ? { operation } : {}),
  };
  return JSON.stringify(lease);
}

describe('promote', () => {
  it('promotes a first version: candidate, deploy, champion, commit, under the lease', async () => {
    const { registry, serving, deployments, common } = setup();
    const result = await promote({ ...common, gates, candidate: { commit: 'c1' } });
    expect(result).toMatchObject({
      outcome: 'promoted',
      version: '1',
      url: 'http://127.0.0.1:9/v1',
    });
    expect(result.gates?.rows.map((r) => r.note)).toEqual([undefined, 'no champion yet']);
    expect(registry.changes).toEqual([
      `tag ${LEASE_TAG}`,
      `tag ${LEASE_TAG}`,
      'alias candidate=1',
      'deploy 1',
      `tag ${LEASE_TAG}`,
      'alias champion=1',
      'commit',
      `-tag ${LEASE_TAG}`,
    ]);
    expect(registry.alias('previous-champion')).toBeUndefined();
    expect(serving.current).toBe('1');
    expect(deployments).toEqual(['start 1 fraud c1', 'success http://127.0.0.1:9/v1']);
  });

  it('keeps the old champion as previous-champion, set before champion moves', async () => {
    const { registry, serving, common } = setup({ champion: '1' });
    const result = await promote({ ...common, gates, candidate: { version: '2' } });
    expect(result.outcome).toBe('promoted');
    expect(registry.changes.filter((c) => !c.includes(LEASE_TAG))).toEqual([
      'alias candidate=2',
      'deploy 2',
      'alias previous-champion=1',
      'alias champion=2',
      'commit',
    ]);
    expect([serving.current, serving.previous]).toEqual(['2', undefined]);
    expect(result.message).toContain('version 1 is previous-champion');
  });

  it('is a no-op that says so when the candidate is already the champion', async () => {
    const { registry, common, logger } = setup({ champion: '1' });
    const result = await promote({ ...common, gates, candidate: { commit: 'c1' } });
    expect(result).toMatchObject({ outcome: 'already-champion', version: '1' });
    expect(result.message).toMatch(/already the champion.*nothing to do/);
    expect(logger.lines).toContain(result.message);
    expect(registry.changes).toEqual([]);
  });

  // c1 is an ancestor of c2: two merges, trained side by side.
  const history = async (older: string, newer: string) =>
    ['c1', 'c2'].includes(older) && ['c1', 'c2'].includes(newer) ? older === 'c1' : undefined;

  it("never goes back in history: an earlier merge's model after a later one's is superseded", async () => {
    const { registry, serving, deployments, common } = setup({ champion: '2' });
    registry.addVersion('4', { val_auc: 0.99, val_loss: 0.1 }, 'c1');
    const result = await promote({
      ...common,
      gates,
      candidate: { commit: 'c1' },
      isAncestor: history,
    });
    expect(result).toMatchObject({ outcome: 'superseded', version: '4', previousChampion: '2' });
    expect(result.message).toBe(
      'fraud version 4 (commit c1) is older than the champion, version 2 (commit c2), which already includes its commit: nothing to promote.',
    );
    expect(registry.changes).toEqual([]);
    expect(deployments).toEqual([]);
    expect(serving.current).toBe('2');
  });

  it('checks again under the lease: the later merge may have promoted while this one waited', async () => {
    const { registry, serving, common } = setup({ champion: '1' });
    registry.addVersion('4', { val_auc: 0.99, val_loss: 0.1 }, 'c1');
    const result = await promote({
      ...common,
      gates,
      candidate: { version: '4' },
      isAncestor: history,
      // Between the gates and the lease, the later merge's promotion finishes.
      onStage: (stage) => {
        if (stage === 'lease') registry.aliases.set('champion', '2');
      },
    });
    expect(result.outcome).toBe('superseded');
    expect(registry.alias('champion')).toBe('2');
    expect(registry.changes.filter((c) => !c.includes(LEASE_TAG))).toEqual([]);
    expect(serving.current).toBe('1');
  });

  it('promotes a later commit over an earlier one, and goes on when history cannot tell', async () => {
    const later = setup({ champion: '1' });
    const forward = await promote({
      ...later.common,
      gates,
      candidate: { commit: 'c2' },
      isAncestor: history,
    });
    expect(forward.outcome).toBe('promoted');
    const unknown = setup({ champion: '2' });
    unknown.registry.addVersion('5', { val_auc: 0.99, val_loss: 0.1 }, 'c9');
    const shallow = await promote({
      ...unknown.common,
      gates,
      candidate: { commit: 'c9' },
      isAncestor: history,
    });
    expect(shallow.outcome).toBe('promoted');
    expect(unknown.logger.lines.join('\n')).toContain(
      "Cannot tell whether the champion's commit c2 is newer than the candidate's c9",
    );
  });

  it('changes nothing when a gate fails, and reports the failing rule', async () => {
    const { registry, serving, deployments, common } = setup({ champion: '1' });
    const result = await promote({ ...common, gates, candidate: { version: '3' } });
    expect(result.outcome).toBe('refused');
    expect(result.gates?.rows.map((r) => r.pass)).toEqual([false, false]);
    expect(result.message).toMatch(
      /failed 2 gates .*val_auc ≥ 0\.7.*nothing changed, version 1 stays champion/,
    );
    expect(registry.changes).toEqual([]);
    expect(deployments).toEqual([]);
    expect(serving.current).toBe('1');
  });

  it('keeps the old champion serving and puts the aliases back when the new server is unhealthy', async () => {
    const { registry, serving, deployments, common } = setup({ champion: '1', previous: '1' });
    registry.aliases.set('candidate', '1');
    serving.unhealthy.add('2');
    const error = await promote({ ...common, gates, candidate: { version: '2' } }).catch((e) => e);
    expect(error).toBeInstanceOf(PromotionError);
    expect(error.stage).toBe('deploy');
    expect(error.message).toMatch(/failed at deploy: version 2 answered 500/);
    expect(error.message).toMatch(
      /Version 1 is still the champion and keeps serving; the aliases are as they were/,
    );
    expect(Object.fromEntries(registry.aliases)).toEqual({
      champion: '1',
      'previous-champion': '1',
      candidate: '1',
    });
    expect(serving.current).toBe('1');
    expect(registry.tags.has(LEASE_TAG)).toBe(false);
    expect(deployments).toEqual(['start 2 fraud c2', expect.stringMatching(/^failure/)]);
  });

  it('switches serving back when the champion alias cannot be moved', async () => {
    const { registry, serving, common } = setup({ champion: '1' });
    registry.failOn = { change: 'alias champion=2', error: new Error('MLflow answered 500') };
    const error = await promote({ ...common, gates, candidate: { version: '2' } }).catch((e) => e);
    expect(error).toBeInstanceOf(PromotionError);
    expect(error.stage).toBe('champion');
    expect(registry.changes.filter((c) => !c.includes(LEASE_TAG))).toEqual([
      'alias candidate=2',
      'deploy 2',
      'alias previous-champion=1',
      'serving rollback',
      '-alias candidate',
      '-alias previous-champion',
    ]);
    expect(registry.alias('champion')).toBe('1');
    expect(serving.current).toBe('1');
  });

  it('counts a champion move that MLflow applied even though the request failed', async () => {
    const { registry, serving, common } = setup({ champion: '1' });
    registry.failOn = {
      change: 'alias champion=2',
      error: new Error('socket hang up'),
      after: true,
    };
    const result = await promote({ ...common, gates, candidate: { version: '2' } });
    expect(result.outcome).toBe('promoted');
    expect(serving.current).toBe('2');
    expect(registry.alias('previous-champion')).toBe('1');
  });

  it('fails clearly with nothing half-moved when MLflow is unreachable', async () => {
    const { registry, serving, common } = setup({ champion: '1' });
    registry.down = true;
    await expect(promote({ ...common, gates, candidate: { version: '2' } })).rejects.toThrow(
      MlflowUnreachableError,
    );
    registry.down = false;
    expect(registry.changes).toEqual([]);
    expect(serving.current).toBe('1');
  });

  it('switches serving back when MLflow goes down after the deploy', async () => {
    const { registry, serving, common } = setup({ champion: '1' });
    const down = new MlflowUnreachableError(
      'MLflow tracking server http://mlflow.test is unreachable',
    );
    registry.failOn = { change: 'alias previous-champion=1', error: down };
    const origin = registry.setAlias.bind(registry);
    // Once it failed, it stays down: restoring aliases fails too.
    registry.setAlias = async (...args) => {
      if (registry.failOn === undefined && registry.changes.includes('deploy 2'))
        registry.down = true;
      return origin(...args);
    };
    const error = await promote({ ...common, gates, candidate: { version: '2' } }).catch((e) => e);
    registry.down = false;
    expect(error).toBeInstanceOf(PromotionError);
    expect(error.message).toMatch(/failed at champion: MLflow tracking server .* unreachable/);
    expect(serving.current).toBe('1');
    expect(registry.alias('champion')).toBe('1');
  });

  it('converges when re-run after a crash between the switch and the champion move', async () => {
    const { registry, serving, common, logger } = setup({ champion: '1' });
    // State a crashed promotion of version 2 left: candidate set, serving switched (old kept),
    // previous-champion set, champion not moved, lease still held by the dead process.
    registry.aliases.set('candidate', '2');
    registry.aliases.set('previous-champion', '1');
    registry.tags.set(LEASE_TAG, deadLease({ kind: 'promote', from: '1', to: '2' }));
    serving.current = '2';
    serving.previous = '1';
    const result = await promote({ ...common, gates, candidate: { version: '2' } });
    expect(result.outcome).toBe('promoted');
    expect(Object.fromEntries(registry.aliases)).toEqual({
      champion: '2',
      'previous-champion': '1',
      candidate: '2',
    });
    expect([serving.current, serving.previous]).toEqual(['2', undefined]);
    expect(registry.tags.has(LEASE_TAG)).toBe(false);
    expect(logger.lines.some((l) => /Took over the promotion lease .* crashed run/.test(l))).toBe(
      true,
    );
  });

  it('converges when re-run after a crash between the champion move and the commit', async () => {
    const { registry, serving, common } = setup({ champion: '2', previous: '1' });
    registry.tags.set(LEASE_TAG, deadLease());
    serving.previous = '1';
    const result = await promote({ ...common, gates, candidate: { version: '2' } });
    expect(result.outcome).toBe('already-champion');
    expect([serving.current, serving.previous]).toEqual(['2', undefined]);
    expect(registry.tags.has(LEASE_TAG)).toBe(false);
  });

  it('deploys the champion again when nothing serves it', async () => {
    const { registry, serving, common } = setup({ champion: '1', previous: '3' });
    serving.current = undefined;
    const result = await promote({ ...common, gates, candidate: { version: '1' } });
    expect(result.outcome).toBe('already-champion');
    expect(result.message).toMatch(/was already the champion; serving it again/);
    expect(serving.current).toBe('1');
    // previous-champion is left alone: it is not this promotion's to move.
    expect(registry.alias('previous-champion')).toBe('3');
  });

  it('refuses while another live promotion holds the lease, changing nothing', async () => {
    const { registry, common } = setup({ champion: '1' });
    const other = await acquireLease({ registry, model: MODEL, holder: 'run 42', settleMs: 0 });
    registry.changes.length = 0;
    const error = await promote({ ...common, gates, candidate: { version: '2' } }).catch((e) => e);
    expect(error).toBeInstanceOf(LeaseHeldError);
    expect(error.message).toMatch(/Another promotion of fraud is in progress \(run 42/);
    expect(registry.changes).toEqual([]);
    await other.release();
    expect(registry.tags.has(LEASE_TAG)).toBe(false);
  });

  it('never interleaves two promotions started at once', async () => {
    const { registry, common } = setup({ champion: '1' });
    const runs = await Promise.allSettled([
      promote({ ...common, gates, candidate: { version: '2' }, lease: { settleMs: 5 } }),
      promote({ ...common, gates, candidate: { version: '2' }, lease: { settleMs: 5 } }),
    ]);
    const statuses = runs.map((r) => r.status).sort();
    expect(statuses).toEqual(['fulfilled', 'rejected']);
    const rejected = runs.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(LeaseHeldError);
    // One deploy only: the loser stopped before changing anything.
    expect(registry.changes.filter((c) => c.startsWith('deploy'))).toEqual(['deploy 2']);
  });
});

describe('rollback', () => {
  it('serves previous-champion first, then swaps the aliases', async () => {
    const { registry, serving, common } = setup({ champion: '2', previous: '1' });
    const result = await rollback(common);
    expect(result).toMatchObject({ outcome: 'rolled-back', version: '1', previousChampion: '2' });
    expect(registry.changes.filter((c) => !c.includes(LEASE_TAG))).toEqual([
      'alias candidate=1',
      'deploy 1',
      'alias previous-champion=2',
      'alias champion=1',
      'commit',
    ]);
    expect(serving.current).toBe('1');
  });

  it('refuses when there is no previous-champion', async () => {
    const { common, registry } = setup({ champion: '2' });
    await expect(rollback(common)).rejects.toThrow(ConfigurationError);
    await expect(rollback(common)).rejects.toThrow(/no previous-champion alias/);
    expect(registry.changes.filter((c) => !c.includes(LEASE_TAG))).toEqual([]);
    expect(registry.tags.has(LEASE_TAG)).toBe(false);
  });

  it('finishes a rollback interrupted between its alias moves', async () => {
    const { registry, serving, common } = setup({ champion: '2', previous: '2' });
    // Crashed after previous-champion=2 and before champion=1: the lease keeps the intent.
    registry.aliases.set('candidate', '1');
    registry.tags.set(LEASE_TAG, deadLease({ kind: 'rollback', from: '2', to: '1' }));
    serving.current = '1';
    serving.previous = '2';
    const result = await rollback(common);
    expect(result.version).toBe('1');
    expect(Object.fromEntries(registry.aliases)).toMatchObject({
      champion: '1',
      'previous-champion': '2',
    });
    expect([serving.current, serving.previous]).toEqual(['1', undefined]);
  });
});

describe('resolveCandidate', () => {
  it('takes the newest version registered from a commit', async () => {
    const { registry } = setup();
    registry.addVersion('4', { val_auc: 0.9 }, 'c1');
    expect((await resolveCandidate(registry, MODEL, { commit: 'c1' })).version).toBe('4');
    expect((await resolveCandidate(registry, MODEL, { runId: 'run-2' })).version).toBe('2');
  });

  it('names what it looked for when nothing matches', async () => {
    const { registry } = setup();
    await expect(resolveCandidate(registry, MODEL, { commit: 'abcdef1234567890' })).rejects.toThrow(
      /No version of registered model fraud in http:\/\/mlflow\.test for commit abcdef123456\. Versions are registered by `mlenv train`/,
    );
    await expect(resolveCandidate(registry, MODEL, { version: '99' })).rejects.toThrow(
      ConfigurationError,
    );
    await expect(resolveCandidate(registry, MODEL, { version: 'latest' })).rejects.toThrow(
      /expected a model version number/,
    );
  });
});

describe('acquireLease', () => {
  it('treats an expired lease, or an unreadable tag, as free', async () => {
    const { registry } = setup();
    const expired: Lease = {
      holder: 'old run',
      token: 'old',
      host: 'elsewhere',
      pid: 1,
      acquiredAt: new Date(0).toISOString(),
      expiresAt: new Date(Date.now() - 1_000).toISOString(),
    };
    registry.tags.set(LEASE_TAG, JSON.stringify(expired));
    const lease = await acquireLease({ registry, model: MODEL, settleMs: 0 });
    expect(lease.tookOver?.holder).toBe('old run');
    await lease.release();
    registry.tags.set(LEASE_TAG, 'edited by hand');
    const logger = createMemoryLogger();
    const again = await acquireLease({ registry, model: MODEL, settleMs: 0, logger });
    expect(
      logger.lines.some((l) => /Ignoring the malformed mlenv\.promote\.lease tag/.test(l)),
    ).toBe(true);
    await again.release();
  });

  it('waits for a held lease up to waitMs, then takes it when released', async () => {
    const { registry } = setup();
    const first = await acquireLease({ registry, model: MODEL, holder: 'first', settleMs: 0 });
    const waiting = acquireLease({
      registry,
      model: MODEL,
      holder: 'second',
      settleMs: 0,
      waitMs: 10_000,
      sleep: async () => {
        await first.release();
      },
    });
    expect((await waiting).lease.holder).toBe('second');
  });

  it('notices on renewal that another holder took the lease over', async () => {
    const { registry } = setup();
    const mine = await acquireLease({ registry, model: MODEL, settleMs: 0 });
    registry.tags.set(LEASE_TAG, deadLease());
    await expect(mine.renew()).rejects.toThrow(/taken over by crashed run/);
    // Release leaves someone else's lease alone.
    await mine.release();
    expect(registry.tags.has(LEASE_TAG)).toBe(true);
  });
});
