// Figures: `mlenv images build` with buildah against the test bed's registry. Cold (an empty buildah
// store: the base and uv images pulled, every step run), warm (the same store after a lock change:
// the steps before the lock are cached layers) and the common path, the tag already in the
// registry: the CLI bundle from process start to exit, against `node -e 0` and against a process
// that makes one bare HEAD request for the same manifest, measured alternately in this run.
// Goal for the tag-exists path: at most 2 s. Needs the test bed (npm run testbed -- up) with its
// registry and images, and the CLI bundle (npm run bundle), or BENCH_CLI naming one built
// elsewhere. BENCH_RUNS: runs of the tag-exists path (default 11).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeWorkspace } from '../action-tests/integration/workspace-fixture.js';
import { startPackageIndex } from '../action-tests/package-index/server.js';
import { loadTestbed, testbedFile } from '../action-tests/testbed/testbed.js';
import { loadWorkspace } from '../shared/config/workspace.js';
import { lockEnvironment } from '../shared/environment/index.js';
import { buildahStorage } from '../shared/images/build/builders/buildah.js';
import { buildRuntimeImage } from '../shared/images/build/index.js';
import { createMemoryLogger } from '../shared/logger/index.js';

const GOAL_S = 2;
const runs = Number(process.env.BENCH_RUNS ?? 11);
const root = path.resolve(import.meta.dirname, '..');
const cli = path.resolve(process.env.BENCH_CLI ?? path.join(root, 'cli/dist/index.js'));

const raw = JSON.parse(readFileSync(testbedFile(), 'utf8')) as {
  registry?: { host?: string };
  images?: { base?: string; uv?: string };
};
const registry = raw.registry?.host;
const { base, uv } = raw.images ?? {};
if (!registry || !base || !uv)
  throw new Error(
    `${testbedFile()}: expected registry.host, images.base and images.uv, found ${JSON.stringify({ registry: raw.registry, images: raw.images })}`,
  );
const help = spawnSync(process.execPath, [cli, 'images', 'build', '--help'], { encoding: 'utf8' });
if (help.status !== 0)
  throw new Error(
    `${cli}: expected a CLI bundle with \`mlenv images build\`, found none (exit ${help.status}): run npm run bundle, or set BENCH_CLI`,
  );

const bed = loadTestbed();
for (const key of Object.keys(process.env)) if (key.startsWith('UV_')) delete process.env[key];
process.env.MLENV_UV = bed.tools.uv;
const index = await startPackageIndex({ packages: { leafpkg: [{ version: '1.0.0' }] } });
const work = mkdtempSync(path.join(tmpdir(), 'mlenv-bench-images-'));
const store = path.join(work, 'buildah');
const repository = `${registry}/mlenv-bench/runtime-${Date.now().toString(36)}`;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function build(label: string) {
  const workspace = await loadWorkspace(work);
  const result = await buildRuntimeImage({
    workspace,
    logger: createMemoryLogger(),
    builder: 'buildah',
    baseImage: base,
    uvImage: uv,
    python: '/usr/bin/python3.11',
    insecureRegistries: [registry as string],
    buildahRoot: store,
  });
  if (result.status !== 'built')
    throw new Error(`${label}: expected a build, found ${result.status}`);
  return result;
}

function timed(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

try {
  writeWorkspace(
    work,
    { environment: { image: repository, indexUrl: index.url } },
    { 'environment/requirements.in': 'leafpkg==1.0.0\n', 'environment/requirements.lock': '' },
  );
  await lockEnvironment(await loadWorkspace(work), createMemoryLogger());
  const cold = await build('cold');
  // Another lock (a comment more): another tag, and every step before the lock cached.
  const lockFile = path.join(work, 'environment/requirements.lock');
  writeFileSync(lockFile, `${readFileSync(lockFile, 'utf8')}# warm\n`);
  const warm = await build('warm');

  const [repo, tag] = [
    warm.image.slice(registry.length + 1, warm.image.lastIndexOf(':')),
    warm.image.split(':').at(-1),
  ];
  const head = `await fetch('http://${registry}/v2/${repo}/manifests/${tag}', { method: 'HEAD', headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' } }).then((r) => { if (!r.ok) process.exit(1); })`;
  const baseline: number[] = [];
  const bare: number[] = [];
  const exists: number[] = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(timed(['-e', '0']));
    bare.push(timed(['--input-type=module', '-e', head]));
    exists.push(
      timed([
        cli,
        'images',
        'build',
        work,
        '--insecure-registry',
        registry,
        '--builder',
        'buildah',
      ]),
    );
  }
  const line = (label: string, r: typeof cold) =>
    `${label}: ${r.seconds.total.toFixed(1)} s (build ${r.seconds.build?.toFixed(1)} s, push ${r.seconds.push?.toFixed(1)} s), ${((r.size ?? 0) / 2 ** 20).toFixed(1)} MiB`;
  const m = median(exists);
  process.stdout.write(
    `${line('cold build (empty buildah store)', cold)}\n` +
      `${line('warm build (cached layers, new lock)', warm)}; ratio to cold ${(warm.seconds.total / cold.seconds.total).toFixed(2)}x\n` +
      `tag exists (CLI bundle, start to exit): median ${m.toFixed(3)} s; node -e 0 ${median(baseline).toFixed(3)} s (ratio ${(m / median(baseline)).toFixed(2)}x); ` +
      `one bare HEAD in node ${median(bare).toFixed(3)} s (ratio ${(m / median(bare)).toFixed(2)}x); goal <= ${GOAL_S} s: ${m <= GOAL_S ? 'met' : 'NOT met'} (${runs} runs each)\n`,
  );
} finally {
  await index.stop();
  // The store is this run's own (the cold figure needs it empty); the registry keeps the images.
  rmSync(buildahStorage(store, createMemoryLogger()).runroot, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
