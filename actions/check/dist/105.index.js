export const id = 105;
export const ids = [105,345];
export const modules = {

/***/ 4105:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkSummaryMarkdown: () => (/* reexport */ checkSummaryMarkdown),
  reportAnnotations: () => (/* reexport */ reportAnnotations),
  k_: () => (/* binding */ runCheck)
});

// UNUSED EXPORTS: WORKSPACE_RUFF_CONFIG, checkSchema, formatCheckForTerminal, ruffOverridesSchema, workspaceRuffConfig

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: ./shared/environment/index.ts + 1 modules
var environment = __webpack_require__(8345);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./shared/check/tool.ts




/**
 * Runs a tool to completion and hands back its exit code: ruff and pytest report findings through
 * non-zero codes, so a non-zero exit is data here, not an error.
 */
function runTool(command, args, options) {
    options.logger.debug(`$ (in ${options.cwd}) ${command} ${args.join(' ')}`);
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(command, args, {
            cwd: options.cwd,
            env: options.env ?? process.env,
            signal: options.signal,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const stdout = [];
        const stderr = [];
        child.stdout.on('data', (chunk) => stdout.push(chunk));
        child.stderr.on('data', (chunk) => stderr.push(chunk));
        child.on('error', reject);
        child.on('close', (code, sig) => {
            const out = Buffer.concat(stdout).toString('utf8');
            const err = Buffer.concat(stderr).toString('utf8');
            if (code === null) {
                reject(new Error(`${external_node_path_default().basename(command)} was stopped by ${sig}: ${tail(err)}`));
            }
            else {
                resolve({ code, stdout: out, stderr: err });
            }
        });
    });
}
function tail(text, lines = 15) {
    return text.trim().split('\n').slice(-lines).join('\n');
}
/** A tool of the workspace environment; its absence is a gap in the workspace's requirements. */
function toolIn(bin, name) {
    const file = external_node_path_default().join(bin, name);
    if (!(0,external_node_fs_.existsSync)(file)) {
        throw new errors/* ConfigurationError */.j1(`${file}: expected ${name} in the workspace environment, found none. Add ${name} to environment.requirements and run \`mlenv env lock\`.`);
    }
    return file;
}
/** A path relative to the workspace root with forward slashes, as annotations want it. */
function workspaceRelative(workspaceRoot, file) {
    return external_node_path_default().relative(workspaceRoot, external_node_path_default().resolve(workspaceRoot, file)).split((external_node_path_default()).sep).join('/');
}

;// CONCATENATED MODULE: ./shared/check/managed-tools.ts







/**
 * The ruff and pytest MLEnv runs when the workspace's lock has none: the versions the workspace
 * template pins, so a new workspace and one without the tools check alike.
 */
const MANAGED_RUFF_VERSION = '0.17.6';
const MANAGED_PYTEST_VERSION = '9.2.0';
const COMPLETE = '.mlenv-complete';
/**
 * Hides itself and appends the pinned pytest's directory to sys.path after the environment's
 * site-packages (PYTHONPATH would put it before them), so that pytest's own dependencies never
 * shadow the team's locked versions (packaging, pygments) and their code is tested against the
 * lock. It is found through PYTHONPATH, ahead of any sitecustomize of the environment's, which
 * it then runs in its place.
 */
const SITECUSTOMIZE = `# Written by MLEnv: its pinned pytest, importable after the environment's own packages.
import importlib.machinery
import importlib.util
import os
import site
import sys

_shim = os.path.dirname(os.path.abspath(__file__))
site.addsitedir(os.path.join(os.path.dirname(_shim), "site"))
sys.path[:] = [p for p in sys.path if not (p and os.path.abspath(p) == _shim)]
_spec = importlib.machinery.PathFinder.find_spec("sitecustomize", sys.path)
if _spec is not None and _spec.loader is not None:
    _module = importlib.util.module_from_spec(_spec)
    sys.modules[__name__] = _module
    _spec.loader.exec_module(_module)
`;
/** Where MLEnv keeps the tools it manages: ~/.cache/mlenv/tools, or under XDG_CACHE_HOME. */
function managedToolsDir(env = process.env) {
    return external_node_path_default().join(env.XDG_CACHE_HOME || external_node_path_default().join(external_node_os_default().homedir(), '.cache'), 'mlenv', 'tools');
}
function checkTools(options) {
    let ruff;
    let pytest;
    return {
        ruff: () => {
            ruff ??= resolveRuff(options);
            return ruff;
        },
        pytest: () => {
            pytest ??= resolvePytest(options, process.env);
            return pytest;
        },
    };
}
/** The one line a run says about a managed tool: which, why, and where when it installs it. */
function announce(options, tool, version, dir) {
    const source = options.source ?? `the environment ${external_node_path_default().dirname(options.bin)}`;
    const installing = (0,external_node_fs_.existsSync)(external_node_path_default().join(dir, COMPLETE)) ? '' : `; installing it into ${dir}`;
    options.logger.info(`Using MLEnv's pinned ${tool} ${version} (${source} has none; add ${tool} to environment.requirements to pin your own)${installing}`);
}
/** The environment's ruff, else MLEnv's pinned one. */
async function resolveRuff(options) {
    const own = external_node_path_default().join(options.bin, 'ruff');
    if ((0,external_node_fs_.existsSync)(own))
        return own;
    const python = external_node_path_default().join(options.bin, 'python');
    const name = `ruff-${MANAGED_RUFF_VERSION}`;
    announce(options, 'ruff', MANAGED_RUFF_VERSION, external_node_path_default().join(managedToolsDir(), name));
    const dir = await installOnce(name, `ruff==${MANAGED_RUFF_VERSION}`, {
        ...options,
        python: (0,external_node_fs_.existsSync)(python) ? python : undefined,
    });
    return external_node_path_default().join(dir, 'site', 'bin', 'ruff');
}
/**
 * The environment's Python with its own pytest, else with MLEnv's pinned pytest importable after
 * the environment's packages: tests must import the team's code and its dependencies, so pytest
 * cannot run from a venv of its own. `baseEnv` is the environment the tests will get (its
 * PYTHONPATH is kept, after MLEnv's entry).
 */
async function resolvePytest(options, baseEnv) {
    const python = options.python ?? environmentPython(options.bin);
    // One start of Python for both: pytest's dependencies differ by version (tomli before 3.11).
    const probe = await runTool(python, [
        '-c',
        'import importlib.util, sys; print(sys.implementation.name + "%d.%d" % sys.version_info[:2], importlib.util.find_spec("pytest") is not None)',
    ], { cwd: external_node_os_default().tmpdir(), env: baseEnv, logger: options.logger, signal: options.signal }).catch((error) => {
        if (error.code !== 'ENOENT')
            throw error;
        throw new errors/* ConfigurationError */.j1(`${python}: expected the Python of the workspace environment, found no such program`);
    });
    const [tag = '', own] = probe.stdout.trim().split(' ');
    if (probe.code !== 0 || !/^[a-z]+\d+\.\d+$/.test(tag)) {
        throw new Error(`${python} did not say its version: ${tail(`${probe.stdout}\n${probe.stderr}`)}`);
    }
    if (own === 'True')
        return { python, env: {} };
    const name = `pytest-${MANAGED_PYTEST_VERSION}-${tag}`;
    announce(options, 'pytest', MANAGED_PYTEST_VERSION, external_node_path_default().join(managedToolsDir(), name));
    const dir = await installOnce(name, `pytest==${MANAGED_PYTEST_VERSION}`, {
        ...options,
        python,
        files: { 'shim/sitecustomize.py': SITECUSTOMIZE },
    });
    const shim = external_node_path_default().join(dir, 'shim');
    const rest = baseEnv.PYTHONPATH;
    return { python, env: { PYTHONPATH: rest ? `${shim}${(external_node_path_default()).delimiter}${rest}` : shim } };
}
function environmentPython(bin) {
    const python = external_node_path_default().join(bin, 'python');
    if (!(0,external_node_fs_.existsSync)(python)) {
        throw new errors/* ConfigurationError */.j1(`${python}: expected the Python of the workspace environment, found none. Run \`mlenv setup\` to build the environment, or give --venv a virtual environment.`);
    }
    return python;
}
/**
 * `requirement` installed with uv into <tools>/<name>/site, once: built in a temporary sibling
 * and renamed into place complete, so a process that stops half-way leaves nothing a later one
 * would use, and two processes installing at once both end with the same whole copy.
 */
async function installOnce(name, requirement, options) {
    const tools = managedToolsDir();
    const dir = external_node_path_default().join(tools, name);
    if ((0,external_node_fs_.existsSync)(external_node_path_default().join(dir, COMPLETE)))
        return dir;
    const uv = await (0,environment/* findUv */.d4)(options.logger);
    await (0,promises_.mkdir)(tools, { recursive: true });
    const tmp = await (0,promises_.mkdtemp)(external_node_path_default().join(tools, `.${name}.tmp-`));
    try {
        const result = await runTool(uv, [
            'pip',
            'install',
            '--quiet',
            '--target',
            external_node_path_default().join(tmp, 'site'),
            ...(options.python ? ['--python', options.python] : []),
            ...(options.indexArgs ?? []),
            requirement,
        ], { cwd: tmp, logger: options.logger, signal: options.signal });
        if (result.code !== 0) {
            const tool = requirement.split('==')[0];
            throw new errors/* ExternalError */.yA(`Could not install MLEnv's pinned ${requirement} with uv: is the package index reachable? ` +
                `Make it reachable, or add ${tool} to environment.requirements and run \`mlenv env lock\` so the environment has its own.\n` +
                `uv said: ${tail(result.stderr, 8)}`);
        }
        for (const [file, text] of Object.entries(options.files ?? {})) {
            await (0,promises_.mkdir)(external_node_path_default().dirname(external_node_path_default().join(tmp, file)), { recursive: true });
            await (0,promises_.writeFile)(external_node_path_default().join(tmp, file), text);
        }
        await (0,promises_.writeFile)(external_node_path_default().join(tmp, COMPLETE), `${requirement}\n`);
        await moveIntoPlace(tmp, dir);
    }
    finally {
        await (0,promises_.rm)(tmp, { recursive: true, force: true });
    }
    return dir;
}
async function moveIntoPlace(tmp, dir) {
    try {
        await (0,promises_.rename)(tmp, dir);
    }
    catch (error) {
        // Another process finished the same install first: its copy is as good as ours.
        if ((0,external_node_fs_.existsSync)(external_node_path_default().join(dir, COMPLETE)))
            return;
        // Not one of ours (those are renamed in whole): clear it and take the place.
        const code = error.code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST')
            throw error;
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        await (0,promises_.rename)(tmp, dir).catch((again) => {
            if (!(0,external_node_fs_.existsSync)(external_node_path_default().join(dir, COMPLETE)))
                throw again;
        });
    }
}

// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/xmlparser/XMLParser.js + 28 modules
var XMLParser = __webpack_require__(8879);
;// CONCATENATED MODULE: ./shared/check/pytest.ts






/** pytest's exit code when it collected no tests: not a failure for a project without tests. */
const PYTEST_NO_TESTS = 5;
const parser = new XMLParser/* default */.A({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    // pytest escapes newlines inside attributes as &#10;.
    htmlEntities: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
});
function emptySummary() {
    return { passed: 0, failed: 0, skipped: 0, errors: 0, durationS: 0 };
}
/**
 * Results from pytest's xunit1 JUnit XML. xunit1 keeps each test's file and definition line,
 * which xunit2 drops; the file is relative to pytest's rootdir, the project directory here.
 */
function parseJunitXml(xml, where) {
    const doc = parser.parse(xml);
    const suites = doc.testsuites?.testsuite ?? doc.testsuite ?? [];
    const projectAbs = external_node_path_default().resolve(where.workspaceRoot, where.projectDir);
    const summary = emptySummary();
    const results = [];
    for (const suite of suites) {
        summary.durationS += Number(suite.time ?? 0);
        for (const testcase of suite.testcase ?? []) {
            const result = testResult(testcase, projectAbs, where.workspaceRoot);
            results.push(result);
            if (result.outcome === 'error')
                summary.errors++;
            else
                summary[result.outcome]++;
        }
    }
    summary.durationS = round(summary.durationS);
    return { summary, results };
}
function testResult(testcase, projectAbs, workspaceRoot) {
    const classname = testcase.classname ?? '';
    const name = testcase.name ?? '';
    // Only xunit2 lacks `file`; pytest then names the module in classname.
    const file = testcase.file ?? `${classname.split('.').join('/')}.py`;
    const [outcome, detail] = outcomeOf(testcase);
    const line = testcase.line === undefined ? 0 : Number(testcase.line) + 1;
    const result = {
        nodeId: nodeIdOf(file, classname, name),
        file: workspaceRelative(workspaceRoot, external_node_path_default().join(projectAbs, file)),
        line,
        outcome,
        durationS: Number(testcase.time ?? 0),
    };
    if (detail) {
        const message = typeof detail === 'string' ? undefined : detail.message;
        const details = typeof detail === 'string' ? detail : detail['#text'];
        if (message)
            result.message = message;
        if (details)
            result.details = details.trimEnd();
        if (outcome === 'failed' || outcome === 'error') {
            result.failureLine = lineInFile(details ?? '', file, projectAbs) ?? Math.max(line, 1);
        }
    }
    return result;
}
function outcomeOf(testcase) {
    if (testcase.failure !== undefined)
        return ['failed', testcase.failure];
    if (testcase.error !== undefined)
        return ['error', testcase.error];
    if (testcase.skipped !== undefined)
        return ['skipped', testcase.skipped];
    return ['passed', undefined];
}
/** pytest's node id from xunit1's file and dotted classname ("tests.test_x.TestY"). */
function nodeIdOf(file, classname, name) {
    // A module that failed to import is reported under its own dotted name, with no classname.
    if (!classname)
        return file;
    const module = file.replace(/\.py$/, '').split('/').join('.');
    const classes = classname === module || classname.startsWith(`${module}.`)
        ? classname.slice(module.length).split('.').filter(Boolean)
        : [];
    return [file, ...classes, name].join('::');
}
/**
 * The deepest traceback entry in the test's own file (`tests/test_x.py:12: AssertionError`):
 * where the failing assertion or the call that raised is written.
 */
function lineInFile(traceback, file, projectAbs) {
    const target = external_node_path_default().resolve(projectAbs, file);
    let found;
    for (const match of traceback.matchAll(/^(\S[^\n]*?\.py):(\d+):/gm)) {
        const [, where, line] = match;
        if (where && line && external_node_path_default().resolve(projectAbs, where) === target)
            found = Number(line);
    }
    return found;
}
/** pytest on a project's unit tests, GPU tests excluded, results read from JUnit XML. */
async function runPytest(options) {
    const projectAbs = external_node_path_default().resolve(options.workspaceRoot, options.projectDir);
    const unitTests = options.unitTests ?? 'tests';
    if (!(0,external_node_fs_.existsSync)(external_node_path_default().join(projectAbs, unitTests))) {
        options.logger.warning(`${workspaceRelative(options.workspaceRoot, external_node_path_default().join(projectAbs, unitTests))}: no unit test directory; no tests run`);
        return { summary: emptySummary(), results: [] };
    }
    const { python, env } = options.pytest ? await options.pytest() : environmentPytest(options.bin);
    const tmp = await (0,promises_.mkdtemp)(external_node_path_default().join(external_node_os_default().tmpdir(), 'mlenv-pytest-'));
    const junit = external_node_path_default().join(tmp, 'junit.xml');
    try {
        // `python -m pytest` puts the project directory on sys.path, so tests import the project's
        // modules without it being an installed package.
        const result = await runTool(python, [
            '-m',
            'pytest',
            unitTests,
            '-m',
            'not gpu',
            `--junitxml=${junit}`,
            ...pytestReportArgs(projectAbs),
            '-q',
        ], {
            cwd: projectAbs,
            logger: options.logger,
            signal: options.signal,
            env: { ...process.env, ...env },
        });
        const xml = await (0,promises_.readFile)(junit, 'utf8').catch(() => undefined);
        const run = xml
            ? parseJunitXml(xml, { workspaceRoot: options.workspaceRoot, projectDir: projectAbs })
            : { summary: emptySummary(), results: [] };
        // 0 passed, 1 failures, 2 interrupted (collection errors, reported as testcases), 5 no tests.
        const known = result.code <= 2 || result.code === PYTEST_NO_TESTS;
        if (!known || (result.code !== 0 && result.code !== PYTEST_NO_TESTS && !hasProblem(run))) {
            return {
                ...run,
                runError: `pytest exited with code ${result.code}: ${tail(`${result.stdout}\n${result.stderr}`)}`,
            };
        }
        return run;
    }
    finally {
        await (0,promises_.rm)(tmp, { recursive: true, force: true });
    }
}
function environmentPytest(bin) {
    toolIn(bin, 'pytest');
    return { python: toolIn(bin, 'python'), env: {} };
}
function hasProblem(run) {
    return run.summary.failed + run.summary.errors > 0;
}
function round(seconds) {
    return Math.round(seconds * 1000) / 1000;
}
/**
 * What every pytest run MLEnv reads the results of needs: xunit1 JUnit XML (it keeps each test's
 * file and line), node ids relative to the project wherever its ini files are, and no
 * --last-failed cache littering the checkout.
 */
function pytestReportArgs(projectAbs) {
    return [
        '-o',
        'junit_family=xunit1',
        `--rootdir=${projectAbs}`,
        '-p',
        'no:cacheprovider',
        '--color=no',
    ];
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
;// CONCATENATED MODULE: ./shared/check/ruff.ts



// Only the fields read below: ruff's JSON carries more and adds fields between releases.
const ruffDiagnostics = schemas/* array */.YOg(schemas/* object */.Ikc({
    code: schemas/* string */.YjP().nullable(),
    message: schemas/* string */.YjP(),
    filename: schemas/* string */.YjP(),
    location: schemas/* object */.Ikc({ row: schemas/* number */.aig(), column: schemas/* number */.aig() }),
    end_location: schemas/* object */.Ikc({ row: schemas/* number */.aig(), column: schemas/* number */.aig() }),
    fix: schemas/* object */.Ikc({ applicability: schemas/* string */.YjP() }).nullable().optional(),
    url: schemas/* string */.YjP().nullable().optional(),
}));
/**
 * `--config` arguments: the workspace file, then the project's overrides as TOML key=value pairs
 * that ruff layers on top of it. Per-file patterns are made relative to the workspace root,
 * because ruff runs there and resolves them against its working directory.
 */
function ruffConfigArgs(workspaceRoot, projectDir, ruffConfig, overrides) {
    const args = [];
    if (ruffConfig)
        args.push('--config', ruffConfig);
    if (!overrides)
        return args;
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
function parseRuffJson(json, workspaceRoot) {
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
async function runRuffCheck(options) {
    const ruff = options.ruff ?? toolIn(options.bin, 'ruff');
    const target = workspaceRelative(options.workspaceRoot, options.projectDir);
    const result = await runTool(ruff, [
        'check',
        '--output-format=json',
        '--no-fix',
        ...ruffConfigArgs(options.workspaceRoot, options.projectDir, options.ruffConfig, options.overrides),
        target,
    ], { cwd: options.workspaceRoot, logger: options.logger, signal: options.signal });
    // 0: clean, 1: findings; 2 is ruff refusing to run, nearly always an invalid configuration.
    if (result.code > 1) {
        throw new errors/* ConfigurationError */.j1(`ruff check ${target} failed: ${tail(result.stderr)}`);
    }
    return parseRuffJson(result.stdout, options.workspaceRoot);
}
/**
 * Files of a unified diff from `ruff format --diff`, each at the first line that would change
 * (in the file as it is now).
 */
function parseFormatDiff(diff, workspaceRoot) {
    const findings = [];
    const lines = diff.split('\n');
    let file;
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
        if (file === undefined || found)
            continue;
        const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(text);
        if (hunk) {
            line = Number(hunk[1]);
        }
        else if (text.startsWith(' ')) {
            line++;
        }
        else if (text.startsWith('-') || text.startsWith('+')) {
            findings.push({ file, line: Math.max(line, 1) });
            found = true;
        }
    }
    return findings;
}
/** `ruff format --diff` on one project: the files it would reformat. */
async function runRuffFormat(options) {
    const ruff = options.ruff ?? toolIn(options.bin, 'ruff');
    const target = workspaceRelative(options.workspaceRoot, options.projectDir);
    const config = options.ruffConfig ? ['--config', options.ruffConfig] : [];
    const result = await runTool(ruff, ['format', '--diff', ...config, target], {
        cwd: options.workspaceRoot,
        logger: options.logger,
        signal: options.signal,
    });
    if (result.code > 1) {
        throw new errors/* ConfigurationError */.j1(`ruff format ${target} failed: ${tail(result.stderr)}`);
    }
    const findings = parseFormatDiff(result.stdout, options.workspaceRoot);
    if (result.code === 1 && findings.length === 0) {
        // The diff format changed under us; claiming "formatted" here would hide real findings.
        throw new Error(`ruff format --diff ${target} reported changes that could not be read: ${tail(result.stdout)}`);
    }
    return findings;
}

;// CONCATENATED MODULE: ./shared/check/report.ts

/** One error annotation per finding, at the workspace-relative file and line it is about. */
function reportAnnotations(result, logger) {
    for (const project of result.projects) {
        for (const d of project.lint) {
            logger.error(`${d.message}${d.fixable ? ' (fixable with `ruff check --fix`)' : ''}`, {
                file: d.file,
                line: d.line,
                column: d.column,
                title: `ruff ${d.code}`,
            });
        }
        for (const f of project.format) {
            logger.error(`${f.file} would be reformatted: run \`ruff format ${f.file}\``, {
                file: f.file,
                line: f.line,
                title: 'ruff format',
            });
        }
        for (const t of project.failures) {
            logger.error(t.message ?? `${t.nodeId} ${t.outcome}`, {
                file: t.file,
                line: t.failureLine ?? Math.max(t.line, 1),
                title: `pytest ${testName(t)}`,
            });
        }
        if (project.testRunError)
            logger.error(`${project.name}: ${project.testRunError}`);
    }
}
/** The test's name within its file: "test_x", "TestY::test_x[1]", or the file for import errors. */
function testName(test) {
    return test.nodeId.split('::').slice(1).join('::') || test.nodeId;
}
function failureLine(t) {
    return t.failureLine ?? Math.max(t.line, 1);
}
function firstLine(text) {
    return (text ?? '').split('\n')[0]?.trim() ?? '';
}
function formatDuration(seconds) {
    if (seconds < 60)
        return `${seconds.toFixed(1)}s`;
    const minutes = Math.floor(seconds / 60);
    return `${minutes}m${Math.round(seconds - minutes * 60)}s`;
}
function testCounts(project) {
    const { passed, failed, skipped, errors, durationS } = project.tests;
    const parts = [`${passed} passed`, `${failed} failed`];
    if (errors > 0)
        parts.push(plural(errors, 'error'));
    parts.push(`${skipped} skipped`);
    return `${parts.join(', ')} in ${formatDuration(durationS)}`;
}
function problemCounts(projects) {
    const sum = (f) => projects.reduce((n, p) => n + f(p), 0);
    const parts = [];
    const lint = sum((p) => p.lint.length);
    const format = sum((p) => p.format.length);
    const failing = sum((p) => p.failures.length);
    const broken = sum((p) => (p.testRunError ? 1 : 0));
    if (lint)
        parts.push(plural(lint, 'lint finding'));
    if (format)
        parts.push(plural(format, 'file to format', 'files to format'));
    if (failing)
        parts.push(plural(failing, 'failing test'));
    if (broken)
        parts.push(plural(broken, 'pytest run that failed', 'pytest runs that failed'));
    return parts.join(', ');
}
/** file:line: message lines grouped per project, then one line with the verdict. */
function formatCheckForTerminal(result) {
    const lines = [];
    for (const project of result.projects) {
        const problems = problemCounts([project]);
        lines.push(`${project.name} (${project.dir}): ${project.ok ? 'ok' : problems}`);
        for (const d of project.lint) {
            lines.push(`  ${d.file}:${d.line}:${d.column}: ${d.code} ${d.message}${d.fixable ? ' [*]' : ''}`);
        }
        for (const f of project.format) {
            lines.push(`  ${f.file}:${f.line}: would be reformatted by ruff format`);
        }
        for (const t of project.failures) {
            const label = t.outcome === 'error' ? 'ERROR' : 'FAILED';
            lines.push(`  ${t.file}:${failureLine(t)}: ${label} ${t.nodeId}: ${firstLine(t.message)}`);
        }
        if (project.testRunError)
            lines.push(`  ${project.testRunError.split('\n').join('\n  ')}`);
        lines.push(`  tests: ${testCounts(project)}`);
    }
    const total = result.projects.length;
    const passed = result.projects.reduce((n, p) => n + p.tests.passed, 0);
    const duration = formatDuration(result.durationS);
    if (result.ok) {
        lines.push(`check passed: ${plural(total, 'project')}, ${plural(passed, 'test')} passed in ${duration}`);
    }
    else {
        const failing = result.projects.filter((p) => !p.ok);
        lines.push(`check failed: ${failing.length} of ${plural(total, 'project')} (${problemCounts(failing)}) in ${duration}`);
    }
    return `${lines.join('\n')}\n`;
}
function cell(ok, count) {
    return ok ? '✅' : `❌ ${count}`;
}
/** A fence longer than any backtick run in the text, so tracebacks cannot end the block early. */
function fenced(text) {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}text\n${text}\n${fence}`;
}
function inline(text) {
    return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}
/** One table row per project, then the details of every project that failed. */
function checkSummaryMarkdown(result) {
    const out = [
        `## mlenv check ${result.ok ? 'passed' : 'failed'}`,
        '',
        '| project | lint | format | passed | failed | skipped | duration |',
        '| --- | --- | --- | ---: | ---: | ---: | ---: |',
    ];
    for (const p of result.projects) {
        const failed = p.tests.failed + p.tests.errors + (p.testRunError ? 1 : 0);
        out.push(`| ${p.ok ? '✅' : '❌'} ${p.name} | ${cell(p.lint.length === 0, p.lint.length)} | ${cell(p.format.length === 0, p.format.length)} | ${p.tests.passed} | ${failed} | ${p.tests.skipped} | ${formatDuration(p.durationS)} |`);
    }
    for (const p of result.projects.filter((project) => !project.ok)) {
        out.push('', `### ❌ ${p.name} (\`${p.dir}\`)`);
        if (p.lint.length > 0) {
            out.push('', '**ruff check**', '');
            for (const d of p.lint) {
                out.push(`- \`${d.file}:${d.line}:${d.column}\` ${d.code}: ${inline(d.message)}`);
            }
        }
        if (p.format.length > 0) {
            out.push('', '**ruff format** (run `ruff format` on these files)', '');
            for (const f of p.format)
                out.push(`- \`${f.file}:${f.line}\``);
        }
        if (p.failures.length > 0 || p.testRunError) {
            out.push('', '**pytest**', '');
            for (const t of p.failures) {
                out.push(`- \`${t.file}:${failureLine(t)}\` ${t.outcome} \`${t.nodeId}\`: ${inline(firstLine(t.message))}`);
                if (t.details) {
                    out.push('', '<details><summary>traceback</summary>', '', fenced(t.details), '', '</details>', '');
                }
            }
            if (p.testRunError)
                out.push('', fenced(p.testRunError));
        }
    }
    return `${out.join('\n')}\n`;
}

// EXTERNAL MODULE: ./shared/check/schema.ts
var schema = __webpack_require__(5286);
;// CONCATENATED MODULE: ./shared/check/index.ts








const WORKSPACE_RUFF_CONFIG = 'ruff.toml';
/** The workspace's ruff configuration file, when it has one. */
function workspaceRuffConfig(workspaceRoot) {
    const file = external_node_path_default().join(workspaceRoot, WORKSPACE_RUFF_CONFIG);
    return (0,external_node_fs_.existsSync)(file) ? file : undefined;
}
/**
 * ruff check, ruff format and the unit tests of each project, in turn. Findings are results, not
 * exceptions: the caller decides how to report them (annotations, summary, terminal).
 */
async function runCheck(options) {
    const started = Date.now();
    const workspaceRoot = external_node_path_default().resolve(options.workspaceRoot);
    const ruffConfig = options.ruffConfig ?? workspaceRuffConfig(workspaceRoot);
    const tools = checkTools({
        bin: options.bin,
        source: options.environmentSource,
        indexArgs: options.indexArgs,
        logger: options.logger,
        signal: options.signal,
    });
    const projects = [];
    for (const project of options.projects) {
        options.signal?.throwIfAborted();
        projects.push(await checkProject(project, { ...options, workspaceRoot, ruffConfig }, tools));
    }
    return {
        projects,
        ok: projects.every((p) => p.ok),
        durationS: seconds(Date.now() - started),
    };
}
async function checkProject(project, options, tools) {
    const started = Date.now();
    const dir = workspaceRelative(options.workspaceRoot, project.dir);
    const runner = {
        bin: options.bin,
        projectDir: dir,
        workspaceRoot: options.workspaceRoot,
        ruffConfig: options.ruffConfig,
        overrides: project.check?.ruff,
        logger: options.logger,
        signal: options.signal,
    };
    // Asked for before the group, so that the line saying MLEnv runs its own tool stays in view.
    const ruff = await tools.ruff();
    if ((0,external_node_fs_.existsSync)(external_node_path_default().join(options.workspaceRoot, dir, project.unitTests ?? 'tests'))) {
        await tools.pytest();
    }
    options.logger.startGroup(`Checking ${project.name} (${dir})`);
    try {
        const lint = await runRuffCheck({ ...runner, ruff });
        const format = await runRuffFormat({ ...runner, ruff });
        const tests = await runPytest({
            ...runner,
            unitTests: project.unitTests,
            pytest: tools.pytest,
        });
        const failures = tests.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error');
        const result = {
            name: project.name,
            dir,
            lint,
            format,
            tests: tests.summary,
            failures,
            ok: lint.length === 0 && format.length === 0 && failures.length === 0 && !tests.runError,
            durationS: seconds(Date.now() - started),
        };
        if (tests.runError)
            result.testRunError = tests.runError;
        options.logger.info(`${project.name}: ${lint.length} lint, ${format.length} format, ${tests.summary.passed} passed, ${failures.length} failed`);
        return result;
    }
    finally {
        options.logger.endGroup();
    }
}
function seconds(ms) {
    return Math.round(ms / 100) / 10;
}


/***/ }),

/***/ 5286:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ checkSchema)
/* harmony export */ });
/* unused harmony export ruffOverridesSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8816);

// Rule selectors as ruff spells them: a linter prefix, optionally narrowed by digits ("F", "F401",
// "PLR2", "ALL").
const ruleSelector = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({ error: 'a ruff rule selector such as "F401" or "D"' })
    .regex(/^[A-Z]+[0-9]*$/, { error: 'a ruff rule selector such as "F401" or "D"' });
const projectGlob = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({ error: 'a glob relative to the project directory, such as "tests/*.py"' })
    .min(1)
    .refine((g) => !g.startsWith('/') && !g.split('/').includes('..'), {
    error: 'a glob relative to the project directory, without ".."',
});
/**
 * A project's own adjustments to the workspace's one ruff configuration. Only rule selection may
 * change: line length, target version and formatting stay workspace-wide so every project reads
 * and formats alike.
 */
const ruffOverridesSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    /** Rules checked in this project on top of the workspace's selection. */
    extendSelect: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(ruleSelector).default([]),
    /** Rules not checked in this project, on top of the workspace's ignores. */
    ignore: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(ruleSelector).default([]),
    /** Rules ignored in some of this project's files; globs are relative to the project directory. */
    perFileIgnores: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(projectGlob, zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(ruleSelector)).default({}),
});
/** The optional `check` section of a project's mlenv.yaml. */
const checkSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    ruff: ruffOverridesSchema.optional(),
});


/***/ }),

/***/ 8345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  d4: () => (/* binding */ findUv),
  t4: () => (/* binding */ indexArguments),
  resolveEnvironment: () => (/* binding */ resolveEnvironment)
});

// UNUSED EXPORTS: UV_VERSION, checkLock, environmentAt, environmentBuilt, environmentIndexes, lockEnvironment, lockHash, lockInputsHash, normalizeName, parseLockPins, requirementName, stampLock

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
;// CONCATENATED MODULE: ./shared/environment/torch-backend.ts






const execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** Where uv's `--torch-backend cpu` takes the PyTorch packages from (compiled into uv). */
const PYTORCH_CPU_INDEX = 'https://download.pytorch.org/whl/cpu';
/** The probe's own limits: one try, a short HTTP timeout, and a hard stop for the process. */
const PROBE_HTTP_TIMEOUT_S = 5;
const PROBE_PROCESS_TIMEOUT_MS = 30_000;
/** Records in the lock's header which uv torch backend resolved it, so installs use the same. */
const BACKEND_LINE = '#    mlenv-torch-backend: ';
/**
 * Whether a lock should try PyTorch's CPU wheels. Only a `cpu` workspace that leaves torch to
 * PyPI: an explicit pytorchIndex is the user's choice, and a workspace with its own indexUrl (a
 * company mirror) must not have torch fetched from outside it behind its back.
 */
function torch_backend_torchBackendPlan(environment) {
    if (environment.cuda !== 'cpu' || environment.pytorchIndex)
        return { probe: false };
    if (environment.indexUrl)
        return { probe: false, mirror: environment.indexUrl };
    return { probe: true };
}
/**
 * The torch backend a lock was made with, from its header; undefined for a plain lock. The value
 * reaches uv's argv and a Dockerfile's RUN line, so only a backend name is accepted.
 */
function lockTorchBackend(lock, file = 'the lock') {
    const lines = lock.split('\n');
    const at = lines.findIndex((l) => l.startsWith(BACKEND_LINE));
    if (at === -1)
        return undefined;
    const backend = lines[at].slice(BACKEND_LINE.length).trim();
    if (!/^[a-z][a-z0-9.]*$/.test(backend))
        throw new errors/* ConfigurationError */.j1(`${file}:${at + 1}: expected a uv torch backend such as "cpu" after "${BACKEND_LINE.slice(1).trim()}", found "${backend}"`);
    return backend;
}
/** The header line recording the backend (the lock hash covers it, so images differ too). */
function torch_backend_torchBackendLine(backend) {
    return `${BACKEND_LINE}${backend}`;
}
function torch_backend_isTorchBackendLine(line) {
    return line.startsWith(BACKEND_LINE);
}
/** uv's options for installing a lock: its recorded backend, or none. */
function torchBackendArguments(lock, file) {
    const backend = lockTorchBackend(lock, file);
    return backend ? ['--torch-backend', backend] : [];
}
/**
 * What PyPI's torch costs a `cpu` lock: undefined when the lock has no torch or its torch brings
 * no CUDA packages (resolved on macOS, say), where falling back costs nothing worth a warning.
 */
function torch_backend_cudaCost(pins) {
    const torch = pins.get('torch');
    const packages = [...pins.keys()].filter((name) => /^(nvidia|cuda)-/.test(name)).length;
    return torch && packages > 0 ? { torch, packages } : undefined;
}
function costText(cost) {
    return `${cost.packages} CUDA packages (nvidia-*, cuda-*; several GB) this cpu environment will not use`;
}
/** The one line a `cpu` lock logs when PyTorch's CPU index did not answer the probe. */
function torch_backend_unreachableWarning(reason, cost) {
    return `PyTorch's CPU index ${PYTORCH_CPU_INDEX} is not reachable (${reason}): locked PyPI's torch ${cost.torch}, which pulls ${costText(cost)}`;
}
/** The one line a `cpu` lock logs when its own indexUrl served a CUDA torch. */
function torch_backend_mirrorWarning(indexUrl, cost) {
    return `environment.indexUrl ${indexUrl} served torch ${cost.torch}, which pulls ${costText(cost)}: set environment.pytorchIndex to its copy of ${PYTORCH_CPU_INDEX} for CPU-only wheels`;
}
/** The most telling line of a failed uv run: its innermost `cause:`, else its first line. */
function uvFailureReason(stderr) {
    const lines = stderr
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    const causes = lines.filter((line) => line.startsWith('cause:'));
    const last = causes.at(-1) ?? lines[0] ?? 'no output';
    return last.replace(/^(cause|error):\s*/, '');
}
/**
 * Whether uv can resolve torch from PyPI's CPU index right now: uv itself asks, so its proxy,
 * certificate and credential settings count exactly as they will for the lock. One try with a
 * short timeout, so an unreachable index costs seconds, not uv's retries.
 */
async function torch_backend_probeCpuTorchBackend(uv, python) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mlenv-torch-probe-'));
    try {
        const input = path.join(dir, 'probe.in');
        await writeFile(input, 'torch\n');
        await execFileAsync(uv, [
            'pip',
            'compile',
            '--quiet',
            '--no-header',
            '--no-annotate',
            '--no-deps',
            '--torch-backend',
            'cpu',
            '--python-version',
            python,
            input,
        ], {
            timeout: PROBE_PROCESS_TIMEOUT_MS,
            maxBuffer: 4 * 1024 * 1024,
            env: {
                ...process.env,
                UV_HTTP_RETRIES: '0',
                UV_HTTP_TIMEOUT: String(PROBE_HTTP_TIMEOUT_S),
            },
        });
        return { ok: true };
    }
    catch (error) {
        const e = error;
        if (e.killed)
            return { ok: false, reason: `no answer in ${PROBE_PROCESS_TIMEOUT_MS / 1000}s` };
        return { ok: false, reason: uvFailureReason(e.stderr || e.message) };
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./shared/environment/index.ts









const environment_execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** The uv release MLEnv bootstraps when none is on PATH. */
const UV_VERSION = '0.13.9';
const COMPLETE = '.mlenv-complete';
function environmentAt(venv, lockHash) {
    const bin = external_node_path_default().join(venv, 'bin');
    return {
        venv,
        bin,
        python: external_node_path_default().join(bin, 'python'),
        mlflow: external_node_path_default().join(bin, 'mlflow'),
        lockHash,
    };
}
async function lockHash(workspace) {
    const { environment } = workspace.config;
    const lock = await (0,promises_.readFile)(external_node_path_default().join(workspace.root, environment.lock), 'utf8').catch(() => {
        throw new errors/* ConfigurationError */.j1(`${environment.lock}: expected the environment lock, found no file. Run \`mlenv env lock\` and commit it.`);
    });
    return (0,external_node_crypto_.createHash)('sha256')
        .update(`${environment.python}\0${environment.cuda}\0${lock}`)
        .digest('hex')
        .slice(0, 12);
}
/** Whether the environment of the current lock has been built (and so is a cache hit). */
async function environmentBuilt(workspace) {
    if (process.env.MLENV_VENV)
        return true;
    const venv = path.join(workspace.root, '.mlenv', 'venvs', await lockHash(workspace));
    return existsSync(path.join(venv, COMPLETE));
}
/**
 * The workspace's one Python environment: an explicit venv (--venv or MLENV_VENV), else the one
 * built from the lock under .mlenv/venvs/<lock hash>, created with uv when missing.
 */
async function resolveEnvironment(workspace, options) {
    const explicit = options.venv ?? process.env.MLENV_VENV;
    if (explicit) {
        const env = environmentAt(external_node_path_default().resolve(explicit));
        if (!(0,external_node_fs_.existsSync)(env.python)) {
            throw new errors/* ConfigurationError */.j1(`--venv ${explicit}: expected a virtual environment, found no ${env.python}`);
        }
        return env;
    }
    const hash = await lockHash(workspace);
    const env = environmentAt(external_node_path_default().join(workspace.root, '.mlenv', 'venvs', hash), hash);
    if ((0,external_node_fs_.existsSync)(external_node_path_default().join(env.venv, COMPLETE))) {
        options.logger.debug(`Reusing environment ${env.venv}`);
        return env;
    }
    if (options.create === false) {
        throw new errors/* ConfigurationError */.j1(`No environment built from ${workspace.config.environment.lock} yet: run \`mlenv setup\`.`);
    }
    await buildEnvironment(workspace, env, options.logger);
    return env;
}
async function buildEnvironment(workspace, env, logger) {
    const { environment } = workspace.config;
    const uv = await findUv(logger);
    const started = Date.now();
    logger.info(`Creating the workspace environment from ${environment.lock} (Python ${environment.python}) in ${env.venv}`);
    // The lock's header says which torch backend resolved it: its +cpu wheels are only there.
    const lockText = await (0,promises_.readFile)(external_node_path_default().join(workspace.root, environment.lock), 'utf8');
    await (0,promises_.rm)(env.venv, { recursive: true, force: true });
    // Relocatable: a venv restored from a CI cache into another checkout path still runs.
    await run(uv, ['venv', '--quiet', '--relocatable', '--python', environment.python, env.venv], logger);
    await run(uv, [
        'pip',
        'sync',
        '--quiet',
        ...indexArguments(environment),
        ...torchBackendArguments(lockText, environment.lock),
        '--python',
        env.python,
        external_node_path_default().join(workspace.root, environment.lock),
    ], logger);
    await (0,promises_.writeFile)(external_node_path_default().join(env.venv, COMPLETE), `${environment.lock}\n`);
    logger.info(`Environment ready in ${Math.round((Date.now() - started) / 1000)}s`);
}
/** uv from MLENV_UV or PATH, else a pinned copy installed from PyPI into the user cache. */
async function findUv(logger) {
    if (process.env.MLENV_UV)
        return process.env.MLENV_UV;
    const onPath = await environment_execFileAsync('uv', ['--version']).then(() => 'uv', () => undefined);
    if (onPath)
        return onPath;
    const tools = external_node_path_default().join(process.env.XDG_CACHE_HOME ?? external_node_path_default().join(external_node_os_default().homedir(), '.cache'), 'mlenv', `uv-${UV_VERSION}`);
    const uv = external_node_path_default().join(tools, 'bin', 'uv');
    if ((0,external_node_fs_.existsSync)(external_node_path_default().join(tools, COMPLETE)))
        return uv;
    logger.info(`Installing uv ${UV_VERSION} from PyPI into ${tools}`);
    await (0,promises_.rm)(tools, { recursive: true, force: true });
    await (0,promises_.mkdir)(external_node_path_default().dirname(tools), { recursive: true });
    await run('python3', ['-m', 'venv', tools], logger);
    await run(external_node_path_default().join(tools, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `uv==${UV_VERSION}`], logger);
    await (0,promises_.writeFile)(external_node_path_default().join(tools, COMPLETE), '');
    return uv;
}
async function run(command, args, logger, cwd) {
    logger.debug(`$ ${cwd ? `(in ${cwd}) ` : ''}${command} ${args.join(' ')}`);
    try {
        // Compiled bytecode at install time: otherwise every trainer process compiles torch anew
        // wherever PYTHONDONTWRITEBYTECODE is set, which costs tens of seconds per process.
        await environment_execFileAsync(command, args, {
            cwd,
            maxBuffer: 64 * 1024 * 1024,
            env: { ...process.env, UV_COMPILE_BYTECODE: '1' },
        });
    }
    catch (error) {
        const e = error;
        throw new Error(`${external_node_path_default().basename(command)} ${args.slice(0, 2).join(' ')} failed: ${(e.stderr || e.message).trim().split('\n').slice(-15).join('\n')}`);
    }
}
/**
 * Resolves environment.requirements into environment.lock with uv: every package pinned, with
 * hashes, for the workspace's Python. The header records the command, so the lock explains itself.
 * A `cpu` workspace on PyPI takes the PyTorch packages from PyTorch's CPU index (uv's
 * `--torch-backend cpu`) when that answers, and PyPI's CUDA build with one warning when not.
 */
async function lockEnvironment(workspace, logger) {
    const { environment } = workspace.config;
    const uv = await findUv(logger);
    const lock = path.join(workspace.root, environment.lock);
    await mkdir(path.dirname(lock), { recursive: true });
    const plan = torchBackendPlan(environment);
    let backend;
    let unreachable;
    if (plan.probe) {
        const probe = await probeCpuTorchBackend(uv, environment.python);
        if (probe.ok)
            backend = 'cpu';
        else
            unreachable = probe.reason;
        logger.debug(probe.ok
            ? "PyTorch's CPU index answers: locking with uv --torch-backend cpu"
            : `PyTorch's CPU index does not answer: ${probe.reason}`);
    }
    await run(uv, [
        'pip',
        'compile',
        '--quiet',
        '--generate-hashes',
        '--python-version',
        environment.python,
        ...indexArguments(environment),
        ...(backend ? ['--torch-backend', backend] : []),
        '--custom-compile-command',
        'mlenv env lock',
        '--output-file',
        environment.lock,
        environment.requirements,
    ], logger, workspace.root);
    const text = await readFile(lock, 'utf8');
    await writeFile(lock, stampLock(text, await lockInputsHash(workspace), backend));
    const cost = backend ? undefined : cudaCost(parseLockPins(text));
    if (cost && unreachable !== undefined)
        logger.warning(unreachableWarning(unreachable, cost));
    if (cost && !plan.probe && plan.mirror)
        logger.warning(mirrorWarning(plan.mirror, cost));
    return lock;
}
/** The package indexes of the environment: the main one (PyPI when unset), then the extras. */
function environmentIndexes(environment) {
    return {
        indexUrl: environment.indexUrl,
        extraIndexUrls: [
            ...(environment.extraIndexUrls ?? []),
            ...(environment.pytorchIndex ? [environment.pytorchIndex] : []),
        ],
    };
}
/** uv's index options for the environment: the same for resolving the lock and installing it. */
function indexArguments(environment) {
    const { indexUrl, extraIndexUrls } = environmentIndexes(environment);
    return [
        ...(indexUrl ? ['--index-url', indexUrl] : []),
        ...extraIndexUrls.flatMap((url) => ['--extra-index-url', url]),
    ];
}
const STAMP = '#    mlenv-inputs: sha256=';
/**
 * What the lock was resolved from: the requirements, Python, CUDA variant and index. A lock whose
 * stamp differs from the workspace's is stale: someone edited the requirements without locking.
 */
async function lockInputsHash(workspace) {
    const { environment } = workspace.config;
    const requirements = await readFile(path.join(workspace.root, environment.requirements), 'utf8').catch(() => {
        throw new ConfigurationError(`${environment.requirements}: expected the environment requirements, found no file.`);
    });
    return createHash('sha256')
        .update([
        environment.python,
        environment.cuda,
        environment.pytorchIndex ?? '',
        requirements,
        // Only when set, so that locks made before these settings existed stay current.
        ...(environment.indexUrl ? [`index=${environment.indexUrl}`] : []),
        ...(environment.extraIndexUrls ?? []).map((url) => `extra=${url}`),
    ].join('\0'))
        .digest('hex')
        .slice(0, 16);
}
/**
 * The lock with mlenv's header lines: the inputs stamp, and the torch backend when one resolved
 * it. The backend is a record of how, not an input: a lock made with PyTorch's CPU index stays
 * current when that index is unreachable later, and installs keep using the backend it names.
 */
function stampLock(text, stamp, torchBackend) {
    const lines = text
        .split('\n')
        .filter((line) => !line.startsWith(STAMP) && !isTorchBackendLine(line));
    // After uv's own header comment, so the file still reads as uv wrote it.
    const at = lines.findIndex((line) => !line.startsWith('#'));
    lines.splice(at === -1 ? lines.length : at, 0, `${STAMP}${stamp}`, ...(torchBackend ? [torchBackendLine(torchBackend)] : []));
    return lines.join('\n');
}
/** `mlenv env check`: the lock exists, was made from the current requirements, and covers them. */
async function checkLock(workspace) {
    const { environment } = workspace.config;
    const problems = [];
    const text = await readFile(path.join(workspace.root, environment.lock), 'utf8').catch(() => undefined);
    if (text === undefined) {
        return {
            ok: false,
            problems: [`${environment.lock}: expected the environment lock, found no file`],
            pins: new Map(),
        };
    }
    const pins = parseLockPins(text);
    const expected = await lockInputsHash(workspace);
    const stamp = text
        .split('\n')
        .find((line) => line.startsWith(STAMP))
        ?.slice(STAMP.length)
        .trim();
    if (stamp !== expected) {
        problems.push(stamp
            ? `${environment.lock}: stale: made from other inputs (sha256=${stamp}) than ${environment.requirements}, python ${environment.python}, cuda ${environment.cuda} (sha256=${expected})`
            : `${environment.lock}: expected a "${STAMP.trim()}" line written by mlenv env lock, found none`);
    }
    const requirements = await readFile(path.join(workspace.root, environment.requirements), 'utf8');
    for (const [index, line] of requirements.split('\n').entries()) {
        const name = requirementName(line);
        if (name && !pins.has(name))
            problems.push(`${environment.requirements}:${index + 1}: expected ${name} in ${environment.lock}, found it missing`);
    }
    return { ok: problems.length === 0, problems, pins };
}
/** `name==version` lines of a uv/pip-compile lock, by normalized name. */
function parseLockPins(text) {
    const pins = new Map();
    for (const match of text.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)/gm))
        pins.set(normalizeName(match[1]), match[2]);
    return pins;
}
/** The package a PEP 508 requirement line names, normalized; undefined for comments and options. */
function requirementName(line) {
    const text = line.replace(/#.*/, '').trim();
    if (!text || text.startsWith('-'))
        return undefined;
    const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text)?.[1];
    return name ? normalizeName(name) : undefined;
}
/** PEP 503: case, "-", "_" and "." do not distinguish package names. */
function normalizeName(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}


/***/ })

};
