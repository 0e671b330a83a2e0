import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../errors/index.js';
import { applyToRequirements, parseRequirementsFile } from './requirements.js';

const REQUIREMENTS = [
  '# The shared environment: top-level pins only; `mlenv env lock` resolves the rest.',
  '--extra-index-url https://download.pytorch.org/whl/cu128',
  '-c constraints.txt',
  '',
  'torch==2.5.1+cu128   # the framework',
  'torchvision == 2.0.1+cu128',
  'Pillow[avif,webp]==10.4.0 ; python_version >= "3.10"  # images',
  'numpy>=1.26,<3',
  'mlflow==3.1.*',
  'scikit_learn==1.5.2',
  'rich',
  'lightning (==2.4.0)',
  'pandas==2.2.3 \\',
  '    --hash=sha256:aa \\',
  '    --hash=sha256:bb',
  'mypkg @ https://example.com/mypkg-1.0-py3-none-any.whl',
  './vendored/pkg',
  'git+https://github.com/acme/tool.git#egg=tool',
  '',
].join('\n');

describe('parseRequirementsFile', () => {
  it('reads pins, ranges, extras and markers with their lines', () => {
    const { entries } = parseRequirementsFile(REQUIREMENTS, 'environment/requirements.in');
    expect(
      entries.map(({ line, column, name, extras, specifier, marker, pin }) => ({
        line,
        column,
        name,
        extras,
        specifier,
        marker,
        pin,
      })),
    ).toEqual([
      {
        line: 5,
        column: 1,
        name: 'torch',
        extras: [],
        specifier: '==2.5.1+cu128',
        marker: undefined,
        pin: '2.5.1+cu128',
      },
      {
        line: 6,
        column: 1,
        name: 'torchvision',
        extras: [],
        specifier: '==2.0.1+cu128',
        marker: undefined,
        pin: '2.0.1+cu128',
      },
      {
        line: 7,
        column: 1,
        name: 'pillow',
        extras: ['avif', 'webp'],
        specifier: '==10.4.0',
        marker: 'python_version >= "3.10"',
        pin: '10.4.0',
      },
      {
        line: 8,
        column: 1,
        name: 'numpy',
        extras: [],
        specifier: '>=1.26,<3',
        marker: undefined,
        pin: undefined,
      },
      {
        line: 9,
        column: 1,
        name: 'mlflow',
        extras: [],
        specifier: '==3.1.*',
        marker: undefined,
        pin: undefined,
      },
      {
        line: 10,
        column: 1,
        name: 'scikit-learn',
        extras: [],
        specifier: '==1.5.2',
        marker: undefined,
        pin: '1.5.2',
      },
      {
        line: 11,
        column: 1,
        name: 'rich',
        extras: [],
        specifier: '',
        marker: undefined,
        pin: undefined,
      },
      {
        line: 12,
        column: 1,
        name: 'lightning',
        extras: [],
        specifier: '==2.4.0',
        marker: undefined,
        pin: '2.4.0',
      },
      {
        line: 13,
        column: 1,
        name: 'pandas',
        extras: [],
        specifier: '==2.2.3',
        marker: undefined,
        pin: '2.2.3',
      },
    ]);
  });

  it('reports every line it cannot read, at its file, line and column', () => {
    const text = 'torch==2.5.1\n  torch=2.5\nnumpy 2.0\nscipy==\nx[bad extra]==1\n';
    let error: unknown;
    try {
      parseRequirementsFile(text, 'environment/requirements.in');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      [
        'environment/requirements.in: 4 lines are not a requirement',
        'environment/requirements.in:2:3: expected a requirement such as "torch==2.5.1" or an option such as "--extra-index-url URL" (a version specifier such as "==2.5.1", not "=2.5"), found "torch=2.5"',
        'environment/requirements.in:3:1: expected a requirement such as "torch==2.5.1" or an option such as "--extra-index-url URL" (a version specifier such as "==2.5.1", not "2.0"), found "numpy 2.0"',
        'environment/requirements.in:4:1: expected a requirement such as "torch==2.5.1" or an option such as "--extra-index-url URL" (a version after ==), found "scipy=="',
        'environment/requirements.in:5:1: expected a requirement such as "torch==2.5.1" or an option such as "--extra-index-url URL" (extras such as [cuda,vision]), found "x[bad extra]==1"',
      ].join('\n'),
    );
  });
});

describe('applyToRequirements', () => {
  it('changes only the pinned versions, byte for byte', () => {
    const after = applyToRequirements(REQUIREMENTS, [
      { name: 'torch', from: '2.5.1+cu128', to: '2.6.0+cu128' },
      { name: 'torchvision', from: '2.0.1+cu128', to: '2.1.0+cu128' },
      { name: 'pillow', from: '10.4.0', to: '11.0.0' },
      { name: 'scikit-learn', from: '1.5.2', to: '1.6.1' },
      { name: 'lightning', from: '2.4.0', to: '2.5.0' },
      { name: 'pandas', from: '2.2.3', to: '2.3.0' },
    ]);
    expect(after).toBe(
      REQUIREMENTS.replace('torch==2.5.1+cu128 ', 'torch==2.6.0+cu128 ')
        .replace('torchvision == 2.0.1+cu128', 'torchvision == 2.1.0+cu128')
        .replace('Pillow[avif,webp]==10.4.0 ;', 'Pillow[avif,webp]==11.0.0 ;')
        .replace('scikit_learn==1.5.2', 'scikit_learn==1.6.1')
        .replace('lightning (==2.4.0)', 'lightning (==2.5.0)')
        .replace('pandas==2.2.3 \\', 'pandas==2.3.0 \\'),
    );
  });

  it('keeps CRLF line endings and a missing final newline', () => {
    const text = '# pins\r\ntorch==2.5.1  # framework\r\nnumpy==2.1.0';
    expect(
      applyToRequirements(text, [
        { name: 'torch', from: '2.5.1', to: '2.6.0' },
        { name: 'NumPy', from: '2.1.0', to: '2.2.1' },
      ]),
    ).toBe('# pins\r\ntorch==2.6.0  # framework\r\nnumpy==2.2.1');
  });

  it('finds a version continued onto the next line', () => {
    const text = 'torch==\\\n2.5.1\n';
    expect(applyToRequirements(text, [{ name: 'torch', from: '2.5.1', to: '2.6.0' }])).toBe(
      'torch==\\\n2.6.0\n',
    );
  });

  it('refuses a change the file does not pin', () => {
    expect(() =>
      applyToRequirements('torch==2.5.1\nnumpy>=2\n', [{ name: 'numpy', from: '2.0', to: '2.1' }]),
    ).toThrow('requirements: cannot upgrade numpy from 2.0: the file pins numpy>=2');
  });
});
