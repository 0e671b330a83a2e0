import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadTestbed, type Testbed, testbedFile } from './testbed.js';

/** POSIX single quotes: nothing inside is expanded; a quote itself is closed, escaped, reopened. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export interface TestbedEnv {
  vars: Record<string, string>;
  /** Put before the caller's PATH (the bed's kubectl, so its version matches the API server). */
  pathDirs: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `export` lines for `eval "$(npm run -s testbed -- env)"`; only values are ever quoted input. */
export function envScript(env: TestbedEnv): string {
  const lines = Object.entries(env.vars).map(([name, value]) => {
    if (!NAME.test(name)) throw new Error(`envScript: ${JSON.stringify(name)} is no variable name`);
    return `export ${name}=${shellQuote(value)}`;
  });
  if (env.pathDirs.length > 0) {
    // The caller's PATH is expanded by the shell that evals this, at that moment.
    lines.push(`export PATH=${shellQuote(env.pathDirs.join(':'))}":$PATH"`);
  }
  return `${lines.join('\n')}\n`;
}

// The registry is recorded by its own component; read from the file as written, so this works
// whether or not the shared schema lists it yet.
const registrySchema = z.object({ registry: z.object({ host: z.string() }).optional() });

export function testbedEnv(
  bed: Testbed,
  raw: unknown,
  opts: { admin?: boolean } = {},
): { env: TestbedEnv; warnings: string[] } {
  const warnings: string[] = [];
  const vars: Record<string, string> = {
    KUBECONFIG: opts.admin ? bed.kubernetes.adminKubeconfig : bed.kubernetes.ciKubeconfig,
    MLENV_TESTBED_NAMESPACE: bed.kubernetes.namespace,
  };
  const registry = registrySchema.safeParse(raw);
  if (registry.success && registry.data.registry) {
    vars.MLENV_TESTBED_REGISTRY = registry.data.registry.host;
  } else {
    warnings.push(`no registry.host in ${testbedFile()}: MLENV_TESTBED_REGISTRY is not set`);
  }
  vars.MLENV_TESTBED_MLFLOW_URI = bed.mlflow.uri;
  // For `mlenv images build --base-image ... --uv-image ...`: the public ones are out of reach.
  if (bed.images) {
    vars.MLENV_TESTBED_BASE_IMAGE = bed.images.base;
    vars.MLENV_TESTBED_UV_IMAGE = bed.images.uv;
  }
  return { env: { vars, pathDirs: [path.dirname(bed.tools.kubectl)] }, warnings };
}

/** What `npm run testbed -- env [--admin]` prints; warnings go to stderr, never into the eval. */
export function printEnv(opts: { admin?: boolean } = {}): void {
  const bed = loadTestbed();
  const raw: unknown = JSON.parse(fs.readFileSync(testbedFile(), 'utf8'));
  const { env, warnings } = testbedEnv(bed, raw, opts);
  for (const w of warnings) console.error(`[testbed] ${w}`);
  process.stdout.write(envScript(env));
}
