// Writes .github/workflows/<name> from workflows/<name>: GitHub calls a reusable workflow only from
// a repository's .github/workflows/, while workflows/ stays the one place they are edited. With
// --check, writes nothing and fails when a generated file is stale, missing or has no source.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');

export const SOURCE_DIR = 'workflows';
export const TARGET_DIR = '.github/workflows';

export interface WorkflowPlan {
  /** Generated file name → the text it must hold. */
  expected: Map<string, string>;
  stale: string[];
  missing: string[];
  /** Generated files whose source is gone; hand-written workflows beside them are not counted. */
  extra: string[];
}

// Recognises a generated file whatever its source, to tell it from a hand-written workflow.
const GENERATED = /^# Generated from workflows\/\S+ by scripts\/workflows\.ts; edit that file\.\n/;

export function generatedHeader(name: string): string {
  return `# Generated from ${SOURCE_DIR}/${name} by scripts/workflows.ts; edit that file.`;
}

export function renderWorkflow(name: string, source: string): string {
  return `${generatedHeader(name)}\n${source}`;
}

function isWorkflowFile(name: string): boolean {
  return name.endsWith('.yml') || name.endsWith('.yaml');
}

async function listWorkflows(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && isWorkflowFile(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** Compares what the sources produce with what the target folder holds. */
export async function planWorkflows(options: {
  sourceDir: string;
  targetDir: string;
}): Promise<WorkflowPlan> {
  const expected = new Map<string, string>();
  for (const name of await listWorkflows(options.sourceDir)) {
    expected.set(
      name,
      renderWorkflow(name, await readFile(path.join(options.sourceDir, name), 'utf8')),
    );
  }
  const plan: WorkflowPlan = { expected, stale: [], missing: [], extra: [] };
  for (const [name, text] of expected) {
    const current = await readFile(path.join(options.targetDir, name), 'utf8').catch(
      () => undefined,
    );
    if (current === undefined) plan.missing.push(name);
    else if (current !== text) plan.stale.push(name);
  }
  for (const name of await listWorkflows(options.targetDir)) {
    if (expected.has(name)) continue;
    const text = await readFile(path.join(options.targetDir, name), 'utf8');
    if (GENERATED.test(text)) plan.extra.push(name);
  }
  return plan;
}

/** Brings the target folder up to date: writes stale and missing files, removes extra ones. */
export async function writeWorkflows(options: {
  sourceDir: string;
  targetDir: string;
}): Promise<WorkflowPlan> {
  const plan = await planWorkflows(options);
  await mkdir(options.targetDir, { recursive: true });
  for (const name of [...plan.missing, ...plan.stale]) {
    await writeFile(path.join(options.targetDir, name), plan.expected.get(name) ?? '');
  }
  for (const name of plan.extra) await rm(path.join(options.targetDir, name));
  return plan;
}

/** One line per file that is out of date, naming what to run. */
export function describeProblems(plan: WorkflowPlan): string[] {
  const fix = 'run npm run workflows';
  return [
    ...plan.stale.map((name) => `${TARGET_DIR}/${name} is stale: ${fix}`),
    ...plan.missing.map((name) => `${TARGET_DIR}/${name} is missing: ${fix}`),
    ...plan.extra.map(
      (name) => `${TARGET_DIR}/${name} has no source ${SOURCE_DIR}/${name}: ${fix}`,
    ),
  ];
}

export async function main(argv: string[]): Promise<number> {
  const options = {
    sourceDir: path.join(root, SOURCE_DIR),
    targetDir: path.join(root, TARGET_DIR),
  };
  if (argv.includes('--check')) {
    const problems = describeProblems(await planWorkflows(options));
    for (const line of problems) process.stderr.write(`${line}\n`);
    return problems.length > 0 ? 1 : 0;
  }
  const plan = await writeWorkflows(options);
  for (const name of [...plan.missing, ...plan.stale]) {
    process.stdout.write(`wrote ${TARGET_DIR}/${name}\n`);
  }
  for (const name of plan.extra) process.stdout.write(`removed ${TARGET_DIR}/${name}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
