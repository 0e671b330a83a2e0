import { z } from 'zod';
import { ConfigurationError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import type { FormatFinding, LintDiagnostic } from './result.js';
import type { RuffOverrides } from './schema.js';
import { runTool, tail, toolIn, workspaceRelative } from './tool.js';

export interface RunnerOptions {
  /** The bin directory of the workspace's Python environment (ruff, python and pytest). */
  bin: string;
  /** The ruff to run; default the environment's (see managed-tools for MLEnv's own). */
  ruff?: string;
  /** The project directory, absolute or relative to the workspace root. */
  projectDir: string;
  workspaceRoot: string;
  /** The workspace's ruff configuration (`<workspace>/ruff.toml`); absent, ruff finds its own. */
  ruffConfig?: string;
  /** The project's `check.ruff` section. */
  overrides?: RuffOverrides;
  logger: Logger;
  signal?: AbortSignal;
}

// Only the fields read below: ruff's JSON carries more and adds fields between releases.
const ruffDiagnostics = z.array(
  z.object({
    code: z.string().nullable(),
    message: z.string(),
    filename: z.string(),
    location: z.object({ row: z.number(), column: z.number() }),
    end_location: z.object({ row: z.number(), column: z.number() }),
    fix: z.object({ applicability: z.string() }).nullable().optional(),
    url: z.string().nullable().optional(),
  }),
);

/**
 * `--config` arguments: the workspace file, then the project's overrides as TOML key=value pairs
 * that ruff layers on top of it. Per-file patterns are made relative to the workspace root,
 * because ruff runs there and resolves them against its working directory.
 */
export function ruffConfigArgs(
  workspaceRoot: string,
  projectDir: string,
  ruffConfig: string | undefined,
  overrides: RuffOverrides | undefined,
): string[] {
  const args: string[] = [];
  if (ruffConfig) args.push('--config', ruffConfig);
  if (!overrides) return args;
  // JSON strings and arrays of strings are valid TOML, which is what --config parses.
  if (overrides.extendSelect.length > 0) {
    args.push('--config', `lint.extend-select = ${JSON.stringify(overrides.extendSelect)}`);
  }
  if (overrides.ignore.length > 0) {
    // extend-ignore keeps the workspace's own ignores, which lint.ignore would replace.
    args.push('--config', `lint.extend-ignore = ${JSON.stringify(overrides.ignore)}`);
  }
  const perFile = Object.entries(overrides.perFileIgnores);
  if (perFile.length > 0) {
    const dir = workspaceRelative(workspaceRoot, projectDir);
    const table = perFile
      .map(([glob, rules]) => `${JSON.stringify(`${dir}/${glob}`)} = ${JSON.stringify(rules)}`)
      .join(', ');
    args.push('--config', `lint.extend-per-file-ignores = { ${table} }`);
  }
  return args;
}

export function parseRuffJson(json: string, workspaceRoot: string): LintDiagnostic[] {
  const parsed = ruffDiagnostics.parse(JSON.parse(json));
  return parsed.map((d) => ({
    file: workspaceRelative(workspaceRoot, d.filename),
    line: d.location.row,
    column: d.location.column,
    endLine: d.end_location.row,
    endColumn: d.end_location.column,
    // A file ruff cannot parse has no rule code.
    code: d.code ?? 'syntax-error',
    message: d.message,
    fixable: d.fix?.applicability === 'safe',
    ...(d.url ? { url: d.url } : {}),
  }));
}

/** `ruff check` on one project; its findings, workspace-relative. */
export async function runRuffCheck(options: RunnerOptions): Promise<LintDiagnostic[]> {
  const ruff = options.ruff ?? toolIn(options.bin, 'ruff');
  const target = workspaceRelative(options.workspaceRoot, options.projectDir);
  const result = await runTool(
    ruff,
    [
      'check',
      '--output-format=json',
      '--no-fix',
      ...ruffConfigArgs(
        options.workspaceRoot,
        options.projectDir,
        options.ruffConfig,
        options.overrides,
      ),
      target,
    ],
    { cwd: options.workspaceRoot, logger: options.logger, signal: options.signal },
  );
  // 0: clean, 1: findings; 2 is ruff refusing to run, nearly always an invalid configuration.
  if (result.code > 1) {
    throw new ConfigurationError(`ruff check ${target} failed: ${tail(result.stderr)}`);
  }
  return parseRuffJson(result.stdout, options.workspaceRoot);
}

/**
 * Files of a unified diff from `ruff format --diff`, each at the first line that would change
 * (in the file as it is now).
 */
export function parseFormatDiff(diff: string, workspaceRoot: string): FormatFinding[] {
  const findings: FormatFinding[] = [];
  const lines = diff.split('\n');
  let file: string | undefined;
  let line = 0;
  let found = false;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    // A header is a ---/+++ pair: a removed line alone may also start with "--- ".
    if (text.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      file = workspaceRelative(workspaceRoot, text.slice(4).trim());
      found = false;
      i++;
      continue;
    }
    if (file === undefined || found) continue;
    const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(text);
    if (hunk) {
      line = Number(hunk[1]);
    } else if (text.startsWith(' ')) {
      line++;
    } else if (text.startsWith('-') || text.startsWith('+')) {
      findings.push({ file, line: Math.max(line, 1) });
      found = true;
    }
  }
  return findings;
}

/** `ruff format --diff` on one project: the files it would reformat. */
export async function runRuffFormat(options: RunnerOptions): Promise<FormatFinding[]> {
  const ruff = options.ruff ?? toolIn(options.bin, 'ruff');
  const target = workspaceRelative(options.workspaceRoot, options.projectDir);
  const config = options.ruffConfig ? ['--config', options.ruffConfig] : [];
  const result = await runTool(ruff, ['format', '--diff', ...config, target], {
    cwd: options.workspaceRoot,
    logger: options.logger,
    signal: options.signal,
  });
  if (result.code > 1) {
    throw new ConfigurationError(`ruff format ${target} failed: ${tail(result.stderr)}`);
  }
  const findings = parseFormatDiff(result.stdout, options.workspaceRoot);
  if (result.code === 1 && findings.length === 0) {
    // The diff format changed under us; claiming "formatted" here would hide real findings.
    throw new Error(
      `ruff format --diff ${target} reported changes that could not be read: ${tail(result.stdout)}`,
    );
  }
  return findings;
}
