import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from '@jest/globals';
import { VERSION } from './version.js';

it('reports the version of package.json', () => {
  const pkg = JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'),
  );
  expect(VERSION).toBe(pkg.version);
});
