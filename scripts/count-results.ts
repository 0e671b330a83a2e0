// Prints the plain count of every test result that the runners wrote (jest's JSON and pytest's
// JUnit XML under .test-results/), so a CI run that executed no test is visible in its last line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.argv[2] ?? '.test-results');
let passed = 0;
let failed = 0;
let skipped = 0;
const files = existsSync(dir) ? readdirSync(dir).sort() : [];
for (const file of files) {
  const text = readFileSync(path.join(dir, file), 'utf8');
  if (file.endsWith('.json')) {
    const jest = JSON.parse(text) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      numRuntimeErrorTestSuites: number;
    };
    passed += jest.numPassedTests;
    // A suite that fails to load has no test results; count it so it cannot hide.
    failed += jest.numFailedTests + jest.numRuntimeErrorTestSuites;
    skipped += jest.numPendingTests + jest.numTodoTests;
  } else if (file.endsWith('.xml')) {
    for (const suite of text.matchAll(/<testsuite\b([^>]*)>/g)) {
      const attr = (name: string) =>
        Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite[1] ?? '')?.[1] ?? 0);
      const bad = attr('failures') + attr('errors');
      passed += attr('tests') - bad - attr('skipped');
      failed += bad;
      skipped += attr('skipped');
    }
  }
}
if (files.length === 0) failed += 1;
process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
