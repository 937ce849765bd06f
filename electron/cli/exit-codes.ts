// The `backflow` exit codes, one table for every command (the README's "Exit codes" lists it).
// Commands return EXIT.ok or EXIT.failed; errors they throw are mapped here, once, by
// exitCodeOf, so the same bad file exits with the same code whichever command read it.

import { SessionFileError, type SessionFileErrorKind } from '../session/errors';
import { UsageError } from './command';

export const EXIT = {
  /** Done (a recording stopped by Ctrl-C or --duration also counts as done). */
  ok: 0,
  /** The command ran and failed: a recording stopped on an error, a port in use, anything unexpected. */
  failed: 1,
  /** The command line is wrong: unknown command or option, a missing or bad value. */
  usage: 2,
  /** The session file cannot be used: missing, unreadable, read-only, not a session, damaged, too new. */
  sessionFile: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Kinds that say the file itself is unusable (the others happen while working with a good file). */
const FILE_KINDS: ReadonlySet<SessionFileErrorKind> = new Set([
  'missing',
  'exists',
  'foreign',
  'not-session',
  'newer-format',
  'migration-changed',
  'corrupt',
  'unreadable',
  'read-only',
]);

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof SessionFileError && FILE_KINDS.has(error.kind)) return EXIT.sessionFile;
  return EXIT.failed;
}
