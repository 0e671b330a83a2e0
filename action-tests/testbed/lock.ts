import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './daemon.js';

function holderAlive(file: string): boolean {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Two `up`s at once (two jest projects, or a shell and a test run) would start every daemon
// twice; the second waits for the first and then finds everything healthy.
export async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!holderAlive(file)) {
        // Left behind by a killed `up`.
        fs.rmSync(file, { force: true });
        continue;
      }
      if (!announced) {
        console.log(`[testbed] waiting for another up/down (lock ${file})`);
        announced = true;
      }
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
