import type { CliCommand } from '../command';
import { analyzeCommand } from './analyze';
import { compareCommand } from './compare';
import { demoCommand } from './demo';
import { importCommand } from './import';
import { infoCommand } from './info';
import { recordCommand } from './record';
import { reportCommand } from './report';
import { serveCommand } from './serve';
import { simulateCommand } from './simulate';

/** Every `backflow` subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  recordCommand,
  demoCommand,
  importCommand,
  infoCommand,
  analyzeCommand,
  compareCommand,
  reportCommand,
  serveCommand,
  simulateCommand,
];
