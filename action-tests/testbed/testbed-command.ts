import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// Runs `cli.ts up|down` in a child process through tsx, as jest's global hooks need it: the
// daemons are detached and outlive the child and jest, and jest's --experimental-vm-modules is
// not for that process.
export function runTestbedCommand(command: 'up' | 'down'): void {
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'cli.ts'), command], {
    cwd: path.resolve(here, '../..'),
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    throw new Error(`MLEnv test bed: ${command} failed (exit ${res.status}):\n${res.stderr}`);
  }
}
