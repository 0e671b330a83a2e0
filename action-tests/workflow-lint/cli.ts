// By hand: `npx tsx action-tests/workflow-lint/cli.ts [FILE...]` lints the given files, or every
// shipped workflow and action, and exits 1 on any finding; `... cli.ts tools` installs the
// linters and prints their paths as shell variables (eval them to run the tools yourself).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../run-cli.js';
import { ensureLintTools, lintToolVersions } from './install.js';
import { formatFindings, lintWorkflows, shippedWorkflowFiles } from './lint.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main(args: string[]): Promise<number> {
  if (args[0] === 'tools') {
    const tools = await ensureLintTools();
    for (const [name, bin] of Object.entries(tools)) {
      console.log(`${name.toUpperCase()}=${bin}`);
    }
    console.log(`# versions: ${JSON.stringify(lintToolVersions)}`);
    return 0;
  }
  const files = args.length > 0 ? args : await shippedWorkflowFiles(root);
  const findings = await lintWorkflows(files);
  const cwd = process.cwd();
  console.log(`checked ${files.length} file(s) with actionlint and zizmor:`);
  for (const f of files) console.log(`  ${path.relative(cwd, f) || f}`);
  if (findings.length === 0) {
    console.log('no findings');
    return 0;
  }
  console.log(`${findings.length} finding(s):\n${formatFindings(findings, cwd)}`);
  return 1;
}

runCli(main, 2);
