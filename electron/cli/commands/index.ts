import type { CliCommand } from '../command';

/** Every `backflow` subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [];
