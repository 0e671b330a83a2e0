import { tsImport } from 'tsx/esm/api';

// Left running by default so the next test run starts warm; CI sets MLENV_TESTBED_DOWN=1.
// Loads the bed's code through tsx for the same reason as global-setup.ts.
export default async function teardownTestbed(): Promise<void> {
  if (process.env.MLENV_TESTBED_DOWN !== '1') return;
  const { runTestbedCommand } = (await tsImport(
    './testbed-command.ts',
    import.meta.url,
  )) as typeof import('./testbed-command.js');
  runTestbedCommand('down');
}
