import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// jest globalSetup. jest loads this file with Node's own ESM resolver, which neither maps the
// `.js` specifiers of our TypeScript modules nor compiles them, so it imports nothing local and
// runs `up` through tsx in a child process. The daemons are detached and outlive it and jest;
// on a warm bed this is a health check of a few seconds.
export default async function setupTestbed(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'cli.ts'), 'up'], {
    cwd: path.resolve(here, '../..'),
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    // jest's --experimental-vm-modules is not for this process.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    throw new Error(`MLEnv test bed: up failed (exit ${res.status}):\n${res.stderr}`);
  }
}
