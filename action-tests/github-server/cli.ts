import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCli } from '../run-cli.js';
import { startGithubServer } from './server.js';
import type { SeedRepoOptions } from './state.js';

const usage = `usage: npx tsx action-tests/github-server/cli.ts [--port N] [--host ADDR] [--repo OWNER/NAME]... [--seed FILE.json] [--token T]...

Prints the server's URL on the first line of stdout, then serves until SIGINT/SIGTERM.
  --repo   seeds a repository with a README on main (repeatable)
  --seed   a JSON array of seeds: { owner, repo, defaultBranch?, files?: { path: content } }
  --token  accepts only these tokens (default: any)
  --host   0.0.0.0 lets containers (act) reach the server`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      repo: { type: 'string', multiple: true },
      seed: { type: 'string' },
      token: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const server = await startGithubServer({
    port: values.port ? Number(values.port) : undefined,
    host: values.host,
    tokens: values.token,
  });
  const seeds: SeedRepoOptions[] = values.seed
    ? (JSON.parse(readFileSync(values.seed, 'utf8')) as SeedRepoOptions[])
    : [];
  for (const full of values.repo ?? []) {
    const [owner, repo] = full.split('/');
    if (!owner || !repo) throw new Error(`--repo expects OWNER/NAME, found "${full}"`);
    seeds.push({ owner, repo });
  }
  for (const seed of seeds) server.state.seedRepo(seed);
  console.log(server.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const violations = server.violations();
  for (const v of violations) console.error(`violation: ${v.request}: ${v.kind}: ${v.message}`);
  await server.stop();
  return 0;
}

runCli(main);
