// Builds one ncc bundle per action entry and one for the CLI. With --check, builds into a
// scratch folder and fails when a committed dist/ differs from what its sources produce.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

interface Target {
  entry: string;
  dist: string;
}

async function targets(): Promise<Target[]> {
  const list: Target[] = [{ entry: 'cli/src/index.ts', dist: 'cli/dist' }];
  for (const name of (await readdir(path.join(root, 'actions'))).sort()) {
    for (const entry of ['index.ts', 'post.ts']) {
      const file = `actions/${name}/src/${entry}`;
      if (existsSync(path.join(root, file))) {
        list.push({
          entry: file,
          dist: `actions/${name}/dist${entry === 'post.ts' ? '/post' : ''}`,
        });
      }
    }
  }
  return list;
}

async function build(target: Target, outDir: string, statsFile: string): Promise<void> {
  const ncc = path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
  await rm(outDir, { recursive: true, force: true });
  try {
    await run(
      process.execPath,
      [
        ncc,
        'build',
        target.entry,
        '-o',
        outDir,
        '--minify',
        // Type checking is `npm run typecheck`'s, once for the tree (actions/tsconfig.json).
        '--transpile-only',
        '--license',
        'licenses.txt',
        '--quiet',
        ...(statsFile ? ['--stats-out', statsFile] : []),
      ],
      {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`ncc failed for ${target.entry}:\n${e.stderr ?? ''}${e.stdout ?? ''}`);
  }
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? listFiles(path.join(dir, e.name), base)
        : [path.relative(base, path.join(dir, e.name))],
    ),
  );
  return files.flat().sort();
}

async function differences(
  expectedDir: string,
  actualDir: string,
  nested: ReadonlySet<string>,
): Promise<string[]> {
  const keep = (f: string) => ![...nested].some((n) => f.startsWith(`${n}/`));
  const expected = (await listFiles(expectedDir)).filter(keep);
  const actual = (await listFiles(actualDir)).filter(keep);
  const problems: string[] = [];
  for (const file of new Set([...expected, ...actual])) {
    const [a, b] = await Promise.all([
      readFile(path.join(expectedDir, file)).catch(() => undefined),
      readFile(path.join(actualDir, file)).catch(() => undefined),
    ]);
    if (!a) problems.push(`${file}: committed but no longer built`);
    else if (!b) problems.push(`${file}: missing from the committed dist`);
    else if (!a.equals(b)) problems.push(`${file}: differs from its sources`);
  }
  return problems;
}

const check = process.argv.includes('--check');
// `--only affected,pr-report` (or `cli`) while iterating; `--check` always checks every bundle.
const onlyArg = check ? -1 : process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1]?.split(',')) : undefined;
const all = (await targets()).filter(
  (t) => !only || only.has(t.dist.startsWith('actions/') ? (t.dist.split('/')[1] ?? '') : 'cli'),
);

/**
 * A check that passed is remembered per bundle, keyed on that bundle's own inputs: the repository
 * files webpack put into it (from ncc's stats), the lock, the build settings and the committed
 * dist/ it was compared with. A change to one module rebuilds only the bundles that contain it.
 * Each key is written only after a scratch build in this checkout matched the committed bundle.
 */
const buildSettings = [
  'package-lock.json',
  'package.json',
  'tsconfig.json',
  'actions/tsconfig.json',
  'cli/tsconfig.json',
  'scripts/bundle.ts',
];
const checkCache = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'),
  'mlenv-check-dist',
);

const cacheEntrySchema = z.object({ inputs: z.array(z.string()), key: z.string() });

function cacheFile(target: Target): string {
  return path.join(checkCache, `${target.dist.replaceAll('/', '+')}.json`);
}

async function bundleKey(target: Target, inputs: readonly string[]): Promise<string | undefined> {
  const hash = createHash('sha256');
  const nested = all.filter((t) => t.dist.startsWith(`${target.dist}/`));
  const committed = (await listFiles(path.join(root, target.dist)))
    .filter((f) => !nested.some((n) => f.startsWith(`${path.relative(target.dist, n.dist)}/`)))
    .map((f) => path.join(target.dist, f));
  for (const file of [...buildSettings, ...inputs, ...committed]) {
    const content = await readFile(path.join(root, file)).catch(() => undefined);
    // An input that is gone means the module graph changed: build again.
    if (!content) return undefined;
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

async function checkedBefore(target: Target): Promise<boolean> {
  const entry = cacheEntrySchema.safeParse(
    await readFile(cacheFile(target), 'utf8').then(JSON.parse, () => undefined),
  );
  return entry.success && (await bundleKey(target, entry.data.inputs)) === entry.data.key;
}

/** The repository's own files in a bundle: every module webpack resolved outside node_modules. */
async function bundledSources(statsFile: string): Promise<string[]> {
  interface StatsModule {
    name?: string;
    modules?: StatsModule[];
  }
  const stats = JSON.parse(await readFile(statsFile, 'utf8')) as { modules?: StatsModule[] };
  const names = new Set<string>();
  const walk = (modules: StatsModule[] = []) => {
    for (const m of modules) {
      // Concatenated modules are named "./a.ts + 12 modules" and list their parts below.
      const name = m.name?.replace(/ \+ \d+ modules?$/, '');
      if (name?.startsWith('./') && !name.startsWith('./node_modules/')) names.add(name.slice(2));
      walk(m.modules);
    }
  };
  walk(stats.modules);
  return [...names].sort();
}

const scratch = check ? await mkdtemp(path.join(tmpdir(), 'mlenv-check-dist-')) : '';
let failed = 0;
let reused = 0;

async function buildOne(target: Target): Promise<void> {
  if (check && (await checkedBefore(target))) {
    reused++;
    return;
  }
  const out = check ? path.join(scratch, target.dist) : path.join(root, target.dist);
  const statsFile = check
    ? path.join(scratch, `${target.dist.replaceAll('/', '+')}.stats.json`)
    : '';
  const started = Date.now();
  await build(target, out, statsFile);
  if (!check) {
    process.stdout.write(`${target.dist} (${Date.now() - started} ms)\n`);
    return;
  }
  // A post bundle lives inside its action's dist/; compare it on its own.
  const nested = new Set(
    all
      .filter((t) => t.dist.startsWith(`${target.dist}/`))
      .map((t) => path.relative(target.dist, t.dist)),
  );
  const problems = await differences(out, path.join(root, target.dist), nested);
  for (const p of problems) process.stderr.write(`${target.dist}/${p}\n`);
  failed += problems.length;
  if (problems.length === 0) {
    const inputs = await bundledSources(statsFile);
    const key = await bundleKey(target, inputs);
    if (key) {
      await mkdir(checkCache, { recursive: true });
      await writeFile(cacheFile(target), `${JSON.stringify({ inputs, key })}\n`);
    }
  }
  process.stdout.write(`${target.dist}: built and compared (${Date.now() - started} ms)\n`);
}

// One queue per dist folder (a post bundle is built after its action's main, which clears the
// folder first); the queues run side by side, one per core.
const queues = new Map<string, Target[]>();
for (const target of all) {
  const key = target.dist.split('/').slice(0, 2).join('/');
  queues.set(key, [...(queues.get(key) ?? []), target]);
}
const pending = [...queues.values()];
await Promise.all(
  Array.from({ length: Math.max(1, availableParallelism()) }, async () => {
    for (let queue = pending.shift(); queue; queue = pending.shift())
      for (const target of queue) await buildOne(target);
  }),
);
if (check) {
  await rm(scratch, { recursive: true, force: true });
  if (failed > 0) {
    process.stderr.write(
      'check-dist: a committed dist/ is stale. Run `npm run bundle` and commit the result.\n',
    );
    process.exitCode = 1;
  } else {
    process.stdout.write(
      `check-dist: ${all.length} bundles match their sources (${reused} unchanged since an earlier check, ${all.length - reused} built).\n`,
    );
  }
}
