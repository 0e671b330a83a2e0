import { describe, expect, it } from '@jest/globals';
import { requiresPythonAdmits, wheelAdmitsPython } from './python-compat.js';
import { moveIndex, variantLabel } from './variant.js';

describe('moveIndex', () => {
  it('replaces the variant segment, to and from cpu', () => {
    expect(variantLabel('12.8')).toBe('cu128');
    expect(moveIndex('https://download.pytorch.org/whl/cu128', '13.0')).toEqual({
      from: 'https://download.pytorch.org/whl/cu128',
      to: 'https://download.pytorch.org/whl/cu130',
    });
    expect(moveIndex('https://download.pytorch.org/whl/cu128/', 'cpu')).toEqual({
      from: 'https://download.pytorch.org/whl/cu128/',
      to: 'https://download.pytorch.org/whl/cpu/',
    });
    expect(moveIndex('https://mirror.acme/pytorch/cpu/simple', '12.9').to).toBe(
      'https://mirror.acme/pytorch/cu129/simple',
    );
    expect(moveIndex(undefined, 'cpu')).toEqual({ to: 'https://download.pytorch.org/whl/cpu' });
  });
});

describe('Python compatibility of files', () => {
  it('reads requires-python for some patch release of the workspace Python', () => {
    expect(requiresPythonAdmits('>=3.11.4', '3.11')).toBe(true);
    expect(requiresPythonAdmits('<3.12,>=3.9', '3.12')).toBe(false);
    expect(requiresPythonAdmits('>=3.6.*', '3.12')).toBe(true); // malformed: ignored
    expect(requiresPythonAdmits(undefined, '3.12')).toBe(true);
  });

  it.each([
    ['torch-2.5.1+cu128-cp311-cp311-linux_x86_64.whl', '3.11', true],
    ['torch-2.5.1+cu128-cp311-cp311-linux_x86_64.whl', '3.12', false],
    ['orjson-3.11.0-cp38-abi3-manylinux_2_17_x86_64.whl', '3.13', true],
    ['orjson-3.11.0-cp314-abi3-manylinux_2_17_x86_64.whl', '3.13', false],
    ['six-1.16.0-py2.py3-none-any.whl', '3.12', true],
    ['tomli-2.0.0-py37-none-any.whl', '3.12', true],
    ['numpy-2.1.0-cp313-cp313t-linux_x86_64.whl', '3.13', false],
    ['numpy-2.1.0-pp310-pypy310_pp73-linux_x86_64.whl', '3.10', false],
    ['numpy-2.1.0.tar.gz', '3.14', true],
  ])('%s on Python %s: %s', (file, python, ok) => {
    expect(wheelAdmitsPython(file, python)).toBe(ok);
  });
});
