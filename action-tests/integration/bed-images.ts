import path from 'node:path';
import { loadWorkspace, type Workspace } from '../../shared/config/workspace.js';
import { buildRuntimeImage } from '../../shared/images/build/index.js';
import { createMemoryLogger, type Logger } from '../../shared/logger/index.js';
import { withLock } from '../testbed/lock.js';
import { cacheDir } from '../testbed/paths.js';
import type { Testbed } from '../testbed/testbed.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Debian 12's own interpreter in the bed's base image: uv cannot download one here. */
export const BASE_PYTHON = '/usr/bin/python3.11';

/**
 * The bed's uv for what this process runs (locks, environments), with no UV_* setting of the
 * machine's pointing it elsewhere.
 */
export function useBedUv(bed: Testbed): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('UV_')) delete process.env[key];
  process.env.MLENV_UV = bed.tools.uv;
}

/** `mlenv images build` as it runs against the bed: buildah, the bed's base and uv images, its registry. */
export function bedBuildOptions(bed: Testbed) {
  return {
    builder: 'buildah',
    baseImage: bed.images.base,
    uvImage: bed.images.uv,
    python: BASE_PYTHON,
    insecureRegistries: [bed.registry.host],
  } as const;
}

/**
 * Builds a workspace's runtime image on the bed, one build at a time on this machine: the test
 * files run side by side, and two builds of the template's 6 GB environment at once would each
 * do the whole work (the second then finds the tag, or buildah's cached layers).
 */
export function buildOnBed(
  bed: Testbed,
  workspace: Workspace,
  logger: Logger = createMemoryLogger(),
) {
  return withLock(path.join(cacheDir(), 'image-build.lock'), () =>
    buildRuntimeImage({ workspace, logger, ...bedBuildOptions(bed) }),
  );
}

/** Where the workspace template's own runtime image lives in the bed's registry. */
export const TEMPLATE_IMAGE_REPOSITORY = 'mlenv-it/template-runtime';

/**
 * The workspace template's runtime image (torch, mlflow: its real lock), built once per machine
 * (the tag is the lock hash, and the bed's registry outlives the bed); its reference.
 */
export async function templateImage(bed: Testbed): Promise<{ repository: string; tag: string }> {
  const workspace = await loadWorkspace(path.join(repoRoot, 'templates/workspace'));
  const { image } = await buildOnBed(bed, {
    ...workspace,
    config: {
      ...workspace.config,
      environment: {
        ...workspace.config.environment,
        image: `${bed.registry.host}/${TEMPLATE_IMAGE_REPOSITORY}`,
      },
    },
  });
  return { repository: TEMPLATE_IMAGE_REPOSITORY, tag: image.slice(image.lastIndexOf(':') + 1) };
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Deletes a tag's manifest from the bed's registry (its layers stay), if it is there. */
export async function deleteTag(bed: Testbed, repository: string, tag: string): Promise<void> {
  const base = `http://${bed.registry.host}/v2/${repository}/manifests`;
  const head = await fetch(`${base}/${tag}`, {
    method: 'HEAD',
    headers: { accept: MANIFEST_TYPES },
  });
  if (head.status === 404) return;
  const digest = head.headers.get('docker-content-digest');
  if (!head.ok || !digest) throw new Error(`registry: HEAD ${base}/${tag} answered ${head.status}`);
  const deleted = await fetch(`${base}/${digest}`, { method: 'DELETE' });
  if (deleted.status !== 202)
    throw new Error(`registry: DELETE ${base}/${digest} answered ${deleted.status}`);
}

/**
 * Puts an image of the bed's registry under another name, as `crane copy` does within one
 * registry: its blobs are mounted into the target repository (nothing is uploaded) and the same
 * manifest is put under the new tag.
 */
export async function copyImage(
  bed: Testbed,
  from: { repository: string; tag: string },
  to: { repository: string; tag: string },
): Promise<void> {
  const registry = `http://${bed.registry.host}/v2`;
  const got = await fetch(`${registry}/${from.repository}/manifests/${from.tag}`, {
    headers: { accept: MANIFEST_TYPES },
  });
  if (!got.ok) throw new Error(`registry: ${from.repository}:${from.tag} answered ${got.status}`);
  const mediaType = got.headers.get('content-type') ?? '';
  const manifest = Buffer.from(await got.arrayBuffer());
  const { config, layers } = JSON.parse(manifest.toString('utf8')) as {
    config: { digest: string };
    layers: { digest: string }[];
  };
  for (const { digest } of [config, ...layers]) {
    const mounted = await fetch(
      `${registry}/${to.repository}/blobs/uploads/?mount=${digest}&from=${from.repository}`,
      { method: 'POST' },
    );
    if (mounted.status !== 201)
      throw new Error(
        `registry: mounting ${digest} into ${to.repository} answered ${mounted.status}`,
      );
  }
  const put = await fetch(`${registry}/${to.repository}/manifests/${to.tag}`, {
    method: 'PUT',
    headers: { 'content-type': mediaType },
    body: manifest,
  });
  if (put.status !== 201)
    throw new Error(
      `registry: PUT ${to.repository}:${to.tag} answered ${put.status}: ${await put.text()}`,
    );
}
