import fs from 'node:fs';
import path from 'node:path';
import { CommandError, run, tailLines } from './exec.js';
import { withLock } from './lock.js';
import { cacheDir, goEnv, logPath } from './paths.js';
import { step } from './progress.js';

export class BuildError extends Error {
  constructor(
    readonly component: string,
    readonly logTail: string,
  ) {
    super(
      `${component}: build failed\n--- last lines of the ${component} build log ---\n${logTail}`,
    );
    this.name = 'BuildError';
  }
}

// Binaries go to a version-named folder that only appears (by rename) once the build has
// succeeded, so an interrupted build is redone rather than half-used.
export function binDir(component: string, version: string): string {
  return path.join(cacheDir(), 'bin', `${component}-${version}`);
}

export async function buildOnce(
  component: string,
  version: string,
  binaries: string[],
  build: (outDir: string, log: string) => Promise<void>,
): Promise<string> {
  const dir = binDir(component, version);
  const built = () => binaries.every((b) => fs.existsSync(path.join(dir, b)));
  if (built()) return dir;
  // The cache is shared by every checkout on the machine: two beds coming up at once would build
  // into the same partial folder, and one would delete the other's output.
  return withLock(`${dir}.lock`, async () => {
    if (built()) return dir;
    await buildInto(dir, component, version, binaries, build);
    return dir;
  });
}

async function buildInto(
  dir: string,
  component: string,
  version: string,
  binaries: string[],
  build: (outDir: string, log: string) => Promise<void>,
): Promise<void> {
  const log = logPath(`build-${component}`);
  const partial = `${dir}.partial`;
  await step(`${component} ${version}: building (log ${log})`, async () => {
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    try {
      await build(partial, log);
    } catch (err) {
      fs.rmSync(partial, { recursive: true, force: true });
      if (err instanceof CommandError) throw new BuildError(component, tailLines(err.output));
      throw err;
    }
    for (const b of binaries) {
      if (!fs.existsSync(path.join(partial, b))) {
        throw new BuildError(component, `the build did not produce ${b}`);
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
  });
}

export function goInstall(
  component: string,
  pkg: string,
  version: string,
  ldflags: string[] = [],
): Promise<string> {
  const name = path.basename(pkg);
  return buildOnce(component, version, [name], async (outDir, log) => {
    await run(
      'go',
      [
        'install',
        '-trimpath',
        `-ldflags=${['-s', '-w', ...ldflags].join(' ')}`,
        `${pkg}@${version}`,
      ],
      { env: { ...goEnv(), GOBIN: outDir }, logFile: log },
    );
  }).then((dir) => path.join(dir, name));
}
