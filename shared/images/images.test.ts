import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { workspaceSchema } from '../config/schema.js';
import { loadWorkspace, type Workspace } from '../config/workspace.js';
import { lockHash, UV_VERSION } from '../environment/index.js';
import { ConfigurationError } from '../errors/index.js';
import {
  ACTIONS_RUNNER_VERSION,
  CUDA_BASE_IMAGES,
  checkImages,
  IMAGE_FILES,
  imageManifestSchema,
  lintDockerfile,
  renderImages,
  writeImages,
} from './index.js';
import { parseDockerfile } from './lint.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'mlenv-images-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let count = 0;
async function workspaceWith(
  environment: {
    python: string;
    cuda: string;
    indexUrl?: string;
    extraIndexUrls?: string[];
    pytorchIndex?: string;
  },
  lock = 'torch==2.15.0 \\\n    --hash=sha256:00\n',
): Promise<Workspace> {
  const root = path.join(scratch, `ws-${count++}`);
  await mkdir(path.join(root, 'environment'), { recursive: true });
  writeFileSync(path.join(root, 'environment', 'requirements.lock'), lock);
  const config = workspaceSchema.parse({
    apiVersion: 'mlenv/v1',
    kind: 'Workspace',
    projects: ['projects/*'],
    environment: {
      ...environment,
      requirements: 'environment/requirements.in',
      lock: 'environment/requirements.lock',
      image: 'registry.example.com/ml/runtime',
    },
  });
  return { root, file: path.join(root, 'mlenv.yaml'), config, projects: [], warnings: [] };
}

/** `${NAME}`, a Dockerfile's reference to a build argument. */
const arg = (name: string) => `\${${name}}`;

/** The FROM lines with the build arguments before the first FROM at their defaults. */
function from(dockerfile: string): string[] {
  const args = buildArgDefaults(dockerfile);
  return parseDockerfile(dockerfile)
    .filter((i) => i.keyword === 'FROM')
    .map((i) => i.args.replace(/\$\{(\w+)\}/g, (whole, name: string) => args[name] ?? whole));
}

function buildArgDefaults(dockerfile: string): Record<string, string> {
  const instructions = parseDockerfile(dockerfile);
  const first = instructions.findIndex((i) => i.keyword === 'FROM');
  return Object.fromEntries(
    instructions
      .slice(0, first)
      .filter((i) => i.keyword === 'ARG')
      .map((i) => i.args.split('=') as [string, string]),
  );
}

/** Every ARG of the final stage, with its default as written. */
function stageArgs(dockerfile: string): Record<string, string> {
  const instructions = parseDockerfile(dockerfile);
  const last = instructions.findLastIndex((i) => i.keyword === 'FROM');
  return Object.fromEntries(
    instructions
      .slice(last)
      .filter((i) => i.keyword === 'ARG')
      .map((i) => [i.args.split('=')[0], i.args.slice(i.args.indexOf('=') + 1)]),
  );
}

function labels(dockerfile: string): Record<string, string> {
  const label = parseDockerfile(dockerfile).find((i) => i.keyword === 'LABEL')?.args ?? '';
  return Object.fromEntries([...label.matchAll(/([\w.-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

function pythonVersions(dockerfile: string): string[] {
  return [...dockerfile.matchAll(/(?:uv python install --no-cache|--python) (\d[\w.]*)/g)].map(
    (m) => m[1] ?? '',
  );
}

describe('renderImages', () => {
  it("pins every version in both Dockerfiles to the workspace environment's", async () => {
    const workspace = await workspaceWith({ python: '3.12', cuda: '12.8' });
    const hash = await lockHash(workspace);
    const { manifest, files } = await renderImages(workspace);
    expect(manifest).toEqual({
      image: 'registry.example.com/ml/runtime',
      tag: hash,
      lockHash: hash,
      python: '3.12',
      cuda: '12.8',
      gpuRunnerImage: 'registry.example.com/ml/runtime-gpu-runner',
    });
    const runtime = files[IMAGE_FILES.runtime] ?? '';
    const runner = files[IMAGE_FILES.gpuRunner] ?? '';
    // The bases are build arguments whose defaults are the published images.
    expect(parseDockerfile(runtime).filter((i) => i.keyword === 'FROM')).toMatchObject([
      { args: `${arg('UV_IMAGE')} AS uv` },
      { args: arg('BASE_IMAGE') },
    ]);
    expect(from(runtime)).toEqual([
      `ghcr.io/astral-sh/uv:${UV_VERSION} AS uv`,
      'nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04',
    ]);
    expect(from(runner)).toEqual([
      `ghcr.io/astral-sh/uv:${UV_VERSION} AS uv`,
      `ghcr.io/actions/actions-runner:${ACTIONS_RUNNER_VERSION}`,
    ]);
    for (const [dockerfile, title] of [
      [runtime, 'mlenv-runtime'],
      [runner, 'mlenv-gpu-runner'],
    ] as const) {
      // Python is named by version twice, installing it and creating the venv: both the environment's.
      expect(pythonVersions(dockerfile)).toEqual(['3.12', '3.12']);
      expect(labels(dockerfile)).toEqual({
        'org.opencontainers.image.title': title,
        'mlenv.lock-hash': hash,
        'mlenv.python': '3.12',
        'mlenv.cuda': '12.8',
        'mlenv.uv': UV_VERSION,
      });
      expect(dockerfile).toContain(
        'COPY ["environment/requirements.lock","/opt/mlenv/requirements.lock"]',
      );
      expect(dockerfile).toContain('uv pip sync --no-cache --require-hashes');
      // MLENV_PYTHON, empty by default (uv installs Python), must be the environment's version.
      expect(stageArgs(dockerfile)).toMatchObject({ MLENV_PYTHON: '' });
      expect(dockerfile).toContain('assert sys.version_info[:2] == (3, 12)');
      expect(dockerfile).toContain('uv venv --no-cache --python "$MLENV_PYTHON" /opt/mlenv/venv');
      // git and ca-certificates from apt only when the base lacks them.
      expect(dockerfile).toMatch(
        /RUN dpkg -s ca-certificates git >\/dev\/null 2>&1 \\\n {4}\|\| \{ apt-get update/,
      );
      expect(dockerfile).toContain(`:${hash} <workspace root>`);
    }
    expect(runner).toContain('NVIDIA_VISIBLE_DEVICES=all');
    expect(runner).toContain('NVIDIA_DRIVER_CAPABILITIES=compute,utility');
    expect(imageManifestSchema.parse(JSON.parse(files[IMAGE_FILES.manifest] ?? ''))).toEqual(
      manifest,
    );
  });

  it('maps each CUDA variant to its CUDA base image, and "cpu" to slim Debian', async () => {
    for (const [cuda, image] of Object.entries(CUDA_BASE_IMAGES)) {
      expect(image).toMatch(
        new RegExp(`^nvidia/cuda:${cuda.replace('.', '\\.')}\\.\\d+-cudnn-runtime-ubuntu24\\.04$`),
      );
      const { files } = await renderImages(await workspaceWith({ python: '3.11', cuda }));
      expect(from(files[IMAGE_FILES.runtime] ?? '')[1]).toBe(image);
    }
    const cpu = await renderImages(await workspaceWith({ python: '3.11', cuda: 'cpu' }));
    expect(from(cpu.files[IMAGE_FILES.runtime] ?? '')[1]).toBe('debian:bookworm-slim');
    await expect(
      renderImages(await workspaceWith({ python: '3.11', cuda: '11.8' })),
    ).rejects.toThrow(ConfigurationError);
  });

  it('tags by the lock: another lock, or another Python, is another image', async () => {
    const a = await renderImages(await workspaceWith({ python: '3.11', cuda: 'cpu' }, 'a==1\n'));
    const same = await renderImages(await workspaceWith({ python: '3.11', cuda: 'cpu' }, 'a==1\n'));
    const b = await renderImages(await workspaceWith({ python: '3.11', cuda: 'cpu' }, 'a==2\n'));
    const py = await renderImages(await workspaceWith({ python: '3.12', cuda: 'cpu' }, 'a==1\n'));
    expect(same.manifest.tag).toBe(a.manifest.tag);
    expect(b.manifest.tag).not.toBe(a.manifest.tag);
    expect(py.manifest.tag).not.toBe(a.manifest.tag);
    expect(b.files[IMAGE_FILES.runtime]).toContain(`mlenv.lock-hash="${b.manifest.tag}"`);
  });

  it("installs the lock from the workspace's package indexes, as mlenv setup does", async () => {
    const plain = await renderImages(await workspaceWith({ python: '3.11', cuda: 'cpu' }));
    expect(Object.keys(stageArgs(plain.files[IMAGE_FILES.runtime] ?? ''))).toEqual([
      'DEBIAN_FRONTEND',
      'MLENV_PYTHON',
    ]);
    const mirrored = await renderImages(
      await workspaceWith({
        python: '3.11',
        cuda: '12.8',
        indexUrl: 'https://pypi.corp.example/simple',
        extraIndexUrls: ['https://extra.corp.example/simple'],
        pytorchIndex: 'https://download.pytorch.org/whl/cu128',
      }),
    );
    for (const file of [IMAGE_FILES.runtime, IMAGE_FILES.gpuRunner]) {
      // uv reads these: UV_DEFAULT_INDEX is --index-url's, UV_INDEX --extra-index-url's.
      expect(stageArgs(mirrored.files[file] ?? '')).toMatchObject({
        UV_DEFAULT_INDEX: 'https://pypi.corp.example/simple',
        UV_INDEX: '"https://extra.corp.example/simple https://download.pytorch.org/whl/cu128"',
      });
    }
  });

  it('refuses index URLs that would put credentials or Dockerfile syntax into the files', async () => {
    await expect(
      renderImages(
        await workspaceWith({
          python: '3.11',
          cuda: 'cpu',
          indexUrl: 'https://ci:s3cret@pypi.corp.example/simple',
        }),
      ),
    ).rejects.toThrow(/environment\.indexUrl: expected a URL without credentials(?!.*s3cret)/);
    await expect(
      renderImages(
        await workspaceWith({
          python: '3.11',
          cuda: 'cpu',
          extraIndexUrls: ['https://pypi.corp.example/$HOME/simple'],
        }),
      ),
    ).rejects.toThrow(/environment\.extraIndexUrls: expected a URL without spaces, quotes/);
  });

  it('renders Dockerfiles that pass the lint rules, for every variant', async () => {
    for (const cuda of [...Object.keys(CUDA_BASE_IMAGES), 'cpu']) {
      const { files } = await renderImages(await workspaceWith({ python: '3.11', cuda }));
      expect(lintDockerfile(files[IMAGE_FILES.runtime] ?? '')).toEqual([]);
      expect(lintDockerfile(files[IMAGE_FILES.gpuRunner] ?? '')).toEqual([]);
    }
  });
});

describe('writeImages and checkImages', () => {
  it('reports written files current, then stale after a lock change, and missing ones', async () => {
    const workspace = await workspaceWith({ python: '3.11', cuda: '12.8' }, 'a==1\n');
    const out = path.join(workspace.root, 'runner-images');
    const { written } = await writeImages(workspace, out);
    expect(written.map((f) => path.relative(out, f)).sort()).toEqual(
      Object.values(IMAGE_FILES).sort(),
    );
    expect((await checkImages(workspace, out)).ok).toBe(true);

    writeFileSync(path.join(workspace.root, 'environment', 'requirements.lock'), 'a==2\n');
    unlinkSync(path.join(out, IMAGE_FILES.gpuRunner));
    const check = await checkImages(workspace, out);
    expect(check.ok).toBe(false);
    expect(check.files).toEqual([
      { path: IMAGE_FILES.runtime, status: 'stale' },
      { path: IMAGE_FILES.gpuRunner, status: 'missing' },
      { path: IMAGE_FILES.manifest, status: 'stale' },
    ]);
  });

  it("keeps the repository's runner-images/ current with templates/workspace", async () => {
    const workspace = await loadWorkspace(path.join(repoRoot, 'templates', 'workspace'));
    const check = await checkImages(workspace, path.join(repoRoot, 'runner-images'));
    // When this fails, render them again: writeImages(templates/workspace, runner-images).
    expect(check.files.filter((f) => f.status !== 'current')).toEqual([]);
  });
});

describe('the ARC scale set example', () => {
  it('asks for a GPU on GPU nodes and runs the rendered gpu-runner image unprivileged', async () => {
    const values = parse(
      readFileSync(
        path.join(repoRoot, 'runner-images', 'arc', 'gpu-runner-scale-set.values.yaml'),
        'utf8',
      ),
    );
    const workspace = await loadWorkspace(path.join(repoRoot, 'templates', 'workspace'));
    const { manifest } = await renderImages(workspace);
    expect(values).toMatchObject({ minRunners: 0, runnerScaleSetName: expect.any(String) });
    expect(values.githubConfigUrl).toMatch(/^https:\/\/github\.com\//);
    expect(typeof values.githubConfigSecret).toBe('string');
    expect(values.maxRunners).toBeGreaterThan(0);
    // dind would need a privileged container; kubernetes mode moves steps off the GPU pod.
    expect(values.containerMode).toBeUndefined();

    const spec = values.template.spec;
    expect(spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(spec.tolerations).toContainEqual({
      key: 'nvidia.com/gpu',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
    const runner = spec.containers.find((c: { name: string }) => c.name === 'runner');
    expect(runner.image.split(':')[0]).toBe(manifest.gpuRunnerImage);
    expect(runner.resources.limits['nvidia.com/gpu']).toBe(1);
    expect(runner.securityContext).toMatchObject({ privileged: false, runAsNonRoot: true });
    expect(JSON.stringify(values)).not.toContain('"privileged":true');
  });
});
