import fs from 'node:fs';
import path from 'node:path';
import { run } from './exec.js';
import { buildOnce } from './go-build.js';
import { cacheDir, goEnv } from './paths.js';
import { versions } from './versions.js';

// `go install pkg@version` asks the proxy for the module's version list (to report deprecation),
// which the package proxy of this machine refuses with 403 for these modules. A throwaway module
// that requires only the tag builds the same code: with one requirement, the build list is the
// upstream module's own.
async function buildFromModule(
  component: string,
  modulePath: string,
  version: string,
  pkg: string,
  ldflags: string[],
): Promise<string> {
  const binary = path.basename(pkg);
  const dir = await buildOnce(component, version, [binary], async (outDir, log) => {
    const moduleDir = path.join(cacheDir(), 'modules', `${component}-${version}`);
    fs.mkdirSync(moduleDir, { recursive: true });
    fs.writeFileSync(
      path.join(moduleDir, 'go.mod'),
      `module mlenv.local/testbed-${component}\n\ngo 1.26.0\n\nrequire ${modulePath} ${version}\n`,
    );
    await run(
      'go',
      [
        'build',
        '-trimpath',
        `-ldflags=${['-s', '-w', ...ldflags].join(' ')}`,
        '-o',
        path.join(outDir, binary),
        pkg,
      ],
      { cwd: moduleDir, env: { ...goEnv(), GOFLAGS: '-mod=mod' }, logFile: log },
    );
  });
  return path.join(dir, binary);
}

// JobSet's main package is its module root, so its binary is named `jobset`.
export function buildJobset(): Promise<string> {
  const version = versions.jobset;
  return buildFromModule('jobset', 'sigs.k8s.io/jobset', version, 'sigs.k8s.io/jobset', [
    // Logged at start and sent in its user agent; untouched it says v0.0.0-main.
    `-X sigs.k8s.io/jobset/pkg/version.GitVersion=${version}`,
  ]);
}

export function buildTrainer(): Promise<string> {
  return buildFromModule(
    'trainer',
    'github.com/kubeflow/trainer/v2',
    versions.trainer,
    'github.com/kubeflow/trainer/v2/cmd/trainer-controller-manager',
    [],
  );
}
