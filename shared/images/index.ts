import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Workspace } from '../config/workspace.js';
import { environmentIndexes, lockHash, UV_VERSION } from '../environment/index.js';
import { lockTorchBackend } from '../environment/torch-backend.js';
import { ConfigurationError } from '../errors/index.js';
import { gpuRunnerDockerfile, runtimeDockerfile } from './dockerfiles.js';
import type { ImageManifest } from './schema.js';

export { BUILD_ARGS, type DockerfileInputs, uvImage } from './dockerfiles.js';
export { type DockerfileProblem, lintDockerfile } from './lint.js';
export { type ImageManifest, imageManifestSchema } from './schema.js';

/**
 * The CUDA base image of each CUDA variant (environment.cuda): the last update release of that
 * CUDA minor with cuDNN, runtime flavour, Ubuntu 24.04, as published on Docker Hub. NVIDIA deletes
 * superseded tags (its CUDA container support policy), so a minor's final update is the tag that
 * stays. The framework wheels bring their own CUDA libraries; the base supplies the rest of the
 * CUDA user space and the NVIDIA container runtime's expectations.
 */
export const CUDA_BASE_IMAGES = {
  '12.6': 'nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04',
  '12.8': 'nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04',
  '12.9': 'nvidia/cuda:12.9.1-cudnn-runtime-ubuntu24.04',
  '13.0': 'nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04',
} as const;

/** The "cpu" variant: uv brings Python, so a slim Debian without one is enough. */
export const CPU_BASE_IMAGE = 'debian:bookworm-slim';

/** ghcr.io/actions/actions-runner, the image actions-runner-controller's scale sets run. */
export const ACTIONS_RUNNER_VERSION = '2.335.1';

export const IMAGE_FILES = {
  runtime: 'runtime/Dockerfile',
  gpuRunner: 'gpu-runner/Dockerfile',
  manifest: 'image.json',
} as const;

export interface RenderedImages {
  manifest: ImageManifest;
  /** File contents by path relative to the output directory (IMAGE_FILES). */
  files: Record<string, string>;
}

export function baseImage(cuda: string): string {
  if (cuda === 'cpu') return CPU_BASE_IMAGE;
  const image = CUDA_BASE_IMAGES[cuda as keyof typeof CUDA_BASE_IMAGES];
  if (!image) {
    throw new ConfigurationError(
      `environment.cuda: expected a CUDA variant with a runtime image (${Object.keys(CUDA_BASE_IMAGES).join(', ')}) or "cpu", found "${cuda}"`,
    );
  }
  return image;
}

/**
 * The environment's package indexes, for a Dockerfile's build arguments. A URL with credentials
 * would be kept in the committed Dockerfile and in every image's history, and a quote, `$` or
 * space would change what the Dockerfile means: both are refused.
 */
function dockerfileIndexes(environment: Workspace['config']['environment']) {
  const indexes = environmentIndexes(environment);
  const named = [
    ...(environment.indexUrl ? [['indexUrl', environment.indexUrl]] : []),
    ...(environment.extraIndexUrls ?? []).map((url) => ['extraIndexUrls', url]),
    ...(environment.pytorchIndex ? [['pytorchIndex', environment.pytorchIndex]] : []),
  ];
  for (const [key, url = ''] of named) {
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (parsed && (parsed.username || parsed.password))
      throw new ConfigurationError(
        `environment.${key}: expected a URL without credentials, found a user name or password in it: the rendered Dockerfiles and every image's history would keep them. Give uv the credentials in the build's environment or a netrc file instead.`,
      );
    if (/[\s"'`$\\]/.test(url))
      throw new ConfigurationError(
        `environment.${key}: expected a URL without spaces, quotes, backslashes or "$" (it goes into the rendered Dockerfiles), found ${JSON.stringify(url)}`,
      );
  }
  return indexes;
}

export async function renderImages(workspace: Workspace): Promise<RenderedImages> {
  const { environment } = workspace.config;
  const hash = await lockHash(workspace);
  const manifest: ImageManifest = {
    image: environment.image,
    tag: hash,
    lockHash: hash,
    python: environment.python,
    cuda: environment.cuda,
    gpuRunnerImage: `${environment.image}-gpu-runner`,
  };
  const lockText = await readFile(path.join(workspace.root, environment.lock), 'utf8');
  const inputs = {
    manifest,
    lock: environment.lock.split(path.sep).join('/'),
    base: baseImage(environment.cuda),
    uvVersion: UV_VERSION,
    runnerVersion: ACTIONS_RUNNER_VERSION,
    torchBackend: lockTorchBackend(lockText, environment.lock),
    indexes: dockerfileIndexes(environment),
  };
  return {
    manifest,
    files: {
      [IMAGE_FILES.runtime]: runtimeDockerfile(inputs),
      [IMAGE_FILES.gpuRunner]: gpuRunnerDockerfile({
        ...inputs,
        base: `ghcr.io/actions/actions-runner:${ACTIONS_RUNNER_VERSION}`,
      }),
      [IMAGE_FILES.manifest]: `${JSON.stringify(manifest, null, 2)}\n`,
    },
  };
}

/** Writes the rendered files under outDir (usually `<workspace>/runner-images`). */
export async function writeImages(
  workspace: Workspace,
  outDir: string,
): Promise<{ manifest: ImageManifest; written: string[] }> {
  const rendered = await renderImages(workspace);
  const written: string[] = [];
  for (const [relative, content] of Object.entries(rendered.files)) {
    const file = path.join(outDir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    written.push(file);
  }
  return { manifest: rendered.manifest, written };
}

export const IMAGE_FILE_STATUS = ['current', 'stale', 'missing'] as const;
export type ImageFileStatus = (typeof IMAGE_FILE_STATUS)[number];

export interface ImagesCheck {
  ok: boolean;
  manifest: ImageManifest;
  files: { path: string; status: ImageFileStatus }[];
}

/** Which files under outDir differ from what the workspace renders now (a CI check). */
export async function checkImages(workspace: Workspace, outDir: string): Promise<ImagesCheck> {
  const rendered = await renderImages(workspace);
  const files: ImagesCheck['files'] = [];
  for (const [relative, content] of Object.entries(rendered.files)) {
    const existing = await readFile(path.join(outDir, relative), 'utf8').catch(() => undefined);
    const status: ImageFileStatus =
      existing === undefined ? 'missing' : existing === content ? 'current' : 'stale';
    files.push({ path: relative, status });
  }
  return {
    ok: files.every((f) => f.status === 'current'),
    manifest: rendered.manifest,
    files,
  };
}
