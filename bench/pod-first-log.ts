// Figure: from submission to the trainer's first log line, for `mlenv train --backend kubernetes`
// on the test bed's real nodes (containerd + kubelet): MLEnv's Job, its trainer container
// fetching the working tree from MLflow, the image already on the node. Baseline, measured
// alternately in the same run: a bare Job of the same image on the same nodes that prints one line
// (no code fetch, no MLflow), created and its log polled by the same client, and the same with an
// init container that does nothing (what a second container costs). Goal: at most 3 s.
// Needs the test bed (npm run testbed -- up). BENCH_RUNS: runs of each (default 5).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git, projectYaml, writeWorkspace } from '../action-tests/integration/workspace-fixture.js';
import { startPackageIndex } from '../action-tests/package-index/server.js';
import { realNodeLabel, realNodeTaint } from '../action-tests/testbed/network/plan.js';
import { TestNamespace } from '../action-tests/testbed/test-namespace.js';
import { loadTestbed } from '../action-tests/testbed/testbed.js';
import { loadWorkspace } from '../shared/config/workspace.js';
import { lockEnvironment } from '../shared/environment/index.js';
import { buildRuntimeImage } from '../shared/images/build/index.js';
import { createKubeClient, type KubeObject } from '../shared/k8s/client.js';
import { createMemoryLogger, type Logger } from '../shared/logger/index.js';
import { runTrain } from '../shared/train/run-train.js';
import { sleep } from '../shared/util/sleep.js';

const GOAL_S = 3;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const FIRST = 'first-line-of-the-trainer';
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const bed = loadTestbed();
for (const key of Object.keys(process.env)) if (key.startsWith('UV_')) delete process.env[key];
process.env.MLENV_UV = bed.tools.uv;
const ns = new TestNamespace('bench-pod-first-log');
await ns.create();
const namespace = ns.name;
const admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig, namespace });
const index = await startPackageIndex({ packages: { leafpkg: [{ version: '1.0.0' }] } });
const root = mkdtempSync(path.join(tmpdir(), 'mlenv-bench-pods-'));
const placement = {
  nodeSelector: { [realNodeLabel.key]: realNodeLabel.value },
  tolerations: [{ key: realNodeTaint.key, operator: 'Exists', effect: realNodeTaint.effect }],
};

try {
  writeWorkspace(
    root,
    {
      environment: {
        image: `${bed.registry.host}/mlenv-bench/pods-${Date.now().toString(36)}`,
        indexUrl: index.url,
      },
      tracking: { uri: bed.mlflow.uri },
      kubernetes: { namespace, ...placement, code: { source: 'working-tree' } },
    },
    {
      'environment/requirements.in': 'leafpkg==1.0.0\n',
      'environment/requirements.lock': '',
      'projects/demo/mlenv.yaml': projectYaml('demo', {
        train: { command: ['python', 'train.py'], maxRuntime: '5m' },
      }),
      'projects/demo/train.py': `print("${FIRST}", flush=True)\n`,
    },
  );
  let workspace = await loadWorkspace(root);
  await lockEnvironment(workspace, createMemoryLogger());
  workspace = await loadWorkspace(root);
  const { image } = await buildRuntimeImage({
    workspace,
    logger: createMemoryLogger(),
    builder: 'buildah',
    baseImage: bed.images.base,
    uvImage: bed.images.uv,
    python: '/usr/bin/python3.11',
    insecureRegistries: [bed.registry.host],
  });
  git(root, 'init', '-q', '-b', 'bench');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'bench');
  writeFileSync(path.join(root, 'projects/demo/README.md'), 'uncommitted\n');
  const project = workspace.projects[0];
  if (!project) throw new Error('no project');

  /** Submission (the handle is back) to the first trainer line the launcher streamed. */
  async function mlenvRun(): Promise<number> {
    let submittedAt = 0;
    let firstAt = 0;
    const memory = createMemoryLogger();
    const logger: Logger = {
      ...memory,
      info: (line) => {
        if (!firstAt && line.includes(FIRST)) firstAt = performance.now();
        if (process.env.BENCH_DEBUG)
          console.log(`${((performance.now() - submittedAt) / 1000).toFixed(2)} ${line}`);
        memory.info(line);
      },
    };
    const outcome = await runTrain({
      workspace,
      project: project as NonNullable<typeof project>,
      backend: 'kubernetes',
      kubeconfig: bed.kubernetes.ciKubeconfig,
      register: false,
      logger,
      signal: new AbortController().signal,
      onSubmitted: () => {
        submittedAt = performance.now();
      },
      env: { ...process.env, GITHUB_ACTIONS: undefined },
    });
    if (outcome.kind !== 'run' || outcome.result.status !== 'succeeded' || !firstAt)
      throw new Error(`MLEnv run did not print its first line: ${memory.lines.join('\n')}`);
    return (firstAt - submittedAt) / 1000;
  }

  /** The same image as a bare Job: created, its pod found and its log polled every 50 ms. */
  async function bareRun(n: number, withInit = false): Promise<number> {
    const name = `bare-${Date.now().toString(36)}-${n}${withInit ? 'i' : ''}`;
    const started = performance.now();
    await admin.request('POST', `/apis/batch/v1/namespaces/${namespace}/jobs`, {
      body: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              ...placement,
              // What one more container costs: an init container that does nothing.
              ...(withInit
                ? { initContainers: [{ name: 'init', image, command: ['python3', '-c', 'pass'] }] }
                : {}),
              containers: [
                {
                  name: 'main',
                  image,
                  command: ['python3', '-c', `print("${FIRST}", flush=True)`],
                },
              ],
            },
          },
        },
      },
    });
    for (;;) {
      const pods = await admin.request<{ items: KubeObject[] }>(
        'GET',
        `/api/v1/namespaces/${namespace}/pods`,
        { query: { labelSelector: `job-name=${name}` } },
      );
      const pod = pods.items[0];
      const phase = (pod?.status as { phase?: string } | undefined)?.phase;
      if (pod && (phase === 'Running' || phase === 'Succeeded')) {
        let text = '';
        await admin
          .streamLines(
            `/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}/log`,
            {},
            (line) => {
              text += line;
            },
            new AbortController().signal,
          )
          .catch(() => undefined);
        if (text.includes(FIRST)) return (performance.now() - started) / 1000;
      }
      await sleep(50);
    }
  }

  const mlenv: number[] = [];
  const bare: number[] = [];
  const bareInit: number[] = [];
  // One of each first, unmeasured: the image onto both nodes, the run's caches warm.
  await mlenvRun();
  await bareRun(0);
  for (let i = 1; i <= runs; i++) {
    mlenv.push(await mlenvRun());
    bare.push(await bareRun(i));
    bareInit.push(await bareRun(i, true));
  }
  const m = median(mlenv);
  const b = median(bare);
  console.log(
    `pod first log line (real nodes, ${runs} runs each, median): mlenv train ${m.toFixed(2)} s ` +
      `(submission to the trainer's first line, the working tree fetched from MLflow in the trainer's container); ` +
      `bare Job of the same image ${b.toFixed(2)} s; ratio ${(m / b).toFixed(2)}; goal <= ${GOAL_S} s: ${m <= GOAL_S ? 'met' : 'NOT met'}`,
  );
  console.log(`  mlenv: ${mlenv.map((v) => v.toFixed(2)).join(' ')}`);
  console.log(`  bare:  ${bare.map((v) => v.toFixed(2)).join(' ')}`);
  console.log(
    `  bare with an empty init container: ${bareInit.map((v) => v.toFixed(2)).join(' ')} (median ${median(bareInit).toFixed(2)} s: what the code's own container costs)`,
  );
} finally {
  await index.stop();
  rmSync(root, { recursive: true, force: true });
  await ns.delete().catch(() => undefined);
}
