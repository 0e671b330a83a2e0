import type { Logger } from '../../shared/logger/index.js';

/** The options every command takes, before its own. */
export interface GlobalOptions {
  workspace?: string;
  verbose?: boolean;
}

/**
 * What a command reads from the program that registers it. Apart from main.ts, which registers
 * every command, so that a command never imports the module that imports it.
 */
export interface CliContext {
  logger(): Logger;
  globals(): GlobalOptions;
}
