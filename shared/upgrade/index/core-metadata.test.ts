import { describe, expect, it } from '@jest/globals';
import { parseCoreMetadata } from './core-metadata.js';

describe('parseCoreMetadata', () => {
  it('reads repeated fields, folded lines and stops at the body', () => {
    const metadata = parseCoreMetadata(
      [
        'Metadata-Version: 2.1',
        'Name: torchvision',
        'Version: 0.21.0',
        'Requires-Python: >=3.9',
        'Classifier: A',
        'Requires-Dist: numpy',
        'Requires-Dist: torch==2.6.0',
        'License: BSD',
        '        line two of the license',
        'requires-dist: scipy; extra == "scipy"',
        '',
        'Requires-Dist: not-a-header (the description body)',
      ].join('\r\n'),
    );
    expect(metadata.name).toBe('torchvision');
    expect(metadata.version).toBe('0.21.0');
    expect(metadata.requiresPython).toBe('>=3.9');
    expect(metadata.requiresDist).toEqual(['numpy', 'torch==2.6.0', 'scipy; extra == "scipy"']);
    expect(metadata.fields.get('license')).toEqual(['BSD\nline two of the license']);
  });

  it('gives no dependencies for a leaf package', () => {
    expect(
      parseCoreMetadata('Metadata-Version: 2.1\nName: leaf\nVersion: 1\n').requiresDist,
    ).toEqual([]);
  });
});
