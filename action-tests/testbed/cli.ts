import { runCli } from '../run-cli.js';
import { down } from './down.js';
import { printEnv } from './env.js';
import { stateDir } from './paths.js';
import { status } from './status.js';
import { testbedFile } from './testbed.js';
import { up } from './up.js';

const usage =
  'usage: npm run testbed -- up | down [--purge] | status | env [--admin]\n' +
  '  env: export lines for a shell: eval "$(npm run -s testbed -- env)"';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'up':
      await up();
      return 0;
    case 'down':
      await down({ purge: rest.includes('--purge') });
      return 0;
    case 'env':
      printEnv({ admin: rest.includes('--admin') });
      return 0;
    case 'status': {
      const rows = status();
      for (const row of rows) {
        const pid = row.pid ? ` pid ${row.pid}` : '';
        console.log(`${row.name.padEnd(24)} ${row.state.padEnd(8)} ${row.address ?? ''}${pid}`);
      }
      console.log(`state: ${stateDir()}  addresses: ${testbedFile()}`);
      return rows.every((r) => r.state === 'running') ? 0 : 3;
    }
    default:
      console.error(usage);
      return 2;
  }
}

runCli(main);
