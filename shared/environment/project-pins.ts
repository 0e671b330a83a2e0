import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'smol-toml';
import type { Diagnostic } from '../config/diagnostics.js';
import type { Project, Workspace } from '../config/workspace.js';
import { normalizeName, requirementName } from './index.js';

/** Where a project declares Python dependencies of its own. */
const REQUIREMENT_FILES = ['requirements.txt', 'requirements.in'] as const;

interface Declared {
  file: string;
  line: number;
  key: string;
  requirement: string;
}

/**
 * A project runs in the workspace's one environment, so it may name a package only as the lock
 * has it: a version of its own (torch==2.4, say) would be silently ignored in training and
 * serving, and a package missing from the lock would be missing there too.
 */
export async function projectDependencyProblems(
  workspace: Workspace,
  project: Project,
  pins: ReadonlyMap<string, string>,
): Promise<Diagnostic[]> {
  const declared = await declaredDependencies(workspace, project);
  const lockFile = workspace.config.environment.lock;
  const requirementsFile = workspace.config.environment.requirements;
  const problems: Diagnostic[] = [];
  for (const dep of declared) {
    const name = requirementName(dep.requirement);
    if (!name) continue;
    const locked = pins.get(name);
    const where = { file: dep.file, line: dep.line, column: 1, path: dep.key };
    if (locked === undefined) {
      problems.push({
        ...where,
        expected: `a package of the workspace environment (${lockFile})`,
        found: `${name}, which it does not have: add it to ${requirementsFile} and run \`mlenv env lock\``,
      });
    } else if (hasVersionConstraint(dep.requirement)) {
      problems.push({
        ...where,
        expected: `"${name}" without a version (the workspace environment pins ${name}==${locked} for every project)`,
        found: `"${dep.requirement.trim()}": change ${requirementsFile} for everyone instead`,
      });
    }
  }
  return problems;
}

function hasVersionConstraint(requirement: string): boolean {
  const spec = requirement.replace(/;.*/, '').replace(/\[[^\]]*\]/, '');
  return /[<>=!~]=?|===|@/.test(spec.replace(/^[A-Za-z0-9._-]+/, ''));
}

async function declaredDependencies(workspace: Workspace, project: Project): Promise<Declared[]> {
  const dir = path.join(workspace.root, project.dir);
  const found: Declared[] = [];
  const pyprojectFile = path.join(project.dir, 'pyproject.toml');
  const pyproject = await readFile(path.join(dir, 'pyproject.toml'), 'utf8').catch(() => undefined);
  if (pyproject !== undefined) {
    const data = parse(pyproject) as {
      project?: {
        dependencies?: string[];
        'optional-dependencies'?: Record<string, string[]>;
      };
      'dependency-groups'?: Record<string, unknown[]>;
    };
    const lists: [string, unknown[]][] = [
      ['project.dependencies', data.project?.dependencies ?? []],
      ...Object.entries(data.project?.['optional-dependencies'] ?? {}).map(
        ([group, deps]) => [`project.optional-dependencies.${group}`, deps] as [string, unknown[]],
      ),
      ...Object.entries(data['dependency-groups'] ?? {}).map(
        ([group, deps]) => [`dependency-groups.${group}`, deps] as [string, unknown[]],
      ),
    ];
    for (const [key, deps] of lists) {
      for (const dep of deps) {
        if (typeof dep !== 'string') continue;
        found.push({ file: pyprojectFile, line: lineOf(pyproject, dep), key, requirement: dep });
      }
    }
  }
  for (const name of REQUIREMENT_FILES) {
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    for (const [index, line] of text.split('\n').entries()) {
      if (requirementName(line))
        found.push({
          file: path.join(project.dir, name),
          line: index + 1,
          key: normalizeName(requirementName(line) as string),
          requirement: line.replace(/#.*/, ''),
        });
    }
  }
  return found;
}

function lineOf(text: string, needle: string): number {
  const index =
    text.indexOf(`"${needle}"`) >= 0 ? text.indexOf(`"${needle}"`) : text.indexOf(needle);
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}
