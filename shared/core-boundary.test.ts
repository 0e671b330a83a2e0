import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

// The lint rule catches static imports; this also catches dynamic import() and require().
const ACTIONS_IMPORT = /(from\s+|import\s*\(\s*|require\s*\(\s*)['"]@actions\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'core-boundary.test.ts')
    .map((e) => path.join(e.parentPath, e.name));
}

describe('the core boundary', () => {
  const root = path.resolve(import.meta.dirname, '..');
  it.each(['shared', 'cli/src'])('%s never imports @actions/*', (dir) => {
    const files = sourceFiles(path.join(root, dir));
    expect(files.length).toBeGreaterThan(3);
    const offenders = files.filter((f) => ACTIONS_IMPORT.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the pattern recognises each import form', () => {
    for (const line of [
      "import * as core from '@actions/core';",
      "const core = await import('@actions/core');",
      "const { exec } = require('@actions/exec');",
    ]) {
      expect(ACTIONS_IMPORT.test(line)).toBe(true);
    }
  });
});
