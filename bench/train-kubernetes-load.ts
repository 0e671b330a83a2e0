// Figures: 200 training launches at once on the test bed's kwok nodes, followed by one process
// through the Kubernetes backend, beside 20 `mlenv train --backend kubernetes` CLI processes:
// API requests and watches per job against one job followed alone in the same run (the
// baseline; goal: the same small constant), the follower's peak memory, the wall time, and the
// objects left that no finished Job owns (goal: none). Needs the test bed (npm run testbed -- up)
// and the CLI bundle (npm run bundle). BENCH_JOBS and BENCH_CLI_PROCESSES change the counts.
import { runLoad } from '../action-tests/integration/kubernetes-load.js';
import { TestNamespace } from '../action-tests/testbed/test-namespace.js';
import { loadTestbed } from '../action-tests/testbed/testbed.js';

const jobs = Number(process.env.BENCH_JOBS ?? 200);
const cliProcesses = Number(process.env.BENCH_CLI_PROCESSES ?? 20);
const bed = loadTestbed();
const ns = new TestNamespace('bench-train-load');
await ns.create();
try {
  const f = await runLoad(bed, ns.name, { jobs, cliProcesses });
  const ratio = (a: number, b: number) => (a / Math.max(1, b)).toFixed(2);
  process.stdout.write(
    `${f.succeeded}/${f.jobs} jobs followed in one process succeeded in ${f.seconds.inProcess} s; ${f.cli.succeeded}/${f.cli.processes} CLI processes in ${f.seconds.cli} s\n` +
      `API requests per job: ${f.perJob.requests.toFixed(2)} together, ${f.alone.requests} alone (${ratio(f.perJob.requests, f.alone.requests)}x); watches per job: ${f.perJob.watches.toFixed(2)} together, ${f.alone.watches} alone (${ratio(f.perJob.watches, f.alone.watches)}x)\n` +
      `follower peak RSS: ${f.peakRssMiB} MiB, ${f.addedRssMiB} MiB of it added while following ${f.jobs} jobs\n` +
      `objects left that no finished Job owns: ${f.orphans.length}${f.orphans.length ? ` (${f.orphans.slice(0, 5).join(', ')})` : ''}\n` +
      (f.cli.failures.length ? `CLI failures:\n${f.cli.failures.join('\n')}\n` : ''),
  );
} finally {
  await ns.delete();
}
process.exit(0);
