import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../errors/index.js';
import {
  evaluateMarker,
  linuxMarkerEnvironment,
  normalizeName,
  parseRequirement,
} from './requirement.js';

describe('normalizeName', () => {
  it.each([
    ['Torch', 'torch'],
    ['Torch_Vision', 'torch-vision'],
    ['a.b-c__d', 'a-b-c-d'],
    ['zope.interface', 'zope-interface'],
    ['Flask--SQL._Alchemy', 'flask-sql-alchemy'],
  ])('%s → %s', (name, normalized) => {
    expect(normalizeName(name)).toBe(normalized);
  });
});

describe('parseRequirement', () => {
  it('reads name, extras, specifier and marker', () => {
    expect(
      parseRequirement('Torch_Vision[Extra_One, two]>=0.20,<0.22; python_version >= "3.9"'),
    ).toEqual({
      name: 'torch-vision',
      extras: ['extra-one', 'two'],
      specifier: '>=0.20,<0.22',
      marker: 'python_version >= "3.9"',
    });
  });

  it.each([
    ['torch==2.6.0', { name: 'torch', extras: [], specifier: '==2.6.0' }],
    ['numpy', { name: 'numpy', extras: [], specifier: '' }],
    ['  numpy  ', { name: 'numpy', extras: [], specifier: '' }],
    ['x', { name: 'x', extras: [], specifier: '' }],
    ['torch (==2.6.0)', { name: 'torch', extras: [], specifier: '==2.6.0' }],
    ['pillow!=8.3.*, >= 5.3.0', { name: 'pillow', extras: [], specifier: '!=8.3.*,>=5.3.0' }],
    ['requests[]', { name: 'requests', extras: [], specifier: '' }],
    ['numpy; extra == "np"', { name: 'numpy', extras: [], specifier: '', marker: 'extra == "np"' }],
    [
      'requests [security] (>= 2.8.1, == 2.8.*) ; python_version < "2.7"',
      {
        name: 'requests',
        extras: ['security'],
        specifier: '>=2.8.1,==2.8.*',
        marker: 'python_version < "2.7"',
      },
    ],
    [
      'pkg @ https://example.com/pkg-1.0.whl ; sys_platform == "linux"',
      {
        name: 'pkg',
        extras: [],
        specifier: '',
        url: 'https://example.com/pkg-1.0.whl',
        marker: 'sys_platform == "linux"',
      },
    ],
    [
      'pkg@https://example.com/a;b.whl',
      { name: 'pkg', extras: [], specifier: '', url: 'https://example.com/a;b.whl' },
    ],
  ])('%s', (line, expected) => {
    expect(parseRequirement(line)).toEqual(expected);
  });

  it.each([
    ['', 'does not start with a project name'],
    ['-torch', 'does not start with a project name'],
    ['torch[cuda', 'no closing ]'],
    ['torch[cu da]', 'is not an extra name'],
    ['torch 2.5', '"2.5" is not a version specifier'],
    ['torch==latest', 'is not a PEP 440 version'],
    ['torch (==2.5', 'no closing )'],
    ['torch==2.5;', 'nothing follows ;'],
    ['torch==2.5; python_versoin > "3"', 'unknown marker variable "python_versoin"'],
    ['torch==2.5; python_version > ', 'expected a marker variable or a quoted string'],
    ['torch @ ', '@ is not followed by a URL'],
  ])('rejects %j (%s)', (line, why) => {
    expect(() => parseRequirement(line)).toThrow(ConfigurationError);
    expect(() => parseRequirement(line)).toThrow(why);
  });

  it('names what it expected and the whole line it found', () => {
    expect(() => parseRequirement('torch 2.5')).toThrow(
      /Expected a PEP 508 requirement.*found "torch 2.5"/,
    );
  });
});

describe('evaluateMarker', () => {
  const env = linuxMarkerEnvironment('3.11.7');

  it('describes CPython on Linux x86_64', () => {
    expect(env).toMatchObject({
      python_version: '3.11',
      python_full_version: '3.11.7',
      sys_platform: 'linux',
      platform_machine: 'x86_64',
      extra: '',
    });
    expect(linuxMarkerEnvironment('3.12').python_full_version).toBe('3.12.0');
  });

  // Checked against packaging 26's Marker.evaluate.
  it.each([
    ['python_version >= "3.9"', true],
    ['python_version < "3.10"', false],
    ["python_version <= '3.11'", true],
    ['python_version > "3.9" and platform_system == "Linux"', true],
    ['(python_version < "3.8" or extra == "np") and os_name == "posix"', false],
    ['"linux" in sys_platform', true],
    ['"win" not in sys_platform', true],
    ['platform_machine != "aarch64"', true],
    ['python_full_version >= "3.11.7"', true],
    ['python_version ~= "3.10"', true],
    ['python_version == "3.11.*"', true],
    ['implementation_name == "cpython" or implementation_name == "pypy"', true],
    ['platform_system == "Linux" and platform_machine == "x86_64"', true],
    ['sys.platform == "linux"', true],
    ['python_version > "3.11" or python_version < "3.9" and os_name == "posix"', false],
  ])('%s → %s', (marker, expected) => {
    expect(evaluateMarker(marker, env)).toBe(expected);
  });

  it('matches extras by normalized name', () => {
    expect(evaluateMarker('extra == "NP"', env)).toBe(false);
    expect(
      evaluateMarker('extra == "Nice_Extra"', linuxMarkerEnvironment('3.11', 'nice-extra')),
    ).toBe(true);
  });

  it('compares non-versions as text', () => {
    expect(evaluateMarker('platform_release >= "5"', { platform_release: '6.1.0-generic' })).toBe(
      true,
    );
  });
});
