import fs from 'node:fs';
import path from 'node:path';
import { run } from './exec.js';
import { buildOnce } from './go-build.js';
import { cacheDir, goEnv } from './paths.js';
import { versions } from './versions.js';

export const kubeCommands = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  // The real nodes' agent (nodes/); it builds without cgo, like the rest.
  'kubelet',
] as const;

// k8s.io/kubernetes points its staging modules at ./staging/src/... with relative replaces,
// which `go install pkg@version` refuses. A throwaway module that requires the tag and points
// each staging module at its published v0.Y.Z tag builds the same code.
export async function writeKubernetesModule(dir: string, version: string, log: string) {
  const env = { ...goEnv(), GOFLAGS: '-mod=mod' };
  const info = JSON.parse(
    await run('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${version}`], {
      env,
      logFile: log,
      cwd: cacheDir(),
    }),
  ) as { GoMod?: string; Error?: string };
  if (!info.GoMod) throw new Error(`go mod download k8s.io/kubernetes@${version}: ${info.Error}`);
  const upstream = fs.readFileSync(info.GoMod, 'utf8');
  const staging = [...upstream.matchAll(/^\s*(k8s\.io\/[\w.-]+)\s*=>\s*\.\/staging\//gm)].map(
    (m) => m[1] as string,
  );
  if (staging.length === 0) throw new Error(`no staging replaces found in ${info.GoMod}`);
  const goLine = upstream.match(/^go\s+(\S+)/m)?.[1] ?? '1.25.0';
  const stagingVersion = version.replace(/^v1\./, 'v0.');
  const gomod = [
    'module mlenv.local/testbed-kubernetes',
    '',
    `go ${goLine}`,
    '',
    `require k8s.io/kubernetes ${version}`,
    '',
    'replace (',
    ...staging.map((m) => `\t${m} => ${m} ${stagingVersion}`),
    ')',
    '',
  ].join('\n');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'go.mod'), gomod);
}

export function buildKubernetes(): Promise<string> {
  const version = versions.kubernetes;
  return buildOnce('kubernetes', version, [...kubeCommands], async (outDir, log) => {
    const moduleDir = path.join(cacheDir(), 'modules', `kubernetes-${version}`);
    await writeKubernetesModule(moduleDir, version, log);
    const minor = version.split('.')[1] ?? '';
    // `--version` and the API server's /version report these; without them they say v0.0.0.
    const vars = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap(
      (pkg) => [
        `-X ${pkg}.gitVersion=${version}`,
        `-X ${pkg}.gitMajor=1`,
        `-X ${pkg}.gitMinor=${minor}`,
        `-X ${pkg}.gitTreeState=clean`,
      ],
    );
    // One invocation so the commands share the compile of their common packages.
    await run(
      'go',
      [
        'build',
        '-trimpath',
        `-ldflags=-s -w ${vars.join(' ')}`,
        '-o',
        `${outDir}/`,
        ...kubeCommands.map((c) => `k8s.io/kubernetes/cmd/${c}`),
      ],
      { cwd: moduleDir, env: { ...goEnv(), GOFLAGS: '-mod=mod' }, logFile: log },
    );
  });
}
