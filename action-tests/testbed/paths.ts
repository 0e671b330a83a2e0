import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const testbedDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(testbedDir, '../..');

// A second checkout or a CI job can run its own bed side by side by pointing this elsewhere.
export function stateDir(): string {
  const fromEnv = process.env.MLENV_TESTBED_DIR;
  return fromEnv ? path.resolve(fromEnv) : path.join(testbedDir, '.state');
}

// Builds live outside the state dir so `down` and a wiped state never cost a rebuild, and so
// CI can cache the one folder.
export function cacheDir(): string {
  return path.join(os.homedir(), '.cache', 'mlenv-testbed');
}

export function goEnv(): Record<string, string> {
  const cache = path.join(os.homedir(), '.cache');
  return {
    GOMODCACHE: path.join(cache, 'go-mod'),
    GOCACHE: path.join(cache, 'go-build'),
    // A developer's own GOFLAGS (e.g. -mod=vendor) must not leak into these builds.
    GOFLAGS: '',
    CGO_ENABLED: '0',
  };
}

// In CI the shared folder is checked out beside the repository, not inside it.
export function crdsDir(): string {
  return path.resolve(repoRoot, '../shared/k8s/crds');
}

export function logPath(name: string): string {
  return path.join(stateDir(), 'logs', `${name}.log`);
}
