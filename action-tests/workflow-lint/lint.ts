// Runs actionlint and zizmor on workflow and action metadata files and returns their findings,
// parsed from the tools' JSON. See README.md for what is checked and why these flags.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'tinyglobby';
import { parse as parseYaml } from 'yaml';
import { ensureLintTools, type LintTools } from './install.js';

export interface Finding {
  tool: 'actionlint' | 'zizmor';
  /** The file as it was passed to lintWorkflows. */
  file: string;
  /** 1-based. */
  line: number;
  message: string;
  /** actionlint's kind (`expression`, `syntax-check`, `shellcheck`, `action`, ...) or zizmor's audit id. */
  rule: string;
}

/** zizmor's configuration for the source tree: this folder's zizmor.yml, and no other. */
export const zizmorConfig = fileURLToPath(new URL('./zizmor.yml', import.meta.url));

/**
 * zizmor's configuration for what a release publishes (MLEnv's own actions pinned by SHA):
 * no exception at all.
 */
export const zizmorPublishedConfig = fileURLToPath(
  new URL('./zizmor-published.yml', import.meta.url),
);

/** zizmor's persona and filters, pinned: `regular` at every severity and confidence (README). */
export const zizmorArgs = zizmorArgsWith(zizmorConfig);

function zizmorArgsWith(config: string): string[] {
  return [
    '--offline',
    `--config=${config}`,
    '--persona=regular',
    '--strict-collection',
    '--format=json',
    '--color=never',
    '--no-progress',
  ];
}

/** Every workflow and action metadata file MLEnv ships, absolute and sorted. */
export async function shippedWorkflowFiles(root: string): Promise<string[]> {
  const files = await glob(
    [
      'workflows/*.{yml,yaml}',
      '.github/workflows/*.{yml,yaml}',
      'templates/**/.github/workflows/*.{yml,yaml}',
      'actions/*/action.{yml,yaml}',
    ],
    { cwd: root, dot: true, absolute: true, ignore: ['**/node_modules/**'] },
  );
  return files.sort();
}

function isActionMetadata(file: string): boolean {
  return /^action\.ya?ml$/.test(path.basename(file));
}

/**
 * Both linters on every file; resolves to their findings (empty when clean). Workflows go to
 * actionlint directly; an action's metadata is checked by actionlint through a probe workflow
 * that uses it as a local action (actionlint lints only workflows). zizmor audits both kinds.
 * Rejects when a tool itself fails (not when it finds something).
 */
export async function lintWorkflows(
  files: string[],
  options: { tools?: LintTools; zizmorConfig?: string } = {},
): Promise<Finding[]> {
  const tools = options.tools ?? (await ensureLintTools());
  const workflows = files.filter((f) => !isActionMetadata(f));
  const actions = files.filter(isActionMetadata);
  const findings = [
    ...(await actionlintWorkflows(tools, workflows)),
    ...(await actionlintActions(tools, actions)),
  ];
  const args = zizmorArgsWith(options.zizmorConfig ?? zizmorConfig);
  for (const file of files) findings.push(...(await zizmor(tools, file, args)));
  return findings;
}

/** One line per finding: `file:line: [tool rule] message`, files relative to `root`. */
export function formatFindings(findings: Finding[], root = process.cwd()): string {
  return findings
    .map((f) => `${path.relative(root, f.file)}:${f.line}: [${f.tool} ${f.rule}] ${f.message}`)
    .join('\n');
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function exec(
  cmd: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

function toolFailure(tool: string, args: string[], res: Result): Error {
  return new Error(
    `${tool} ${args.join(' ')} failed (exit ${res.code})\n${`${res.stdout}\n${res.stderr}`.trim()}`,
  );
}

interface ActionlintError {
  message: string;
  filepath: string;
  line: number;
  column: number;
  kind: string;
}

async function runActionlint(tools: LintTools, paths: string[]): Promise<ActionlintError[]> {
  if (paths.length === 0) return [];
  const args = [
    '-format',
    '{{json .}}',
    '-no-color',
    `-shellcheck=${tools.shellcheck}`,
    `-pyflakes=${tools.pyflakes}`,
    ...paths,
  ];
  const res = await exec(tools.actionlint, args, {});
  // 0: no problem, 1: problems found; 2 and 3 are a bad command line and a fatal error.
  if (res.code !== 0 && res.code !== 1) throw toolFailure('actionlint', args, res);
  try {
    return JSON.parse(res.stdout || '[]') as ActionlintError[];
  } catch {
    throw toolFailure('actionlint (output is not JSON)', args, res);
  }
}

async function actionlintWorkflows(tools: LintTools, files: string[]): Promise<Finding[]> {
  const byPath = new Map(files.map((f) => [path.resolve(f), f]));
  const errors = await runActionlint(tools, [...byPath.keys()]);
  return errors.map((e) => ({
    tool: 'actionlint',
    file: byPath.get(path.resolve(e.filepath)) ?? e.filepath,
    line: e.line,
    message: e.message,
    rule: e.kind,
  }));
}

// actionlint checks an action's metadata (runs.using, the main/pre/post files, name, description,
// inputs) only where a workflow uses it as a local action. So each action gets a probe workflow in
// a scratch project (actionlint wants `.git` and `.github/workflows`) that links the action's
// folder and uses it with every required input set; whatever actionlint reports there is about the
// action.
async function actionlintActions(tools: LintTools, files: string[]): Promise<Finding[]> {
  if (files.length === 0) return [];
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'mlenv-workflow-lint-'));
  try {
    fs.writeFileSync(path.join(project, '.git'), '');
    fs.mkdirSync(path.join(project, '.github', 'workflows'), { recursive: true });
    fs.mkdirSync(path.join(project, 'a'));
    const probes = files.map((file, i) => {
      const link = path.join(project, 'a', String(i));
      fs.symlinkSync(path.resolve(path.dirname(file)), link, 'dir');
      const probe = path.join(project, '.github', 'workflows', `probe-${i}.yml`);
      fs.writeFileSync(probe, probeWorkflow(`./a/${i}`, requiredInputs(file)));
      return { file, link, probe };
    });
    const errors = await runActionlint(
      tools,
      probes.map((p) => p.probe),
    );
    return errors.map((e) => {
      const p = probes.find((x) => path.resolve(x.probe) === path.resolve(e.filepath));
      if (!p) throw new Error(`actionlint reported on an unknown probe file ${e.filepath}`);
      const dir = path.resolve(path.dirname(p.file));
      return {
        tool: 'actionlint' as const,
        file: p.file,
        line: metadataLine(p.file, e.message),
        message: e.message.split(p.link).join(dir),
        rule: e.kind,
      };
    });
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined; // actionlint reports the parse error itself
  }
}

function requiredInputs(file: string): string[] {
  const doc = readYaml(file) as { inputs?: Record<string, { required?: unknown }> } | undefined;
  const inputs = doc && typeof doc === 'object' ? doc.inputs : undefined;
  if (!inputs || typeof inputs !== 'object') return [];
  return Object.entries(inputs)
    .filter(([, spec]) => spec?.required === true || spec?.required === 'true')
    .map(([name]) => name);
}

function probeWorkflow(uses: string, inputs: string[]): string {
  const lines = [
    'name: probe',
    'on: push',
    'permissions: {}',
    'jobs:',
    '  probe:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - uses: ${uses}`,
  ];
  if (inputs.length > 0) {
    lines.push('        with:');
    for (const name of inputs) lines.push(`          ${JSON.stringify(name)}: probe`);
  }
  return `${lines.join('\n')}\n`;
}

// The probe's errors point at its `uses:`; point them at the metadata key they are about instead.
function metadataLine(file: string, message: string): number {
  const keys: [string, RegExp][] = [
    ['runs', /\bruns\b/],
    ['inputs', /\binputs?\b/],
    ['branding', /\bbranding\b/],
  ];
  const key = keys.find(([, re]) => re.test(message))?.[0];
  if (!key) return 1;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return 1;
  }
  const index = text.split('\n').findIndex((l) => l.startsWith(`${key}:`));
  return index >= 0 ? index + 1 : 1;
}

interface ZizmorLocation {
  symbolic: { annotation: string; kind: string };
  concrete: { location: { start_point: { row: number } } };
}

interface ZizmorFinding {
  ident: string;
  desc: string;
  determinations: { confidence: string; severity: string };
  locations: ZizmorLocation[];
  ignored?: boolean;
}

// Exit codes: 0 nothing found, 10-14 findings (by highest severity); anything else is a failure.
// Audited one file at a time: given several, zizmor skips a file it cannot load with a warning.
async function zizmor(tools: LintTools, file: string, flags: string[]): Promise<Finding[]> {
  const args = [...flags, file];
  const res = await exec(tools.zizmor, args, {
    // Offline whatever the environment holds: no token, no online audits.
    GH_TOKEN: undefined,
    GITHUB_TOKEN: undefined,
    ZIZMOR_GITHUB_TOKEN: undefined,
    ZIZMOR_CONFIG: undefined,
    RUST_BACKTRACE: '0',
    RUST_LIB_BACKTRACE: '0',
  });
  if (res.code !== 0 && !(res.code !== null && res.code >= 10 && res.code <= 14)) {
    if (/failed to (load|parse|validate)/.test(res.stderr)) {
      return [
        { tool: 'zizmor', file, line: 1, message: loadError(res.stderr), rule: 'load-error' },
      ];
    }
    throw toolFailure('zizmor', args, res);
  }
  let parsed: ZizmorFinding[];
  try {
    parsed = JSON.parse(res.stdout) as ZizmorFinding[];
  } catch {
    throw toolFailure('zizmor (output is not JSON)', args, res);
  }
  return parsed
    .filter((f) => !f.ignored)
    .map((f) => {
      const primary = f.locations.find((l) => l.symbolic.kind === 'Primary') ?? f.locations[0];
      const where = primary ? `: ${primary.symbolic.annotation}` : '';
      const { severity, confidence } = f.determinations;
      return {
        tool: 'zizmor' as const,
        file,
        line: primary ? primary.concrete.location.start_point.row + 1 : 1,
        message: `${f.desc}${where} (severity ${severity}, confidence ${confidence})`,
        rule: f.ident,
      };
    });
}

// zizmor's own words: the failing step and its causes, without the log preamble.
function loadError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '' && !/^\s*(INFO|WARN)\b/.test(l) && !/^fatal:/.test(l));
  const end = lines.findIndex((l) => /^Stack backtrace:/.test(l));
  return `zizmor could not audit this file: ${(end >= 0 ? lines.slice(0, end) : lines).join(' ').replace(/\s+/g, ' ')}`;
}
