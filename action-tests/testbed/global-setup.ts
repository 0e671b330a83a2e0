import { tsImport } from 'tsx/esm/api';

// jest globalSetup. jest loads this file with Node's own ESM loader, which neither maps the `.js`
// specifiers of our TypeScript modules nor compiles them, so the bed's code comes in through tsx.
// On a warm bed this is a health check of a few seconds.
export default async function setupTestbed(): Promise<void> {
  const { runTestbedCommand } = (await tsImport(
    './testbed-command.ts',
    import.meta.url,
  )) as typeof import('./testbed-command.js');
  runTestbedCommand('up');
}
