// Entry point of the `backflow` CLI (bin/backflow.mjs loads the bundle of this file).
import { APP_VERSION } from '../version';
import type { CliIo } from './command';
import { COMMANDS } from './commands/index';
import { EXIT, exitCodeOf } from './exit-codes';
import { processIo } from './io';
import { errorText } from '../../shared/error-text';

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `backflow ${APP_VERSION}: a flight recorder for Apache Flink backpressure`,
    '',
    'Usage: backflow <command> [options]   (backflow <command> --help for details)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.out(APP_VERSION);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`backflow: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const code = exitCodeOf(error);
    io.err(`backflow ${name}: ${errorText(error)}`);
    if (code === EXIT.failed && io.env.BACKFLOW_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return code;
  }
}

/**
 * Exits once everything written to stdout/stderr has reached the OS: writes to a pipe are
 * asynchronous, and exiting right away would cut `analyze --json | jq` off at 64 KiB.
 */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

// Run only when this file is the process entry (the bundle), not when imported by tests.
const isEntry =
  typeof process !== 'undefined' && process.argv[1] !== undefined && /backflow(\.mjs)?$/.test(process.argv[1]);
if (isEntry) {
  const io = processIo();
  runCli(process.argv.slice(2), io).then(
    (code) => exitAfterOutput(code),
    (error: unknown) => {
      io.err(`backflow: ${String(error)}`);
      exitAfterOutput(EXIT.failed);
    },
  );
}
