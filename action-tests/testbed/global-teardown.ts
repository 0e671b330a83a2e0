import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Left running by default so the next test run starts warm; CI sets MLENV_TESTBED_DOWN=1.
// Self-contained for the same reason as global-setup.ts.
export default async function teardownTestbed(): Promise<void> {
  if (process.env.MLENV_TESTBED_DOWN !== '1') return;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'cli.ts'), 'down'], {
    cwd: path.resolve(here, '../..'),
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    throw new Error(`MLEnv test bed: down failed (exit ${res.status}):\n${res.stderr}`);
  }
}
