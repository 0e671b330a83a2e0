import fs from 'node:fs';
import path from 'node:path';
import { run } from './exec.js';
import { buildOnce } from './go-build.js';
import { cacheDir, goEnv } from './paths.js';
import { versions } from './versions.js';

// etcd's own main module is not installable with `go install`, but its server package exposes
// the whole command as etcdmain.Main, so a three-line main builds the real etcd.
export function buildEtcd(): Promise<string> {
  const version = versions.etcd;
  return buildOnce('etcd', version, ['etcd'], async (outDir, log) => {
    const moduleDir = path.join(cacheDir(), 'modules', `etcd-${version}`);
    fs.mkdirSync(moduleDir, { recursive: true });
    fs.writeFileSync(
      path.join(moduleDir, 'go.mod'),
      `module mlenv.local/testbed-etcd\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 ${version}\n`,
    );
    fs.writeFileSync(
      path.join(moduleDir, 'main.go'),
      [
        'package main',
        '',
        'import (',
        '\t"os"',
        '',
        '\t"go.etcd.io/etcd/server/v3/etcdmain"',
        ')',
        '',
        'func main() { etcdmain.Main(os.Args) }',
        '',
      ].join('\n'),
    );
    const env = { ...goEnv(), GOFLAGS: '-mod=mod' };
    await run('go', ['mod', 'tidy'], { cwd: moduleDir, env, logFile: log });
    await run(
      'go',
      ['build', '-trimpath', '-ldflags=-s -w', '-o', path.join(outDir, 'etcd'), '.'],
      {
        cwd: moduleDir,
        env,
        logFile: log,
      },
    );
  }).then((dir) => path.join(dir, 'etcd'));
}
