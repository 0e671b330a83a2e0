import { Command, CommanderError } from 'commander';
import { isUserFacingError, OptionError } from '../../shared/errors/index.js';
import { createConsoleLogger } from '../../shared/logger/index.js';
import { GLOBAL_OPTIONS } from '../../shared/options/global.js';
import { registerAffected } from './commands/affected.js';
import { registerCheck } from './commands/check.js';
import { registerEnvironment } from './commands/environment.js';
import { registerGpu } from './commands/gpu.js';
import { registerInit } from './commands/init.js';
import { registerMlflow } from './commands/mlflow.js';
import { registerProjects } from './commands/projects.js';
import { registerPromote } from './commands/promote.js';
import { registerReap } from './commands/reap.js';
import { registerSchema } from './commands/schema.js';
import { registerTrain } from './commands/train.js';
import { registerUpgrade } from './commands/upgrade.js';
import { registerValidate } from './commands/validate.js';
import type { CliContext, GlobalOptions } from './context.js';
import { addOptions, flagLabel } from './options.js';
import { VERSION } from './version.js';

export function buildProgram(): Command {
  const program = new Command('mlenv')
    .description(
      'One ML engine for your monorepo: shared environment, checks, training, promotion, upgrades.',
    )
    .version(VERSION)
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: false });
  addOptions(program, GLOBAL_OPTIONS);

  // With --json, stdout carries the JSON document alone, so that it can be piped to jq.
  let jsonOutput = false;
  program.hook('preAction', (_program, command) => {
    jsonOutput = command.opts().json === true;
  });
  const context: CliContext = {
    globals: () => program.opts<GlobalOptions>(),
    logger: () =>
      createConsoleLogger({
        verbose: program.opts<GlobalOptions>().verbose,
        out: jsonOutput ? process.stderr : process.stdout,
      }),
  };
  registerValidate(program, context);
  registerTrain(program, context);
  registerReap(program, context);
  registerMlflow(program, context);
  registerPromote(program, context);
  registerEnvironment(program, context);
  registerGpu(program, context);
  registerInit(program, context);
  registerProjects(program, context);
  registerAffected(program, context);
  registerCheck(program, context);
  registerUpgrade(program, context);
  registerSchema(program, context);
  return program;
}

/**
 * Runs the CLI; user mistakes and outside failures (a service down, a lease held) print their
 * message without a stack trace and exit 1, internal errors exit 2.
 */
export async function run(argv: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (isUserFacingError(error)) {
      // A core error about an option names it as the user typed it: `--backend`.
      const message = error instanceof OptionError ? error.labelled(flagLabel) : error.message;
      process.stderr.write(`${message}\n`);
      if (process.env.MLENV_DEBUG && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(
      `mlenv: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  }
}
