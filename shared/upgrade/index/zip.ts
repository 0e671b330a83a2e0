import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Just enough of a zip reader to take one file out of a wheel: no zip library is among the
 * dependencies, and reading through the central directory lets a caller fetch only the byte
 * ranges it needs (a wheel's METADATA without downloading a 2 GB CUDA build).
 */

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

/** Bytes that can be read at any offset: a buffer in memory, or a file behind HTTP ranges. */
export interface RandomAccess {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export function bufferSource(buffer: Buffer): RandomAccess {
  return {
    size: buffer.length,
    read: async (offset, length) => buffer.subarray(offset, offset + length),
  };
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else cannot be read here. */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
/** The end record may be followed by a comment of up to 64 KiB: the most a reader needs first. */
export const ZIP_TAIL_BYTES = EOCD_SIZE + 0xffff;

function u64(buf: Buffer, at: number): number {
  const value = buf.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('zip64 field out of range');
  return Number(value);
}

async function readExactly(source: RandomAccess, offset: number, length: number): Promise<Buffer> {
  if (offset < 0 || offset + length > source.size) {
    throw new ZipError(
      `bytes ${offset}..${offset + length} lie outside the ${source.size}-byte file`,
    );
  }
  const bytes = await source.read(offset, length);
  if (bytes.length !== length)
    throw new ZipError(`short read at ${offset}: ${bytes.length} of ${length} bytes`);
  return bytes;
}

/** Where the central directory lies and how many entries it holds. */
async function findCentralDirectory(
  source: RandomAccess,
): Promise<{ offset: number; size: number; count: number }> {
  const tailLength = Math.min(source.size, ZIP_TAIL_BYTES);
  if (tailLength < EOCD_SIZE) throw new ZipError(`not a zip: only ${source.size} bytes`);
  const tailStart = source.size - tailLength;
  const tail = await readExactly(source, tailStart, tailLength);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipError('not a zip: no end-of-central-directory record');
  let count = tail.readUInt16LE(at + 10);
  let size = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locatorAt = tailStart + at - 20;
    const locator = await readExactly(source, locatorAt, 20);
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipError('zip64 locator missing');
    const record = await readExactly(source, u64(locator, 8), 56);
    if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipError('zip64 end record missing');
    count = u64(record, 32);
    size = u64(record, 40);
    offset = u64(record, 48);
  }
  return { offset, size, count };
}

export async function listZipEntries(source: RandomAccess): Promise<ZipEntry[]> {
  const cd = await findCentralDirectory(source);
  const dir = await readExactly(source, cd.offset, cd.size);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < cd.count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) {
      throw new ZipError(`central directory entry ${n} is malformed`);
    }
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      name: dir.toString('utf8', p + 46, p + 46 + nameLength),
      method: dir.readUInt16LE(p + 10),
      crc32: dir.readUInt32LE(p + 16),
      compressedSize: dir.readUInt32LE(p + 20),
      uncompressedSize: dir.readUInt32LE(p + 24),
      localHeaderOffset: dir.readUInt32LE(p + 42),
    };
    if (dir.readUInt16LE(p + 8) & 1) throw new ZipError(`${entry.name} is encrypted`);
    // Sizes and offset that overflow 32 bits are in the zip64 extra field, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = dir.readUInt16LE(e);
      const len = dir.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        if (entry.uncompressedSize === 0xffffffff) {
          entry.uncompressedSize = u64(dir, f);
          f += 8;
        }
        if (entry.compressedSize === 0xffffffff) {
          entry.compressedSize = u64(dir, f);
          f += 8;
        }
        if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = u64(dir, f);
      }
      e += 4 + len;
    }
    entries.push(entry);
    p = extraEnd + commentLength;
  }
  return entries;
}

// Room for the local extra field, whose length only the local header gives.
const LOCAL_EXTRA_GUESS = 256;

export async function readZipEntry(source: RandomAccess, entry: ZipEntry): Promise<Buffer> {
  const nameLength = Buffer.byteLength(entry.name, 'utf8');
  // One read for header and data in the usual case, so a remote wheel costs one request.
  const guess = Math.min(
    30 + nameLength + LOCAL_EXTRA_GUESS + entry.compressedSize,
    source.size - entry.localHeaderOffset,
  );
  const chunk = await readExactly(source, entry.localHeaderOffset, Math.max(30, guess));
  if (chunk.readUInt32LE(0) !== LOCAL) throw new ZipError(`${entry.name}: local header missing`);
  // The local extra field may differ in length from the central one.
  const skip = 30 + chunk.readUInt16LE(26) + chunk.readUInt16LE(28);
  const raw =
    skip + entry.compressedSize <= chunk.length
      ? chunk.subarray(skip, skip + entry.compressedSize)
      : await readExactly(source, entry.localHeaderOffset + skip, entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw);
    } catch (err) {
      throw new ZipError(`${entry.name}: deflate data is corrupt (${(err as Error).message})`);
    }
  } else throw new ZipError(`${entry.name}: compression method ${entry.method} is not supported`);
  if (data.length !== entry.uncompressedSize || crc32(data) >>> 0 !== entry.crc32) {
    throw new ZipError(`${entry.name}: size or CRC-32 does not match the central directory`);
  }
  return data;
}

/** The one entry whose name passes the test; throws when none or several do. */
export async function readOneZipEntry(
  source: RandomAccess,
  test: (name: string) => boolean,
  what: string,
): Promise<{ name: string; data: Buffer }> {
  const found = (await listZipEntries(source)).filter((e) => test(e.name));
  if (found.length !== 1) {
    throw new ZipError(
      `expected one ${what}, found ${found.length === 0 ? 'none' : found.map((e) => e.name).join(', ')}`,
    );
  }
  const entry = found[0] as ZipEntry;
  return { name: entry.name, data: await readZipEntry(source, entry) };
}
