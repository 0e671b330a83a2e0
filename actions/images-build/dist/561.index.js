export const id = 561;
export const ids = [561];
export const modules = {

/***/ 7561:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ACTIONS_RUNNER_VERSION: () => (/* binding */ ACTIONS_RUNNER_VERSION),
  BUILD_ARGS: () => (/* reexport */ dockerfiles/* BUILD_ARGS */.Lr),
  CPU_BASE_IMAGE: () => (/* binding */ CPU_BASE_IMAGE),
  CUDA_BASE_IMAGES: () => (/* binding */ CUDA_BASE_IMAGES),
  IMAGE_FILES: () => (/* binding */ IMAGE_FILES),
  IMAGE_FILE_STATUS: () => (/* binding */ IMAGE_FILE_STATUS),
  baseImage: () => (/* binding */ baseImage),
  checkImages: () => (/* binding */ checkImages),
  imageManifestSchema: () => (/* reexport */ imageManifestSchema),
  lintDockerfile: () => (/* reexport */ lintDockerfile),
  renderImages: () => (/* binding */ renderImages),
  uvImage: () => (/* reexport */ dockerfiles/* uvImage */.Tu),
  writeImages: () => (/* binding */ writeImages)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./shared/environment/index.ts
var shared_environment = __webpack_require__(7352);
// EXTERNAL MODULE: ./shared/environment/torch-backend.ts
var torch_backend = __webpack_require__(6883);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/images/dockerfiles.ts
var dockerfiles = __webpack_require__(7066);
;// CONCATENATED MODULE: ./shared/images/lint.ts
/**
 * A few of hadolint's Dockerfile rules (same ids), for the images MLEnv renders: hadolint itself is
 * a Haskell binary that this project's toolchain cannot install. Each rule guards something that
 * bit real images: unpinned bases rebuild differently, leftover apt lists bloat layers, a failing
 * command on the left of a pipe passes silently, and root containers are refused by clusters that
 * enforce runAsNonRoot.
 */
const DOCKERFILE_RULES = {
    DL3002: 'the final stage switches to a non-root USER',
    DL3004: 'no sudo: run as root in the build and switch USER afterwards',
    DL3006: 'base images pinned with a tag or digest',
    DL3007: 'no `latest` tag',
    DL3009: 'apt lists removed in the RUN that installs',
    DL3015: '`apt-get install --no-install-recommends`',
    DL3020: 'COPY, not ADD, for local files',
    DL4006: 'SHELL with `-o pipefail` before a RUN that pipes',
};
/** Instructions with continuation lines joined and comments dropped, as Docker reads them. */
function parseDockerfile(text) {
    const instructions = [];
    let current;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const raw = lines[i] ?? '';
        const trimmed = raw.trim();
        // Comment lines inside a continued instruction are dropped too, as Docker does.
        if (trimmed.startsWith('#') || (trimmed === '' && !current))
            continue;
        const continued = trimmed.endsWith('\\');
        const body = continued ? trimmed.slice(0, -1).trim() : trimmed;
        if (current) {
            current.args = `${current.args} ${body}`.trim();
        }
        else {
            const match = /^(\S+)\s*(.*)$/.exec(body);
            if (!match)
                continue;
            current = { line: i + 1, keyword: (match[1] ?? '').toUpperCase(), args: match[2] ?? '' };
        }
        if (!continued) {
            instructions.push(current);
            current = undefined;
        }
    }
    if (current)
        instructions.push(current);
    return instructions;
}
function withoutQuotes(command) {
    return command.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '""');
}
function isRoot(user) {
    const name = user.split(':')[0]?.trim();
    return name === 'root' || name === '0';
}
function lintDockerfile(text) {
    const problems = [];
    const report = (line, rule, detail) => {
        problems.push({ line, rule, message: `${DOCKERFILE_RULES[rule]}: ${detail}` });
    };
    const stages = new Set();
    // ARGs before the first FROM may name the bases: their defaults are what a plain build uses.
    const globalArgs = new Map();
    let pipefail = false;
    let lastFrom = 0;
    let lastUser;
    for (const ins of parseDockerfile(text)) {
        switch (ins.keyword) {
            case 'ARG': {
                const match = /^(\w+)=(?:"([^"]*)"|(\S+))/.exec(ins.args);
                if (match?.[1] && lastFrom === 0)
                    globalArgs.set(match[1], match[2] ?? match[3] ?? '');
                break;
            }
            case 'FROM': {
                const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
                const image = (words[0] ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced, bare) => globalArgs.get(braced ?? bare ?? '') ?? whole);
                const alias = words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
                const name = image.slice(image.lastIndexOf('/') + 1);
                if (image !== 'scratch' && !stages.has(image.toLowerCase()) && !image.includes('$')) {
                    if (!name.includes(':') && !image.includes('@')) {
                        report(ins.line, 'DL3006', `${image} has no tag`);
                    }
                    else if (name.endsWith(':latest')) {
                        report(ins.line, 'DL3007', image);
                    }
                }
                if (alias)
                    stages.add(alias.toLowerCase());
                // SHELL and USER are per stage.
                pipefail = false;
                lastUser = undefined;
                lastFrom = ins.line;
                break;
            }
            case 'SHELL':
                pipefail = /"-o",\s*"pipefail"|-o pipefail/.test(ins.args);
                break;
            case 'USER':
                lastUser = ins;
                break;
            case 'ADD': {
                const sources = ins.args
                    .split(/\s+/)
                    .filter((w) => !w.startsWith('--'))
                    .slice(0, -1);
                const local = sources.filter((s) => !/^(https?:\/\/|git@)/.test(s) && !/\.tar(\.\w+)?$|\.tgz$/.test(s));
                if (local.length > 0)
                    report(ins.line, 'DL3020', local.join(' '));
                break;
            }
            case 'RUN': {
                const command = withoutQuotes(ins.args);
                if (/(^|[\s;&|(])sudo\s/.test(command))
                    report(ins.line, 'DL3004', 'sudo in RUN');
                if (/apt-get\s+(?:[-\w=]+\s+)*install\b/.test(command)) {
                    if (!command.includes('--no-install-recommends')) {
                        report(ins.line, 'DL3015', 'apt-get install without it');
                    }
                }
                if (/apt-get\s+(?:[-\w=]+\s+)*(install|update)\b/.test(command)) {
                    if (!/rm\s+-(rf|fr)\s+\/var\/lib\/apt\/lists/.test(command)) {
                        report(ins.line, 'DL3009', 'add `&& rm -rf /var/lib/apt/lists/*`');
                    }
                }
                const shellForm = !ins.args.trimStart().startsWith('[');
                if (shellForm && !pipefail && /(^|[^|])\|([^|]|$)/.test(command)) {
                    report(ins.line, 'DL4006', 'a failure left of the pipe would go unnoticed');
                }
                break;
            }
        }
    }
    if (!lastUser) {
        report(lastFrom || 1, 'DL3002', 'the final stage sets no USER, so it runs as root');
    }
    else if (isRoot(lastUser.args)) {
        report(lastUser.line, 'DL3002', `the final stage ends as ${lastUser.args}`);
    }
    return problems;
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
;// CONCATENATED MODULE: ./shared/images/schema.ts

/** runner-images/image.json: which images the rendered Dockerfiles build, for CI and the CLI. */
const imageManifestSchema = schemas/* strictObject */.rej({
    /** The runtime image repository (environment.image). */
    image: schemas/* string */.YjP().min(1),
    /** The tag of both images: the lock hash, so one lock always means one image. */
    tag: schemas/* string */.YjP().regex(/^[0-9a-f]{12}$/),
    lockHash: schemas/* string */.YjP().regex(/^[0-9a-f]{12}$/),
    python: schemas/* string */.YjP().min(1),
    cuda: schemas/* string */.YjP().min(1),
    /** The self-hosted GPU runner image repository, beside the runtime image. */
    gpuRunnerImage: schemas/* string */.YjP().min(1),
});

;// CONCATENATED MODULE: ./shared/images/index.ts









/**
 * The CUDA base image of each CUDA variant (environment.cuda): the last update release of that
 * CUDA minor with cuDNN, runtime flavour, Ubuntu 24.04, as published on Docker Hub. NVIDIA deletes
 * superseded tags (its CUDA container support policy), so a minor's final update is the tag that
 * stays. The framework wheels bring their own CUDA libraries; the base supplies the rest of the
 * CUDA user space and the NVIDIA container runtime's expectations.
 */
const CUDA_BASE_IMAGES = {
    '12.6': 'nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04',
    '12.8': 'nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04',
    '12.9': 'nvidia/cuda:12.9.1-cudnn-runtime-ubuntu24.04',
    '13.0': 'nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04',
};
/** The "cpu" variant: uv brings Python, so a slim Debian without one is enough. */
const CPU_BASE_IMAGE = 'debian:bookworm-slim';
/** ghcr.io/actions/actions-runner, the image actions-runner-controller's scale sets run. */
const ACTIONS_RUNNER_VERSION = '2.335.1';
const IMAGE_FILES = {
    runtime: 'runtime/Dockerfile',
    gpuRunner: 'gpu-runner/Dockerfile',
    manifest: 'image.json',
};
function baseImage(cuda) {
    if (cuda === 'cpu')
        return CPU_BASE_IMAGE;
    const image = CUDA_BASE_IMAGES[cuda];
    if (!image) {
        throw new errors/* ConfigurationError */.j1(`environment.cuda: expected a CUDA variant with a runtime image (${Object.keys(CUDA_BASE_IMAGES).join(', ')}) or "cpu", found "${cuda}"`);
    }
    return image;
}
/**
 * The environment's package indexes, for a Dockerfile's build arguments. A URL with credentials
 * would be kept in the committed Dockerfile and in every image's history, and a quote, `$` or
 * space would change what the Dockerfile means: both are refused.
 */
function dockerfileIndexes(environment) {
    const indexes = (0,shared_environment/* environmentIndexes */.Qu)(environment);
    const named = [
        ...(environment.indexUrl ? [['indexUrl', environment.indexUrl]] : []),
        ...(environment.extraIndexUrls ?? []).map((url) => ['extraIndexUrls', url]),
        ...(environment.pytorchIndex ? [['pytorchIndex', environment.pytorchIndex]] : []),
    ];
    for (const [key, url = ''] of named) {
        const parsed = URL.canParse(url) ? new URL(url) : undefined;
        if (parsed && (parsed.username || parsed.password))
            throw new errors/* ConfigurationError */.j1(`environment.${key}: expected a URL without credentials, found a user name or password in it: the rendered Dockerfiles and every image's history would keep them. Give uv the credentials in the build's environment or a netrc file instead.`);
        if (/[\s"'`$\\]/.test(url))
            throw new errors/* ConfigurationError */.j1(`environment.${key}: expected a URL without spaces, quotes, backslashes or "$" (it goes into the rendered Dockerfiles), found ${JSON.stringify(url)}`);
    }
    return indexes;
}
async function renderImages(workspace) {
    const { environment } = workspace.config;
    const hash = await (0,shared_environment/* lockHash */.Ug)(workspace);
    const manifest = {
        image: environment.image,
        tag: hash,
        lockHash: hash,
        python: environment.python,
        cuda: environment.cuda,
        gpuRunnerImage: `${environment.image}-gpu-runner`,
    };
    const lockText = await (0,promises_.readFile)(external_node_path_default().join(workspace.root, environment.lock), 'utf8');
    const inputs = {
        manifest,
        lock: environment.lock.split((external_node_path_default()).sep).join('/'),
        base: baseImage(environment.cuda),
        uvVersion: shared_environment/* UV_VERSION */.t0,
        runnerVersion: ACTIONS_RUNNER_VERSION,
        torchBackend: (0,torch_backend/* lockTorchBackend */.yk)(lockText, environment.lock),
        indexes: dockerfileIndexes(environment),
    };
    return {
        manifest,
        files: {
            [IMAGE_FILES.runtime]: (0,dockerfiles/* runtimeDockerfile */.pO)(inputs),
            [IMAGE_FILES.gpuRunner]: (0,dockerfiles/* gpuRunnerDockerfile */.d6)({
                ...inputs,
                base: `ghcr.io/actions/actions-runner:${ACTIONS_RUNNER_VERSION}`,
            }),
            [IMAGE_FILES.manifest]: `${JSON.stringify(manifest, null, 2)}\n`,
        },
    };
}
/** Writes the rendered files under outDir (usually `<workspace>/runner-images`). */
async function writeImages(workspace, outDir) {
    const rendered = await renderImages(workspace);
    const written = [];
    for (const [relative, content] of Object.entries(rendered.files)) {
        const file = external_node_path_default().join(outDir, relative);
        await (0,promises_.mkdir)(external_node_path_default().dirname(file), { recursive: true });
        await (0,promises_.writeFile)(file, content);
        written.push(file);
    }
    return { manifest: rendered.manifest, written };
}
const IMAGE_FILE_STATUS = ['current', 'stale', 'missing'];
/** Which files under outDir differ from what the workspace renders now (a CI check). */
async function checkImages(workspace, outDir) {
    const rendered = await renderImages(workspace);
    const files = [];
    for (const [relative, content] of Object.entries(rendered.files)) {
        const existing = await (0,promises_.readFile)(external_node_path_default().join(outDir, relative), 'utf8').catch(() => undefined);
        const status = existing === undefined ? 'missing' : existing === content ? 'current' : 'stale';
        files.push({ path: relative, status });
    }
    return {
        ok: files.every((f) => f.status === 'current'),
        manifest: rendered.manifest,
        files,
    };
}


/***/ })

};
