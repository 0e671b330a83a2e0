import type { Command } from 'commander';
import { jsonSchemas } from '../../../shared/config/json-schema.js';
import type { CliContext } from '../context.js';

export function registerSchema(program: Command, _context: CliContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of mlenv.yaml (for yaml-language-server and other editors)')
    .option('--kind <kind>', 'Workspace, Project, or both (default)', 'both')
    .action((options: { kind: string }) => {
      const schemas = jsonSchemas();
      const key =
        options.kind === 'Workspace'
          ? 'workspace'
          : options.kind === 'Project'
            ? 'project'
            : 'mlenv';
      process.stdout.write(`${JSON.stringify(schemas[key], null, 2)}\n`);
    });
}
