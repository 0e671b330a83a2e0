import { errorMessage } from '../shared/errors/index.js';

// The test tooling's scripts (test bed, fake GitHub server, workflow lint) end alike: main's code
// is the exit code; a throw prints its message alone, no stack, and exits with `failureCode`.
export function runCli(main: (argv: string[]) => Promise<number>, failureCode = 1): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(errorMessage(err));
      process.exitCode = failureCode;
    },
  );
}
