import fs from 'node:fs';
import path from 'node:path';
import { ensureDaemon } from './daemon.js';
import { goInstall } from './go-build.js';
import { httpGet } from './http-check.js';
import { networkPlan } from './network/plan.js';
import { cacheDir, stateDir } from './paths.js';
import { portFor } from './ports.js';
import { versions } from './versions.js';

export interface RegistryInfo {
  /** host:port, as image references and `--insecure-registry` name it. */
  host: string;
  storage: string;
}

export function buildRegistry(): Promise<string> {
  return goInstall(
    'registry',
    'github.com/distribution/distribution/v3/cmd/registry',
    versions.registry,
  );
}

// Storage outside the state dir, per bed: built images outlive `down` (a lock's runtime image is
// built once), and two beds never write into one store.
export function registryStorage(): string {
  return path.join(cacheDir(), 'registry', networkPlan().id);
}

/**
 * The bed's OCI registry, plain HTTP on the bridge gateway only: reachable from the host, from
 * the nodes' containerd and from pods, and from nothing outside the machine.
 */
export async function startRegistry(bin: string): Promise<RegistryInfo> {
  const plan = networkPlan();
  const port = await portFor('registry', 'registry');
  const host = `${plan.gateway}:${port}`;
  const storage = registryStorage();
  fs.mkdirSync(storage, { recursive: true });
  const dir = path.join(stateDir(), 'registry');
  fs.mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'config.yml');
  fs.writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${storage}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${host}`,
      '',
    ].join('\n'),
  );
  await ensureDaemon({
    name: 'registry',
    command: bin,
    args: ['serve', config],
    // The config is rewritten with the same content on every `up`; its address is in the args'
    // meaning, so a moved port shows in the fingerprint through this variable.
    env: { MLENV_TESTBED_REGISTRY: host, OTEL_TRACES_EXPORTER: 'none' },
    health: async () => (await httpGet(`http://${host}/v2/`)).status === 200,
  });
  return { host, storage };
}
