import { z } from 'zod';
import { projectSchema, workspaceSchema } from './schema.js';

export const SCHEMA_FILES = {
  mlenv: 'mlenv.schema.json',
  workspace: 'workspace.schema.json',
  project: 'project.schema.json',
} as const;

/**
 * JSON Schemas for editors. `io: 'input'` describes what users write (defaults make keys
 * optional); both kinds share the file name mlenv.yaml, so the combined schema picks by `kind`.
 */
export function jsonSchemas(): Record<keyof typeof SCHEMA_FILES, object> {
  const options = { io: 'input', unrepresentable: 'any' } as const;
  const describe = (schema: object, title: string): object => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title,
    ...schema,
  });
  const strip = ({ $schema: _, ...rest }: Record<string, unknown>) => rest;
  return {
    mlenv: describe(
      strip(
        z.toJSONSchema(z.discriminatedUnion('kind', [workspaceSchema, projectSchema]), options),
      ),
      'MLEnv mlenv.yaml (Workspace or Project)',
    ),
    workspace: describe(strip(z.toJSONSchema(workspaceSchema, options)), 'MLEnv Workspace'),
    project: describe(strip(z.toJSONSchema(projectSchema, options)), 'MLEnv Project'),
  };
}
