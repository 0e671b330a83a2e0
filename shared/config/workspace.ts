import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { glob } from 'tinyglobby';
import { ConfigurationError } from '../errors/index.js';
import type { Diagnostic } from './diagnostics.js';
import { compareDiagnostics } from './diagnostics.js';
import type { Kind, ProjectConfig, WorkspaceConfig } from './schema.js';
import { KINDS } from './schema.js';
import { validateDocument } from './validate-document.js';
import { CONFIG_FILE } from './workspace-root.js';
import type { YamlSource } from './yaml-source.js';

export { CONFIG_FILE, findWorkspaceRoot } from './workspace-root.js';

export interface Project {
  name: string;
  /** Directory relative to the workspace root, with forward slashes. */
  dir: string;
  file: string;
  config: ProjectConfig;
  /** Directories (relative) of the projects this one depends on, directly. */
  dependsOn: string[];
}

export interface Workspace {
  root: string;
  file: string;
  config: WorkspaceConfig;
  projects: Project[];
  warnings: Diagnostic[];
}

export interface LoadOptions {
  /** Paths in messages are shown relative to this directory (default: the current one). */
  displayBase?: string;
}

/**
 * Loads and validates the workspace and every project in it. All problems in all files are
 * collected before failing, so one run shows the user everything to fix.
 */
export async function loadWorkspace(root: string, options: LoadOptions = {}): Promise<Workspace> {
  const base = options.displayBase ?? process.cwd();
  const show = (file: string): string => displayPath(base, file);
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const workspaceFile = path.join(path.resolve(root), CONFIG_FILE);

  const workspaceDoc = await readDocument(workspaceFile, show(workspaceFile), 'Workspace');
  if (!workspaceDoc.ok) throw failure(workspaceDoc.diagnostics);
  const { source, value: config } = workspaceDoc;
  const rootDir = path.dirname(workspaceFile);

  const requirements = path.join(rootDir, config.environment.requirements);
  if (!(await isFile(requirements))) {
    await loadPositions();
    diagnostics.push({
      file: source.file,
      ...source.positionOf(['environment', 'requirements']),
      path: 'environment.requirements',
      expected: 'an existing requirements file',
      found: `no file at ${config.environment.requirements}`,
    });
  }

  const projects: Project[] = [];
  const sources = new Map<string, YamlSource>();
  const seenDirs = new Set<string>();
  for (const [index, pattern] of config.projects.entries()) {
    const matches = await glob(pattern, {
      cwd: rootDir,
      onlyDirectories: true,
      expandDirectories: false,
      ignore: ['**/node_modules/**', '**/.*/**'],
    });
    const dirs = matches.map((m) => m.replace(/\/$/, '')).sort();
    if (dirs.length === 0) {
      await loadPositions();
      warnings.push({
        file: source.file,
        ...source.positionOf(['projects', index]),
        path: `projects[${index}]`,
        expected: 'a glob that matches at least one project directory',
        found: 'no match',
      });
    }
    const fresh = dirs.filter((dir) => !seenDirs.has(dir));
    for (const dir of fresh) seenDirs.add(dir);
    // Read concurrently (hundreds of projects in a monorepo), then report in directory order.
    const reads = await Promise.all(
      fresh.map(async (dir) => {
        const file = path.join(rootDir, dir, CONFIG_FILE);
        if (!(await isFile(file))) return { dir, file, doc: undefined };
        return { dir, file, doc: await readDocument(file, show(file), 'Project') };
      }),
    );
    for (const { dir, file, doc } of reads) {
      if (!doc) {
        await loadPositions();
        diagnostics.push({
          file: source.file,
          ...source.positionOf(['projects', index]),
          path: `projects[${index}]`,
          expected: `every matched directory to hold ${CONFIG_FILE} with "kind: Project"`,
          found: `${dir}/ without one`,
        });
        continue;
      }
      if (!doc.ok) {
        diagnostics.push(...doc.diagnostics);
        continue;
      }
      projects.push({
        name: doc.value.name,
        dir,
        file,
        config: doc.value,
        dependsOn: doc.value.dependsOn.map(normalizeDir),
      });
      sources.set(file, doc.source);
    }
  }

  diagnostics.push(...(await checkProjectGraph(projects, sources)));
  if (diagnostics.length > 0) throw failure(diagnostics);
  return { root: rootDir, file: workspaceFile, config, projects, warnings };
}

async function checkProjectGraph(
  projects: readonly Project[],
  sources: ReadonlyMap<string, YamlSource>,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const byDir = new Map(projects.map((p) => [p.dir, p]));
  const at = async (
    project: Project,
    keyPath: (string | number)[],
  ): Promise<Pick<Diagnostic, 'file' | 'line' | 'column'>> => {
    await loadPositions();
    const source = sources.get(project.file);
    const position = source?.positionOf(keyPath) ?? { line: 1, column: 1 };
    return { file: source?.file ?? project.file, ...position };
  };

  const firstByName = new Map<string, Project>();
  for (const project of projects) {
    const first = firstByName.get(project.name);
    if (!first) {
      firstByName.set(project.name, project);
      continue;
    }
    diagnostics.push({
      ...(await at(project, ['name'])),
      path: 'name',
      expected: 'a project name unique in the workspace',
      found: `"${project.name}", also the name of ${first.dir}`,
    });
  }

  for (const project of projects) {
    for (const [index, dep] of project.dependsOn.entries()) {
      if (!byDir.has(dep)) {
        const known = [...byDir.keys()].filter((d) => d !== project.dir);
        diagnostics.push({
          ...(await at(project, ['dependsOn', index])),
          path: `dependsOn[${index}]`,
          expected:
            known.length > 0
              ? `a project directory such as ${known.slice(0, 3).join(', ')}`
              : 'a project directory of this workspace',
          found: `"${dep}", which is no project`,
        });
      }
    }
  }

  for (const cycle of findCycles(projects, byDir)) {
    const [project, index] = cycle.closing;
    diagnostics.push({
      ...(await at(project, ['dependsOn', index])),
      path: `dependsOn[${index}]`,
      expected: 'no dependency cycle',
      found: `the cycle ${cycle.dirs.join(' -> ')}`,
    });
  }
  return diagnostics;
}

interface Cycle {
  dirs: string[];
  closing: [Project, number];
}

function findCycles(projects: readonly Project[], byDir: Map<string, Project>): Cycle[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: Project[] = [];
  const cycles: Cycle[] = [];
  const visit = (project: Project): void => {
    state.set(project.dir, 'visiting');
    stack.push(project);
    for (const [index, dep] of project.dependsOn.entries()) {
      const next = byDir.get(dep);
      if (!next) continue;
      const seen = state.get(dep);
      if (seen === 'visiting') {
        const start = stack.findIndex((p) => p.dir === dep);
        const dirs = [...stack.slice(start).map((p) => p.dir), dep];
        cycles.push({ dirs, closing: [project, index] });
      } else if (seen === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(project.dir, 'done');
  };
  for (const project of projects) if (!state.has(project.dir)) visit(project);
  return cycles;
}

type DocumentRead<K extends Kind> =
  | { ok: true; source: YamlSource; value: K extends 'Workspace' ? WorkspaceConfig : ProjectConfig }
  | { ok: false; diagnostics: Diagnostic[] };

async function readDocument<K extends Kind>(
  file: string,
  shown: string,
  kind: K,
): Promise<DocumentRead<K>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      diagnostics: [
        {
          file: shown,
          line: 1,
          column: 1,
          path: '',
          expected: `${CONFIG_FILE} with "kind: ${kind}"`,
          found: code === 'ENOENT' ? 'no file' : `an unreadable file (${code ?? 'error'})`,
        },
      ],
    };
  }
  // Fast path: a plain parse and the schema. Only a file with a problem pays for the document
  // with source positions (several times slower), which every diagnostic needs.
  const quick = quickParse(text);
  if (quick !== undefined) {
    const parsed = KINDS[kind].safeParse(quick);
    if (parsed.success) {
      return {
        ok: true,
        source: lazySource(shown, text),
        value: parsed.data as DocumentRead<K> extends { value: infer V } ? V : never,
      };
    }
  }
  const source = (await loadPositions()).parseYamlSource(shown, text);
  const result = validateDocument(source, KINDS[kind]);
  if (!result.ok) return result;
  return {
    ok: true,
    source,
    value: result.value as DocumentRead<K> extends { value: infer V } ? V : never,
  };
}

function quickParse(text: string): unknown {
  try {
    // YAML 1.2 core types, as the positional parser reads them.
    return load(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
}

type PositionalParser = typeof import('./yaml-source.js');
let positional: PositionalParser | undefined;

/**
 * The positional YAML parser, loaded only for a file with a problem: a valid workspace is read
 * without it (it is the largest part of the config stack an action loads before its first line).
 * Called before anything asks a lazy source for a position.
 */
async function loadPositions(): Promise<PositionalParser> {
  positional ??= await import('./yaml-source.js');
  return positional;
}

/** The positional document of a valid file, built only if a later check needs a position. */
function lazySource(file: string, text: string): YamlSource {
  let parsed: YamlSource | undefined;
  const source = (): YamlSource => {
    if (!positional)
      throw new Error(`internal: a position in ${file} was read before loadPositions()`);
    parsed ??= positional.parseYamlSource(file, text);
    return parsed;
  };
  return {
    file,
    get data() {
      return source().data;
    },
    get empty() {
      return source().empty;
    },
    get syntaxErrors() {
      return source().syntaxErrors;
    },
    positionOf: (keyPath, options) => source().positionOf(keyPath, options),
    describeAt: (keyPath) => source().describeAt(keyPath),
  };
}

function failure(diagnostics: Diagnostic[]): ConfigurationError {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
  return new ConfigurationError(`Invalid MLEnv configuration: ${count}.`, sorted);
}

function normalizeDir(dir: string): string {
  return path.posix.normalize(dir.replaceAll('\\', '/')).replace(/\/$/, '');
}

function displayPath(base: string, file: string): string {
  const relative = path.relative(base, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
