import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Small but valid wheels for the local package index: uv installs them and resolves against
 * their METADATA, so tests exercise real resolution without PyPI's multi-gigabyte torch.
 */

export interface ZipInput {
  name: string;
  data: Buffer | string;
}

export interface ZipOptions {
  /** `deflate` (what real wheels use) or `store`; default deflate. */
  method?: 'deflate' | 'store';
}

// 1980-01-01 00:00, the zip epoch: fixed timestamps make the same wheel byte-identical every time.
const DOS_DATE = (1 << 5) | 1;
const DOS_TIME = 0;
const UTF8_NAMES = 0x0800;
// "made by" Unix, so the external attributes carry file modes (0644).
const MADE_BY_UNIX = (3 << 8) | 20;
const FILE_MODE = (0o100644 << 16) >>> 0;

/** A plain zip (no zip64, no data descriptors), entries in the order given. */
export function writeZip(entries: readonly ZipInput[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const deflate = (options.method ?? 'deflate') === 'deflate';
    const stored = deflate ? deflateRawSync(data) : data;
    const method = deflate ? 8 : 0;
    const crc = crc32(data) >>> 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, stored);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(FILE_MODE, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export interface WheelSpec {
  /** The project name as published (`torchvision`, `Leaf_Pkg`). */
  name: string;
  version: string;
  requiresPython?: string;
  /** PEP 508 lines, written as Requires-Dist. */
  requiresDist?: readonly string[];
  /** Importable top-level module; default the name with `-`/`.` as `_`, lowercased. */
  module?: string;
}

export interface BuiltWheel {
  filename: string;
  bytes: Buffer;
  /** Hex sha256 of the whole wheel, as an index lists it. */
  sha256: string;
  /** The METADATA text inside it (what PEP 658 would serve as `<wheel>.metadata`). */
  metadata: string;
}

/** PEP 427/491: the name part of a wheel file name. */
export function wheelNamePart(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '_');
}

function recordHash(data: Buffer): string {
  return `sha256=${createHash('sha256').update(data).digest('base64url')}`;
}

export function coreMetadata(spec: WheelSpec): string {
  const lines = ['Metadata-Version: 2.1', `Name: ${spec.name}`, `Version: ${spec.version}`];
  lines.push(`Summary: ${spec.name} built by MLEnv's test package index`);
  if (spec.requiresPython) lines.push(`Requires-Python: ${spec.requiresPython}`);
  for (const requirement of spec.requiresDist ?? []) lines.push(`Requires-Dist: ${requirement}`);
  return `${lines.join('\n')}\n\n`;
}

/** A py3-none-any wheel with a module that reports `__version__`. */
export function buildWheel(spec: WheelSpec): BuiltWheel {
  const part = wheelNamePart(spec.name);
  const module = spec.module ?? part;
  const distInfo = `${part}-${spec.version}.dist-info`;
  const metadata = coreMetadata(spec);
  const files: { name: string; data: Buffer }[] = [
    {
      name: `${module}/__init__.py`,
      data: Buffer.from(`__version__ = ${JSON.stringify(spec.version)}\n`),
    },
    { name: `${distInfo}/METADATA`, data: Buffer.from(metadata) },
    {
      name: `${distInfo}/WHEEL`,
      data: Buffer.from(
        'Wheel-Version: 1.0\nGenerator: mlenv-test-package-index\nRoot-Is-Purelib: true\nTag: py3-none-any\n\n',
      ),
    },
  ];
  const record = [
    ...files.map((f) => `${f.name},${recordHash(f.data)},${f.data.length}`),
    `${distInfo}/RECORD,,`,
  ].join('\n');
  files.push({ name: `${distInfo}/RECORD`, data: Buffer.from(`${record}\n`) });
  const bytes = writeZip(files);
  return {
    filename: `${part}-${spec.version}-py3-none-any.whl`,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    metadata,
  };
}
