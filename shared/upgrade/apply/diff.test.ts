import { describe, expect, it } from '@jest/globals';
import { renderUnifiedDiff } from './diff.js';

const lines = (n: number): string =>
  `${Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n')}\n`;

describe('renderUnifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(renderUnifiedDiff('a.txt', 'x\n', 'x\n')).toBe('');
  });

  it('prints one hunk with three lines of context, as git does', () => {
    const before = lines(10);
    const after = before.replace('line 5\n', 'line five\n');
    expect(renderUnifiedDiff('environment/requirements.in', before, after)).toBe(
      [
        '--- a/environment/requirements.in',
        '+++ b/environment/requirements.in',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    );
  });

  it('splits distant changes into hunks and merges close ones', () => {
    const before = lines(20);
    const after = before
      .replace('line 2\n', 'line two\n')
      .replace('line 8\n', 'line eight\n')
      .replace('line 19\n', '');
    expect(renderUnifiedDiff('f', before, after)).toBe(
      [
        '--- a/f',
        '+++ b/f',
        '@@ -1,11 +1,11 @@',
        ' line 1',
        '-line 2',
        '+line two',
        ' line 3',
        ' line 4',
        ' line 5',
        ' line 6',
        ' line 7',
        '-line 8',
        '+line eight',
        ' line 9',
        ' line 10',
        ' line 11',
        '@@ -16,5 +16,4 @@',
        ' line 16',
        ' line 17',
        ' line 18',
        '-line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
  });

  it('handles added lines, new and emptied files, and a missing final newline', () => {
    expect(renderUnifiedDiff('f', 'a\nc\n', 'a\nb\nc\n')).toBe(
      '--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n+b\n c\n',
    );
    expect(renderUnifiedDiff('f', '', 'a\n')).toBe('--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n');
    expect(renderUnifiedDiff('f', 'a\n', '')).toBe('--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n');
    expect(renderUnifiedDiff('f', 'a\nb', 'a\nc')).toBe(
      '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    );
    expect(renderUnifiedDiff('f', 'a\nb', 'a\nb\n')).toBe(
      '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n',
    );
  });
});
