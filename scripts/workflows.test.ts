import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  describeProblems,
  planWorkflows,
  renderWorkflow,
  SOURCE_DIR,
  TARGET_DIR,
  writeWorkflows,
} from './workflows.js';

const root = path.resolve(import.meta.dirname, '..');

describe('scripts/workflows.ts', () => {
  let dir: string;
  let sourceDir: string;
  let targetDir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mlenv-workflows-'));
    sourceDir = path.join(dir, 'workflows');
    targetDir = path.join(dir, '.github/workflows');
    await mkdir(sourceDir, { recursive: true });
    await writeFile(path.join(sourceDir, 'a.yml'), 'name: a\n');
    await writeFile(path.join(sourceDir, 'b.yml'), 'name: b\n');
    await writeFile(path.join(sourceDir, 'README.md'), '# not a workflow\n');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each workflow under its own name with the generated header first', async () => {
    const plan = await writeWorkflows({ sourceDir, targetDir });
    expect(plan.missing).toEqual(['a.yml', 'b.yml']);
    expect(readdirSync(targetDir).sort()).toEqual(['a.yml', 'b.yml']);
    expect(await readFile(path.join(targetDir, 'a.yml'), 'utf8')).toBe(
      '# Generated from workflows/a.yml by scripts/workflows.ts; edit that file.\nname: a\n',
    );
    const again = await planWorkflows({ sourceDir, targetDir });
    expect(describeProblems(again)).toEqual([]);
  });

  it('names stale, missing and extra files, and leaves hand-written workflows alone', async () => {
    await writeWorkflows({ sourceDir, targetDir });
    await writeFile(path.join(sourceDir, 'a.yml'), 'name: a2\n');
    await writeFile(path.join(sourceDir, 'c.yml'), 'name: c\n');
    await writeFile(path.join(targetDir, 'old.yml'), renderWorkflow('old.yml', 'name: old\n'));
    await writeFile(path.join(targetDir, 'own-ci.yml'), 'name: hand-written\n');

    const plan = await planWorkflows({ sourceDir, targetDir });
    expect(describeProblems(plan)).toEqual([
      '.github/workflows/a.yml is stale: run npm run workflows',
      '.github/workflows/c.yml is missing: run npm run workflows',
      '.github/workflows/old.yml has no source workflows/old.yml: run npm run workflows',
    ]);

    await writeWorkflows({ sourceDir, targetDir });
    expect(readdirSync(targetDir).sort()).toEqual(['a.yml', 'b.yml', 'c.yml', 'own-ci.yml']);
    expect(await readFile(path.join(targetDir, 'a.yml'), 'utf8')).toContain('name: a2\n');
    expect(describeProblems(await planWorkflows({ sourceDir, targetDir }))).toEqual([]);
  });

  it('finds a missing target folder missing, not broken', async () => {
    const plan = await planWorkflows({ sourceDir, targetDir: path.join(dir, 'nowhere') });
    expect(plan.missing).toEqual(['a.yml', 'b.yml']);
  });

  it('has written the committed .github/workflows/ from workflows/ (npm run workflows)', async () => {
    const plan = await planWorkflows({
      sourceDir: path.join(root, SOURCE_DIR),
      targetDir: path.join(root, TARGET_DIR),
    });
    expect(plan.expected.size).toBeGreaterThanOrEqual(3);
    expect(describeProblems(plan)).toEqual([]);
  });
});

// What actionlint and zizmor cannot know: our actions' real inputs, and the rules MLEnv sets
// for its own workflows.

type Yaml = Record<string, unknown>;
interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Yaml;
  env?: Yaml;
  if?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  'runs-on'?: unknown;
  'timeout-minutes'?: unknown;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  env?: Yaml;
  steps?: Step[];
  uses?: string;
  with?: Yaml;
  secrets?: Yaml | string;
}
interface Workflow {
  on: Yaml;
  permissions?: unknown;
  jobs: Record<string, Job>;
}
interface CallSpec {
  inputs?: Record<string, { type: string; default?: unknown; required?: boolean }>;
  secrets?: Record<string, { required?: boolean }>;
}

const sources = readdirSync(path.join(root, SOURCE_DIR))
  .filter((name) => name.endsWith('.yml'))
  .sort();

function readYaml<T>(file: string): T {
  return parse(readFileSync(path.join(root, file), 'utf8')) as T;
}

function callSpec(workflow: Workflow): CallSpec {
  return (workflow.on.workflow_call ?? {}) as CallSpec;
}

function actionInputs(name: string): string[] {
  const file = `actions/${name}/action.yml`;
  expect(existsSync(path.join(root, file))).toBe(true);
  return Object.keys(readYaml<{ inputs?: Yaml }>(file).inputs ?? {});
}

/** A GitHub expression as written in YAML. */
function expr(inner: string): string {
  return `\${{ ${inner} }}`;
}

/** Every `${{ ... }}` in a text, with what it refers to. */
function expressions(text: string): string[] {
  return [...text.matchAll(/\$\{\{(.*?)\}\}/gs)].map((match) => match[1]?.trim() ?? '');
}

describe.each(sources)('workflows/%s', (name) => {
  const text = readFileSync(path.join(root, SOURCE_DIR, name), 'utf8');
  const workflow = parse(text) as Workflow;
  const spec = callSpec(workflow);
  const jobs = Object.entries(workflow.jobs);

  it('is a reusable workflow with typed inputs and declared secrets only', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_call']);
    for (const [input, definition] of Object.entries(spec.inputs ?? {})) {
      expect([input, ['string', 'number', 'boolean']]).toEqual([
        input,
        expect.arrayContaining([definition.type]),
      ]);
    }
    const declaredInputs = new Set(Object.keys(spec.inputs ?? {}));
    const declaredSecrets = new Set(Object.keys(spec.secrets ?? {}));
    for (const expression of expressions(text)) {
      for (const [, used] of expression.matchAll(/\binputs\.([\w-]+)/g)) {
        expect([expression, declaredInputs.has(used ?? '')]).toEqual([expression, true]);
      }
      for (const [, used] of expression.matchAll(/\bsecrets\.([\w-]+)/g)) {
        expect([expression, declaredSecrets.has(used ?? '')]).toEqual([expression, true]);
      }
    }
    expect(text).not.toMatch(/secrets:\s*inherit/);
  });

  it('grants nothing by default and least privilege per job, each with a time limit', () => {
    expect(workflow.permissions).toEqual({});
    for (const [id, job] of jobs) {
      expect([id, typeof job.permissions]).toEqual([id, 'object']);
      expect([id, job['timeout-minutes']]).toEqual([id, expect.anything()]);
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        // Writing is kept to what the job exists for.
        if (level === 'write') {
          expect([id, scope]).toEqual([
            id,
            expect.stringMatching(/^(deployments|contents|pull-requests|packages)$/),
          ]);
        }
        if (scope === 'contents' && level === 'write') expect(id).toBe('upgrade');
        // Only the runtime image job pushes packages (to ghcr.io, with the job's token).
        if (scope === 'packages' && level === 'write') expect(id).toBe('image');
      }
    }
  });

  it('puts no expression into a shell script and secrets only on the steps that use them', () => {
    for (const [id, job] of jobs) {
      expect([id, JSON.stringify(job.env ?? {})]).not.toEqual([
        id,
        expect.stringContaining('secrets.'),
      ]);
      for (const step of job.steps ?? []) {
        if (step.run !== undefined)
          expect([id, step.run]).toEqual([id, expect.not.stringContaining('${{')]);
      }
    }
  });

  it('uses our published actions with inputs they declare, and pins the others by SHA', () => {
    for (const [id, job] of jobs) {
      for (const step of job.steps ?? []) {
        if (!step.uses) continue;
        const ours = /^mlenv\/([a-z-]+)@v1$/.exec(step.uses);
        if (ours) {
          const inputs = actionInputs(ours[1] ?? '');
          for (const key of Object.keys(step.with ?? {})) {
            expect([id, step.uses, key, inputs.includes(key)]).toEqual([id, step.uses, key, true]);
          }
          continue;
        }
        expect([id, step.uses]).toEqual([
          id,
          expect.stringMatching(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/),
        ]);
        // The version the SHA stands for, as a comment on the same line.
        const line = text.split('\n').find((l) => l.includes(step.uses ?? ''));
        expect(line).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+)*$/);
        if (step.uses.startsWith('actions/checkout@')) {
          expect([id, step.with?.['persist-credentials']]).toEqual([id, false]);
        }
      }
    }
  });
});

describe('the reusable workflows as the brief describes them', () => {
  const pr = readYaml<Workflow>(`${SOURCE_DIR}/mlenv-pr.yml`);
  const main = readYaml<Workflow>(`${SOURCE_DIR}/mlenv-main.yml`);
  const upgrade = readYaml<Workflow>(`${SOURCE_DIR}/mlenv-upgrade.yml`);

  function uses(job: Job | undefined): string[] {
    return (job?.steps ?? []).map((step) => step.uses ?? 'run').map((u) => u.split('@')[0] ?? u);
  }

  function compositeUses(name: string): string[] {
    return uses({ steps: readYaml<CompositeAction>(`actions/${name}/action.yml`).runs.steps });
  }

  // Every leg ends by recording its result and uploading it for the report job.
  const recorded = ['mlenv/pr-report', 'actions/upload-artifact'];

  it('mlenv-pr: affected, then check, gpu-test and smoke-train per affected project', () => {
    const { affected, check, 'gpu-test': gpu, 'smoke-train': smoke } = pr.jobs;
    expect(uses(affected)).toEqual(['actions/checkout', 'mlenv/affected']);
    // check is mlenv/ci (setup, check) and gpu-test is mlenv/gpu-ci (setup, doctor, gpu-test).
    expect(uses(check)).toEqual(['actions/checkout', 'mlenv/ci', ...recorded]);
    expect(uses(gpu)).toEqual(['actions/checkout', 'mlenv/gpu-ci', ...recorded]);
    expect(compositeUses('ci')).toEqual(['mlenv/setup', 'mlenv/check']);
    expect(compositeUses('gpu-ci')).toEqual(['mlenv/setup', 'mlenv/doctor', 'mlenv/gpu-test']);
    expect(uses(smoke)).toEqual(['actions/checkout', 'mlenv/setup', 'mlenv/train', ...recorded]);
    for (const job of [check, gpu, smoke]) {
      expect(JSON.stringify(job)).toContain('fromJSON(needs.affected.outputs.matrix)');
    }
    expect(check?.['runs-on']).toBe('ubuntu-latest');
    expect(smoke?.['runs-on']).toBe('ubuntu-latest');
    expect(gpu?.['runs-on']).toBe(expr('fromJSON(inputs.gpu-runner-labels)'));
    expect(JSON.parse(String(callSpec(pr).inputs?.['gpu-runner-labels']?.default))).toEqual([
      'self-hosted',
      'gpu',
    ]);
    expect(gpu?.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(gpu?.if).toContain(
      'contains(github.event.pull_request.labels.*.name, inputs.approval-label)',
    );
    expect(gpu?.permissions).toEqual({ contents: 'read', 'pull-requests': 'read' });
    const train = smoke?.steps?.find((step) => step.uses?.startsWith('mlenv/train@'));
    expect(train?.with).toMatchObject({
      register: 'false',
      params: expr('inputs.smoke-train-params'),
    });
    // A library project (no train section) is checked, not trained; its leg says so.
    expect(train?.if).toBe('matrix.trains');
    const gpuTest = gpu?.steps?.find((step) => step.uses?.startsWith('mlenv/gpu-ci@'));
    expect(gpuTest?.with?.['require-gpu']).toBe(expr('inputs.require-gpu'));
    expect(callSpec(pr).inputs?.['require-gpu']).toMatchObject({ type: 'boolean', default: true });
  });

  it('mlenv-pr: each leg records its result whatever happened, and uploads it', () => {
    const legs = { check: 'check', 'gpu-test': 'gpu-test', 'smoke-train': 'train' } as const;
    for (const [stage, stepId] of Object.entries(legs)) {
      const steps = pr.jobs[stage]?.steps ?? [];
      const leg = steps.findIndex((step) => step.id === stepId);
      expect([stage, leg]).toEqual([stage, steps.length - 3]);
      const [record, upload] = steps.slice(-2);
      expect([stage, record?.if, upload?.if]).toEqual([stage, 'always()', 'always()']);
      expect(record?.uses).toBe('mlenv/pr-report@v1');
      expect(record?.with).toMatchObject({
        record: stage,
        project: expr('matrix.project'),
        outcome: expr(`steps.${stepId}.outcome`),
        outputs: expr(`toJSON(steps.${stepId}.outputs)`),
        'job-status': expr('job.status'),
      });
      // The upload takes the folder the record step wrote, under a name the report downloads.
      const folder = String(record?.with?.results);
      expect(String(upload?.with?.path).replace(/\/$/, '')).toBe(folder);
      expect(upload?.with?.name).toBe(`mlenv-pr-result-${stage}-${expr('matrix.project')}`);
      expect(upload?.with?.overwrite).toBe(true);
    }
    const smokeRecord = pr.jobs['smoke-train']?.steps?.at(-2);
    expect(smokeRecord?.with).toMatchObject({
      workspace: expr('inputs.workspace'),
      'tracking-uri': expr('inputs.tracking-uri'),
    });
  });

  it('mlenv-pr: one report job after every leg, for pull requests, commenting only', () => {
    const report = pr.jobs.report ?? {};
    expect(report.needs).toEqual(['affected', 'check', 'gpu-test', 'smoke-train']);
    expect(report.if).toMatch(/^always\(\) && /);
    expect(report.if).toContain("github.event_name == 'pull_request'");
    expect(report.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(report['runs-on']).toBe('ubuntu-latest');
    // Reports of one pull request never race for its comment, and none is cancelled midway.
    expect(report.concurrency?.['cancel-in-progress']).toBe(false);
    expect(report.concurrency?.group).toContain(expr('github.event.pull_request.number'));
    expect(uses(report)).toEqual(['actions/download-artifact', 'mlenv/pr-report']);
    const [download, comment] = report.steps ?? [];
    expect(download?.with).toMatchObject({ pattern: 'mlenv-pr-result-*' });
    // Kept apart, so that a leg's job cannot pass a file off as another leg's result.
    expect(download?.with?.['merge-multiple']).toBeUndefined();
    expect(comment?.with).toMatchObject({
      results: download?.with?.path,
      needs: expr('toJSON(needs)'),
      'tracking-token': expr('secrets.tracking-token'),
    });
    expect(comment?.with?.record).toBeUndefined();
    // It runs no code of the pull request: nothing is checked out.
    expect(JSON.stringify(report)).not.toContain('actions/checkout');
  });

  it('mlenv-main: trains on Kubernetes, registers, and promotes one model at a time', () => {
    const { train, promote } = main.jobs;
    const step = train?.steps?.find((s) => s.uses?.startsWith('mlenv/train@'));
    expect(step?.with).toMatchObject({ backend: expr('inputs.backend'), register: 'true' });
    expect((main.on.workflow_call as CallSpec).inputs?.backend?.default).toBe('kubernetes');
    // A library project (no train section) trains nothing and promotes nothing.
    expect(step?.if).toBe('matrix.trains');
    expect(uses(promote)).toContain('mlenv/promote');
    for (const s of promote?.steps ?? [])
      if (s.uses?.startsWith('mlenv/')) expect(s.if).toBe('matrix.promotes');
    const write = train?.steps?.find((s) => s.id === 'kubeconfig');
    expect(write?.env).toEqual({ KUBECONFIG_TEXT: expr('secrets.kubeconfig') });
    expect(write?.run).toContain('"$RUNNER_TEMP/');
    expect(write?.run).not.toMatch(/echo[^\n]*KUBECONFIG_TEXT/);
    expect(step?.with?.kubeconfig).toBe(expr('steps.kubeconfig.outputs.path'));
    expect(promote?.concurrency).toEqual({
      group: `mlenv-promote-${expr('github.repository')}-${expr('matrix.project')}`,
      'cancel-in-progress': false,
    });
    expect(promote?.permissions).toEqual({ contents: 'read', deployments: 'write' });
    // The history tells a model from an older merge, which must not replace a newer champion.
    expect(promote?.steps?.[0]?.with?.['fetch-depth']).toBe(0);
    expect(uses(promote)).toContain('mlenv/promote');
  });

  it('mlenv-main: builds the runtime image once per lock before training on Kubernetes', () => {
    const { image, train } = main.jobs;
    expect(uses(image)).toEqual(['actions/checkout', 'mlenv/images-build']);
    expect(image?.needs).toBe('affected');
    expect(image?.if).toContain("inputs.backend == 'kubernetes'");
    expect(image?.if).toContain('inputs.build-image');
    expect(image?.permissions).toEqual({ contents: 'read', packages: 'write' });
    // One build for every project (they share the lock): no matrix.
    expect(JSON.stringify(image)).not.toContain('matrix');
    const build = image?.steps?.find((s) => s.uses?.startsWith('mlenv/images-build@'));
    expect(build?.with).toMatchObject({
      workspace: expr('inputs.workspace'),
      'registry-password': expr('secrets.registry-password'),
    });
    // Training waits for the image, and still runs where none is built (local, build-image false).
    expect(train?.needs).toEqual(['affected', 'image']);
    expect(train?.if).toContain("needs.image.result != 'failure'");
    expect(train?.if).toContain('!cancelled()');
  });

  it('mlenv-upgrade: runs the upgrade action, which pushes through the API', () => {
    expect(uses(upgrade.jobs.upgrade)).toEqual(['actions/checkout', 'mlenv/upgrade']);
    expect(upgrade.jobs.upgrade?.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
    });
  });
});

interface ActionMetadata {
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  outputs?: Record<string, { description?: string; value?: string }>;
  runs: { using: string; steps?: Step[] };
}
type CompositeAction = ActionMetadata & { runs: { steps: Step[] } };

function actionMetadata(name: string): ActionMetadata {
  return readYaml<ActionMetadata>(`actions/${name}/action.yml`);
}

const composites = readdirSync(path.join(root, 'actions'))
  .filter((name) => existsSync(path.join(root, 'actions', name, 'action.yml')))
  .filter((name) => actionMetadata(name).runs.using === 'composite')
  .sort();

// A composite action is published like the others (mlenv/<name>@v1) and chains them; what it may
// do is narrower than a workflow: hand its inputs on to our actions, and pass their outputs up.
describe('composite actions', () => {
  it('include ci and gpu-ci', () => {
    expect(composites).toEqual(expect.arrayContaining(['ci', 'gpu-ci']));
  });

  describe.each(composites)('actions/%s', (name) => {
    const text = readFileSync(path.join(root, 'actions', name, 'action.yml'), 'utf8');
    const action = actionMetadata(name) as CompositeAction;
    const steps = action.runs.steps;
    const declared = action.inputs ?? {};

    it('uses only our actions, as mlenv/<name>@v1 (what a release pins), with inputs they declare', () => {
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        if (step.uses === undefined) continue;
        const ours = /^mlenv\/([a-z-]+)@v1$/.exec(step.uses);
        expect([step.id, step.uses, ours !== null]).toEqual([step.id, step.uses, true]);
        const inputs = actionInputs(ours?.[1] ?? '');
        for (const key of Object.keys(step.with ?? {}))
          expect([step.uses, key, inputs.includes(key)]).toEqual([step.uses, key, true]);
      }
    });

    it('puts no expression into a shell script', () => {
      for (const step of steps)
        if (step.run !== undefined)
          expect([step.id, step.run]).toEqual([step.id, expect.not.stringContaining('${{')]);
    });

    it('declares each input once, described, with the default of the inputs it is handed to', () => {
      const used = new Set<string>();
      for (const expression of expressions(text))
        for (const [, input] of expression.matchAll(/\binputs\.([\w-]+)/g)) used.add(input ?? '');
      // Every input is used, and everything used is declared.
      expect([...used].sort()).toEqual(Object.keys(declared).sort());
      for (const [input, spec] of Object.entries(declared)) {
        expect([input, typeof spec.description, spec.required]).toEqual([input, 'string', false]);
      }
      for (const step of steps) {
        const target = /^mlenv\/([a-z-]+)@v1$/.exec(step.uses ?? '')?.[1];
        if (!target) continue;
        const targetInputs = actionMetadata(target).inputs ?? {};
        for (const [key, value] of Object.entries(step.with ?? {})) {
          const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(String(value))?.[1];
          if (!input) continue;
          // A value handed on as it came: the same default as where it goes, so that leaving
          // the input out here means what leaving it out there means.
          expect([name, input, String(declared[input]?.default)]).toEqual([
            name,
            input,
            String(targetInputs[key]?.default),
          ]);
        }
      }
    });

    it("passes up outputs its steps' actions declare, each described", () => {
      const ids = new Map(steps.map((step) => [step.id, step.uses ?? '']));
      const outputs = Object.entries(action.outputs ?? {});
      expect(outputs.length).toBeGreaterThan(0);
      for (const [output, spec] of outputs) {
        expect([output, typeof spec.description]).toEqual([output, 'string']);
        const match = /^\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}$/.exec(spec.value ?? '');
        expect([output, match !== null]).toEqual([output, true]);
        const [, id, from] = match ?? [];
        const target = /^mlenv\/([a-z-]+)@v1$/.exec(ids.get(id) ?? '')?.[1] ?? '';
        expect([output, id, Object.keys(actionMetadata(target).outputs ?? {})]).toEqual([
          output,
          id,
          expect.arrayContaining([from]),
        ]);
      }
    });
  });

  it('ci and gpu-ci pass up what the pull request report reads of check and gpu-test', () => {
    const outputs = (name: string) => Object.keys(actionMetadata(name).outputs ?? {});
    expect(outputs('ci')).toEqual(expect.arrayContaining(outputs('check')));
    expect(outputs('gpu-ci')).toEqual(expect.arrayContaining(outputs('gpu-test')));
    expect(actionMetadata('gpu-ci').outputs?.gpus?.value).toBe(expr('steps.gpu-test.outputs.gpus'));
  });
});

describe('templates/workspace/.github/workflows/mlenv.yml', () => {
  const file = 'templates/workspace/.github/workflows/mlenv.yml';
  const caller = readYaml<Workflow>(file);
  const rank: Record<string, number> = { none: 0, read: 1, write: 2 };

  it('runs on pull requests (labeled too), pushes to main, a schedule and by hand', () => {
    expect(caller.on).toMatchObject({
      pull_request: { types: expect.arrayContaining(['labeled', 'synchronize', 'opened']) },
      push: { branches: ['main'] },
      schedule: [{ cron: expect.any(String) }],
    });
    expect(Object.keys(caller.on)).toContain('workflow_dispatch');
    expect(caller.permissions).toEqual({});
  });

  it.each(Object.entries(caller.jobs))(
    'job %s calls a published workflow with what it declares and the permissions its jobs need',
    (_id, job) => {
      const match = /^mlenv\/mlenv\/\.github\/workflows\/([\w-]+\.yml)@v1$/.exec(job.uses ?? '');
      expect(match).not.toBeNull();
      const name = match?.[1] ?? '';
      // Published from .github/workflows/, generated from workflows/.
      expect(existsSync(path.join(root, TARGET_DIR, name))).toBe(true);
      const called = readYaml<Workflow>(`${SOURCE_DIR}/${name}`);
      const spec = callSpec(called);
      for (const key of Object.keys(job.with ?? {})) {
        expect(Object.keys(spec.inputs ?? {})).toContain(key);
      }
      expect(typeof job.secrets).toBe('object');
      for (const key of Object.keys((job.secrets as Yaml) ?? {})) {
        expect(Object.keys(spec.secrets ?? {})).toContain(key);
      }
      // A called job gets at most what the caller grants: grant exactly the union of its jobs'.
      const needed: Record<string, string> = {};
      for (const calledJob of Object.values(called.jobs)) {
        for (const [scope, level] of Object.entries(calledJob.permissions ?? {})) {
          if ((rank[level] ?? 0) > (rank[needed[scope] ?? 'none'] ?? 0)) needed[scope] = level;
        }
      }
      expect(job.permissions).toEqual(needed);
    },
  );
});
