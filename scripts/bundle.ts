// Builds one ncc bundle per action entry and one for the CLI. With --check, builds into a
// scratch folder and fails when a committed dist/ differs from what its sources produce.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

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

async function build(target: Target, outDir: string): Promise<void> {
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
        '--license',
        'licenses.txt',
        '--quiet',
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
    if (!a) problems.push(`${file}: missing from the committed dist`);
    else if (!b) problems.push(`${file}: committed but no longer built`);
    else if (!a.equals(b)) problems.push(`${file}: differs from its sources`);
  }
  return problems;
}

const check = process.argv.includes('--check');
// `--only affected,pr-report` (or `cli`) while iterating; `--check` always checks every bundle,
// since a passing check is cached for the whole tree.
const onlyArg = check ? -1 : process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1]?.split(',')) : undefined;
const all = (await targets()).filter(
  (t) => !only || only.has(t.dist.startsWith('actions/') ? (t.dist.split('/')[1] ?? '') : 'cli'),
);

/**
 * ncc output is a function of the sources, the lock and the build script: a check that passed
 * for exactly these inputs and these committed bundles need not build again (CI's warm runs).
 */
async function inputsKey(): Promise<string> {
  const hash = createHash('sha256');
  const roots = [
    'shared',
    'cli',
    'actions',
    'package-lock.json',
    'tsconfig.json',
    'scripts/bundle.ts',
  ];
  const files: string[] = [];
  for (const entry of roots) {
    const full = path.join(root, entry);
    if (!existsSync(full)) continue;
    if (entry.includes('.')) files.push(entry);
    else files.push(...(await listFiles(full)).map((f) => path.join(entry, f)));
  }
  for (const file of files.filter((f) => !f.includes('node_modules')).sort()) {
    hash.update(file);
    hash.update(await readFile(path.join(root, file)));
  }
  return hash.digest('hex');
}
const checkCache = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'),
  'mlenv-check-dist',
);
const key = check ? await inputsKey() : '';
if (check && existsSync(path.join(checkCache, key))) {
  process.stdout.write(
    `check-dist: ${all.length} bundles match their sources (checked before for these exact inputs).\n`,
  );
  process.exit(0);
}
const scratch = check ? await mkdtemp(path.join(tmpdir(), 'mlenv-check-dist-')) : '';
let failed = 0;

async function buildOne(target: Target): Promise<void> {
  const out = check ? path.join(scratch, target.dist) : path.join(root, target.dist);
  const started = Date.now();
  await build(target, out);
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
    process.stdout.write(`check-dist: ${all.length} bundles match their sources.\n`);
    await mkdir(checkCache, { recursive: true });
    await writeFile(path.join(checkCache, key), `${new Date().toISOString()}\n`);
  }
}
