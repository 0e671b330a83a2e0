import { crc32 } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { writeZip } from '../../../action-tests/package-index/wheels.js';
import {
  bufferSource,
  listZipEntries,
  type RandomAccess,
  readOneZipEntry,
  readZipEntry,
  ZipError,
} from './zip.js';

// Written by Python's zipfile to a pipe: deflated, with data descriptors (the local headers carry
// no sizes) and an archive comment, as wheel tools may produce.
const PYTHON_ZIP = Buffer.from(
  'UEsDBBQACAAIAIsbel0AAAAAAAAAAAAAAAAQAAAAZGVtby9fX2luaXRfXy5weQMAUEsHCAAAAAACAAAAAAAAAFBLAwQUAAgACACLG3pdAAAAAAAAAAAAAAAAGwAAAGRlbW8tMS4wLmRpc3QtaW5mby9NRVRBREFUQfNNLUlMSSxJ1A1LLSrOzM+zUjDSM+TyS8xNtVJISc3N54KLG+oZcAWlFpZmFqUW67pkFpdYKZTkFyVnKGjY2RrpmWiiS+aV5hZUWiukVpQUJSrY2ioo5RUocXEBAFBLBwgNHWILXQAAAHAAAABQSwECFAMUAAgACACLG3pdAAAAAAIAAAAAAAAAEAAAAAAAAAAAAAAAgAEAAAAAZGVtby9fX2luaXRfXy5weVBLAQIUAxQACAAIAIsbel0NHWILXQAAAHAAAAAbAAAAAAAAAAAAAACAAUAAAABkZW1vLTEuMC5kaXN0LWluZm8vTUVUQURBVEFQSwUGAAAAAAIAAgCHAAAA5gAAABYAbWFkZSBieSBweXRob24gemlwZmlsZQ==',
  'base64',
);

/** A one-entry stored zip in zip64 form: sizes, offset and counts only in the zip64 records. */
function zip64(name: string, data: Buffer): Buffer {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4);
  local.writeUInt32LE(crc32(data) >>> 0, 14);
  local.writeUInt32LE(0xffffffff, 18);
  local.writeUInt32LE(0xffffffff, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  local.writeUInt16LE(20, 28);
  const localExtra = Buffer.alloc(20);
  localExtra.writeUInt16LE(1, 0);
  localExtra.writeUInt16LE(16, 2);
  localExtra.writeBigUInt64LE(BigInt(data.length), 4);
  localExtra.writeBigUInt64LE(BigInt(data.length), 12);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(45, 6);
  central.writeUInt32LE(crc32(data) >>> 0, 16);
  central.writeUInt32LE(0xffffffff, 20);
  central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt16LE(28, 30);
  central.writeUInt32LE(0xffffffff, 42);
  const centralExtra = Buffer.alloc(28);
  centralExtra.writeUInt16LE(1, 0);
  centralExtra.writeUInt16LE(24, 2);
  centralExtra.writeBigUInt64LE(BigInt(data.length), 4);
  centralExtra.writeBigUInt64LE(BigInt(data.length), 12);
  centralExtra.writeBigUInt64LE(0n, 20);
  const localPart = Buffer.concat([local, nameBytes, localExtra, data]);
  const centralPart = Buffer.concat([central, nameBytes, centralExtra]);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeBigUInt64LE(1n, 24);
  record.writeBigUInt64LE(1n, 32);
  record.writeBigUInt64LE(BigInt(centralPart.length), 40);
  record.writeBigUInt64LE(BigInt(localPart.length), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(localPart.length + centralPart.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([localPart, centralPart, record, locator, end]);
}

/** Counts reads, so tests can see that only the needed ranges are read. */
function counting(buffer: Buffer): RandomAccess & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  const source = bufferSource(buffer);
  return {
    size: source.size,
    reads,
    read: (offset, length) => {
      reads.push([offset, length]);
      return source.read(offset, length);
    },
  };
}

describe('zip reader', () => {
  it('reads stored and deflated entries written by writeZip', async () => {
    for (const method of ['store', 'deflate'] as const) {
      const big = Buffer.from('Requires-Dist: torch==2.6.0\n'.repeat(500));
      const zip = writeZip(
        [
          { name: 'pkg/__init__.py', data: '__version__ = "1.0"\n' },
          { name: 'pkg-1.0.dist-info/METADATA', data: big },
          { name: 'pkg/ünïcode.txt', data: '' },
        ],
        { method },
      );
      const source = bufferSource(zip);
      const entries = await listZipEntries(source);
      expect(entries.map((e) => [e.name, e.method, e.uncompressedSize])).toEqual([
        ['pkg/__init__.py', method === 'store' ? 0 : 8, 20],
        ['pkg-1.0.dist-info/METADATA', method === 'store' ? 0 : 8, big.length],
        ['pkg/ünïcode.txt', method === 'store' ? 0 : 8, 0],
      ]);
      expect(await readZipEntry(source, entries[1] as (typeof entries)[number])).toEqual(big);
      expect((await readZipEntry(source, entries[2] as (typeof entries)[number])).length).toBe(0);
    }
  });

  it("reads Python zipfile's archives with data descriptors and a comment", async () => {
    const { name, data } = await readOneZipEntry(
      bufferSource(PYTHON_ZIP),
      (n) => n.endsWith('.dist-info/METADATA'),
      'METADATA',
    );
    expect(name).toBe('demo-1.0.dist-info/METADATA');
    expect(data.toString()).toContain('Requires-Dist: torch (>=2.4)\n');
  });

  it('reads zip64 records', async () => {
    const source = bufferSource(zip64('big.dist-info/METADATA', Buffer.from('Name: big\n')));
    const [entry] = await listZipEntries(source);
    expect(entry).toMatchObject({
      name: 'big.dist-info/METADATA',
      compressedSize: 10,
      localHeaderOffset: 0,
    });
    expect((await readZipEntry(source, entry as NonNullable<typeof entry>)).toString()).toBe(
      'Name: big\n',
    );
  });

  it('reads only the tail, the directory and the one entry', async () => {
    const padding = Array.from({ length: 50 }, (_, i) => ({
      name: `pkg/file${i}.bin`,
      data: Buffer.alloc(4096, i),
    }));
    const zip = writeZip(
      [...padding, { name: 'pkg-1.0.dist-info/METADATA', data: 'Name: pkg\n' }],
      {
        method: 'store',
      },
    );
    const source = counting(zip);
    await readOneZipEntry(source, (n) => n.endsWith('/METADATA'), 'METADATA');
    const bytesRead = source.reads.reduce((sum, [, length]) => sum + length, 0);
    expect(bytesRead).toBeLessThan(zip.length / 2);
  });

  it.each([
    ['empty', Buffer.alloc(0), 'only 0 bytes'],
    ['not a zip', Buffer.from('<html>not a wheel</html>'.repeat(3)), 'no end-of-central-directory'],
  ])('rejects %s', async (_, bytes, message) => {
    await expect(listZipEntries(bufferSource(bytes))).rejects.toThrow(ZipError);
    await expect(listZipEntries(bufferSource(bytes))).rejects.toThrow(message);
  });

  it('rejects a corrupt entry by its CRC', async () => {
    const zip = writeZip([{ name: 'a.txt', data: 'hello world' }], { method: 'store' });
    const corrupt = Buffer.from(zip);
    corrupt[30 + 'a.txt'.length] = 'j'.charCodeAt(0);
    const source = bufferSource(corrupt);
    const [entry] = await listZipEntries(source);
    await expect(readZipEntry(source, entry as NonNullable<typeof entry>)).rejects.toThrow(
      'a.txt: size or CRC-32 does not match',
    );
  });

  it('names the entries when not exactly one matches', async () => {
    const zip = writeZip([
      { name: 'a-1.dist-info/METADATA', data: 'x' },
      { name: 'b-1.dist-info/METADATA', data: 'y' },
    ]);
    await expect(
      readOneZipEntry(bufferSource(zip), (n) => n.endsWith('METADATA'), 'METADATA'),
    ).rejects.toThrow(
      'expected one METADATA, found a-1.dist-info/METADATA, b-1.dist-info/METADATA',
    );
    await expect(readOneZipEntry(bufferSource(zip), () => false, 'METADATA')).rejects.toThrow(
      'expected one METADATA, found none',
    );
  });
});
