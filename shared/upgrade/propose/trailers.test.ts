import { describe, expect, it } from '@jest/globals';
import { parseUpgradeTrailers, upgradeCommitMessage } from './trailers.js';

describe('upgrade trailers', () => {
  it('end the commit message and read back', () => {
    const message = upgradeCommitMessage('Upgrade pytorch: torch 2.5.1 → 2.6.0', {
      group: 'pytorch',
      plan: 'sha256:abc',
    });
    expect(message).toBe(
      'Upgrade pytorch: torch 2.5.1 → 2.6.0\n\nMLEnv-Upgrade-Group: pytorch\nMLEnv-Upgrade-Plan: sha256:abc',
    );
    expect(parseUpgradeTrailers(message)).toEqual({ group: 'pytorch', plan: 'sha256:abc' });
  });

  it('keep a multi-line title on the subject line', () => {
    expect(upgradeCommitMessage('a\nb', { group: 'g', plan: 'p' }).split('\n')[0]).toBe('a b');
  });

  it('survive other trailers and CRLF line ends in the same block', () => {
    const message =
      'Upgrade\r\n\r\nMLEnv-Upgrade-Group: pytorch\r\nMLEnv-Upgrade-Plan: p1\r\nSigned-off-by: A <a@x>\r\n';
    expect(parseUpgradeTrailers(message)).toEqual({ group: 'pytorch', plan: 'p1' });
  });

  it('are not found in a message that only quotes them, or lacks one of them', () => {
    expect(
      parseUpgradeTrailers(
        'Fix the lock\n\nMLEnv-Upgrade-Group: pytorch\nMLEnv-Upgrade-Plan: p1\n\nwas wrong, so I fixed it',
      ),
    ).toBeUndefined();
    expect(parseUpgradeTrailers('MLEnv-Upgrade-Group: pytorch\nMLEnv-Upgrade-Plan: p1')).toBe(
      undefined,
    );
    expect(parseUpgradeTrailers('Upgrade\n\nMLEnv-Upgrade-Group: pytorch')).toBeUndefined();
    expect(parseUpgradeTrailers('Fix a typo')).toBeUndefined();
  });
});
