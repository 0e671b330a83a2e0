import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { STATE as TRAIN_STATE } from '../../../actions/train/src/state.js';
import { type GithubServer, startGithubServer } from '../../github-server/server.js';
import { loadTestbed } from '../../testbed/testbed.js';
import {
  type HostileString,
  hostileStrings,
  INJECTED_COMMANDS,
  inputPayloads,
  MARKER,
  type SeededSecret,
  seededSecrets,
} from './corpus.js';
import {
  pullRequestEvent,
  seedPullRequest,
  type Workspace,
  writeScratchWorkspace,
  writeSecretKubeconfig,
} from './fixture.js';
import {
  type ActionDefinition,
  type BundleRun,
  compositeRoutes,
  findLeaks,
  injectedCommands,
  type Leak,
  parseFileCommands,
  pool,
  readActions,
  readCompositeActions,
  runBundle,
} from './runner.js';

// The only state a step may save: the train action's, for its post step.
const TRAIN_STATE_KEYS: readonly string[] = Object.values(TRAIN_STATE);

// Every input of every action (read from its action.yml) gets each hostile payload in turn, in
// the committed bundle run as the runner runs it; then some realistic paths where hostile strings
// reach git, a trainer, MLflow and the GitHub API. Whatever a run does (a rejected input is fine),
// no sentinel file may appear, no seeded secret may show up anywhere a workflow shows or passes
// on, and no workflow command or output line may be injected.
const bed = loadTestbed();
const CONCURRENCY = 3;
const WAITING_CONCURRENCY = 24;
const actions = readActions();
const composites = readCompositeActions();

let root: string;
let sentinel: string;
let ws: Workspace;
let github: GithubServer;
let secrets: Record<SeededSecret['shape'], SeededSecret>;
let corpus: HostileString[];
let payloads: HostileString[];
let pullNumber: number;
let eventPath: string;
let kubeconfig: string;
let reportResults: string;

interface Recorded {
  label: string;
  action: ActionDefinition;
  /** The hostile strings this run carried, to name the route when a sentinel appears. */
  carried: string[];
  run: BundleRun;
}
const recorded: Recorded[] = [];
/** action/input pairs that ran with a hostile value. */
const exercised = new Set<string>();

/** Each action's payloads aim at a folder of its own, so a sentinel names the action it came from. */
function payloadsFor(name: string): HostileString[] {
  const dir = path.join(sentinel, name);
  mkdirSync(dir, { recursive: true });
  return inputPayloads(dir);
}

function action(name: string): ActionDefinition {
  const found = actions.find((a) => a.name === name);
  if (!found) throw new Error(`no action ${name}`);
  return found;
}

/** Secrets seeded in the environment of every step, none of them known to any action. */
function secretEnv(): Record<string, string> {
  return {
    AWS_SECRET_ACCESS_KEY: secrets.plain.value,
    MLENV_TEST_B64_SECRET: secrets.base64.value,
    GOOGLE_CREDENTIALS: secrets.json.value,
    SSH_PRIVATE_KEY: secrets['multi-line'].value,
  };
}

function stepEnv(): Record<string, string> {
  const home = path.join(root, 'home');
  return {
    HOME: home,
    RUNNER_TEMP: path.join(root, 'runner'),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REPOSITORY: 'acme/ml',
    GITHUB_SHA: ws.headSha,
    GITHUB_REF: `refs/pull/${pullNumber}/merge`,
    // Branch names are the pull request author's to choose.
    GITHUB_HEAD_REF: ws.hostileBranch,
    GITHUB_REF_NAME: ws.hostileBranch,
    GITHUB_BASE_REF: 'main',
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '42',
    GITHUB_ACTOR: 'octocat',
    MLENV_UV: bed.tools.uv,
    UV_OFFLINE: '1',
    UV_CACHE_DIR: path.join(home, '.cache', 'uv'),
    ...secretEnv(),
  };
}

/**
 * Valid values of every input, chosen so a run ends early and cheaply (a dry run, a model with no
 * versions, an index nobody serves) once the hostile input has been read and used. Each input of
 * action.yml must be named here: a new input or action fails the coverage test until it is.
 */
function baseInputs(): Record<string, { inputs: Record<string, string>; covers?: string[] }[]> {
  const token = secrets.base64.value;
  return {
    affected: [{ inputs: { workspace: '.', base: ws.baseSha, head: ws.headSha } }],
    check: [{ inputs: { workspace: '.', projects: 'demo', venv: bed.python.venv } }],
    doctor: [{ inputs: { workspace: '.', cuda: 'cpu' } }],
    'gpu-test': [
      {
        inputs: {
          workspace: '.',
          project: 'demo',
          'require-gpu': 'false',
          gpus: '1',
          'lock-dir': path.join(root, 'gpu-locks'),
          'lock-timeout': '1s',
          'approval-label': 'gpu-tests-approved',
          'github-token': token,
          venv: bed.python.venv,
        },
      },
    ],
    'images-build': [
      {
        // A dry run without a push: the tag is looked up (ghcr.io does not resolve here, so fast)
        // and the build commands printed; nothing is built.
        inputs: {
          workspace: '.',
          builder: 'auto',
          'base-image': 'debian:bookworm-slim',
          'uv-image': 'ghcr.io/astral-sh/uv:0.13.9',
          python: 'managed',
          push: 'false',
          'dry-run': 'true',
          'insecure-registry': '127.0.0.1:5000',
          'ca-bundle': 'none',
          'buildah-root': path.join(root, 'buildah'),
          'registry-username': 'mlenv',
          'registry-password': token,
          'github-token': token,
        },
      },
    ],
    'pr-report': [
      {
        inputs: {
          results: path.join(root, 'results-record'),
          record: 'check',
          project: 'demo',
          outcome: 'failure',
          outputs: JSON.stringify({ ok: 'false', results: '[]' }),
          'job-status': 'failure',
          workspace: '.',
          'tracking-uri': bed.mlflow.uri,
        },
        covers: ['results', 'record', 'project', 'outcome', 'outputs', 'job-status', 'workspace'],
      },
      {
        inputs: {
          results: reportResults,
          needs: JSON.stringify({ check: { result: 'failure', outputs: {} } }),
          'pull-request': String(pullNumber),
          'github-token': token,
          'github-api-url': github.url,
          'tracking-uri': bed.mlflow.uri,
          'tracking-token': secrets.json.value,
        },
        covers: [
          'results',
          'needs',
          'pull-request',
          'github-token',
          'github-api-url',
          'tracking-uri',
          'tracking-token',
        ],
      },
    ],
    promote: [
      {
        inputs: {
          workspace: '.',
          project: 'demo',
          'model-version': '1',
          commit: ws.headSha,
          rollback: 'false',
          'tracking-uri': bed.mlflow.uri,
          'tracking-token': secrets.json.value,
          kubeconfig,
          'lease-wait': '0',
          'github-token': token,
          'github-api-url': github.url,
        },
      },
    ],
    setup: [
      { inputs: { workspace: '.', project: 'demo', cache: 'false', 'allow-stale-lock': 'false' } },
    ],
    train: [
      {
        inputs: {
          project: 'demo',
          workspace: '.',
          backend: 'local',
          params: 'epochs=1',
          register: 'false',
          'tracking-uri': bed.mlflow.uri,
          'tracking-token': secrets.plain.value,
          kubeconfig,
          venv: bed.python.venv,
          'pending-timeout': '5',
          'on-cancel': 'delete',
          // The plan only: hostile values still reach the job and its printed command.
          'dry-run': 'true',
          'server-dry-run': 'false',
        },
      },
    ],
    upgrade: [
      {
        inputs: {
          workspace: '.',
          groups: 'pytorch',
          'dry-run': 'false',
          base: 'main',
          'github-token': token,
          'github-api-url': github.url,
        },
      },
    ],
  };
}

async function step(
  label: string,
  def: ActionDefinition,
  inputs: Record<string, string>,
  carried: string[],
  options: { event?: string; state?: Record<string, string>; bundle?: string } = {},
): Promise<BundleRun> {
  const run = await runBundle({
    bundle: options.bundle ?? def.main,
    cwd: ws.root,
    inputs,
    env: stepEnv(),
    eventPath: options.event ?? eventPath,
    state: options.state,
    timeoutMs: 120_000,
  });
  recorded.push({ label, action: def, carried, run });
  return run;
}

/** Secrets that are sent to or stored on the GitHub server: bodies of every request, and state. */
function githubPlaces(): Record<string, string> {
  const places: Record<string, string> = {};
  for (const r of github.requests)
    if (r.requestBody !== undefined)
      places[`github ${r.method} ${r.path} #${r.id}`] = JSON.stringify(r.requestBody);
  const repo = github.state.getRepo('acme', 'ml');
  for (const c of repo?.comments ?? []) places[`comment ${c.id}`] = c.body;
  for (const p of repo?.pulls ?? []) places[`pull ${p.number}`] = `${p.title}\n${p.body ?? ''}`;
  for (const d of repo?.deployments ?? [])
    places[`deployment ${d.id}`] = JSON.stringify({ ...d, creator: undefined });
  return places;
}

function describeRun(r: Recorded): string {
  const tail = (r.run.stdout + r.run.stderr).slice(-1500);
  return `${r.label} (exit ${r.run.code}${r.run.signal ? `, ${r.run.signal}` : ''}):\n${tail}`;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'mlenv-sec-'));
  sentinel = path.join(root, 'sentinel');
  for (const dir of ['sentinel', 'home', 'runner', 'results-report'])
    mkdirSync(path.join(root, dir), { recursive: true });
  secrets = seededSecrets();
  corpus = hostileStrings(sentinel);
  payloads = inputPayloads(sentinel);
  kubeconfig = path.join(root, 'kube', 'config');
  writeSecretKubeconfig(kubeconfig, {
    token: secrets.plain.value,
    keyData: Buffer.from(secrets['multi-line'].value).toString('base64'),
  });
  ws = await writeScratchWorkspace(path.join(root, 'ws'), {
    trackingUri: bed.mlflow.uri,
    sentinelDir: sentinel,
    corpus,
  });
  github = await startGithubServer();
  const composite = (id: string) => payloads.find((p) => p.id === id)?.value as string;
  pullNumber = await seedPullRequest(github, {
    title: composite('composite-line'),
    body: composite('composite-lines'),
  });
  eventPath = path.join(root, 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify(
      pullRequestEvent({
        number: pullNumber,
        baseSha: ws.baseSha,
        headSha: ws.headSha,
        headRef: ws.hostileBranch,
        text: (field) => `${field}: ${composite('composite-lines')}`,
      }),
    ),
  );
  // Result files come from jobs that ran the pull request's code: every free field is hostile.
  reportResults = path.join(root, 'results-report');
  const reason = composite('composite-lines').slice(0, 2000);
  writeFileSync(
    path.join(reportResults, 'check--demo.json'),
    JSON.stringify({
      version: 1,
      stage: 'check',
      project: 'demo',
      status: 'failed',
      reason,
      sha: ws.headSha,
      runUrl: `javascript:${MARKER}`,
      lint: 1,
      tests: { passed: 0, failed: 1, skipped: 0 },
    }),
  );
  writeFileSync(
    path.join(reportResults, 'smoke-train--demo.json'),
    JSON.stringify({
      version: 1,
      stage: 'smoke-train',
      project: 'demo',
      status: 'passed',
      reason,
      sha: ws.headSha,
      run: { id: reason.slice(0, 200), url: reason },
      metrics: Object.fromEntries(
        corpus.filter((s) => s.value.length <= 250).map((s, i) => [s.value, i]),
      ),
      model: composite('composite-line').slice(0, 256),
      trackingUri: bed.mlflow.uri,
    }),
  );
}, 300_000);

afterAll(async () => {
  await github?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('positive controls: the detectors detect', () => {
  it('an unsafe shell command with a corpus string does create its sentinel', async () => {
    const control = mkdtempSync(path.join(root, 'control-'));
    const strings = hostileStrings(control);
    const unsafe = strings.filter((s) =>
      ['dollar-paren', 'backtick', 'semicolon', 'ifs', 'newline'].includes(s.id),
    );
    // Deliberately unsafe: the value spliced into a shell script, as the actions must never do.
    for (const s of unsafe)
      await promisify(execFile)('sh', ['-c', `echo ${s.value}`]).catch(() => undefined);
    expect(readdirSync(control).sort()).toEqual(
      [
        'pwned-backtick',
        'pwned-dollar-paren',
        'pwned-ifs',
        'pwned-newline',
        'pwned-semicolon',
      ].sort(),
    );
    // And git, given the option payload where a revision belongs, writes a file.
    const option = strings.find((s) => s.id === 'git-option-output') as HostileString;
    await promisify(execFile)('git', ['diff', '--no-color', `${option.value}...HEAD`], {
      cwd: ws.root,
    });
    expect(readdirSync(control)).toContain('pwned-git-output...HEAD');
  });

  it('the leak scanner finds each secret shape, encoded or a line alone', () => {
    const all = Object.values(secrets);
    const line = secrets['multi-line'].value.split('\n')[2] as string;
    const planted = {
      plain: `token=${secrets.plain.value}`,
      base64: `Authorization: Basic ${Buffer.from(secrets.plain.value).toString('base64')}`,
      json: `{"credentials":${JSON.stringify(secrets.json.value)}}`,
      pem: `key line: ${line}`,
      masked: `::add-mask::${secrets.plain.value}`,
    };
    const leaks = findLeaks(planted, all);
    expect(leaks.map((l: Leak) => `${l.where}:${l.shape}`).sort()).toEqual(
      ['base64:plain', 'json:json', 'pem:multi-line', 'plain:plain'].sort(),
    );
  });

  it('the command scanner finds injected commands and ignores escaped or stopped ones', () => {
    const injected = ['::group::build', `x`, ...INJECTED_COMMANDS].join('\n');
    const found = injectedCommands(injected).map((c) => c.command);
    expect(found).toEqual(
      expect.arrayContaining([
        'set-output',
        'save-state',
        'set-env',
        'add-path',
        'add-mask',
        'error',
      ]),
    );
    expect(injectedCommands('::group::build\n::endgroup::\n::debug::x')).toEqual([]);
    const safe = [
      `::error::check: found "x%0A::set-output name=status::${MARKER}"`,
      '::stop-commands::0d1f9a7e',
      `::set-output name=status::${MARKER}`,
      '::0d1f9a7e::',
      `::add-mask::x%0A::set-output name=status::${MARKER}`,
    ].join('\n');
    expect(injectedCommands(safe)).toEqual([]);
  });

  it('the composite check finds every route the corpus does not run', () => {
    const bundled = new Map([['check', new Set(['workspace', 'projects'])]]);
    const { problems, routes } = compositeRoutes(
      {
        name: 'bad',
        inputs: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'unused' }],
        outputs: {},
        steps: [
          { run: 'echo ${{ inputs.a }}' },
          { run: 'echo "$B"', env: { B: '${{ inputs.b }}' } },
          {
            uses: 'mlenv/check@v1',
            with: { projects: 'x ${{ inputs.c }}', venv: '${{ inputs.a }}' },
          },
          { uses: 'someone/else@v1', with: { workspace: '${{ inputs.c }}' } },
        ],
      },
      bundled,
    );
    expect(problems).toEqual([
      'bad step 0: an expression in its script',
      'bad step 1: env B reads an input into a shell step',
      'bad step 2: projects mixes an input into x ${{ inputs.c }}',
      'bad step 2: hands inputs.a to venv, which mlenv/check@v1 does not declare',
      'bad step 3: uses someone/else@v1, not a bundled action of this repository',
      'bad step 3: hands inputs.c to workspace, which someone/else@v1 does not declare',
      'bad: input b reaches no action',
      'bad: input unused reaches no action',
    ]);
    expect(routes).toEqual(['bad/a -> check/venv', 'bad/c -> /workspace']);
  });

  it('the output parser sees an injected output line', () => {
    const text = `status<<ghadelimiter_1\nok\nghadelimiter_1\nstatus=${MARKER}\n`;
    expect(parseFileCommands(text).entries).toEqual([
      ['status', 'ok'],
      ['status', MARKER],
    ]);
  });
});

describe('hostile values in every input of every action', () => {
  it('names base inputs for every input of every action', () => {
    const bases = baseInputs();
    const missing: string[] = [];
    for (const def of actions) {
      const configs = bases[def.name];
      if (!configs) {
        missing.push(`${def.name} (the whole action)`);
        continue;
      }
      for (const input of def.inputs) {
        const covered = configs.some(
          (c) => input.name in c.inputs && (!c.covers || c.covers.includes(input.name)),
        );
        if (!covered) missing.push(`${def.name}: ${input.name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(actions.length).toBeGreaterThanOrEqual(9);
  });

  it('runs each payload through each input', async () => {
    const bases = baseInputs();
    const jobs: {
      def: ActionDefinition;
      input: string;
      base: Record<string, string>;
      payload: HostileString;
    }[] = [];
    for (const def of actions)
      for (const input of def.inputs)
        for (const config of bases[def.name] ?? [])
          if (!config.covers || config.covers.includes(input.name))
            for (const payload of payloadsFor(def.name))
              jobs.push({ def, input: input.name, base: config.inputs, payload });
    const run = async ({ def, input, base, payload }: (typeof jobs)[number]) => {
      await step(`${def.name} ${input}=<${payload.id}>`, def, { ...base, [input]: payload.value }, [
        payload.value,
      ]);
      exercised.add(`${def.name}/${input}`);
    };
    // A bad server address costs a client's whole retry budget (15-30 s) of mostly sleeping: those
    // runs wait side by side, apart from the pool that is bound by the two cores.
    const waits = (input: string) => /-(uri|url)$/.test(input);
    await Promise.all([
      pool(
        jobs.filter((j) => waits(j.input)),
        WAITING_CONCURRENCY,
        run,
      ),
      pool(
        jobs.filter((j) => !waits(j.input)),
        CONCURRENCY,
        run,
      ),
    ]);
    const expected = actions.flatMap((a) => a.inputs.map((i) => `${a.name}/${i.name}`));
    expect([...exercised].sort()).toEqual(expected.sort());
  }, 900_000);

  it('runs each secret shape through each token input', async () => {
    const jobs = actions.flatMap((def) =>
      def.inputs
        .filter((i) => i.name.endsWith('token'))
        .flatMap((i) =>
          Object.values(secrets).flatMap((secret) =>
            (baseInputs()[def.name] ?? [])
              .filter((c) => !c.covers || c.covers.includes(i.name))
              .map((c) => ({ def, input: i.name, base: c.inputs, secret })),
          ),
        ),
    );
    expect(jobs.length).toBeGreaterThanOrEqual(7 * 4);
    await pool(jobs, CONCURRENCY, ({ def, input, base, secret }) =>
      step(
        `${def.name} ${input}=<secret ${secret.shape}>`,
        def,
        { ...base, [input]: secret.value },
        [],
      ),
    );
  }, 600_000);
});

// A composite action (ci, gpu-ci) has no bundle to run: it only hands its inputs on to the
// bundled actions it uses. Each of its inputs is covered when it goes, whole, to an input of one
// of those, which the tests above run every payload through (the coverage test requires them all).
describe('hostile values in the inputs of composite actions', () => {
  it('each input goes whole to inputs of bundled actions, and nowhere else', () => {
    const bundled = new Map(actions.map((a) => [a.name, new Set(a.inputs.map((i) => i.name))]));
    expect(composites.map((c) => c.name)).toEqual(expect.arrayContaining(['ci', 'gpu-ci']));
    const problems = composites.flatMap((def) => compositeRoutes(def, bundled).problems);
    expect(problems).toEqual([]);
    const routes = composites.flatMap((def) => compositeRoutes(def, bundled).routes);
    // Not vacuous: the token reaches the action that masks it.
    expect(routes).toEqual(
      expect.arrayContaining([
        'gpu-ci/github-token -> gpu-test/github-token',
        'ci/project -> check/projects',
      ]),
    );
  });
});

describe('realistic paths', () => {
  it('affected: hostile refs from the event and a hostile branch in a real repository', async () => {
    const def = action('affected');
    const option = corpus.find((s) => s.id === 'git-option-output') as HostileString;
    const hostileShas = path.join(root, 'event-hostile-shas.json');
    writeFileSync(
      hostileShas,
      JSON.stringify(
        pullRequestEvent({
          number: pullNumber,
          baseSha: option.value,
          headSha: corpus.find((s) => s.id === 'dollar-paren')?.value as string,
          headRef: ws.hostileBranch,
          text: () => option.value,
        }),
      ),
    );
    const fromEvent = await step('affected <refs from a hostile event>', def, {}, [option.value], {
      event: hostileShas,
    });
    expect(fromEvent.code).toBe(1);
    // Refs that are branch names with shell in them, and commits whose messages are hostile.
    const branch = await step(
      'affected base=main head=<hostile branch>',
      def,
      { base: 'main', head: ws.hostileBranch },
      [ws.hostileBranch],
    );
    if (branch.code !== 0) throw new Error(describeRun(recorded.at(-1) as Recorded));
    const outputs = Object.fromEntries(branch.output.entries);
    expect(JSON.parse(outputs.projects ?? '')).toEqual(['demo']);
    expect(outputs.any).toBe('true');
  });

  it('train: hostile params reach a real trainer and MLflow', async () => {
    const def = action('train');
    const single = corpus.filter((s) => s.singleLine && s.id !== 'long');
    const params = single.map((s, i) => `p${i}=${s.value}`).join('\n');
    const run = await step(
      'train params=<every single-line string> (real run)',
      def,
      { ...(baseInputs().train?.[0]?.inputs ?? {}), params, 'dry-run': 'false' },
      single.map((s) => s.value),
    );
    if (run.code !== 0) throw new Error(describeRun(recorded.at(-1) as Recorded));
    const outputs = Object.fromEntries(run.output.entries);
    expect(outputs.status).toBe('succeeded');
    // The trainer did print the values, each at the start of a line.
    expect(run.stdout).toContain(single.find((s) => s.id === 'workflow-command-inline')?.value);
    // The post step, with state naming objects whose names are hostile, on the test bed cluster.
    const hostile = corpus.find((s) => s.id === 'composite-line')?.value ?? payloads[0]?.value;
    const post = await step(
      'train post <hostile submitted objects>',
      def,
      {},
      [hostile as string],
      {
        bundle: def.post,
        state: {
          submitted: JSON.stringify([
            {
              apiVersion: 'batch/v1',
              kind: 'Job',
              namespace: bed.kubernetes.namespace,
              name: hostile,
            },
            { apiVersion: 'v1', kind: 'Secret', namespace: hostile, name: 'x' },
          ]),
          finished: '',
          'on-cancel': 'delete',
          kubeconfig: bed.kubernetes.ciKubeconfig,
        },
      },
    );
    expect([0, 1]).toContain(post.code);
  });

  it('pr-report: the sticky comment on a pull request with a hostile title', async () => {
    const def = action('pr-report');
    const report = baseInputs()['pr-report']?.[1]?.inputs ?? {};
    const run = await step('pr-report report (real comment)', def, report, [
      payloads[0]?.value as string,
    ]);
    if (run.code !== 0) throw new Error(describeRun(recorded.at(-1) as Recorded));
    // The comment the step names is on the pull request, marked, and shows the hostile reason as
    // text. (The corpus runs before it report concurrently, which a workflow's concurrency group
    // prevents, so the number of comments is not asserted here.)
    const id = Number(Object.fromEntries(run.output.entries)['comment-id']);
    const comment = github.state.getRepo('acme', 'ml')?.comments.find((c) => c.id === id);
    expect(comment?.issueNumber).toBe(pullNumber);
    expect(comment?.body).toContain('<!-- mlenv:pr-report -->');
    expect(comment?.body).toContain(MARKER);
  });

  it('gpu-test: a fork pull request read from the API, hostile title and branch', async () => {
    const def = action('gpu-test');
    const run = await step(
      'gpu-test fork pull request',
      def,
      baseInputs()['gpu-test']?.[0]?.inputs ?? {},
      [],
    );
    const pulls = github.requests.filter((r) => r.operationId === 'pulls/get');
    expect(pulls.length).toBeGreaterThan(0);
    expect([0, 1]).toContain(run.code);
    expect(Object.fromEntries(run.output.entries).status).toBe('refused');
  });
});

describe('after every run', () => {
  it('no sentinel file appeared', () => {
    const found = readdirSync(sentinel, { recursive: true, withFileTypes: true })
      .filter((e) => !e.isDirectory())
      .map((e) => path.relative(sentinel, path.join(e.parentPath, e.name)));
    // The file's folder names the action, its name the payload; the label lists the candidates.
    const routes = found.map((file) => {
      const culprits = recorded
        .filter((r) => r.carried.some((c) => c.includes(file.replace(/\.\.\..*$/, ''))))
        .map((r) => r.label);
      return `${file} <- ${culprits.slice(0, 5).join(' | ')}`;
    });
    expect(routes).toEqual([]);
  });

  it('every step succeeded or failed cleanly', () => {
    expect(recorded.length).toBeGreaterThan(300);
    const bad = recorded
      .filter((r) => r.run.signal !== null || (r.run.code !== 0 && r.run.code !== 1))
      .map(describeRun);
    expect(bad).toEqual([]);
    const silent = recorded
      .filter((r) => r.run.code === 1 && !/^::error::/m.test(r.run.stdout))
      .map(describeRun);
    expect(silent).toEqual([]);
  });

  it('no workflow command was injected into any log', () => {
    const injected = recorded.flatMap((r) =>
      [...injectedCommands(r.run.stdout), ...injectedCommands(r.run.stderr)].map(
        (c) => `${r.label}: line ${c.line}: ${c.text}`,
      ),
    );
    expect(injected.slice(0, 20)).toEqual([]);
  });

  it('no output, env, path or state line was injected', () => {
    const problems: string[] = [];
    for (const r of recorded) {
      const outputs = r.run.output.entries.map(([k]) => k);
      const unknown = outputs.filter((k) => !r.action.outputs.includes(k));
      const twice = outputs.filter((k, i) => outputs.indexOf(k) !== i);
      if (unknown.length || twice.length || r.run.output.malformed.length)
        problems.push(
          `${r.label}: outputs ${JSON.stringify({ unknown, twice, malformed: r.run.output.malformed })}`,
        );
      const envKeys = r.run.env.entries.map(([k]) => k);
      if (envKeys.some((k) => k !== 'MLENV_VENV') || r.run.env.malformed.length)
        problems.push(`${r.label}: GITHUB_ENV ${JSON.stringify(r.run.env)}`);
      if (
        r.run.path.includes(MARKER) ||
        r.run.path.split('\n').some((l) => l && !l.startsWith('/'))
      )
        problems.push(`${r.label}: GITHUB_PATH ${JSON.stringify(r.run.path.slice(0, 200))}`);
      const stateKeys = r.run.state.entries.map(([k]) => k);
      if (stateKeys.some((k) => !TRAIN_STATE_KEYS.includes(k)) || r.run.state.malformed.length)
        problems.push(`${r.label}: GITHUB_STATE ${JSON.stringify(stateKeys)}`);
      for (const [key, value] of r.run.output.entries)
        if (value.startsWith(MARKER)) problems.push(`${r.label}: output ${key}=${value}`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('no seeded secret shows in any log, summary, output, annotation or GitHub request', () => {
    const all = Object.values(secrets);
    const leaks = recorded.flatMap((r) =>
      findLeaks(r.run.places, all).map(
        (l) => `${r.label}: ${l.where} (${l.shape}): …${l.excerpt}…`,
      ),
    );
    leaks.push(
      ...findLeaks(githubPlaces(), all).map((l) => `${l.where} (${l.shape}): …${l.excerpt}…`),
    );
    expect(leaks.slice(0, 20)).toEqual([]);
    // Not vacuous: the GitHub server did receive bodies, and the runs did mask the tokens.
    expect(Object.keys(githubPlaces()).length).toBeGreaterThan(0);
    expect(recorded.some((r) => r.run.stdout.includes(`::add-mask::${secrets.base64.value}`))).toBe(
      true,
    );
  });

  it('the GitHub server saw only requests its API description allows', () => {
    const violations = github.violations().filter((v) => v.kind !== 'auth');
    expect(violations.slice(0, 10)).toEqual([]);
  });
});
