export const id = 291;
export const ids = [291];
export const modules = {

/***/ 4291:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  findAffected: () => (/* binding */ findAffected),
  toMatrix: () => (/* reexport */ toMatrix)
});

// UNUSED EXPORTS: affectedProjects

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
;// CONCATENATED MODULE: ./shared/git/git.ts



const execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** Runs git with an argv list (never a shell string) and returns stdout. */
async function git(cwd, args) {
    try {
        const { stdout } = await execFileAsync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 });
        return stdout;
    }
    catch (error) {
        const e = error;
        throw new GitError(`git ${args.join(' ')} failed in ${cwd}: ${(e.stderr || e.message).trim()}`);
    }
}
class GitError extends errors/* ExternalError */.yA {
    name = 'GitError';
}
async function gitSucceeds(cwd, args) {
    return git(cwd, args).then(() => true, () => false);
}
/**
 * Whether `older` is an ancestor of `newer` in this repository's history; undefined when either
 * commit is not in it (a shallow clone) or this is no git checkout.
 */
async function isAncestor(cwd, older, newer) {
    for (const ref of [older, newer]) {
        if (!/^[0-9a-f]{7,64}$/i.test(ref))
            return undefined;
        if (!(await gitSucceeds(cwd, ['cat-file', '-e', `${ref}^{commit}`])))
            return undefined;
    }
    return gitSucceeds(cwd, ['merge-base', '--is-ancestor', older, newer]);
}
/**
 * Files changed between the merge base of `base` and `head`, and `head` (`git diff base...head`).
 * In shallow CI clones the merge base may be missing: history is fetched deeper until it is found.
 */
async function changedFiles(cwd, base, head, logger) {
    assertRevision(base);
    assertRevision(head);
    const args = ['diff', '--name-status', '-z', '--find-renames', '--no-color', `${base}...${head}`];
    // The diff runs beside the merge-base check (one process's latency instead of two); its output
    // is used only when the merge base was there. Otherwise, once it has ended, history is fetched
    // deeper and the diff runs again.
    const diff = git(cwd, args);
    diff.catch(() => undefined);
    if (await hasMergeBase(cwd, base, head))
        return parseNameStatus(await diff);
    await diff.catch(() => undefined);
    await fetchMergeBase(cwd, base, head, logger);
    return parseNameStatus(await git(cwd, args));
}
/**
 * Refs come from inputs and event payloads: one starting with `-` would be read by git as an
 * option (`--output=FILE` makes `git diff` write a file), so it is refused before any git runs.
 */
function assertRevision(ref) {
    if (ref.startsWith('-'))
        throw new errors/* ConfigurationError */.j1(`expected a commit or ref to diff, found ${JSON.stringify(ref.slice(0, 200))} (a ref cannot start with "-")`);
}
function hasMergeBase(cwd, base, head) {
    return gitSucceeds(cwd, ['merge-base', base, head]);
}
/** Parses `git diff --name-status -z` output; NUL separation keeps odd file names intact. */
function parseNameStatus(out) {
    const fields = out.split('\0');
    const files = [];
    for (let i = 0; i < fields.length;) {
        const code = fields[i++];
        if (!code)
            continue;
        const status = code.charAt(0);
        if (status === 'R' || status === 'C') {
            const oldPath = fields[i++] ?? '';
            const path = fields[i++] ?? '';
            files.push({ status, path, oldPath });
        }
        else {
            files.push({ status, path: fields[i++] ?? '' });
        }
    }
    return files;
}
const DEEPEN_STEPS = [50, 200, 1000];
/** Called when the merge base is missing: fails unless the clone is shallow, then fetches deeper. */
async function fetchMergeBase(cwd, base, head, logger) {
    const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
    if (!shallow) {
        throw new GitError(`No common history between ${base} and ${head}: is the base a commit of this repository?`);
    }
    // Local names such as origin/main mean nothing to the remote; commit ids do.
    const commits = await Promise.all([base, head].map(async (ref) => (await git(cwd, ['rev-parse', '--verify', `${ref}^{commit}`])).trim()));
    for (const depth of DEEPEN_STEPS) {
        logger?.debug(`Shallow clone: fetching ${depth} more commits to find the merge base of ${base} and ${head}`);
        await git(cwd, ['fetch', '--no-tags', `--deepen=${depth}`, 'origin', ...commits]);
        if (await hasMergeBase(cwd, base, head))
            return;
    }
    logger?.debug('Fetching the whole history to find the merge base');
    await git(cwd, ['fetch', '--no-tags', '--unshallow', 'origin']);
    if (!(await hasMergeBase(cwd, base, head))) {
        throw new GitError(`No common history between ${base} and ${head}, even with the whole history fetched`);
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./shared/affected/affected.ts

/**
 * Projects a change affects: those with a changed file, every project that depends on one of
 * them (transitively), or all when the workspace config or the shared environment changed.
 */
function affectedProjects(workspace, changes) {
    const rel = (file) => external_node_path_default().relative(workspace.root, file).split((external_node_path_default()).sep).join('/');
    const workspaceFiles = new Set([
        rel(workspace.file),
        normalize(workspace.config.environment.requirements),
        normalize(workspace.config.environment.lock),
    ]);
    const paths = changes.flatMap((c) => (c.oldPath ? [c.path, c.oldPath] : [c.path]));
    const global = paths.find((p) => workspaceFiles.has(p));
    if (global !== undefined) {
        return {
            allBecause: global,
            projects: workspace.projects.map((p) => describe(p, [`${global} changed`])),
        };
    }
    const byDir = new Map(workspace.projects.map((p) => [p.dir, p]));
    const reasons = new Map();
    const addReason = (dir, reason) => {
        const list = reasons.get(dir);
        if (list) {
            if (!list.includes(reason))
                list.push(reason);
            return false;
        }
        reasons.set(dir, [reason]);
        return true;
    };
    for (const file of paths) {
        const owner = owningProject(file, byDir);
        if (owner)
            addReason(owner, `${file} changed`);
    }
    const dependents = new Map();
    for (const project of workspace.projects) {
        for (const dep of project.dependsOn) {
            const list = dependents.get(dep) ?? [];
            list.push(project.dir);
            dependents.set(dep, list);
        }
    }
    const queue = [...reasons.keys()];
    for (let i = 0; i < queue.length; i++) {
        const dir = queue[i];
        const name = byDir.get(dir)?.name ?? dir;
        for (const dependent of dependents.get(dir) ?? []) {
            if (addReason(dependent, `depends on ${name}`))
                queue.push(dependent);
        }
    }
    return {
        projects: workspace.projects
            .filter((p) => reasons.has(p.dir))
            .map((p) => describe(p, reasons.get(p.dir) ?? [])),
    };
}
function describe(project, reasons) {
    return {
        name: project.name,
        dir: project.dir,
        reasons,
        trains: project.config.train !== undefined,
        promotes: project.config.promote !== undefined,
    };
}
/** The innermost project directory that holds the file, found by walking up its parents. */
function owningProject(file, byDir) {
    let dir = external_node_path_default().posix.dirname(file);
    while (dir !== '.' && dir !== '/') {
        if (byDir.has(dir))
            return dir;
        dir = external_node_path_default().posix.dirname(dir);
    }
    return undefined;
}
function normalize(file) {
    return external_node_path_default().posix.normalize(file);
}
/** The `strategy.matrix` value for a job per affected project. */
function toMatrix(result) {
    return {
        include: result.projects.map((p) => ({
            project: p.name,
            dir: p.dir,
            trains: p.trains,
            promotes: p.promotes,
        })),
    };
}

;// CONCATENATED MODULE: ./shared/affected/index.ts



/** The projects changed between the merge base of `base` and `head`, read from git. */
async function findAffected(options) {
    const { workspace, base, head, logger } = options;
    const changes = await changedFiles(workspace.root, base, head, logger);
    logger.debug(`${changes.length} file(s) changed between ${base}...${head}`);
    return { ...affectedProjects(workspace, changes), changedFiles: changes.length };
}


/***/ })

};
