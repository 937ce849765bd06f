// One CLI subcommand. Each command parses its own flags with `parseFlags` (cli/flags.ts) and
// reports bad input by throwing UsageError: the entry point prints its message on one line
// and exits with the code exit-codes.ts gives it, so scripts on a jump host get a clear reason
// instead of a stack trace.

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Rewrites the current status line in place on a TTY, or prints it otherwise. */
  status: (line: string) => void;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user presses Ctrl-C (SIGINT) or SIGTERM arrives. */
  interrupted: Promise<void>;
}

export interface CliCommand {
  name: string;
  /** One line for `backflow --help`. */
  summary: string;
  /** Full usage text for `backflow <name> --help`. */
  usage: string;
  /** Returns the process exit code: EXIT.ok or EXIT.failed (exit-codes.ts); errors are thrown. */
  run(argv: string[], io: CliIo): Promise<number>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}
