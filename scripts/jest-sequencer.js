// Runs the longest test files first, from the durations of earlier runs on this machine, so that
// no worker is left alone with a long file at the end. Jest keeps its own durations by absolute
// path, which a fresh clone in another folder (as CI makes) never matches: these are kept by path
// within the repository, in the user cache. It only orders files; it never leaves one out.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import Sequencer from '@jest/test-sequencer';

const root = path.resolve(import.meta.dirname, '..');
const store = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'),
  'mlenv-jest',
  'durations.json',
);

function readStore() {
  try {
    return JSON.parse(readFileSync(store, 'utf8'));
  } catch {
    return {};
  }
}

export default class LongestFirstSequencer extends Sequencer {
  durations = readStore();

  time(test) {
    return super.time(test) ?? this.durations[path.relative(root, test.path)];
  }

  cacheResults(tests, results) {
    super.cacheResults(tests, results);
    const durations = { ...readStore(), ...this.durations };
    for (const result of results.testResults) {
      if (result.skipped) continue;
      const { runtime, start, end } = result.perfStats;
      durations[path.relative(root, result.testFilePath)] = runtime ?? end - start;
    }
    mkdirSync(path.dirname(store), { recursive: true });
    // Two runs at once each write a whole file; the rename keeps either from reading half of one.
    const scratch = `${store}.${process.pid}`;
    writeFileSync(scratch, JSON.stringify(durations));
    renameSync(scratch, store);
  }
}
