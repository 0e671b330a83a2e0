import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestNamespace } from '../testbed/test-namespace.js';
import { loadTestbed } from '../testbed/testbed.js';
import { runLoad } from './kubernetes-load.js';

// 200 launches at once on the bed's kwok nodes, followed by one process through the Kubernetes
// backend, beside 20 `mlenv train --backend kubernetes` processes: every run succeeds, nothing is
// left that no finished Job owns, and a job costs the API server what it costs alone.
// bench/train-kubernetes-load.ts prints the same figures.
const bed = loadTestbed();
const ns = new TestNamespace('it-train-load');

beforeAll(() => ns.create());
afterAll(() => ns.delete());

describe('many launches at once on the kwok nodes', () => {
  it('200 handles in one process and 20 CLI processes finish, with no orphan and a constant number of requests per job', async () => {
    const figures = await runLoad(bed, ns.name, { jobs: 200, cliProcesses: 20 });
    expect([figures.succeeded, figures.cli]).toEqual([
      200,
      { processes: 20, succeeded: 20, failures: [] },
    ]);
    expect(figures.orphans).toEqual([]);
    // Watches per job, not polling: the same few requests whether one job or 200 are followed.
    expect(figures.perJob.requests).toBeLessThanOrEqual(figures.alone.requests + 1);
    expect(figures.perJob.watches).toBeLessThanOrEqual(figures.alone.watches + 1);
    // Well within this 24 GB machine, beside everything else the bed runs. What the 200 jobs add
    // (the worker's own peak also holds what the files it ran before left: 1150 MiB once).
    expect(figures.addedRssMiB).toBeLessThan(512);
  }, 900_000);
});
