import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../errors/index.js';
import {
  bumpKind,
  compareVersions,
  formatSpecifierSet,
  isPrerelease,
  normalizeVersion,
  parseSpecifierSet,
  parseVersion,
  satisfies,
  sortVersions,
  tryParseVersion,
} from './pep440.js';

describe('parseVersion', () => {
  it('reads every part of a version', () => {
    expect(parseVersion('1!2.5.1rc2.post3.dev4+cu128.ubuntu.22')).toEqual({
      epoch: 1,
      release: [2, 5, 1],
      pre: { label: 'rc', number: 2 },
      post: 3,
      dev: 4,
      local: ['cu128', 'ubuntu', 22],
    });
    expect(parseVersion('2.5.1+cu124')).toEqual({ epoch: 0, release: [2, 5, 1], local: ['cu124'] });
  });

  it.each([
    ['1.0-ALPHA.1', '1.0a1'],
    ['1.0beta', '1.0b0'],
    ['1.0c1', '1.0rc1'],
    ['1.0pre2', '1.0rc2'],
    ['1.0preview', '1.0rc0'],
    ['v2.0', '2.0'],
    ['2.0-1', '2.0.post1'],
    ['2.0.rev', '2.0.post0'],
    ['2.0_r3', '2.0.post3'],
    ['1.0dev', '1.0.dev0'],
    ['1.0-dev-2', '1.0.dev2'],
    [' 1.0+Local-Build_7 ', '1.0+local.build.7'],
    ['0!1.0', '1.0'],
    ['2.7.0RC1', '2.7.0rc1'],
  ])('normalizes %s to %s', (input, canonical) => {
    expect(normalizeVersion(input)).toBe(canonical);
  });

  it.each(['', 'latest', '1.0.0-beta+', '1..0', '1.0+', 'a1.0', '2.4.*'])('rejects %j', (text) => {
    expect(tryParseVersion(text)).toBeUndefined();
    expect(() => parseVersion(text)).toThrow(ConfigurationError);
  });

  it('says what it expected and what it found', () => {
    expect(() => parseVersion('latest')).toThrow(/Expected a PEP 440 version.*found "latest"/);
  });
});

describe('compareVersions', () => {
  // The ordering example of PEP 440, oldest first.
  const ordered = [
    '1.0.dev456',
    '1.0a1',
    '1.0a2.dev456',
    '1.0a12.dev456',
    '1.0a12',
    '1.0b1.dev456',
    '1.0b2',
    '1.0b2.post345.dev456',
    '1.0b2.post345',
    '1.0rc1.dev456',
    '1.0rc1',
    '1.0',
    '1.0+abc.5',
    '1.0+abc.7',
    '1.0+5',
    '1.0.post456.dev34',
    '1.0.post456',
    '1.0.15',
    '1.1.dev1',
    '1!0.5',
  ];

  it('orders the PEP 440 example', () => {
    const shuffled = [...ordered].reverse();
    shuffled.push(shuffled.shift() as string);
    expect(sortVersions(shuffled)).toEqual(ordered);
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareVersions(ordered[i] as string, ordered[i + 1] as string)).toBe(-1);
      expect(compareVersions(ordered[i + 1] as string, ordered[i] as string)).toBe(1);
    }
  });

  it('ignores trailing zeros and spelling', () => {
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0alpha1', '1.0a1')).toBe(0);
    expect(compareVersions('2.10.0', '2.9.0')).toBe(1);
  });

  it('sorts torch builds: a local build after its public release, before the next', () => {
    expect(sortVersions(['2.6.0', '2.5.1+cu124', '2.5.1', '2.7.0rc1', '2.5.0'])).toEqual([
      '2.5.0',
      '2.5.1',
      '2.5.1+cu124',
      '2.6.0',
      '2.7.0rc1',
    ]);
  });
});

describe('isPrerelease', () => {
  it.each([
    ['2.7.0rc1', true],
    ['1.0a1', true],
    ['1.0.dev3', true],
    ['1.0.post1.dev1', true],
    ['1.0', false],
    ['1.0.post1', false],
    ['2.5.1+cu128', false],
  ])('%s → %s', (v, expected) => {
    expect(isPrerelease(v)).toBe(expected);
  });
});

describe('bumpKind', () => {
  it.each([
    ['2.5.0', '2.5.1', 'patch'],
    ['2.5.1', '2.5.1+cu128', 'patch'],
    ['2.5', '2.5.0.post1', 'patch'],
    ['2.5.1', '2.6.0', 'minor'],
    ['0.20.1', '0.21.0', 'minor'],
    ['2.6.0', '2.7.0rc1', 'minor'],
    ['1.26.4', '2.0.2', 'major'],
    ['1.0', '1!1.0', 'major'],
    ['2', '2.1', 'minor'],
  ] as const)('%s → %s is %s', (from, to, kind) => {
    expect(bumpKind(from, to)).toBe(kind);
  });
});

describe('specifier sets', () => {
  it('parses and formats canonically', () => {
    const set = parseSpecifierSet(' >= 5.3.0 , !=8.3.* ,<10');
    expect(set).toEqual([
      { operator: '>=', version: '5.3.0', wildcard: false },
      { operator: '!=', version: '8.3', wildcard: true },
      { operator: '<', version: '10', wildcard: false },
    ]);
    expect(formatSpecifierSet(set)).toBe('>=5.3.0,!=8.3.*,<10');
    expect(parseSpecifierSet('')).toEqual([]);
  });

  it.each([
    ['2.5.1', 'not an operator followed by a version'],
    ['>=', 'not an operator followed by a version'],
    ['>=2.4.*', 'only == and != take a trailing .*'],
    ['~=2', '~= needs at least two release segments'],
    ['>=2.5+cu124', 'only == and != take a local version'],
    ['==latest', '"latest" is not a PEP 440 version'],
    ['==2.4.dev1.*', 'follows release numbers only'],
    ['==2.4rc1.*', 'follows release numbers only'],
  ])('rejects %j (%s)', (text, why) => {
    expect(() => parseSpecifierSet(text)).toThrow(ConfigurationError);
    expect(() => parseSpecifierSet(text)).toThrow(why);
  });

  // Cases from PEP 440 and packaging's test suite.
  it.each([
    ['2.5.1', '==2.5.1', true],
    ['2.5.1', '==2.5.1.0', true],
    ['2.5.1+cu124', '==2.5.1', true],
    ['2.5.1', '==2.5.1+cu124', false],
    ['2.5.1+cu124', '==2.5.1+cu124', true],
    ['2.5.1+cu121', '==2.5.1+cu124', false],
    ['2.5.2', '==2.5.1', false],
    ['2.4.0', '==2.4.*', true],
    ['2.4.9.post1', '==2.4.*', true],
    ['2.4', '==2.4.0.*', true],
    ['2.40', '==2.4.*', false],
    ['2.5.0', '==2.4.*', false],
    ['1.5', '==1.*', true],
    ['2.4.1+cu124', '==2.4.*', true],
    ['2.5.0', '!=2.4.*', true],
    ['2.4.3', '!=2.4.*', false],
    ['2.5.1', '!=2.5.1', false],
    ['2.5.1+cu124', '!=2.5.1', false],
    ['2.5.1', '>=2.5', true],
    ['2.5.1+cu124', '<=2.5.1', true],
    ['2.6.0', '<=2.5.1', false],
    ['2.5.9', '<2.6', true],
    ['2.6.0', '<2.6', false],
    ['2.6.0', '>2.5', true],
    ['2.5.0.post1', '>2.5', false],
    ['2.5.0+local', '>2.5', false],
    ['2.5.1', '>2.5', true],
    ['2.5.0.post2', '>2.5.0.post1', true],
    ['2.5.3', '~=2.5.1', true],
    ['2.6.0', '~=2.5.1', false],
    ['2.5.0', '~=2.5.1', false],
    ['2.9', '~=2.5', true],
    ['3.0', '~=2.5', false],
    ['1.4.5', '~=1.4.5.0', true],
    ['1.4.6', '~=1.4.5.0', false],
    ['1.4.5.0', '~=1.4.5.0', true],
    ['2.5.1', '>=2.4,<2.6,!=2.5.0', true],
    ['2.5.0', '>=2.4,<2.6,!=2.5.0', false],
    ['2.5.1', '', true],
    ['1!1.0', '>=2.0', true],
    ['2.5.1', '===2.5.1', true],
    ['2.5.1', '===2.5.1.0', false],
    ['foobar', '===foobar', true],
    ['foobar', '==1.0', false],
  ])('%s satisfies %j: %s', (version, set, expected) => {
    expect(satisfies(version, set)).toBe(expected);
  });

  describe('pre-releases', () => {
    it('are excluded unless a specifier names one or the caller allows them', () => {
      expect(satisfies('2.7.0rc1', '>=2.6')).toBe(false);
      expect(satisfies('2.7.0rc1', '')).toBe(false);
      expect(satisfies('2.7.0rc1', '>=2.6', { prereleases: true })).toBe(true);
      expect(satisfies('2.7.0rc1', '>=2.7.0rc1')).toBe(true);
      expect(satisfies('2.7.0', '>=2.7.0rc1', { prereleases: false })).toBe(true);
      expect(satisfies('2.7.0rc1', '>=2.7.0rc1', { prereleases: false })).toBe(false);
    });

    it('do not slip under a final release bound', () => {
      expect(satisfies('3.0.0rc1', '<3.0', { prereleases: true })).toBe(false);
      expect(satisfies('3.0.0rc1', '<3.0rc2')).toBe(true);
      expect(satisfies('2.9.0rc1', '<3.0', { prereleases: true })).toBe(true);
    });

    it('a != naming a pre-release does not admit pre-releases', () => {
      expect(satisfies('2.7.0rc2', '!=2.7.0rc1')).toBe(false);
    });
  });

  it('accepts parsed versions and sets', () => {
    expect(satisfies(parseVersion('2.5.1'), parseSpecifierSet('~=2.5.0'))).toBe(true);
  });
});
