import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Workspace } from '../config/workspace.js';
import { environmentIndexes, lockEnvironment, parseLockPins } from '../environment/index.js';
import { git } from '../git/git.js';
import type { Octokit } from '../github/client.js';
import { renderImages } from '../images/index.js';
import type { Logger } from '../logger/index.js';
import {
  applyToRequirements,
  applyToWorkspaceYaml,
  parseRequirementsFile,
  renderUnifiedDiff,
} from './apply/index.js';
import { createPackageIndex, type PackageIndex } from './index/index.js';
import { type GroupPlan, planUpgrades, type UpgradePlan } from './plan/index.js';
import {
  type LockChanges,
  type ProposeResult,
  proposeUpgrade,
  renderPullRequestBody,
} from './propose/index.js';
import type { UpgradePolicy } from './schema.js';

export const PYPI_SIMPLE = 'https://pypi.org/simple/';

export interface UpgradeRequest {
  workspace: Workspace;
  logger: Logger;
  /** Plan, apply in a scratch copy and show the diff; no pull request, no write anywhere. */
  dryRun?: boolean;
  /** Only these groups (default: all). */
  groups?: readonly string[];
  /** Where the pull requests go; without it (a dry run) nothing is proposed. */
  github?: { octokit: Octokit; owner: string; repo: string; base?: string };
  /** The package index (test seam); default: the environment's indexes. */
  index?: PackageIndex;
  indexTimeoutMs?: number;
}

export type GroupOutcome = ProposeResult['action'] | 'planned' | 'skipped';

export interface GroupResult {
  group: string;
  plan: GroupPlan;
  /** Why uv could not resolve the group together, when it could not. */
  conflict?: string;
  /** Repository-relative path to new content: the files the pull request changes. */
  files: Record<string, string>;
  diff: string;
  lockChanges: LockChanges;
  planHash: string;
  title: string;
  outcome: GroupOutcome;
  proposal?: ProposeResult;
}

export interface UpgradeResult {
  groups: GroupResult[];
  upToDate: string[];
  held: UpgradePlan['held'];
  dryRun: boolean;
}

/**
 * `mlenv upgrade`: plan the groups, then for each one apply it to a scratch copy of the
 * environment files, lock it with uv, re-render the runner images, and propose the result as
 * one pull request per group. The checkout itself is never modified.
 */
export async function runUpgrade(request: UpgradeRequest): Promise<UpgradeResult> {
  const { workspace, logger } = request;
  const { environment } = workspace.config;
  const policy: UpgradePolicy = workspace.config.upgrade;
  const requirementsText = await readFile(
    path.join(workspace.root, environment.requirements),
    'utf8',
  );
  const requirements = parseRequirementsFile(requirementsText, environment.requirements);
  const index = request.index ?? indexFor(environment, logger, request.indexTimeoutMs);
  const plan = await planUpgrades({
    requirements,
    environment,
    policy,
    index,
    indexForVariant: request.index
      ? undefined
      : (target) => indexFor({ ...environment, ...target }, logger, request.indexTimeoutMs),
    logger,
  });
  const wanted = request.groups ? new Set(request.groups) : undefined;
  if (wanted) {
    const known = new Set([...plan.groups.map((g) => g.group), ...plan.upToDate]);
    const unknown = [...wanted].filter((g) => !known.has(g));
    if (unknown.length > 0)
      logger.warning(
        `--group ${unknown.join(', ')}: no such upgrade group (groups: ${[...known].join(', ') || 'none'})`,
      );
  }
  const gitRoot = await git(workspace.root, ['rev-parse', '--show-toplevel']).then(
    (out) => out.trim(),
    () => workspace.root,
  );
  const results: GroupResult[] = [];
  for (const group of plan.groups) {
    if (wanted && !wanted.has(group.group)) continue;
    const applied = await applyGroup(workspace, group, requirementsText, gitRoot, logger);
    const conflict = group.conflict ?? applied.conflict;
    const draft = conflict !== undefined;
    let outcome: GroupOutcome = 'planned';
    let proposal: ProposeResult | undefined;
    if (draft && policy.onConflict === 'skip') {
      outcome = 'skipped';
      logger.warning(`${group.group}: not proposed (upgrade.onConflict is skip): ${conflict}`);
    } else if (request.github && !request.dryRun) {
      proposal = await proposeUpgrade({
        octokit: request.github.octokit,
        owner: request.github.owner,
        repo: request.github.repo,
        base: request.github.base,
        logger,
        proposal: {
          group: group.group,
          title: applied.title,
          body: renderPullRequestBody({
            group: group.group,
            changes: group.changes,
            python: group.python,
            cuda: group.cuda ? { from: group.cuda.from, to: group.cuda.to } : undefined,
            releaseNotes: releaseNotes(group),
            lockDiff: applied.lockChanges,
            checklist: checklist(group),
            conflict,
            planHash: applied.planHash,
          }),
          files: applied.files,
          planHash: applied.planHash,
          labels: [...policy.labels],
          draft,
        },
      });
      outcome = proposal.action;
    }
    results.push({ group: group.group, plan: group, conflict, outcome, proposal, ...applied });
  }
  return {
    groups: results,
    upToDate: plan.upToDate,
    held: plan.held,
    dryRun: request.dryRun === true,
  };
}

function indexFor(
  environment: Parameters<typeof environmentIndexes>[0],
  logger: Logger,
  timeoutMs?: number,
): PackageIndex {
  const { indexUrl, extraIndexUrls } = environmentIndexes(environment);
  return createPackageIndex({
    indexUrl: indexUrl ?? PYPI_SIMPLE,
    extraIndexUrls,
    timeoutMs,
    logger,
  });
}

interface AppliedGroup {
  files: Record<string, string>;
  diff: string;
  lockChanges: LockChanges;
  planHash: string;
  title: string;
  conflict?: string;
}

/** The group's edits, lock and images, made in a scratch copy of the environment files. */
async function applyGroup(
  workspace: Workspace,
  group: GroupPlan,
  requirementsText: string,
  gitRoot: string,
  logger: Logger,
): Promise<AppliedGroup> {
  const { environment } = workspace.config;
  const scratch = await mkdtemp(path.join(tmpdir(), `mlenv-upgrade-${group.group}-`));
  try {
    const relative = {
      workspace: path.relative(workspace.root, workspace.file),
      requirements: environment.requirements,
      lock: environment.lock,
    };
    for (const file of Object.values(relative)) {
      const source = path.join(workspace.root, file);
      if (!existsSync(source)) continue;
      await mkdir(path.dirname(path.join(scratch, file)), { recursive: true });
      await cp(source, path.join(scratch, file));
    }
    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    const read = async (root: string, file: string) =>
      readFile(path.join(root, file), 'utf8').catch(() => '');

    const yamlBefore = await read(workspace.root, relative.workspace);
    const edit = {
      ...(group.python ? { python: group.python.to } : {}),
      ...(group.cuda ? { cuda: group.cuda.to } : {}),
      ...(group.cuda?.pytorchIndex ? { pytorchIndex: group.cuda.pytorchIndex.to ?? null } : {}),
    };
    const yamlAfter =
      Object.keys(edit).length > 0
        ? applyToWorkspaceYaml(yamlBefore, edit, relative.workspace)
        : yamlBefore;
    await writeFile(path.join(scratch, relative.workspace), yamlAfter);
    const requirementsAfter = applyToRequirements(
      requirementsText,
      group.changes,
      relative.requirements,
    );
    await writeFile(path.join(scratch, relative.requirements), requirementsAfter);
    before[relative.workspace] = yamlBefore;
    after[relative.workspace] = yamlAfter;
    before[relative.requirements] = requirementsText;
    after[relative.requirements] = requirementsAfter;

    const upgraded: Workspace = {
      ...workspace,
      root: scratch,
      file: path.join(scratch, relative.workspace),
      config: {
        ...workspace.config,
        environment: {
          ...environment,
          ...(group.python ? { python: group.python.to } : {}),
          ...(group.cuda ? { cuda: group.cuda.to } : {}),
          ...(group.cuda?.pytorchIndex ? { pytorchIndex: group.cuda.pytorchIndex.to } : {}),
        },
      },
    };
    let conflict: string | undefined;
    const lockBefore = await read(workspace.root, relative.lock);
    let lockAfter = lockBefore;
    try {
      logger.info(`${group.group}: locking the upgraded environment with uv`);
      await lockEnvironment(upgraded, logger);
      lockAfter = await read(scratch, relative.lock);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // uv's resolver explains an unsatisfiable set; anything else (no network) is a failure.
      if (!/No solution found|unsatisfiable/i.test(message)) throw error;
      conflict = message.replace(/^uv pip compile failed: /, '').trim();
    }
    before[relative.lock] = lockBefore;
    after[relative.lock] = lockAfter;

    const imagesDir = path.join(workspace.root, 'runner-images');
    if (existsSync(imagesDir) && conflict === undefined) {
      const rendered = await renderImages(upgraded);
      for (const [file, content] of Object.entries(rendered.files)) {
        const key = path.join('runner-images', file);
        before[key] = await read(workspace.root, key);
        after[key] = content;
      }
    }

    const files: Record<string, string> = {};
    const diffs: string[] = [];
    for (const [file, content] of Object.entries(after)) {
      if (content === before[file]) continue;
      const repoPath = path
        .relative(gitRoot, path.join(workspace.root, file))
        .split(path.sep)
        .join('/');
      files[repoPath] = content;
      diffs.push(renderUnifiedDiff(repoPath, before[file] ?? '', content));
    }
    const lockChanges = diffLocks(lockBefore, lockAfter);
    const planHash = createHash('sha256')
      .update(
        JSON.stringify({
          group: group.group,
          changes: group.changes,
          python: group.python,
          cuda: group.cuda,
          files: Object.entries(files).sort(([a], [b]) => a.localeCompare(b)),
        }),
      )
      .digest('hex')
      .slice(0, 16);
    return {
      files,
      diff: diffs.join(''),
      lockChanges,
      planHash,
      title: titleOf(group),
      conflict,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function diffLocks(before: string, after: string): LockChanges {
  const old = parseLockPins(before);
  const current = parseLockPins(after);
  return {
    added: [...current.keys()].filter((name) => !old.has(name)).sort(),
    removed: [...old.keys()].filter((name) => !current.has(name)).sort(),
    changed: [...current.entries()]
      .filter(([name, version]) => old.has(name) && old.get(name) !== version)
      .map(([name, to]) => ({ name, from: old.get(name) ?? '', to }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function titleOf(group: GroupPlan): string {
  const moves = [
    ...(group.python ? [`Python ${group.python.from} → ${group.python.to}`] : []),
    ...(group.cuda ? [`CUDA ${group.cuda.from} → ${group.cuda.to}`] : []),
    ...group.changes.map((c) => `${c.name} ${c.from} → ${c.to}`),
  ];
  return `Upgrade ${group.group}: ${moves.join(', ')}`;
}

const RELEASE_NOTES: Record<string, (version: string) => string> = {
  torch: (v) => `https://github.com/pytorch/pytorch/releases/tag/v${v}`,
  torchvision: (v) => `https://github.com/pytorch/vision/releases/tag/v${v}`,
  torchaudio: (v) => `https://github.com/pytorch/audio/releases/tag/v${v}`,
  mlflow: (v) => `https://github.com/mlflow/mlflow/releases/tag/v${v}`,
};

/** Where to read what changed: the project's release page, else its PyPI page. */
export function releaseNotes(group: GroupPlan): Record<string, string> {
  const notes: Record<string, string> = {};
  for (const change of group.changes) {
    const version = change.to.split('+')[0] ?? change.to;
    notes[change.name] =
      RELEASE_NOTES[change.name]?.(version) ??
      `https://pypi.org/project/${change.name}/${version}/`;
  }
  return notes;
}

function checklist(group: GroupPlan): string[] {
  const framework = group.changes.some((c) => c.name.startsWith('torch')) || group.cuda;
  return [
    'Lint and unit tests of every project (`mlenv check`) in the new environment',
    'GPU unit tests on the self-hosted GPU runners (`mlenv gpu-test`)',
    'Trainer integration tests, including a distributed run',
    ...(framework || group.python
      ? ['Runner images rebuilt from the new lock (`mlenv images check`)']
      : []),
    'Training smoke run with metrics against the current champion',
  ];
}
