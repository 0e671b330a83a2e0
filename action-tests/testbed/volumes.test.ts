import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { hostPathRoot, provisionedDirs } from './volumes.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'volumes-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('provisionedDirs', () => {
  test('finds every provisioned path in etcd-like binary files, once, and nothing else', () => {
    const a = 'e3b0c442-98fc-4c14-9afb-f4c8996fb924';
    const b = '0b1f3a52-6c1d-4d7e-8a1e-2f9c3b4d5e6f';
    const etcd = path.join(tmp, 'etcd');
    fs.mkdirSync(path.join(etcd, 'member', 'wal'), { recursive: true });
    fs.mkdirSync(path.join(etcd, 'member', 'snap'), { recursive: true });
    const bin = (s: string) => Buffer.concat([Buffer.from([0, 0xff, 0x12]), Buffer.from(s)]);
    fs.writeFileSync(
      path.join(etcd, 'member', 'wal', '0.wal'),
      Buffer.concat([bin(`${hostPathRoot}/${a}`), bin(`${hostPathRoot}/${a}`)]),
    );
    fs.writeFileSync(
      path.join(etcd, 'member', 'snap', 'db'),
      Buffer.concat([
        bin(`x${hostPathRoot}/${b}\u0000`),
        // Not a provisioner UUID: someone's own hostPath PV under the same root.
        bin(`${hostPathRoot}/../../etc/passwd-0000-0000-0000-000000000000`),
        bin(`${hostPathRoot}/short`),
      ]),
    );
    expect(provisionedDirs(etcd)).toEqual([`${hostPathRoot}/${b}`, `${hostPathRoot}/${a}`].sort());
  });

  test('no etcd dir: nothing', () => {
    expect(provisionedDirs(path.join(tmp, 'absent'))).toEqual([]);
  });
});
