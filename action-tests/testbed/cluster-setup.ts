import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { retry as retryWithBudget } from '../../shared/util/retry.js';
import { CommandError, run } from './exec.js';
import { kubeconfigDir } from './kube-apiserver.js';
import { writeKubeconfig } from './kubeconfig.js';
import { crdsDir, logPath, stateDir, testbedDir } from './paths.js';
import type { Pki } from './pki.js';

export const ciNamespace = 'ml-training';
export const servingNamespace = 'serving';
export const ciServiceAccount = 'mlenv-ci';

export function kubectl(kubectlBin: string, kubeconfig: string, args: string[]): Promise<string> {
  return run(kubectlBin, [`--kubeconfig=${kubeconfig}`, ...args], {
    logFile: logPath('cluster-setup'),
  });
}

// Server-side apply under the bed's own field manager, taking over fields another manager set:
// the bed owns these objects, and `up` re-applies them on every run.
function applyServerSide(kubectlBin: string, admin: string, files: string[]): Promise<string> {
  return kubectl(kubectlBin, admin, [
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=mlenv-testbed',
    ...files.flatMap((f) => ['-f', f]),
  ]);
}

/** Retries a bed command at a steady pace until it succeeds or the time is up. */
function retry<T>(what: string, fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  return retryWithBudget(() => fn(), {
    budgetMs: timeoutMs,
    initialDelayMs: 500,
    maxDelayMs: 500,
    jitter: 0,
    // The bed is still coming up: every failure is worth another try until the time is up.
    retryable: () => true,
    giveUp: ({ error }) => {
      const detail = error instanceof CommandError ? error.output : String(error);
      return new Error(`${what}: still failing after ${timeoutMs / 1000}s\n${detail}`);
    },
  });
}

// Server-side apply is idempotent and has no size limit on the last-applied annotation (the
// KServe CRD alone is ~2 MB). Applying ~6 MB of CRDs takes seconds, so a warm `up` skips it when
// the files are unchanged since the last apply and every CRD is still there.
export async function installCrds(kubectlBin: string, admin: string): Promise<string[]> {
  const dir = crdsDir();
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`no CRD manifests in ${dir}`);
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(fs.readFileSync(f));
  const digest = hash.digest('hex');
  const marker = path.join(stateDir(), 'crds-applied.json');
  const previous = readJson<{ digest: string; names: string[] }>(marker);
  if (previous?.digest === digest && (await allPresent(kubectlBin, admin, previous.names))) {
    return previous.names;
  }
  await applyServerSide(kubectlBin, admin, files);
  const names = (
    await kubectl(kubectlBin, admin, [
      'get',
      ...files.flatMap((f) => ['-f', f]),
      '-o',
      'jsonpath={.items[*].metadata.name}',
    ])
  )
    .split(/\s+/)
    .filter(Boolean);
  await kubectl(kubectlBin, admin, [
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    ...names.map((n) => `crd/${n}`),
  ]);
  fs.writeFileSync(marker, `${JSON.stringify({ digest, names }, null, 2)}\n`);
  return names;
}

async function allPresent(kubectlBin: string, admin: string, names: string[]): Promise<boolean> {
  try {
    await kubectl(kubectlBin, admin, [
      'wait',
      '--for=condition=Established',
      '--timeout=5s',
      ...names.map((n) => `crd/${n}`),
    ]);
    return true;
  } catch {
    return false;
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function applyRbac(kubectlBin: string, admin: string): Promise<void> {
  await applyServerSide(kubectlBin, admin, [path.join(testbedDir, 'k8s', 'rbac.yaml')]);
}

// Node status (capacity, GPUs) is a subresource that create/apply of the Node ignores, so it is
// patched separately; kwok's node-initialize Stage keeps whatever capacity it finds.
export async function registerNodes(
  kubectlBin: string,
  admin: string,
  kubeletPort: number,
): Promise<void> {
  const file = path.join(testbedDir, 'k8s', 'nodes.yaml');
  await applyServerSide(kubectlBin, admin, [file]);
  const { parseAllDocuments } = await import('yaml');
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const node = doc.toJS() as { metadata: { name: string }; status: unknown };
    await kubectl(kubectlBin, admin, [
      'patch',
      'node',
      node.metadata.name,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({
        status: {
          ...(node.status as object),
          // Where the API server finds this node's kubelet API: kwok, on loopback.
          addresses: [
            { type: 'InternalIP', address: '127.0.0.1' },
            { type: 'Hostname', address: node.metadata.name },
          ],
          daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } },
        },
      }),
    ]);
  }
}

export async function waitForNodes(kubectlBin: string, admin: string): Promise<void> {
  await retry('fake nodes Ready', () =>
    kubectl(kubectlBin, admin, [
      'wait',
      '--for=condition=Ready',
      '--timeout=10s',
      'node',
      '-l',
      'type=kwok',
    ]),
  );
}

// Pods of a Job are only created once the namespace's `default` ServiceAccount exists, which the
// controller manager makes asynchronously after the namespace appears.
export async function waitForDefaultServiceAccounts(kubectlBin: string, admin: string) {
  for (const ns of [ciNamespace, servingNamespace]) {
    await retry(`serviceaccount default in ${ns}`, () =>
      kubectl(kubectlBin, admin, ['get', 'serviceaccount', 'default', '-n', ns]),
    );
  }
}

// A fresh short-lived token on every `up`: it stays valid if the state dir's PKI is kept and
// expires on its own, so nothing long-lived is written to disk. Tokens issued earlier stay valid
// until they expire, so tests already running are not disturbed.
export async function writeCiKubeconfig(
  kubectlBin: string,
  admin: string,
  pki: Pki,
  server: string,
): Promise<string> {
  const token = (
    await kubectl(kubectlBin, admin, [
      'create',
      'token',
      ciServiceAccount,
      '-n',
      ciNamespace,
      '--duration=24h',
    ])
  ).trim();
  const file = path.join(kubeconfigDir(), 'ci.kubeconfig');
  const tmp = `${file}.tmp`;
  writeKubeconfig(tmp, {
    server,
    caFile: pki.caCert,
    user: `system:serviceaccount:${ciNamespace}:${ciServiceAccount}`,
    token,
    namespace: ciNamespace,
  });
  fs.renameSync(tmp, file);
  return file;
}
