import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../errors/index.js';
import { changedFiles, isAncestor } from './git.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mlenv-git-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('changedFiles', () => {
  it.each([
    ['base', `--output=${path.join(dir, 'pwned')}`, 'HEAD'],
    ['head', 'main', `--output=${path.join(dir, 'pwned')}`],
  ])(
    'refuses a %s that git would read as an option, before git runs',
    async (_which, base, head) => {
      const failure = await changedFiles(dir, base, head).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConfigurationError);
      expect((failure as Error).message).toContain('a ref cannot start with "-"');
      expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
    },
  );
});

describe('isAncestor', () => {
  it('tells an earlier commit from a later one, and says nothing of commits it lacks', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'mlenv-ancestry-'));
    const run = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e.x', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim();
    try {
      run('init', '-q', '-b', 'main');
      const commit = (text: string) => {
        writeFileSync(path.join(repo, 'f.txt'), text);
        run('add', '.');
        run('commit', '-q', '-m', text);
        return run('rev-parse', 'HEAD');
      };
      const first = commit('one');
      const second = commit('two');
      expect(await isAncestor(repo, first, second)).toBe(true);
      expect(await isAncestor(repo, second, first)).toBe(false);
      expect(await isAncestor(repo, first, 'f'.repeat(40))).toBeUndefined();
      expect(await isAncestor(repo, '--output=x', second)).toBeUndefined();
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
