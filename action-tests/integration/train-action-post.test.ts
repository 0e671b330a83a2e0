import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { createKubeClient, type KubeClient, type KubeObject } from '../../shared/k8s/client.js';
import { TestNamespace } from '../testbed/test-namespace.js';
import { loadTestbed } from '../testbed/testbed.js';
import { scratchWorkspace } from './workspace-fixture.js';

// The train action's post step, as the runner drives it: the main step's bundle submits a Job and
// is then killed outright (a runner that loses the step cannot rely on the main step's own
// handlers), the runner hands the saved state to the post bundle as STATE_* variables, and the
// post bundle deletes what was left behind through the backend registry, on the cluster context
// the saved handle names, unless on-cancel is detach.
const repo = path.resolve(import.meta.dirname, '../..');
const bed = loadTestbed();
// A namespace of this file's own: other files run beside it on the same bed.
const ns = new TestNamespace('it-train-post');
const namespace = ns.name;
let admin: KubeClient;
let runner: string;

beforeAll(async () => {
  await ns.create();
  admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig, namespace });
  runner = mkdtempSync(path.join(tmpdir(), 'mlenv-runner-'));
});

afterAll(async () => {
  // The Jobs left pending (on-cancel: detach) go with the namespace.
  await ns.delete();
  rmSync(runner, { recursive: true, force: true });
});

async function list(kind: 'jobs' | 'secrets', project: string): Promise<KubeObject[]> {
  const base = kind === 'jobs' ? `/apis/batch/v1` : '/api/v1';
  const found = await admin.request<{ items: KubeObject[] }>(
    'GET',
    `${base}/namespaces/${namespace}/${kind}`,
    { query: { labelSelector: `mlenv.dev/project=${project}` } },
  );
  return found.items.filter((o) => !o.metadata.deletionTimestamp);
}

/** The runner's state file: `name<<DELIMITER`, the value, the delimiter. */
function readState(file: string): Record<string, string> {
  const state: Record<string, string> = {};
  for (const m of readFileSync(file, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
    state[`STATE_${m[1]}`] = m[3] as string;
  return state;
}

/**
 * The bed's CI kubeconfig with a second context, made current, whose cluster is somewhere nothing
 * listens: a post step that used the kubeconfig's current context would not reach the bed.
 */
function twoContextKubeconfig(): { file: string; context: string } {
  const config = parse(readFileSync(bed.kubernetes.ciKubeconfig, 'utf8'));
  const [cluster] = config.clusters;
  const [context] = config.contexts;
  config.clusters.push({
    name: 'elsewhere',
    cluster: { ...cluster.cluster, server: 'https://127.0.0.1:9' },
  });
  config.contexts.push({
    name: 'elsewhere',
    context: { ...context.context, cluster: 'elsewhere' },
  });
  config['current-context'] = 'elsewhere';
  const file = path.join(runner, 'two-contexts.kubeconfig');
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return { file, context: context.name };
}

async function killedMidRun(
  project: string,
  onCancel: 'delete' | 'detach',
  cluster: { kubeconfig: string; context?: string } = { kubeconfig: bed.kubernetes.ciKubeconfig },
) {
  const ws = await scratchWorkspace({
    name: project,
    workspace: {
      tracking: { uri: bed.mlflow.uri },
      kubernetes: { namespace, ...(cluster.context ? { context: cluster.context } : {}) },
    },
    // 16 GPUs: more than any node has, so the Job is still pending when the step dies.
    project: { train: { command: ['python', 'train.py'], resources: { gpus: 16 } } },
  });
  const files = Object.fromEntries(
    ['GITHUB_STATE', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY'].map((name) => {
      const file = path.join(runner, `${project}-${name}`);
      writeFileSync(file, '');
      return [name, file];
    }),
  );
  const main = spawn(process.execPath, [path.join(repo, 'actions/train/dist/index.js')], {
    cwd: ws.root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...files,
      INPUT_WORKSPACE: '.',
      INPUT_BACKEND: 'kubernetes',
      INPUT_KUBECONFIG: cluster.kubeconfig,
      INPUT_REGISTER: 'false',
      'INPUT_ON-CANCEL': onCancel,
      'INPUT_TRACKING-TOKEN': 'post-step-token-1234',
    },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => main.on('exit', resolve));
  try {
    const deadline = Date.now() + 60_000;
    while ((await list('jobs', project)).length === 0) {
      if (Date.now() > deadline) throw new Error('the main step submitted no Job');
      await new Promise((r) => setTimeout(r, 200));
    }
    // The Job exists; the state is saved once its creation is answered, which on a busy machine
    // can take a moment after the API server stored it.
    while (!readFileSync(files.GITHUB_STATE as string, 'utf8').includes('"kind":"Job"')) {
      if (Date.now() > deadline) throw new Error('the main step saved no state for its Job');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    main.kill('SIGKILL');
    await exited;
  }
  const state = readState(files.GITHUB_STATE as string);
  const post = spawnSync(process.execPath, [path.join(repo, 'actions/train/dist/post/index.js')], {
    cwd: ws.root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...files, ...state },
    encoding: 'utf8',
  });
  ws.cleanup();
  return { state, post: { code: post.status, output: post.stdout + post.stderr } };
}

describe('train action post step', () => {
  it('deletes the Job and its Secret that a killed main step left behind', async () => {
    expect((await list('jobs', 'post-delete')).length).toBe(0);
    const { state, post } = await killedMidRun('post-delete', 'delete');
    const handle = JSON.parse(state.STATE_handle ?? '{}');
    expect(handle).toMatchObject({ backend: 'kubernetes', namespace, context: 'mlenv-testbed' });
    expect(handle.objects.map((o: { kind: string }) => o.kind)).toEqual(['Secret', 'Job']);
    expect(post.code).toBe(0);
    expect(post.output).toMatch(/Deleted Job\/post-delete-/);
    // The Secret goes too: deleted by the post step, or first by the garbage collector (the Job
    // owns it), whichever is quicker.
    expect(await list('jobs', 'post-delete')).toEqual([]);
    expect(await list('secrets', 'post-delete')).toEqual([]);
  });

  it("deletes on the run's cluster context, not the kubeconfig's current one", async () => {
    const { file, context } = twoContextKubeconfig();
    const { state, post } = await killedMidRun('post-context', 'delete', {
      kubeconfig: file,
      context,
    });
    expect(JSON.parse(state.STATE_handle ?? '{}')).toMatchObject({ kubeconfig: file, context });
    expect(post.code).toBe(0);
    expect(post.output).toMatch(/Deleted Job\/post-context-/);
    expect(await list('jobs', 'post-context')).toEqual([]);
    expect(await list('secrets', 'post-context')).toEqual([]);
  });

  it('leaves the Job running with on-cancel: detach', async () => {
    const { post } = await killedMidRun('post-detach', 'detach');
    expect(post.code).toBe(0);
    expect(post.output).toContain('on-cancel is detach');
    expect((await list('jobs', 'post-detach')).length).toBe(1);
  });
});
