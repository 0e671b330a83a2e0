import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../errors/index.js';

// Apart from workspace.ts so that finding the root loads no YAML parser, schema or glob library:
// an action says what it is about to do before it loads them.

export const CONFIG_FILE = 'mlenv.yaml';

/** Finds the nearest enclosing directory whose mlenv.yaml says `kind: Workspace`. */
export async function findWorkspaceRoot(start: string): Promise<string> {
  let dir = path.resolve(start);
  for (;;) {
    const file = path.join(dir, CONFIG_FILE);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined && /^kind:\s*["']?Workspace["']?\s*(#.*)?$/m.test(text)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new ConfigurationError(
        `No ${CONFIG_FILE} with "kind: Workspace" in ${path.resolve(start)} or any parent directory. ` +
          'Run mlenv inside a workspace or pass --workspace DIR.',
      );
    }
    dir = parent;
  }
}
