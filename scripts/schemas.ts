// Writes the JSON Schemas of mlenv.yaml into schemas/; with --check, fails when they are stale.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jsonSchemas, SCHEMA_FILES } from '../shared/config/json-schema.js';

const dir = path.resolve(import.meta.dirname, '../schemas');
const check = process.argv.includes('--check');
const schemas = jsonSchemas();
let stale = 0;
for (const [key, file] of Object.entries(SCHEMA_FILES)) {
  const target = path.join(dir, file);
  const text = `${JSON.stringify(schemas[key as keyof typeof SCHEMA_FILES], null, 2)}\n`;
  if (!check) {
    await writeFile(target, text);
    continue;
  }
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== text) {
    stale++;
    process.stderr.write(`schemas/${file} is stale: run npm run schemas\n`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
