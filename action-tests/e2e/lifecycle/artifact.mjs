// Stand-in for actions/upload-artifact and actions/download-artifact, whose repositories cannot
// be fetched here. Artifacts are folders in one store shared by the jobs of a run
// (MLENV_ARTIFACT_STORE), with the behaviour MLEnv's workflows rely on: an upload with
// `overwrite` replaces the artifact of that name; a download by `pattern` puts each matching
// artifact in its own folder. Inputs come as INPUT_* variables, as the runner passes them.
import { cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const input = (name) => process.env[`INPUT_${name.toUpperCase()}`] ?? '';
const store = process.env.MLENV_ARTIFACT_STORE;

function glob(pattern) {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('*', '.*').replaceAll('?', '.')}$`);
}

async function upload() {
  const name = input('name');
  const source = path.resolve(input('path'));
  const target = path.join(store, name);
  if (!(await stat(source).catch(() => undefined))) {
    console.log(
      `::warning::No files were found with the provided path: ${source}. No artifacts will be uploaded.`,
    );
    return;
  }
  if ((await stat(target).catch(() => undefined)) && input('overwrite') !== 'true')
    throw new Error(`an artifact named ${name} exists already`);
  await rm(target, { recursive: true, force: true });
  await cp(source, target, { recursive: true });
  console.log(`Artifact ${name} uploaded from ${source}`);
}

async function download() {
  const pattern = input('pattern');
  const target = path.resolve(input('path') || '.');
  const names = (await readdir(store).catch(() => [])).filter((n) => glob(pattern).test(n));
  for (const name of names) {
    await mkdir(path.join(target, name), { recursive: true });
    await cp(path.join(store, name), path.join(target, name), { recursive: true });
  }
  console.log(`${names.length} artifacts matching ${pattern} downloaded to ${target}`);
}

if (!store) throw new Error('MLENV_ARTIFACT_STORE is not set');
await (process.argv[2] === 'upload' ? upload() : download());
